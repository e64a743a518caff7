"""Errors the normalizer raises, each with a stable code the API maps to a problem type.

NormalizeError
├── EmptyDocumentError        the document has no visible text at all
├── AmbiguousInputError       both or neither of ``text`` and ``html``
└── ExtractionTimeoutError    a stage ran past the per-document time budget
"""

from __future__ import annotations


class NormalizeError(Exception):
    """Base class: a well-formed request that cannot be normalized."""

    code = "normalize_error"


class EmptyDocumentError(NormalizeError):
    """Raised when the document is empty or only whitespace."""

    code = "empty_document"


class AmbiguousInputError(NormalizeError):
    """Raised when a document carries both ``text`` and ``html``, or neither."""

    code = "ambiguous_input"


class ExtractionTimeoutError(NormalizeError):
    """Raised when a document cannot be processed within its time budget."""

    code = "timeout"
