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

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from article_normalizer.normalize.html import page_trust
from bench import gate_training
from bench.corpus import DevPage
from bench.fold_gates import use_fold_line_model
from bench.scoring import BodyCounts, body_counts
from bench.train_classifier import TRAINING_CODE

GATE_CODE = (
    *TRAINING_CODE,
    "bench/gate_training.py",
    "bench/train_page_gate.py",
    "article_normalizer/normalize/html/extract.py",
    "article_normalizer/normalize/html/headline.py",
    "article_normalizer/normalize/html/page_trust.py",
    "article_normalizer/normalize/html/visible.py",
    "article_normalizer/normalize/html/accounting.py",
)
"""What the gate depends on besides the corpora and the fold models: the line model's training
code (the fold models' source), the HTML extraction (with the headline it puts above the
story) and the gate's figures. Not the shipped line model's file: committing a re-export would
then date every gate before it."""


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
    use_fold_line_model(line_model)
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
    return gate_training.html_pages(shared, fold_models, folds, processes, every, prepare)


def fit(data: Sequence[GatePage], trees: int, leaves: int) -> dict[str, Any]:
    """One forest over ``data``, exported as the arrays :class:`page_trust.PageGate` reads."""
    return gate_training.fit(
        (d.features for d in data), (d.gain for d in data), page_trust.GATE_SPEC, trees, leaves
    )


def gate_document(forest: dict[str, Any], version: str, extra: dict[str, Any]) -> dict[str, Any]:
    return gate_training.gate_file(page_trust.GATE_SPEC, version, {"threshold": 0.0}, forest, extra)


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
    parser = gate_training.arguments(__doc__.split("\n\n")[0], "gate-fold<k>.json")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--every", type=int, default=1, help="every N-th page (trial runs)")
    args = gate_training.parse(parser, argv)
    data = load(args.shared, args.fold_models, args.folds, args.processes, args.every)
    trusts, forests = cross_validate(data, args.folds, args.trees, args.leaves)
    print("out-of-fold body F1 of HTML mode's extracted lines (headline left out):")
    rows = table(data, trusts)
    if args.fold_gates:
        for fold, forest in enumerate(forests):
            document = gate_document(forest, f"{args.version}-fold{fold}", {})
            gate_training.write_json(args.fold_models / f"gate-fold{fold}.json", document)
    if not args.no_export:
        extra = gate_training.export_extra(args, len(data), rows, GATE_CODE)
        document = gate_document(fit(data, args.trees, args.leaves), args.version, extra)
        gate_training.write_json(page_trust.GATE_PATH, document)
        print(f"wrote {page_trust.GATE_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
