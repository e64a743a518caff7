"""Dump every corpus page's article as one JSON line, to check a refactor changes nothing.

A behaviour-preserving change must leave these files byte-identical: dump before, dump after,
``cmp`` the two. The reference time is fixed so the dump depends on the code and the pages only.

    python -m bench.dump_articles --out /tmp/before            # both corpora, both modes
    python -m bench.dump_articles --out /tmp/after --limit 300 --corpus dev --mode text
    cmp /tmp/before/dev-text.jsonl /tmp/after/dev-text.jsonl
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

import msgspec

from bench.corpus import DevPage, iter_dev, iter_multidev

REFERENCE = datetime(2024, 1, 1, tzinfo=UTC)
"""The clock every page is normalized against (the quality benches' reference)."""

CORPORA = ("dev", "multidev")
MODES = ("text", "html")
_CHUNK = 8


def _pages(shared: Path, corpus: str, limit: int | None) -> Iterator[DevPage]:
    pages = iter_dev if corpus == "dev" else iter_multidev
    return islice(pages(shared, with_html=True), limit)


def dump_one(task: tuple[str, str | None, str, str]) -> bytes:
    """One page's article as a JSON line, or the error it raised (so every page has a line)."""
    from article_normalizer.normalize import NormalizeError, RawDocument, normalize

    page_id, url, mode, content = task
    doc = (
        RawDocument(id=page_id, url=url, text=content)
        if mode == "text"
        else RawDocument(id=page_id, url=url, html=content)
    )
    try:
        article = normalize(doc, now=REFERENCE)
    except NormalizeError as exc:
        return msgspec.json.encode({"id": page_id, "error": type(exc).__name__}) + b"\n"
    return msgspec.json.encode(article) + b"\n"


def _tasks(
    shared: Path, corpus: str, mode: str, limit: int | None
) -> Iterator[tuple[str, str | None, str, str]]:
    for page in _pages(shared, corpus, limit):
        yield page.id, page.url, mode, page.text if mode == "text" else (page.html or "")


def dump(shared: Path, out: Path, corpus: str, mode: str, limit: int | None, jobs: int) -> int:
    """Write ``<out>/<corpus>-<mode>.jsonl``; the number of lines written."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{corpus}-{mode}.jsonl"
    count = 0
    with path.open("wb") as handle:
        if jobs <= 1:
            lines: Iterator[bytes] = map(dump_one, _tasks(shared, corpus, mode, limit))
            for line in lines:
                handle.write(line)
                count += 1
        else:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for line in pool.map(
                    dump_one, _tasks(shared, corpus, mode, limit), chunksize=_CHUNK
                ):
                    handle.write(line)
                    count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, required=True, help="directory for the dump files")
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each corpus")
    parser.add_argument("--corpus", choices=[*CORPORA, "all"], default="all")
    parser.add_argument("--mode", choices=[*MODES, "all"], default="all")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    args = parser.parse_args(argv)
    corpora = CORPORA if args.corpus == "all" else (args.corpus,)
    modes = MODES if args.mode == "all" else (args.mode,)
    for corpus in corpora:
        for mode in modes:
            count = dump(args.shared, args.out, corpus, mode, args.limit, args.jobs)
            print(f"{corpus}-{mode}: {count} articles -> {args.out}/{corpus}-{mode}.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
