"""Which reading of an HTML page tells the story its headline names.

A story repeats the words of its headline: its names, places and terms come back in the first
paragraphs. trafilatura sometimes extracts a container that is about something else (a legal
notice, readers' comments, a menu, another story on the page) while the page-text reading,
which judges every visible line, finds the story under the headline. Where the page-text body
holds the headline's words and the extraction's holds almost none, the page text has the story
the page is about. Like the declared summary (:mod:`declared_summary`), this is evidence the
rendering gate's figures cannot see, since they compare the two bodies with each other and with
the page; unlike it, every article page has a headline, declared summary or not. Words are
compared as the off-topic rule compares a page's runs (:func:`off_topic.content_words`), so the
test holds in any language and script. The settings are data
(``rules/data/declared_summary.toml``).
"""

from __future__ import annotations

from collections.abc import Sequence

from article_normalizer.normalize.lines.off_topic import content_words
from article_normalizer.rules.declared_summary import HeadlineRule, headline_rule


def headline_share(
    words: set[str], paragraphs: Sequence[str], stopwords: frozenset[str], min_chars: int
) -> float:
    """The share of the headline's content ``words`` that the body's paragraphs hold."""
    if not words:
        return 0.0
    return len(words & content_words(paragraphs, stopwords, min_chars)) / len(words)


def headline_prefers_page_text(
    headline: str | None,
    extracted: Sequence[str],
    page_text: Sequence[str],
    stopwords: frozenset[str],
    rule: HeadlineRule | None = None,
) -> bool:
    """Whether the page-text body holds the ``headline``'s content words and the extraction's
    body (``extracted``) does not: then the page text has the story the headline names."""
    if not headline:
        return False
    rule = rule or headline_rule()
    words = content_words([headline], stopwords, rule.min_word_chars)
    if len(words) < rule.min_words:
        return False
    # The extraction first: it holds the headline's words on most pages, which settles them.
    return (
        headline_share(words, extracted, stopwords, rule.min_word_chars) < rule.max_extraction_share
        and headline_share(words, page_text, stopwords, rule.min_word_chars)
        >= rule.min_page_text_share
    )
