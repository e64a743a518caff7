"""The Python API: normalize pages inside your own program, process pool or cluster job.

Batch users (a crawl's WARC files, a dataset of scraped pages) call a library inside their
pipeline rather than a REST service page by page. :class:`Normalizer` is that library: the same
pipeline, decoding, limits and problem types as the API, without a web server::

    from article_normalizer import Normalizer      # ``service`` until the package is renamed

    normalizer = Normalizer(time_budget_s=10.0)    # each page in a killable process
    article = normalizer.normalize({"html": page_html, "url": "https://example.com/a"})
    for entry in normalizer.normalize_many(pages):  # one entry per page, in order
        print(entry.id, entry.article.title if entry.ok else entry.error.type)

``normalize`` returns an :class:`~article_normalizer.normalize.Article` or raises a
:class:`~article_normalizer.normalize.NormalizeError` (the core's error tree, plus
:class:`InvalidDocumentError` and :class:`DocumentTooLargeError` for what the API reports as
400 and 413). ``normalize_many`` never raises for a bad document: it yields exactly one
:class:`~article_normalizer.serving.documents.BatchEntry` per input, in input order, the API's batch
entry, so
results from the library, the CLI and the server look the same.

A ``Normalizer`` pickles as its configuration only: a process pool, Ray or datatrove can ship it
to workers cheaply, and each worker loads the models lazily (or in :meth:`Normalizer.warm_up`).
"""

from __future__ import annotations

import itertools
import os
import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

import msgspec
import structlog

from article_normalizer.normalize import Article, Limits, NormalizeError, RawDocument, normalize
from article_normalizer.normalize.models import WarningCode
from article_normalizer.normalize.pipeline import DEFAULT_LIMITS
from article_normalizer.serving import execution
from article_normalizer.serving.decoding import (
    UnsupportedCharsetError,
    decode_html_body,
    decode_text,
)
from article_normalizer.serving.documents import (
    BatchEntry,
    DocumentFailure,
    check_reference_time,
    parse_document,
    peek_id,
    with_warnings,
)
from article_normalizer.serving.execution import DocumentPool, WorkerCrashedError
from article_normalizer.serving.problems import (
    DOCUMENT_TOO_LARGE,
    INTERNAL,
    UNSUPPORTED_MEDIA_TYPE,
    Problem,
    from_normalize_error,
    from_validation_error,
    problem,
)

_log = structlog.get_logger(logger_name="article_normalizer.library")

InputKind = Literal["auto", "html", "text"]
"""How a bare page (``str``, ``bytes`` or a :class:`Source` of kind ``auto``) is read:
HTML or plain text, or ``auto`` to tell by file extension, then by markup near the start."""

DEFAULT_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
"""The API's default ``MAX_DOCUMENT_BYTES``: a page over it is refused, not normalized."""

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_TEXT_SUFFIXES = frozenset({".txt", ".text"})
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<div", b"<p>")


class InvalidDocumentError(NormalizeError):
    """The input is not a document: wrong field types, unknown fields, malformed JSON, a
    charset nobody knows. ``problem`` is what the API answers for it (400 or 415)."""

    code = "invalid_document"

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.detail)
        self.problem = problem


class DocumentTooLargeError(NormalizeError):
    """The document is over the normalizer's size limit (the API's 413)."""

    code = "document_too_large"


@dataclass(frozen=True, slots=True)
class Source:
    """A page before it is a document: bytes or text from a file, an archive record, a queue.

    ``kind`` says how to read ``content``: ``html``, ``text``, ``json`` (one document object
    as the API takes it, e.g. an NDJSON line) or ``auto`` (by ``name``'s extension, then by
    markup near the start). Bytes are decoded as the API decodes a raw body: ``charset`` when
    given, else UTF-8, the page's ``<meta charset>`` (HTML), then detection; replaced bytes
    are reported as the warning ``invalid_bytes_replaced``.
    """

    content: bytes | str
    id: str | None = None
    url: str | None = None
    language: str | None = None
    reference_time: datetime | None = None
    kind: Literal["auto", "html", "text", "json"] = "auto"
    charset: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An input that failed before it became a document (a file that could not be read, a
    broken archive record). :meth:`Normalizer.normalize_many` passes it through as its error
    entry at its position, so a batch of N inputs still yields N entries."""

    id: str | None
    problem: Problem


DocumentLike = RawDocument | Source | Mapping[str, Any] | str | bytes
"""What :meth:`Normalizer.normalize` takes: a :class:`RawDocument`, a mapping with its fields
(``{"html": ..., "url": ...}``, validated as the API validates JSON), a :class:`Source`, or a
bare page as ``str`` or ``bytes`` (read as the normalizer's ``kind`` says)."""


def looks_like_html(name: str | None, data: bytes) -> bool:
    """HTML by extension, else by markup near the start (a text dump rarely opens with tags)."""
    suffix = Path(name).suffix.lower() if name else ""
    if suffix in _HTML_SUFFIXES:
        return True
    if suffix in _TEXT_SUFFIXES:
        return False
    head = data[:2048].lstrip().lower()
    return head.startswith(b"<") and any(marker in head for marker in _HTML_MARKERS)


class Normalizer:
    """The normalization pipeline with its configuration: limits, time budget, input hints.

    ``time_budget_s``: None runs each document in the calling process, with no time limit
    (fastest; for trusted input, or an engine that enforces its own timeouts). A number runs
    each document in a worker process that is killed when the document is not done within
    that many seconds of starting, so no page can hang the caller; the document then gets a
    ``timeout`` problem. ``processes`` (with a budget) is how many documents
    :meth:`normalize_many` runs at once, each in its own process. ``start_method`` is how those
    processes start: ``forkserver`` (safe in a threaded host; the fork server loads the models
    once) or ``fork`` (starts in milliseconds from a single-threaded caller).

    ``kind`` and ``language`` are hints for documents that do not say: how to read a bare page,
    and its ISO 639-1 language. ``max_document_bytes`` bounds raw input (bytes, JSON),
    ``max_document_chars`` the page's text or HTML, ``max_lines`` the lines the pipeline reads
    (the rest is reported in ``removed`` and warned about).
    """

    def __init__(
        self,
        *,
        time_budget_s: float | None = None,
        processes: int = 1,
        kind: InputKind = "auto",
        language: str | None = None,
        max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
        max_document_chars: int = DEFAULT_MAX_DOCUMENT_BYTES,
        max_lines: int = DEFAULT_LIMITS.max_blocks,
        start_method: Literal["forkserver", "fork", "spawn"] = "forkserver",
    ) -> None:
        if time_budget_s is not None and not time_budget_s > 0:
            raise ValueError(f"time_budget_s must be positive or None, got {time_budget_s}")
        if processes < 1:
            raise ValueError(f"processes must be >= 1, got {processes}")
        if processes > 1 and time_budget_s is None:
            raise ValueError("processes > 1 runs documents in worker processes: set time_budget_s")
        if language is not None and not re.fullmatch(r"[a-z]{2}", language):
            raise ValueError(f"language must be an ISO 639-1 code such as en, got {language!r}")
        if start_method not in ("forkserver", "fork", "spawn"):
            raise ValueError(
                f"start_method must be forkserver, fork or spawn, got {start_method!r}"
            )
        if kind not in ("auto", "html", "text"):
            raise ValueError(f"kind must be auto, html or text, got {kind!r}")
        if min(max_document_bytes, max_document_chars, max_lines) < 1:
            raise ValueError("max_document_bytes, max_document_chars and max_lines must be >= 1")
        self.time_budget_s = time_budget_s
        self.processes = processes
        self.kind: InputKind = kind
        self.language = language
        self.max_document_bytes = max_document_bytes
        self.max_document_chars = max_document_chars
        self.max_lines = max_lines
        self.start_method = start_method
        self._limits = Limits(max_blocks=max_lines)
        self._pool: DocumentPool | None = None
        self._pool_pid: int | None = None

    # Pickling carries the configuration only; the pool and the models stay behind, and the
    # receiving process builds its own on first use.
    def __getstate__(self) -> dict[str, Any]:
        return {
            "time_budget_s": self.time_budget_s,
            "processes": self.processes,
            "kind": self.kind,
            "language": self.language,
            "max_document_bytes": self.max_document_bytes,
            "max_document_chars": self.max_document_chars,
            "max_lines": self.max_lines,
            "start_method": self.start_method,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__getstate__().items())
        return f"Normalizer({fields})"

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def warm_up(self) -> None:
        """Load every model and data file now, so the first document is not the slow one.

        With a time budget this starts the worker processes (all of them, before any thread of
        :meth:`normalize_many` exists); without one it loads everything in this process.
        """
        if self.time_budget_s is None:
            execution.warm_up()
        else:
            self._worker_pool().start_all()

    def close(self) -> None:
        """Stop the worker processes, if any (a later call starts new ones)."""
        pool, self._pool = self._pool, None
        if pool is not None and self._pool_pid == os.getpid():
            pool.close()

    def normalize(self, doc: DocumentLike, *, now: datetime | None = None) -> Article:
        """Normalize one document, or raise a :class:`NormalizeError` saying why not.

        ``now`` anchors relative dates ("2 hours ago") when the document has no
        ``reference_time``; default: the current time.
        """
        raw, warnings = self._document(doc)
        article = self._run(raw, now or datetime.now(UTC))
        return with_warnings(article, warnings)

    def normalize_many(
        self, docs: Iterable[DocumentLike | Unreadable], *, now: datetime | None = None
    ) -> Iterator[BatchEntry]:
        """One :class:`BatchEntry` per input, in input order; never raises for a document.

        With ``processes`` > 1 up to that many documents run at once while later inputs are
        read ahead (at most twice as many as processes), so memory stays flat on an endless
        stream. Stopping the iteration early stops the work.
        """
        at = now or datetime.now(UTC)
        numbered = enumerate(docs)
        if self.processes == 1:
            for index, item in numbered:
                yield self._entry(index, item, at)
            return
        self.warm_up()  # every process starts before the feeding threads do
        window: deque[Future[BatchEntry]] = deque()
        executor = ThreadPoolExecutor(self.processes, thread_name_prefix="normalize")
        try:
            for index, item in itertools.islice(numbered, 2 * self.processes):
                window.append(executor.submit(self._entry, index, item, at))
            while window:
                entry = window.popleft().result()
                for index, item in itertools.islice(numbered, 1):
                    window.append(executor.submit(self._entry, index, item, at))
                yield entry
        finally:
            executor.shutdown(wait=True, cancel_futures=True)

    def _entry(self, index: int, item: DocumentLike | Unreadable, now: datetime) -> BatchEntry:
        """The entry for one input; every failure becomes its ``error``."""
        if isinstance(item, Unreadable):
            return failed_entry(index, item.id, item.problem)
        doc_id = _id_of(item)
        try:
            raw, warnings = self._document(item)
            doc_id = raw.id
            article = with_warnings(self._run(raw, now), warnings)
        except NormalizeError as exc:
            return failed_entry(index, doc_id, problem_for(exc))
        except Exception:  # a bug must cost one document, not the batch
            _log.exception("normalize_failed", index=index, id=doc_id)
            return failed_entry(
                index, doc_id, problem(INTERNAL, "normalizing this document failed; see the log")
            )
        return ok_entry(index, doc_id, article)

    def _run(self, doc: RawDocument, now: datetime) -> Article:
        size = len(doc.text if doc.text is not None else doc.html or "")
        if size > self.max_document_chars:
            raise DocumentTooLargeError(
                f"expected a document of at most {self.max_document_chars} characters, got {size}"
            )
        if doc.language is None and self.language is not None:
            doc = msgspec.structs.replace(doc, language=self.language)
        if self.time_budget_s is None or (doc.text is None) == (doc.html is None):
            # No budget, or both/neither of text and html: the core answers at once.
            try:
                return normalize(doc, now=now, limits=self._limits)
            except NormalizeError:
                raise
            except Exception as exc:
                _log.exception("pipeline_failed", id=doc.id)
                raise WorkerCrashedError(
                    "the pipeline failed on this document; the log has the details"
                ) from exc
        return self._worker_pool().run(
            doc, now=now, budget_s=self.time_budget_s, limits=self._limits
        )

    def _worker_pool(self) -> DocumentPool:
        if self._pool is None or self._pool_pid != os.getpid():
            # A pool inherited through fork belongs to the parent: start this process's own.
            self._pool = DocumentPool(self.processes, start_method=self.start_method)
            self._pool_pid = os.getpid()
        return self._pool

    def _document(self, doc: DocumentLike) -> tuple[RawDocument, list[WarningCode]]:
        """``doc`` as a validated :class:`RawDocument`, with warnings from decoding."""
        if isinstance(doc, RawDocument):
            try:
                check_reference_time(doc.reference_time, field="$.reference_time")
            except DocumentFailure as failure:
                raise InvalidDocumentError(failure.problem) from None
            return doc, []
        if isinstance(doc, Source):
            return self._from_source(doc)
        if isinstance(doc, str | bytes):
            return self._from_source(Source(content=doc, kind=self.kind))
        if isinstance(doc, Mapping):
            try:
                raw = msgspec.convert(dict(doc), RawDocument)
            except msgspec.ValidationError as exc:
                raise InvalidDocumentError(from_validation_error(exc)) from None
            return self._document(raw)
        raise TypeError(
            "expected a document (RawDocument, mapping, Source, str or bytes), "
            f"got {type(doc).__name__}"
        )

    def _from_source(self, source: Source) -> tuple[RawDocument, list[WarningCode]]:
        content = source.content
        data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
        if len(data) > self.max_document_bytes:
            raise DocumentTooLargeError(
                f"expected a document of at most {self.max_document_bytes} bytes, "
                f"got {len(data)} bytes"
            )
        if source.kind == "json":
            try:
                return parse_document(data, max_bytes=self.max_document_bytes)
            except DocumentFailure as failure:
                raise InvalidDocumentError(failure.problem) from None
        kind = self.kind if source.kind == "auto" else source.kind
        is_html = kind == "html" or (kind == "auto" and looks_like_html(source.name, data))
        warnings: list[WarningCode] = []
        if isinstance(content, str):
            text = content
        else:
            try:
                decoded = (decode_html_body if is_html else decode_text)(data, source.charset)
            except UnsupportedCharsetError as exc:
                raise InvalidDocumentError(problem(UNSUPPORTED_MEDIA_TYPE, str(exc))) from None
            text, warnings = decoded.text, decoded.warnings
        fields: dict[str, Any] = {
            "html" if is_html else "text": text,
            "url": source.url,
            "language": source.language,
            "reference_time": source.reference_time,
            "id": source.id,
        }
        return self._document(fields)[0], warnings


def problem_for(exc: NormalizeError) -> Problem:
    """The problem the API reports for ``exc`` (its status, type and title)."""
    if isinstance(exc, InvalidDocumentError):
        return exc.problem
    if isinstance(exc, DocumentTooLargeError):
        return problem(DOCUMENT_TOO_LARGE, str(exc))
    return from_normalize_error(exc)


# Entries are built here only, so a change of the entry's shape is one change for the library,
# the CLI and the integrations.
def ok_entry(index: int, doc_id: str | None, article: Article) -> BatchEntry:
    """The entry of a normalized document."""
    return BatchEntry(index=index, id=doc_id, ok=True, article=article)


def failed_entry(index: int, doc_id: str | None, error: Problem) -> BatchEntry:
    """The entry of a document that was not normalized."""
    return BatchEntry(index=index, id=doc_id, ok=False, error=error)


def _id_of(item: DocumentLike) -> str | None:
    """The input's id, as far as it can be read before validation (for its error entry)."""
    if isinstance(item, RawDocument | Source):
        if isinstance(item, Source) and item.kind == "json" and item.id is None:
            return peek_id(item.content.encode() if isinstance(item.content, str) else item.content)
        return item.id
    if isinstance(item, Mapping):
        value = item.get("id")
        return value if isinstance(value, str) else None
    return None


__all__ = [
    "DEFAULT_MAX_DOCUMENT_BYTES",
    "DocumentLike",
    "DocumentTooLargeError",
    "InputKind",
    "InvalidDocumentError",
    "Normalizer",
    "Source",
    "Unreadable",
    "failed_entry",
    "looks_like_html",
    "ok_entry",
    "problem_for",
]
