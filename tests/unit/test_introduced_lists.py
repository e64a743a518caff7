"""A list the story announces with a colon, and goes on after, joins the body."""

from __future__ import annotations

import re

import pytest

from article_normalizer.normalize.lines.introduced_lists import list_lines
from article_normalizer.rules.body_rules import IntroducedLists
from tests.unit.line_stubs import classified

RULE = IntroducedLists(introducer=re.compile(r"[:：]\s*$"), min_items=2)


def _joined(texts: list[str], is_body: list[bool], is_open: list[bool] | None = None) -> list[int]:
    items = [text.startswith(("* ", "1.", "2.", "3.", "・")) for text in texts]
    opened = [True] * len(texts) if is_open is None else is_open
    return list_lines(texts, is_body, opened, items.__getitem__, RULE)


def test_the_items_between_the_announcement_and_the_next_paragraph_join() -> None:
    texts = ["Volunteers were asked to:", "* count birds", "* log the weather", "After that..."]
    assert _joined(texts, [True, False, False, True]) == [1, 2]


def test_a_full_width_colon_announces_a_list_too() -> None:
    texts = ["各地の震度は次のとおり：", "・宮崎県", "・大分県", "気象庁によると、"]
    assert _joined(texts, [True, False, False, True]) == [1, 2]


def test_items_the_body_holds_already_count_towards_the_list() -> None:
    texts = ["The plan has three parts:", "1. a", "2. b", "3. c", "It was approved."]
    assert _joined(texts, [True, False, True, False, True]) == [1, 3]


def test_a_list_that_ends_the_body_stays_out() -> None:
    # What follows the story's last line may as well be the page's: a menu under "Sections:".
    texts = ["Read more in our sections:", "* Sport", "* Weather"]
    assert _joined(texts, [True, False, False]) == []
    texts = ["Read more in our sections:", "* Sport", "* Weather", "Footer line"]
    assert _joined(texts, [True, False, False, False]) == []


def test_no_colon_no_list() -> None:
    texts = ["The council met on Monday.", "* Sport", "* Weather", "It adjourned at noon."]
    assert _joined(texts, [True, False, False, True]) == []


def test_one_item_is_no_list() -> None:
    texts = ["Volunteers were asked to:", "* count birds", "After that..."]
    assert _joined(texts, [True, False, True]) == []


def test_a_named_line_ends_the_list_and_keeps_its_name() -> None:
    # A share bar the lexicon named stands between the items and the next paragraph.
    texts = ["You will need:", "* flour", "* eggs", "* Share", "Mix them."]
    assert _joined(texts, [True, False, False, False, True], [True, True, True, False, True]) == []


def test_a_line_that_is_no_item_ends_the_list() -> None:
    texts = ["You will need:", "* flour", "* eggs", "Subscribe", "Mix them."]
    assert _joined(texts, [True, False, False, False, True]) == []


# A story that announces a list and goes on after it (written for this test).
STORY = [
    "The harbour authority said on Tuesday that the northern quay would close for three "
    "months while engineers carried out the repairs, and named the works planned:",
    "* dredging the berth",
    "* new fenders",
    "* a second crane rail",
    "Ships will be sent to the southern quay in the meantime, the authority said, and the "
    "ferry timetable will not change.",
]


def test_the_story_s_list_joins_its_body(monkeypatch: pytest.MonkeyPatch) -> None:
    # The model sure of the long lines, sure the short ones are clutter; the gate keeps its bar.
    page = classified(
        monkeypatch, "\n".join(STORY), tiers=((80, 0.9),), threshold=0.65, lowers=False
    )
    assert all(d.is_body for _, d in page), [(t, d.kind) for t, d in page]
    assert page[1][1].reason.startswith("introduced_list:")
