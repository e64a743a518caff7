"""Command line: normalize files with the same pipeline, decoding and errors as the API.

    article-normalizer normalize page.txt              # one article as indented JSON
    article-normalizer normalize a.html b.txt          # one result line per file (NDJSON)
    article-normalizer normalize --ndjson docs.jsonl   # RawDocument lines in, result lines out
    cat page.html | article-normalizer normalize -     # stdin; text or HTML is sniffed

Result lines have the API's batch-entry shape (``index``, ``id``, ``ok``, ``article`` or
``error``). The exit status is 0 when every document was normalized, 1 when any failed, 2 on
usage errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import msgspec

from service.api.documents import BatchEntry, DocumentFailure, Normalizer, entry_for, run_document
from service.api.problems import INVALID_JSON, problem
from service.api.runner import BudgetedNormalizer
from service.api.settings import Settings
from service.decoding import UnsupportedCharsetError, decode_html_body, decode_text
from service.normalize import RawDocument
from service.normalize.models import WarningCode

_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<div", b"<p>")
_encoder = msgspec.json.Encoder()


def looks_like_html(name: str, data: bytes) -> bool:
    """HTML by extension, else by markup near the start (a text dump rarely opens with tags)."""
    suffix = Path(name).suffix.lower()
    if suffix in _HTML_SUFFIXES:
        return True
    if suffix in {".txt", ".text"}:
        return False
    head = data[:2048].lstrip().lower()
    return head.startswith(b"<") and any(marker in head for marker in _HTML_MARKERS)


def document_from_bytes(
    name: str,
    data: bytes,
    *,
    force: str | None,
    charset: str | None,
    url: str | None,
    language: str | None,
    reference_time: datetime | None,
) -> tuple[RawDocument, list[WarningCode]]:
    """A :class:`RawDocument` from a file's bytes, with decoding warnings."""
    is_html = force == "html" or (force is None and looks_like_html(name, data))
    decoded = decode_html_body(data, charset) if is_html else decode_text(data, charset)
    fields = {
        "html" if is_html else "text": decoded.text,
        "url": url,
        "language": language,
        "reference_time": reference_time,
        "id": name,
    }
    return msgspec.convert(fields, RawDocument), decoded.warnings


def _read(name: str, stdin: BinaryIO) -> bytes:
    return stdin.read() if name == "-" else Path(name).read_bytes()


def _lines(names: Sequence[str], stdin: BinaryIO) -> Iterator[bytes]:
    """Lines of every input, read one at a time (memory stays flat on large files)."""
    for name in names:
        if name == "-":
            yield from (line.rstrip(b"\r\n") for line in stdin)
            continue
        with Path(name).open("rb") as handle:
            yield from (line.rstrip(b"\r\n") for line in handle)


def _parser() -> argparse.ArgumentParser:
    defaults = Settings()
    parser = argparse.ArgumentParser(
        prog="article-normalizer",
        description="Turn scraped news pages (text or HTML) into clean JSON articles.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    norm = commands.add_parser(
        "normalize",
        help="normalize files (or stdin with '-')",
        description="Normalize each FILE. One file: the article as indented JSON. Several "
        "files or --ndjson: one result line per document, as the API's batch entries.",
    )
    norm.add_argument("files", nargs="+", metavar="FILE", help="a file, or '-' for stdin")
    norm.add_argument(
        "--ndjson",
        action="store_true",
        help="inputs are NDJSON, one RawDocument JSON object per line; output is NDJSON",
    )
    kind = norm.add_mutually_exclusive_group()
    kind.add_argument("--html", dest="force", action="store_const", const="html")
    kind.add_argument("--text", dest="force", action="store_const", const="text")
    norm.add_argument("--charset", help="the files' character encoding (default: sniffed)")
    norm.add_argument("--url", help="where the page was scraped from (a hint)")
    norm.add_argument("--language", help="ISO 639-1 hint, e.g. en")
    norm.add_argument(
        "--reference-time",
        type=datetime.fromisoformat,
        help="when the page was scraped, RFC 3339 (default: now)",
    )
    norm.add_argument(
        "--budget",
        type=float,
        default=defaults.document_time_budget_s,
        help="seconds one document may take (default: %(default)s)",
    )
    norm.add_argument(
        "--max-document-bytes",
        type=int,
        default=defaults.max_document_bytes,
        help="largest document or NDJSON line in bytes (default: %(default)s)",
    )
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: BinaryIO | None = None,
    stdout: BinaryIO | None = None,
    normalizer: Normalizer | None = None,
) -> int:
    """Run the command line; returns the exit status. I/O is swappable for tests."""
    args = _parser().parse_args(argv)
    source = stdin or sys.stdin.buffer
    out = stdout or sys.stdout.buffer
    runner = normalizer or BudgetedNormalizer(args.budget)
    now = datetime.now(UTC)
    try:
        if args.ndjson:
            return _run_ndjson(args, source, out, runner, now)
        return _run_files(args, source, out, runner, now)
    except (OSError, UnsupportedCharsetError) as exc:
        print(f"article-normalizer: {exc}", file=sys.stderr)
        return 2
    finally:
        if normalizer is None and isinstance(runner, BudgetedNormalizer):
            runner.close()


def _run_ndjson(
    args: argparse.Namespace, stdin: BinaryIO, out: BinaryIO, runner: Normalizer, now: datetime
) -> int:
    failed = False
    for index, line in enumerate(_lines(args.files, stdin)):
        if line.strip():
            entry, _ = entry_for(
                index, line, now=now, normalizer=runner, max_bytes=args.max_document_bytes
            )
        else:
            error = problem(
                INVALID_JSON, "expected a JSON document on this line; got an empty line"
            )
            entry = BatchEntry(index=index, id=None, ok=False, error=error)
        failed = failed or not entry.ok
        out.write(_encoder.encode(entry) + b"\n")
        out.flush()
    return 1 if failed else 0


def _run_files(
    args: argparse.Namespace, stdin: BinaryIO, out: BinaryIO, runner: Normalizer, now: datetime
) -> int:
    failed = False
    single = len(args.files) == 1
    for index, name in enumerate(args.files):
        data = _read(name, stdin)
        doc_id = "<stdin>" if name == "-" else name
        try:
            doc, warnings = document_from_bytes(
                doc_id,
                data,
                force=args.force,
                charset=args.charset,
                url=args.url,
                language=args.language,
                reference_time=args.reference_time,
            )
            article = run_document(doc, now, runner, warnings)
            entry = BatchEntry(index=index, id=doc_id, ok=True, article=article)
        except msgspec.ValidationError as exc:
            print(f"article-normalizer: {exc}", file=sys.stderr)
            return 2
        except DocumentFailure as failure:
            entry = BatchEntry(index=index, id=doc_id, ok=False, error=failure.problem)
        failed = failed or not entry.ok
        if single and entry.article is not None:
            out.write(msgspec.json.format(_encoder.encode(entry.article), indent=2) + b"\n")
        elif single and entry.error is not None:
            out.write(msgspec.json.format(_encoder.encode(entry.error), indent=2) + b"\n")
        else:
            out.write(_encoder.encode(entry) + b"\n")
        out.flush()
    return 1 if failed else 0
