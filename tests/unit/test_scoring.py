"""The benchmark scorers against hand-computed cases (corpus README rules)."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.scoring import (
    BodyCounts,
    body_counts,
    body_scores,
    norm_outlet,
    norm_title,
    outlet_equal,
    same_day,
    shingles,
    title_exact,
    title_token_f1,
    with_dateline,
)


def test_shingles_are_four_token_windows_with_case_kept() -> None:
    assert shingles("The cat sat on the mat") == Counter(
        [
            ("The", "cat", "sat", "on"),
            ("cat", "sat", "on", "the"),
            ("sat", "on", "the", "mat"),
        ]
    )


def test_text_under_four_tokens_is_one_shingle_and_empty_text_none() -> None:
    assert shingles("Breaking: news!") == Counter([("Breaking", "news")])
    assert shingles(" -- ") == Counter()


def test_shingles_are_a_multiset() -> None:
    assert shingles("a b c d a b c d")[("a", "b", "c", "d")] == 2


def test_page_counts_are_normalised_by_their_sum() -> None:
    # truth: 3 shingles; prediction: the same 3 plus 2 wrong ones (6 tokens -> 3 shingles
    # shared, "x y" tail adds 2 more).
    counts = body_counts("one two three four five six x y", "one two three four five six")
    assert counts.tp == pytest.approx(3 / 5)
    assert counts.fp == pytest.approx(2 / 5)
    assert counts.fn == 0.0
    assert counts.precision == pytest.approx(0.6)
    assert counts.recall == 1.0


def test_repeated_paragraph_counts_once_against_a_single_truth() -> None:
    # 8 tokens -> 5 shingles (they run across the line end); only one copy of "a b c d" is true.
    counts = body_counts("a b c d\na b c d", "a b c d")
    assert (counts.tp, counts.fp, counts.fn) == pytest.approx((0.2, 0.8, 0.0))


def test_corpus_precision_skips_empty_predictions_but_recall_does_not() -> None:
    perfect = body_counts("a b c d e", "a b c d e")
    empty = body_counts("", "a b c d e")
    half = BodyCounts(tp=0.5, fp=0.5, fn=0.0)
    scores = body_scores([perfect, empty, half])
    assert scores.precision == pytest.approx((1.0 + 0.5) / 2)
    assert scores.recall == pytest.approx((1.0 + 0.0 + 1.0) / 3)
    p, r = scores.precision, scores.recall
    assert scores.f1 == pytest.approx(2 * p * r / (p + r))
    assert scores.empty_predictions == 1


def test_dateline_is_put_back_in_front_of_the_body() -> None:
    assert with_dateline("The talks ended.", "BEIJING:") == "BEIJING: The talks ended."
    assert with_dateline("The talks ended.", None) == "The talks ended."
    truth = "BEIJING: The talks ended without a deal."
    assert body_counts(with_dateline("The talks ended without a deal.", "BEIJING:"), truth).f1 == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("China – Russia: “Our cooperation”", 'china - russia: "our cooperation"'),
        ("Ｆｕｌｌｗｉｄｔｈ  Title", "fullwidth title"),
        ("Straße’s end", "STRASSE'S END"),
    ],
)
def test_title_normalisation_makes_equal_titles_equal(a: str, b: str) -> None:
    assert norm_title(a) == norm_title(b)
    assert title_exact(a, b)


def test_title_exact_rejects_a_site_suffix_and_an_empty_truth() -> None:
    assert not title_exact("Talks end | Example News", "Talks end")
    assert not title_exact(None, None)


def test_title_token_f1() -> None:
    assert title_token_f1("Talks end | Example News", "Talks end") == pytest.approx(2 / 3)
    assert title_token_f1(None, "Talks end") == 0.0


@pytest.mark.parametrize(
    ("pred", "truth", "same"),
    [
        ("2023-08-07", "2023-08-07T21:26:00+05:00", True),
        ("2023-08-07T23:50:00-04:00", "2023-08-07T03:00:00Z", True),
        ("2023-08-08T00:10:00", "2023-08-07", False),
        (None, "2023-08-07", False),
        ("2023-08-07", None, False),
        ("2005-05-07T21:00:00", "2005-5-7 21:23:57", True),
        ("2005-05-17", "2005-5-7", False),
        ("2003-11-01", "2003-11", False),
    ],
)
def test_published_is_judged_by_calendar_day(
    pred: str | None, truth: str | None, same: bool
) -> None:
    assert same_day(pred, truth) is same


@pytest.mark.parametrize(
    ("pred", "truth", "equal"),
    [
        ("www.geopolitiki.com", "Geopolitiki", True),
        ("The Guardian", "guardian", True),
        ("Fox News", "FoxNews.com", True),
        ("BBC News", "BBC", False),
        ("Anything", None, False),
    ],
)
def test_outlet_equality(pred: str, truth: str | None, equal: bool) -> None:
    assert outlet_equal(pred, truth) is equal


def test_outlet_normalisation_drops_non_word_characters() -> None:
    assert norm_outlet("The New-York Times") == "newyorktimes"


def test_char_tokens_split_unspaced_scripts_only() -> None:
    from bench.scoring import char_tokens

    assert char_tokens("新闻 news_1 日本の") == ["新", "闻", "news_1", "日", "本", "の"]
    assert char_tokens("The cat sat") == ["The", "cat", "sat"]


def test_snippets_match_as_casefolded_token_runs() -> None:
    from bench.scoring import snippet_counts

    counts = snippet_counts("Hello, world!\nThis is it.", ["world this is"], ["nope", "Hello"])
    assert (counts.with_found, counts.with_total) == (1, 1)
    assert (counts.without_absent, counts.without_total) == (1, 2)


def test_registrable_domain_and_sites() -> None:
    from bench.corpus import DevPage, registrable_domain

    assert registrable_domain("news.bbc.co.uk") == "bbc.co.uk"
    assert registrable_domain("www.example.com") == "example.com"
    page = DevPage(
        id="daniel:20111101_www.express.gr_abc", source="daniel", url=None, text="", gt={}
    )
    assert page.site == "express.gr"
    headline = DevPage(
        id="x", source="s", url=None, text="", gt={"body": "H\nA b"}, headline_first=True
    )
    assert headline.truth == "A b"
