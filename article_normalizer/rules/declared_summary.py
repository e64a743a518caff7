"""The settings of HTML mode's witnesses (``data/declared_summary.toml``).

What the page says of itself, its declared summary and its headline, decides between the two
readings of an HTML page where one body holds it and the other does not; the file says where
its numbers come from.
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


@dataclass(frozen=True, slots=True)
class HeadlineRule:
    """When the page's headline sends HTML mode to the page-text reading."""

    min_page_text_share: float
    """The share of the headline's content words the page-text body must hold."""
    max_extraction_share: float
    """The extraction's body must hold less than this share of them."""
    min_words: int
    """Headlines of fewer content words ("Home", a section's name) decide nothing."""
    min_word_chars: int
    """Shorter words are no content words (pairs of characters stand for words in scripts
    written without spaces)."""


_SUMMARY_KEYS = frozenset(
    {"min_page_text_share", "max_extraction_share", "min_pairs", "max_chars", "headline"}
)
_HEADLINE_KEYS = frozenset(
    {"min_page_text_share", "max_extraction_share", "min_words", "min_word_chars"}
)


@cache
def summary_rule() -> SummaryRule:
    return summary_rule_from(load_toml("declared_summary.toml"))


@cache
def headline_rule() -> HeadlineRule:
    return headline_rule_from(load_toml("declared_summary.toml"))


def summary_rule_from(data: dict[str, Any]) -> SummaryRule:
    """Validated settings: both shares in (0, 1], positive counts, nothing unknown."""
    data = checks.exact_keys(data, _SUMMARY_KEYS, "declared_summary.toml", SummaryRuleError)
    return SummaryRule(
        min_page_text_share=checks.share(data, "min_page_text_share", SummaryRuleError),
        max_extraction_share=checks.share(data, "max_extraction_share", SummaryRuleError),
        min_pairs=checks.whole(data, "min_pairs", 1, SummaryRuleError),
        max_chars=checks.whole(data, "max_chars", 1, SummaryRuleError),
    )


def headline_rule_from(data: dict[str, Any]) -> HeadlineRule:
    """Validated ``[headline]`` settings: both shares in (0, 1], positive counts, nothing
    unknown."""
    table = checks.exact_keys(
        data.get("headline"), _HEADLINE_KEYS, "declared_summary.toml [headline]", SummaryRuleError
    )
    return HeadlineRule(
        min_page_text_share=checks.share(table, "min_page_text_share", SummaryRuleError),
        max_extraction_share=checks.share(table, "max_extraction_share", SummaryRuleError),
        min_words=checks.whole(table, "min_words", 1, SummaryRuleError),
        min_word_chars=checks.whole(table, "min_word_chars", 1, SummaryRuleError),
    )
