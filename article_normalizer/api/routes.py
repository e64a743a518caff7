"""The normalization endpoints: one document, a JSON batch, and an NDJSON stream."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import UTC, datetime
from typing import Annotated, Any

import msgspec
from anyio import to_thread
from litestar import Request, post
from litestar.datastructures import State
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import QueryParameter
from litestar.response.base import ASGIResponse

from article_normalizer.api.batch_split import split_documents
from article_normalizer.api.errors import ProblemError
from article_normalizer.api.metrics import DOCUMENTS, observe_article, observe_problem, timed
from article_normalizer.api.request_body import body_chunks, read_body
from article_normalizer.api.streaming import DuplexStreamingResponse
from article_normalizer.normalize import Article, RawDocument
from article_normalizer.serving.decoding import (
    UnsupportedCharsetError,
    decode_html_body,
    decode_text,
    parse_content_type,
)
from article_normalizer.serving.documents import (
    REFERENCE_YEARS,
    BatchEntry,
    BatchEnvelope,
    BatchResponse,
    DocumentFailure,
    Normalizer,
    check_reference_time,
    entry_for,
    parse_document,
    run_document,
    too_deep,
)
from article_normalizer.serving.problems import (
    DOCUMENT_TOO_LARGE,
    INVALID_BATCH,
    INVALID_JSON,
    INVALID_PARAMETER,
    OVERLOADED,
    PROBLEM_MEDIA_TYPE,
    TOO_MANY_DOCUMENTS,
    UNSUPPORTED_MEDIA_TYPE,
    Problem,
    from_validation_error,
    problem,
)
from article_normalizer.serving.runner import Admission
from article_normalizer.serving.settings import Settings

JSON = "application/json"
NDJSON = "application/x-ndjson"
_TEXT_TYPES = {
    "text/plain": "text",
    "text/markdown": "text",
    "text/html": "html",
    "application/xhtml+xml": "html",
}
"""Raw bodies by media type. Markdown is page text (RFC 7763); the core reads it as Markdown by
its constructs, whichever way it came."""
_NDJSON_TYPES = {NDJSON, "application/ndjson", "application/jsonl"}

_RETRY_AFTER_S = "1"
"""Seconds a refused client should wait: a saturated worker frees a process at the latest when
a document's budget runs out, usually far sooner, and the client may reach another replica."""

_entry_encoder = msgspec.json.Encoder()
_envelope_decoder = msgspec.json.Decoder(BatchEnvelope)


def _problem_spec(description: str) -> ResponseSpec:
    return ResponseSpec(
        data_container=Problem,
        media_type=PROBLEM_MEDIA_TYPE,
        description=description,
        generate_examples=False,
    )


_BAD_REQUEST = _problem_spec(
    "Malformed JSON, a body of the wrong shape (wrong type, unknown field, `language` not an "
    "ISO 639-1 code), or an invalid query parameter. `field` names the offending value."
)
_TOO_LARGE = _problem_spec("The body or the document is over the configured size limit.")
_TIMED_OUT = _problem_spec(
    "The body stalled: no part of it came for the configured gap. The connection is closed."
)
_UNSUPPORTED = _problem_spec(
    "The content type is not one this operation takes, or its charset is unknown."
)
_INTERNAL = _problem_spec("An unexpected error; the log has it under the request id.")
_OVERLOADED = _problem_spec(
    "Every pipeline process of the worker is busy and its queue is full; retry after the "
    "`Retry-After` header's seconds."
)


def _settings(state: State) -> Settings:
    settings: Settings = state.settings
    return settings


def _normalizer(state: State) -> Normalizer:
    normalizer: Normalizer = state.normalizer
    return timed(normalizer)


def _admit(state: State) -> Admission:
    """Take a place in this worker's queue, or refuse the request at once with 503."""
    admission: Admission = state.admission
    if not admission.try_enter():
        raise ProblemError(
            problem(
                OVERLOADED,
                f"expected a free place among this worker's {admission.limit} (pipeline "
                "processes plus queue); all are taken. Retry after the Retry-After delay, "
                "or spread the load over more replicas",
            ),
            headers={"Retry-After": _RETRY_AFTER_S},
        )
    return admission


@contextlib.contextmanager
def _admitted(state: State) -> Iterator[None]:
    """Hold a place in this worker's queue for the block (see :func:`_admit`)."""
    admission = _admit(state)
    try:
        yield
    finally:
        admission.leave()


def _unsupported(media_type: str, accepted: str) -> ProblemError:
    got = media_type or "no Content-Type header"
    return ProblemError(problem(UNSUPPORTED_MEDIA_TYPE, f"expected {accepted}; got {got}"))


def _hints(
    url: str | None, language: str | None, reference_time: str | None, doc_id: str | None
) -> dict[str, Any]:
    values: dict[str, Any] = {"url": url, "language": language, "id": doc_id}
    if reference_time is not None:
        # Parsed here, strictly RFC 3339: a framework's lenient parsing would take "0.5" as an
        # epoch timestamp.
        try:
            values["reference_time"] = msgspec.convert(reference_time, datetime)
            check_reference_time(values["reference_time"], field="reference_time")
        except (msgspec.ValidationError, DocumentFailure):
            raise ProblemError(
                problem(
                    INVALID_PARAMETER,
                    "expected an RFC 3339 date-time such as 2023-08-08T10:00:00Z in the years "
                    f"{REFERENCE_YEARS[0]}-{REFERENCE_YEARS[1]}; got {reference_time[:64]!r}",
                    field="reference_time",
                )
            ) from None
    return {k: v for k, v in values.items() if v is not None}


@post(
    "/v1/normalize",
    operation_id="normalizeDocument",
    summary="Normalize one document",
    tags=["normalize"],
    status_code=200,
    request_max_body_size=None,
    response_description="The normalized article.",
    responses={
        400: _BAD_REQUEST,
        408: _TIMED_OUT,
        413: _TOO_LARGE,
        415: _UNSUPPORTED,
        422: _problem_spec(
            "Well-formed but cannot be normalized: both or neither of `text` and `html`, no "
            "visible text, or over the per-document time budget."
        ),
        500: _INTERNAL,
        503: _OVERLOADED,
    },
)
async def normalize_document(
    request: Request[Any, Any, Any],
    state: State,
    url: Annotated[
        str | None,
        QueryParameter(
            name="url",
            max_length=8192,
            description="Where the page was scraped from (a hint, never fetched). For a JSON "
            "body, a field in the body wins.",
        ),
    ] = None,
    language: Annotated[
        str | None,
        QueryParameter(
            name="language",
            pattern=r"^[a-z]{2}$",
            description="ISO 639-1 hint; wins over detection.",
        ),
    ] = None,
    reference_time: Annotated[
        str | None,
        QueryParameter(
            name="reference_time",
            max_length=64,
            description=(
                "When the page was scraped (RFC 3339); default: the capture time a web-archive "
                "`url` names, else now."
            ),
            examples=[Example(value="2023-08-08T10:00:00Z")],
        ),
    ] = None,
    doc_id: Annotated[
        str | None,
        QueryParameter(name="id", max_length=1024, description="Caller's identifier, echoed back."),
    ] = None,
) -> Article:
    """Turn one scraped page into one clean article.

    Send the page either as JSON (`{"text": ...}` or `{"html": ...}` with optional `url`,
    `language`, `reference_time`, `id`) or as the raw page with `Content-Type: text/plain`,
    `text/markdown` or `text/html` and a `charset`; hints then go in the query string. Page text
    rendered to Markdown (links, `#` headings) is read as the text it shows, with the warning
    `markdown_rendered`. Bytes invalid in the
    declared charset are replaced and reported as the warning `invalid_bytes_replaced`.
    Every line of the input that is not in the body is listed in `removed` with its kind.
    """
    settings = _settings(state)
    content_type = parse_content_type(request.headers.get("content-type"))
    media_type = content_type.media_type
    kind = "json" if media_type == JSON else _TEXT_TYPES.get(media_type)
    if kind is None:
        raise _unsupported(media_type, "application/json, text/plain, text/markdown or text/html")
    body = await read_body(
        request,
        min(settings.max_body_bytes, settings.max_document_bytes),
        settings.body_read_timeout_s,
    )
    hints = _hints(url, language, reference_time, doc_id)
    try:
        if kind == "json":
            if content_type.charset and content_type.charset.lower().replace("_", "-") not in (
                "utf-8",
                "utf8",
            ):
                body = decode_text(body, content_type.charset).text.encode("utf-8")
            doc, warnings = parse_document(body, max_bytes=len(body))
            missing = {k: v for k, v in hints.items() if getattr(doc, k) is None}
            if missing:
                doc = msgspec.structs.replace(doc, **missing)
        else:
            decode = decode_text if kind == "text" else decode_html_body
            decoded = decode(body, content_type.charset)
            warnings = decoded.warnings
            text, html = (decoded.text, None) if kind == "text" else (None, decoded.text)
            doc = msgspec.convert({"text": text, "html": html, **hints}, RawDocument)
    except UnsupportedCharsetError as exc:
        raise ProblemError(problem(UNSUPPORTED_MEDIA_TYPE, str(exc))) from None
    except DocumentFailure as failure:
        raise ProblemError(failure.problem) from None
    except msgspec.ValidationError as exc:  # a query hint the parameter checks let through
        raise ProblemError(from_validation_error(exc, prefix="query")) from None
    input_kind = "html" if doc.html is not None else "text"
    now = datetime.now(UTC)
    with _admitted(state):
        try:
            article = await to_thread.run_sync(run_document, doc, now, _normalizer(state), warnings)
        except DocumentFailure as failure:
            DOCUMENTS.labels(input_kind, "error").inc()
            raise ProblemError(failure.problem) from None
    observe_article(input_kind, article)
    return article


@post(
    "/v1/normalize/batch",
    operation_id="normalizeBatch",
    summary="Normalize many documents (JSON batch or NDJSON stream)",
    tags=["normalize"],
    status_code=200,
    request_max_body_size=None,
    responses={
        200: ResponseSpec(
            data_container=BatchResponse,
            media_type=JSON,
            description="One entry per input document, in input order. With an NDJSON body the "
            "answer is NDJSON: one entry per input line, streamed as documents finish.",
            generate_examples=False,
        ),
        400: _problem_spec(
            "The body is not a JSON object with a `documents` list (a bad document inside "
            "the list is reported in its own entry instead)."
        ),
        408: _TIMED_OUT,
        413: _problem_spec(
            "The JSON body is over the size limit or has more documents than allowed."
        ),
        415: _UNSUPPORTED,
        500: _INTERNAL,
        503: _OVERLOADED,
    },
)
async def normalize_batch(request: Request[Any, Any, Any], state: State) -> ASGIResponse:
    """Normalize many documents in one request; one bad document never fails the others.

    JSON: `{"documents": [...]}` with up to the configured number of documents, answered with
    `{"results": [...]}`. NDJSON (`Content-Type: application/x-ndjson`): one document per line,
    any number of lines, answered as a stream with one result line per input line, so a large
    file can be piped through with flat memory. Each entry is `{"index", "id", "ok": true,
    "article"}` or `{"index", "id", "ok": false, "error"}` where `error` is the problem
    details of that document alone.
    """
    settings = _settings(state)
    media_type = parse_content_type(request.headers.get("content-type")).media_type
    normalizer = _normalizer(state)
    if media_type in _NDJSON_TYPES:
        admission = _admit(state)
        return DuplexStreamingResponse(
            iterator=_ndjson_entries(request, settings, normalizer),
            media_type=NDJSON,
            status_code=200,
            on_close=admission.leave,
        )
    if media_type != JSON:
        raise _unsupported(media_type, f"{JSON} or {NDJSON}")
    body = await read_body(request, settings.max_body_bytes, settings.body_read_timeout_s)
    documents: list[msgspec.Raw] | list[bytes]
    try:
        documents = _envelope_decoder.decode(body).documents
    except msgspec.ValidationError as exc:
        detail = f'expected a JSON object {{"documents": [...]}}; {exc}'
        raise ProblemError(problem(INVALID_BATCH, detail, field="$.documents")) from None
    except msgspec.DecodeError as exc:
        raise ProblemError(
            problem(INVALID_JSON, f'expected a JSON object {{"documents": [...]}}; {exc}')
        ) from None
    except RecursionError:
        # A value nested too deep for the decoder, even skipped as a Raw: split the envelope
        # without decoding, so only the documents that hold one fail.
        split = await to_thread.run_sync(split_documents, body)
        if split is None:
            raise ProblemError(too_deep()) from None
        documents = split
    count = len(documents)
    if count > settings.max_batch_documents:
        raise ProblemError(
            problem(
                TOO_MANY_DOCUMENTS,
                f"expected at most {settings.max_batch_documents} documents, got {count}; "
                "send more as NDJSON",
                field="$.documents",
            )
        )
    now = datetime.now(UTC)
    with _admitted(state):
        results = await to_thread.run_sync(_run_batch, documents, now, normalizer, settings)
    return ASGIResponse(
        body=_entry_encoder.encode(BatchResponse(results=results)),
        media_type=JSON,
        status_code=200,
    )


def _run_batch(
    raws: Sequence[msgspec.Raw | bytes], now: datetime, normalizer: Normalizer, settings: Settings
) -> list[BatchEntry]:
    entries = []
    for index, raw in enumerate(raws):
        entry, kind = entry_for(
            index,
            memoryview(raw),
            now=now,
            normalizer=normalizer,
            max_bytes=settings.max_document_bytes,
        )
        _observe_entry(entry, kind)
        entries.append(entry)
    return entries


def _observe_entry(entry: BatchEntry, kind: str) -> None:
    if entry.article is not None:
        observe_article(kind, entry.article)
    elif entry.error is not None:
        observe_problem(entry.error, input_kind=kind)


async def _ndjson_entries(
    request: Request[Any, Any, Any], settings: Settings, normalizer: Normalizer
) -> AsyncIterator[bytes]:
    """One encoded entry per input line, produced as lines complete (flat memory).

    The complete lines of each received chunk are normalized together in one worker-thread
    call: one hop per chunk instead of per line, while the event loop stays free.
    """
    now = datetime.now(UTC)
    limit = settings.max_document_bytes
    buffer = bytearray()
    skipping = False  # inside a line already known to be over the limit
    index = 0
    chunks = body_chunks(request, settings.body_read_timeout_s)
    async with contextlib.aclosing(chunks):
        try:
            async for chunk in chunks:
                ready, skipping = _complete_lines(chunk, buffer, skipping, limit)
                if ready:
                    yield await to_thread.run_sync(
                        _encode_lines, index, ready, now, normalizer, limit
                    )
                    index += len(ready)
        except ProblemError as stalled:
            # The answer is a 200 stream already: the stall becomes its last entry, and the
            # line it interrupted is dropped.
            observe_problem(stalled.problem)
            entry = BatchEntry(index=index, id=None, ok=False, error=stalled.problem)
            yield _entry_encoder.encode(entry) + b"\n"
            return
    if buffer or skipping:
        last = [None if skipping else bytes(buffer)]
        yield await to_thread.run_sync(_encode_lines, index, last, now, normalizer, limit)


def _complete_lines(
    chunk: bytes, buffer: bytearray, skipping: bool, limit: int
) -> tuple[list[bytes | None], bool]:
    """The lines ``chunk`` completes, None for one over ``limit``; whether the line still open
    is over it. The open line's bytes stay in ``buffer`` (not kept once over the limit)."""
    ready: list[bytes | None] = []
    start = 0
    while True:
        newline = chunk.find(b"\n", start)
        piece = chunk[start:] if newline < 0 else chunk[start:newline]
        if not skipping:
            buffer += piece
            if len(buffer) > limit:
                skipping = True
                buffer.clear()
        if newline < 0:
            return ready, skipping
        ready.append(None if skipping else bytes(buffer))
        buffer.clear()
        skipping = False
        start = newline + 1


def _encode_lines(
    first_index: int,
    lines: list[bytes | None],
    now: datetime,
    normalizer: Normalizer,
    limit: int,
) -> bytes:
    out = bytearray()
    for offset, line in enumerate(lines):
        index = first_index + offset
        if line is None:
            error = problem(
                DOCUMENT_TOO_LARGE, f"expected a line of at most {limit} bytes; this one is longer"
            )
            entry, kind = BatchEntry(index=index, id=None, ok=False, error=error), "unknown"
        elif not line.strip():
            error = problem(
                INVALID_JSON, "expected a JSON document on this line; got an empty line"
            )
            entry, kind = BatchEntry(index=index, id=None, ok=False, error=error), "unknown"
        else:
            entry, kind = entry_for(
                index, line.rstrip(b"\r"), now=now, normalizer=normalizer, max_bytes=limit
            )
        _observe_entry(entry, kind)
        out += _entry_encoder.encode(entry)
        out += b"\n"
    return bytes(out)


ROUTES = [normalize_document, normalize_batch]
