"""Article normalization: scraped news pages (text or HTML) in, one clean structured article out.

The Python API (see :mod:`service.library`)::

    from service import Normalizer

    article = Normalizer().normalize({"text": page_text, "url": "https://example.com/a"})
    print(article.title, article.published, article.body)

The same pipeline serves the REST API (:mod:`service.api`) and the ``article-normalizer``
command line (:mod:`service.cli`).
"""

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
