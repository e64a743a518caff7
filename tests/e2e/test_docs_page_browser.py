"""The docs page renders in a real browser with nothing but the server reachable.

Headless Chromium loads ``/schema`` with every host name but the server's failing to resolve,
so a script or stylesheet fetched from anywhere else would leave the page blank. The DOM it
dumps must hold the rendered operations and schemas (Swagger UI ran). Skipped where Chromium
is not installed (``apt-get install chromium`` on Debian).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e

_BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_BROWSER is None, reason="chromium is not installed")
def test_docs_page_renders_offline_in_chromium(server: Server, tmp_path: Path) -> None:
    assert _BROWSER is not None
    dumped = subprocess.run(
        [
            _BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            "--virtual-time-budget=15000",
            "--dump-dom",
            f"{server.url}/schema",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    # The spec is inlined in a script; only what Swagger UI rendered counts.
    dom = re.sub(r"<script.*?</script>", "", dumped.stdout, flags=re.S)
    assert 'class="swagger-ui' in dom, dumped.stderr[-2000:]
    for rendered in ("opblock", "/v1/normalize/batch", "BlockKind", "WarningCode"):
        assert rendered in dom, rendered
