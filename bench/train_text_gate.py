"""Fit text mode's page threshold gate (:mod:`article_normalizer.normalize.lines.page_threshold`).

Steps:

1. every full-truth page of ``dev.jsonl.gz`` and ``multidev.jsonl.xz`` is split and featurised
   as the pipeline does it (:func:`bench.train_classifier.load_prepared`), and its lines scored
   by the line model of the cross-validation fold that never saw its site (``--fold-models``,
   written by ``bench.train_classifier --fold-models``): the gate must learn from the scores
   the model gives pages it does not know;
2. per page, the runtime code (:func:`classify.threshold_choice`) gives the gate's figures, and
   :func:`classify.page_decisions` the body the page is finally given (every rule after the
   gate applied) with the threshold lowered and without; the target is the body F1
   (:mod:`bench.scoring`) of the first minus that of the second;
3. a LightGBM regression forest is cross-validated with the same folds by site, and the
   out-of-fold gate's body F1 printed per corpus, source and language beside both policies;
4. the forest fitted on all pages is exported as plain arrays with its provenance to
   ``normalize/lines/model/text-page-gate.json`` (deterministic: one thread, pinned seeds), and
   with ``--fold-gates`` each fold's gate beside the fold models (``text-gate-fold<k>.json``),
   for ``bench.quality_multi --fold-models``.

Usage: ``python -m bench.train_text_gate --shared ../shared --fold-models DIR [--folds 5]
[--trees 200 --leaves 7] [--margin 0.3] [--fold-gates] [--no-export]``.
Needs the ``train`` extra (lightgbm).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from article_normalizer.normalize.lines import classify, page_threshold
from article_normalizer.normalize.page import Decision
from bench import gate_training
from bench.corpus import fold_of
from bench.scoring import BodyCounts, body_counts
from bench.train_classifier import (
    TEXT_DECISION_CODE,
    TRAINING_CODE,
    Prepared,
    load_prepared,
)

GATE_CODE = (
    *TRAINING_CODE,
    *TEXT_DECISION_CODE,
    "bench/gate_training.py",
    "bench/train_text_gate.py",
    "bench/train_page_gate.py",
)
"""What the gate depends on besides the corpora and the fold models: the line model's training
code (the fold models' source), the rules after the gate that both bodies go through and the
gate's figures (``page_threshold.py``, among those rules). Not the shipped line model's file:
committing a re-export would then date every gate before it."""


@dataclass(frozen=True, slots=True)
class GatePage:
    """One page's gate figures and both policies' body counts."""

    group: str
    """``corpus/source``."""
    language: str | None
    site: str
    figures: npt.NDArray[np.float32]
    base: BodyCounts
    lowered: BodyCounts

    @property
    def gain(self) -> float:
        return self.lowered.f1 - self.base.f1


def _counts(item: Prepared, decisions: Sequence[Decision]) -> BodyCounts:
    body = "\n\n".join(
        block.text
        for block, decision in zip(item.blocks, decisions, strict=True)
        if decision.is_body
    )
    return body_counts(body, item.page.truth)


def gate_pages(
    data: Sequence[Prepared], fold_models: Path, folds: int, margin: float
) -> list[GatePage]:
    """Each full-truth page judged by its fold's line model at both thresholds."""
    models = [
        classify.LineModel.from_dict(
            json.loads((fold_models / f"fold{k}.json").read_text(encoding="utf-8"))
        )
        for k in range(folds)
    ]
    out: list[GatePage] = []
    for item in data:
        page = item.page
        if not (page.gt_kind == "full" and page.truth.strip()):
            continue
        line_model = models[fold_of(page.site, folds)]
        proba = line_model.predict_features(item.x)
        choice = classify.threshold_choice(
            item.blocks,
            item.x,
            proba,
            item.profile,
            line_model.threshold,
            item.certain_clutter(),
            margin,
        )
        out.append(
            GatePage(
                group=f"{page.corpus}/{page.source}",
                language=page.lang,
                site=page.site,
                figures=choice.figures,
                base=_final_counts(item, proba, choice, line_model.threshold, lower=False),
                lowered=_final_counts(item, proba, choice, line_model.threshold, lower=True),
            )
        )
    return out


def _final_counts(
    item: Prepared,
    proba: npt.NDArray[np.float64],
    choice: classify.ThresholdChoice,
    threshold: float,
    *,
    lower: bool,
) -> BodyCounts:
    """The counts of the body the page is finally given under one policy of the gate."""
    fresh = replace(choice, base=_copies(choice.base), lowered=_copies(choice.lowered))
    decisions = classify.page_decisions(
        item.blocks,
        item.x,
        proba,
        item.profile,
        item.certain_clutter(),
        fresh,
        threshold,
        lower=lower,
    )
    return _counts(item, decisions)


def _copies(decisions: Sequence[Decision]) -> list[Decision]:
    """Fresh decisions for one policy: the rules after the gate change the ones they are given,
    and a page that cannot be lowered holds the same ones under both policies."""
    return [Decision(d.kind, d.reason, d.score) for d in decisions]


def fit(data: Sequence[GatePage], trees: int, leaves: int) -> dict[str, Any]:
    """One forest over ``data``, exported as the arrays the gate reads."""
    return gate_training.fit(
        (d.figures for d in data), (d.gain for d in data), page_threshold.GATE_SPEC, trees, leaves
    )


def gate_document(
    forest: dict[str, Any], version: str, margin: float, extra: dict[str, Any]
) -> dict[str, Any]:
    settings = {"margin": margin, "min_gain": 0.0}
    return gate_training.gate_file(page_threshold.GATE_SPEC, version, settings, forest, extra)


def cross_validate(
    data: Sequence[GatePage], folds: int, trees: int, leaves: int, margin: float
) -> tuple[list[bool], list[dict[str, Any]]]:
    """Per page, whether its fold's gate (never fitted on its site) lowers its threshold."""

    def gate(forest: dict[str, Any], fold: int) -> Callable[[GatePage], bool]:
        document = gate_document(forest, f"fold{fold}", margin, {})
        fitted = page_threshold.PageThresholdGate.from_dict(document)
        return lambda page: fitted.lower(page.figures)

    return gate_training.cross_validate(data, folds, lambda pages: fit(pages, trees, leaves), gate)


def table(data: Sequence[GatePage], lowers: Sequence[bool]) -> dict[str, dict[str, float]]:
    """Body F1 per corpus, source and language: model threshold, lowered everywhere, gated."""
    return gate_training.policy_table(
        data,
        lowers,
        lambda page: page.base,
        lambda page: page.lowered,
        keys=("model", "lowered"),
        labels=("model", "lowered", "lower%"),
    )


def main(argv: list[str] | None = None) -> int:
    parser = gate_training.arguments(__doc__.split("\n\n")[0], "text-gate-fold<k>.json")
    parser.add_argument(
        "--margin",
        type=float,
        default=0.3,
        help="how far below the model's threshold a page may go",
    )
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each corpus")
    args = gate_training.parse(parser, argv)
    prepared = load_prepared(args.shared, args.limit)
    started = time.perf_counter()
    data = gate_pages(prepared, args.fold_models, args.folds, args.margin)
    print(f"{len(data)} pages judged in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    lowers, forests = cross_validate(data, args.folds, args.trees, args.leaves, args.margin)
    print("out-of-fold body F1 of text mode's page text (model threshold, lowered, gated):")
    rows = table(data, lowers)
    if args.fold_gates:
        for fold, forest in enumerate(forests):
            document = gate_document(forest, f"{args.version}-fold{fold}", args.margin, {})
            gate_training.write_json(args.fold_models / f"text-gate-fold{fold}.json", document)
    if not args.no_export:
        extra = gate_training.export_extra(args, len(data), rows, GATE_CODE)
        forest = fit(data, args.trees, args.leaves)
        document = gate_document(forest, args.version, args.margin, extra)
        gate_training.write_json(page_threshold.GATE_PATH, document)
        print(f"wrote {page_threshold.GATE_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
