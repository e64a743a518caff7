"""The field benchmarks' scoring (bench.dates, bench.bylines, bench.outlets), on records made up
here."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from bench import bylines, dates, outlets, title_cv
from bench.corpus import by_group, fold_of

if TYPE_CHECKING:
    from article_normalizer.normalize.fields.title import Candidate

_STORY = (
    "The city council voted on Tuesday to extend the night bus network to the outer suburbs.\n"
    "The plan, debated for two years, will cost about four million euros a year to run.\n"
    "Buses will run every twenty minutes between midnight and five in the morning from May.\n"
)


def test_records_are_grouped_by_source_then_all() -> None:
    records = [{"group": "multidev/wcxb"}, {"group": "dev/l3s-gn1"}, {"group": "multidev/wcxb"}]
    groups = by_group(records)
    assert list(groups) == ["dev/l3s-gn1", "multidev/wcxb", "all"]
    assert [len(g) for g in groups.values()] == [1, 2, 3]


def test_date_accuracy_answered_and_precision() -> None:
    truth = "2024-05-03T15:47:42+00:00"
    records = [
        {"group": "g", "truth": truth, "html": "2024-05-03", "text": None},
        {"group": "g", "truth": truth, "html": "2024-05-04", "text": None},
        {"group": "g", "truth": truth, "html": None, "text": "2024-05-03T09:00:00"},
        {"group": "g", "truth": truth, "html": "2024-05-03T23:00:00+00:00", "text": None},
    ]
    for record in records:
        record.update(htmldate=None, htmldate_latest=None)
    html = dates.tally(records)["all"]["html"]
    assert html["right"] == 2
    assert (html["accuracy"], html["answered"]) == (0.5, 0.75)
    assert html["precision"] == pytest.approx(2 / 3)
    assert dates.tally(records)["all"]["text"]["precision"] == 1.0
    assert "g" in dates.render(dates.tally(records))


def test_dates_print_pages_right_beside_htmldate_and_a_subset_of_systems() -> None:
    truth = "2024-05-03"
    records = [
        {"group": "g", "truth": truth, "html": "2024-05-03", "text": None, "htmldate": None},
        {"group": "g", "truth": truth, "html": "2024-05-03", "text": None, "htmldate": truth},
        {"group": "g", "truth": truth, "html": None, "text": None, "htmldate": truth},
        {"group": "g", "truth": truth, "html": None, "text": None, "htmldate": truth},
    ]
    systems = ("html", "text", "htmldate")
    table = dates.tally(records, systems)
    assert "htmldate_latest" not in table["all"]
    last = dates.render(table, systems).splitlines()[-1].split()
    assert last[-2:] == ["-1", "-3"]
    assert "-hd" not in dates.render(dates.tally(records, ("text",)), ("text",))


@pytest.mark.parametrize(
    ("text", "language", "printed"),
    [
        ("Posted on March 5th, 2024 by the desk", "en", True),
        ("Veröffentlicht am 5. März 2024, 10:12 Uhr", "de", True),
        ("Publicado el 5 de marzo de 2024", "es", True),
        ("Updated 05/03/24 at noon", "en", True),
        ("2024-03-05T10:00:00Z", "en", True),
        ("发布时间：2024年3月5日 10:00", "zh", True),
        ("Mar 09 , 2024 is another day; 15.03.2024 too", "en", False),
        ("Published 6 hours ago", "en", False),
        ("Posted March 5 by the desk", "en", False),
        ("Page 5.3.20245 of the archive", "en", False),
    ],
)
def test_a_page_prints_its_date_in_a_common_form(text: str, language: str, printed: bool) -> None:
    assert dates.prints_date(text, "2024-03-05T10:00:00+01:00", language) is printed


def test_a_truth_without_a_day_is_printed_nowhere() -> None:
    assert not dates.prints_date("November 2003, 2003-11", "2003-11", "en")


@pytest.mark.parametrize(
    ("truth", "names"),
    [
        ("By Jane Doe and John Roe", ["jane doe", "john roe"]),
        ('<a href="/jane">Jane Doe</a>, CNN', ["jane doe", "cnn"]),
        ("Jane Doe | Reuters", ["jane doe", "reuters"]),
    ],
)
def test_byline_truth_names(truth: str, names: list[str]) -> None:
    assert bylines.truth_names(truth) == names


def test_byline_token_f1() -> None:
    assert bylines.score(["Jane Doe", "Reuters"], "By Jane Doe | Reuters") == 1.0
    assert bylines.score([], "Jane Doe") == 0.0
    assert bylines.score(["Jane Doe"], "Jane Doe, CNN") == pytest.approx(0.8)


def test_byline_sample_is_a_seeded_draw_among_credited_pages() -> None:
    records = [
        {"id": str(i), "html": ["Jane Doe"], "text": ["Jane Doe"] if i % 3 == 0 else []}
        for i in range(30)
    ]
    drawn = bylines.draw_sample(records, 5, 18, "text")
    assert drawn == bylines.draw_sample(records, 5, 18, "text")
    assert len(drawn) == 5 and all(r["text"] for r in drawn)
    assert [r["id"] for r in drawn] == sorted((r["id"] for r in drawn), key=int)
    assert len(bylines.draw_sample(records, 50, 18, "text")) == 10
    assert len(bylines.draw_sample(records, 50, 18, "any")) == 30
    assert [r["id"] for r in bylines.draw_sample(records, 3, None, "text")] == ["0", "10", "20"]


def test_titles_are_exact_fuzzy_wrong_or_null_against_the_right_reference() -> None:
    from bench.corpus import DevPage
    from bench.quality_multi import Result, title_row

    pages = [
        DevPage("a", "s", None, "", {}, gt_extra={"title_human": "Cranes idle as dockers strike"}),
        DevPage("b", "s", None, "", {"title": "Late goal sends underdogs through | Daily"}),
        DevPage(
            "c",
            "s",
            None,
            "",
            {"body": "Council backs bike lanes\nBody."},
            corpus="multidev",
            headline_first=True,
        ),
        DevPage("d", "s", None, "", {}),
    ]
    results = [Result(i) for i in range(4)]
    for result, title in zip(
        results,
        ["Cranes idle as dockers strike", "Late goal sends underdogs through", "Menu", None],
        strict=True,
    ):
        result.titles["ours"] = title
    row = title_row(pages, results, range(4), ["ours", "justext"])
    assert row["pages"] == {"human": 2, "meta": 1, "known": 3}
    assert row["ours"] == {"exact_human": 0.5, "fuzzy_meta": 1.0, "wrong": 1, "null": 0}
    assert "justext" not in row


def test_quality_rows_break_a_source_down_by_the_page_types_it_labels() -> None:
    from bench.corpus import DevPage
    from bench.quality_multi import groups

    def page(name: str, page_type: str | None) -> DevPage:
        meta = {"page_type": page_type} if page_type else {}
        return DevPage(name, "wcxb", None, "", {}, corpus="multidev", lang="en", gt_meta=meta)

    pages = [page("a", "forum"), page("b", "listing"), page("c", "forum"), page("d", None)]
    assert "multidev / wcxb / forum" not in groups(pages, min_lang=1)
    rows = groups(pages, min_lang=1, page_types=True)
    assert rows["multidev / wcxb"] == [0, 1, 2, 3]
    assert rows["multidev / wcxb / forum"] == [0, 2]
    assert rows["multidev / wcxb / listing"] == [1]
    assert list(rows).index("multidev / wcxb / forum") < list(rows).index("multidev lang en")


def test_snippet_pages_are_right_only_with_every_snippet_found_and_none_unwanted() -> None:
    from bench.quality_multi import Result, summarise

    results = [Result(i) for i in range(3)]
    for result, shares in zip(results, [(1.0, 1.0), (1.0, 0.5), (0.75, 1.0)], strict=True):
        result.snippets["ours"] = shares
    row = summarise(results, range(3), ["ours"])
    assert row["ours"]["snippets_right"] == pytest.approx(1 / 3, abs=1e-4)
    assert row["ours"]["with_found"] == pytest.approx(0.9167, abs=1e-4)


def _title_record(headline: str) -> title_cv.Record:
    return title_cv.Record("p", "dev", "s", "site", "inscriptis", headline, None)


def test_title_cv_answers_the_headline_line_after_a_glued_trail_as_the_stage_does() -> None:
    from article_normalizer.normalize.fields.title import Candidate

    glued = "Home Transport City Hall Night buses to reach the suburbs"
    record = title_cv.collect_one(
        title_cv.Task(
            "p",
            "dev",
            "s",
            "site",
            "inscriptis",
            f"{glued}\nNight buses to reach the suburbs\n{_STORY}",
            None,
            "Night buses to reach the suburbs",
            None,
            None,
        )
    )
    assert record.trail_ends == {0: "Night buses to reach the suburbs"}
    assert title_cv.final_text(record, Candidate(0, glued, 1.0)) == record.trail_ends[0]
    assert title_cv.final_text(record, Candidate(0, "Night", 1.0, cell=True)) == "Night"
    assert title_cv.final_text(record, None) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Menu\nNight buses to reach the suburbs\n" + _STORY, "candidate"),
        ("Menu\nNight buses to reach the suburbs »\n" + _STORY, "rejected:ui_glyph"),
        ("Menu\nNight buses to reach\nthe suburbs\n" + _STORY, "split"),
        (
            "Menu\nNews: Night buses to reach the suburbs, and more of it tonight\n" + _STORY,
            "merged",
        ),
        (
            "Night buses to reach the suburbs\n" + "Weather for the week ahead\n" * 45 + _STORY,
            "above",
        ),
        ("Menu\nSomething else entirely here\n" + _STORY, "absent"),
    ],
)
def test_title_cv_says_why_the_headline_is_no_candidate(text: str, reason: str) -> None:
    from article_normalizer.normalize.fields.outlet import site_names_of
    from article_normalizer.normalize.fields.title import candidate_features

    page, anchor, opener = title_cv.title_inputs(text, None)
    assert anchor is not None
    record = _title_record("Night buses to reach the suburbs")
    record.found = candidate_features(page, anchor, site_names_of(page), opener=opener)
    assert title_cv.recall_reason(page, anchor, opener, record) == reason


def _ranked_record(lines: list[tuple[str, str, dict[str, float]]]) -> title_cv.Record:
    """A page whose candidate at line 2 is the headline; ``lines`` are (text, kind, features)."""
    record = _title_record("Night buses to reach the suburbs")
    record.anchor = len(lines)
    record.lines = ["0", *(text for text, _, _ in lines)]
    record.kinds = [kind for _, kind, _ in lines]
    record.found = [(i, text, text, len(text), f) for i, (text, _, f) in enumerate(lines)]
    return record


@pytest.mark.parametrize(
    ("winner", "kind", "features", "expected"),
    [
        ("Night buses to reach the suburbs | City Courier", "other", {}, "headline_plus"),
        ("Council votes on the budget tonight", "body", {"in_story": 1.0}, "body_sentence"),
        ("Council votes on the budget tonight", "related", {"teaser_run": 1.0}, "teaser"),
        ("Council votes on the budget tonight", "other", {"has_cells": 1.0}, "table_row"),
        ("Photo of the new depot at dawn", "caption", {}, "caption"),
        ("Local Sport", "navigation", {}, "section_label"),
        ("Sign in to save this story for later", "share", {}, "ui_string"),
        ("Routes change from Monday for the late shift", "other", {}, "deck"),
    ],
)
def test_title_cv_names_what_won_over_the_headline(
    winner: str, kind: str, features: dict[str, float], expected: str
) -> None:
    from article_normalizer.normalize.fields.title import Candidate

    lines: list[tuple[str, str, dict[str, float]]] = [
        ("Weather for the week ahead here", "other", {}),
        ("Menu", "navigation", {}),
        ("Night buses to reach the suburbs", "other", {}),
        (winner, kind, features),
    ]
    record = _ranked_record(lines)
    best = Candidate(index=3, text=winner, score=2.0, raw=winner)
    assert title_cv.rank_class(record, best, [2], frozenset()) == expected
    assert title_cv.rank_class(record, None, [2], frozenset()) == "null"


def _headline_beside_a_body_sentence() -> tuple[title_cv.Record, Candidate, Candidate]:
    """A page whose headline stands above a body sentence, and the candidate for each."""
    from article_normalizer.normalize.fields.title import Candidate

    record = _ranked_record(
        [
            ("Night buses to reach the suburbs", "other", {"bias": 1.0}),
            ("Council votes on the budget tonight", "body", {"in_story": 1.0}),
        ]
    )
    wrong = Candidate(index=1, text="Council votes on the budget tonight", score=3.0)
    right = Candidate(index=0, text="Night buses to reach the suburbs", score=3.0)
    return record, wrong, right


def test_title_cv_counts_only_pages_whose_headline_was_a_candidate() -> None:
    record, wrong, right = _headline_beside_a_body_sentence()
    weights = {"bias": 1.0, "in_story": 2.0}
    groups = title_cv.ranking_failures(
        [(record, (wrong, 3.0), weights, None, 1.0), (record, (right, 3.0), weights, None, 1.0)]
    )
    assert groups[("dev/all", "inscriptis")] == {"body_sentence": 1}
    missing = _ranked_record([("Council votes on the budget tonight", "body", {})])
    assert not title_cv.ranking_failures([(missing, None, weights, None, 1.0)])
    unanswered = title_cv.ranking_failures([(record, (right, 0.5), weights, None, 1.0)])
    assert unanswered[("dev/all", "inscriptis")] == {"null": 1}


def test_title_cv_splits_sites_in_two_halves_apart_from_the_folds() -> None:
    sites = [f"site{n}.example" for n in range(200)]
    halves = [title_cv.site_half(s) for s in sites]
    assert set(halves) == {0, 1}
    assert 60 <= sum(halves) <= 140
    # A site's half never changes, and the halves cut across the folds.
    assert halves == [title_cv.site_half(s) for s in sites]
    for fold in range(title_cv.FOLDS):
        members = [
            h for s, h in zip(sites, halves, strict=True) if fold_of(s, title_cv.FOLDS) == fold
        ]
        assert set(members) == {0, 1}


def test_title_cv_losses_name_the_winner_or_why_the_headline_was_no_candidate() -> None:
    record, wrong, right = _headline_beside_a_body_sentence()
    missing = _ranked_record([("Council votes on the budget tonight", "body", {})])
    missing.recall = "split"
    weights = {"bias": 1.0, "in_story": 2.0}
    groups = title_cv.losses(
        [
            (record, (wrong, 3.0), weights, None, 1.0),
            (record, (right, 3.0), weights, None, 1.0),
            (missing, (wrong, 3.0), weights, None, 1.0),
            (missing, (wrong, 0.5), weights, None, 1.0),
        ]
    )
    assert groups[("dev/all", "inscriptis")] == {
        "candidate:body_sentence": 1,
        "split:wrong": 1,
        "split:null": 1,
    }


def test_outlet_shares_per_source_corpus_and_language() -> None:
    def record(group: str, lang: str, no_url: str | None, right: bool) -> dict[str, object]:
        return {
            "group": group,
            "language": lang,
            "no_url": no_url,
            "url": "Harbour Post",
            "no_url_right": right,
            "url_right": True,
        }

    records = [record("multidev/wcxb", "en", "Harbour Post", True) for _ in range(18)]
    records += [record("multidev/wcxb", "en", "Harbour Media", False) for _ in range(2)]
    records += [record("multidev/daniel", "pl", None, False), record("dev/x", "en", None, False)]
    table = outlets.tally(records)
    assert list(table)[:3] == ["dev/x", "multidev/daniel", "multidev/wcxb"]
    assert table["multidev/wcxb"]["no_url"] == {"right": 0.9, "wrong": 0.1, "none": 0.0}
    assert table["multidev, all"]["pages"] == 21
    assert table["multidev lang en"]["pages"] == 20
    assert "multidev lang pl" not in table  # too few pages for a row of its own
    assert table["all"]["url"]["right"] == 1.0
    assert "multidev/wcxb" in outlets.render(table)
