"""Cost against page size: text mode's CPU milliseconds per 1,000 lines, by page length.

A pipeline whose cost is linear in the page shows the same figure in every bucket; one that
thrashes a cache or walks arrays that outgrow the CPU's cache shows it rising with the size.
Real pages are bucketed by their line count; two synthetic pages of 1 MB and 5 MB are built
by repeating real pages' lines in order (the larger one past the line limit: it measures what
the pipeline does with the part it processes). Lines are those the pipeline processes (the
segmenter's lines, at most ``Limits.max_blocks``).
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench.perf.corpus import BenchPage
from bench.perf.speed import Contender, pipeline_text

BUCKETS: tuple[tuple[int, int | None], ...] = (
    (0, 100),
    (100, 300),
    (300, 1_000),
    (1_000, 3_000),
    (3_000, None),
)
"""``[low, high)`` line counts of the real pages' buckets."""

SYNTHETIC_MB: tuple[float, ...] = (1, 5)
"""Sizes of the synthetic pages, in megabytes of text."""


@dataclass(frozen=True, slots=True)
class Bucket:
    """The pages of one size class and the lines the pipeline processes in them."""

    name: str
    pages: list[BenchPage]
    lines: int


def processed_lines(text: str) -> int:
    """Lines of ``text`` the pipeline processes (after the line limit)."""
    from article_normalizer.normalize.lines.blocks import split_blocks
    from article_normalizer.normalize.pipeline import DEFAULT_LIMITS

    lines, _overflow = split_blocks(text, max_blocks=DEFAULT_LIMITS.max_blocks)
    return len(lines)


def synthetic_page(pages: Sequence[BenchPage], megabytes: float) -> BenchPage:
    """A text page of ``megabytes`` MB made of the pages' lines, page after page, repeated.

    Repetition is what big real pages have too (forum threads, archives, listings); the lines
    are real ones, so every stage has its ordinary work per line.
    """
    target = int(megabytes * 1_000_000)
    lines: list[str] = []
    size = 0
    while size < target:
        before = size
        for page in pages:
            for line in page.text.splitlines():
                lines.append(line)
                size += len(line) + 1
                if size >= target:
                    break
            if size >= target:
                break
        if size == before:
            raise ValueError("the pages have no text to repeat")
    return BenchPage(id=f"synthetic-{megabytes:g}mb", url=None, text="\n".join(lines), html="")


def buckets(
    pages: Sequence[BenchPage],
    synthetic_from: Sequence[BenchPage],
    synthetic_mb: Sequence[float] = SYNTHETIC_MB,
) -> list[Bucket]:
    """The real pages by line count, then one bucket per synthetic page; empty buckets left out."""
    counted = [(page, processed_lines(page.text)) for page in pages if page.text.strip()]
    out: list[Bucket] = []
    for low, high in BUCKETS:
        members = [(p, n) for p, n in counted if n >= low and (high is None or n < high)]
        if members:
            name = f"{low:,}-{high:,} lines" if high is not None else f">= {low:,} lines"
            out.append(Bucket(name, [p for p, _ in members], sum(n for _, n in members)))
    for megabytes in synthetic_mb:
        page = synthetic_page(synthetic_from, megabytes)
        out.append(Bucket(f"synthetic {megabytes:g} MB", [page], processed_lines(page.text)))
    return out


def run_scaling(
    pages: Sequence[BenchPage],
    synthetic_from: Sequence[BenchPage],
    rounds: int,
    *,
    contender: Contender = pipeline_text,
    synthetic_mb: Sequence[float] = SYNTHETIC_MB,
    progress: Callable[[str], None] | None = None,
    reset: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """CPU ms per 1,000 processed lines in each bucket, median over ``rounds`` passes.

    Each round makes one pass per bucket, the order rotating between rounds, line caches
    cleared before each pass (a cold worker), as the speed part does.
    """
    from bench.perf.speed import _clear_pipeline_caches

    reset = reset or _clear_pipeline_caches
    groups = buckets(pages, synthetic_from, synthetic_mb)
    per_round: dict[str, list[float]] = {b.name: [] for b in groups}
    errors: dict[str, int] = {b.name: 0 for b in groups}
    for round_no in range(rounds):
        shift = round_no % len(groups)
        for bucket in groups[shift:] + groups[:shift]:
            reset()
            gc.collect()
            cpu = 0.0
            for page in bucket.pages:
                start = time.process_time()
                try:
                    contender(page)
                except Exception:
                    errors[bucket.name] += 1
                cpu += time.process_time() - start
            per_round[bucket.name].append(1000 * cpu / bucket.lines * 1000)
        if progress:
            progress(f"scaling round {round_no + 1}/{rounds}")
    rows = [
        {
            "bucket": b.name,
            "pages": len(b.pages),
            "lines": b.lines,
            "ms_per_1000_lines": statistics.median(per_round[b.name]),
            "ms_per_page": statistics.median(per_round[b.name]) * b.lines / 1000 / len(b.pages),
            "errors": errors[b.name],
        }
        for b in groups
    ]
    figures = [
        float(statistics.median(per_round[b.name]))
        for b in groups
        if statistics.median(per_round[b.name]) > 0
    ]
    ends = (figures[0], figures[-1]) if figures else None
    return {
        "meta": {"rounds": rounds},
        "buckets": rows,
        "max_over_min": max(figures) / min(figures) if figures else None,
        "largest_vs_smallest": max(ends) / min(ends) if ends else None,
    }
