"""Hostile inputs to the pipeline: never an exception, bounded time and memory."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
import pytest

from article_normalizer.normalize import DEFAULT_LIMITS, Limits, RawDocument, normalize

REFERENCE = datetime(2024, 1, 1, tzinfo=UTC)
STORY = (
    "The city council voted on Tuesday to approve the new transport budget after a long "
    "debate, officials told reporters outside the town hall late in the evening."
)


@pytest.mark.parametrize("form", ["text", "html"])
def test_lone_surrogates_from_a_python_caller_are_replaced_and_said(form: str) -> None:
    broken = STORY.replace("Tuesday", "Tue\ud800day")
    text = f"Council approves transport budget\n{STORY}\n{broken}"
    doc = (
        RawDocument(text=text)
        if form == "text"
        else RawDocument(html=f"<html><body><h1>Budget</h1><p>{text}</p></body></html>")
    )
    article = normalize(doc, now=REFERENCE)
    assert "Tue\ufffdday" in article.body
    assert "invalid_characters_replaced" in article.warnings
    article.body.encode("utf-8")


def test_lines_past_the_block_limit_are_one_removed_entry() -> None:
    lines = [f"Line {i} of the archive listing" for i in range(5_000)]
    article = normalize(
        RawDocument(text="\n".join(lines)), now=REFERENCE, limits=Limits(max_blocks=100)
    )
    overflow = [r for r in article.removed if r.reason.startswith("limit:max_blocks")]
    assert len(overflow) == 1
    assert overflow[0].kind == "other"
    assert overflow[0].text == "Line 100 of the archive listing"
    assert "4900 lines" in overflow[0].reason
    assert "body_may_be_truncated" in article.warnings


def test_millions_of_lines_give_an_answer_smaller_than_the_input() -> None:
    text = "a\n" * 2_000_000
    article = normalize(RawDocument(text=text), now=REFERENCE)
    assert len(msgspec.json.encode(article)) < 2 * len(text)
    # The processed lines are listed one by one; everything past the limit is one entry.
    assert len(article.removed) <= DEFAULT_LIMITS.max_blocks + 1
    assert article.removed[-1].reason.startswith("limit:max_blocks")


@pytest.mark.parametrize(
    ("line", "menu"),
    [
        ("Home News Sport Weather Business Politics", True),
        ("Home News Sport Weather and a long sentence that goes on", False),
        ("a " * 100_000, False),
        ("News " * 100_000, True),
        # Over, at and under the share: the early exit must not move the line.
        ("Home News Sport said", True),
        ("Home News Sport said and", True),
        ("Home News Sport said and so", False),
        ("Home News Sport Weather said and so the", False),
        ("Home News Sport Weather Business said and so", True),
    ],
    ids=["menu", "prose", "long-prose", "long-menu", "3of4", "3of5", "3of6", "4of8", "5of8"],
)
def test_menu_words_verdict_on_lines_of_any_length(line: str, menu: bool) -> None:
    assert is_menu_words(line.strip()) is menu


def is_menu_words(norm: str) -> bool:
    from article_normalizer.normalize.lines.line_shapes import _is_menu_words
    from article_normalizer.rules import profile

    return _is_menu_words(norm, len(norm.split()), profile("en").clutter)
