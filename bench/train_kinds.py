"""Train the kind model on the markup-derived kinds of the dev corpora, cross-validate, export.

Steps:

1. every page with HTML and a full truth goes through the text pipeline's classifier as the
   service runs it, without the kind model (:func:`classify.classify` with ``rename=False``):
   its body decisions and the rules' names of the other lines;
2. each non-body line gets a silver label, the kind its markup gives it (``bench.kinds``:
   ``<nav>``, ``<footer>``, class words such as ``comments``; ``body`` when it is in the
   truth); lines in no named element are not trained on, and neither are silver ``other``
   lines (ARIA dialogs);
3. a LightGBM multiclass model over :mod:`article_normalizer.normalize.lines.kind_features` is
cross-validated
   with folds grouped by site (:func:`bench.train_classifier.fold_of`, the line model's folds),
   every page predicted by a model that never saw its site, through the exported numpy forests
   and :func:`kind_model.rename` (the code that ships); per corpus it prints, for every kind,
   precision and recall against the silver labels before (the rules alone) and after, and
   the share of removed lines named ``other``;
4. the final model, trained on all pages, is written to
   ``article_normalizer/normalize/lines/model/`` with its CV figures and provenance. One
   thread, pinned seeds and fixed float formatting make the export deterministic:
   ``make kind-model`` rewrites the shipped file byte for byte.

Usage: ``python -m bench.train_kinds --shared ../shared [--corpora dev,multidev] [--folds 5]
[--sample N] [--trees 40 --leaves 15] [--min-confidence 0.25] [--no-export]``.
Needs the ``train`` extra (lightgbm).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from article_normalizer.normalize.lines import kind_features
from article_normalizer.normalize.lines.blocks import Block
from article_normalizer.normalize.lines.classify import model as line_model
from article_normalizer.normalize.lines.kind_model import (
    KIND_MODEL_FORMAT,
    KIND_MODEL_PATH,
    KindModel,
    choose,
)
from article_normalizer.normalize.page import BODY, Decision
from bench.corpus import DevPage, fold_of, load_dev, load_multidev, subsample
from bench.kinds import NAMED_KINDS, _silver
from bench.train_classifier import (
    ROOT,
    TEXT_DECISION_CODE,
    TRAINING_CODE,
    _rounded,
    export_forest,
    provenance,
)
from bench.train_classifier import params as line_params

KIND_TRAINING_CODE = (
    *TRAINING_CODE,
    *TEXT_DECISION_CODE,
    "bench/train_kinds.py",
    "bench/kinds.py",
    "article_normalizer/normalize/lines/kind_features.py",
    "article_normalizer/normalize/lines/kind_model.py",
    "article_normalizer/normalize/html/visible.py",
    "article_normalizer/normalize/html/accounting.py",
)
"""What the kind model depends on besides the corpora (the line model's code, since the body
decisions and the rules' names are its input, and the silver labels' code)."""

CLASSES: tuple[str, ...] = (BODY, *(k for k in NAMED_KINDS if k != "byline_stamp"))
"""What the model tells apart: the silver kinds, and ``body`` for lines that read as article
text (the model then leaves the rules' name). Not ``byline_stamp``: that kind says a line fed
the article's byline or dates, which the byline and date stages decide (and read back)."""

MAX_LINES_PER_PAGE = 100
"""Labelled lines trained on per page, taken evenly through it: a page's hundreds of menu
links say little more than a hundred of them do, and training time grows with the lines."""


@dataclass(slots=True)
class Prepared:
    """One page: the rules' decisions, the non-body lines' features and silver labels."""

    corpus: str
    site: str
    blocks: list[Block]
    decisions: list[Decision]
    lang: str | None
    indexes: list[int]
    x: npt.NDArray[np.float32]
    silver: list[str | None]
    """Per block: the markup's kind, ``body``, or None (no named element)."""


def prepare(item: tuple[str, DevPage]) -> Prepared | None:
    from article_normalizer.normalize.errors import NormalizeError
    from article_normalizer.normalize.html.parse import parse_html
    from article_normalizer.normalize.html.visible import visible_lines
    from article_normalizer.normalize.language import detect_language
    from article_normalizer.normalize.lines.blocks import split_blocks, unwrap
    from article_normalizer.normalize.lines.classify import classify
    from article_normalizer.normalize.pipeline import DEFAULT_LIMITS
    from article_normalizer.normalize.textkeys import line_key
    from article_normalizer.rules import profile

    corpus, page = item
    try:
        page_lines = visible_lines(parse_html(page.html)) if page.html else []
        silver = _silver(page, page_lines)
    except NormalizeError:
        return None
    lines, _ = split_blocks(page.text, max_blocks=DEFAULT_LIMITS.max_blocks)
    blocks = unwrap(lines)
    if not blocks:
        return None
    lang = detect_language(blocks)
    rules = profile(lang)
    decisions = classify(blocks, rules, rename=False)
    indexes, x = kind_features.kind_features(blocks, decisions, rules)
    return Prepared(
        corpus=corpus,
        site=page.site,
        blocks=blocks,
        decisions=decisions,
        lang=lang,
        indexes=indexes,
        x=x,
        silver=[silver.get(line_key(b.text)) for b in blocks],
    )


def _warm() -> None:
    from article_normalizer.normalize.lines.classify import model

    model()


def load(shared: Path, corpora: Sequence[str], sample: int | None) -> list[Prepared]:
    items: list[tuple[str, DevPage]] = []
    for corpus in corpora:
        loader = load_dev if corpus == "dev" else load_multidev
        pages = [p for p in loader(shared, with_html=True) if p.html and p.gt_kind == "full"]
        if sample:
            pages = subsample(pages, sample)
        items.extend((corpus, page) for page in pages)
    started = time.perf_counter()
    with Pool(2, initializer=_warm, maxtasksperchild=200) as pool:
        data = [d for d in pool.imap(prepare, items, 8) if d is not None]
    print(f"prepared {len(data)} pages in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return data


def training_rows(
    data: Sequence[Prepared],
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int32], npt.NDArray[np.float64]]:
    """Labelled non-body lines (at most :data:`MAX_LINES_PER_PAGE` a page): features, class
    index, weight (each page's lines weigh ``lines ** -0.5``, so pages with many lines count
    more, but not in proportion)."""
    index = {c: n for n, c in enumerate(CLASSES)}
    xs, ys, ws = [], [], []
    for d in data:
        keep = [r for r, i in enumerate(d.indexes) if d.silver[i] in index]
        if not keep:
            continue
        keep = keep[:: -(-len(keep) // MAX_LINES_PER_PAGE)]
        xs.append(d.x[keep])
        ys.append(np.array([index[d.silver[d.indexes[r]] or ""] for r in keep], dtype=np.int32))
        ws.append(np.full(len(keep), len(keep) ** -0.5))
    weight = np.concatenate(ws)
    weight *= len(weight) / weight.sum()
    return np.vstack(xs), np.concatenate(ys), weight


def params(classes: int, leaves: int) -> dict[str, Any]:
    """The line model's LightGBM settings (one thread, pinned seeds, deterministic), made
    multiclass and smaller: shallower trees, fewer lines a leaf, more features a tree."""
    return line_params(leaves) | {
        "objective": "multiclass",
        "num_class": classes,
        "learning_rate": 0.15,
        "max_depth": 6,
        "min_data_in_leaf": 50,
        "feature_fraction": 0.7,
    }


def train(data: Sequence[Prepared], trees: int, leaves: int) -> dict[str, Any]:
    """The forest of all classes' trees (interleaved, as :class:`kind_model.KindModel` reads
    them)."""
    import lightgbm as lgb

    x, y, w = training_rows(data)
    names = list(kind_features.FEATURE_NAMES)
    booster = lgb.train(
        params(len(CLASSES), leaves),
        lgb.Dataset(x, label=y, weight=w, feature_name=names, free_raw_data=True),
        num_boost_round=trees,
    )
    return export_forest(booster, names)


def document(
    forest: dict[str, Any] | None,
    min_confidence: float,
    version: str,
    kept: Sequence[str],
    kept_reasons: Sequence[str],
) -> dict[str, Any]:
    return {
        "format": KIND_MODEL_FORMAT,
        "version": version,
        "feature_version": kind_features.KIND_FEATURE_VERSION,
        "feature_names": list(kind_features.FEATURE_NAMES),
        "classes": list(CLASSES),
        "min_confidence": min_confidence,
        "kept_lexicon_kinds": sorted(kept),
        "kept_reasons": sorted(kept_reasons),
        "forest": forest,
    }


def named(
    d: Prepared, probabilities: npt.NDArray[np.float64] | None, model: KindModel | None
) -> list[str]:
    """Each block's kind (``body`` for body lines) after the kind model's choice on
    ``probabilities``, or the rules' alone when there are none."""
    decisions = [Decision(kind=x.kind, reason=x.reason, score=x.score) for x in d.decisions]
    if probabilities is not None and model is not None and d.indexes:
        choose(decisions, d.indexes, probabilities, model)
    return [x.kind for x in decisions]


def score(data: Sequence[Prepared], kinds: Sequence[list[str]]) -> dict[str, Any]:
    """Per silver kind: precision and recall over lines (once per distinct line a page, as
    ``bench.kinds`` counts), and the share of removed lines named ``other``."""
    from article_normalizer.normalize.textkeys import line_key

    pairs: Counter[tuple[str, str]] = Counter()
    removed = other = 0
    for d, page_kinds in zip(data, kinds, strict=True):
        seen: dict[str, tuple[str, str]] = {}
        for block, truth, kind in zip(d.blocks, d.silver, page_kinds, strict=True):
            if kind != BODY:
                removed += 1
                other += kind == "other"
            key = line_key(block.text)
            if truth is not None and key and key not in seen:
                seen[key] = (truth, kind)
        pairs.update(seen.values())
    out: dict[str, Any] = {"other_share": round(other / removed, 4) if removed else None}
    for kind in (BODY, *NAMED_KINDS):
        predicted = sum(n for (_, p), n in pairs.items() if p == kind)
        silver = sum(n for (t, _), n in pairs.items() if t == kind)
        hits = pairs.get((kind, kind), 0)
        out[kind] = {
            "silver": silver,
            "predicted": predicted,
            "precision": round(hits / predicted, 4) if predicted else None,
            "recall": round(hits / silver, 4) if silver else None,
        }
    return out


def cross_validate(
    data: Sequence[Prepared], folds: int, trees: int, leaves: int
) -> list[npt.NDArray[np.float64]]:
    """Out-of-fold class probabilities of every page's non-body lines: each page predicted by
    a model that never saw its site, through the exported forests (what ships)."""
    fold_ids = [fold_of(d.site, folds) for d in data]
    out: list[npt.NDArray[np.float64]] = [np.zeros((0, len(CLASSES)))] * len(data)
    for fold in range(folds):
        started = time.perf_counter()
        train_part = [d for d, f in zip(data, fold_ids, strict=True) if f != fold]
        model = KindModel.from_dict(
            _rounded(document(train(train_part, trees, leaves), 0.0, "cv", (), ()))
        )
        for i, f in enumerate(fold_ids):
            if f == fold:
                out[i] = model.predict(data[i].x)
        print(f"  fold {fold}: {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return out


def settings_model(
    min_confidence: float, kept: Sequence[str], kept_reasons: Sequence[str]
) -> KindModel:
    """A model without trees carrying only the decision settings, for :func:`choose`."""
    return KindModel(
        classes=CLASSES,
        forest=None,
        min_confidence=min_confidence,
        version="",
        kept=frozenset(kept),
        kept_reasons=frozenset(kept_reasons),
    )


TARGET_KINDS = ("navigation", "footer", "related", "comment", "comment_box", "share", "newsletter")
"""The kinds issue 14 sets a precision target for (with ``caption``)."""


def _brief(scores: dict[str, Any]) -> str:
    """One line: the share named ``other`` and precision/recall of the target kinds."""
    parts = [f"other {scores['other_share']}"]
    for kind in (*TARGET_KINDS, "caption", "legal", "paywall"):
        p, r = scores[kind]["precision"], scores[kind]["recall"]
        parts.append(f"{kind} {p if p is not None else '-'}/{r if r is not None else '-'}")
    return " | ".join(parts)


def print_table(name: str, before: dict[str, Any], after: dict[str, Any]) -> None:
    print(f"\n{name}")
    print(f"{'kind':<14} | {'rules alone':^30} | {'with kind model (CV)':^30}")
    columns = f"{'silver':>7}{'pred':>7}{'P':>8}{'R':>8}"
    print(f"{'':<14} | {columns} | {columns}")

    def num(v: float | None) -> str:
        return f"{v:>8.3f}" if v is not None else f"{'-':>8}"

    for kind in (BODY, *NAMED_KINDS):
        b, a = before[kind], after[kind]
        print(
            f"{kind:<14} | {b['silver']:>7}{b['predicted']:>7}{num(b['precision'])}"
            f"{num(b['recall'])} | {a['silver']:>7}{a['predicted']:>7}{num(a['precision'])}"
            f"{num(a['recall'])}"
        )
    print(f"removed lines named other: {before['other_share']} -> {after['other_share']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--corpora", default="dev,multidev")
    parser.add_argument("--sample", type=int, default=None, help="N pages spread over each")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--trees", type=int, default=40)
    parser.add_argument("--leaves", type=int, default=15)
    parser.add_argument("--min-confidence", type=float, default=0.25)
    parser.add_argument(
        "--keep-lexicon",
        default="",
        help="kinds that lexicon matches give and the model may not change (comma-separated)",
    )
    parser.add_argument(
        "--keep-reasons",
        default="",
        help="rules' reasons whose names the model may not change (comma-separated)",
    )
    parser.add_argument(
        "--sweep",
        type=lambda v: [float(x) for x in v.split(",")],
        default=[],
        help="also score these min_confidence values (CV, not exported)",
    )
    parser.add_argument(
        "--sweep-kept",
        type=lambda v: [tuple(k.split("+")) for k in v.split(",")],
        default=[],
        help="also score these kept-kind sets, '+'-joined, comma-separated",
    )
    parser.add_argument("--version", default="1")
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--output", type=Path, default=KIND_MODEL_PATH)
    parser.add_argument(
        "--cache", type=Path, default=None, help="prepared pages kept here (pickle)"
    )
    args = parser.parse_args(argv)
    corpora = tuple(c for c in args.corpora.split(",") if c)
    if args.cache is not None and args.cache.is_file():
        with args.cache.open("rb") as handle:
            data = pickle.load(handle)
    else:
        data = load(args.shared, corpora, args.sample)
        if args.cache is not None:
            with args.cache.open("wb") as handle:
                pickle.dump(data, handle)
    kept = tuple(k for k in args.keep_lexicon.split(",") if k)
    kept_reasons = tuple(r for r in args.keep_reasons.split(",") if r)
    probabilities = cross_validate(data, args.folds, args.trees, args.leaves)
    rules = [named(d, None, None) for d in data]
    for confidence in sorted({args.min_confidence, *args.sweep}):
        for keep in (kept, *args.sweep_kept):
            if (confidence, keep) == (args.min_confidence, kept):
                continue
            setting = settings_model(confidence, keep, kept_reasons)
            trial = [named(d, p, setting) for d, p in zip(data, probabilities, strict=True)]
            for corpus in corpora:
                part = [i for i, d in enumerate(data) if d.corpus == corpus]
                after = score([data[i] for i in part], [trial[i] for i in part])
                named_kept = "+".join(keep) or "-"
                print(f"{corpus} min_confidence {confidence} kept {named_kept}: {_brief(after)}")
    setting = settings_model(args.min_confidence, kept, kept_reasons)
    kinds = [named(d, p, setting) for d, p in zip(data, probabilities, strict=True)]
    cv: dict[str, Any] = {}
    for corpus in corpora:
        part = [i for i, d in enumerate(data) if d.corpus == corpus]
        before = score([data[i] for i in part], [rules[i] for i in part])
        after = score([data[i] for i in part], [kinds[i] for i in part])
        cv[corpus] = {"pages": len(part), "rules": before, "model": after}
        print_table(f"{corpus}: {len(part)} pages, {args.folds} folds by site", before, after)
    if args.no_export:
        return 0
    out = document(
        train(data, args.trees, args.leaves), args.min_confidence, args.version, kept, kept_reasons
    )
    out["cv"] = {
        "folds": args.folds,
        "grouping": "site (registrable domain), the line model's folds",
        "sample": args.sample,
        "trees": args.trees,
        "leaves": args.leaves,
        "params": params(len(CLASSES), args.leaves),
        "by_corpus": cv,
    }
    out["provenance"] = provenance(args.shared, corpora, KIND_TRAINING_CODE) | {
        "line_model_version": line_model().version,
    }
    text = json.dumps(_rounded(out), separators=(",", ":"))
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.output} ({args.output.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
