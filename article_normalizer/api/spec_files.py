"""The committed copy of the API contract: ``openapi/openapi.{json,yaml}``.

``python -m article_normalizer.api.spec_files`` (``make openapi``) writes them from the app; a
test fails when they differ from what the app serves, so clients generating code from the
repository get the contract the server keeps. Apart from :mod:`article_normalizer.api.openapi`
because it builds the whole app, which itself takes its OpenAPI configuration from there.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from article_normalizer.api.app import create_app
from article_normalizer.api.openapi import patch_spec, to_json, to_yaml
from article_normalizer.serving.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC_DIR = REPO_ROOT / "openapi"


def generate(settings: Settings | None = None) -> dict[str, Any]:
    """The full document the app serves, for the given settings (defaults: the committed one)."""
    settings = settings or Settings()
    application = create_app(settings, warm=False)
    return patch_spec(application.openapi_schema.to_schema(), settings)


def main(argv: list[str] | None = None) -> int:
    """Write ``openapi/openapi.json`` and ``openapi/openapi.yaml`` (``make openapi``)."""
    out = Path(argv[0]) if argv else SPEC_DIR
    out.mkdir(parents=True, exist_ok=True)
    spec = generate()
    (out / "openapi.json").write_text(to_json(spec), encoding="utf-8")
    (out / "openapi.yaml").write_text(to_yaml(spec), encoding="utf-8")
    print(f"wrote {out / 'openapi.json'} and {out / 'openapi.yaml'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
