"""RFC 9457 problem details: one stable ``type`` per error kind, shared by the API and the CLI.

Free of litestar on purpose: batch entries, NDJSON lines and the CLI report the same problems
without importing the web framework.
"""

from __future__ import annotations

import re
from typing import Annotated

import msgspec
from msgspec import Meta, Struct

from service.normalize.errors import NormalizeError

PROBLEM_MEDIA_TYPE = "application/problem+json"
_TYPE_PREFIX = "urn:article-normalizer:problem:"


class ProblemKind(Struct, frozen=True, kw_only=True):
    """One kind of error: the pieces of a problem that do not depend on the request."""

    code: str
    status: int
    title: str

    @property
    def type(self) -> str:
        return _TYPE_PREFIX + self.code


INVALID_JSON = ProblemKind(code="invalid_json", status=400, title="Body is not valid JSON")
INVALID_DOCUMENT = ProblemKind(
    code="invalid_document", status=400, title="Document does not match the schema"
)
INVALID_PARAMETER = ProblemKind(
    code="invalid_parameter", status=400, title="Query parameter is invalid"
)
INVALID_BATCH = ProblemKind(
    code="invalid_batch", status=400, title="Body is not a batch of documents"
)
NOT_FOUND = ProblemKind(code="not_found", status=404, title="No such resource")
METHOD_NOT_ALLOWED = ProblemKind(
    code="method_not_allowed", status=405, title="Method not allowed on this resource"
)
NOT_ACCEPTABLE = ProblemKind(
    code="not_acceptable", status=406, title="Cannot produce that media type"
)
REQUEST_TIMEOUT = ProblemKind(
    code="request_timeout", status=408, title="Request body not received in time"
)
DOCUMENT_TOO_LARGE = ProblemKind(
    code="document_too_large", status=413, title="Document or body is too large"
)
TOO_MANY_DOCUMENTS = ProblemKind(
    code="too_many_documents", status=413, title="Batch has too many documents"
)
UNSUPPORTED_MEDIA_TYPE = ProblemKind(
    code="unsupported_media_type", status=415, title="Unsupported content type or charset"
)
EMPTY_DOCUMENT = ProblemKind(
    code="empty_document", status=422, title="Document has no visible text"
)
AMBIGUOUS_INPUT = ProblemKind(
    code="ambiguous_input", status=422, title="Document needs exactly one of text and html"
)
TIMEOUT = ProblemKind(
    code="timeout", status=422, title="Document could not be normalized within its time budget"
)
WORKER_CRASHED = ProblemKind(
    code="worker_crashed", status=422, title="Processing the document failed in its worker"
)
UNPROCESSABLE = ProblemKind(
    code="normalize_error", status=422, title="Document could not be normalized"
)
NOT_READY = ProblemKind(code="not_ready", status=503, title="Service is warming up or saturated")
OVERLOADED = ProblemKind(
    code="overloaded", status=503, title="Every pipeline process is busy and the queue is full"
)
INTERNAL = ProblemKind(code="internal_error", status=500, title="Internal error")

_BY_NORMALIZE_CODE = {
    k.code: k for k in (EMPTY_DOCUMENT, AMBIGUOUS_INPUT, TIMEOUT, WORKER_CRASHED, UNPROCESSABLE)
}


class Problem(Struct, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem: why a request or one document of a batch was not normalized."""

    type: Annotated[
        str,
        Meta(
            description="Stable URI naming the kind of error; branch on this, not on `detail`.",
            examples=["urn:article-normalizer:problem:invalid_document"],
        ),
    ]
    title: Annotated[
        str,
        Meta(
            description="Short summary of the kind of error; the same for every occurrence.",
            examples=["Document does not match the schema"],
        ),
    ]
    status: Annotated[
        int,
        Meta(
            ge=400,
            le=599,
            description="HTTP status the error maps to (also inside batch entries, which are 200).",
            examples=[400],
        ),
    ]
    detail: Annotated[
        str,
        Meta(
            description="What was expected and what came in, for this occurrence.",
            examples=["Expected `str | null`, got `int` - at `$.text`"],
        ),
    ]
    field: Annotated[
        str | None,
        Meta(
            description="JSON path (`$.language`) or query parameter name of the offending "
            "value, for validation errors.",
            examples=["$.language"],
        ),
    ] = None
    instance: Annotated[
        str | None,
        Meta(
            description="The request path the error occurred on.",
            examples=["/v1/normalize"],
        ),
    ] = None
    request_id: Annotated[
        str | None,
        Meta(
            description="The request id (the `X-Request-ID` header), to find the log line.",
            examples=["3f2b8c1e9a7d4e50b1c2d3e4f5a6b7c8"],
        ),
    ] = None


def problem(kind: ProblemKind, detail: str, *, field: str | None = None) -> Problem:
    """Build a problem of ``kind`` with the occurrence's ``detail``."""
    return Problem(type=kind.type, title=kind.title, status=kind.status, detail=detail, field=field)


def from_normalize_error(exc: NormalizeError) -> Problem:
    """Map a core error to its problem by the error's stable ``code``."""
    kind = _BY_NORMALIZE_CODE.get(exc.code, UNPROCESSABLE)
    return problem(kind, str(exc) or kind.title)


_AT_PATH = re.compile(r" - at `(\$[^`]*)`$")
_UNKNOWN_FIELD = re.compile(r"unknown field `([^`]*)`")
_MISSING_FIELD = re.compile(r"missing required field `([^`]*)`")


def from_validation_error(exc: msgspec.ValidationError, *, prefix: str = "$") -> Problem:
    """A schema mismatch as a problem naming the field (msgspec's message says the rest)."""
    message = str(exc)
    field: str | None = None
    if match := _AT_PATH.search(message):
        field = prefix + match.group(1)[1:]
    elif match := _UNKNOWN_FIELD.search(message) or _MISSING_FIELD.search(message):
        field = f"{prefix}.{match.group(1)}"
    return problem(INVALID_DOCUMENT, message, field=field)


def from_decode_error(exc: msgspec.DecodeError) -> Problem:
    """Malformed JSON as a problem; msgspec's message says where parsing stopped."""
    return problem(INVALID_JSON, f"expected a JSON object; {exc}")
