"""The settings of HTML mode's summary witness (``data/declared_summary.toml``).

The page's declared summary decides between the two readings of an HTML page where one body
holds it and the other does not; the file says where its numbers come from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from article_normalizer.rules import load_toml


class SummaryRuleError(ValueError):
    """``declared_summary.toml`` is malformed: a packaging error, caught by the test suite."""


@dataclass(frozen=True, slots=True)
class SummaryRule:
    """When the declared summary sends HTML mode to the page-text reading."""

    min_page_text_share: float
    """The share of the summary's word pairs the page-text body must hold."""
    max_extraction_share: float
    """The extraction's body must hold less than this share of them."""
    min_pairs: int
    """Summaries of fewer word pairs decide nothing."""
    max_chars: int
    """Only a summary's first characters are compared, so a page declaring a huge one costs
    no more than any other."""


_SHARES = ("min_page_text_share", "max_extraction_share")


@cache
def summary_rule() -> SummaryRule:
    return summary_rule_from(load_toml("declared_summary.toml"))


_COUNTS = ("min_pairs", "max_chars")


def summary_rule_from(data: dict[str, Any]) -> SummaryRule:
    """Validated settings: both shares in [0, 1], positive counts, nothing unknown."""
    if set(data) != {*_SHARES, *_COUNTS}:
        raise SummaryRuleError(f"settings must be {(*_SHARES, *_COUNTS)}, got {sorted(data)}")
    for name in _SHARES:
        value = data[name]
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise SummaryRuleError(f"{name!r} must be a number in [0, 1], got {value!r}")
    for name in _COUNTS:
        count = data[name]
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise SummaryRuleError(f"{name!r} must be a positive integer, got {count!r}")
    return SummaryRule(
        min_page_text_share=float(data["min_page_text_share"]),
        max_extraction_share=float(data["max_extraction_share"]),
        min_pairs=data["min_pairs"],
        max_chars=data["max_chars"],
    )
