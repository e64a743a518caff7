"""The repeated-run rule's settings: the shipped file is valid, malformed files are refused."""

from __future__ import annotations

import pytest

from article_normalizer.rules.repeated_runs import (
    RepeatedRunsDataError,
    repeated_runs,
    repeated_runs_from,
)


def test_shipped_settings_are_valid() -> None:
    rule = repeated_runs()
    assert 0 < rule.min_repeated_share <= 1
    assert rule.max_gap >= 0


@pytest.mark.parametrize(
    "data",
    [
        {"min_repeated_share": 0.8},
        {"min_repeated_share": 0.8, "max_gap": 1, "extra": 2},
        {"min_repeated_share": 0.0, "max_gap": 1},
        {"min_repeated_share": 1.5, "max_gap": 1},
        {"min_repeated_share": "0.8", "max_gap": 1},
        {"min_repeated_share": 0.8, "max_gap": -1},
        {"min_repeated_share": 0.8, "max_gap": True},
    ],
)
def test_malformed_settings_are_refused(data: dict[str, object]) -> None:
    with pytest.raises(RepeatedRunsDataError):
        repeated_runs_from(data)
