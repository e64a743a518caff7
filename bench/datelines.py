"""Score datelines and publication stamps through the full text pipeline.

Two corpora from ``../shared/corpus`` (README there; its scoring rules are binding):

- ``datelines-dev.jsonl.gz`` (Reuters, hard-wrapped, title on the first line): every story runs
  through :func:`article_normalizer.normalize.normalize_text` with the story's publication day as
  the
  reference time (what a scraper knows when it fetches a wire story; it only supplies the year
  of the dateline's date). Printed: location exact and dateline text exact over stories with a
  labelled dateline, date correct (ISO of the labelled date text), and the null rate on the
  stories printed without one. The same figures are printed for :func:`split_dateline` called
  directly on the first paragraph after the title, so a body-stage failure and a dateline-stage
  failure can be told apart.
- ``dev.jsonl.gz`` (``--stamps``): published same-day accuracy of ``text_inscriptis`` against
  ``gt.published`` over the pages with a value, plus how often a stamp was found at all. The
  reference time is fixed after every page in the corpus: the crawl time is unknown, and
  deriving it from the truth would make relative stamps right by construction.

Usage: ``python -m bench.datelines --shared ../shared [--every N] [--stamps] [--json out.json]
[--show-errors K]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from article_normalizer.normalize import normalize_text
from article_normalizer.normalize.fields.dateline import split_dateline
from article_normalizer.normalize.models import Dateline

DATELINES_FILE = Path("corpus") / "datelines-dev.jsonl.gz"
DEV_FILE = Path("corpus") / "dev.jsonl.gz"
STAMPS_REFERENCE = datetime(2025, 1, 1, tzinfo=UTC)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}


def _rows(path: Path, every: int) -> Iterator[dict[str, Any]]:
    if not path.is_file():
        sys.exit(f"corpus file not found: {path} (pass --shared <dir>)")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if n % every == 0:
                yield json.loads(line)


def _published_day(text: str) -> datetime:
    """``27-MAR-1987`` as a UTC datetime at noon (the day, not a clock time, is known)."""
    day, month, year = text.split("-")
    return datetime(int(year), _MONTHS[month[:3].lower()], int(day), 12, tzinfo=UTC)


def _gt_date(date_text: str | None, year: int) -> str | None:
    """The labelled dateline date (``March 27``) as ISO with the story's year."""
    if not date_text:
        return None
    match = re.match(r"([A-Za-z]+)\.?\s+(\d{1,2})", date_text)
    if not match:
        return None
    month = _MONTHS.get(match.group(1)[:3].lower())
    return date(year, month, int(match.group(2))).isoformat() if month else None


def _first_paragraph(text: str) -> str:
    """The first paragraph after the title, unwrapped: the direct input of split_dateline."""
    parts = text.split("\n\n", 1)
    body = parts[1] if len(parts) > 1 else parts[0]
    lines = body.strip("\n").split("\n")
    paragraph = [lines[0].strip()]
    for line in lines[1:]:
        if not line.strip() or line.startswith((" ", "\t")):
            break
        paragraph.append(line.strip())
    return " ".join(paragraph)


class _Tally:
    """Counts for one way of obtaining a dateline (pipeline or direct)."""

    def __init__(self) -> None:
        self.positives = 0
        self.negatives = 0
        self.location = 0
        self.text = 0
        self.date = 0
        self.null_on_negative = 0
        self.errors: list[str] = []

    def add(self, row: dict[str, Any], got: Dateline | None, year: int | None) -> None:
        gt = row["gt"]
        if gt["dateline"] is None:
            self.negatives += 1
            if got is None:
                self.null_on_negative += 1
            else:
                self.errors.append(f"{row['id']}: invented {got.text!r}")
            return
        self.positives += 1
        ok_location = got is not None and got.location == gt["location"]
        self.location += ok_location
        self.text += got is not None and got.text == gt["dateline"]
        expected = _gt_date(gt["date_text"], year) if year else None
        self.date += got is not None and expected is not None and got.date == expected
        if not ok_location:
            shown = None if got is None else (got.text, got.location)
            self.errors.append(f"{row['id']}: want {gt['dateline']!r} got {shown!r}")

    def figures(self) -> dict[str, float]:
        pos = max(self.positives, 1)
        return {
            "stories_with_dateline": self.positives,
            "stories_without": self.negatives,
            "location_exact": self.location / pos,
            "text_exact": self.text / pos,
            "date_correct": self.date / pos,
            "null_on_negatives": self.null_on_negative / max(self.negatives, 1),
        }


def bench_datelines(shared: Path, every: int) -> dict[str, Any]:
    pipeline, direct = _Tally(), _Tally()
    pipeline_failures: Counter[str] = Counter()
    started = time.perf_counter()
    for row in _rows(shared / DATELINES_FILE, every):
        gt = row["gt"]
        reference = _published_day(gt["published_day"]) if gt.get("published_day") else None
        anchor = reference or STAMPS_REFERENCE
        try:
            article = normalize_text(row["text"], reference_time=anchor)
        except Exception as exc:  # a broken stage elsewhere must not hide the direct figures
            pipeline_failures[type(exc).__name__] += 1
            pipeline.add(row, None, anchor.year)
        else:
            pipeline.add(row, article.dateline, anchor.year)
        got, _ = split_dateline(_first_paragraph(row["text"]), language="en", anchor=anchor.date())
        direct.add(row, got, anchor.year)
    seconds = time.perf_counter() - started
    return {
        "pipeline": pipeline.figures() | {"pipeline_errors": dict(pipeline_failures)},
        "direct_split_dateline": direct.figures(),
        "seconds": round(seconds, 1),
        "_errors": {"pipeline": pipeline.errors, "direct": direct.errors},
    }


def bench_stamps(shared: Path, every: int) -> dict[str, Any]:
    total = found = same = 0
    failures: Counter[str] = Counter()
    errors: list[str] = []
    started = time.perf_counter()
    for row in _rows(shared / DEV_FILE, every):
        truth = (row.get("gt") or {}).get("published")
        if not truth:
            continue
        total += 1
        try:
            article = normalize_text(
                row.get("text_inscriptis") or "",
                reference_time=STAMPS_REFERENCE,
                url=row.get("url"),
            )
        except Exception as exc:  # reported, counted as a miss
            failures[type(exc).__name__] += 1
            continue
        if article.published:
            found += 1
        if article.published and article.published[:10] == truth[:10]:
            same += 1
        else:
            errors.append(f"{row['id']}: want {truth} got {article.published_raw!r}")
    seconds = time.perf_counter() - started
    return {
        "pages_with_gt_published": total,
        "published_found": found / max(total, 1),
        "published_same_day": same / max(total, 1),
        "precision_same_day": same / max(found, 1),
        "pipeline_errors": dict(failures),
        "seconds": round(seconds, 1),
        "_errors": errors,
    }


def _print(title: str, figures: dict[str, Any]) -> None:
    print(title)
    for key, value in figures.items():
        if key.startswith("_"):
            continue
        if isinstance(value, dict):
            _print(f"  {key}", value)
        elif isinstance(value, float):
            print(f"    {key:<24} {value:.3f}")
        else:
            print(f"    {key:<24} {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--every", type=int, default=1, help="score every N-th story only")
    parser.add_argument("--stamps", action="store_true", help="also score published stamps")
    parser.add_argument("--only-stamps", action="store_true", help="score published stamps only")
    parser.add_argument("--show-errors", type=int, default=0, metavar="K")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {}
    if not args.only_stamps:
        results["datelines"] = bench_datelines(args.shared, args.every)
        _print("datelines (datelines-dev.jsonl.gz)", results["datelines"])
        for name, errors in results["datelines"]["_errors"].items():
            for line in errors[: args.show_errors]:
                print(f"  [{name}] {line}")
    if args.stamps or args.only_stamps:
        results["stamps"] = bench_stamps(args.shared, args.every)
        _print("published stamps (dev.jsonl.gz text_inscriptis)", results["stamps"])
        for line in results["stamps"]["_errors"][: args.show_errors]:
            print(f"  {line}")
    if args.json:
        clean = {k: {kk: vv for kk, vv in v.items() if kk != "_errors"} for k, v in results.items()}
        args.json.write_text(json.dumps(clean, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
