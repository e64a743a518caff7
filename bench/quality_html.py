"""Score the HTML input mode on the dev corpus, beside trafilatura alone in the same run.

For each page (``html`` field) this runs

- ``ours``: the service's :func:`article_normalizer.normalize.normalize` on the HTML (trafilatura's
  extraction, our metadata reader, then the text pipeline);
- ``extract``: :func:`article_normalizer.normalize.html.extract.extract_html` alone, its text
  without the prepended title (what the pipeline starts from: shows what the pipeline adds or
  loses);
- ``trafilatura`` and ``trafilatura-precision``: ``bare_extraction`` with its defaults and with
  ``favor_precision``, metadata included (the baselines the issue is measured against).

and prints body P/R/F1 (dateline put back in front), title token-F1 against ``gt.title`` and
exact match against ``gt_extra.title_human``, published same-day, outlet, and docs/s. Scoring
follows ``../shared/corpus/README.md`` through :mod:`bench.scoring`.

Usage: ``python -m bench.quality_html --shared ../shared [--every 10] [--focus balanced]
[--systems ours,extract] [--pool 100] [--json out.json]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from article_normalizer.normalize import NormalizeError, RawDocument, normalize
from article_normalizer.normalize.html.extract import ExtractOptions, extract_html
from bench.corpus import DevPage, load_dev, subsample
from bench.scoring import (
    Tally,
    body_scores,
    mean,
    with_dateline,
)

_REFERENCE = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(slots=True)
class Prediction:
    body: str = ""
    title: str | None = None
    published: str | None = None
    outlet: str | None = None


def _row(tally: Tally) -> dict[str, Any]:
    body = body_scores(tally.counts)
    return {
        "system": tally.name,
        "P": body.precision,
        "R": body.recall,
        "F1": body.f1,
        "empty": body.empty_predictions,
        "title_f1": mean(tally.title_f1),
        "title_exact": mean(tally.title_exact),
        "published": mean(tally.published),
        "outlet": mean(tally.outlet),
        "docs_s": len(tally.counts) / tally.seconds if tally.seconds else 0.0,
        "errors": tally.errors,
    }


def _ours(page: DevPage) -> Prediction:
    article = normalize(RawDocument(html=page.html, url=page.url), now=_REFERENCE)
    dateline = article.dateline.text if article.dateline else None
    return Prediction(
        body=with_dateline(article.body, dateline),
        title=article.title,
        published=article.published,
        outlet=article.outlet.name if article.outlet else None,
    )


def _extract_only(options: ExtractOptions) -> Callable[[DevPage], Prediction]:
    def run(page: DevPage) -> Prediction:
        assert page.html is not None
        bare = ExtractOptions(focus=options.focus, prepend_title=False)
        extracted = extract_html(page.html, page.url, options=bare)
        meta = extracted.metadata
        return Prediction(
            body=extracted.text,
            title=meta.title,
            published=meta.published,
            outlet=meta.site_name,
        )

    return run


def _trafilatura(**kwargs: Any) -> Callable[[DevPage], Prediction]:
    from trafilatura import bare_extraction

    def run(page: DevPage) -> Prediction:
        doc = bare_extraction(page.html, url=page.url, with_metadata=True, **kwargs)
        if doc is None:
            return Prediction()
        fields = doc if isinstance(doc, dict) else doc.as_dict()
        return Prediction(
            body=fields.get("text") or "",
            title=fields.get("title"),
            published=fields.get("date"),
            outlet=fields.get("sitename"),
        )

    return run


def pool_overhead(pages: list[DevPage], budget_s: float = 30.0) -> dict[str, float]:
    """docs/s of the same pages in-process and through the one-worker pool (warmed up first)."""
    from article_normalizer.normalize import DEFAULT_LIMITS
    from article_normalizer.serving.execution import DocumentPool

    docs = [RawDocument(html=p.html, url=p.url) for p in pages]

    def inline(doc: RawDocument) -> object:
        return normalize(doc, now=_REFERENCE)

    pool = DocumentPool(1)

    def pooled(doc: RawDocument) -> object:
        return pool.run(doc, now=_REFERENCE, budget_s=budget_s, limits=DEFAULT_LIMITS)

    try:
        pool.warm_up()
        inline_s, pooled_s = _timed(inline, pooled, docs)
    finally:
        pool.close()
    return {
        "pages": len(docs),
        "inline_docs_s": len(docs) / inline_s,
        "pool_docs_s": len(docs) / pooled_s,
        "overhead_ms_per_doc": 1000 * (pooled_s - inline_s) / len(docs),
    }


def _timed(
    first: Callable[[RawDocument], object],
    second: Callable[[RawDocument], object],
    docs: list[RawDocument],
) -> tuple[float, float]:
    """Seconds each runner spends on all ``docs``, alternating document by document so both
    see the same machine load; three warm-up documents first (lazy loading is not measured)."""
    totals = [0.0, 0.0]
    for doc in docs[:3]:
        for run in (first, second):
            with contextlib.suppress(NormalizeError):
                run(doc)
    for doc in docs:
        for i, run in enumerate((first, second)):
            start = time.perf_counter()
            with contextlib.suppress(NormalizeError):
                run(doc)
            totals[i] += time.perf_counter() - start
    return totals[0], totals[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--every", type=int, default=1, help="score every n-th page (spread)")
    parser.add_argument("--focus", default=None, help="score extract-only with this focus too")
    parser.add_argument(
        "--systems",
        default="ours,extract,trafilatura,trafilatura-precision",
        help="comma-separated subset of: ours, extract, trafilatura, trafilatura-precision",
    )
    parser.add_argument("--json", type=Path, default=None, help="write the table here")
    parser.add_argument(
        "--pool",
        type=int,
        default=0,
        metavar="N",
        help="also time N pages in-process vs through the worker pool (execution.DocumentPool)",
    )
    args = parser.parse_args(argv)

    pages = load_dev(args.shared, with_html=True)
    if args.every > 1:
        pages = subsample(pages, max(1, len(pages) // args.every))
    pages = [p for p in pages if p.html and p.gt.get("body")]

    available: dict[str, Callable[[DevPage], Prediction]] = {
        "ours": _ours,
        "extract": _extract_only(ExtractOptions()),
        "trafilatura": _trafilatura(),
        "trafilatura-precision": _trafilatura(favor_precision=True),
    }
    if args.focus:
        available[f"extract-{args.focus}"] = _extract_only(ExtractOptions(focus=args.focus))
    wanted = [name for name in args.systems.split(",") if name]
    if args.focus:
        wanted.append(f"extract-{args.focus}")
    systems = [(Tally(name), available[name]) for name in wanted]

    for tally, run in systems:
        for page in pages:
            start = time.perf_counter()
            try:
                pred = run(page)
            except NormalizeError:
                tally.errors += 1
                pred = Prediction()
            tally.seconds += time.perf_counter() - start
            tally.score(
                page.gt,
                page.gt_extra,
                body=pred.body,
                title=pred.title,
                published=pred.published,
                outlet=pred.outlet,
            )

    rows = [_row(tally) for tally, _ in systems]
    print(f"HTML mode, {len(pages)} dev pages ({args.shared / 'corpus' / 'dev.jsonl.gz'})")
    header = (
        f"{'system':<24}{'P':>7}{'R':>7}{'F1':>7}{'empty':>6}{'tit.f1':>8}{'tit.ex':>8}"
        f"{'publ':>7}{'outlet':>8}{'docs/s':>8}{'err':>5}"
    )
    print(header)
    for r in rows:
        print(
            f"{r['system']:<24}{r['P']:>7.3f}{r['R']:>7.3f}{r['F1']:>7.3f}{r['empty']:>6}"
            f"{r['title_f1']:>8.3f}{r['title_exact']:>8.3f}{r['published']:>7.3f}"
            f"{r['outlet']:>8.3f}{r['docs_s']:>8.1f}{r['errors']:>5}"
        )
    result: dict[str, Any] = {"systems": rows}
    if args.pool:
        overhead = pool_overhead(subsample(pages, args.pool))
        result["pool"] = overhead
        print(
            f"pool overhead on {overhead['pages']} pages: in-process "
            f"{overhead['inline_docs_s']:.1f} docs/s, worker pool {overhead['pool_docs_s']:.1f} "
            f"docs/s ({overhead['overhead_ms_per_doc']:+.1f} ms/doc)"
        )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
