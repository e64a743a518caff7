"""Teasers under a "read also" heading below the story leave the body, up to the next prose."""

from __future__ import annotations

from article_normalizer.normalize.lines.related_section import teaser_lines, teaser_shaped
from article_normalizer.rules.body_rules import RelatedSection, body_rules

RULE = RelatedSection(teaser_max_chars=150)

# (text, body, related heading, body probability)
Row = tuple[str, bool, bool, float]
PAGE: list[Row] = [
    ("Read also", False, True, 0.1),  # a menu entry above the story
    ("Harbour ferry back in service after repairs", False, False, 0.4),
    (
        "The harbour ferry returned to service on Monday after six weeks in the yard.",
        True,
        False,
        0.96,
    ),
    ("Engineers replaced both engines and part of the hull, the operator said.", True, False, 0.94),
    ("The ferry at the north quay", True, False, 0.7),  # a caption the story kept
    ("Read also", False, True, 0.1),
    ("* Bridge tolls rise in spring", True, False, 0.6),
    ("12 March 2024", True, False, 0.3),
    ("* New bus lanes for the old town", True, False, 0.55),
    ("Advertisement", False, False, 0.05),
    ("* Council votes on the harbour plan", True, False, 0.5),
]


def _cut(rows: list[Row], rule: RelatedSection = RULE) -> list[str]:
    below = teaser_lines(
        [score for *_, score in rows],
        [body for _, body, _, _ in rows],
        [heading for _, _, heading, _ in rows],
        [teaser_shaped(text, rule) for text, *_ in rows],
        rule,
    )
    return [rows[i][0] for i in below]


def test_teasers_under_the_heading_below_the_story_are_related() -> None:
    assert _cut(PAGE) == [
        "* Bridge tolls rise in spring",
        "12 March 2024",
        "* New bus lanes for the old town",
        "* Council votes on the harbour plan",
    ]


def test_a_heading_above_the_surest_line_cuts_nothing() -> None:
    rows = [row for k, row in enumerate(PAGE) if k != 5]
    assert _cut(rows) == []


def test_prose_ends_the_stretch_so_a_box_inside_the_story_takes_only_its_teasers() -> None:
    rows: list[Row] = [
        *PAGE[2:4],
        ("Related articles", False, True, 0.1),
        ("* Bridge tolls rise in spring", True, False, 0.6),
        (
            "The operator expects the second ferry back by the summer, a spokesman said.",
            True,
            False,
            0.9,
        ),
        ("Tickets bought for the replacement bus remain valid", True, False, 0.6),
    ]
    assert _cut(rows) == ["* Bridge tolls rise in spring"]


def test_a_teaser_ends_without_a_sentence_end_and_is_headline_long() -> None:
    assert teaser_shaped("国境の２離島が消失か、存在を確認できず", RULE)
    assert teaser_shaped("Bridge tolls rise in spring", RULE)
    assert not teaser_shaped("Engineers replaced both engines, the operator said.", RULE)
    assert not teaser_shaped("尹氏は野党が訴追案を提出している点などを挙げた。", RULE)
    assert not teaser_shaped("He said: “We will be back.”", RULE)
    assert not teaser_shaped("word " * 40, RULE)


def test_a_page_without_body_or_heading() -> None:
    assert _cut([]) == []
    assert _cut([(text, False, heading, score) for text, _, heading, score in PAGE]) == []
    assert _cut([(text, body, False, score) for text, body, _, score in PAGE]) == []


def test_the_shipped_rule_cuts_the_teasers() -> None:
    assert len(_cut(PAGE, body_rules().related_section)) == 4
