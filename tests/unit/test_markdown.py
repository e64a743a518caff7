"""Markdown page text is read as the lines it shows, and plain page text is left alone."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.markdown import looks_like_markdown, markdown_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
STORY = (FIXTURES / "markdown" / "harbour_story.md").read_text(encoding="utf-8")
SHARED = Path(__file__).resolve().parents[3] / "shared"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _lines(markdown: str) -> list[str]:
    return [line for line in markdown_text(markdown).splitlines() if line.strip()]


def test_a_page_rendered_to_markdown_is_markdown() -> None:
    assert looks_like_markdown(STORY)


@pytest.mark.parametrize(
    "name", ["forum_thread.txt", "story_with_comments.txt"], ids=lambda name: name
)
def test_plain_page_text_is_not_markdown(name: str) -> None:
    assert not looks_like_markdown((FIXTURES / "text" / name).read_text(encoding="utf-8"))


def test_a_page_laid_out_in_tables_is_markdown_by_its_table_rules() -> None:
    # markdownify prints a layout table's cells on a few long rows, with a rule under each
    # header row and few links: the rules mark it as Markdown.
    story = "The ministers met on Monday and agreed on a plan to rebuild the harbour. " * 3
    page = (
        "Harbour rebuild\\_The Courier\n\n|  |\n| --- |\n|  |\n\n|  |  |\n| --- | --- |\n"
        f"| [Home](/) | {story} |\n\n|  |\n| --- |\n| Contact us |"
    )
    assert looks_like_markdown(page)
    assert not looks_like_markdown(page.replace("[Home](/)", "Home"))


def test_ascii_table_rules_alone_do_not_make_plain_text_markdown() -> None:
    text = "Results\n\n| Team | Points |\n|------|--------|\n| North | 12 |\n\n" + (
        "The ministers met on Monday and agreed on a plan to rebuild the harbour.\n" * 20
    )
    assert not looks_like_markdown(text)


def test_a_few_bracketed_links_in_prose_do_not_make_a_page_markdown() -> None:
    lines = [f"Paragraph {i} of a long story about the harbour and its fleet." for i in range(80)]
    lines[10] = "See [the plan](https://example.com/plan) for details."
    lines[40] = "The [budget](https://example.com/budget) was approved."
    lines[70] = "Read the [statement](https://example.com/statement) in full."
    assert not looks_like_markdown("\n\n".join(lines))


def test_links_show_their_labels_and_images_show_nothing() -> None:
    lines = _lines(
        "[Home](/) [World](https://example.com/world)\n\n"
        "![A quay](https://example.com/quay.jpg)\n\n"
        'The plan costs [four million euros](https://example.com/b "Budget") in all.'
    )
    assert lines == ["Home World", "The plan costs four million euros in all."]


def test_emphasis_headings_and_escapes_become_plain_text() -> None:
    lines = _lines("# The *new* harbour\n\n**Sign up** for __news__\n\n1\\. Not a list")
    assert lines == ["The new harbour", "Sign up for news", "1. Not a list"]


def test_list_items_keep_a_marker_and_their_nesting() -> None:
    lines = _lines("* News\n* Sport\n  * Football\n\n3. Third\n4. Fourth")
    assert lines == ["* News", "* Sport", "  * Football", "3. Third", "4. Fourth"]


def test_lines_the_source_breaks_stay_lines() -> None:
    # Menus print one link a line without blank lines: one paragraph to CommonMark.
    assert _lines("[News](/news)\n[Sport](/sport)\n[Weather](/weather)") == [
        "News",
        "Sport",
        "Weather",
    ]


def test_a_table_row_is_its_cells_apart_and_the_header_rule_goes() -> None:
    lines = _lines("| Phase | Cost |\n| --- | :---: |\n| North quay | 1.5 million |")
    assert lines == ["Phase   Cost", "North quay   1.5 million"]


def test_a_layout_table_row_gives_each_cell_a_line_and_loses_none() -> None:
    # More cells than the header has: a table parser would drop the story.
    story = "The ministers met on Monday and agreed on a plan to rebuild the harbour. " * 4
    lines = _lines(f"| | |\n| --- | --- |\n| [Home](/) | Menu | Weather | {story} |")
    assert lines[-1] == story.strip()
    assert lines[:3] == ["Home", "Menu", "Weather"]


def test_link_syntax_commonmark_leaves_as_text_shows_its_label() -> None:
    lines = _lines("[Print](javascript:window.print('story')) [Save](javascript:save(1, 2))")
    assert lines == ["Print Save"]


def test_an_indented_list_whose_parent_showed_nothing_is_no_code() -> None:
    # html2text indents a nested list four columns even where its parent item printed
    # nothing: CommonMark would read the menu as code and keep its link syntax.
    lines = _lines(
        "## Read also\n\n"
        "    * [Harbour fees rise](/news/fees)\n"
        "    * [Ferry strike ends](/news/ferry)\n"
    )
    assert lines == ["Read also", "* Harbour fees rise", "* Ferry strike ends"]


def test_indented_text_keeps_its_lines() -> None:
    # Read as a paragraph, a converter's indented code stays a line a line.
    assert _lines("Run this:\n\n    make serve\n    make test") == [
        "Run this:",
        "make serve",
        "make test",
    ]


def test_a_fence_a_converter_did_not_mean_is_read_as_markdown() -> None:
    # html2text prints an empty strikethrough as four tildes, which opens a fence that never
    # closes: the rest of the page would be code.
    lines = _lines(
        "~~~~__\n\n## [Latest](/latest)\n\n* [Quay reopens](/news/quay)\n\n"
        "The ministers agreed on Monday."
    )
    assert lines == ["Latest", "* Quay reopens", "The ministers agreed on Monday."]


def test_nested_unclosed_fences_are_read_a_bounded_number_of_times() -> None:
    # Each line opens a fence one tilde shorter than the last, which only a longer one closes.
    page = "\n".join("~" * (3 + n) + f"\n[Link {n}](/l/{n})" for n in range(400, 0, -1))
    lines = _lines(page)
    assert "Link 400" in lines and "Link 399" in lines
    assert len(lines) < 2 * 400 + 10


def test_code_between_fences_stays_as_it_is() -> None:
    assert _lines("```\nfor item in items:\n    print(item)\n```") == [
        "for item in items:",
        "    print(item)",
    ]


def test_a_link_title_broken_by_a_blank_line_still_shows_the_label_alone() -> None:
    # Converters print the title attribute as it is, blank lines and all.
    lines = _lines(
        '* [Harbour fees rise](/news/fees "Fees rise in spring.\n\nThe council agreed.")\n'
        "* [Ferry strike ends](/news/ferry)"
    )
    assert lines == ["* Harbour fees rise", "* Ferry strike ends"]


def test_html_in_markdown_shows_its_text_without_tags() -> None:
    assert _lines('<div class="promo">\nSign up <b>today</b>\n</div>') == ["Sign up today"]


def test_a_markdown_page_comes_back_as_a_plain_article() -> None:
    article = normalize(RawDocument(text=STORY), now=NOW)
    assert "markdown_rendered" in article.warnings
    assert article.title == "Harbour rebuild to start in spring after ministers agree on funding"
    assert article.byline is not None and article.byline.authors == ["Maria Okafor"]
    assert any("four million euros over five years" in p for p in article.paragraphs)
    texts = [*article.paragraphs, *(block.text for block in article.removed)]
    for text in texts:
        assert "](" not in text and "**" not in text and not text.startswith("#")
    kinds = {block.kind for block in article.removed}
    assert {"navigation", "related", "newsletter"} <= kinds


def test_every_rendered_line_is_in_the_body_or_removed() -> None:
    article = normalize(RawDocument(text=STORY), now=NOW)
    shown = [" ".join(line.split()) for line in _lines(STORY)]
    out = [*article.paragraphs, *(block.text for block in article.removed)]
    out.append(article.title or "")
    for line in shown:
        assert any(line in text for text in out), line


def test_plain_text_gets_no_markdown_warning() -> None:
    text = (FIXTURES / "text" / "story_with_comments.txt").read_text(encoding="utf-8")
    assert "markdown_rendered" not in normalize(RawDocument(text=text), now=NOW).warnings


def test_markdown_of_images_only_is_read_as_it_came() -> None:
    images = "\n\n".join(f"![photo {i}](https://example.com/{i}.jpg)" for i in range(5))
    article = normalize(RawDocument(text=images), now=NOW)
    assert "markdown_rendered" not in article.warnings


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus is not present")
def test_dev_pages_rendered_to_markdown_are_read_as_markdown_and_their_text_is_not() -> None:
    from bench.corpus import load_dev
    from bench.renderings import RENDERERS

    pages = load_dev(SHARED, with_html=True)
    sample = random.Random(7).sample([page for page in pages if page.html], 40)
    rendered = [RENDERERS["html2text"](page.html or "") for page in sample]
    assert sum(map(looks_like_markdown, rendered)) >= 36
    assert not any(looks_like_markdown(page.text) for page in pages)


def test_a_markdown_post_with_one_link_is_read_by_its_headings() -> None:
    post = "\n\n".join(
        ["# Ten tips for a better harbour walk", "From the [harbour office](/office)."]
        + [f"## Tip {i}\n\nWalk along the quay at low tide and look for seals." for i in range(3)]
    )
    assert looks_like_markdown(post)
    assert _lines(post)[:3] == [
        "Ten tips for a better harbour walk",
        "From the harbour office.",
        "Tip 0",
    ]


def test_shell_comments_on_a_page_are_no_markdown_headings() -> None:
    # A browser's innerText of a how-to page prints its code blocks' comments like headings.
    page = "\n".join(
        ["Getting started with Git", "Run these commands in a terminal:"]
        + [
            f"# step {i}: stage the files\ngit add *.txt\ngit commit -m 'step {i}'"
            for i in range(4)
        ]
    )
    assert not looks_like_markdown(page)


def test_hashtags_are_no_headings() -> None:
    text = "\n\n".join(f"#harbour #storm post number {i} about the quay" for i in range(20))
    assert not looks_like_markdown(text)


def test_nests_deeper_than_the_parser_reads_lose_no_word() -> None:
    lists = "\n".join("  " * i + f"* [item{i}](/{i})" for i in range(60))
    quotes = ">" * 5000 + " a deeply quoted line"
    openers = "\n".join("> * 1. " * 50 + f"[cell{i}](/{i})" for i in range(5))
    text = markdown_text(f"{lists}\n\n{quotes}\n\n{openers}\n\nThe last paragraph.")
    for word in ("item59", "a deeply quoted line", "cell4", "The last paragraph."):
        assert word in text


def test_lines_past_the_limit_are_left_as_they_came() -> None:
    text = markdown_text("[a](/a)\n[b](/b)\n[c](/c)\n[d](/d)", max_lines=2)
    assert text.splitlines() == ["a", "b", "[c](/c)", "[d](/d)"]


def test_a_markdown_page_past_the_block_limit_reports_what_it_left() -> None:
    from article_normalizer.normalize.pipeline import Limits

    page = "\n".join(f"[Story number {i}](/story/{i})" for i in range(300))
    article = normalize(RawDocument(text=page), now=NOW, limits=Limits(max_blocks=100))
    assert "markdown_rendered" in article.warnings
    assert "body_may_be_truncated" in article.warnings
    assert article.removed[-1].text == "[Story number 100](/story/100)"


def test_markdown_past_the_size_bound_follows_as_it_came() -> None:
    from article_normalizer.normalize import markdown as markdown_mod

    line = "[a link](/to/somewhere) and some words"
    page = "\n".join([line] * (markdown_mod._MAX_CHARS // len(line) + 100))
    lines = markdown_text(page).splitlines()
    assert lines[0] == "a link and some words"
    assert lines[-1] == line
