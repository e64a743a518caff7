"""Dump every corpus page's article as one JSON line, to check a refactor changes nothing.

A behaviour-preserving change must leave these files byte-identical: dump before, dump after,
compare the two. The reference time is fixed so the dump depends on the code and the pages only.

    python -m bench.dump_articles --out /tmp/before            # both corpora, both modes
    python -m bench.dump_articles --out /tmp/after --limit 300 --corpus dev --mode text
    python -m bench.dump_articles --out /tmp/after --compare /tmp/before

``--compare`` dumps into ``--out`` first, then lists, file by file, the pages whose lines differ
and the article fields that differ on each (exit status 1 when any does): a golden dump made
before an optimisation is the reference the optimised code must reproduce.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

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


def _differing_fields(before: bytes, after: bytes) -> list[str]:
    """The top-level keys of two JSON lines whose values differ (the whole line if unreadable)."""
    try:
        old: Any = msgspec.json.decode(before)
        new: Any = msgspec.json.decode(after)
    except msgspec.DecodeError:
        return ["<line>"]
    if not isinstance(old, dict) or not isinstance(new, dict):
        return ["<line>"]
    return sorted(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))


def compare(reference: Path, current: Path, names: list[str], *, show: int = 20) -> int:
    """Print the pages whose article differs between the dumps; the number of such pages.

    The files ``names`` are compared line by line, over the lines both have (a dump made with
    ``--limit`` compares against the head of a full one).
    """
    differing = 0
    for name in names:
        path = current / name
        golden = reference / name
        if not golden.exists():
            print(f"{path.name}: no reference file in {reference}")
            continue
        with golden.open("rb") as old_lines, path.open("rb") as new_lines:
            pairs = list(zip(old_lines, new_lines, strict=False))
        diffs: list[tuple[str, list[str]]] = []
        for old, new in pairs:
            if old != new:
                page: Any = msgspec.json.decode(old)
                page_id = str(page.get("id")) if isinstance(page, dict) else "?"
                diffs.append((page_id, _differing_fields(old, new)))
        differing += len(diffs)
        print(f"{path.name}: {len(pairs)} pages compared, {len(diffs)} differ")
        for page_id, fields in diffs[:show]:
            print(f"  {page_id}: {', '.join(fields)}")
        if len(diffs) > show:
            print(f"  ... and {len(diffs) - show} more")
    return differing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, required=True, help="directory for the dump files")
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each corpus")
    parser.add_argument("--corpus", choices=[*CORPORA, "all"], default="all")
    parser.add_argument("--mode", choices=[*MODES, "all"], default="all")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument(
        "--compare",
        type=Path,
        default=None,
        help="after dumping, list the pages and fields that differ from the dump in this directory",
    )
    args = parser.parse_args(argv)
    corpora = CORPORA if args.corpus == "all" else (args.corpus,)
    modes = MODES if args.mode == "all" else (args.mode,)
    names: list[str] = []
    for corpus in corpora:
        for mode in modes:
            names.append(f"{corpus}-{mode}.jsonl")
            count = dump(args.shared, args.out, corpus, mode, args.limit, args.jobs)
            print(f"{corpus}-{mode}: {count} articles -> {args.out}/{corpus}-{mode}.jsonl")
    if args.compare is not None:
        return 1 if compare(args.compare, args.out, names) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
