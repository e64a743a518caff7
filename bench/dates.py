"""Score ``published`` on every dev page with a known date, beside htmldate alone.

The pages: ``gt.published`` of ``dev.jsonl.gz`` and ``gt_meta.published`` of
``multidev.jsonl.xz``. Each page is normalized as HTML (with its url hint, as a scraper sends
it) and as ``text_inscriptis``; htmldate's ``find_date`` runs on the same HTML (extensive
search on, url hint), the tool a user would otherwise call: ``htmldate`` asks it for the
original (publication) date, ``htmldate_latest`` runs its defaults, which prefer the latest
date on the page (an update, a copyright year's day) and so answer a different question than
``published``. A date is right when it names the same calendar day as the truth
(:func:`bench.scoring.same_day`).

Printed per corpus/source and in total: pages, then for each system accuracy (right / pages),
answered (share with any date) and precision (right / answered), and for each of our modes
its pages right minus htmldate's (``html-hd``, ``text-hd``). ``--json`` writes per-page
answers, so a change can be compared page by page.

The reference time is the page's crawl time where the corpus records one (Fundus), else
:data:`REFERENCE`, after every truth date: a declared date is only refused when it lies in the
future of the reference, and a reference before the truth would refuse right answers.

Usage: ``python -m bench.dates --shared ../shared [--every N] [--json out.json]``
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.errors import NormalizeError
from bench.corpus import DEV_FILE, MULTIDEV_FILE, by_group, rows
from bench.scoring import same_day

REFERENCE = datetime(2026, 6, 1, tzinfo=UTC)
SYSTEMS = ("html", "text", "htmldate", "htmldate_latest")


@dataclass(slots=True)
class DatedPage:
    id: str
    group: str
    """``corpus/source``: the row the page is counted in."""
    url: str | None
    html: str
    text: str
    truth: str
    reference: datetime


def dated_pages(shared: Path) -> Iterator[DatedPage]:
    """Every page of both dev corpora whose truth has a published date, in file order."""
    for corpus, path in (("dev", DEV_FILE), ("multidev", MULTIDEV_FILE)):
        for row in rows(shared / path, corpus):
            meta = row.get("gt") if corpus == "dev" else row.get("gt_meta")
            truth = (meta or {}).get("published")
            if not truth or not row.get("html"):
                continue
            yield DatedPage(
                id=row["id"],
                group=f"{corpus}/{row['source']}",
                url=row.get("url"),
                html=row["html"],
                text=row.get("text_inscriptis") or "",
                truth=str(truth),
                reference=_crawled(meta) or REFERENCE,
            )


def _crawled(meta: dict[str, Any] | None) -> datetime | None:
    value = (meta or {}).get("crawl_date")
    if not value:
        return None
    with contextlib.suppress(ValueError):
        parsed = datetime.fromisoformat(str(value))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def answers(page: DatedPage, systems: tuple[str, ...] = SYSTEMS) -> dict[str, str | None]:
    """Each system's published date for ``page`` (None: no answer, or a refused input)."""
    from htmldate import find_date

    found: dict[str, str | None] = {}
    for system, doc in (
        ("html", RawDocument(html=page.html, url=page.url)),
        ("text", RawDocument(text=page.text, url=page.url)),
    ):
        if system not in systems:
            continue
        try:
            found[system] = normalize(doc, now=page.reference).published
        except NormalizeError:
            found[system] = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for system, original in (("htmldate", True), ("htmldate_latest", False)):
            if system not in systems:
                continue
            try:
                found[system] = find_date(page.html, url=page.url, original_date=original)
            except Exception:  # a crash of a baseline counts as no answer, not a bench failure
                found[system] = None
    return found


def tally(
    records: list[dict[str, Any]], systems: tuple[str, ...] = SYSTEMS
) -> dict[str, dict[str, Any]]:
    """Per group (and ``all``): pages, and accuracy/answered/precision per system."""
    table: dict[str, dict[str, Any]] = {}
    for group, members in by_group(records).items():
        row: dict[str, Any] = {"pages": len(members)}
        for system in systems:
            answered = sum(r[system] is not None for r in members)
            right = sum(same_day(r[system], r["truth"]) for r in members)
            row[system] = {
                "accuracy": right / len(members),
                "answered": answered / len(members),
                "precision": right / answered if answered else 0.0,
                "right": right,
            }
        table[group] = row
    return table


def render(table: dict[str, dict[str, Any]], systems: tuple[str, ...] = SYSTEMS) -> str:
    names = "".join(f"{system:>24}" for system in systems)
    measures = "".join(f"{'acc':>10}{'ans':>7}{'prec':>7}" for _ in systems)
    versus = [s for s in ("html", "text") if s in systems and "htmldate" in systems]
    measures += "".join(f"{s + '-hd':>9}" for s in versus)
    lines = [f"{'':<30}{names}", f"{'corpus/source':<24}{'pages':>6}{measures}"]
    for group, row in table.items():
        cells = "".join(
            f"{row[s]['accuracy']:>10.3f}{row[s]['answered']:>7.3f}{row[s]['precision']:>7.3f}"
            for s in systems
        )
        # pages right minus htmldate's pages right, on the same pages: the bar is >= 0
        cells += "".join(f"{row[s]['right'] - row['htmldate']['right']:>+9d}" for s in versus)
        lines.append(f"{group:<24}{row['pages']:>6}{cells}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--every", type=int, default=1, help="score every n-th dated page only")
    parser.add_argument("--json", type=Path, help="write per-page answers here")
    parser.add_argument(
        "--systems",
        default=",".join(SYSTEMS),
        help=f"comma-separated subset of {','.join(SYSTEMS)} (a quicker run while iterating)",
    )
    args = parser.parse_args(argv)
    systems = tuple(s for s in SYSTEMS if s in args.systems.split(","))
    started = time.perf_counter()
    records = []
    for number, page in enumerate(dated_pages(args.shared)):
        if number % args.every:
            continue
        record: dict[str, Any] = {"id": page.id, "group": page.group, "truth": page.truth}
        record.update(answers(page, systems))
        records.append(record)
    table = tally(records, systems)
    print(render(table, systems))
    print(f"({len(records)} pages in {time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps({"summary": table, "pages": records}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
