"""Inputs of a batch run: page files, directories, NDJSON documents and WARC/WET archives.

Each input becomes a stream of :class:`~article_normalizer.library.Source` (a page or a JSON
document, not
yet decoded: the normalizer decodes it as the API would) or
:class:`~article_normalizer.library.Unreadable`
(an input that failed before it was a document: a missing file, a truncated archive). One bad
input never stops the others, and each document keeps its place in the output.

Archives are read with warcio, the reader Common Crawl's tooling and datatrove use: ``response``
and ``resource`` records whose payload is HTML (by the HTTP ``Content-Type``, else by markup)
are pages with their URL, capture date and charset; WET ``conversion`` records are page text.
Requests, metadata, revisits, warcinfo and non-page payloads (images, PDFs, robots.txt) are not
documents: they are counted as skipped and reported, never silently dropped.
"""

from __future__ import annotations

import codecs
import gzip
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Literal, Protocol

from article_normalizer.library import Source, Unreadable
from article_normalizer.serving.problems import (
    DOCUMENT_TOO_LARGE,
    INVALID_JSON,
    NOT_FOUND,
    Problem,
    ProblemKind,
    problem,
)

InputFormat = Literal["auto", "page", "ndjson", "warc"]

UNREADABLE_INPUT = ProblemKind(code="unreadable_input", status=400, title="Input could not be read")
"""A file or archive that exists but cannot be read (permissions, a truncated archive). The
command line's own kind: the API never reads files."""

_NDJSON_SUFFIXES = (".ndjson", ".jsonl", ".ndjson.gz", ".jsonl.gz")
_WARC_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz", ".arc", ".arc.gz")
_WARC_MAGIC = (b"WARC/", b"filedesc://")
_PAGE_PAYLOADS = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")
_HTML_PAYLOADS = ("text/html", "application/xhtml+xml")
_DOCUMENT_RECORDS = frozenset({"response", "resource", "conversion"})
_BROKEN_ARCHIVE: tuple[type[Exception], ...] = (
    EOFError,
    ValueError,
    zlib.error,
    AttributeError,
    KeyError,
)
"""What warcio raises on a truncated or malformed archive besides its own ArchiveLoadFailed:
on a record whose headers were cut off, whatever the parse of the missing header trips over."""


class _LineReader(Protocol):
    """A binary file or a gzip stream: what the NDJSON reader needs of its input."""

    def readline(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True, slots=True)
class PageHints:
    """What the command line says about every page: kind, charset and field hints."""

    kind: Literal["auto", "html", "text"] = "auto"
    charset: str | None = None
    url: str | None = None
    language: str | None = None
    reference_time: datetime | None = None
    max_bytes: int = 10 * 1024 * 1024


@dataclass(slots=True)
class Tally:
    """What the readers passed over: archive records that are not pages, by reason."""

    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def expand(names: Iterable[str]) -> list[str]:
    """Inputs with each directory replaced by the files under it, in path order (so a run's
    output order is reproducible); hidden files and directories are left out."""
    expanded: list[str] = []
    for name in names:
        path = Path(name)
        if name != "-" and path.is_dir():
            expanded.extend(
                str(p)
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            expanded.append(name)
    return expanded


def format_of(name: str, head: bytes) -> InputFormat:
    """An input's format by extension, else by its first bytes (WARC headers; gzip members
    are peeked into)."""
    lower = name.lower()
    if lower.endswith(_NDJSON_SUFFIXES):
        return "ndjson"
    if lower.endswith(_WARC_SUFFIXES):
        return "warc"
    if head.startswith(b"\x1f\x8b"):
        head = _gunzip_prefix(head)
    return "warc" if head.lstrip().startswith(_WARC_MAGIC) else "page"


def _gunzip_prefix(data: bytes) -> bytes:
    """As much of a gzip stream's start as ``data`` holds (a peek cuts the member short)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data)
    except zlib.error:
        return b""


def read_inputs(
    names: Iterable[str],
    stdin: BinaryIO,
    *,
    hints: PageHints,
    force: InputFormat = "auto",
    tally: Tally | None = None,
) -> Iterator[Source | Unreadable]:
    """Every document of every input, in order."""
    tally = tally or Tally()
    for name in names:
        doc_id = "<stdin>" if name == "-" else name
        try:
            handle: BinaryIO = stdin if name == "-" else Path(name).open("rb")  # noqa: SIM115
        except FileNotFoundError:
            yield Unreadable(id=doc_id, problem=problem(NOT_FOUND, f"no such file: {name}"))
            continue
        except OSError as exc:
            yield Unreadable(id=doc_id, problem=_unreadable(name, exc))
            continue
        try:
            yield from _read_one(name, doc_id, handle, hints=hints, force=force, tally=tally)
        except OSError as exc:
            yield Unreadable(id=doc_id, problem=_unreadable(name, exc))
        finally:
            if handle is not stdin:
                handle.close()


def _read_one(
    name: str,
    doc_id: str,
    handle: BinaryIO,
    *,
    hints: PageHints,
    force: InputFormat,
    tally: Tally,
) -> Iterator[Source | Unreadable]:
    kind = force
    if kind == "auto":
        kind = format_of(name, peek(handle))
    if kind == "ndjson":
        if name.lower().endswith(".gz"):
            with gzip.open(handle) as unzipped:
                yield from _ndjson(unzipped, hints.max_bytes)
        else:
            yield from _ndjson(handle, hints.max_bytes)
    elif kind == "warc":
        yield from _warc(doc_id, handle, hints, tally)
    else:
        data = handle.read(hints.max_bytes + 1)
        if len(data) > hints.max_bytes:
            yield Unreadable(
                id=doc_id,
                problem=problem(
                    DOCUMENT_TOO_LARGE,
                    f"expected a document of at most {hints.max_bytes} bytes; {name} is larger",
                ),
            )
            return
        yield Source(
            content=data,
            id=doc_id,
            name=None if name == "-" else name,
            kind=hints.kind,
            charset=hints.charset,
            url=hints.url,
            language=hints.language,
            reference_time=hints.reference_time,
        )


def peek(handle: BinaryIO) -> bytes:
    """The first bytes of ``handle`` without consuming them (stdin cannot seek)."""
    peek = getattr(handle, "peek", None)
    if peek is not None:
        return bytes(peek(64))[:64]
    position = handle.tell()
    head = handle.read(64)
    handle.seek(position)
    return head


def _ndjson(handle: _LineReader, max_bytes: int) -> Iterator[Source | Unreadable]:
    """One JSON document per line. A line over the size limit is refused without being held
    in memory: only its first ``max_bytes`` are read, the rest is skipped in chunks."""
    while True:
        raw = handle.readline(max_bytes + 1)
        if not raw:
            return
        line = raw.rstrip(b"\r\n")
        if len(line) > max_bytes:
            skipped = len(raw) + (0 if raw.endswith(b"\n") else _skip_line(handle))
            yield Unreadable(
                id=None,
                problem=problem(
                    DOCUMENT_TOO_LARGE,
                    f"expected a line of at most {max_bytes} bytes, got {skipped} bytes",
                ),
            )
        elif not line.strip():
            yield Unreadable(
                id=None,
                problem=problem(
                    INVALID_JSON, "expected a JSON document on this line; got an empty line"
                ),
            )
        else:
            yield Source(content=line, kind="json")


def _skip_line(handle: _LineReader) -> int:
    """Read past the rest of the current line; how many bytes that was."""
    skipped = 0
    while chunk := handle.readline(1 << 20):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _warc(
    doc_id: str, handle: BinaryIO, hints: PageHints, tally: Tally
) -> Iterator[Source | Unreadable]:
    # Imported here: warcio (and fsspec, which it imports when installed) is a tenth of a
    # second that runs without archives do not need to pay.
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    broken = (ArchiveLoadFailed, *_BROKEN_ARCHIVE)
    try:
        for record in ArchiveIterator(handle, arc2warc=True):
            if record.rec_type not in _DOCUMENT_RECORDS:
                tally.skip(f"{record.rec_type} records")
                continue
            try:
                source = _record_source(record, hints, tally)
            except broken as exc:  # this record's payload; the next may be fine
                record_id = record.rec_headers.get_header("WARC-Record-ID")
                source = Unreadable(
                    id=record_id,
                    problem=problem(UNREADABLE_INPUT, f"the record could not be read: {exc}"),
                )
            if source is not None:
                yield source
    except broken as exc:
        yield Unreadable(
            id=doc_id,
            problem=problem(UNREADABLE_INPUT, f"the archive could not be read further: {exc}"),
        )


def _record_source(record: object, hints: PageHints, tally: Tally) -> Source | Unreadable | None:
    """The page in one archive record, or None when its payload is not a page."""
    headers = record.rec_headers  # type: ignore[attr-defined]
    record_id = headers.get_header("WARC-Record-ID") or headers.get_header("WARC-Target-URI")
    url = headers.get_header("WARC-Target-URI") or hints.url
    content_type = ""
    http = getattr(record, "http_headers", None)
    if http is not None:
        status = http.get_statuscode()
        if status and not str(status).startswith("2"):
            tally.skip(f"HTTP {status} responses")
            return None
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = headers.get_header("Content-Type") or ""
    media, charset = _media_type(content_type)
    if media and not media.startswith(_PAGE_PAYLOADS):
        tally.skip(f"{media} payloads")
        return None
    data = record.content_stream().read(hints.max_bytes + 1)  # type: ignore[attr-defined]
    if len(data) > hints.max_bytes:
        return Unreadable(
            id=record_id,
            problem=problem(
                DOCUMENT_TOO_LARGE, f"expected a page of at most {hints.max_bytes} bytes"
            ),
        )
    if record.rec_type == "conversion":  # type: ignore[attr-defined]
        kind: Literal["auto", "html", "text"] = "text"
    elif media.startswith(_HTML_PAYLOADS):
        kind = "html"
    else:
        kind = hints.kind
    return Source(
        content=data,
        id=record_id,
        url=url,
        language=hints.language,
        reference_time=warc_date(headers.get_header("WARC-Date")) or hints.reference_time,
        kind=kind,
        charset=hints.charset or _known(charset),
    )


def _known(charset: str | None) -> str | None:
    """A server's declared charset when Python knows it; else None, so the page's own
    ``<meta charset>`` and detection decide (a typo in a header must not fail the page)."""
    if not charset:
        return None
    try:
        codecs.lookup(charset)
    except LookupError:
        return None
    return charset


def _media_type(content_type: str) -> tuple[str, str | None]:
    """``text/html; charset=utf-8`` as (``text/html``, ``utf-8``)."""
    media, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset


def warc_date(value: str | None) -> datetime | None:
    """A capture date (WARC-Date, ISO 8601) as a reference time, or None when unreadable or
    outside the years a page may date from."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if 1900 <= parsed.year <= 2199 else None


def _unreadable(name: str, exc: OSError) -> Problem:
    return problem(UNREADABLE_INPUT, f"could not read {name}: {exc.strerror or exc}")


__all__ = [
    "UNREADABLE_INPUT",
    "InputFormat",
    "PageHints",
    "Tally",
    "expand",
    "format_of",
    "peek",
    "read_inputs",
]
