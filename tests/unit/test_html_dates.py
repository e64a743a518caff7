"""``published`` from HTML: declared metadata, then htmldate's structured search, then the
printed stamp, then htmldate's search of the whole markup, in that order."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.html.extract import extract_html
from article_normalizer.normalize.html.metadata import htmldate_published
from article_normalizer.normalize.html.parse import parse_html

NOW = datetime(2024, 1, 1, tzinfo=UTC)
_PARAGRAPH = (
    "<p>The regional transport authority said on Tuesday that the new timetable would add"
    " early morning services on the coastal line from the first week of next month.</p>"
)


def _page(article: str = "", aside: str = "", head: str = "") -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><title>Night trains return</title>'
        f"{head}</head><body><main><article><h1>Night trains return</h1>{article}"
        f"{_PARAGRAPH * 3}</article></main><aside>{aside}</aside></body></html>"
    )


# Only in a sidebar list: htmldate's structured search misses it, its full search finds it.
ASIDE_ONLY = _page(aside="<ul><li>Posted on 14 March 2021</li></ul>")
# A page naming when it was written and when revised: the first is the publication date.
WRITTEN_AND_REVISED = _page(
    aside="<p>This page was written on 2021-03-14 by the desk; revised 2023-06-02.</p>"
)


def _find_date_calls(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The ``extensive_search`` flag of every htmldate call, which still runs for real."""
    import htmldate

    calls: list[bool] = []
    real = htmldate.find_date

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs["extensive_search"])
        return real(*args, **kwargs)

    monkeypatch.setattr(htmldate, "find_date", spy)
    return calls


def test_htmldate_is_asked_for_the_publication_date_not_the_latest() -> None:
    # htmldate's default (latest date) answers 2023-06-02 from the full search.
    tree = parse_html(WRITTEN_AND_REVISED)
    assert htmldate_published(tree, None, extensive=True) == "2021-03-14"
    assert htmldate_published(tree, None, extensive=False) == "2021-03-14"


def test_the_full_markup_search_answers_when_nothing_else_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _find_date_calls(monkeypatch)
    metadata = extract_html(ASIDE_ONLY).metadata
    assert metadata.published is None
    assert metadata.search_published is not None
    assert calls == [False]  # the full search waits for the date stage
    article = normalize(RawDocument(html=ASIDE_ONLY), now=NOW)
    assert article.published == "2021-03-14"
    assert calls == [False, False, True]


def test_a_printed_stamp_beats_the_full_markup_search(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _find_date_calls(monkeypatch)
    html = _page(
        article="<p>Published March 20, 2022</p>",
        aside="<ul><li>Posted on 14 March 2021</li></ul>",
    )
    article = normalize(RawDocument(html=html), now=NOW)
    assert article.published == "2022-03-20"
    assert True not in calls


def test_a_declared_date_beats_the_printed_stamp_and_runs_no_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _find_date_calls(monkeypatch)
    html = _page(
        article="<p>Published March 20, 2022</p>",
        head='<meta property="article:published_time" content="2022-03-19T23:30:00+00:00">',
    )
    article = normalize(RawDocument(html=html), now=NOW)
    assert article.published == "2022-03-19T23:30:00+00:00"
    assert calls == []


def test_a_searched_date_in_the_future_of_the_reference_is_refused() -> None:
    article = normalize(RawDocument(html=ASIDE_ONLY), now=datetime(2020, 1, 1, tzinfo=UTC))
    assert article.published is None


def test_text_input_never_searches_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _find_date_calls(monkeypatch)
    article = normalize(RawDocument(text="Night trains return\n\nNo date anywhere here."), now=NOW)
    assert article.published is None
    assert calls == []


def test_a_copyright_year_is_not_a_publication_date() -> None:
    # htmldate's whole-page search falls back to the copyright year as its 1st of January.
    page = (
        "<html><head><title>Garden tools</title></head><body><main><h1>Garden tools</h1>"
        "<p>Our spades and rakes are made to last, with handles of ash and blades of steel."
        "</p></main><footer><p>© 2019 Example Garden Supply. All rights reserved.</p>"
        "</footer></body></html>"
    )
    import htmldate

    assert htmldate.find_date(page, extensive_search=True, original_date=True) == "2019-01-01"
    assert htmldate_published(page, None, extensive=True) is None
