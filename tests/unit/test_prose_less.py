"""Pages without sure prose get a bar relative to their best line."""

from __future__ import annotations

import numpy as np
import pytest

from article_normalizer.normalize.lines import classify as classify_mod
from article_normalizer.normalize.lines import prose_less
from article_normalizer.normalize.lines.blocks import split_blocks
from article_normalizer.normalize.lines.prose_less import relative_threshold
from article_normalizer.rules import profile
from article_normalizer.rules.body_rules import ProseLess

RULE = ProseLess(
    prose_score=0.7, prose_tokens=15, min_prose_lines=3, relative=0.3, grow_margin=0.05
)


def test_a_page_of_sure_prose_keeps_the_models_bar() -> None:
    proba = np.array([0.9, 0.8, 0.85, 0.1])
    tokens = np.array([40.0, 30.0, 25.0, 2.0])
    assert relative_threshold(proba, tokens, 0.6, RULE) is None


def test_a_listing_is_judged_against_its_best_line() -> None:
    proba = np.array([0.05, 0.5, 0.2, 0.12, 0.3])
    tokens = np.array([3.0, 20.0, 6.0, 4.0, 8.0])
    assert relative_threshold(proba, tokens, 0.6, RULE) == 0.3 * 0.5


def test_short_confident_lines_are_not_prose() -> None:
    proba = np.array([0.9, 0.9, 0.9, 0.9])
    tokens = np.array([5.0, 6.0, 4.0, 14.0])
    assert relative_threshold(proba, tokens, 0.6, RULE) == 0.3 * 0.9


def test_the_bar_never_rises() -> None:
    proba = np.array([0.9, 0.2])
    tokens = np.array([5.0, 30.0])
    assert relative_threshold(proba, tokens, 0.25, RULE) is None


def test_an_empty_page_has_no_bar() -> None:
    assert relative_threshold(np.array([]), np.array([]), 0.6, RULE) is None


# A recipe listing as a browser prints it (written for this test): menu, a promotion, the
# listing's items (title, one-line description, rating), footer.
ITEMS = [
    ("Sheet-Pan Lemon Chicken", "Roast everything on one tray until golden.", "4.7 stars"),
    ("Tomato Tortellini Soup", "Tortellini simmered in a quick tomato broth.", "4.6 stars"),
    ("Black Bean Tacos", "Crisp tortillas, smoky beans and a lime slaw.", "4.8 stars"),
    ("Garlic Butter Salmon", "A hot pan, butter and plenty of garlic.", "4.9 stars"),
]
MENU = ["Home", "Recipes", "Dinners", "Sign In"]
PROMO = "Plan a whole week of dinners with our free meal planner."
FOOTER = ["About Us", "Contact", "Privacy Policy"]
# Scores of a line model that finds no prose on the page: the promotion happens to pass its
# threshold, the items score low but above the menus.
SCORES = {PROMO: 0.65} | {
    text: score for item in ITEMS for text, score in zip(item, (0.2, 0.25, 0.16), strict=True)
}


class _LowModel:
    threshold = 0.6

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts

    def predict_features(self, lines: object) -> np.ndarray:
        return np.array([SCORES.get(text, 0.02) for text in self.texts])


def _classify(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    page = "\n\n".join([*MENU, PROMO, *(line for item in ITEMS for line in item), *FOOTER])
    blocks = split_blocks(page)[0]
    texts = [b.text for b in blocks]
    monkeypatch.setattr(classify_mod, "model", lambda: _LowModel(texts))
    decisions = classify_mod.classify(blocks, profile("en"), rename=False)
    return texts, [t for t, d in zip(texts, decisions, strict=True) if d.is_body]


def test_a_listing_without_prose_keeps_its_items(monkeypatch: pytest.MonkeyPatch) -> None:
    _, body = _classify(monkeypatch)
    assert body == [PROMO, *(line for item in ITEMS for line in item)]


def test_without_the_rule_only_the_chance_winner_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prose_less, "relative_threshold", lambda *args: None)
    _, body = _classify(monkeypatch)
    assert body == [PROMO]
