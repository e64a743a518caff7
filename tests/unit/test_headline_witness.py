"""HTML mode's headline witness: the page's headline picks the reading whose body repeats it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.html import rendering_choice
from article_normalizer.normalize.html.headline_witness import (
    headline_prefers_page_text,
    headline_share,
)
from article_normalizer.normalize.pipeline import DEFAULT_LIMITS, read_html
from article_normalizer.rules import profile
from article_normalizer.rules.declared_summary import HeadlineRule
from tests.conftest import FIXTURES
from tests.unit.gates import constant_rendering_gate

NOW = datetime(2024, 3, 6, tzinfo=UTC)
RULE = HeadlineRule(
    min_page_text_share=0.5, max_extraction_share=0.2, min_words=2, min_word_chars=4
)
STOP = profile("en").stopwords

_HEADLINE = "Council approves second ferry across the lake"
_STORY = [
    "The council approved on Monday a second ferry service across the lake from next spring.",
    "Commuters welcomed the vote after years of crowded boats.",
]
_OTHERS = [
    "The library in the town hall stays closed for building work until the end of January.",
    "The youth tournament in the sports hall was won by the visitors from the north shore.",
]


def test_the_share_counts_the_headlines_content_words_a_body_holds() -> None:
    words = {"council", "approves", "second", "ferry", "across", "lake"} - STOP
    assert headline_share(words, _STORY, STOP, 4) > 0.5
    assert headline_share(words, _OTHERS, STOP, 4) == 0.0
    assert headline_share(set(), _STORY, STOP, 4) == 0.0


@pytest.mark.parametrize(
    ("headline", "extracted", "page_text", "taken"),
    [
        (_HEADLINE, _OTHERS, [*_STORY, *_OTHERS], True),  # the extraction took other stories
        (_HEADLINE, _STORY, _STORY, False),  # both hold it: the gate decides
        (_HEADLINE, _OTHERS, _OTHERS, False),  # neither holds it
        (_HEADLINE, _STORY, _OTHERS, False),  # only the extraction holds it
        ("Ferry", _OTHERS, _STORY, False),  # one content word says nothing
        ("The news of the day", _OTHERS, _STORY, False),  # no words the story repeats
        (None, _OTHERS, _STORY, False),  # no headline found
    ],
)
def test_the_page_text_is_taken_where_it_alone_repeats_the_headline(
    headline: str | None, extracted: list[str], page_text: list[str], taken: bool
) -> None:
    assert headline_prefers_page_text(headline, extracted, page_text, STOP, RULE) is taken


def test_scripts_without_spaces_are_compared_by_character_pairs() -> None:
    headline = "市议会批准新渡轮航线"
    story = ["市议会周一批准开通第二条渡轮航线，明年春天起每半小时一班。"]
    others = ["图书馆因施工将关闭至一月底，借还书可到集市旁的学校办理。"]
    assert headline_prefers_page_text(headline, others, [*story, *others], frozenset(), RULE)
    assert not headline_prefers_page_text(headline, story, story, frozenset(), RULE)


def test_html_mode_takes_the_reading_that_repeats_the_pages_headline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """trafilatura takes a column of other news beside a story printed in a layout table; the
    page declares no summary, but the story repeats the headline's words and the column does
    not, so the page text wins even where the rendering gate expects no gain."""
    page = (FIXTURES / "html" / "de_story_beside_other_stories.html").read_text(encoding="utf-8")
    never = constant_rendering_gate(-1.0)
    monkeypatch.setattr(rendering_choice, "rendering_gate", lambda: never)
    readings = read_html(RawDocument(html=page), reference_time=NOW, limits=DEFAULT_LIMITS)
    assert readings.page_text is not None
    assert readings.extracted.title == "Stadtrat beschließt neue Fährverbindung"
    assert not any("Fährverbindung" in p for p in readings.extracted.paragraphs)
    article = normalize(RawDocument(html=page), now=NOW)
    assert article.paragraphs == readings.page_text.paragraphs
    assert article.paragraphs[0].startswith("Der Stadtrat von Seebruck hat am Montagabend")
    assert article.title == readings.extracted.title
    unrelated = page.replace(
        "<h1>Stadtrat beschließt neue Fährverbindung</h1>", "<h1>Nachrichten aus der Region</h1>"
    ).replace("<title>Stadtrat beschließt neue Fährverbindung", "<title>Nachrichten aus der Region")
    assert normalize(RawDocument(html=unrelated), now=NOW).paragraphs == (
        read_html(
            RawDocument(html=unrelated), reference_time=NOW, limits=DEFAULT_LIMITS
        ).extracted.paragraphs
    )
