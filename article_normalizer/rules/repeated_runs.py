"""When a body run repeats the body (``data/repeated_runs.toml``): the settings of that rule.

The file says why the rule exists and where its numbers come from; the rule itself is applied
by the line classifier (:mod:`article_normalizer.normalize.lines.classify`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_DATA = resources.files(__package__) / "data"


class RepeatedRunsDataError(ValueError):
    """``repeated_runs.toml`` is malformed: a packaging error, caught by the test suite."""


@dataclass(frozen=True, slots=True)
class RepeatedRuns:
    """How a copy of the body is told from the body."""

    min_repeated_share: float
    """Share of a run's characters in lines already kept above which the run is a copy."""
    max_gap: int
    """Non-body lines allowed between two body lines of one run."""
    min_lines: int
    """Fewest body lines a run needs to be taken for a copy (a lone repeated line is a quote)."""


_KEYS = frozenset({"min_repeated_share", "max_gap", "min_lines"})


def repeated_runs_from(data: dict[str, Any]) -> RepeatedRuns:
    if set(data) != _KEYS:
        raise RepeatedRunsDataError(f"expected the keys {sorted(_KEYS)}, got {sorted(data)}")
    share, gap, lines = data.get("min_repeated_share"), data.get("max_gap"), data.get("min_lines")
    if not isinstance(share, int | float) or isinstance(share, bool) or not 0 < share <= 1:
        raise RepeatedRunsDataError(f"min_repeated_share must be in (0, 1], got {share!r}")
    if not isinstance(gap, int) or isinstance(gap, bool) or gap < 0:
        raise RepeatedRunsDataError(f"max_gap must be a whole number >= 0, got {gap!r}")
    if not isinstance(lines, int) or isinstance(lines, bool) or lines < 1:
        raise RepeatedRunsDataError(f"min_lines must be a whole number >= 1, got {lines!r}")
    return RepeatedRuns(min_repeated_share=float(share), max_gap=gap, min_lines=lines)


@cache
def repeated_runs() -> RepeatedRuns:
    with (_DATA / "repeated_runs.toml").open("rb") as handle:
        return repeated_runs_from(tomllib.load(handle))
