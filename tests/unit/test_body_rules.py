"""The settings of the rules after the line model: the shipped file is valid, bad files refused."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from article_normalizer.rules.body_rules import BodyRulesDataError, body_rules, body_rules_from

GOOD: dict[str, Any] = {
    "repeated_runs": {"min_repeated_share": 0.8, "max_gap": 1, "min_lines": 2},
    "inner_teasers": {
        "min_section_headings": 2,
        "min_numbered_headings": 3,
        "max_numbered_words": 15,
        "numbered_heading": r"^(?P<number>\d+)\. ",
    },
    "thread_posts": {
        "max_header_lines": 4,
        "max_header_chars": 80,
        "max_header_words": 3,
        "min_header_lines": 2,
        "min_recurrences": 2,
        "min_score": 0.15,
        "header_window": 12,
        "footer_window": 8,
    },
    "comment_section": {"max_gap": 1},
    "related_section": {"teaser_max_chars": 150},
    "prose_less": {
        "prose_score": 0.7,
        "prose_tokens": 15,
        "min_prose_lines": 3,
        "relative": 0.3,
        "grow_margin": 0.05,
    },
    "consent_dialog": {"window": 6, "fill_gap": 2, "fill_min_lines": 4},
    "paywall_box": {"window": 6},
    "table_rows": {"min_rows": 3, "min_regular": 0.8, "max_in_body": 0.34},
    "introduced_lists": {"introducer": r":\s*$", "min_items": 2},
    "slideshow": {
        "counter": r"^(?P<number>\d+) / (?P<total>\d+)$",
        "min_counters": 3,
        "max_gap": 8,
        "max_share": 0.5,
    },
    "off_topic": {
        "max_gap": 2,
        "min_distance": 8,
        "max_size": 0.5,
        "min_words": 8,
        "max_shared": 0.1,
        "min_word_chars": 4,
        "main_margin": 0.1,
        "main_min_lines": 3,
    },
    "item_lines": {"min_gaps": 4, "max_gap_share": 0.5, "min_headline_chars": 8},
    "count_lists": {"item": r"^\w+ \((?P<count>\d+)\)$", "max_chars": 60, "min_lines": 3},
    "verse_runs": {
        "script": "[\u3041-\u30ff]",
        "broken_off": "[\u3041-\u309f]$",
        "max_width": 40,
        "min_lines": 20,
        "min_broken_share": 0.4,
    },
}


def test_shipped_settings_are_valid() -> None:
    rules = body_rules()
    assert 0 < rules.repeated_runs.min_repeated_share <= 1
    assert rules.repeated_runs.max_gap >= 0
    assert rules.repeated_runs.min_lines >= 1
    assert rules.inner_teasers.min_section_headings >= 1
    assert rules.thread_posts.min_header_lines >= 1
    assert rules.thread_posts.min_recurrences >= 2
    assert 0 < rules.thread_posts.min_score <= 1
    assert rules.comment_section.max_gap >= 0
    assert rules.related_section.teaser_max_chars >= 40
    assert 0 < rules.prose_less.relative <= 1
    assert rules.prose_less.min_prose_lines >= 1
    assert rules.consent_dialog.window >= 1
    assert rules.paywall_box.window >= 2
    assert rules.thread_posts.header_window >= 1
    assert rules.off_topic.min_distance >= 1
    assert 0 < rules.off_topic.max_shared <= 1
    assert rules.slideshow.min_counters >= 2
    assert rules.slideshow.counter.match("Image 2 of 15")
    assert rules.introduced_lists.min_items >= 2
    for announcing in ("Participants were asked to:", "各地の震度は次のとおり：", "Zutaten: "):
        assert rules.introduced_lists.introducer.search(announcing)
    assert not rules.introduced_lists.introducer.search("Time: 10:30 a.m. at the town hall.")


def test_good_settings_are_read() -> None:
    rules = body_rules_from(copy.deepcopy(GOOD))
    assert rules.repeated_runs.min_lines == 2
    assert rules.inner_teasers.min_section_headings == 2


@pytest.mark.parametrize(
    ("table", "key", "value"),
    [
        ("repeated_runs", "min_repeated_share", 0.0),
        ("repeated_runs", "min_repeated_share", 1.5),
        ("repeated_runs", "min_repeated_share", "0.8"),
        ("repeated_runs", "max_gap", -1),
        ("repeated_runs", "max_gap", True),
        ("repeated_runs", "min_lines", 0),
        ("inner_teasers", "min_section_headings", 0),
        ("inner_teasers", "min_section_headings", 2.5),
        ("repeated_runs", "extra", 1),
        ("thread_posts", "min_recurrences", 1),
        ("thread_posts", "max_header_words", -1),
        ("thread_posts", "min_score", 0),
        ("thread_posts", "max_header_lines", "4"),
        ("comment_section", "max_gap", -1),
        ("related_section", "teaser_max_chars", 0),
        ("related_section", "teaser_max_chars", "150"),
        ("prose_less", "relative", 0),
        ("prose_less", "relative", 1.2),
        ("prose_less", "prose_tokens", 0),
        ("prose_less", "min_prose_lines", 2.5),
        ("consent_dialog", "window", 0),
        ("consent_dialog", "fill_min_lines", 1),
        ("consent_dialog", "window", "6"),
        ("paywall_box", "window", 1),
        ("thread_posts", "header_window", 0),
        ("off_topic", "max_shared", 0),
        ("off_topic", "min_distance", 0),
        ("off_topic", "main_margin", 0),
        ("item_lines", "min_gaps", 0),
        ("item_lines", "max_gap_share", 1.5),
        ("slideshow", "counter", r"^(?P<number>\d+) / \d+$"),
        ("slideshow", "counter", "(unclosed"),
        ("introduced_lists", "introducer", "(unclosed"),
        ("introduced_lists", "min_items", 1),
        ("introduced_lists", "min_items", "2"),
        ("slideshow", "min_counters", 1),
        ("slideshow", "max_gap", 0),
        ("slideshow", "max_share", 0),
        ("count_lists", "item", r"^\w+ \(\d+\)$"),
        ("count_lists", "min_lines", 1),
        ("verse_runs", "script", "(unclosed"),
        ("verse_runs", "min_broken_share", 0),
        ("verse_runs", "max_width", 0),
    ],
)
def test_malformed_settings_are_refused(table: str, key: str, value: object) -> None:
    data = copy.deepcopy(GOOD)
    data[table][key] = value
    with pytest.raises(BodyRulesDataError):
        body_rules_from(data)


def test_a_missing_table_is_refused() -> None:
    with pytest.raises(BodyRulesDataError):
        body_rules_from({"repeated_runs": GOOD["repeated_runs"]})
