"""RFC 9457 problem details: one stable ``type`` per error kind, shared by the API and the CLI.

Free of litestar on purpose: batch entries, NDJSON lines and the CLI report the same problems
without importing the web framework.
"""

from __future__ import annotations

import re
from typing import Annotated

import msgspec
from msgspec import Meta, Struct

from article_normalizer.normalize.errors import NormalizeError

PROBLEM_MEDIA_TYPE = "application/problem+json"
_TYPE_PREFIX = "urn:article-normalizer:problem:"


class ProblemKind(Struct, frozen=True, kw_only=True):
    """One kind of error: the pieces of a problem that do not depend on the request."""

    code: str
    status: int
    title: str
    description: str = ""
    """When it happens and what to do, one line: the spec's description of this ``type``."""
    error: bool = True
    """False for answers that are no failure: a path or method that does not exist, a probe
    saying not ready. They are not counted in ``normalizer_errors_total``."""

    @property
    def type(self) -> str:
        return _TYPE_PREFIX + self.code


INVALID_JSON = ProblemKind(
    code="invalid_json",
    status=400,
    title="Body is not valid JSON",
    description=(
        "The body (or one document of a batch) is not JSON, or nests too deep; fix the JSON."
    ),
)
INVALID_DOCUMENT = ProblemKind(
    code="invalid_document",
    status=400,
    title="Document does not match the schema",
    description=(
        "Valid JSON that does not fit `RawDocument` (wrong type, unknown field, bad `language` or"
        " `reference_time`); `field` names it."
    ),
)
INVALID_PARAMETER = ProblemKind(
    code="invalid_parameter",
    status=400,
    title="Query parameter is invalid",
    description="A query parameter has a bad value; `field` names it.",
)
INVALID_BATCH = ProblemKind(
    code="invalid_batch",
    status=400,
    title="Body is not a batch of documents",
    description='A batch body that is not `{"documents": [...]}`.',
)
NOT_FOUND = ProblemKind(
    code="not_found",
    status=404,
    title="No such resource",
    description="No resource at this path; `/schema` lists the API.",
    error=False,
)
METHOD_NOT_ALLOWED = ProblemKind(
    code="method_not_allowed",
    status=405,
    title="Method not allowed on this resource",
    description="The path exists but not with this method; the `Allow` header lists the methods.",
    error=False,
)
NOT_ACCEPTABLE = ProblemKind(
    code="not_acceptable",
    status=406,
    title="Cannot produce that media type",
    description="The `Accept` header asks for a media type the operation cannot produce.",
)
REQUEST_TIMEOUT = ProblemKind(
    code="request_timeout",
    status=408,
    title="Request body not received in time",
    description="The request body stalled longer than `BODY_READ_TIMEOUT_S`; resend it.",
)
DOCUMENT_TOO_LARGE = ProblemKind(
    code="document_too_large",
    status=413,
    title="Document or body is too large",
    description=(
        "The body is over `MAX_BODY_BYTES` or a document over `MAX_DOCUMENT_BYTES`; split or trim"
        " it."
    ),
)
TOO_MANY_DOCUMENTS = ProblemKind(
    code="too_many_documents",
    status=413,
    title="Batch has too many documents",
    description="A JSON batch over `MAX_BATCH_DOCUMENTS`; send smaller batches or NDJSON.",
)
UNSUPPORTED_MEDIA_TYPE = ProblemKind(
    code="unsupported_media_type",
    status=415,
    title="Unsupported content type or charset",
    description=(
        "A content type other than JSON, text or HTML (NDJSON for batches), or an unknown charset."
    ),
)
EMPTY_DOCUMENT = ProblemKind(
    code="empty_document",
    status=422,
    title="Document has no visible text",
    description="The document has no visible text.",
)
AMBIGUOUS_INPUT = ProblemKind(
    code="ambiguous_input",
    status=422,
    title="Document needs exactly one of text and html",
    description="The document has both or neither of `text` and `html`.",
)
TIMEOUT = ProblemKind(
    code="timeout",
    status=422,
    title="Document could not be normalized within its time budget",
    description="The document took longer than `DOCUMENT_TIME_BUDGET_S`; its process was replaced.",
)
WORKER_CRASHED = ProblemKind(
    code="worker_crashed",
    status=422,
    title="Processing the document failed in its worker",
    description="The pipeline process died or failed on this document; the log has the traceback.",
)
UNPROCESSABLE = ProblemKind(
    code="normalize_error",
    status=422,
    title="Document could not be normalized",
    description="The pipeline refused the document for another reason `detail` gives.",
)
NOT_READY = ProblemKind(
    code="not_ready",
    status=503,
    title="Service is warming up or saturated",
    description=(
        "`/readyz` before warm-up is done, after it failed, or while the worker is saturated."
    ),
    error=False,
)
OVERLOADED = ProblemKind(
    code="overloaded",
    status=503,
    title="Every pipeline process is busy and the queue is full",
    description=(
        "Every pipeline process is busy and the queue is full; retry after `Retry-After` seconds."
    ),
)
INTERNAL = ProblemKind(
    code="internal_error",
    status=500,
    title="Internal error",
    description="A bug in the service; the log has the traceback under the request id.",
)

HTTP_ERROR = ProblemKind(
    code="http_error",
    status=400,
    title="Request could not be handled",
    description="Another HTTP-level refusal by the web framework; `status` and `detail` say which.",
)

PROBLEM_KINDS: tuple[ProblemKind, ...] = (
    INVALID_JSON,
    INVALID_DOCUMENT,
    INVALID_PARAMETER,
    INVALID_BATCH,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    NOT_ACCEPTABLE,
    REQUEST_TIMEOUT,
    DOCUMENT_TOO_LARGE,
    TOO_MANY_DOCUMENTS,
    UNSUPPORTED_MEDIA_TYPE,
    EMPTY_DOCUMENT,
    AMBIGUOUS_INPUT,
    TIMEOUT,
    WORKER_CRASHED,
    UNPROCESSABLE,
    NOT_READY,
    OVERLOADED,
    INTERNAL,
    HTTP_ERROR,
)
"""Every kind of problem the service answers with: the spec lists their types as an enum."""

_BY_CODE = {kind.code: kind for kind in PROBLEM_KINDS}

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


def counts_as_error(body: Problem) -> bool:
    """Whether ``body`` is a failure worth counting (see :attr:`ProblemKind.error`)."""
    kind = _BY_CODE.get(body.type.removeprefix(_TYPE_PREFIX))
    return kind is None or kind.error


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
