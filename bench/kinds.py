"""Kinds of removed lines, scored against a silver truth read off each page's markup.

For every dev page with HTML (both corpora), the page's visible lines are named by the markup
they sit in (:func:`article_normalizer.normalize.html.visible.visible_lines`: ``<nav>``,
``<footer>``, class words such as ``comments`` or ``newsletter``); lines of the truth's body are
``body``. That labels the lines of the page *text* (``text_inscriptis``) by where they came from: a
silver truth, since templates misname things and many lines sit in no named element.

For text mode (the page text) and HTML mode (the page) this prints:

- per silver kind: how many lines carry it, and the precision and recall of the kind the
  service gave those lines (a line the service kept in the body counts as ``body``); and the
  precision without the lines the truth keeps in the body, which the service removed (those
  are errors of the body decision, not of the naming);
- the share of removed lines named ``other``;
- accounting: the share of input lines (text mode) or visible page lines (HTML mode) whose
  text is in the body or in ``removed``, averaged per page, and the share of pages at >= 95 %.

HTML-mode kinds come partly from the same markup that makes the silver labels, so its
precision there is not an independent measure; text mode's is (the text carries no markup).

``--by-half`` prints the tables again for each half of the sites (``bench.title_cv.site_half``,
a hash of the registrable domain), so a naming change is studied on one half's confusions and
read, unseen, on the other. ``--confusion KINDS --half H`` lists, for lines HTML or text mode
(``--mode``) named one of ``KINDS`` whose silver kind differs, which silver kind they carry, the
pair of reasons (ours, the silver label's element) and examples.

Usage: ``python -m bench.kinds --shared ../shared [--corpus dev,multidev] [--sample N]
[--processes 2] [--json PATH] [--by-half] [--confusion navigation,share --half 0 --mode html
--examples 20]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing import Pool
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.corpus import DevPage, load_dev, load_multidev, subsample

if TYPE_CHECKING:
    from article_normalizer.normalize.html.visible import VisibleLine

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = datetime(2024, 1, 1, tzinfo=UTC)
MODES = ("text", "html")
NAMED_KINDS = (
    "navigation",
    "breadcrumb",
    "footer",
    "related",
    "comment",
    "comment_box",
    "share",
    "newsletter",
    "caption",
    "advert",
    "cookie",
    "paywall",
    "legal",
    "byline_stamp",
)


@dataclass(frozen=True, slots=True)
class Wrong:
    """One line the service named a kind other than its silver one."""

    mode: str
    silver: str
    predicted: str
    text: str
    reason: str
    """Why the service named it so (the removed entry's reason)."""
    silver_reason: str
    """The element that gave the silver kind (``markup:class=...``), or ``truth`` for body."""
    page: str


@dataclass(slots=True)
class PageResult:
    pairs: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)
    """Per mode: (silver, predicted) -> lines."""
    removed: dict[str, int] = field(default_factory=dict)
    other: dict[str, int] = field(default_factory=dict)
    accounted: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    site: str = ""
    wrong: list[Wrong] = field(default_factory=list)
    """Lines named a kind their silver kind is not (kept for ``--confusion``)."""


def _silver(page: DevPage, page_lines: Sequence[VisibleLine]) -> dict[str, str]:
    """Line key -> silver kind: truth body lines first, then the markup's names."""
    return _silver_why(page, page_lines)[0]


def _silver_why(
    page: DevPage, page_lines: Sequence[VisibleLine]
) -> tuple[dict[str, str], dict[str, str]]:
    """:func:`_silver`, and line key -> what gave the kind (``truth`` or the element's
    reason), for ``--confusion``."""
    from article_normalizer.normalize.textkeys import line_key

    labels: dict[str, str] = {}
    why: dict[str, str] = {}
    for line in page.truth.splitlines():
        if key := line_key(line):
            labels[key] = "body"
            why[key] = "truth"
    if page.html:
        for visible in page_lines:
            key = line_key(visible.text)
            if key and visible.kind is not None and key not in labels:
                labels[key] = visible.kind
                why[key] = visible.reason
    return labels, why


def score_page(page: DevPage) -> PageResult:
    from article_normalizer.normalize import NormalizeError, RawDocument, normalize
    from article_normalizer.normalize.html.parse import parse_html
    from article_normalizer.normalize.html.visible import visible_lines
    from article_normalizer.normalize.textkeys import line_key

    result = PageResult(site=page.site)
    try:
        page_lines = visible_lines(parse_html(page.html or ""))
        silver, silver_why = _silver_why(page, page_lines)
        visible = [line.text for line in page_lines]
    except NormalizeError as error:
        result.error = str(error)
        return result
    for mode in MODES:
        document = RawDocument(text=page.text) if mode == "text" else RawDocument(html=page.html)
        try:
            article = normalize(document, now=REFERENCE)
        except NormalizeError:
            continue
        predicted: dict[str, str] = {}
        reasons: dict[str, tuple[str, str]] = {}
        for paragraph in article.paragraphs:
            predicted.setdefault(line_key(paragraph), "body")
        for entry in article.removed:
            predicted.setdefault(line_key(entry.text), entry.kind)
            reasons.setdefault(line_key(entry.text), (entry.text, entry.reason))
        pairs: Counter[tuple[str, str]] = Counter()
        inputs = page.text.splitlines() if mode == "text" else visible
        keys = [k for line in inputs if (k := line_key(line))]
        body_blob = "\n".join(line_key(p) for p in article.paragraphs)
        for key in set(keys):
            truth = silver.get(key)
            if truth is not None:
                guess = predicted.get(key) or ("body" if key in body_blob else "missing")
                pairs[(truth, guess)] += 1
                if guess != truth and guess in NAMED_KINDS:
                    text, reason = reasons.get(key, (key, ""))
                    result.wrong.append(
                        Wrong(mode, truth, guess, text, reason, silver_why.get(key, ""), page.id)
                    )
        result.pairs[mode] = pairs
        result.removed[mode] = len(article.removed)
        result.other[mode] = sum(1 for entry in article.removed if entry.kind == "other")
        held = sum(1 for k in keys if k in predicted or k in body_blob)
        result.accounted[mode] = held / len(keys) if keys else 1.0
    return result


def _warm() -> None:
    from article_normalizer.normalize.lines.classify import model

    model()


def run(pages: Sequence[DevPage], processes: int) -> list[PageResult]:
    if processes <= 1:
        _warm()
        return [score_page(page) for page in pages]
    with Pool(processes, initializer=_warm, maxtasksperchild=300) as pool:
        return list(pool.imap(score_page, pages, 4))


def summarise(results: Sequence[PageResult]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for mode in MODES:
        pairs: Counter[tuple[str, str]] = Counter()
        for result in results:
            pairs.update(result.pairs.get(mode, Counter()))
        kinds: dict[str, Any] = {}
        for kind in ("body", *NAMED_KINDS):
            truth_total = sum(n for (t, _), n in pairs.items() if t == kind)
            predicted_total = sum(n for (t, p), n in pairs.items() if p == kind)
            hits = pairs.get((kind, kind), 0)
            # Lines the service removed and named ``kind`` that the truth keeps in the body are
            # a body decision, not a naming one: the naming precision leaves them out.
            named = predicted_total - (pairs.get(("body", kind), 0) if kind != "body" else 0)
            kinds[kind] = {
                "silver": truth_total,
                "predicted": predicted_total,
                "precision": round(hits / predicted_total, 4) if predicted_total else None,
                "recall": round(hits / truth_total, 4) if truth_total else None,
                "naming_precision": round(hits / named, 4) if named else None,
            }
        shares = [r.accounted[mode] for r in results if mode in r.accounted]
        removed = sum(r.removed.get(mode, 0) for r in results)
        other = sum(r.other.get(mode, 0) for r in results)
        out[mode] = {
            "pages": len(shares),
            "kinds": kinds,
            "other_share": round(other / removed, 4) if removed else None,
            "accounted_mean": round(sum(shares) / len(shares), 4) if shares else None,
            "pages_95": round(sum(s >= 0.95 for s in shares) / len(shares), 4) if shares else None,
        }
    return out


def print_confusion(
    results: Sequence[PageResult],
    kinds: Sequence[str],
    mode: str,
    examples: int,
    out: Any = sys.stdout,
) -> None:
    """For each kind in ``kinds``: the silver kinds of the lines wrongly given it, the commonest
    (our reason, silver reason) pairs, and evenly spread examples."""
    for kind in kinds:
        wrong = [w for r in results for w in r.wrong if w.mode == mode and w.predicted == kind]
        print(f"\n== {mode} mode, named {kind} but silver is not: {len(wrong)} lines", file=out)
        for silver, n in Counter(w.silver for w in wrong).most_common():
            print(f"  silver {silver:<14} {n:>6}", file=out)
        print("  commonest (our reason | silver element):", file=out)
        pairs = Counter((_shape(w.reason), _shape(w.silver_reason)) for w in wrong)
        for (ours, theirs), n in pairs.most_common(15):
            print(f"  {n:>6}  {ours:<40} | {theirs}", file=out)
        step = max(1, len(wrong) // examples) if examples else 0
        for w in wrong[::step][:examples] if step else []:
            print(
                f"  - [{w.silver}] {w.text[:90]!r}\n      ours: {w.reason[:70]}"
                f"  silver: {w.silver_reason[:50]}  ({w.page[:40]})",
                file=out,
            )


def _shape(reason: str) -> str:
    """A reason without its page-specific tail (the model's confidence, a class value)."""
    head = reason.split(" (")[0]
    return head if len(head) <= 40 else head[:40]


def _num(value: float | None) -> str:
    return f"{value:>7.3f}" if value is not None else f"{'-':>7}"


def print_summary(name: str, summary: dict[str, Any], out: Any = sys.stdout) -> None:
    print(f"\n{name}", file=out)
    print("(P-body: precision leaving out the lines the truth keeps in the body)", file=out)
    header = f"{'kind':<14}" + "".join(f" | {mode + ' mode':^39}" for mode in MODES)
    print(header, file=out)
    columns = f" | {'silver':>7}{'pred':>8}{'P':>8}{'R':>8}{'P-body':>8}"
    print(f"{'':<14}" + columns * len(MODES), file=out)
    for kind in ("body", *NAMED_KINDS):
        line = f"{kind:<14}"
        for mode in MODES:
            k = summary[mode]["kinds"][kind]
            line += f" | {k['silver']:>7}{k['predicted']:>8}{_num(k['precision'])}"
            line += _num(k["recall"]) + _num(k["naming_precision"])
        print(line, file=out)
    for mode in MODES:
        s = summary[mode]
        print(
            f"{mode} mode: {s['pages']} pages; removed lines named other "
            f"{_num(s['other_share'])}; lines accounted for {_num(s['accounted_mean'])} a page "
            f"(pages at >= 95 %: {_num(s['pages_95'])})",
            file=out,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--corpus", default="dev,multidev")
    parser.add_argument("--sample", type=int, default=None, help="N pages spread over each")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--by-half", action="store_true", help="also each half of the sites")
    parser.add_argument("--confusion", default="", help="kinds to list wrong namings of")
    parser.add_argument("--half", type=int, choices=(0, 1), default=None)
    parser.add_argument("--mode", choices=MODES, default="html")
    parser.add_argument("--examples", type=int, default=20)
    args = parser.parse_args(argv)
    from bench.title_cv import site_half

    report: dict[str, Any] = {}
    for corpus in args.corpus.split(","):
        loader = load_dev if corpus == "dev" else load_multidev
        started = time.perf_counter()
        pages = [p for p in loader(args.shared, with_html=True) if p.html and p.gt_kind == "full"]
        if args.sample:
            pages = subsample(pages, args.sample)
        results = run(pages, args.processes)
        report[corpus] = summarise(results)
        print_summary(
            f"{corpus}: {len(pages)} pages with HTML and a full truth "
            f"({time.perf_counter() - started:.0f}s)",
            report[corpus],
        )
        if args.by_half:
            for half in (0, 1):
                part = [r for r in results if site_half(r.site) == half]
                report[f"{corpus}/half{half}"] = summarise(part)
                print_summary(
                    f"{corpus}, sites of half {half} (site_half): {len(part)} pages",
                    report[f"{corpus}/half{half}"],
                )
        if args.confusion:
            chosen = [r for r in results if args.half is None or site_half(r.site) == args.half]
            print(f"\n{corpus}: confusions, half {args.half} ({len(chosen)} pages)")
            print_confusion(chosen, args.confusion.split(","), args.mode, args.examples)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
