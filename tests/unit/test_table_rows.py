"""A table the story holds on both sides joins the body."""

from __future__ import annotations

import numpy as np
import pytest

from article_normalizer.normalize.lines import classify as classify_mod
from article_normalizer.normalize.lines.blocks import split_blocks
from article_normalizer.normalize.lines.table_rows import table_lines
from article_normalizer.rules import profile


def _joined(cells: list[int], is_body: list[bool], is_open: list[bool] | None = None) -> list[int]:
    """The rows that join with the shipped settings' shape: three rows, 0.8 alike, a third
    body at most."""
    opened = [True] * len(cells) if is_open is None else is_open
    return table_lines(cells, is_body, opened, min_rows=3, min_regular=0.8, max_in_body=0.34)


def test_a_table_between_two_paragraphs_joins() -> None:
    cells = [0, 3, 3, 3, 3, 0]
    is_body = [True, False, True, False, False, True]
    assert _joined(cells, is_body) == [1, 3, 4]


def test_a_table_at_the_story_s_end_stays_out() -> None:
    # The line below the rows is no body: a layout table or a listing below the story.
    cells = [0, 3, 3, 3, 0]
    is_body = [True, False, False, False, False]
    assert _joined(cells, is_body) == []


def test_too_few_rows_are_no_table() -> None:
    # A share bar printed in two rows between paragraphs.
    cells = [0, 2, 2, 0]
    is_body = [True, False, False, True]
    assert _joined(cells, is_body) == []


def test_a_named_row_keeps_its_name() -> None:
    cells = [0, 2, 2, 2, 0]
    is_body = [True, False, False, False, True]
    is_open = [True, True, False, True, True]
    assert _joined(cells, is_body, is_open) == [1, 3]


def test_a_table_at_the_page_s_edge_has_no_side() -> None:
    assert _joined([2, 2, 2, 0], [False, False, False, True]) == []
    assert _joined([0, 2, 2, 2], [True, False, False, False]) == []


def test_a_layout_table_s_uneven_rows_stay_out() -> None:
    # A sidebar's cells printed beside the story's lines: two, two, then three cells.
    cells = [0, 2, 2, 3, 0]
    is_body = [True, False, False, False, True]
    assert _joined(cells, is_body) == []


# A story with a table between two paragraphs, as an HTML-to-text rendering pads its cells
# (written for this test).
STORY = [
    "The harbour authority published the year's traffic figures on Tuesday, and the northern "
    "quay handled more ships than ever before, officials said.",
    "  Quay        Ships    Cargo (t)",
    "  Northern    1,204    2.1M",
    "  Southern      877    1.4M",
    "  Ferry pier    312    0.2M",
    "The authority expects the expansion approved last year to add two more berths by 2026, "
    "its chair told reporters after the meeting.",
]


class _ProseModel:
    """Sure of the long lines, sure the short ones are clutter."""

    threshold = 0.65

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts

    def predict_features(self, lines: object) -> np.ndarray:
        return np.array([0.9 if len(t) > 80 else 0.05 for t in self.texts])


class _KeepingGate:
    """A page threshold gate that never lowers the threshold."""

    margin = 0.3

    def lower(self, figures: object) -> bool:
        return False


def test_the_story_s_table_joins_its_body(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = split_blocks("\n".join(STORY))[0]
    texts = [b.text for b in blocks]
    monkeypatch.setattr(classify_mod, "model", lambda: _ProseModel(texts))
    monkeypatch.setattr(classify_mod.page_threshold, "page_threshold_gate", _KeepingGate)
    decisions = classify_mod.classify(blocks, profile("en"), rename=False)
    assert all(d.is_body for d in decisions), [
        (t, d.kind) for t, d in zip(texts, decisions, strict=True)
    ]
    assert decisions[2].reason.startswith("table:")


def test_a_story_printed_as_a_layout_table_s_column_is_no_table() -> None:
    # The story's paragraphs are rows themselves, the rows between them the other columns'.
    cells = [0, 2, 2, 2, 2, 2, 0]
    is_body = [True, True, True, False, False, False, True]
    assert _joined(cells, is_body) == []
