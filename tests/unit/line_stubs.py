"""A line model and a page threshold gate with fixed verdicts, so a test of a rule after the
model (a consent dialog, a paywall box, a table) reads the rule, not the fitted files."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from article_normalizer.normalize.lines import classify as classify_mod
from article_normalizer.normalize.lines import page_threshold
from article_normalizer.normalize.lines.blocks import split_blocks
from article_normalizer.normalize.page import Decision
from article_normalizer.rules import profile


class LengthModel:
    """Scores each line by its length alone: the score of the first ``(chars, score)`` tier
    the line is longer than, else 0.05 (sure clutter)."""

    def __init__(
        self, texts: list[str], tiers: Sequence[tuple[int, float]], threshold: float
    ) -> None:
        self.texts = texts
        self.tiers = tiers
        self.threshold = threshold

    def predict_features(self, lines: object) -> np.ndarray:
        return np.array([next((s for n, s in self.tiers if len(t) > n), 0.05) for t in self.texts])


class FixedGate:
    """A page threshold gate that always (``lowers``) or never lowers the threshold."""

    margin = 0.3

    def __init__(self, lowers: bool) -> None:
        self.lowers = lowers

    def lower(self, figures: object) -> bool:
        return self.lowers


def classified(
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    tiers: Sequence[tuple[int, float]],
    threshold: float,
    lowers: bool | None = None,
) -> list[tuple[str, Decision]]:
    """Each line of ``text`` with its decision, English, under a :class:`LengthModel` and, unless
    ``lowers`` is None (the shipped gate), a :class:`FixedGate`."""
    blocks = split_blocks(text)[0]
    texts = [b.text for b in blocks]
    monkeypatch.setattr(classify_mod, "model", lambda: LengthModel(texts, tiers, threshold))
    if lowers is not None:
        gate = FixedGate(lowers)
        monkeypatch.setattr(page_threshold, "page_threshold_gate", lambda: gate)
    decisions = classify_mod.classify(blocks, profile("en"), rename=False)
    return list(zip(texts, decisions, strict=True))
