"""Prose far below the story that shares none of its words leaves the body; the story's own
later runs, runs above it and runs close to it stay."""

from __future__ import annotations

from article_normalizer.normalize.lines.off_topic import content_words, off_topic_lines
from article_normalizer.rules import stopwords
from article_normalizer.rules.body_rules import OffTopic, body_rules

RULE = OffTopic(
    max_gap=2,
    min_distance=8,
    max_size=0.5,
    min_words=8,
    max_shared=0.1,
    min_word_chars=4,
    main_margin=0.1,
    main_min_lines=3,
)
STOP = stopwords("en")

# (text, body, body probability)
Row = tuple[str, bool, float]
STORY: list[Row] = [
    (
        "The harbour ferry returned to service on Monday after six weeks in the shipyard, "
        "the operator said, and the first crossing left the north quay on time.",
        True,
        0.97,
    ),
    (
        "Engineers replaced both engines of the harbour ferry and part of its hull; the repairs "
        "cost the operator more than the council had budgeted for the whole year.",
        True,
        0.95,
    ),
    (
        "Commuters on the north quay said the six weeks without the ferry had doubled their "
        "journey, and the council promised a spare vessel before the next repairs.",
        True,
        0.93,
    ),
    (
        "The operator expects the ferry to carry a million passengers this year, more than "
        "before the engines failed, once the winter timetable ends in March.",
        True,
        0.92,
    ),
]
MENU: list[Row] = [(f"Section {k}", False, 0.05) for k in range(10)]
NOTICE: list[Row] = [
    (
        "We are committed to protecting your personal information and have updated our privacy "
        "policy to comply with data protection regulation.",
        True,
        0.85,
    ),
    (
        "Please review our privacy policy: it explains which data we collect, how we use it and "
        "whom we may share it with, and how to delete your account.",
        True,
        0.8,
    ),
]


def _cut(rows: list[Row], rule: OffTopic = RULE) -> list[str]:
    found = off_topic_lines(
        [text for text, _, _ in rows],
        [score for *_, score in rows],
        [body for _, body, _ in rows],
        STOP,
        rule,
    )
    return [rows[i][0][:40] for i in found]


def test_a_notice_far_below_the_story_leaves_the_body() -> None:
    assert _cut(STORY + MENU + NOTICE) == [NOTICE[0][0][:40], NOTICE[1][0][:40]]


def test_the_story_continued_far_below_stays() -> None:
    assert _cut(STORY[:3] + MENU + STORY[3:]) == []


def test_a_run_close_to_the_story_stays() -> None:
    assert _cut(STORY + MENU[:3] + NOTICE) == []


def test_a_run_above_the_story_stays() -> None:
    assert _cut(NOTICE + MENU + STORY) == []


def test_a_run_as_big_as_half_the_story_is_content_in_its_own_right() -> None:
    assert _cut(STORY[:1] + MENU + NOTICE) == []


def test_a_run_over_half_the_story_with_a_line_as_sure_stays() -> None:
    sure_notice = [(text, body, 0.97) for text, body, _ in NOTICE]
    assert _cut(STORY[:2] + MENU + sure_notice) == []


def test_a_run_over_half_the_story_but_less_sure_leaves() -> None:
    assert _cut(STORY[:2] + MENU + NOTICE) == [NOTICE[0][0][:40], NOTICE[1][0][:40]]


HEADLINES: list[Row] = [
    (f"{topic} in the {place}: what the {who} said about it {when}", True, 0.8)
    for topic, place, who, when in [
        ("Tram strike", "capital", "unions", "on Friday"),
        ("Orchestra tour", "spring", "conductor", "at the premiere"),
        ("Wildfire season", "south", "rangers", "this summer"),
        ("Bank merger", "markets", "regulator", "last week"),
        ("Museum reopening", "old town", "curators", "yesterday"),
        ("Chess final", "tournament", "grandmasters", "after midnight"),
        ("Vaccine trial", "clinics", "doctors", "in January"),
        ("Election recount", "province", "judges", "on Tuesday"),
        ("Airport expansion", "suburbs", "residents", "at the hearing"),
        ("Football transfer", "league", "coach", "before training"),
        ("Flood barrier", "delta", "engineers", "this morning"),
        ("Bakery prices", "villages", "farmers", "at the market"),
    ]
]


def test_a_heavier_column_of_headlines_below_the_story_leaves() -> None:
    assert sum(len(text) * score for text, _, score in HEADLINES) > sum(
        len(text) * score for text, _, score in STORY
    )
    assert _cut(STORY + MENU + HEADLINES) == [text[:40] for text, _, _ in HEADLINES]


def test_a_sure_line_alone_is_no_story_to_judge_the_heavier_run_by() -> None:
    doubted_story = [(text, body, 0.7) for text, body, _ in STORY]
    notice = [("This site requires JavaScript to show its pages properly", True, 0.95)]
    assert _cut(notice + MENU + doubted_story) == []


def test_too_few_words_to_judge() -> None:
    assert _cut(STORY + MENU + [("Subscribe to the weekly letter today", True, 0.7)]) == []


def test_unspaced_scripts_are_compared_by_pairs_of_characters() -> None:
    words = content_words(["南海トラフ地震"], frozenset(), RULE.min_word_chars)
    assert "南海" in words and "地震" in words
    assert "トラ" in words


def test_two_hiragana_are_grammar_not_a_topic() -> None:
    words = content_words(["運転を再開しました"], frozenset(), RULE.min_word_chars)
    assert {"運転", "再開", "開し"} <= words
    assert not {"しま", "した"} & words


def test_a_japanese_notice_sharing_only_grammar_leaves() -> None:
    story: list[Row] = [
        ("港のフェリーは修理を終えて、月曜日に運航を再開したと会社が発表している。", True, 0.97),
        ("技術者はエンジンと船体を交換したといい、修理費は市の予算を上回ったという。", True, 0.95),
        (
            "岸壁の通勤客は「利用していただいた皆さまにお礼を申し上げます。ご注意ください」"
            "という放送を聞きました。",
            True,
            0.93,
        ),
    ]
    notice: list[Row] = [
        ("登録していただいたアドレスにお知らせを送っています。", True, 0.75),
        ("登録ありがとうございました。", True, 0.62),
        (
            "入力していただいたアドレスに確認のメールを送りました。リンクをクリックしてください。",
            True,
            0.62,
        ),
    ]
    assert _cut(story + MENU + notice) == [row[0][:40] for row in notice]


def test_stop_words_and_short_words_are_not_content() -> None:
    assert content_words(["The ferry and its crew are back"], STOP, RULE.min_word_chars) == {
        "ferry",
        "crew",
    }


def test_shipped_settings_find_the_notice() -> None:
    assert _cut(STORY + MENU + NOTICE, body_rules().off_topic) == [
        NOTICE[0][0][:40],
        NOTICE[1][0][:40],
    ]


def test_shipped_settings_find_house_rules_under_a_short_heading_row() -> None:
    # A comment board's rules a "Latest News" heading and a share row below the story.
    rules = body_rules().off_topic
    assert _cut(STORY + MENU[:3] + NOTICE, rules) == [NOTICE[0][0][:40], NOTICE[1][0][:40]]
    assert _cut(STORY + MENU[:2] + NOTICE, rules) == []
