"""A slideshow's slides, between counters numbered one after the other, are captions."""

from __future__ import annotations

from datetime import UTC, datetime

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.lines.slideshow import slide_lines
from article_normalizer.rules.body_rules import body_rules

RULE = body_rules().slideshow

SLIDES = [
    "Seven Harbours Worth the Detour",
    "1 / 4",
    "The Old Quay",
    "Fishing boats still land their catch here every morning, as they have for two centuries.",
    "2 / 4",
    "The Lighthouse Steps",
    "Two hundred steps lead to a view of the whole bay and, on clear days, the islands beyond.",
    "3 / 4",
    "The Ferry Pier",
    "The summer ferry leaves twice a day for the islands and returns in the late afternoon.",
    "4 / 4",
    "The Boatyard",
]


def test_the_lines_between_the_first_and_last_counter_are_slides() -> None:
    found = slide_lines(SLIDES, RULE)
    assert [SLIDES[i] for i in found] == [
        SLIDES[2],
        SLIDES[3],
        SLIDES[5],
        SLIDES[6],
        SLIDES[8],
        SLIDES[9],
    ]


def test_counters_in_other_forms_and_languages() -> None:
    for form in ("Image {} of 4", "* {}/4", "Bild {} von 4", "Foto {} z 4"):
        texts = [form.format(line[0]) if line.endswith(" / 4") else line for line in SLIDES]
        assert len(slide_lines(texts, RULE)) == 6, form


def test_two_counters_or_counters_out_of_order_are_no_slideshow() -> None:
    assert slide_lines(SLIDES[:6], RULE) == []
    shuffled = [line.replace("2 / 4", "3 / 4") if line == "2 / 4" else line for line in SLIDES]
    assert slide_lines(shuffled, RULE) == []
    other_total = [line.replace("3 / 4", "3 / 5") for line in SLIDES]
    assert slide_lines(other_total, RULE) == []


def test_counters_far_apart_are_no_slideshow() -> None:
    far = SLIDES[:5] + ["A line of the story between them."] * 9 + SLIDES[5:]
    assert slide_lines(far, RULE) == []


def test_a_slideshow_inside_a_story_leaves_its_body() -> None:
    story = [
        "The harbour board voted on Monday to rebuild the old pier before the summer season, "
        "after two years of talks with the town council and the fishermen's association.",
        "Repairs will take two years and cost more than the town first planned, officials said, "
        "but the pier will stay open to walkers while the work goes on.",
    ]
    more = [
        "The board will publish the contractor's timetable next month, and the first works on "
        "the seaward end of the pier are expected to start in the autumn.",
        "Residents who use the pier for fishing will be told of closures a week in advance, "
        "the board said in a statement after the vote.",
    ]
    text = "\n\n".join(["Harbour board approves pier rebuild", *story, *SLIDES, *more])
    article = normalize(RawDocument(text=text), now=datetime(2026, 1, 1, tzinfo=UTC))
    assert "The Lighthouse Steps" not in article.body
    assert "Two hundred steps lead" not in article.body
    assert more[0][:40] in article.body and story[0][:40] in article.body
    kinds = {r.text: r.kind for r in article.removed}
    assert kinds["The Lighthouse Steps"] == "caption"
    assert all(kinds[line] == "caption" for line in SLIDES[2:10] if line in kinds)


def test_a_gallery_page_keeps_its_slides() -> None:
    # The slideshow is the story: what the body holds besides it is a line of introduction.
    intro = "Seven harbours along the coast are worth the detour this summer, our readers say."
    text = "\n\n".join(["Seven Harbours Worth the Detour", intro, *SLIDES[1:]])
    article = normalize(RawDocument(text=text), now=datetime(2026, 1, 1, tzinfo=UTC))
    assert "context:slideshow" not in " ".join(r.reason for r in article.removed)
