"""HTML mode's summary witness: the page's declared summary picks the reading that holds it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.html import rendering_choice
from article_normalizer.normalize.html.declared_summary import (
    summary_prefers_page_text,
    summary_share,
    word_pairs,
)
from article_normalizer.normalize.pipeline import DEFAULT_LIMITS, read_html
from article_normalizer.rules.declared_summary import (
    SummaryRule,
    SummaryRuleError,
    headline_rule,
    headline_rule_from,
    summary_rule,
    summary_rule_from,
)
from tests.conftest import FIXTURES
from tests.unit.gates import constant_rendering_gate

NOW = datetime(2024, 3, 6, tzinfo=UTC)
RULE = SummaryRule(min_page_text_share=0.5, max_extraction_share=0.2, min_pairs=3, max_chars=1000)

_SUMMARY = "The council voted on Monday to build a new pier at the harbour."
_STORY = [
    "The council voted on Monday evening to build a new pier at the north end of the harbour.",
    "Fishermen welcomed the vote, and work is expected to begin in the autumn.",
]
_LETTERS = [
    "I have lived in this town for forty years and never seen the council agree so quickly.",
    "The ferry timetable changes for the summer season leave tourists waiting on the quay.",
]


def test_words_pair_up_in_any_script() -> None:
    assert word_pairs("New pier, at last") == {("new", "pier"), ("pier", "at"), ("at", "last")}
    assert word_pairs("新码头") == {("新", "码"), ("码", "头")}
    assert word_pairs("Pier") == set()


def test_the_share_counts_the_summarys_pairs_a_body_holds() -> None:
    pairs = word_pairs(_SUMMARY)
    assert summary_share(pairs, [_SUMMARY]) == 1.0
    assert summary_share(pairs, _LETTERS) < 0.1  # "the council" alone
    assert 0.3 < summary_share(pairs, _STORY) < 1.0
    assert summary_share(set(), _STORY) == 0.0


@pytest.mark.parametrize(
    ("summary", "extracted", "page_text", "taken"),
    [
        (_SUMMARY, _LETTERS, [*_STORY, *_LETTERS], True),  # the extraction took other text
        (_SUMMARY, _STORY[1:], _STORY, True),  # it started below the story's opening
        (_SUMMARY, _STORY, _STORY, False),  # both hold it: the gate decides
        (_SUMMARY, _LETTERS, _LETTERS, False),  # neither holds it
        (_SUMMARY, _STORY, _LETTERS, False),  # only the extraction holds it
        ("Harbour news", _LETTERS, _STORY, False),  # too short to tell anything
        (None, _LETTERS, _STORY, False),  # no summary declared
    ],
)
def test_the_page_text_is_taken_where_it_alone_holds_the_summary(
    summary: str | None, extracted: list[str], page_text: list[str], taken: bool
) -> None:
    assert summary_prefers_page_text(summary, extracted, page_text, RULE) is taken


def test_a_huge_summary_is_read_by_its_start() -> None:
    """A page may declare megabytes as its description; only its opening is compared."""
    huge = _SUMMARY + " " + "filler words of a pasted book " * 200_000
    assert summary_prefers_page_text(huge, _LETTERS, [*_STORY, *_LETTERS], RULE)
    tail_only = "filler words of a pasted book " * 200_000 + _SUMMARY
    assert not summary_prefers_page_text(tail_only, _LETTERS, [*_STORY, *_LETTERS], RULE)


def test_the_shipped_settings_load() -> None:
    rule = summary_rule()
    assert 0.0 < rule.max_extraction_share < rule.min_page_text_share <= 1.0
    assert rule.min_pairs >= 1
    assert rule.max_chars >= 200
    headline = headline_rule()
    assert 0.0 < headline.max_extraction_share < headline.min_page_text_share <= 1.0
    assert headline.min_words >= 1
    assert headline.min_word_chars >= 1


_HEADLINE_TABLE: dict[str, Any] = {
    "min_page_text_share": 0.5,
    "max_extraction_share": 0.2,
    "min_words": 2,
    "min_word_chars": 4,
}
_SETTINGS: dict[str, Any] = {
    "min_page_text_share": 0.5,
    "max_extraction_share": 0.2,
    "min_pairs": 3,
    "max_chars": 1000,
    "headline": _HEADLINE_TABLE,
}


def _summary_with(**changes: Any) -> dict[str, Any]:
    return {**_SETTINGS, **changes}


def _headline_with(**changes: Any) -> dict[str, Any]:
    return {**_SETTINGS, "headline": {**_HEADLINE_TABLE, **changes}}


@pytest.mark.parametrize(
    ("loader", "data"),
    [
        (summary_rule_from, _summary_with(min_page_text_share=1.5)),
        (summary_rule_from, _summary_with(max_extraction_share=True)),
        (summary_rule_from, _summary_with(min_pairs=0)),
        (summary_rule_from, _summary_with(min_pairs=2.5)),
        (summary_rule_from, _summary_with(max_chars=-1)),
        (summary_rule_from, _summary_with(unknown=1)),
        (headline_rule_from, _headline_with(min_page_text_share=1.5)),
        (headline_rule_from, _headline_with(max_extraction_share=True)),
        (headline_rule_from, _headline_with(min_words=0)),
        (headline_rule_from, _headline_with(min_word_chars=2.5)),
        (headline_rule_from, _headline_with(unknown=1)),
    ],
)
def test_malformed_settings_are_refused(loader: Any, data: dict[str, Any]) -> None:
    with pytest.raises(SummaryRuleError):
        loader(data)


def test_the_headline_settings_are_a_table_of_their_own() -> None:
    assert summary_rule_from(_SETTINGS).min_pairs == 3
    assert headline_rule_from(_SETTINGS).min_words == 2
    with pytest.raises(SummaryRuleError):
        headline_rule_from({k: v for k, v in _SETTINGS.items() if k != "headline"})


def test_html_mode_takes_the_reading_that_holds_the_pages_summary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """trafilatura takes the readers' comments beside a story printed in a layout table; the
    page's description is the story's first sentence, so the page text wins even where the
    rendering gate expects no gain."""
    page = (FIXTURES / "html" / "en_story_outside_article.html").read_text(encoding="utf-8")
    never = constant_rendering_gate(-1.0)
    monkeypatch.setattr(rendering_choice, "rendering_gate", lambda: never)
    readings = read_html(RawDocument(html=page), reference_time=NOW, limits=DEFAULT_LIMITS)
    assert readings.page_text is not None
    assert not any("Porto Velho" in p for p in readings.extracted.paragraphs)
    article = normalize(RawDocument(html=page), now=NOW)
    assert article.paragraphs == readings.page_text.paragraphs
    assert article.paragraphs[0].startswith("The town council of Porto Velho voted")
    assert article.title == readings.extracted.title
    # Without the summary (and a headline the story does not repeat: that is a witness of its
    # own, :mod:`headline_witness`), the gate's verdict stands.
    undeclared = (
        page.replace('<meta name="description"', '<meta name="keywords"')
        .replace("<h1>Harbour town approves new pier</h1>", "<h1>Local news</h1>")
        .replace("<title>Harbour town approves new pier", "<title>Local news")
    )
    assert normalize(RawDocument(html=undeclared), now=NOW).paragraphs == (
        readings.extracted.paragraphs
    )
