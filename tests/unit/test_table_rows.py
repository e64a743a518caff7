"""A table the story holds on both sides joins the body."""

from __future__ import annotations

import pytest

from article_normalizer.normalize.lines.table_rows import table_lines
from tests.unit.line_stubs import classified


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


def test_the_story_s_table_joins_its_body(monkeypatch: pytest.MonkeyPatch) -> None:
    # The model sure of the long lines, sure the short ones are clutter; the gate keeps its bar.
    page = classified(
        monkeypatch, "\n".join(STORY), tiers=((80, 0.9),), threshold=0.65, lowers=False
    )
    assert all(d.is_body for _, d in page), [(t, d.kind) for t, d in page]
    assert page[2][1].reason.startswith("table:")


def test_a_story_printed_as_a_layout_table_s_column_is_no_table() -> None:
    # The story's paragraphs are rows themselves, the rows between them the other columns'.
    cells = [0, 2, 2, 2, 2, 2, 0]
    is_body = [True, True, True, False, False, False, True]
    assert _joined(cells, is_body) == []
