"""Our own code beside the well-kept library that could replace it, measured in one run.

Where a library does the job as well, the project depends on it (langcodes for ISO 639 codes,
webencodings for charset labels); where ours stays, this prints why, so the choice can be
re-checked when either side changes. Each comparison is skipped, with a line saying so, when
its library is not installed: they are not the service's dependencies (``make bench-libraries``
installs the ``compare`` extra first).

    python -m bench.libraries --shared ../shared --pages 300
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import multiprocessing
import re
import statistics
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from bench.corpus import load_dev

ROUNDS = 5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--pages", type=int, default=300, help="dev pages to measure on")
    parser.add_argument("--documents", type=int, default=200, help="documents through each pool")
    args = parser.parse_args(argv)
    pages = load_dev(args.shared, limit=args.pages, with_html=True)
    print(f"# our code beside a library, {len(pages)} dev pages, median of {ROUNDS} rounds\n")
    print("| job | ours | library | what decides |")
    print("| --- | --- | --- | --- |")
    _import_costs()
    _metadata(pages)
    _lexicon(pages)
    _pool(pages, args.documents)
    return 0


def _installed(module: str) -> bool:
    if importlib.util.find_spec(module) is None:
        print(f"| {module} | | not installed: skipped | |")
        return False
    return True


def _import_ms(statement: str) -> float:
    """A fresh interpreter's cost of ``statement``, median of a few: what a one-page command
    line run pays before its first document."""
    code = (
        "import time; t = time.perf_counter(); "
        f"{statement}; print((time.perf_counter() - t) * 1000)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], check=True, capture_output=True, text=True
            ).stdout
        )
        for _ in range(ROUNDS)
    ]
    return statistics.median(runs)


def _import_costs() -> None:
    pairs = [
        ("CLI parsing", "import argparse", "click", "import click"),
        ("CLI parsing", "import argparse", "typer", "import typer"),
        (
            "ISO 639 folding (swapped; imported on a 3-letter code only)",
            "pass",
            "langcodes",
            "import langcodes",
        ),
        ("JSON-LD and OpenGraph", "pass", "extruct", "from extruct.jsonld import JsonLdExtractor"),
    ]
    for job, ours, module, theirs in pairs:
        if not _installed(module):
            continue
        print(
            f"| {job}: import | {_import_ms(ours):.1f} ms | {module} {_import_ms(theirs):.1f} ms "
            "| the one-page command line start (< 1 s) |"
        )


def _per_item_ms(fn: Callable[[Any], object], items: Iterable[Any]) -> float:
    items = list(items)
    rounds = []
    for _ in range(ROUNDS):
        start = time.process_time()
        for item in items:
            fn(item)
        rounds.append((time.process_time() - start) * 1000 / len(items))
    return statistics.median(rounds)


def _metadata(pages: list[Any]) -> None:
    if not _installed("extruct"):
        return
    from extruct.jsonld import JsonLdExtractor
    from extruct.opengraph import OpenGraphExtractor

    from article_normalizer.normalize.html.metadata import read_metadata
    from article_normalizer.normalize.html.parse import parse_html

    trees = [parse_html(page.html) for page in pages if page.html]
    jsonld, opengraph = JsonLdExtractor(), OpenGraphExtractor()

    def ours(tree: Any) -> None:
        read_metadata(tree)

    def theirs(tree: Any) -> None:
        with contextlib.suppress(ValueError):  # extruct raises on malformed JSON-LD
            jsonld.extract_items(tree)
        opengraph.extract_items(tree)

    print(
        f"| JSON-LD and OpenGraph: a page | {_per_item_ms(ours, trees):.3f} ms (all metadata: "
        f"JSON-LD resolved, meta tags, trafilatura's fallback) | extruct "
        f"{_per_item_ms(theirs, trees):.3f} ms (raw items only) | import cost and the "
        "dependencies it brings (rdflib, pyRdfa, mf2py) |"
    )


def _lexicon(pages: list[Any]) -> None:
    if not _installed("ahocorasick"):
        return
    import ahocorasick

    from article_normalizer.rules.clutter import _CLUTTER_DIR, load_clutter, normalize_line

    lexicon = load_clutter("en")
    index = lexicon.phrase_index
    assert index is not None
    with (_CLUTTER_DIR / "en.toml").open("rb") as handle:
        data = tomllib.load(handle)
    automaton = ahocorasick.Automaton()
    for kind, table in data.items():
        for phrase in table.get("phrases", []) if isinstance(table, dict) else []:
            automaton.add_word(normalize_line(phrase).lower(), kind)
    automaton.make_automaton()
    lines = [normalize_line(line) for page in pages for line in page.text.splitlines() if line]
    word = re.compile(r"\w")
    token = re.compile(r"\w+")

    def ours(line: str) -> object:
        words = frozenset(token.findall(line.lower())) if line.isascii() else None
        return lexicon.may_contain_phrase(line, words) and index.search(line)

    def theirs(line: str) -> object:
        lowered = line.lower()
        for end, _kind in automaton.iter(lowered):
            after = lowered[end + 1 : end + 2]
            if not after or not word.match(after):
                return True
        return False

    print(
        f"| clutter phrases ({len(automaton)} English entries): a line | "
        f"{_per_item_ms(ours, lines) * 1000:.2f} µs | pyahocorasick "
        f"{_per_item_ms(theirs, lines) * 1000:.2f} µs (end boundary only) | "
        "pays only as one pass over the whole page (issue 16's line engine) |"
    )


def _pool(pages: list[Any], documents: int) -> None:
    if not _installed("pebble"):
        return
    from pebble import ProcessPool

    from article_normalizer.normalize import DEFAULT_LIMITS, RawDocument, normalize
    from article_normalizer.serving.execution import DocumentPool

    now = datetime(2026, 1, 1, tzinfo=UTC)
    docs = [RawDocument(text=page.text) for page in pages[:documents]]
    ours = DocumentPool(processes=1)
    unrecycled = DocumentPool(processes=1, recycle_rss_mb=None)
    theirs = ProcessPool(max_workers=1, context=multiprocessing.get_context("forkserver"))

    def run_ours(doc: RawDocument) -> object:
        return ours.run(doc, now=now, budget_s=30, limits=DEFAULT_LIMITS)

    def run_unrecycled(doc: RawDocument) -> object:
        return unrecycled.run(doc, now=now, budget_s=30, limits=DEFAULT_LIMITS)

    def run_theirs(doc: RawDocument) -> object:
        return theirs.schedule(normalize, args=(doc,), kwargs={"now": now}, timeout=30).result()

    runners = {"ours": run_ours, "unrecycled": run_unrecycled, "pebble": run_theirs}
    try:
        for run in runners.values():
            run(docs[0])
        timings: dict[str, list[float]] = {name: [] for name in runners}
        for _ in range(ROUNDS):  # interleaved, so a change in the machine's load hits all three
            for name, run in runners.items():
                start = time.perf_counter()
                for doc in docs:
                    run(doc)
                timings[name].append((time.perf_counter() - start) * 1000 / len(docs))
    finally:
        ours.close()
        unrecycled.close()
        cast(Any, theirs).stop()  # pebble is untyped
        theirs.join()
    ms = {name: statistics.median(values) for name, values in timings.items()}
    print(
        f"| killable pool: a document, round trip | {ms['ours']:.2f} ms "
        f"({ms['unrecycled']:.2f} ms without recycling by resident memory) | "
        f"pebble {ms['pebble']:.2f} ms | recycling by resident memory, one large document at a "
        "time, the load the API's admission reads |"
    )


if __name__ == "__main__":
    raise SystemExit(main())
