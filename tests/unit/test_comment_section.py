"""Readers' comments below the article leave the body: everything under the comments heading."""

from __future__ import annotations

from article_normalizer.normalize.lines.comment_section import comment_lines
from article_normalizer.rules.body_rules import CommentSection, body_rules

RULE = CommentSection(max_gap=1)

# (text, body, comments heading, body probability)
PAGE: list[tuple[str, bool, bool, float]] = [
    ("Comments", False, True, 0.1),  # a menu entry above the story: no comments yet
    ("Council approves the new budget", False, False, 0.3),
    (
        "The city council approved the budget on Tuesday after a long debate about schools.",
        True,
        False,
        0.97,
    ),
    (
        "Spending on schools rises by a tenth, the mayor's office said in a statement.",
        True,
        False,
        0.95,
    ),
    ("Photo: City Hall", False, False, 0.2),
    ("The vote was twelve to three, with two members absent from the chamber.", True, False, 0.9),
    ("Share this story", False, False, 0.1),
    ("12 comments", False, True, 0.1),
    ("Finally some money for our schools, about time.", True, False, 0.8),
    ("Posted by reader42", False, False, 0.2),
    (
        "I would rather see the roads fixed first, they are a disgrace this winter.",
        True,
        False,
        0.85,
    ),
]


def _cut(rows: list[tuple[str, bool, bool, float]], rule: CommentSection = RULE) -> list[str]:
    texts = [text for text, _, _, _ in rows]
    below = comment_lines(
        [score for _, _, _, score in rows],
        [body for _, body, _, _ in rows],
        [heading for _, _, heading, _ in rows],
        [heading and any(char.isdigit() for char in text) for text, _, heading, _ in rows],
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


def test_the_main_run_is_the_one_the_model_is_surest_of() -> None:
    # A sidebar of teasers (taken in by a lowered threshold) outruns a short story, and its
    # block heading "Comments" sits above the story: the story holds the surest line, so it is
    # the main run and nothing of it is cut.
    teasers = [
        (f"Teaser headline number {k} about another story" * 2, True, False, 0.5) for k in range(6)
    ]
    rows: list[tuple[str, bool, bool, float]] = [
        *teasers,
        ("Comments", False, True, 0.1),
        ("Most read", False, False, 0.1),
        ("Fire at a furniture factory kills five people.", True, False, 0.95),
    ]
    assert _cut(rows) == []


def test_comments_under_a_short_story_are_cut_even_when_they_run_longer() -> None:
    # The comments run holds more characters than the story, but the story is the surest run.
    rows: list[tuple[str, bool, bool, float]] = [
        ("Short notice about the closure of the bridge over the river.", True, False, 0.95),
        ("Share this story", False, False, 0.1),
        ("Comments", False, True, 0.1),
        ("A very long reader comment " * 10, True, False, 0.7),
    ]
    assert _cut(rows) == ["A very long reader comment " * 10]


def test_a_wider_gap_splits_the_main_run() -> None:
    # With no gap allowed, the photo line splits the story: its first part, which holds the
    # surest line, is the main run, and the heading after the short last paragraph still cuts
    # only the comments.
    assert _cut(PAGE, CommentSection(max_gap=0)) == _cut(PAGE)


def test_a_heading_inside_the_main_run_is_no_section_start() -> None:
    # One non-body line between two body lines keeps them one run: a heading wedged into the
    # story that way ("Discussion" in a study's write-up) is the story's, and the lines after
    # it stay.
    rows = [("Discussion", False, True, 0.1) if row[0] == "12 comments" else row for row in PAGE]
    rows = [row for row in rows if row[0] != "Share this story"]
    assert _cut(rows) == []


def test_a_counted_heading_ends_the_main_run_below_its_surest_line() -> None:
    # The model bridged the comments into the story's run, "12 comments" among them: a heading
    # that counts the comments is no section of the story, so the lines under it are comments.
    rows = [row for row in PAGE if row[0] != "Share this story"]
    assert _cut(rows) == _cut(PAGE)
    # Above the story's surest line it cuts nothing of the story.
    above: list[tuple[str, bool, bool, float]] = [
        ("Finally some money for our schools, about time.", True, False, 0.8),
        ("12 comments", False, True, 0.1),
        ("The city council approved the budget on Tuesday after a long debate.", True, False, 0.97),
    ]
    assert _cut(above) == []


def test_a_page_without_body_or_heading() -> None:
    assert _cut([]) == []
    assert _cut([(text, False, heading, score) for text, _, heading, score in PAGE]) == []


def test_shipped_rule_cuts_the_comments() -> None:
    assert len(_cut(PAGE, body_rules().comment_section)) == 2
