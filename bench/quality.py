"""Score the text pipeline on the dev corpus (``make bench-quality``).

Runs :func:`article_normalizer.normalize.normalize` on every dev page's ``text_inscriptis``, once
with no
hint and once with the page's ``url`` as hint, and prints, per run:

- body precision / recall / F1 over 4-token shingles (dateline put back in front of the body,
  as the truth keeps it);
- title: exact match against ``gt_extra.title_human`` and token-F1 against ``gt.title``;
- published: same calendar day as ``gt.published``; outlet: equal to ``gt.outlet``;
  each over the pages whose truth has that value;
- documents per second (one process, wall clock of the ``normalize`` calls only).

A "whole text" row (the input returned unchanged as the body) is scored in the same run as a
sanity check of the scorer: the corpus notes put it at 0.675. A per-source body table follows.
Scoring rules live in :mod:`bench.scoring`, shared with ``bench.quality_html``.

Usage: ``python -m bench.quality --shared ../shared [--limit N] [--sample N] [--mode text]
[--json PATH]``. Results go to ``bench/results/quality-<mode>.json`` unless ``--json`` says
otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from article_normalizer.normalize import Article, NormalizeError, RawDocument, normalize
from article_normalizer.normalize.lines import features
from article_normalizer.normalize.lines.blocks import split_blocks
from article_normalizer.normalize.lines.classify import model
from article_normalizer.rules import profile
from bench.corpus import DevPage, load_dev, subsample
from bench.scoring import (
    BodyCounts,
    Tally,
    body_counts,
    body_scores,
    mean,
    with_dateline,
)

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = datetime(2024, 1, 1, tzinfo=UTC)
"""A fixed reference time: the corpus has no scrape times, and runs must be repeatable."""


@dataclass(slots=True)
class Run(Tally):
    """Scores of one way of running the pipeline over the pages, by source and page too."""

    sources: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)

    def add(self, page: DevPage, article: Article | None) -> None:
        body = ""
        if article is not None:
            body = with_dateline(article.body, article.dateline.text if article.dateline else None)
        outlet = article.outlet.name if article and article.outlet else None
        counts = self.score(
            page.gt,
            page.gt_extra,
            body=body,
            title=article.title if article else None,
            published=article.published if article else None,
            outlet=outlet,
        )
        self.sources.append(page.source)
        record: dict[str, Any] = {
            "id": page.id,
            "body_p": round(counts.precision, 4),
            "body_r": round(counts.recall, 4),
            "body_f1": round(counts.f1, 4),
        }
        if article is not None:
            record.update(title=article.title, published=article.published, outlet=outlet)
        self.records.append(record)

    def summary(self, pages: int) -> dict[str, Any]:
        scores = body_scores(self.counts)
        return {
            "run": self.name,
            "pages": pages,
            "body_precision": round(scores.precision, 4),
            "body_recall": round(scores.recall, 4),
            "body_f1": round(scores.f1, 4),
            "empty_bodies": scores.empty_predictions,
            "title_exact_human": _rate(self.title_exact),
            "title_fuzzy_gt": _rate(self.title_f1),
            "published_same_day": _rate(self.published),
            "outlet": _rate(self.outlet),
            "docs_per_second": round(pages / self.seconds, 1) if self.seconds else None,
            "errors": self.errors,
        }

    def by_source(self) -> dict[str, dict[str, float]]:
        grouped: dict[str, list[BodyCounts]] = defaultdict(list)
        for source, counts in zip(self.sources, self.counts, strict=True):
            grouped[source].append(counts)
        out: dict[str, dict[str, float]] = {}
        for source, items in sorted(grouped.items()):
            s = body_scores(items)
            out[source] = {
                "pages": len(items),
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "f1": round(s.f1, 4),
            }
        return out


def _rate(values: list[float]) -> dict[str, float] | None:
    return {"score": round(mean(values), 4), "n": len(values)} if values else None


def run_pipeline(pages: list[DevPage], name: str, *, use_url: bool) -> Run:
    """Normalize every page's text (timing only the ``normalize`` calls) and score it."""
    run = Run(name)
    for page in pages:
        doc = RawDocument(text=page.text, url=page.url if use_url else None)
        started = time.perf_counter()
        try:
            article: Article | None = normalize(doc, now=REFERENCE)
        except NormalizeError:
            article = None
            run.errors += 1
        run.seconds += time.perf_counter() - started
        run.add(page, article)
    return run


def whole_text(pages: list[DevPage]) -> Run:
    """The baseline: the whole input as the body."""
    run = Run("whole text")
    for page in pages:
        run.counts.append(body_counts(page.text, page.gt.get("body") or ""))
        run.sources.append(page.source)
    return run


def classifier_speed(pages: list[DevPage]) -> dict[str, float]:
    """Pages/s of the body classifier alone (segmentation excluded): features, then the model.

    Language is taken as English so detection does not count; a warm-up page loads the model
    and the character table first.
    """
    lines_model = model()
    prof = profile("en")
    split = [split_blocks(page.text)[0] for page in pages]
    split = [blocks for blocks in split if blocks]
    lines_model.predict_page(split[0], prof)
    feature_seconds = model_seconds = 0.0
    for blocks in split:
        started = time.perf_counter()
        matrix = features.extract(blocks, prof)
        middle = time.perf_counter()
        lines_model.predict_features(matrix)
        feature_seconds += middle - started
        model_seconds += time.perf_counter() - middle
    total = feature_seconds + model_seconds
    return {
        "pages": len(split),
        "lines_per_page": round(sum(len(b) for b in split) / len(split), 1),
        "features_ms_per_page": round(1000 * feature_seconds / len(split), 3),
        "model_ms_per_page": round(1000 * model_seconds / len(split), 3),
        "pages_per_second": round(len(split) / total, 1),
    }


def _fmt(rate: dict[str, float] | None) -> str:
    return f"{rate['score']:.3f} ({int(rate['n'])})" if rate else "-"


def print_table(summaries: list[dict[str, Any]], out: Any = sys.stdout) -> None:
    header = (
        f"{'run':<14} {'P':>6} {'R':>6} {'F1':>6} {'title=human':>13} {'title~gt':>13} "
        f"{'published':>13} {'outlet':>13} {'docs/s':>7}"
    )
    print(header, file=out)
    print("-" * len(header), file=out)
    for s in summaries:
        dps = f"{s['docs_per_second']:.1f}" if s["docs_per_second"] else "-"
        print(
            f"{s['run']:<14} {s['body_precision']:>6.3f} {s['body_recall']:>6.3f} "
            f"{s['body_f1']:>6.3f} {_fmt(s['title_exact_human']):>13} "
            f"{_fmt(s['title_fuzzy_gt']):>13} {_fmt(s['published_same_day']):>13} "
            f"{_fmt(s['outlet']):>13} {dps:>7}",
            file=out,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--sample", type=int, default=None, help="N pages spread over the file")
    parser.add_argument("--mode", choices=["text"], default="text")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)

    pages = load_dev(args.shared, limit=args.limit)
    if args.sample:
        pages = subsample(pages, args.sample)
    runs = [
        whole_text(pages),
        run_pipeline(pages, "text", use_url=False),
        run_pipeline(pages, "text+url", use_url=True),
    ]
    summaries = [run.summary(len(pages)) for run in runs]
    speed = classifier_speed(pages)
    print(f"dev corpus, mode {args.mode}, {len(pages)} pages (text_inscriptis)")
    print_table(summaries)
    print()
    print("body F1 by source (text, no hint):")
    for source, s in runs[1].by_source().items():
        print(
            f"  {source:<24} {s['pages']:>5} P {s['precision']:.3f} R {s['recall']:.3f} "
            f"F1 {s['f1']:.3f}"
        )
    print(
        f"\nclassifier alone: {speed['pages_per_second']:.0f} pages/s "
        f"({speed['features_ms_per_page']:.2f} ms features + {speed['model_ms_per_page']:.2f} ms "
        f"model per page, {speed['lines_per_page']:.0f} lines/page, model {model().version})"
    )
    target = args.json or ROOT / "bench" / "results" / f"quality-{args.mode}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        json.dumps(
            {
                "mode": args.mode,
                "pages": len(pages),
                "summary": summaries,
                "by_source": runs[1].by_source(),
                "classifier_speed": speed,
                "pages_detail": {run.name: run.records for run in runs[1:]},
            },
            indent=1,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
