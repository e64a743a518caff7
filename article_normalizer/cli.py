"""Command line: normalize files, directories, NDJSON and WARC/WET archives on one machine.

    article-normalizer normalize page.txt                  # one article as indented JSON
    article-normalizer normalize pages/ -o out.ndjson      # every file under pages/, NDJSON
    article-normalizer normalize crawl.warc.gz --jobs 2    # archive pages, two processes
    article-normalizer normalize --ndjson docs.jsonl       # RawDocument lines in, results out
    cat page.html | article-normalizer normalize -         # stdin; text or HTML is sniffed

Result lines have the API's batch-entry shape (``index``, ``id``, ``ok``, ``article`` or
``error``), one per document in input order. A bad input (a missing file, a broken line or
record) gets its error entry and the run goes on. The exit status is 0 when every document
was normalized, 1 when any failed, 2 on usage errors.

Built on :class:`article_normalizer.library.Normalizer`: ``--jobs`` is its process count,
``--budget`` its
per-document time budget. A short run starts in well under a second: the processes are forked
from this one (or, with several jobs, from a warm fork server), and the language model is read
from a decompressed copy in the user's cache directory (``--model-cache``).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, BinaryIO

import msgspec

from article_normalizer.inputs import (
    InputFormat,
    PageHints,
    Tally,
    expand,
    format_of,
    peek,
    read_inputs,
)
from article_normalizer.library import DEFAULT_MAX_DOCUMENT_BYTES, Normalizer
from article_normalizer.library import looks_like_html as looks_like_html
from article_normalizer.serving.decoding import UnsupportedCharsetError, decode_text
from article_normalizer.serving.documents import BatchEntry, check_reference_time
from article_normalizer.serving.model_cache import MODEL_CACHE_ENV, set_model_cache
from article_normalizer.version import build_info

_encoder = msgspec.json.Encoder()
_LANGUAGE = re.compile(r"^[a-z]{2}$")
DEFAULT_BUDGET_S = 10.0
"""The API's default ``DOCUMENT_TIME_BUDGET_S``."""


def default_model_cache() -> Path:
    """``$XDG_CACHE_HOME/article-normalizer`` (``~/.cache/article-normalizer``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "article-normalizer"


def _version_text() -> str:
    info = build_info()
    return (
        f"article-normalizer {info.version} "
        f"(model {info.model_version} {info.model_commit}, rules {info.rules_version})"
    )


class _VersionAction(argparse.Action):
    """``--version`` on one unwrapped line (argparse's own action rewraps it), read only
    when asked: the rules digest reads every rules file."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        print(_version_text())
        parser.exit()


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return number


def _positive_float(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {value}")
    return number


def _language(value: str) -> str:
    if not _LANGUAGE.match(value):
        raise argparse.ArgumentTypeError(f"expected an ISO 639-1 code such as en, got {value!r}")
    return value


def _reference_time(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        check_reference_time(parsed, field="--reference-time")
    except Exception as exc:
        raise argparse.ArgumentTypeError(f"expected an RFC 3339 time, got {value!r}") from exc
    return parsed


def _charset(value: str) -> str:
    try:
        decode_text(b"", value)
    except UnsupportedCharsetError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="article-normalizer",
        description="Turn scraped news pages (text or HTML) into clean JSON articles.",
    )
    parser.add_argument(
        "--version", action=_VersionAction, help="print the package, model and rules versions"
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", help="what to do (only: normalize)"
    )
    norm = commands.add_parser(
        "normalize",
        help="normalize files, directories, NDJSON or WARC/WET archives (or stdin with '-')",
        description="Normalize every document of every INPUT. One page file: the article as "
        "indented JSON. Anything more (several files, a directory, NDJSON, an archive): one "
        "result line per document, in input order, as the API's batch entries.",
    )
    norm.add_argument(
        "files",
        nargs="+",
        metavar="INPUT",
        help="a page file (HTML or text), a directory (every file under it, in path order), "
        "an NDJSON file (.ndjson, .jsonl), a WARC/WET archive (.warc, .warc.gz, .wet.gz, or "
        "recognised by its header), or '-' for stdin",
    )
    norm.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the results to FILE instead of stdout",
    )
    norm.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        default=1,
        metavar="N",
        help="documents normalized at once, each in its own process (default: %(default)s)",
    )
    progress = norm.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=None,
        help="show a progress bar on stderr (default: only when stderr is a terminal)",
    )
    progress.add_argument(
        "--no-progress", dest="progress", action="store_false", help="never show a progress bar"
    )
    norm.add_argument(
        "--ndjson",
        action="store_true",
        help="read every input as NDJSON, one RawDocument JSON object per line "
        "(default: by extension)",
    )
    kind = norm.add_mutually_exclusive_group()
    kind.add_argument(
        "--html",
        dest="force",
        action="store_const",
        const="html",
        help="read page files as HTML (default: by extension, then by markup)",
    )
    kind.add_argument(
        "--text",
        dest="force",
        action="store_const",
        const="text",
        help="read page files as plain page text (default: by extension, then by markup)",
    )
    norm.add_argument(
        "--charset",
        type=_charset,
        help="the pages' character encoding (default: UTF-8, then the page's own "
        "<meta charset>, then detection)",
    )
    norm.add_argument("--url", help="where the pages were scraped from (a hint, never fetched)")
    norm.add_argument("--language", type=_language, help="ISO 639-1 hint for every page, e.g. en")
    norm.add_argument(
        "--reference-time",
        type=_reference_time,
        metavar="TIME",
        help="when the pages were scraped, RFC 3339; anchors '2 hours ago' "
        "(default: an archive record's date, else now)",
    )
    norm.add_argument(
        "--budget",
        type=_positive_float,
        default=DEFAULT_BUDGET_S,
        metavar="SECONDS",
        help="seconds one document may take before its process is killed and it gets a "
        "timeout error (default: %(default)s)",
    )
    norm.add_argument(
        "--max-document-bytes",
        type=_positive_int,
        default=DEFAULT_MAX_DOCUMENT_BYTES,
        metavar="BYTES",
        help="largest page, NDJSON line or archive record; larger ones get an error "
        "(default: %(default)s)",
    )
    norm.add_argument(
        "--model-cache",
        metavar="DIR",
        default=str(default_model_cache()),
        help="where to keep the decompressed language model, so later runs start fast; "
        "'' to decompress in memory every time (default: %(default)s)",
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
    previous_cache = os.environ.get(MODEL_CACHE_ENV)
    set_model_cache(Path(args.model_cache) if args.model_cache else None)
    try:
        return _main(args, source, stdout, normalizer)
    finally:  # a caller in the same process (a test, a notebook) gets its environment back
        set_model_cache(Path(previous_cache) if previous_cache else None)


def _main(
    args: argparse.Namespace,
    source: BinaryIO,
    stdout: BinaryIO | None,
    normalizer: Normalizer | None,
) -> int:
    runner = normalizer or Normalizer(
        time_budget_s=args.budget,
        processes=args.jobs,
        max_document_bytes=args.max_document_bytes,
        # One process: fork from this single-threaded one, ready in milliseconds. Several:
        # they are fed from threads, so they come from the warm fork server instead.
        start_method="fork" if args.jobs == 1 else "forkserver",
    )
    try:
        out: BinaryIO = _open_output(args.output) if args.output else (stdout or sys.stdout.buffer)
    except OSError as exc:
        print(f"article-normalizer: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        return _run(args, source, out, runner)
    finally:
        if args.output:
            out.close()
        if normalizer is None:
            runner.close()


def _open_output(name: str) -> BinaryIO:
    """The output file, closed by :func:`main` (it is stdout otherwise, which stays open)."""
    return Path(name).open("wb")


def _run(args: argparse.Namespace, stdin: BinaryIO, out: BinaryIO, runner: Normalizer) -> int:
    names = expand(args.files)
    hints = PageHints(
        kind=args.force or "auto",
        charset=args.charset,
        url=args.url,
        language=args.language,
        reference_time=args.reference_time,
        max_bytes=args.max_document_bytes,
    )
    formats = [_format(name, stdin) for name in names]
    single_page = (
        not args.ndjson
        and len(args.files) == 1
        and names == args.files
        and formats in (["page"], [None])  # one page, or one file that cannot be opened
    )
    # A known total only when every input is one page (files and directories listed above).
    total = None if args.ndjson or any(f in ("ndjson", "warc") for f in formats) else len(names)
    tally = Tally()
    inputs = read_inputs(
        names, stdin, hints=hints, force="ndjson" if args.ndjson else "auto", tally=tally
    )
    counts = {"ok": 0, "failed": 0}
    with _progress(args.progress, total) as bar:
        for entry in runner.normalize_many(inputs, now=datetime.now(UTC)):
            counts["ok" if entry.ok else "failed"] += 1
            out.write(_render(entry, single_page))
            out.flush()
            bar.update(1)
    for reason, count in sorted(tally.skipped.items()):
        print(f"article-normalizer: skipped {count} archive {reason}", file=sys.stderr)
    if args.progress or (args.progress is None and sys.stderr.isatty()):
        print(
            f"article-normalizer: {counts['ok']} normalized, {counts['failed']} failed",
            file=sys.stderr,
        )
    return 1 if counts["failed"] else 0


def _format(name: str, stdin: BinaryIO) -> InputFormat | None:
    """The input's format from its name and first bytes; None when it cannot be opened (the
    run reports it as an error entry)."""
    if name == "-":
        return format_of(name, peek(stdin))
    try:
        with Path(name).open("rb") as handle:
            return format_of(name, handle.read(64))
    except OSError:
        return None


def _render(entry: BatchEntry, single_page: bool) -> bytes:
    if single_page and entry.article is not None:
        return msgspec.json.format(_encoder.encode(entry.article), indent=2) + b"\n"
    if single_page and entry.error is not None:
        return msgspec.json.format(_encoder.encode(entry.error), indent=2) + b"\n"
    return _encoder.encode(entry) + b"\n"


class _NoBar:
    def update(self, n: int) -> None:
        del n

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _progress(forced: bool | None, total: int | None) -> _NoBar:
    """tqdm's bar on stderr when asked, or by default when stderr is a terminal.

    tqdm's monitor thread is turned off: with one job the worker process is forked from this
    one, which must not have threads then.
    """
    show = forced if forced is not None else sys.stderr.isatty()
    if not show:
        return _NoBar()
    import tqdm

    tqdm.tqdm.monitor_interval = 0
    bar: IO[str] = sys.stderr
    return tqdm.tqdm(  # type: ignore[no-any-return]
        total=total, unit="doc", file=bar, mininterval=0.5, dynamic_ncols=True
    )
