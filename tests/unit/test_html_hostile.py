"""Broken structure in an HTML page costs only what it breaks: JSON-LD its metadata, markup
nested past the parser's limit the extraction (the page's text is still read)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.errors import EmptyDocumentError
from article_normalizer.normalize.html.extract import extract_html
from article_normalizer.normalize.html.metadata import read_metadata
from article_normalizer.normalize.html.parse import page_text, parse_html

REFERENCE = datetime(2024, 1, 1, tzinfo=UTC)
STORY = (
    "The city council voted on Tuesday to approve the new transport budget after a long "
    "debate, officials told reporters outside the town hall late in the evening."
)
GOOD_JSONLD = (
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
    '"Council approves transport budget", "datePublished": "2023-05-02T09:00:00Z"}</script>'
)


def page(head: str = "", before: str = "", after: str = "") -> str:
    return (
        f"<html><head><title>Transport budget | The Daily Example</title>{head}</head><body>"
        f"{before}<h1>Council approves transport budget</h1><p>{STORY}</p><p>{STORY}</p>"
        f"<p>{STORY}</p>{after}</body></html>"
    )


def deep(opening: str, closing: str, depth: int) -> str:
    return opening * depth + closing * depth


@pytest.mark.parametrize(
    "broken",
    [
        deep("[", "]", 200_000),
        deep('{"a":', "}", 200_000),
        '{"@type": "NewsArticle", "headline": "Deep", "x": ' + deep("[", "]", 900) + "}",
        '{"@type": "NewsArticle", "headline": ',
        "[" * 100,
    ],
    ids=["200k-lists", "200k-objects", "900-deep-in-article", "truncated", "unclosed"],
)
def test_broken_jsonld_costs_only_its_own_metadata(broken: str) -> None:
    head = f'<script type="application/ld+json">{broken}</script>{GOOD_JSONLD}'
    meta = read_metadata(parse_html(page(head)))
    assert meta.title == "Council approves transport budget"
    assert meta.published == "2023-05-02T09:00:00+00:00"
    article = normalize(RawDocument(html=page(head)), now=REFERENCE)
    assert "transport budget" in article.body


def test_brackets_inside_jsonld_strings_do_not_count_as_depth() -> None:
    body = "[" * 500
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        f'"Council approves transport budget", "articleBody": "{body}"}}</script>'
    )
    assert read_metadata(parse_html(page(head))).title == "Council approves transport budget"


@pytest.mark.parametrize("where", ["around", "before"])
def test_markup_nested_past_the_parser_limit_still_gives_the_article(where: str) -> None:
    divs = 100_000
    if where == "around":
        html = page(before="<div>" * divs, after="</div>" * divs)
    else:
        html = "<html><body>" + deep("<div>", "</div>", divs) + page()[12:]
    extracted = extract_html(html)
    assert extracted.whole_page
    assert "html_parser_limit_reached" in extracted.warnings
    article = normalize(RawDocument(html=html), now=REFERENCE)
    assert STORY in article.paragraphs
    assert "html_parser_limit_reached" in article.warnings


def test_ordinary_pages_are_extracted_not_rendered_whole() -> None:
    extracted = extract_html(page(GOOD_JSONLD))
    assert not extracted.whole_page
    assert "html_parser_limit_reached" not in extracted.warnings


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One &amp; two</p><p>three</p>", "\nOne & two\n\nthree\n"),
        ("<script>var a = '<p>x</p>';</script><p>kept</p>", " \nkept\n"),
        ("<!-- a comment <p>x</p> --><b>bold</b> text", " bold text"),
        ("<p>unclosed <!-- comment", "\nunclosed  "),
        ("<style>p {}", " "),
        ("a < b and c > d", "a < b and c > d"),
    ],
)
def test_page_text_strips_markup(html: str, text: str) -> None:
    assert page_text(html) == text


def test_a_text_node_past_the_parser_limit_is_not_read_as_text() -> None:
    extracted = extract_html(page(before="<p>" + "word " * 2_200_000 + "</p>"))
    assert not extracted.whole_page


@pytest.mark.parametrize(
    "cut",
    [
        '\n\n  <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 T',
        "<!DOCTYPE html>\n<html lang=",
        "  <!-- a page cut off in its first comment",
    ],
)
def test_a_page_cut_off_before_its_first_element_is_an_empty_document(cut: str) -> None:
    with pytest.raises(EmptyDocumentError):
        parse_html(cut)
    with pytest.raises(EmptyDocumentError):
        normalize(RawDocument(html=cut), now=REFERENCE)
