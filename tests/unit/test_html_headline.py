"""Which of an HTML page's headings, declared titles and ``<title>`` parts is the headline."""

from __future__ import annotations

import pytest
from lxml.html import HtmlElement

from article_normalizer.normalize.html.headline import (
    choose_headline,
    clean_title,
    heading_text,
    tidy_text,
)
from article_normalizer.normalize.html.parse import parse_html
from article_normalizer.normalize.page import PageMetadata

_STORY = (
    "<p>The harbour board voted on Tuesday to rebuild the storm-wrecked pier with money from the"
    " regional resilience fund, ending a year of argument over its future.</p>"
)


def _tree(title: str, body: str) -> HtmlElement:
    return parse_html(
        f"<!DOCTYPE html><html><head><title>{title}</title></head>"
        f"<body><main>{body}{_STORY}</main></body></html>"
    )


@pytest.mark.parametrize(
    ("title", "site", "url", "expected"),
    [
        ("Coastal Courier: Pier vote", "Coastal Courier", None, "Pier vote"),
        ("CoastalCourier.com: Pier vote", None, None, "Pier vote"),
        ("news.courier.co.uk: Pier vote", None, None, "Pier vote"),
        ("Courier: Pier vote", None, "https://www.courier.example/a", "Pier vote"),
        # A kicker naming a person or a topic is part of the headline.
        ("Mayor: Pier will be rebuilt", "Coastal Courier", None, "Mayor: Pier will be rebuilt"),
        ("Storm damage: Pier vote today", None, None, "Storm damage: Pier vote today"),
    ],
)
def test_a_site_naming_itself_before_a_colon_is_dropped(
    title: str, site: str | None, url: str | None, expected: str
) -> None:
    assert clean_title(title, site, url) == expected


def test_visible_heading_repeating_the_document_title_beats_a_reworded_social_title() -> None:
    tree = _tree(
        "Harbour board votes to rebuild storm-wrecked pier | Coastal Courier",
        "<h2>Regional news</h2><h1>Harbour board votes to rebuild storm-wrecked pier</h1>",
    )
    meta = PageMetadata(title="Pier saved!", site_name="Coastal Courier")
    chosen = choose_headline(tree, meta, declared_title=True)
    assert chosen == "Harbour board votes to rebuild storm-wrecked pier"


def test_declared_title_matching_a_heading_still_wins() -> None:
    tree = _tree(
        "Pier vote: what it means | Coastal Courier",
        "<h1>Harbour board votes to rebuild storm-wrecked pier</h1>",
    )
    meta = PageMetadata(
        title="Harbour board votes to rebuild storm-wrecked pier", site_name="Coastal Courier"
    )
    chosen = choose_headline(tree, meta, declared_title=True)
    assert chosen == "Harbour board votes to rebuild storm-wrecked pier"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://courier.example/news/harbour-board-votes-to-rebuild-storm-wrecked-pier",
            "Harbour board votes to rebuild storm-wrecked pier",
        ),
        ("https://courier.example/news/pier-saved-at-last", "Pier saved at last"),
    ],
)
def test_the_title_that_spells_the_url_slug_wins_when_no_heading_decides(
    url: str, expected: str
) -> None:
    tree = _tree("Harbour board votes to rebuild storm-wrecked pier | Coastal Courier", "")
    meta = PageMetadata(title="Pier saved at last", site_name="Coastal Courier", url=url)
    assert choose_headline(tree, meta, declared_title=True) == expected


_HARBOUR_BODY = (
    "The harbour board voted on Tuesday to rebuild the storm-wrecked pier.\n"
    "Board members said the pier would reopen to fishing boats next summer.\n"
)


@pytest.mark.parametrize(
    "title",
    [
        "Courier Online - Local News, Weather, Traffic, Sports | Harbour board rebuilds pier",
        "Harbour board rebuilds pier | Local News, Weather, Traffic, Sports and Classifieds",
    ],
)
def test_undeclared_title_part_the_story_retells_beats_the_template_parts(title: str) -> None:
    tree = _tree(title, "")
    chosen = choose_headline(tree, PageMetadata(), declared_title=False, body=_HARBOUR_BODY)
    assert chosen == "Harbour board rebuilds pier"


def test_longest_title_part_stands_when_the_story_retells_it() -> None:
    tree = _tree("Pier vote - Harbour board rebuilds storm-wrecked pier", "")
    body = "Harbour board rebuilds storm-wrecked pier\n" + _HARBOUR_BODY
    chosen = choose_headline(tree, PageMetadata(), declared_title=False, body=body)
    assert chosen == "Harbour board rebuilds storm-wrecked pier"


def test_generic_undeclared_title_gives_way_to_a_heading_the_story_retells() -> None:
    tree = _tree(
        "Coastal Courier - Regional Sports Wire",
        "<h3>Search the archive</h3><h1>Harbour board votes to rebuild pier</h1>"
        "<h3>Most read this week</h3>",
    )
    meta = PageMetadata(url="https://www.coastalcourier.example/wire/story.html?id=12")
    body = "Harbour board votes to rebuild pier\n" + _HARBOUR_BODY
    chosen = choose_headline(tree, meta, declared_title=False, body=body)
    assert chosen == "Harbour board votes to rebuild pier"


@pytest.mark.parametrize(
    "markup",
    [
        '<p class="storyHeadline">Harbour board votes to rebuild pier</p>',
        '<span id="ctl00_articleTitle">Harbour board votes to rebuild pier</span>',
        '<font class="storyhead"><b>Harbour board votes to rebuild pier</b></font>',
    ],
)
def test_element_whose_class_names_a_headline_counts_as_a_heading(markup: str) -> None:
    tree = _tree("Coastal Courier - Regional Sports Wire", f"<div>{markup}</div>")
    meta = PageMetadata(url="https://www.coastalcourier.example/wire/story.html?id=12")
    body = "Harbour board votes to rebuild pier\n" + _HARBOUR_BODY
    chosen = choose_headline(tree, meta, declared_title=False, body=body)
    assert chosen == "Harbour board votes to rebuild pier"


def test_header_box_holding_blocks_is_not_taken_for_the_headline() -> None:
    box = (
        '<div class="article-headline-box"><p>Harbour board votes to rebuild pier</p>'
        "<p>By Ann Reporter, 4 March 2024</p></div>"
    )
    tree = _tree("Coastal Courier - Regional Sports Wire", box)
    meta = PageMetadata(url="https://www.coastalcourier.example/wire/story.html?id=12")
    body = "Harbour board votes to rebuild pier\n" + _HARBOUR_BODY
    chosen = choose_headline(tree, meta, declared_title=False, body=body)
    assert chosen != "Harbour board votes to rebuild pier By Ann Reporter, 4 March 2024"


@pytest.mark.parametrize("title", ["", "Coastal Courier", "The Coastal Courier"])
def test_page_without_a_story_title_takes_the_heading_the_story_retells(title: str) -> None:
    tree = _tree(
        title, "<h3>Most read</h3><h2>Harbour board votes to rebuild pier</h2><h3>Weather</h3>"
    )
    meta = PageMetadata(url="https://www.coastalcourier.example/a?id=3")
    body = "Harbour board votes to rebuild pier\n" + _HARBOUR_BODY
    chosen = choose_headline(tree, meta, declared_title=False, body=body)
    assert chosen == "Harbour board votes to rebuild pier"


def test_page_without_a_story_title_falls_back_to_the_extractors_guess() -> None:
    tree = _tree("", "<h3>Weather</h3><h2>Doing the pier</h2>")
    meta = PageMetadata(title="Doing the pier", url="https://www.coastalcourier.example/a")
    chosen = choose_headline(tree, meta, declared_title=False, body="Short text.\n")
    assert chosen == "Doing the pier"


def test_a_one_word_guess_is_a_section_label_not_a_headline() -> None:
    tree = _tree("", "<h3>News</h3>")
    meta = PageMetadata(title="News", url="https://www.coastalcourier.example/a")
    assert choose_headline(tree, meta, declared_title=False, body="Short text.\n") is None


def test_a_prompt_made_of_stop_words_is_not_taken_for_a_retold_heading() -> None:
    tree = _tree(
        "Harbour board votes to rebuild pier - Coastal Courier",
        "<h1>Harbour board votes to rebuild pier</h1><h3>Have your say on this story</h3>",
    )
    body = (
        "Harbour board votes to rebuild pier\n"
        "Have your say: this story is about what you have to say, and we have room for it.\n"
        + _HARBOUR_BODY
    )
    meta = PageMetadata(site_name="Coastal Courier")
    chosen = choose_headline(tree, meta, declared_title=False, body=body)
    assert chosen == "Harbour board votes to rebuild pier"


def test_a_heading_the_story_retells_better_beats_a_title_it_barely_mentions() -> None:
    tree = _tree(
        "Coastal Courier - Harbour Pier Wire",
        "<h3>Search</h3><h2>Harbour board votes to rebuild pier</h2><h3>Top stories</h3>",
    )
    meta = PageMetadata(url="https://www.coastalcourier.example/wire/story.html?id=12")
    body = "Harbour board votes to rebuild pier\n" + _HARBOUR_BODY
    chosen = choose_headline(tree, meta, declared_title=False, body=body)
    assert chosen == "Harbour board votes to rebuild pier"


def test_a_title_part_listing_the_sites_keywords_is_not_the_headline() -> None:
    tree = _tree(
        "PIER VOTE PASSES | Local News, Weather, Traffic, Sports, Jobs, Classifieds and Events", ""
    )
    body = "The pier vote passed on Tuesday.\n" + _HARBOUR_BODY
    chosen = choose_headline(tree, PageMetadata(), declared_title=False, body=body)
    assert chosen == "PIER VOTE PASSES"


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("Harbour board votes to rebuild storm-wrecked pier", None),
        ("The board met for six hours before the vote.", "Pier saved at last"),
        ("Pier vote:", "Pier saved at last"),
    ],
)
def test_a_heading_the_article_opens_with_beats_an_unmatched_social_title(
    opening: str, expected: str | None
) -> None:
    tree = _tree("Pier saved at last | Coastal Courier", f"<h1>{opening}</h1>")
    meta = PageMetadata(title="Pier saved at last", site_name="Coastal Courier")
    body = opening + "\n" + _HARBOUR_BODY
    chosen = choose_headline(tree, meta, declared_title=True, first_line=opening, body=body)
    assert chosen == (expected or opening)


def test_the_one_title_part_a_heading_prints_is_the_headline() -> None:
    tree = _tree(
        "Courier Radio News Network Online : Latest News : Harbour report: pier vote",
        "<h2>Courier Radio - Te Reo</h2><h2>Harbour report: pier vote</h2><h3>Latest</h3>",
    )
    chosen = choose_headline(tree, PageMetadata(), declared_title=False, body="Short.\n")
    assert chosen == "Harbour report: pier vote"


_ZH_STORY = "港务局周一批准扩建码头的计划，新增两个集装箱泊位，预计两年内完工。"
_ZH_HEADLINE = "港务局批准扩建码头计划"


@pytest.mark.parametrize(
    "title",
    [
        f"{_ZH_HEADLINE}_财经_海港新闻网",
        f"{_ZH_HEADLINE}--国内频道",
        f"{_ZH_HEADLINE}-财经频道-海港新闻网",
    ],
)
def test_a_heading_matches_a_chinese_title_composed_with_its_section_and_site(title: str) -> None:
    """Chinese text has no spaces, so heading and title are compared character by character,
    and an underscore or a hyphen between Han characters parts the title."""
    tree = _tree(title, f"<h2>海港新闻网</h2><h1>{_ZH_HEADLINE}</h1>")
    meta = PageMetadata(language="zh")
    chosen = choose_headline(tree, meta, declared_title=False, body=_ZH_STORY)
    assert chosen == _ZH_HEADLINE


@pytest.mark.parametrize(
    "title",
    [
        f"{_ZH_HEADLINE}_财经_海港新闻网",
        f"海港视频-{_ZH_HEADLINE}",
        f"海港网 〉新闻 〉{_ZH_HEADLINE}",
    ],
)
def test_without_a_heading_the_longest_part_of_a_chinese_title_is_the_headline(title: str) -> None:
    tree = _tree(title, "")
    chosen = choose_headline(tree, PageMetadata(language="zh"), declared_title=False)
    assert chosen == _ZH_HEADLINE


@pytest.mark.parametrize(
    "title",
    [
        "snake_case names considered harmful",
        "COVID-19 cases rise again in the harbour town",
        "净利1900万-2900万 港务局年报",
    ],
)
def test_a_hyphen_or_underscore_inside_a_word_or_a_range_parts_nothing(title: str) -> None:
    tree = _tree(title, "")
    assert choose_headline(tree, PageMetadata(), declared_title=False) == title


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        # An audio player the template set inside the <h1>.
        (
            '<h1><span>Harbour board votes to rebuild the pier</span><div class="audio">'
            '<div class="audio-btn">Listen to this article</div></div></h1>',
            "Harbour board votes to rebuild the pier",
        ),
        # MediaWiki's edit link in every heading.
        (
            '<h1>Harbour pier<span class="mw-editsection">[<a href="#">edit</a>]</span></h1>',
            "Harbour pier",
        ),
        (
            '<h1>Harbour board <a href="/pier">votes</a> to rebuild<button>Share</button></h1>',
            "Harbour board votes to rebuild",
        ),
        # A headline the template wrapped in a block is read whole.
        ("<h1><div>Harbour board votes to rebuild the pier</div></h1>", None),
        ("<h1><span>Harbour</span><div>Board votes to rebuild the pier</div></h1>", None),
    ],
)
def test_a_heading_reads_without_the_widgets_set_inside_it(
    heading: str, expected: str | None
) -> None:
    element = parse_html(f"<html><body>{heading}</body></html>").find(".//h1")
    assert element is not None
    assert heading_text(element) == (expected or tidy_text(element.text_content()))


def test_the_declared_headline_is_the_heading_without_its_audio_button() -> None:
    tree = _tree(
        "Harbour board votes to rebuild storm-wrecked pier_Regional_Courier",
        "<h1><span>Harbour board votes to rebuild storm-wrecked pier</span>"
        '<div class="article-audio"><div>Listen</div><div>Let your eyes rest</div></div></h1>',
    )
    chosen = choose_headline(tree, PageMetadata(), declared_title=False)
    assert chosen == "Harbour board votes to rebuild storm-wrecked pier"
