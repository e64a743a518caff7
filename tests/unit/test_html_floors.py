"""The body floors of HTML mode's extracted lines: shipped data valid, evidence combined."""

from __future__ import annotations

import pytest

from article_normalizer.rules.html_floors import (
    EVIDENCE,
    BodyFloors,
    FloorDataError,
    body_floors,
    floors_from,
)


def test_shipped_floors_are_valid_probabilities() -> None:
    floors = body_floors()
    assert all(0.0 <= getattr(floors, name) <= 1.0 for name in EVIDENCE)


def test_the_strongest_evidence_present_sets_the_floor() -> None:
    floors = BodyFloors(named=0.3, repeated=0.2, linked=0.1, unmatched=0.05, plain=0.01)
    assert floors.floor(named=False, repeated=False, linked=False, matched=True) == 0.01
    assert floors.floor(named=False, repeated=False, linked=True, matched=True) == 0.1
    assert floors.floor(named=False, repeated=True, linked=True, matched=True) == 0.2
    assert floors.floor(named=True, repeated=True, linked=True, matched=True) == 0.3
    assert floors.floor(named=False, repeated=False, linked=False, matched=False) == 0.05


@pytest.mark.parametrize(
    "data",
    [
        {"named": 0.2, "repeated": 0.2, "linked": 0.0, "unmatched": 0.0},
        {"named": 0.2, "repeated": 0.2, "linked": 0.0, "unmatched": 0.0, "plain": 0.0, "x": 1},
        {"named": 1.5, "repeated": 0.2, "linked": 0.0, "unmatched": 0.0, "plain": 0.0},
        {"named": "0.2", "repeated": 0.2, "linked": 0.0, "unmatched": 0.0, "plain": 0.0},
        {"named": True, "repeated": 0.2, "linked": 0.0, "unmatched": 0.0, "plain": 0.0},
    ],
)
def test_malformed_floor_data_is_refused(data: dict[str, object]) -> None:
    with pytest.raises(FloorDataError):
        floors_from(data)
