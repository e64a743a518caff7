"""Body runs: the grouping the story-level rules share."""

from __future__ import annotations

from article_normalizer.normalize.lines.body_runs import body_runs


def test_a_gap_up_to_max_gap_keeps_one_run() -> None:
    is_body = [True, False, True, False, False, True]
    assert body_runs(is_body, 1) == [[0, 2], [5]]
    assert body_runs(is_body, 2) == [[0, 2, 5]]


def test_no_gap_allowed_splits_at_every_non_body_line() -> None:
    assert body_runs([True, True, False, True], 0) == [[0, 1], [3]]


def test_no_body_no_runs() -> None:
    assert body_runs([False, False], 3) == []
    assert body_runs([], 1) == []
