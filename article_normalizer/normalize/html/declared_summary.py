"""Which reading of an HTML page holds the summary the page declares of itself.

Pages declare a summary (JSON-LD ``description``, ``og:description``, ``<meta
name="description">``) for search engines and link previews, and it is most often the story's
first sentences or its deck. trafilatura sometimes extracts the wrong container (readers'
comments, a list of other stories, a sidebar) or starts below a lead it scored low; the
page-text reading, which judges every visible line, then holds the summary and the extraction
does not. That is evidence the rendering gate's figures cannot see (they compare the two bodies
with each other and with the page, not with what the page says it is about), and it holds in
any language and layout. The settings are data (``rules/data/declared_summary.toml``).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from article_normalizer.normalize.lines.char_classes import TOKEN
from article_normalizer.rules.declared_summary import SummaryRule, summary_rule


def word_pairs(text: str) -> set[tuple[str, str]]:
    """The pairs of consecutive words of ``text``, lower-cased; each character of an unspaced
    script is a word, so a Chinese summary is compared clause by clause as a spaced one is."""
    words = TOKEN.findall(text.lower())
    return set(pairwise(words))


def summary_share(summary: set[tuple[str, str]], paragraphs: Sequence[str]) -> float:
    """The share of the summary's word pairs that the body's paragraphs hold."""
    if not summary:
        return 0.0
    return len(summary & word_pairs("\n".join(paragraphs))) / len(summary)


def summary_prefers_page_text(
    summary: str | None,
    extracted: Sequence[str],
    page_text: Sequence[str],
    rule: SummaryRule | None = None,
) -> bool:
    """Whether the page-text body holds the declared ``summary`` and the extraction's body
    (``extracted``) does not: then the page text has the story the page says it carries."""
    if not summary:
        return False
    rule = rule or summary_rule()
    pairs = word_pairs(summary[: rule.max_chars])
    if len(pairs) < rule.min_pairs:
        return False
    # The extraction first: it holds the summary on most pages, which settles them.
    return (
        summary_share(pairs, extracted) < rule.max_extraction_share
        and summary_share(pairs, page_text) >= rule.min_page_text_share
    )
