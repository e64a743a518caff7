"""The page's visible lines and the kinds their markup names."""

from __future__ import annotations

import pytest

from article_normalizer.normalize.html.parse import parse_html
from article_normalizer.normalize.html.visible import visible_lines
from article_normalizer.rules.markup import class_words, markup_rules
from tests.conftest import FIXTURES
from tests.hostile_html import NESTED_DIVS

PAGE = (FIXTURES / "html" / "en_page_with_chrome.html").read_text(encoding="utf-8")


def _lines(html: str) -> dict[str, str | None]:
    return {line.text: line.kind for line in visible_lines(parse_html(html))}


def test_invisible_text_is_not_on_the_page() -> None:
    lines = _lines(PAGE)
    assert "More hidden text." not in lines
    assert not any("dataLayer" in text or "display: none" in text for text in lines)
    assert "Harbour town approves new pier | The Coastal Courier" not in lines


def test_lines_break_at_block_elements_and_keep_inline_text_together() -> None:
    lines = visible_lines(parse_html("<body><p>One <b>bold</b> line<br>and another</p></body>"))
    assert [line.text for line in lines] == ["One bold line", "and another"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Sport", "navigation"),  # <nav class="main-navigation">
        ("We use cookies to improve your experience.", "cookie"),
        ("Home", "breadcrumb"),  # class words beat the element's tag
        ("Finally some good news for the fishermen here.", "comment"),
        ("Leave a Reply", "comment_box"),  # the innermost named element wins
        ("Get the Courier's morning briefing in your inbox", "newsletter"),
        ("© 2024 The Coastal Courier. All rights reserved.", "legal"),
        ("Advertisement", "advert"),
    ],
)
def test_markup_names_kinds(text: str, kind: str) -> None:
    assert _lines(PAGE)[text] == kind


def test_story_lines_name_no_kind_despite_state_classes_on_containers() -> None:
    # <body class="... comments-open"> and <article class="post"> say nothing of their lines.
    lines = _lines(PAGE)
    story = next(t for t in lines if t.startswith("The town council of Porto Velho"))
    assert lines[story] is None


def test_link_only_lines_are_marked() -> None:
    lines = visible_lines(parse_html('<body><div><a href="/">Home</a></div><p>Text</p></body>'))
    assert [(line.text, line.linked) for line in lines] == [("Home", True), ("Text", False)]


def test_nesting_to_the_parser_limit_is_walked_without_recursion() -> None:
    assert visible_lines(parse_html(str(NESTED_DIVS.values[0]))) is not None


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("site-footer", ["site", "footer"]),
        ("siteFooter", ["site", "footer"]),
        ("site_footer", ["site", "footer"]),
        ("CommentList2", ["comment", "list2"]),
    ],
)
def test_class_words(value: str, words: list[str]) -> None:
    assert class_words(value) == words


def test_state_classes_name_nothing() -> None:
    rules = markup_rules()
    assert rules.kind_of("div", {"class": "comments-open"}) == (None, "")
    assert rules.kind_of("div", {"class": "category-sport"}) == (None, "")
    assert rules.kind_of("div", {"class": "comments-area"})[0] == "comment"
    assert rules.kind_of("nav", {})[0] == "navigation"
    assert rules.kind_of("div", {"role": "contentinfo"})[0] == "footer"
