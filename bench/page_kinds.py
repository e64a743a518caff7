"""How often each mode calls a page ``not_an_article``, beside what the page's HTML declares.

Every page of both dev corpora runs through the pipeline as text (``text_inscriptis``) and,
with ``--html``, as HTML. The reference is the page's own declaration (a schema.org product,
collection or list type, or a product og:type, and no article type: ``rules/data/page_types.toml``),
which only some shops make, so it is a silver label: it gives a recall on declared pages, and the
news sources (which declare no such type) give the rate of false warnings. Pages of other sources
warned without a declaration are listed with ``--list`` for a look at their addresses.

Usage: ``python -m bench.page_kinds --shared ../shared [--html] [--every N] [--list]``
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.errors import NormalizeError
from article_normalizer.normalize.html.metadata import read_metadata
from article_normalizer.normalize.html.parse import parse_html
from bench.corpus import DEV_FILE, MULTIDEV_FILE, rows

NOW = datetime(2026, 6, 1, tzinfo=UTC)
WARNING = "not_an_article"


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    source: str
    url: str | None
    html: str
    text: str
    html_mode: bool


@dataclass(frozen=True, slots=True)
class Outcome:
    id: str
    source: str
    url: str | None
    declared: bool
    text: bool
    html: bool | None


def tasks(shared: Path, every: int, html_mode: bool) -> Iterator[Task]:
    n = 0
    for corpus, path in (("dev", DEV_FILE), ("multidev", MULTIDEV_FILE)):
        for row in rows(shared / path, corpus):
            n += 1
            if (n - 1) % every:
                continue
            source = row["source"] if corpus == "multidev" else f"dev/{row['source']}"
            yield Task(
                id=row["id"],
                source=source,
                url=row.get("url"),
                html=row.get("html") or "",
                text=row.get("text_inscriptis") or "",
                html_mode=html_mode,
            )


def _warned(doc: RawDocument) -> bool:
    try:
        return WARNING in normalize(doc, now=NOW).warnings
    except NormalizeError:
        return False


def outcome(task: Task) -> Outcome:
    declared = False
    if task.html:
        try:
            declared = read_metadata(parse_html(task.html), task.url).not_article
        except NormalizeError:
            declared = False
    return Outcome(
        id=task.id,
        source=task.source,
        url=task.url,
        declared=declared,
        text=_warned(RawDocument(text=task.text)) if task.text.strip() else False,
        html=_warned(RawDocument(html=task.html)) if task.html_mode and task.html else None,
    )


def report(outcomes: list[Outcome], html_mode: bool, listing: bool) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for o in outcomes:
        for group in (o.source, "all"):
            counts[group, "pages"] += 1
            counts[group, "declared"] += o.declared
            counts[group, "text"] += o.text
            counts[group, "text_declared"] += o.text and o.declared
            counts[group, "html"] += bool(o.html)
            counts[group, "html_declared"] += bool(o.html) and o.declared
    groups = [*sorted({g for g, _ in counts} - {"all"}), "all"]
    head = (
        f"{'source':22s} {'pages':>6s} {'declared':>9s} | {'text warned':>11s} {'of declared':>11s}"
    )
    if html_mode:
        head += f" | {'html warned':>11s} {'of declared':>11s}"
    print(head)
    print("-" * len(head))
    for g in groups:
        line = (
            f"{g:22s} {counts[g, 'pages']:6d} {counts[g, 'declared']:9d} | "
            f"{counts[g, 'text']:11d} {counts[g, 'text_declared']:11d}"
        )
        if html_mode:
            line += f" | {counts[g, 'html']:11d} {counts[g, 'html_declared']:11d}"
        print(line)
    print(
        "\ndeclared: the HTML declares a product, collection or list type and no article "
        "(silver label); warned: pages answered with the warning not_an_article"
    )
    if listing:
        print("\nwarned in text mode without a declaration:")
        for o in outcomes:
            if o.text and not o.declared:
                print(f"  {o.source:14s} {o.id:40s} {o.url or ''}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--html", action="store_true", help="also run HTML mode")
    parser.add_argument("--every", type=int, default=1, help="every Nth page only")
    parser.add_argument("--list", action="store_true", help="list undeclared warned pages")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args(argv)
    start = time.monotonic()
    with ProcessPoolExecutor(args.processes) as pool:
        outcomes = list(
            pool.map(outcome, tasks(args.shared, max(1, args.every), args.html), chunksize=16)
        )
    report(outcomes, args.html, args.list)
    print(f"({len(outcomes)} pages in {time.monotonic() - start:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
