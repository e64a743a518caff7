"""The documents the benchmarks run on: a fixed, stratified subsample of the dev corpus."""

from __future__ import annotations

import gzip
import json
import statistics
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class BenchPage:
    """One corpus page in both input modes."""

    id: str
    url: str | None
    text: str
    html: str


def load_pages(path: Path, limit: int | None = None) -> list[BenchPage]:
    """Pages of ``path`` (a ``dev.jsonl.gz``), every k-th one when ``limit`` is given.

    Striding rather than taking the first ``limit`` keeps every source of the corpus (it is
    ordered by source, and old table layouts are slower than modern pages), and makes the
    subsample the same in every run.
    """
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    pages = [
        BenchPage(
            id=str(row.get("id", "")),
            url=row.get("url"),
            text=row.get("text_inscriptis") or "",
            html=row.get("html") or "",
        )
        for row in rows
    ]
    return subsample(pages, limit)


def subsample(pages: list[BenchPage], limit: int | None) -> list[BenchPage]:
    """Every k-th page, ``limit`` of them (all pages when ``limit`` is None or too large)."""
    if limit is None or not 0 < limit < len(pages):
        return pages
    stride = len(pages) / limit
    return [pages[int(i * stride)] for i in range(limit)]


def typical_page(pages: list[BenchPage]) -> BenchPage:
    """The page whose text length is the median of ``pages``: the HTTP benchmark's payload.

    The median, not the mean: a few huge pages would otherwise pick an atypically long one.
    """
    usable = [p for p in pages if p.text.strip() and p.html.strip()]
    if not usable:
        raise ValueError("no page has both text and html")
    median = statistics.median(len(p.text) for p in usable)
    return min(usable, key=lambda p: (abs(len(p.text) - median), p.id))
