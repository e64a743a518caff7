"""Fit HTML mode's page gate (:mod:`article_normalizer.normalize.html.page_trust`), CV by site.

Steps:

1. every full-truth page of ``dev.jsonl.gz`` and ``multidev.jsonl.xz`` with HTML is extracted
   as the pipeline does it, and its lines judged by the line model of the cross-validation
   fold that never saw its site (``--fold-models``, written by ``bench.train_classifier
   --fold-models``): the gate must learn from the doubts the model has on pages it does not
   know, not from its near-perfect answers on its own training pages;
2. per page, the gate's figures (:func:`page_trust.page_features`) and the target: body F1
   (:mod:`bench.scoring`, headline line left out) of the decisions after the markup floors
   minus that of the extraction less the lexicon's certain clutter;
3. a LightGBM regression forest is cross-validated with the same folds by site, and the
   out-of-fold gate's body F1 printed per corpus, source and language beside both policies;
4. the forest fitted on all pages is exported as plain arrays with its provenance to
   ``normalize/lines/model/html-page-gate.json`` (deterministic: one thread, pinned seeds), and
   with ``--fold-gates`` each fold's gate beside the fold models, for ``bench.quality_multi
   --fold-models``.

Usage: ``python -m bench.train_page_gate --shared ../shared --fold-models DIR [--folds 5]
[--trees 200 --leaves 7] [--processes 2] [--every N] [--fold-gates] [--no-export]``.
Needs the ``train`` extra (lightgbm).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from article_normalizer.normalize.html import page_trust
from bench import gate_training
from bench.corpus import DevPage, fold_of, load_dev, load_multidev
from bench.scoring import BodyCounts, body_counts
from bench.train_classifier import TRAINING_CODE, _rounded, export_forest, provenance

GATE_CODE = (
    *TRAINING_CODE,
    "bench/gate_training.py",
    "bench/train_page_gate.py",
    "article_normalizer/normalize/html/extract.py",
    "article_normalizer/normalize/html/page_trust.py",
    "article_normalizer/normalize/html/visible.py",
    "article_normalizer/normalize/html/accounting.py",
)
"""What the gate depends on besides the corpora and the fold models: the line model's training
code (the fold models' source), the HTML extraction and the gate's figures. Not the shipped line
model's file: committing a re-export would then date every gate before it."""


@dataclass(frozen=True, slots=True)
class GatePage:
    """One page's gate figures and both policies' body counts."""

    group: str
    """``corpus/source``."""
    language: str | None
    site: str
    features: npt.NDArray[np.float32]
    floored: BodyCounts
    trusted: BodyCounts

    @property
    def gain(self) -> float:
        return self.floored.f1 - self.trusted.f1


_LINE_MODELS: dict[Path, Any] = {}


def _use_line_model(path: Path) -> None:
    from article_normalizer.normalize.lines import classify

    line_model = _LINE_MODELS.get(path)
    if line_model is None:
        document = json.loads(path.read_text(encoding="utf-8"))
        line_model = _LINE_MODELS[path] = classify.LineModel.from_dict(document)
    classify.model = lambda: line_model  # type: ignore[assignment]


def prepare(item: tuple[DevPage, Path]) -> GatePage | None:
    """The page's gate figures and policy scores, or None where HTML mode extracts nothing."""
    from article_normalizer.normalize.errors import NormalizeError
    from article_normalizer.normalize.html.accounting import page_line_of
    from article_normalizer.normalize.html.extract import (
        extract_html,
        judge_extracted,
        trust_extraction,
    )
    from article_normalizer.normalize.language import detect_language
    from article_normalizer.normalize.lines.blocks import split_blocks, unwrap
    from article_normalizer.normalize.pipeline import DEFAULT_LIMITS
    from article_normalizer.normalize.textkeys import text_key
    from article_normalizer.rules import profile

    page, line_model = item
    _use_line_model(line_model)
    try:
        extracted = extract_html(page.html or "")
    except NormalizeError:
        return None
    if extracted.whole_page or not extracted.text.strip():
        return None
    lines, _ = split_blocks(extracted.text, max_blocks=DEFAULT_LIMITS.max_blocks)
    blocks = unwrap(lines)
    if not blocks:
        return None
    rules = profile(detect_language(blocks, extracted.metadata.language))
    markup = (
        page_line_of(blocks, extracted.page_lines) if extracted.page_lines is not None else None
    )
    judged = judge_extracted(blocks, rules, markup)
    title = text_key(extracted.metadata.title) if extracted.metadata.title else None

    def counts(decisions: Sequence[Any]) -> BodyCounts:
        body = "\n".join(
            block.text
            for block, decision in zip(blocks, decisions, strict=True)
            if decision.is_body and text_key(block.text) != title
        )
        return body_counts(body, page.truth)

    return GatePage(
        group=f"{page.corpus}/{page.source}",
        language=page.lang,
        site=page.site,
        features=judged.features,
        floored=counts(judged.floored),
        trusted=counts(trust_extraction(judged.model, judged.strong)),
    )


def load(
    shared: Path, fold_models: Path, folds: int, processes: int, every: int = 1
) -> list[GatePage]:
    pages = [
        page
        for loader in (load_dev, load_multidev)
        for page in loader(shared, with_html=True)
        if page.gt_kind == "full" and page.html and page.truth.strip()
    ][::every]
    items = [(page, fold_models / f"fold{fold_of(page.site, folds)}.json") for page in pages]
    started = time.perf_counter()
    with ProcessPoolExecutor(processes) as pool:
        prepared = list(pool.map(prepare, items, chunksize=8))
    print(f"{len(pages)} pages extracted in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return [p for p in prepared if p is not None]


def params(leaves: int, seed: int = 7) -> dict[str, Any]:
    return {
        "objective": "regression",
        "learning_rate": 0.05,
        "num_leaves": leaves,
        "min_data_in_leaf": 20,
        "num_threads": 1,
        "verbose": -1,
        "seed": seed,
        "data_random_seed": seed,
        "deterministic": True,
        "force_row_wise": True,
    }


def fit(data: Sequence[GatePage], trees: int, leaves: int) -> dict[str, Any]:
    """One forest over ``data``, exported as the arrays :class:`page_trust.PageGate` reads."""
    import lightgbm as lgb

    dataset = lgb.Dataset(
        np.vstack([d.features for d in data]),
        label=np.array([d.gain for d in data]),
        feature_name=list(page_trust.FEATURE_NAMES),
        free_raw_data=True,
    )
    booster = lgb.train(params(leaves), dataset, num_boost_round=trees)
    return export_forest(booster, page_trust.FEATURE_NAMES)


def gate_document(forest: dict[str, Any], version: str, extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": page_trust.GATE_FORMAT,
        "version": version,
        "feature_version": page_trust.GATE_FEATURE_VERSION,
        "feature_names": list(page_trust.FEATURE_NAMES),
        "threshold": 0.0,
        "forest": forest,
        **extra,
    }


def cross_validate(
    data: Sequence[GatePage], folds: int, trees: int, leaves: int
) -> tuple[list[bool], list[dict[str, Any]]]:
    """Per page, whether its fold's gate (never fitted on its site) trusts the extractor."""

    def gate(forest: dict[str, Any], fold: int) -> Callable[[GatePage], bool]:
        fitted = page_trust.PageGate.from_dict(gate_document(forest, f"fold{fold}", {}))
        return lambda page: fitted.trust_extractor(page.features)

    return gate_training.cross_validate(data, folds, lambda pages: fit(pages, trees, leaves), gate)


def table(data: Sequence[GatePage], trusts: Sequence[bool]) -> dict[str, dict[str, float]]:
    """Body F1 per corpus, source and language: floors only, extractor trusted, gated."""
    return gate_training.policy_table(
        data,
        trusts,
        lambda page: page.floored,
        lambda page: page.trusted,
        keys=("floors", "trusted"),
        labels=("floors", "trusted", "trust%"),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, required=True)
    parser.add_argument("--fold-models", type=Path, required=True)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--trees", type=int, default=200)
    parser.add_argument("--leaves", type=int, default=7)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--version", default="1")
    parser.add_argument("--every", type=int, default=1, help="every N-th page (trial runs)")
    parser.add_argument("--fold-gates", action="store_true", help="write gate-fold<k>.json too")
    parser.add_argument("--no-export", action="store_true")
    args = parser.parse_args(argv)
    available = len(list(args.fold_models.glob("fold*.json")))
    if available != args.folds:
        parser.error(
            f"{args.fold_models} holds {available} fold models, not {args.folds}: "
            "run bench.train_classifier --fold-models first (make bench-cv)"
        )
    data = load(args.shared, args.fold_models, args.folds, args.processes, args.every)
    trusts, forests = cross_validate(data, args.folds, args.trees, args.leaves)
    print("out-of-fold body F1 of HTML mode's extracted lines (headline left out):")
    rows = table(data, trusts)
    if args.fold_gates:
        for fold, forest in enumerate(forests):
            document = gate_document(forest, f"{args.version}-fold{fold}", {})
            path = args.fold_models / f"gate-fold{fold}.json"
            path.write_text(json.dumps(_rounded(document), separators=(",", ":")) + "\n")
    if not args.no_export:
        extra = {
            "trained_on": {"pages": len(data), "folds": args.folds},
            "cv_body_f1": {name: _rounded(row) for name, row in rows.items()},
            "params": {"trees": args.trees, **params(args.leaves)},
            "provenance": provenance(args.shared, ("dev", "multidev"), GATE_CODE),
        }
        document = gate_document(fit(data, args.trees, args.leaves), args.version, extra)
        page_trust.GATE_PATH.write_text(
            json.dumps(_rounded(document), separators=(",", ":")) + "\n", encoding="utf-8"
        )
        print(f"wrote {page_trust.GATE_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
