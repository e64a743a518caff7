"""Readers' comments below the article leave the body: everything under the comments heading."""

from __future__ import annotations

from article_normalizer.normalize.lines.comment_section import comment_lines
from article_normalizer.rules.body_rules import CommentSection, body_rules

RULE = CommentSection(max_gap=1)

# (text, body, comments heading)
PAGE: list[tuple[str, bool, bool]] = [
    ("Comments", False, True),  # a menu entry above the story: no comments yet
    ("Council approves the new budget", False, False),
    (
        "The city council approved the budget on Tuesday after a long debate about schools.",
        True,
        False,
    ),
    ("Spending on schools rises by a tenth, the mayor's office said in a statement.", True, False),
    ("Photo: City Hall", False, False),
    ("The vote was twelve to three, with two members absent from the chamber.", True, False),
    ("Share this story", False, False),
    ("12 comments", False, True),
    ("Finally some money for our schools, about time.", True, False),
    ("Posted by reader42", False, False),
    ("I would rather see the roads fixed first, they are a disgrace this winter.", True, False),
]


def _cut(rows: list[tuple[str, bool, bool]], rule: CommentSection = RULE) -> list[str]:
    texts = [text for text, _, _ in rows]
    below = comment_lines(
        [len(text) for text in texts],
        [body for _, body, _ in rows],
        [heading for _, _, heading in rows],
        rule,
    )
    return [texts[i] for i in below]


def test_body_lines_under_the_comments_heading_are_comments() -> None:
    assert _cut(PAGE) == [
        "Finally some money for our schools, about time.",
        "I would rather see the roads fixed first, they are a disgrace this winter.",
    ]


def test_a_heading_above_the_story_cuts_nothing_of_it() -> None:
    rows = [row for row in PAGE if row[0] != "12 comments"]
    assert _cut(rows) == []


def test_the_main_run_is_the_longest_one() -> None:
    # A long comment section but a short heading-free story: the longest run is the comments',
    # so a heading before it cuts nothing.
    rows: list[tuple[str, bool, bool]] = [
        ("Short notice about the closure of the bridge.", True, False),
        ("Comments", False, True),
        ("A very long reader comment " * 10, True, False),
    ]
    assert _cut(rows) == []


def test_a_wider_gap_splits_the_main_run() -> None:
    # With no gap allowed, the photo line splits the story: its longer first part is the main
    # run, and the heading after the short last paragraph still cuts only the comments.
    assert _cut(PAGE, CommentSection(max_gap=0)) == _cut(PAGE)


def test_a_heading_inside_the_main_run_is_no_section_start() -> None:
    # One non-body line between two body lines keeps them one run: a heading wedged into the
    # story that way is the story's, and the lines after it stay.
    rows = [row for row in PAGE if row[0] != "Share this story"]
    assert _cut(rows) == []


def test_a_page_without_body_or_heading() -> None:
    assert _cut([]) == []
    assert _cut([(text, False, heading) for text, _, heading in PAGE]) == []


def test_shipped_rule_cuts_the_comments() -> None:
    assert len(_cut(PAGE, body_rules().comment_section)) == 2
