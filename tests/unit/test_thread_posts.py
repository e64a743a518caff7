"""A body that is one post of a thread takes in the other posts, found by their common header."""

from __future__ import annotations

from dataclasses import replace

import pytest

from article_normalizer.normalize.lines.thread_posts import Thread, line_shape, post_lines
from article_normalizer.rules.body_rules import ThreadPosts, body_rules

RULE = ThreadPosts(
    max_header_lines=4,
    max_header_chars=80,
    max_header_words=3,
    min_header_lines=2,
    min_recurrences=2,
    min_score=0.15,
    header_window=12,
    footer_window=8,
)

# A thread as a forum prints it: each post opens with its author, date and number.
THREAD: list[tuple[str, bool, float]] = [
    ("Forums", False, 0.01),
    ("Which tent for a week in the Pyrenees?", False, 0.30),
    ("hillwalker_77", False, 0.02),
    ("* Mar 3, 2025", False, 0.01),
    ("* #1", False, 0.02),
    ("I am planning a week of walking in the Pyrenees in June and need a tent.", True, 0.81),
    ("Two people, mostly wild camping above the tree line. Any advice?", True, 0.77),
    ("Likes: marta_k, tomtom and 2 others", False, 0.20),
    ("marta_k", False, 0.03),
    ("* Mar 3, 2025", False, 0.01),
    ("* #2", False, 0.02),
    ("Go for a freestanding tent, the ground up there is rocky in places.", False, 0.42),
    ("Pegs will not go in everywhere.", False, 0.33),
    ("tomtom", False, 0.03),
    ("* Mar 4, 2025", False, 0.01),
    ("* #3", False, 0.02),
    ("We used a two-person tunnel tent last year and it held up well in the wind.", False, 0.38),
    ("Contact us", False, 0.05),
    ("Terms and rules", False, 0.05),
    ("Privacy policy", False, 0.05),
    ("About the forum", False, 0.05),
    ("This forum is run by volunteers who love the hills and share what they know.", False, 0.31),
]


def _thread(rows: list[tuple[str, bool, float]], rule: ThreadPosts = RULE) -> Thread | None:
    return post_lines(
        [text for text, _, _ in rows],
        [body for _, body, _ in rows],
        [not body for _, body, _ in rows],
        [score for _, _, score in rows],
        rule,
    )


def _found(rows: list[tuple[str, bool, float]], rule: ThreadPosts = RULE) -> Thread:
    thread = _thread(rows, rule)
    assert thread is not None, "no thread"
    return thread


def _run(rows: list[tuple[str, bool, float]], rule: ThreadPosts = RULE) -> list[str]:
    return [rows[i][0] for i in _found(rows, rule).posts]


def _headers(rows: list[tuple[str, bool, float]], rule: ThreadPosts = RULE) -> list[str]:
    return [rows[i][0] for i in _found(rows, rule).headers]


def test_line_shape_masks_digits_and_letters() -> None:
    assert line_shape("* Mar 3, 2025") == line_shape("* Dec 30,   2024") == "* a 0, 0"
    assert line_shape("* #12") == "* #0"
    assert line_shape("Jean-Luc") == "a-a"


def test_replies_under_the_same_header_join_the_body() -> None:
    joined = _run(THREAD)
    assert "Go for a freestanding tent, the ground up there is rocky in places." in joined
    assert "Pegs will not go in everywhere." in joined
    assert "We used a two-person tunnel tent last year and it held up well in the wind." in joined


def test_lines_the_model_is_sure_are_no_post_stay_out() -> None:
    joined = _run(THREAD)
    assert "marta_k" not in joined
    assert "* #2" not in joined


def test_the_last_post_ends_before_the_footer() -> None:
    assert "This forum is run by volunteers who love the hills and share what they know." not in (
        _run(THREAD)
    )


def test_a_named_line_never_joins() -> None:
    rows = list(THREAD)
    texts = [text for text, _, _ in rows]
    is_open = [not body for _, body, _ in rows]
    is_open[texts.index("Pegs will not go in everywhere.")] = False
    thread = post_lines(
        texts, [body for _, body, _ in rows], is_open, [s for _, _, s in rows], RULE
    )
    assert thread is not None
    assert texts.index("Pegs will not go in everywhere.") not in thread.posts


def test_a_thread_whose_posts_are_already_body_is_still_a_thread() -> None:
    rows = list(THREAD)
    texts = [text for text, _, _ in rows]
    thread = post_lines(
        texts, [body for _, body, _ in rows], [False] * len(rows), [s for _, _, s in rows], RULE
    )
    assert thread is not None
    assert thread.posts == []


def test_header_lines_the_body_opens_with_are_still_the_header() -> None:
    # Where the page's threshold was lowered, the first post's date and number score as body.
    rows = [
        (text, True, 0.4) if text in ("* Mar 3, 2025", "* #1") and k < 5 else (text, body, score)
        for k, (text, body, score) in enumerate(THREAD)
    ]
    assert "Pegs will not go in everywhere." in _run(rows)
    # They are the header all the same: no post's text.
    assert _headers(rows)[:2] == ["* Mar 3, 2025", "* #1"]


def test_every_post_header_is_told() -> None:
    # The first post's header and each reply's, line by line, in page order: the lines the
    # recurring header is made of (the posters' names differ in shape, so they are not of it).
    assert _headers(THREAD) == [
        "* Mar 3, 2025",
        "* #1",
        "* Mar 3, 2025",
        "* #2",
        "* Mar 4, 2025",
        "* #3",
    ]


def test_a_story_under_a_lone_time_stamp_is_no_thread() -> None:
    # A news page: one time line above the story, and the same shape over each teaser.
    rows: list[tuple[str, bool, float]] = [
        ("12:40 Moscow", False, 0.05),
        ("The city council approved the new budget on Tuesday after a long debate.", True, 0.9),
        ("Spending on schools rises by a tenth, the mayor's office said.", True, 0.88),
        ("13:05 Berlin", False, 0.02),
        ("Rail strike called off after an overnight agreement with the union.", False, 0.3),
        ("13:30 Paris", False, 0.02),
        ("Museum reopens its east wing after three years of repairs and new lights.", False, 0.3),
    ]
    assert _thread(rows) is None


def test_a_feed_of_stamped_headlines_is_no_thread() -> None:
    # Each item of a news feed opens with its time and its headline: the shape recurs, but a
    # headline is no post header.
    rows: list[tuple[str, bool, float]] = [
        ("Today, 10:48", False, 0.02),
        ("* Rescue plane flies aid to the flooded valley", False, 0.2),
        ("A plane carrying forty tonnes of aid left the capital on Monday morning.", True, 0.9),
        ("The aid will be handed out by volunteers in three villages, officials said.", True, 0.9),
        ("Today, 10:31", False, 0.02),
        ("* Space agency plans to move an asteroid closer", False, 0.2),
        ("The agency plans to move a small asteroid closer to the Moon by 2030.", False, 0.4),
        ("Today, 10:05", False, 0.02),
        ("* Stocks close higher as oil prices fall again", False, 0.2),
        ("Shares rose across Europe as the price of crude oil fell again on Monday.", False, 0.4),
    ]
    assert _thread(rows) is None
    assert len(_run(rows, replace(RULE, max_header_words=8))) == 2


def test_a_header_without_a_digit_is_no_thread() -> None:
    rows = [
        (text.replace("2025", "").replace("#1", "#").replace("#2", "#").replace("#3", "#"), b, s)
        for text, b, s in THREAD
    ]
    rows = [(text.replace("Mar 3, ", "Mar").replace("Mar 4, ", "Mar"), b, s) for text, b, s in rows]
    assert _thread(rows) is None


def test_too_few_recurrences_is_no_thread() -> None:
    assert _thread(THREAD, replace(RULE, min_recurrences=3)) is None


def test_a_page_without_body_has_no_posts() -> None:
    assert _thread([(text, False, score) for text, _, score in THREAD]) is None


@pytest.mark.parametrize("rows", [[], [("Only line", True, 0.9)]])
def test_tiny_pages(rows: list[tuple[str, bool, float]]) -> None:
    assert _thread(rows) is None


def test_shipped_rule_reads_the_thread() -> None:
    assert "Pegs will not go in everywhere." in _run(THREAD, body_rules().thread_posts)


# The same thread where the model doubted the first post's opening lines: its header stands a
# few lines above the body's first line.
DOUBTED_OPENING: list[tuple[str, bool, float]] = [
    ("Forums", False, 0.01),
    ("hillwalker_77", False, 0.02),
    ("* Mar 3, 2025", False, 0.01),
    ("* #1", False, 0.02),
    ("Advertisement", False, 0.05),
    ("I am planning a week of walking in the Pyrenees in June.", False, 0.45),
    ("* Tent A (two-person tunnel)", False, 0.2),
    ("* Tent B (freestanding dome)", False, 0.2),
    ("Two people, mostly wild camping above the tree line. Which one would you take?", True, 0.8),
    ("marta_k", False, 0.03),
    ("* Mar 3, 2025", False, 0.01),
    ("* #2", False, 0.02),
    ("Go for the dome, the ground up there is rocky in places.", False, 0.42),
    ("Pegs will not go in everywhere.", False, 0.33),
    ("tomtom", False, 0.03),
    ("* Mar 4, 2025", False, 0.01),
    ("* #3", False, 0.02),
    ("We used a two-person tunnel tent last year and it held up well in the wind.", False, 0.38),
    ("Contact us", False, 0.05),
]


def test_a_header_above_the_doubted_opening_marks_the_thread() -> None:
    joined = _run(DOUBTED_OPENING)
    assert "I am planning a week of walking in the Pyrenees in June." in joined
    assert "* Tent A (two-person tunnel)" in joined
    assert "Advertisement" not in joined
    assert _headers(DOUBTED_OPENING)[:4] == ["* Mar 3, 2025", "* #1", "* Mar 3, 2025", "* #2"]
    assert "Pegs will not go in everywhere." in joined
    assert _thread(DOUBTED_OPENING, replace(RULE, header_window=2)) is None


def test_a_header_printed_above_itself_is_a_feed_not_a_thread() -> None:
    # A feed's item header (time and section) over every item, the story's among them.
    feed = [
        ("Today, 9:49", False, 0.02),
        ("Politics", False, 0.02),
        ("* Ministers meet in London", False, 0.2),
        ("The foreign ministers of eight countries meet in London this week.", False, 0.5),
    ]
    rows = [
        *feed,
        ("Today, 9:24", False, 0.02),
        ("Economy", False, 0.02),
        ("* Oil prices move in both directions", False, 0.3),
        ("Oil prices moved in both directions on Wednesday as stocks of fuel rose.", True, 0.9),
        ("Traders expect the price to settle by the end of the week.", True, 0.85),
        ("Yesterday, 23:41", False, 0.02),
        ("Society", False, 0.02),
        ("* Museum reopens its east wing", False, 0.2),
        ("The museum reopened its east wing after three years of repairs.", False, 0.4),
        ("Today, 6:36", False, 0.02),
        ("Sport", False, 0.02),
        ("* Club signs a new coach", False, 0.2),
        ("The club signed a new coach on a two-year contract.", False, 0.4),
    ]
    assert _thread(rows) is None
    assert _thread(rows[len(feed) :]) is not None


def test_a_widget_of_like_rows_is_no_header() -> None:
    # A rating widget over the story and under each teaser: rows of one shape, close together.
    stars = [(f"* Rate it {n} stars", False, 0.01) for n in range(1, 5)]
    rows = [
        *stars,
        ("Seen 314 times", False, 0.02),
        ("The judge and the prosecutor disagree on how to read the new law.", True, 0.9),
        ("Both will meet again on Friday, the court said.", True, 0.85),
        *stars,
        ("Another story's opening line about a different matter.", False, 0.3),
        *stars,
        ("A third story's opening line about something else.", False, 0.3),
    ]
    assert _thread(rows) is None


# A Q&A page as a text rendering prints it: no header over the posts, a signature under each.
QA: list[tuple[str, bool, float]] = [
    ("Questions", False, 0.02),
    ("How do I keep a sourdough starter alive while I travel?", False, 0.35),
    ("I bake every weekend, but next month I will be away for three weeks.", True, 0.82),
    ("Can the starter survive that long in the fridge, or should I dry some of it?", True, 0.79),
    ("* baking", False, 0.05),
    ("* sourdough", False, 0.05),
    ("Share", False, 0.02),
    ("Improve this question", False, 0.05),
    ("asked Mar 3, 2025 at 9:14", False, 0.08),
    ("crumb_and_crust", False, 0.10),
    ("2 Answers", False, 0.20),
    ("Three weeks in the fridge is fine; feed it well the day before you leave.", False, 0.40),
    ("When you are back, feed it twice before baking with it.", False, 0.35),
    ("Share", False, 0.02),
    ("Improve this answer", False, 0.05),
    ("answered Mar 3, 2025 at 11:02", False, 0.07),
    ("oven_spring", False, 0.12),
    ("Drying a spoonful on baking paper is a good backup if something goes wrong.", False, 0.45),
    ("Share", False, 0.02),
    ("Improve this answer", False, 0.05),
    ("answered Mar 4, 2025 at 8:40", False, 0.07),
    ("levain_lover", False, 0.12),
    ("Sign up or log in", False, 0.04),
]


def _signed(rows: list[tuple[str, bool, float]], action: str = "Share") -> Thread | None:
    # The lexicons name the action links; everything else is body or not yet named.
    kinds = ["share" if text == action else ("body" if body else "") for text, body, _ in rows]
    return post_lines(
        [text for text, _, _ in rows],
        [body for _, body, _ in rows],
        [kind == "" for kind in kinds],
        [score for _, _, score in rows],
        RULE,
        kinds,
    )


def test_a_qa_pages_answers_are_found_by_the_signature_under_each_post() -> None:
    thread = _signed(QA)
    assert thread is not None
    texts = [QA[i][0] for i in thread.posts]
    assert QA[11][0] in texts and QA[12][0] in texts and QA[17][0] in texts
    assert "Sign up or log in" not in texts
    assert [QA[i][0] for i in thread.headers[:3]] == ["Share", "Improve this question", QA[8][0]]


def test_a_signature_under_one_answer_only_is_no_thread() -> None:
    assert _signed(QA[:17]) is None


def test_a_signature_without_an_action_link_or_after_a_comments_heading_is_none() -> None:
    # A comment's header or a teaser's section and time recur as well, but name no action.
    assert _signed(QA, action="Nothing named") is None
    assert _thread(QA) is None  # the rules' kinds unknown: headers only
    with_heading = [*QA[:4], ("Comments", False, 0.02), *QA[4:]]
    kinds = [
        "comment" if text == "Comments" else "share" if text == "Share" else "body" if b else ""
        for text, b, _ in with_heading
    ]
    found = post_lines(
        [text for text, _, _ in with_heading],
        [b for _, b, _ in with_heading],
        [kind == "" for kind in kinds],
        [score for _, _, score in with_heading],
        RULE,
        kinds,
    )
    assert found is None
