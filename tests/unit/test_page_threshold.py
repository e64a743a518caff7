"""Text mode's page threshold: the page's own split, its gate's file and figures, and what the
gate's verdict does to the body."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from article_normalizer.normalize.lines import classify, features, kinds, page_threshold
from article_normalizer.normalize.lines.blocks import split_blocks
from article_normalizer.normalize.lines.forest import ModelFormatError
from article_normalizer.normalize.page import Decision
from article_normalizer.rules import profile
from tests.unit.gates import text_gate_document


def test_the_shipped_gate_loads_and_answers_for_any_page() -> None:
    gate = page_threshold.page_threshold_gate()
    assert gate.forest.roots.size > 0
    assert 0.0 < gate.margin < 1.0
    blocks, _ = split_blocks("A short line\nAnother line of the page, somewhat longer than that")
    lines = features.extract(blocks, profile("en"))
    proba = np.array([0.2, 0.5])
    decisions = [Decision("other", "model:0.2", 0.2), Decision("body", "model:0.5", 0.5)]
    figures = page_threshold.page_figures(
        [len(b.text) for b in blocks], lines, proba, [False, False], decisions, decisions, 0.6, 0.4
    )
    assert isinstance(gate.lower(figures), bool)
    assert math.isfinite(gate.gain(figures))


@pytest.mark.parametrize(
    "changes",
    [
        {"format": "gbdt-arrays/1"},
        {"feature_version": page_threshold.GATE_FEATURE_VERSION + 1},
        {"feature_names": list(reversed(page_threshold.FEATURE_NAMES))},
    ],
)
def test_a_gate_for_other_figures_is_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ModelFormatError):
        page_threshold.PageThresholdGate.from_dict(text_gate_document(0.1, **changes))


def test_the_split_falls_between_the_two_groups_of_scores() -> None:
    scores = np.array([0.55, 0.1, 0.5, 0.12, 0.05])
    assert page_threshold.split_threshold(scores) == pytest.approx((0.12 + 0.5) / 2)


def test_the_lowered_threshold_stays_within_the_margin_and_never_rises() -> None:
    unsure = np.array([0.05, 0.1, 0.5, 0.55, 0.6])
    assert page_threshold.lowered_threshold(unsure, 0.65, 0.3) == pytest.approx(0.35)
    assert page_threshold.lowered_threshold(unsure, 0.65, 0.1) == pytest.approx(0.55)
    all_sure = np.array([0.8, 0.85, 0.97, 0.99])
    assert page_threshold.lowered_threshold(all_sure, 0.65, 0.3) == 0.65
    assert page_threshold.lowered_threshold(np.array([0.1, 0.5]), 0.65, 0.3) == 0.65


def test_page_figures_describe_what_the_lowering_adds() -> None:
    texts = ["x" * 10, "y" * 29 + ".", "z" * 59 + "."]
    blocks, _ = split_blocks("\n".join(texts))
    lines = features.extract(blocks, profile("en"))
    proba = np.array([0.9, 0.5, 0.1])
    base = [
        Decision("body", "model:0.9", 0.9),
        Decision("", "model:0.5", 0.5),
        Decision("", "model:0.1", 0.1),
    ]
    lowered = [base[0], Decision("body", "model:0.5", 0.5), base[2]]
    figures = dict(
        zip(
            page_threshold.FEATURE_NAMES,
            page_threshold.page_figures(
                [len(t) for t in texts],
                lines,
                proba,
                [False, False, True],
                base,
                lowered,
                0.65,
                0.4,
            ),
            strict=True,
        )
    )
    assert figures["log_lines"] == pytest.approx(math.log1p(3))
    assert figures["sure_share"] == pytest.approx(0.1)
    assert figures["middle_share"] == pytest.approx(0.3)
    assert figures["lowered_by"] == pytest.approx(0.25)
    assert figures["body_share"] == pytest.approx(0.1)
    assert figures["added_share"] == pytest.approx(0.3)
    assert figures["added_to_body"] == pytest.approx(3.0)
    assert figures["added_sentence_end_share"] == 1.0
    assert figures["added_after_body_share"] == 1.0
    assert figures["added_before_body_share"] == 0.0
    assert figures["lexicon_clutter_share"] == pytest.approx(0.6)
    assert figures["short_line_share"] == pytest.approx(2 / 3)


@dataclass(frozen=True)
class _ScoresModel:
    """A line model whose scores the test sets, so the test is of the gate's verdict."""

    scores: tuple[float, ...]
    threshold: float = 0.65

    def predict_features(self, lines: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        return np.array(self.scores[: lines.shape[0]], dtype=np.float64)


_PAGE = [
    "Home | Restaurants | Bars | Guides",
    "Ten tables worth the wait",
    "The first room on our list has served the same tasting menu for twenty years, and it still"
    " surprises.",
    "Book now",
    "The second keeps a short counter where the chef talks you through every course.",
    "Book now",
    "The third is a noodle bar with a queue that moves faster than it looks from the street.",
    "Privacy policy",
]
_SCORES = (0.01, 0.3, 0.9, 0.02, 0.58, 0.02, 0.52, 0.01)


@pytest.mark.parametrize(("gain", "kept"), [(1.0, 2), (-1.0, 0)])
def test_the_gate_decides_whether_the_unsure_prose_is_body(
    monkeypatch: pytest.MonkeyPatch, gain: float, kept: int
) -> None:
    blocks, _ = split_blocks("\n".join(_PAGE))
    gate = page_threshold.PageThresholdGate.from_dict(text_gate_document(gain))
    monkeypatch.setattr(classify, "model", lambda: _ScoresModel(_SCORES))
    monkeypatch.setattr(page_threshold, "page_threshold_gate", lambda: gate)
    decisions = classify.classify(blocks, profile("en"), rename=False)
    assert decisions[2].is_body, "the line the model is sure of is body either way"
    assert sum(decisions[i].is_body for i in (4, 6)) == kept
    assert not any(decisions[i].is_body for i in (0, 3, 5, 7))


def test_an_extractors_selection_keeps_the_models_threshold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocks, _ = split_blocks("\n".join(_PAGE))
    gate = page_threshold.PageThresholdGate.from_dict(text_gate_document(1.0))
    monkeypatch.setattr(classify, "model", lambda: _ScoresModel(_SCORES))
    monkeypatch.setattr(page_threshold, "page_threshold_gate", lambda: gate)
    decisions = classify.classify(blocks, profile("en"), rename=False, whole_page=False)
    assert not any(d.is_body and d.score < 0.65 for d in decisions)


@pytest.mark.parametrize("gain", [1.0, -1.0])
def test_page_decisions_under_the_gates_verdict_are_the_pages_decisions(
    monkeypatch: pytest.MonkeyPatch, gain: float
) -> None:
    # The gate's trainer scores both verdicts through page_decisions: under the verdict the
    # gate gives, it must be the body classify gives the page.
    blocks, _ = split_blocks("\n".join(_PAGE))
    gate = page_threshold.PageThresholdGate.from_dict(text_gate_document(gain))
    model = _ScoresModel(_SCORES)
    monkeypatch.setattr(classify, "model", lambda: model)
    monkeypatch.setattr(page_threshold, "page_threshold_gate", lambda: gate)
    page = profile("en")
    whole = classify.classify(blocks, page, rename=False)
    lines = features.extract(blocks, page)
    proba = model.predict_features(lines)
    clutter = [kinds.strong_clutter(block.text, page) for block in blocks]
    choice = classify.threshold_choice(
        blocks, lines, proba, page, model.threshold, clutter, gate.margin
    )
    chosen = classify.page_decisions(
        blocks, lines, proba, page, clutter, choice, model.threshold, lower=gain > 0
    )
    assert [(d.kind, d.reason) for d in chosen] == [(d.kind, d.reason) for d in whole]
