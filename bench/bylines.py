"""Score bylines on every dev page whose truth names one, from HTML and from page text.

The truth: ``gt.byline`` of ``dev.jsonl.gz`` (the page's own JSON-LD/meta author) and
``gt_meta.byline`` of ``multidev.jsonl.xz`` (Fundus's parser, WCXB's reviewed labels, ...).
Each page is normalized as HTML and as ``text_inscriptis`` (url hint on, as a scraper sends
it); our credit is the authors and the agency, joined. Per page, the token-multiset F1 of our
credit against the truth after :func:`bench.scoring.norm_title` (no credit: 0). Printed per
corpus/source and mode: pages, mean F1 over all of them, then over the pages that *print* the
truth (one of its names appears in the page text: where a reader of the page, or of its text,
could find the person), then over the printed pages whose truth has a person's shape ("F1
pers.": every name two to five capitalised words, by ``credit_line.is_person_name``, and not
the url's domain spelled out; handles, one-word names, outlets named like their domain and
names in uncased scripts are left out, so this is the issue's "where the page names a person"
only approximately), and the share of pages credited at all.

A wire agency counts as the same credit in any of its spellings (the truth's "Associated
Press" and our "AP"): both sides are scored with the agency's display name from the byline
vocabulary.

``--half 0|1`` scores only the pages of one half of the sites (registrable domain of the url,
:func:`bench.corpus.fold_of` with two folds): rules read off failures on one half are checked on
the other.

``--sample N --sample-out file`` writes N pages spread over the run (every k-th) with our
authors beside the truth, for the by-hand check the issue asks for. With ``--sample-seed S``
the N pages are drawn at random (seeded, so the draw repeats) among the pages where
``--sample-mode`` (``text``, ``html`` or ``any``) credited someone: a check of what the
field answers rather than of what it misses.

Usage: ``python -m bench.bylines --shared ../shared [--every N] [--half H] [--json out.json]
[--sample 100 --sample-out F [--sample-seed 18 --sample-mode text]]``
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.errors import NormalizeError
from article_normalizer.normalize.fields.credit_line import is_person_name
from article_normalizer.rules.fields import agencies
from bench.corpus import DEV_FILE, MULTIDEV_FILE, by_group, fold_of, registrable_domain, rows
from bench.scoring import norm_title, title_token_f1

REFERENCE = datetime(2026, 6, 1, tzinfo=UTC)
MODES = ("html", "text")
_TAG = re.compile(r"<[^>]+>")
_CUE = re.compile(r"^\s*by\s+", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\|)\s*", re.IGNORECASE)


@dataclass(slots=True)
class CreditedPage:
    id: str
    group: str
    url: str | None
    html: str
    text: str
    truth: str
    printed: bool
    """One of the truth's names appears in the page text."""
    person: bool
    """Printed, and every name of the truth has a person's shape (see the module's doc)."""

    @property
    def site(self) -> str:
        """The registrable domain of the url, or the page id when there is none."""
        host = urlsplit(self.url).hostname if self.url else None
        return registrable_domain(host) if host else self.id


def truth_names(byline: str) -> list[str]:
    """The truth's names, normalised: tags and a leading "By" dropped, split on joiners."""
    text = _CUE.sub("", _TAG.sub(" ", byline))
    return [name for name in (norm_title(n) for n in _NAME_SPLIT.split(text)) if name]


def credited_pages(shared: Path) -> Iterator[CreditedPage]:
    """Every page of both dev corpora whose truth has a byline, in file order."""
    for corpus, path in (("dev", DEV_FILE), ("multidev", MULTIDEV_FILE)):
        for row in rows(shared / path, corpus):
            meta = row.get("gt") if corpus == "dev" else row.get("gt_meta")
            truth = (meta or {}).get("byline")
            if not truth or not isinstance(truth, str) or not row.get("html"):
                continue
            text = row.get("text_inscriptis") or ""
            page_words = f" {norm_title(text)} "
            printed = any(f" {name} " in page_words for name in truth_names(truth))
            yield CreditedPage(
                id=row["id"],
                group=f"{corpus}/{row['source']}",
                url=row.get("url"),
                html=row["html"],
                text=text,
                truth=truth,
                printed=printed,
                person=printed and _person_shaped(truth, row.get("url")),
            )


def _person_shaped(truth: str, url: str | None) -> bool:
    names = [n.strip() for n in _NAME_SPLIT.split(_CUE.sub("", _TAG.sub(" ", truth)))]
    names = [n for n in names if n]
    host = (urlsplit(url).hostname or "") if url else ""
    domain = re.sub(r"[^a-z0-9]", "", registrable_domain(host).split(".")[0]) if host else ""
    return bool(names) and all(
        len(name.split()) >= 2
        and is_person_name(name)
        and not (domain and re.sub(r"[^a-z0-9]", "", name.casefold()) in domain)
        for name in names
    )


def credits(page: CreditedPage) -> dict[str, list[str]]:
    """Our authors (and agency, last) per mode; empty when none or the input is refused."""
    found: dict[str, list[str]] = {}
    for mode, doc in (
        ("html", RawDocument(html=page.html, url=page.url)),
        ("text", RawDocument(text=page.text, url=page.url)),
    ):
        try:
            byline = normalize(doc, now=REFERENCE).byline
        except NormalizeError:
            byline = None
        names = list(byline.authors) if byline else []
        if byline and byline.agency:
            names.append(byline.agency)
        found[mode] = names
    return found


def score(names: list[str], truth: str) -> float:
    """Token F1 of the credit against the truth (tags and a leading "By" dropped), each
    agency under its display name on both sides."""
    ours = [_agency_display(name) for name in names]
    theirs = [_agency_display(name) for name in truth_names(truth)]
    return title_token_f1(" ".join(ours), " ".join(theirs))


def _agency_display(name: str) -> str:
    display = agencies().get(name.casefold().strip())
    return norm_title(display) if display else name


def tally(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per group (and ``all``): pages, printed pages, and F1 / credited share per mode."""
    table: dict[str, dict[str, Any]] = {}
    for group, members in by_group(records).items():
        printed = [r for r in members if r["printed"]]
        people = [r for r in members if r["person"]]
        row: dict[str, Any] = {
            "pages": len(members),
            "printed": len(printed),
            "person": len(people),
        }
        for mode in MODES:
            row[mode] = {
                "f1": _mean([r[f"{mode}_f1"] for r in members]),
                "f1_printed": _mean([r[f"{mode}_f1"] for r in printed]),
                "f1_person": _mean([r[f"{mode}_f1"] for r in people]),
                "credited": _mean([1.0 if r[mode] else 0.0 for r in members]),
            }
        table[group] = row
    return table


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def render(table: dict[str, dict[str, Any]]) -> str:
    modes = "".join(f"{mode:>32}" for mode in MODES)
    measures = "".join(f"{'F1':>8}{'F1 pr.':>8}{'F1 pers.':>9}{'cred.':>7}" for _ in MODES)
    head = f"{'corpus/source':<24}{'pages':>7}{'printed':>8}{'person':>7}"
    lines = [f"{'':<46}{modes}", f"{head}{measures}"]
    for group, row in table.items():
        cells = "".join(
            f"{row[m]['f1']:>8.3f}{row[m]['f1_printed']:>8.3f}{row[m]['f1_person']:>9.3f}"
            f"{row[m]['credited']:>7.3f}"
            for m in MODES
        )
        lines.append(f"{group:<24}{row['pages']:>7}{row['printed']:>8}{row['person']:>7}{cells}")
    return "\n".join(lines)


def draw_sample(
    records: list[dict[str, Any]], size: int, seed: int | None, mode: str
) -> list[dict[str, Any]]:
    """The by-hand sample: every k-th page of the run, or with a seed ``size`` pages drawn at
    random among those ``mode`` credited (``any``: either mode), in run order."""
    if seed is None:
        step = max(1, len(records) // max(size, 1))
        return records[::step][:size]
    modes = MODES if mode == "any" else (mode,)
    credited = [i for i, r in enumerate(records) if any(r[m] for m in modes)]
    chosen = random.Random(seed).sample(credited, min(size, len(credited)))
    return [records[i] for i in sorted(chosen)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--every", type=int, default=1, help="score every n-th page only")
    parser.add_argument("--json", type=Path, help="write per-page credits here")
    parser.add_argument(
        "--half", type=int, choices=(0, 1), help="score the pages of one half of the sites"
    )
    parser.add_argument("--sample", type=int, default=100, help="pages in the by-hand sample")
    parser.add_argument("--sample-out", type=Path, help="write the by-hand sample here")
    parser.add_argument(
        "--sample-seed", type=int, help="draw the sample at random among credited pages"
    )
    parser.add_argument(
        "--sample-mode",
        choices=(*MODES, "any"),
        default="text",
        help="with --sample-seed: the mode whose credited pages are drawn from",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    records: list[dict[str, Any]] = []
    for number, page in enumerate(credited_pages(args.shared)):
        if number % args.every:
            continue
        if args.half is not None and fold_of(page.site, 2) != args.half:
            continue
        record: dict[str, Any] = {
            "id": page.id,
            "group": page.group,
            "site": page.site,
            "truth": page.truth,
            "printed": page.printed,
            "person": page.person,
        }
        record.update(credits(page))
        for mode in MODES:
            record[f"{mode}_f1"] = score(record[mode], page.truth)
        records.append(record)
    print(render(tally(records)))
    print(f"({len(records)} pages in {time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps({"summary": tally(records), "pages": records}, indent=1))
    if args.sample_out and records:
        sample = draw_sample(records, args.sample, args.sample_seed, args.sample_mode)
        args.sample_out.write_text(
            "\n".join(
                f"{r['id']}\ttruth={r['truth']!r}\thtml={r['html']}\ttext={r['text']}"
                for r in sample
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
