"""Article normalization: scraped news pages (text or HTML) in, one clean structured article out.

The Python API (see :mod:`service.library`)::

    from service import Normalizer

    article = Normalizer().normalize({"text": page_text, "url": "https://example.com/a"})
    print(article.title, article.published, article.body)

The same pipeline serves the REST API (:mod:`service.api`) and the ``article-normalizer``
command line (:mod:`service.cli`).

The names below load on first use, so ``import service`` (the gunicorn master, the fork
server, ``--version``) does not import the pipeline before it needs it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from service.api.documents import BatchEntry
    from service.api.problems import Problem
    from service.execution import WorkerCrashedError
    from service.library import (
        DocumentTooLargeError,
        InvalidDocumentError,
        Normalizer,
        Source,
        Unreadable,
    )
    from service.normalize import (
        AmbiguousInputError,
        Article,
        Byline,
        Dateline,
        EmptyDocumentError,
        ExtractionTimeoutError,
        NormalizeError,
        Outlet,
        RawDocument,
        RemovedBlock,
    )
    from service.version import BuildInfo, __version__, build_info

_LAZY = {
    "BatchEntry": "service.api.documents",
    "Problem": "service.api.problems",
    "WorkerCrashedError": "service.execution",
    "DocumentTooLargeError": "service.library",
    "InvalidDocumentError": "service.library",
    "Normalizer": "service.library",
    "Source": "service.library",
    "Unreadable": "service.library",
    "AmbiguousInputError": "service.normalize",
    "Article": "service.normalize",
    "Byline": "service.normalize",
    "Dateline": "service.normalize",
    "EmptyDocumentError": "service.normalize",
    "ExtractionTimeoutError": "service.normalize",
    "NormalizeError": "service.normalize",
    "Outlet": "service.normalize",
    "RawDocument": "service.normalize",
    "RemovedBlock": "service.normalize",
    "BuildInfo": "service.version",
    "__version__": "service.version",
    "build_info": "service.version",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'service' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "AmbiguousInputError",
    "Article",
    "BatchEntry",
    "BuildInfo",
    "Byline",
    "Dateline",
    "DocumentTooLargeError",
    "EmptyDocumentError",
    "ExtractionTimeoutError",
    "InvalidDocumentError",
    "NormalizeError",
    "Normalizer",
    "Outlet",
    "Problem",
    "RawDocument",
    "RemovedBlock",
    "Source",
    "Unreadable",
    "WorkerCrashedError",
    "__version__",
    "build_info",
]
