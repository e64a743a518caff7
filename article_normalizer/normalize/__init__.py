"""The pure normalization core: text or HTML in, a typed :class:`Article` out.

No web framework, no environment, no network and no clock: the reference time is an argument.
"""

from article_normalizer.normalize.errors import (
    AmbiguousInputError,
    EmptyDocumentError,
    ExtractionTimeoutError,
    NormalizeError,
)
from article_normalizer.normalize.models import (
    Article,
    Byline,
    Dateline,
    Outlet,
    RawDocument,
    RemovedBlock,
)
from article_normalizer.normalize.pipeline import DEFAULT_LIMITS, Limits, normalize, normalize_text

__all__ = [
    "DEFAULT_LIMITS",
    "AmbiguousInputError",
    "Article",
    "Byline",
    "Dateline",
    "EmptyDocumentError",
    "ExtractionTimeoutError",
    "Limits",
    "NormalizeError",
    "Outlet",
    "RawDocument",
    "RemovedBlock",
    "normalize",
    "normalize_text",
]
