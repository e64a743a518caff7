"""One version for everything a client can see, and the versions of what decides an answer.

The package version is the one in ``pyproject.toml`` (read from the installed distribution's
metadata, so there is one place to bump it). The API spec's ``info.version``, ``GET /version``,
the ``normalizer_build_info`` metric and ``article-normalizer --version`` all report it.

Two articles for the same page differ when the code, the line model or the rules data differ,
so a build names all three: the model's version and training commit come from the model file
itself (it records its own provenance), and the rules version is a digest of every rules data
file, so any edit to a lexicon or pattern shows without anyone remembering to bump a number.
Free of web imports: the CLI, the library and the API share it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from importlib.resources.abc import Traversable

DISTRIBUTION = "article-normalizer"
"""The distribution name in ``pyproject.toml`` (and on the console script)."""

_RULES_PACKAGE = "article_normalizer.rules"
_MODEL_PACKAGE = "article_normalizer.normalize.lines"
_MODEL_FILE = "model/line-classifier.json"
_RULES_DIGEST_CHARS = 12
"""Enough hex digits of the digest to tell rule sets apart at a glance."""


def package_version() -> str:
    """The installed distribution's version; ``0+unknown`` when run from a bare source tree."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "0+unknown"


def __getattr__(name: str) -> str:
    # ``__version__`` is looked up on first use: reading the distribution's metadata scans
    # the import path, a cost a command-line run that never prints it should not pay.
    if name == "__version__":
        return _cached_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _cached_version() -> str:
    return package_version()


@dataclass(frozen=True, slots=True)
class BuildInfo:
    """What produced an answer: the package, the line model and the rules data."""

    version: str
    model_version: str
    model_feature_version: int
    model_commit: str
    rules_version: str


@cache
def build_info() -> BuildInfo:
    """The build's versions, read once per process (the model header and rules digest)."""
    model = json.loads(resources.files(_MODEL_PACKAGE).joinpath(_MODEL_FILE).read_bytes())
    provenance = model.get("provenance") or {}
    return BuildInfo(
        version=_cached_version(),
        model_version=str(model.get("version", "unknown")),
        model_feature_version=int(model.get("feature_version", 0)),
        model_commit=str(provenance.get("training_code_commit") or "unknown")[:12],
        rules_version=rules_digest(),
    )


def rules_digest(root: Traversable | None = None) -> str:
    """A digest of every rules data file under ``root`` (default: the package's rules data),
    over their paths and bytes in path order."""
    root = root or resources.files(_RULES_PACKAGE).joinpath("data")
    digest = hashlib.sha256()
    for path, data in sorted(_data_files(root, "")):
        digest.update(path.encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()[:_RULES_DIGEST_CHARS]


def _data_files(node: Traversable, prefix: str) -> list[tuple[str, bytes]]:
    files: list[tuple[str, bytes]] = []
    for child in node.iterdir():
        name = f"{prefix}{child.name}"
        if child.is_dir():
            files.extend(_data_files(child, name + "/"))
        elif child.name.endswith((".toml", ".json")):
            files.append((name, child.read_bytes()))
    return files
