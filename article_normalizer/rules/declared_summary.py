"""The settings of HTML mode's summary witness (``data/declared_summary.toml``).

The page's declared summary decides between the two readings of an HTML page where one body
holds it and the other does not; the file says where its numbers come from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from article_normalizer.rules import checks, load_toml


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


_KEYS = frozenset({"min_page_text_share", "max_extraction_share", "min_pairs", "max_chars"})


@cache
def summary_rule() -> SummaryRule:
    return summary_rule_from(load_toml("declared_summary.toml"))


def summary_rule_from(data: dict[str, Any]) -> SummaryRule:
    """Validated settings: both shares in (0, 1], positive counts, nothing unknown."""
    data = checks.exact_keys(data, _KEYS, "declared_summary.toml", SummaryRuleError)
    return SummaryRule(
        min_page_text_share=checks.share(data, "min_page_text_share", SummaryRuleError),
        max_extraction_share=checks.share(data, "max_extraction_share", SummaryRuleError),
        min_pairs=checks.whole(data, "min_pairs", 1, SummaryRuleError),
        max_chars=checks.whole(data, "max_chars", 1, SummaryRuleError),
    )
