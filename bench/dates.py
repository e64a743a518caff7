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

The same table is printed again over the pages whose text *prints* their date
(:func:`prints_date`), the fair reading of "dated pages" for text mode: a page that shows its
reader no form of the day cannot have it read from its text. A page prints its date when the
truth's calendar day appears in ``text_inscriptis`` with day, month and year together in one
of the common forms: numeric (``2024-03-05``, ``2024/3/5``, ``5.3.2024``, ``03/05/24``, either
day/month order, two- or four-digit year after the day and month), month-name (``5 March
2024``, ``5. März 2024``, ``March 5th, 2024``, ``5 de marzo de 2024``, ``2024 March 5``; the
month names of the page's corpus language and English from dateparser's locale data) or CJK
(``2024年3月5日``, ``2024년 3월 5일``). A relative stamp ("6 hours ago") or a date without its
year does not count, nor does a truth without a day (``2003-11``).

The reference time is the page's crawl time where the corpus records one (Fundus), else
:data:`REFERENCE`, after every truth date: a declared date is only refused when it lies in the
future of the reference, and a reference before the truth would refuse right answers.

Usage: ``python -m bench.dates --shared ../shared [--every N] [--json out.json]``
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.errors import NormalizeError
from article_normalizer.normalize.fields.stamp_lexicon import month_numbers
from bench.corpus import DEV_FILE, MULTIDEV_FILE, by_group, rows
from bench.scoring import calendar_day, same_day

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
    language: str
    """The corpus's language label (``gt.lang``'s primary subtag on dev pages), else ``en``."""

    @property
    def printed(self) -> bool:
        """Whether the page's text prints the truth's day (:func:`prints_date`)."""
        return prints_date(self.text, self.truth, self.language)


def prints_date(text: str, truth: str, language: str) -> bool:
    """Whether ``text`` prints the calendar day of ``truth`` with its year, in a common form
    (the module's docstring lists them)."""
    day = calendar_day(truth)
    return day is not None and _printed_forms(day, language).search(text) is not None


def _printed_forms(day: date, language: str) -> re.Pattern[str]:
    month, dom, year = rf"0?{day.month}", rf"0?{day.day}", str(day.year)
    short_year = f"{day.year % 100:02d}"
    numeric = (
        rf"{year}\s?[./-]\s?{month}\s?[./-]\s?{dom}",
        rf"{dom}[./-]{month}[./-](?:{year}|{short_year})",
        rf"{month}[./-]{dom}[./-](?:{year}|{short_year})",
        rf"{year}\s*[年년]\s*{month}\s*[月월]\s*{dom}",
    )
    months = month_numbers(language)
    names = sorted((re.escape(n) for n, m in months.items() if m == day.month), key=len)[::-1]
    named = rf"(?:{'|'.join(names)})\.?"
    ordinal = r"(?:st|nd|rd|th|er|º|ª|\.)?"
    gap = r"[\s,./-]*(?:(?:de|del|of)\s+)?"
    spelled = (
        rf"{dom}{ordinal}{gap}{named}{gap}{year}",
        rf"{named}\s*{dom}{ordinal}\s*,?\s*{year}",
        rf"{year}{gap}{named}{gap}{dom}",
    )
    forms = "|".join((*numeric, *spelled))
    return re.compile(rf"(?<!\d)(?:{forms})(?!\d)", re.IGNORECASE)


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
                language=_language(row, corpus),
            )


def _language(row: dict[str, Any], corpus: str) -> str:
    label = row.get("lang") if corpus == "multidev" else (row.get("gt") or {}).get("lang")
    return str(label or "en").split("-")[0].split("_")[0].lower() or "en"


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
    table = {group: row for group, row in table.items() if row["pages"]}
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
        record: dict[str, Any] = {
            "id": page.id,
            "group": page.group,
            "truth": page.truth,
            "printed": page.printed,
        }
        record.update(answers(page, systems))
        records.append(record)
    table = tally(records, systems)
    printed = [r for r in records if r["printed"]]
    printed_table = tally(printed, systems)
    print(render(table, systems))
    print(f"\nThe {len(printed)} pages whose text prints their date (text mode's fair bar):")
    print(render(printed_table, systems))
    print(f"({len(records)} pages in {time.perf_counter() - started:.0f} s)")
    if args.json:
        summary = {"all": table, "printed": printed_table}
        args.json.write_text(json.dumps({"summary": summary, "pages": records}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
