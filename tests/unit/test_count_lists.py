"""An archive or category widget's column of counted labels is navigation, never body."""

from __future__ import annotations

from datetime import UTC, datetime

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.lines.count_lists import count_list_lines
from article_normalizer.rules.body_rules import body_rules

RULE = body_rules().count_lists

ARCHIVE = ["Archives", "December 2025 (6)", "November 2025 (4)", "October 2025 (11)", "Meta"]


def test_a_column_of_counted_labels_is_found() -> None:
    assert count_list_lines(ARCHIVE, RULE) == [1, 2, 3]


def test_markers_and_scripts_of_other_widgets() -> None:
    for column in (
        ["► 2025 (39)", "▼ December (9)", "► November (30)"],
        ["* Community Post (4,824)", "* Diaspora (62)", "* Events (1,914)"],
        ["+ 5月 ( 39 )", "+ 4月 ( 46 )", "+ 3月 （41）"],
        ["o Dezembro (66)", "o Novembro (114)", "o Outubro (104)"],
    ):
        assert count_list_lines(column, RULE) == [0, 1, 2], column


def test_a_year_between_its_months_belongs_to_the_column() -> None:
    tree = [
        "+ 2月 ( 62 )",
        "+ 1月 ( 77 )",
        "* 2023年 閉じる 開く",
        "+ 12月 ( 46 )",
        "+ 11月 ( 40 )",
    ]
    assert count_list_lines(tree, RULE) == [0, 1, 2, 3, 4]


def test_two_counted_lines_or_sentences_ending_in_a_figure_are_no_column() -> None:
    assert count_list_lines(ARCHIVE[:3], RULE) == []
    sentences = [
        "The council approved the budget on Monday after a long debate over the new bridge (12)",
        "Opposition members walked out before the final vote on the harbour plans, citing (13)",
        "The mayor said the town would publish the figures in full before the summer break (14)",
    ]
    assert count_list_lines(sentences, RULE) == []
    assert count_list_lines(["Sales (2019)", "Results (see below)", "Notes (3)"], RULE) == []
    results = [
        "5. M. Niedermeier - 13 (3,1,3,3,3)",
        "6. M. Rau - 1 (0,0,0,1,0)",
        "7. C. Hade - 8 (3,1,1,1,2)",
    ]
    assert count_list_lines(results, RULE) == []


def test_review_counts_after_a_rating_are_a_listicles_items() -> None:
    courses = ["* Python ★★★★★(13)", "* Intro to SQL ★★★★☆(8)", "* Advanced SQL ★★★★☆(2)"]
    assert count_list_lines(courses, RULE) == []


def test_a_blog_posts_archive_column_leaves_its_body() -> None:
    post = [
        "A weekend at the allotment",
        "We spent most of Saturday clearing the old strawberry bed, which had been taken over by "
        "couch grass and bindweed since the spring, and it took three wheelbarrows to shift it.",
        "On Sunday the rain came back, so we sat in the shed with a flask of tea and planned where "
        "the new raised beds should go, and which seeds we still need to order for next year.",
        "Next weekend we hope to build the first of the beds, if the timber arrives in time.",
    ]
    text = "\n\n".join([*post, *ARCHIVE[:4], "September 2025 (8)", "August 2025 (2)"])
    article = normalize(RawDocument(text=text), now=datetime(2026, 1, 1, tzinfo=UTC))
    assert post[1][:40] in article.body
    assert "(4)" not in article.body and "(11)" not in article.body
    reasons = {r.text: r.reason for r in article.removed}
    assert "shape:count_list" in reasons["October 2025 (11)"]
