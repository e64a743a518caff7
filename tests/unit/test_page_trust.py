"""HTML mode's page gate: its figures, its file format, and what each verdict does to the body."""

from __future__ import annotations

import math
from typing import Any

import pytest

from article_normalizer.normalize.html import page_trust
from article_normalizer.normalize.html.extract import classify_extracted
from article_normalizer.normalize.html.visible import VisibleLine
from article_normalizer.normalize.lines.blocks import split_blocks
from article_normalizer.normalize.lines.forest import ModelFormatError
from article_normalizer.normalize.page import Decision
from article_normalizer.rules import profile
from tests.unit.gates import constant_gate, gate_document


def test_the_shipped_gate_loads_and_answers_for_any_page() -> None:
    gate = page_trust.page_gate()
    assert gate.forest.roots.size > 0
    blocks, _ = split_blocks("A short line\nAnother line of the page, somewhat longer than that")
    decisions = [Decision("body", "model:0.9", 0.9), Decision("other", "model:0.1", 0.1)]
    features = page_trust.page_features(blocks, decisions, decisions, [False, False], None)
    assert isinstance(gate.trust_extractor(features), bool)
    assert math.isfinite(gate.gain(features))


@pytest.mark.parametrize(
    "changes",
    [
        {"format": "gbdt-arrays/1"},
        {"feature_version": page_trust.GATE_FEATURE_VERSION + 1},
        {"feature_names": list(reversed(page_trust.FEATURE_NAMES))},
    ],
)
def test_a_gate_for_other_features_is_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ModelFormatError):
        page_trust.PageGate.from_dict(gate_document(0.1, **changes))


def test_page_figures_weigh_lines_by_their_characters() -> None:
    blocks, _ = split_blocks("x" * 10 + "\n" + "y" * 30 + "\n" + "z" * 60)
    model = [
        Decision("body", "model:1", 1.0),
        Decision("navigation", "model:0", 0.0),
        Decision("body", "model:0.5", 0.5),
    ]
    floored = [model[0], Decision("body", "html:extracted", 0.0), model[2]]
    linked = VisibleLine(text="x" * 10, kind=None, reason="", linked=True)
    named = VisibleLine(
        text="y" * 30, kind="navigation", reason="markup:nav", linked=False, repeated=True
    )
    features = dict(
        zip(
            page_trust.FEATURE_NAMES,
            page_trust.page_features(
                blocks, model, floored, [False, True, False], [linked, named, None]
            ),
            strict=True,
        )
    )
    assert features["log_lines"] == pytest.approx(math.log1p(3))
    assert features["log_chars"] == pytest.approx(math.log1p(100))
    assert features["removed_share"] == 0.0
    assert features["doubted_share"] == pytest.approx(0.3)
    assert features["mean_probability_by_chars"] == pytest.approx((10 * 1.0 + 60 * 0.5) / 100)
    assert features["mean_probability"] == pytest.approx(0.5)
    assert features["short_line_share"] == pytest.approx(2 / 3)
    assert features["linked_share"] == pytest.approx(0.1)
    assert features["repeated_share"] == pytest.approx(0.3)
    assert features["named_share"] == pytest.approx(0.3)
    assert features["unmatched_share"] == pytest.approx(0.6)
    assert features["median_line_chars"] == 30.0
    assert features["lexicon_clutter_share"] == pytest.approx(0.3)


_STORY = (
    "Councillors in the harbour town voted on Monday night to rebuild the Victorian pier"
    " that was torn apart by storms last winter, ending months of argument."
)
_PAGE = "\n".join(
    [
        _STORY,
        "Pier repairs",
        "Sign up to our newsletter for the day's top stories",
        "Ferries",
        "Harbour walks",
        _STORY,
    ]
)


def test_a_trusting_gate_keeps_all_but_certain_clutter() -> None:
    blocks, _ = split_blocks(_PAGE)
    rules = profile("en")
    floored = classify_extracted(blocks, rules, gate=constant_gate(0.5))
    trusted = classify_extracted(blocks, rules, gate=constant_gate(-0.5))
    assert not trusted[2].is_body, "the lexicon's newsletter prompt leaves whatever the gate says"
    assert all(d.is_body for i, d in enumerate(trusted) if i != 2)
    assert sum(d.is_body for d in floored) <= sum(d.is_body for d in trusted)
    restored = [d for d, f in zip(trusted, floored, strict=True) if d.is_body and not f.is_body]
    assert all(d.reason.startswith("html:extractor_trusted") for d in restored)
