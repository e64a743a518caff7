"""Score the field stages (title, outlet, byline, language) on the dev corpus.

Runs the full text pipeline on ``text_inscriptis`` of each page, with or without the url hint,
and compares against the corpus truth with the corpus README's rules:

- title: exact after normalisation (NFKC, casefold, quotes/dashes unified, punctuation dropped,
  spaces squashed) against ``gt_extra.title_human``, and token-F1 against ``gt.title``;
- outlet: equal after casefold, dropping ``www.``, a trailing ``.com``, a leading "the" and
  non-word characters;
- byline: the truth's names (split on commas/"and") against our authors + agency;
- language: equal to ``gt.lang``'s primary subtag.

Usage: ``python -m bench.fields --shared ../shared [--every 5] [--no-url] [--oracle-body]
[--json out.json]``. ``--oracle-body`` replaces the classifier by the truth, to tell the field
stages' own errors from the classifier's.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from article_normalizer.normalize import RawDocument, normalize, normalize_text, pipeline
from article_normalizer.normalize.language import iso639_1
from article_normalizer.rules.fields import agencies
from bench.scoring import norm_outlet, norm_title
from bench.scoring import title_token_f1 as token_f1

_REFERENCE = datetime(2024, 1, 1, tzinfo=UTC)
_TOKEN = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]+>")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\|)\s*", re.IGNORECASE)


def byline_names(text: str) -> set[str]:
    text = _TAG.sub(" ", text)
    text = re.sub(r"^\s*by\s+", "", text, flags=re.IGNORECASE)
    return {norm_title(n) for n in _NAME_SPLIT.split(text) if norm_title(n)}


def load(shared: Path) -> list[dict[str, Any]]:
    with gzip.open(shared / "corpus" / "dev.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _oracle_classifier(body: str) -> Any:
    """Decisions from the truth: a line is body when most of its 4-shingles are in ``gt.body``.

    Separates the field stages' own errors from the body classifier's.
    """
    from article_normalizer.normalize.page import BODY, Decision

    truth = set(_shingles(body))

    def classify(blocks: list[Any], profile: Any) -> list[Any]:
        decisions = []
        for block in blocks:
            own = _shingles(block.text)
            share = sum(s in truth for s in own) / len(own) if own else 0.0
            is_body = share >= 0.5 and len(_TOKEN.findall(block.text)) >= 4
            decisions.append(Decision(kind=BODY if is_body else "other", reason="oracle"))
        return decisions

    return classify


def _shingles(text: str) -> list[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if len(tokens) < 4:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)]


def evaluate(
    rows: list[dict[str, Any]], use_url: bool, oracle: bool = False, html: bool = False
) -> tuple[dict[str, Any], list[Any]]:
    title_exact = title_n = 0
    fuzzy: list[float] = []
    fuzzy_human: list[float] = []
    outlet_ok = outlet_n = 0
    byline_hit = byline_n = byline_pred = byline_spurious = 0
    printed_hit = printed_n = 0
    lang_ok = lang_n = 0
    details: list[Any] = []
    started = time.perf_counter()
    for row in rows:
        url = row.get("url") if use_url else None
        if oracle:
            pipeline.classify = _oracle_classifier(row["gt"]["body"])  # type: ignore[attr-defined]
        if html:
            art = normalize(RawDocument(html=row["html"], url=url), now=_REFERENCE)
        else:
            art = normalize_text(row["text_inscriptis"], reference_time=_REFERENCE, url=url)
        gt, extra = row["gt"], row.get("gt_extra") or {}
        human = extra.get("title_human")
        record: dict[str, Any] = {"id": row["id"], "title": art.title, "title_human": human}
        if human:
            title_n += 1
            ok = norm_title(art.title) == norm_title(human)
            title_exact += ok
            fuzzy_human.append(token_f1(art.title, human))
            record["title_ok"] = ok
        if gt.get("title"):
            fuzzy.append(token_f1(art.title, gt["title"]))
        if gt.get("outlet"):
            outlet_n += 1
            pred = art.outlet.name if art.outlet else None
            ok = norm_outlet(pred) == norm_outlet(gt["outlet"])
            outlet_ok += ok
            record.update(outlet=pred, outlet_gt=gt["outlet"], outlet_ok=ok)
        ours: set[str] = set()
        if art.byline:
            ours = {norm_title(a) for a in art.byline.authors}
            if art.byline.agency:
                # The agency in any of its spellings ("AP" is "Associated Press").
                ours |= {
                    norm_title(spelling)
                    for spelling, display in agencies().items()
                    if display == art.byline.agency
                } | {norm_title(art.byline.agency)}
            byline_pred += 1
        if gt.get("byline"):
            byline_n += 1
            truth = byline_names(gt["byline"])
            hit = bool(ours & truth)
            byline_hit += hit
            page_text = norm_title(row["text_inscriptis"])
            if any(f" {name} " in f" {page_text} " for name in truth):
                printed_n += 1
                printed_hit += hit
            record.update(byline=sorted(ours), byline_gt=sorted(truth), byline_ok=hit)
        elif ours:
            byline_spurious += 1
        if iso639_1(gt.get("lang")):
            lang_n += 1
            lang_ok += art.language == iso639_1(gt["lang"])
        details.append(record)
    elapsed = time.perf_counter() - started
    summary = {
        "pages": len(rows),
        "url_hint": use_url,
        "title_exact_vs_title_human": _ratio(title_exact, title_n),
        "title_fuzzy_vs_title_human": _mean(fuzzy_human),
        "title_fuzzy_vs_gt_title": _mean(fuzzy),
        "outlet_accuracy": _ratio(outlet_ok, outlet_n),
        "byline_any_name_match": _ratio(byline_hit, byline_n),
        "byline_match_where_truth_is_printed": _ratio(printed_hit, printed_n),
        "byline_predicted_pages": byline_pred,
        "byline_predicted_where_gt_has_none": byline_spurious,
        "language_accuracy": _ratio(lang_ok, lang_n),
        "pages_per_second": round(len(rows) / elapsed, 1) if elapsed else None,
    }
    return summary, details


def _ratio(hit: int, total: int) -> dict[str, Any]:
    return {"score": round(hit / total, 3) if total else None, "n": total}


def _mean(values: list[float]) -> dict[str, Any]:
    return {"score": round(sum(values) / len(values), 3) if values else None, "n": len(values)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--every", type=int, default=1, help="score every n-th page only")
    parser.add_argument("--no-url", action="store_true", help="do not pass the url hint")
    parser.add_argument("--json", type=Path, help="write per-page details here")
    parser.add_argument("--html", action="store_true", help="send the HTML instead of the text")
    parser.add_argument(
        "--oracle-body", action="store_true", help="body decisions from gt.body (diagnosis)"
    )
    args = parser.parse_args(argv)
    rows = load(args.shared)[:: args.every]
    summary, details = evaluate(
        rows, use_url=not args.no_url, oracle=args.oracle_body, html=args.html
    )
    summary["input"] = "html" if args.html else "text_inscriptis"
    summary["body_decisions"] = "oracle" if args.oracle_body else "classifier"
    width = max(len(k) for k in summary)
    for key, value in summary.items():
        print(f"{key:<{width}}  {value}")
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "pages": details}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
