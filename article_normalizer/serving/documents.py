"""One document at a time: decode, validate, normalize, and report an article or a problem.

Shared by the single, batch and NDJSON endpoints and by the CLI, so a document gets the same
answer whichever way it came in. Free of litestar; the web layer only adds HTTP around it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

import msgspec
from msgspec import Meta, Struct

from article_normalizer.normalize import Article, NormalizeError, RawDocument, normalize
from article_normalizer.normalize.models import WarningCode
from article_normalizer.serving.decoding import INVALID_BYTES_REPLACED, decode_with
from article_normalizer.serving.problems import (
    DOCUMENT_TOO_LARGE,
    INVALID_DOCUMENT,
    INVALID_JSON,
    Problem,
    from_decode_error,
    from_normalize_error,
    from_validation_error,
    problem,
)

Normalizer = Callable[[RawDocument, datetime], Article]
"""How a document is run: the plain pipeline, or one wrapped in a time budget."""


class BatchEntry(Struct, kw_only=True, omit_defaults=True):
    """The outcome for one input document, at its input position."""

    index: Annotated[
        int,
        Meta(ge=0, description="Position of the document in the input (0-based).", examples=[0]),
    ]
    id: Annotated[
        str | None,
        Meta(
            description="The document's `id`, echoed (null when absent or unreadable).",
            examples=["doc-42"],
        ),
    ]
    ok: Annotated[
        bool, Meta(description="True with `article`, false with `error`.", examples=[True])
    ]
    article: Annotated[
        Article | None,
        Meta(
            description="The normalized article, when `ok` is true.",
            examples=[{"id": "doc-42", "title": "Ministers hail cooperation", "body": "..."}],
        ),
    ] = None
    error: Annotated[
        Problem | None,
        Meta(
            description="Why this document alone was not normalized, when `ok` is false.",
            examples=[
                {
                    "type": "urn:article-normalizer:problem:empty_document",
                    "title": "Document has no visible text",
                    "status": 422,
                    "detail": "the document is empty or contains only whitespace",
                }
            ],
        ),
    ] = None


class BatchResponse(Struct, kw_only=True):
    """One entry per input document, in input order."""

    results: Annotated[
        list[BatchEntry],
        Meta(
            description="Exactly one entry per input document, in input order.",
            examples=[[{"index": 0, "id": "doc-42", "ok": True, "article": {"title": "..."}}]],
        ),
    ]


class BatchEnvelope(Struct, forbid_unknown_fields=True):
    """The outer shape of a batch; documents stay raw so each one is decoded on its own."""

    documents: list[msgspec.Raw]


_document_decoder = msgspec.json.Decoder(RawDocument)
_id_decoder = msgspec.json.Decoder(dict[str, Any])


class DocumentFailure(Exception):
    """A document that cannot become an article; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.detail)
        self.problem = problem


def parse_document(
    data: bytes | memoryview, *, max_bytes: int, prefix: str = "$"
) -> tuple[RawDocument, list[WarningCode]]:
    """Decode one JSON document, with warnings from replacing invalid UTF-8.

    Raises :class:`DocumentFailure` with a 413 problem when over ``max_bytes`` and a 400 one
    naming the field when the JSON is malformed or does not fit :class:`RawDocument`.
    """
    if len(data) > max_bytes:
        raise DocumentFailure(
            problem(
                DOCUMENT_TOO_LARGE,
                f"expected a document of at most {max_bytes} bytes, got {len(data)} bytes",
            )
        )
    decoded = decode_with(bytes(data), "utf-8")
    try:
        doc = _document_decoder.decode(decoded.text)
    except msgspec.ValidationError as exc:
        raise DocumentFailure(from_validation_error(exc, prefix=prefix)) from None
    except msgspec.DecodeError as exc:
        raise DocumentFailure(from_decode_error(exc)) from None
    except RecursionError:
        raise DocumentFailure(too_deep()) from None
    check_reference_time(doc.reference_time, field=f"{prefix}.reference_time")
    return doc, decoded.warnings


def too_deep() -> Problem:
    """JSON nested deeper than the decoder goes (msgspec stops at Python's recursion limit,
    about a thousand levels); no document this service takes nests more than a few."""
    return problem(
        INVALID_JSON, "expected a JSON document nested a few levels deep; this one nests too deep"
    )


REFERENCE_YEARS = (1900, 2199)
"""Scrape times outside these years are mistakes, and date arithmetic near the ends of the
calendar overflows: they are refused as invalid input."""

_YEAR = r"(?:19|20|21)\d{2}"
_LEAP_YEAR = r"(?:(?:19|20|21)(?:0[48]|[2468][048]|[13579][26])|2000)"
_DATE = (
    rf"(?:{_YEAR}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)"
    rf"|(?:0[13578]|1[02])-31)|{_LEAP_YEAR}-02-29)"
)
RFC3339_PATTERN = (
    rf"^{_DATE}[Tt ](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{{1,9}})?"
    r"(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)?$"
)
"""What the API accepts as a reference time, as a regular expression for the OpenAPI spec:
RFC 3339 date-time (offset optional, then UTC is not assumed) within :data:`REFERENCE_YEARS`."""


def check_reference_time(value: datetime | None, *, field: str) -> None:
    """Raise :class:`DocumentFailure` (400) for a reference time outside the accepted years."""
    low, high = REFERENCE_YEARS
    if value is not None and not low <= value.year <= high:
        raise DocumentFailure(
            problem(
                INVALID_DOCUMENT,
                f"expected a reference_time between the years {low} and {high}; got {value.year}",
                field=field,
            )
        )


def peek_id(data: bytes | memoryview) -> str | None:
    """The ``id`` of a document that failed validation, when it still has a readable one."""
    try:
        value = _id_decoder.decode(bytes(data)).get("id")
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError, RecursionError):
        return None
    return value if isinstance(value, str) else None


def run_document(
    doc: RawDocument,
    now: datetime,
    normalizer: Normalizer,
    warnings: list[WarningCode] | None = None,
) -> Article:
    """Normalize ``doc``, adding decoding warnings; raises :class:`DocumentFailure`."""
    try:
        article = normalizer(doc, now)
    except NormalizeError as exc:
        raise DocumentFailure(from_normalize_error(exc)) from None
    return with_warnings(article, warnings or [])


def with_warnings(article: Article, warnings: list[WarningCode]) -> Article:
    """The article with ``warnings`` added in front (decoding happened before the pipeline)."""
    if not warnings:
        return article
    merged = list(dict.fromkeys([*warnings, *article.warnings]))
    return msgspec.structs.replace(article, warnings=merged)


def entry_for(
    index: int,
    data: bytes | memoryview,
    *,
    now: datetime,
    normalizer: Normalizer,
    max_bytes: int,
) -> tuple[BatchEntry, str]:
    """The batch entry for one raw JSON document, and its input kind (text, html, unknown).

    Never raises for anything the input holds: every failure becomes the entry's ``error``.
    """
    try:
        doc, warnings = parse_document(data, max_bytes=max_bytes)
    except DocumentFailure as failure:
        return BatchEntry(index=index, id=peek_id(data), ok=False, error=failure.problem), "unknown"
    kind = "html" if doc.html is not None else "text" if doc.text is not None else "unknown"
    try:
        article = run_document(doc, now, normalizer, warnings)
    except DocumentFailure as failure:
        return BatchEntry(index=index, id=doc.id, ok=False, error=failure.problem), kind
    return BatchEntry(index=index, id=doc.id, ok=True, article=article), kind


def plain_normalizer(doc: RawDocument, now: datetime) -> Article:
    """The pipeline with no time budget (the CLI, and the base the budgeted runner wraps)."""
    return normalize(doc, now=now)


__all__ = [
    "INVALID_BYTES_REPLACED",
    "BatchEntry",
    "BatchEnvelope",
    "BatchResponse",
    "DocumentFailure",
    "Normalizer",
    "entry_for",
    "parse_document",
    "peek_id",
    "plain_normalizer",
    "run_document",
    "too_deep",
    "with_warnings",
]
