"""Article normalization: scraped news pages (text or HTML) in, one clean structured article out.

The Python API (see :mod:`article_normalizer.library`)::

    from article_normalizer import Normalizer

    article = Normalizer().normalize({"text": page_text, "url": "https://example.com/a"})
    print(article.title, article.published, article.body)

The same pipeline serves the REST API (:mod:`article_normalizer.api`) and the ``article-normalizer``
command line (:mod:`article_normalizer.cli`).

The names below load on first use, so ``import article_normalizer`` (the gunicorn master, the fork
server, ``--version``) does not import the pipeline before it needs it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from article_normalizer.library import (
        DocumentTooLargeError,
        InvalidDocumentError,
        Normalizer,
        Source,
        Unreadable,
    )
    from article_normalizer.normalize import (
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
    from article_normalizer.serving.documents import BatchEntry
    from article_normalizer.serving.execution import WorkerCrashedError
    from article_normalizer.serving.problems import Problem
    from article_normalizer.version import BuildInfo, __version__, build_info

_LAZY = {
    "BatchEntry": "article_normalizer.serving.documents",
    "Problem": "article_normalizer.serving.problems",
    "WorkerCrashedError": "article_normalizer.serving.execution",
    "DocumentTooLargeError": "article_normalizer.library",
    "InvalidDocumentError": "article_normalizer.library",
    "Normalizer": "article_normalizer.library",
    "Source": "article_normalizer.library",
    "Unreadable": "article_normalizer.library",
    "AmbiguousInputError": "article_normalizer.normalize",
    "Article": "article_normalizer.normalize",
    "Byline": "article_normalizer.normalize",
    "Dateline": "article_normalizer.normalize",
    "EmptyDocumentError": "article_normalizer.normalize",
    "ExtractionTimeoutError": "article_normalizer.normalize",
    "NormalizeError": "article_normalizer.normalize",
    "Outlet": "article_normalizer.normalize",
    "RawDocument": "article_normalizer.normalize",
    "RemovedBlock": "article_normalizer.normalize",
    "BuildInfo": "article_normalizer.version",
    "__version__": "article_normalizer.version",
    "build_info": "article_normalizer.version",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'article_normalizer' has no attribute {name!r}")
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
