"""Score the outlet from page text on both dev corpora, with and without the url hint.

The truth: ``gt.outlet`` of ``dev.jsonl.gz`` (the page's own JSON-LD publisher or
``og:site_name``). ``multidev.jsonl.xz`` holds no outlet, so its pages are scored against a
silver one: the name the page's HTML declares, read by the service's own HTML metadata reader
(``og:site_name``, JSON-LD publisher, ``application-name``, ...; without a copied copyright
notice), which is what HTML mode answers for the page. Pages that declare none are left out.

Each page's ``text_inscriptis`` is normalized twice: without a url (a scraper that sends the
text alone: the outlet must come from what the text prints) and with the page's url. A name is
right when it equals the truth after :func:`bench.scoring.norm_outlet` (casefold, ``www.``, a
trailing ``.com``, a leading "the" and non-word characters dropped), so "BBC" against "BBC News"
and "We-Dwoje" against "We-Dwoje.pl" count as wrong: the figures are a floor. Printed per
corpus/source and per language (multidev): pages, then per run the share right, the share
answered with another name (wrong) and the share answered with none.

With ``--aeb DIR`` and ``--trafilatura-eval DIR`` (the checkouts ``bench.external`` reads) the
two public benchmarks' pages are scored too, each against the name its HTML declares: pages no
rule of the outlet stage was read off.

Usage: ``python -m bench.outlets --shared ../shared [--every N] [--json out.json]
[--aeb DIR] [--trafilatura-eval DIR]``
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.errors import NormalizeError
from article_normalizer.normalize.fields.outlet import declared_name
from article_normalizer.normalize.html.metadata import read_metadata
from article_normalizer.normalize.html.parse import parse_html
from bench.corpus import DEV_FILE, MULTIDEV_FILE, by_group, rows
from bench.scoring import norm_outlet

REFERENCE = datetime(2026, 6, 1, tzinfo=UTC)
RUNS = ("no_url", "url")
_MIN_LANGUAGE_PAGES = 20


@dataclass(slots=True)
class NamedPage:
    id: str
    group: str
    language: str | None
    url: str | None
    text: str
    truth: str


def named_pages(shared: Path) -> Iterator[NamedPage]:
    """Every page of both dev corpora with a (gold or silver) outlet, in file order."""
    for corpus, path in (("dev", DEV_FILE), ("multidev", MULTIDEV_FILE)):
        for row in rows(shared / path, corpus):
            truth = (row.get("gt") or {}).get("outlet") if corpus == "dev" else _declared(row)
            if not truth or not isinstance(truth, str):
                continue
            yield NamedPage(
                id=row["id"],
                group=f"{corpus}/{row['source']}",
                language=row.get("lang") or ((row.get("gt") or {}).get("lang")),
                url=row.get("url"),
                text=row.get("text_inscriptis") or "",
                truth=truth,
            )


def external_pages(aeb: Path | None, trafilatura_eval: Path | None) -> Iterator[NamedPage]:
    """The public benchmarks' pages (rendered as ``bench.external`` renders them) whose HTML
    declares a name."""
    from bench.external import aeb_pages, trafilatura_eval_pages

    sources = []
    if aeb is not None:
        sources.append(aeb_pages(aeb))
    if trafilatura_eval is not None:
        sources.append(trafilatura_eval_pages(trafilatura_eval))
    for pages in sources:
        for page in pages:
            truth = _declared({"html": page.html, "url": page.url})
            if truth:
                yield NamedPage(
                    id=page.id,
                    group=f"external/{page.source}",
                    language=page.lang,
                    url=page.url,
                    text=page.text,
                    truth=truth,
                )


def _declared(row: dict[str, Any]) -> str | None:
    html = row.get("html")
    if not html:
        return None
    try:
        return declared_name(read_metadata(parse_html(html), row.get("url")).site_name)
    except NormalizeError:
        return None


def outlets(page: NamedPage) -> dict[str, str | None]:
    """Our outlet per run; None when there is none or the input is refused."""
    found: dict[str, str | None] = {}
    for run, url in (("no_url", None), ("url", page.url)):
        try:
            outlet = normalize(RawDocument(text=page.text, url=url), now=REFERENCE).outlet
        except NormalizeError:
            outlet = None
        found[run] = outlet.name if outlet else None
    return found


def tally(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per group, per corpus, per multidev language with enough pages, and ``all``: right /
    wrong / none shares."""
    groups = by_group(records)
    for corpus in ("dev", "multidev", "external"):
        members = [r for r in records if r["group"].startswith(f"{corpus}/")]
        if members:
            groups[f"{corpus}, all"] = members
    languages: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        if record["group"].startswith("multidev/"):
            languages.setdefault(f"multidev lang {record['language']}", []).append(record)
    for name, members in sorted(languages.items(), key=lambda item: -len(item[1])):
        if len(members) >= _MIN_LANGUAGE_PAGES:
            groups[name] = members
    table: dict[str, dict[str, Any]] = {}
    for group, members in groups.items():
        row: dict[str, Any] = {"pages": len(members)}
        for run in RUNS:
            right = sum(1 for r in members if r[f"{run}_right"])
            none = sum(1 for r in members if r[run] is None)
            row[run] = {
                "right": right / len(members),
                "wrong": (len(members) - right - none) / len(members),
                "none": none / len(members),
            }
        table[group] = row
    return table


def render(table: dict[str, dict[str, Any]]) -> str:
    runs = "".join(f"{'text, ' + run.replace('_', ' '):>24}" for run in RUNS)
    measures = "".join(f"{'right':>8}{'wrong':>8}{'none':>8}" for _ in RUNS)
    lines = [f"{'':<35}{runs}", f"{'corpus/source':<28}{'pages':>7}{measures}"]
    for group, row in table.items():
        cells = "".join(
            f"{row[r]['right']:>8.3f}{row[r]['wrong']:>8.3f}{row[r]['none']:>8.3f}" for r in RUNS
        )
        lines.append(f"{group:<28}{row['pages']:>7}{cells}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--every", type=int, default=1, help="score every n-th page only")
    parser.add_argument("--json", type=Path, help="write per-page outlets here")
    parser.add_argument("--aeb", type=Path, help="the article-extraction-benchmark checkout")
    parser.add_argument(
        "--trafilatura-eval", type=Path, help="trafilatura's tests/ directory (evaldata.json)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    records: list[dict[str, Any]] = []
    pages = itertools.chain(
        named_pages(args.shared), external_pages(args.aeb, args.trafilatura_eval)
    )
    for number, page in enumerate(pages):
        if number % args.every:
            continue
        record: dict[str, Any] = {
            "id": page.id,
            "group": page.group,
            "language": page.language,
            "truth": page.truth,
        }
        record.update(outlets(page))
        for run in RUNS:
            truth = norm_outlet(page.truth)
            record[f"{run}_right"] = bool(truth) and norm_outlet(record[run]) == truth
        records.append(record)
    print(render(tally(records)))
    print(f"({len(records)} pages in {time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps({"summary": tally(records), "pages": records}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
