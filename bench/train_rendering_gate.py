"""Fit HTML mode's rendering gate (:mod:`article_normalizer.normalize.html.rendering_choice`).

Steps:

1. every full-truth page of ``dev.jsonl.gz`` and ``multidev.jsonl.xz`` with HTML is read both
   ways by :func:`pipeline.read_html` (trafilatura's extraction, and the visible lines as page
   text), with the line model, the text page gate and the HTML page gate of the
   cross-validation fold that never saw its site (``--fold-models``, written by ``make model``
   or ``make bench-cv``): the gate must learn how the readings fail on pages the models do
   not know;
2. per page, the gate's figures (:func:`rendering_choice.choice_features`) and the target: body
   F1 (:mod:`bench.scoring`, dateline included as the quality bench scores it) of the page-text
   reading minus that of the extraction's;
3. a LightGBM regression forest is cross-validated with the same folds by site, and the
   out-of-fold body F1 printed per corpus, source and language beside both readings, for HTML
   mode's choice as it ships: the page text where the page's declared summary or its headline
   picks it (:mod:`~article_normalizer.normalize.html.declared_summary`,
   :mod:`~article_normalizer.normalize.html.headline_witness`, which decide before the gate
   and is not learned), else where the fold's gate expects a gain;
4. the forest fitted on all pages is exported as plain arrays with its provenance to
   ``normalize/lines/model/html-rendering-gate.json`` (deterministic: one thread, pinned
   seeds), and with ``--fold-gates`` each fold's gate beside the fold models, for
   ``bench.quality_multi --fold-models``.

Usage: ``python -m bench.train_rendering_gate --shared ../shared --fold-models DIR [--folds 5]
[--trees 200 --leaves 7] [--threshold 0.01] [--min-extraction-kept 0.5]
[--max-page-text-held 0.95] [--processes 2] [--every N] [--fold-gates] [--no-export]``.
Needs the ``train`` extra (lightgbm).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from article_normalizer.normalize.html import rendering_choice
from bench import gate_training
from bench.corpus import DevPage
from bench.fold_gates import use_fold_models
from bench.scoring import BodyCounts, body_counts, with_dateline
from bench.train_classifier import TEXT_DECISION_CODE
from bench.train_page_gate import GATE_CODE as PAGE_GATE_CODE
from bench.train_text_gate import GATE_CODE as TEXT_GATE_CODE

REFERENCE = datetime(2024, 1, 1, tzinfo=UTC)

GATE_CODE = tuple(
    dict.fromkeys(
        (
            *PAGE_GATE_CODE,
            *TEXT_GATE_CODE,
            *TEXT_DECISION_CODE,
            "bench/train_rendering_gate.py",
            "article_normalizer/normalize/pipeline.py",
            "article_normalizer/normalize/html/rendering_choice.py",
            "article_normalizer/normalize/html/declared_summary.py",
            "article_normalizer/normalize/html/headline_witness.py",
            "article_normalizer/rules/data/declared_summary.toml",
        )
    )
)
"""What the gate depends on besides the corpora and the fold models: both readings' code (the
line model's training code, both page gates', text mode's body rules) and the gate's figures."""


@dataclass(frozen=True, slots=True)
class ReadingPage:
    """One page's gate figures and both readings' body counts."""

    group: str
    """``corpus/source``."""
    language: str | None
    site: str
    features: npt.NDArray[np.float32]
    extracted: BodyCounts
    page_text: BodyCounts
    witness_picks_page_text: bool = False
    """The page's declared summary or its headline sends HTML mode to the page text whatever
    the gate says."""

    @property
    def gain(self) -> float:
        return self.page_text.f1 - self.extracted.f1


def prepare(item: tuple[DevPage, Path]) -> ReadingPage | None:
    """The page's gate figures and both readings' scores, or None where it has one reading."""
    from article_normalizer.normalize import NormalizeError, RawDocument
    from article_normalizer.normalize.pipeline import (
        DEFAULT_LIMITS,
        read_html,
        witnesses_prefer_page_text,
    )

    page, fold_model = item
    use_fold_models(fold_model, rendering=False)
    try:
        readings = read_html(
            RawDocument(html=page.html), reference_time=REFERENCE, limits=DEFAULT_LIMITS
        )
    except NormalizeError:
        return None
    if readings.page_text is None or readings.visible is None:
        return None

    def counts(article: Any) -> BodyCounts:
        dateline = article.dateline.text if article.dateline else None
        return body_counts(with_dateline(article.body, dateline), page.truth)

    return ReadingPage(
        group=f"{page.corpus}/{page.source}",
        language=page.lang,
        site=page.site,
        features=rendering_choice.choice_features(
            readings.extracted.paragraphs, readings.page_text.paragraphs, readings.visible
        ),
        extracted=counts(readings.extracted),
        page_text=counts(readings.page_text),
        witness_picks_page_text=witnesses_prefer_page_text(
            readings.description, readings.extracted, readings.page_text
        ),
    )


def load(
    shared: Path, fold_models: Path, folds: int, processes: int, every: int = 1
) -> list[ReadingPage]:
    return gate_training.html_pages(shared, fold_models, folds, processes, every, prepare)


def fit(data: Sequence[ReadingPage], trees: int, leaves: int) -> dict[str, Any]:
    """One forest over ``data``, exported as the arrays :class:`RenderingGate` reads."""
    return gate_training.fit(
        (d.features for d in data),
        (d.gain for d in data),
        rendering_choice.GATE_SPEC,
        trees,
        leaves,
    )


DEFAULT_THRESHOLD = 0.01
"""The predicted gain the page-text reading must clear: a point of body F1. Taking it changes
the whole body and every removed line's name, so a forest that expects next to no gain either
way is not followed; this margin halves the pages that switch at the same out-of-fold F1."""


DEFAULT_MIN_EXTRACTION_KEPT = 0.5
"""The page-text body must hold at least half of the extraction's word 4-grams: both readings
found the same story, and the page text does not swap it for another."""
DEFAULT_MAX_PAGE_TEXT_HELD = 0.95
"""At least a twentieth of the page-text body's word 4-grams must be missing from the
extraction: the page text recovers something, rather than being the extraction with lines cut
on the text model's doubt. Both bounds were checked on the out-of-fold choices of every corpus,
source and language with 40 pages (a grid of 0.3/0.5/0.7/0.8 by 0.9/0.95/0.98/none) and on two
public benchmarks outside the corpora; the figures are in docs/quality.md."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What the gate file records beside the forest: when its prediction is followed."""

    threshold: float = DEFAULT_THRESHOLD
    min_extraction_kept: float = DEFAULT_MIN_EXTRACTION_KEPT
    max_page_text_held: float = DEFAULT_MAX_PAGE_TEXT_HELD


def gate_document(
    forest: dict[str, Any], version: str, extra: dict[str, Any], settings: Settings
) -> dict[str, Any]:
    recorded = {
        "threshold": settings.threshold,
        "min_extraction_kept": settings.min_extraction_kept,
        "max_page_text_held": settings.max_page_text_held,
    }
    return gate_training.gate_file(rendering_choice.GATE_SPEC, version, recorded, forest, extra)


def cross_validate(
    data: Sequence[ReadingPage], folds: int, trees: int, leaves: int, settings: Settings
) -> tuple[list[bool], list[dict[str, Any]]]:
    """Per page, whether HTML mode takes the page text: the declared summary or the headline
    picks it, or its fold's gate (never fitted on its site) does."""

    def gate(forest: dict[str, Any], fold: int) -> Callable[[ReadingPage], bool]:
        document = gate_document(forest, f"fold{fold}", {}, settings)
        fitted = rendering_choice.RenderingGate.from_dict(document)
        return lambda page: page.witness_picks_page_text or fitted.prefers_page_text(page.features)

    return gate_training.cross_validate(data, folds, lambda pages: fit(pages, trees, leaves), gate)


def table(data: Sequence[ReadingPage], choices: Sequence[bool]) -> dict[str, dict[str, float]]:
    """Body F1 per corpus, source and language: each reading alone, and the gate's choice."""
    return gate_training.policy_table(
        data,
        choices,
        lambda page: page.extracted,
        lambda page: page.page_text,
        keys=("extracted", "page_text"),
        labels=("extract", "text", "text%"),
    )


def main(argv: list[str] | None = None) -> int:
    parser = gate_training.arguments(__doc__.split("\n\n")[0], "rendering-gate-fold<k>.json")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--min-extraction-kept", type=float, default=DEFAULT_MIN_EXTRACTION_KEPT)
    parser.add_argument("--max-page-text-held", type=float, default=DEFAULT_MAX_PAGE_TEXT_HELD)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--every", type=int, default=1, help="every N-th page (trial runs)")
    args = gate_training.parse(parser, argv)
    data = load(args.shared, args.fold_models, args.folds, args.processes, args.every)
    settings = Settings(args.threshold, args.min_extraction_kept, args.max_page_text_held)
    choices, forests = cross_validate(data, args.folds, args.trees, args.leaves, settings)
    print("out-of-fold body F1 of HTML mode's two readings and the gate's choice:")
    rows = table(data, choices)
    if args.fold_gates:
        for fold, forest in enumerate(forests):
            document = gate_document(forest, f"{args.version}-fold{fold}", {}, settings)
            path = args.fold_models / f"rendering-gate-fold{fold}.json"
            gate_training.write_json(path, document)
    if not args.no_export:
        extra = gate_training.export_extra(args, len(data), rows, GATE_CODE)
        forest = fit(data, args.trees, args.leaves)
        document = gate_document(forest, args.version, extra, settings)
        gate_training.write_json(rendering_choice.GATE_PATH, document)
        print(f"wrote {rendering_choice.GATE_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
