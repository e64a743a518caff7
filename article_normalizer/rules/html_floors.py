"""The body floors of HTML mode's extracted lines (``data/html_body_floors.toml``), by evidence.

A line trafilatura kept leaves the body on the line model's doubt only below the floor of the
strongest clutter evidence its page line carries; the file says where the numbers come from.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_DATA = resources.files(__package__) / "data"
EVIDENCE = ("named", "repeated", "linked", "unmatched", "plain")
"""Every evidence class the file must give a floor for."""


class FloorDataError(ValueError):
    """``html_body_floors.toml`` is malformed: a packaging error, caught by the test suite."""


@dataclass(frozen=True, slots=True)
class BodyFloors:
    """Body probability floors per kind of evidence a page line gives about an extracted line."""

    named: float
    """Inside an element whose markup names a kind (``<nav>``, class ``comments``)."""
    repeated: float
    """The page shows the same text on another line too (boilerplate repeats)."""
    linked: float
    """All of the line's text is link text."""
    unmatched: float
    """No page line has the text (the extraction joined or cut it differently)."""
    plain: float
    """None of the above: unnamed, unlinked, unrepeated prose or list item."""

    def floor(self, *, named: bool, repeated: bool, linked: bool, matched: bool) -> float:
        """The highest floor among the evidence present (``plain`` when there is none)."""
        floors = [
            value
            for present, value in (
                (named, self.named),
                (repeated, self.repeated),
                (linked, self.linked),
                (not matched, self.unmatched),
            )
            if present
        ]
        return max(floors) if floors else self.plain


@cache
def body_floors() -> BodyFloors:
    with (_DATA / "html_body_floors.toml").open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)
    return floors_from(data)


def floors_from(data: dict[str, Any]) -> BodyFloors:
    """Validated floors: every class present, each a probability, nothing unknown."""
    if set(data) != set(EVIDENCE):
        raise FloorDataError(f"floors must be exactly {EVIDENCE}, got {sorted(data)}")
    values: dict[str, float] = {}
    for name in EVIDENCE:
        value = data[name]
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise FloorDataError(f"floor {name!r} must be a number in [0, 1], got {value!r}")
        values[name] = float(value)
    return BodyFloors(**values)
