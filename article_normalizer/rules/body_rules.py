"""Settings of the line classifier's rules after the model (``data/body_rules.toml``).

The file says why each rule exists and where its numbers come from; the rules themselves are
applied by :mod:`article_normalizer.normalize.lines.classify`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_DATA = resources.files(__package__) / "data"


class BodyRulesDataError(ValueError):
    """``body_rules.toml`` is malformed: a packaging error, caught by the test suite."""


@dataclass(frozen=True, slots=True)
class RepeatedRuns:
    """How a copy of the body is told from the body."""

    min_repeated_share: float
    """Share of a run's characters in lines already kept above which the run is a copy."""
    max_gap: int
    """Non-body lines allowed between two body lines of one run."""
    min_lines: int
    """Fewest body lines a run needs to be taken for a copy (a lone repeated line is a quote)."""


@dataclass(frozen=True, slots=True)
class InnerTeasers:
    """When headline-shaped lines inside the body are the article's sections, not teasers."""

    min_section_headings: int
    """Fewest such lines inside the body for the confident ones to be sub-headings."""


@dataclass(frozen=True, slots=True)
class BodyRules:
    repeated_runs: RepeatedRuns
    inner_teasers: InnerTeasers


def _whole(table: dict[str, Any], key: str, low: int) -> int:
    value = table.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise BodyRulesDataError(f"{key} must be a whole number >= {low}, got {value!r}")
    return value


def _table(data: dict[str, Any], name: str, keys: frozenset[str]) -> dict[str, Any]:
    table = data.get(name)
    if not isinstance(table, dict) or set(table) != keys:
        got = sorted(table) if isinstance(table, dict) else table
        raise BodyRulesDataError(f"[{name}] must hold exactly {sorted(keys)}, got {got!r}")
    return table


def body_rules_from(data: dict[str, Any]) -> BodyRules:
    if set(data) != {"repeated_runs", "inner_teasers"}:
        raise BodyRulesDataError(
            f"expected [repeated_runs] and [inner_teasers], got {sorted(data)}"
        )
    runs = _table(data, "repeated_runs", frozenset({"min_repeated_share", "max_gap", "min_lines"}))
    share = runs["min_repeated_share"]
    if not isinstance(share, int | float) or isinstance(share, bool) or not 0 < share <= 1:
        raise BodyRulesDataError(f"min_repeated_share must be in (0, 1], got {share!r}")
    teasers = _table(data, "inner_teasers", frozenset({"min_section_headings"}))
    return BodyRules(
        repeated_runs=RepeatedRuns(
            min_repeated_share=float(share),
            max_gap=_whole(runs, "max_gap", 0),
            min_lines=_whole(runs, "min_lines", 1),
        ),
        inner_teasers=InnerTeasers(min_section_headings=_whole(teasers, "min_section_headings", 1)),
    )


@cache
def body_rules() -> BodyRules:
    with (_DATA / "body_rules.toml").open("rb") as handle:
        return body_rules_from(tomllib.load(handle))
