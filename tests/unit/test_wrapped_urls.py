"""Wrapped addresses: the page a web archive, a cache or a proxy serves under its own address,
and an archive's capture time, the clock a page read from it shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.fields.url_date import url_date
from article_normalizer.normalize.pipeline import reference_time_of
from article_normalizer.normalize.urls import capture_time, host_and_domain, page_url

CAPTURED = "https://web.archive.org/web/20130224004209/http://www.harbour-news.example/port/a"
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (CAPTURED, datetime(2013, 2, 24, 0, 42, 9, tzinfo=UTC)),
        # The raw-content flag after the stamp, and an archive mirror's host.
        (
            "https://web-beta.archive.org/web/20170101080000id_/https://www.example.com/a/b",
            datetime(2017, 1, 1, 8, 0, tzinfo=UTC),
        ),
        (
            "archive.org/web/20170101000000/https://www.example.com/a",
            datetime(2017, 1, 1, tzinfo=UTC),
        ),
        # A day or a year asks the archive for the nearest capture: no time the page was seen.
        ("https://web.archive.org/web/20130224/http://www.example.com/a", None),
        ("https://web.archive.org/web/2009id_/http://www.latimes.com/x", None),
        # Fourteen digits that are no time.
        ("https://web.archive.org/web/20131345004209/http://www.example.com/a", None),
        # Before the first web archive: a made-up address.
        ("https://web.archive.org/web/00010101000000/http://www.example.com/a", None),
        ("https://web.archive.org/web/19950101000000/http://www.example.com/a", None),
        # A story's own address with a long number in it is no capture.
        ("https://www.example.com/news/20130224004209/http://a.example.org/b", None),
        ("https://www.example.com/2017/03/14/story", None),
        # archive.today writes its stamp with dots and a dash.
        (
            "https://archive.ph/2023.05.01-123456/https://www.example.com/a",
            datetime(2023, 5, 1, 12, 34, 56, tzinfo=UTC),
        ),
        (
            "https://arquivo.pt/wayback/20200101120000/https://www.publico.pt/2019/12/31/x",
            datetime(2020, 1, 1, 12, 0, tzinfo=UTC),
        ),
        # A cache tells no capture time.
        ("https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/amp/x", None),
        ("not a url", None),
        (None, None),
    ],
)
def test_capture_time_reads_an_archive_address(url: str | None, expected: datetime | None) -> None:
    assert capture_time(url) == expected


def test_the_capture_address_still_names_the_archived_page() -> None:
    assert page_url(CAPTURED) == "http://www.harbour-news.example/port/a"


@pytest.mark.parametrize(
    ("wrapped", "inner"),
    [
        # Google's AMP cache: "s/" for a page served over https.
        (
            "https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/amp/world-1",
            "www.bbc.co.uk/news/amp/world-1",
        ),
        (
            "https://news-example-com.cdn.ampproject.org/v/news.example.com/2019/05/06/a?amp=1",
            "news.example.com/2019/05/06/a?amp=1",
        ),
        # Google's web cache, with and without the cache id and the search terms.
        (
            "https://webcache.googleusercontent.com/search?q=cache:https://www.bbc.co.uk/news/x",
            "https://www.bbc.co.uk/news/x",
        ),
        (
            "https://webcache.googleusercontent.com/search?q=cache:AbC12dEf:www.bbc.co.uk/news/x"
            "+bbc&cd=1&hl=en",
            "www.bbc.co.uk/news/x",
        ),
        # Percent-escaped inside the query.
        (
            "https://webcache.googleusercontent.com/search?q=cache%3Ahttps%3A%2F%2Fwww.bbc.co.uk%2Fx",
            "https://www.bbc.co.uk/x",
        ),
        (
            "https://archive.ph/2023.05.01-123456/https://www.bbc.co.uk/news/x",
            "https://www.bbc.co.uk/news/x",
        ),
        (
            "https://www.webarchive.org.uk/wayback/archive/20200101120000/https://www.bbc.co.uk/x",
            "https://www.bbc.co.uk/x",
        ),
        # An archive's copy of a cached page: both peeled.
        (
            "https://web.archive.org/web/20170101000000/"
            "https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/amp/x",
            "www.bbc.co.uk/news/amp/x",
        ),
        # No wrapper: a site whose name holds "archive", a page of the cache's own host.
        (
            "http://news-archive.example.com/2017/03/14/story.html",
            "http://news-archive.example.com/2017/03/14/story.html",
        ),
        (
            "https://webcache.googleusercontent.com/help",
            "https://webcache.googleusercontent.com/help",
        ),
    ],
)
def test_a_wrapper_is_peeled_off_the_page_s_address(wrapped: str, inner: str) -> None:
    assert page_url(wrapped) == inner


def test_a_wrapped_address_names_the_outlet_and_the_day_of_the_page_it_wraps() -> None:
    amp = "https://news-example-com.cdn.ampproject.org/c/s/news.example.com/2019/05/06/ferry"
    assert host_and_domain(amp) == ("news.example.com", "example.com")
    found = url_date(amp)
    assert found is not None
    assert found.day.isoformat() == "2019-05-06"
    # The archive's own stamp is not the story's day.
    archived = "https://archive.ph/2023.05.01-123456/https://news.example.com/about"
    assert url_date(archived) is None


def test_the_request_s_reference_time_wins_over_the_capture() -> None:
    given = datetime(2013, 3, 1, tzinfo=UTC)
    assert reference_time_of(given, CAPTURED, NOW) == given


def test_a_capture_counts_from_its_own_time_and_other_pages_from_now() -> None:
    assert reference_time_of(None, CAPTURED, NOW) == datetime(2013, 2, 24, 0, 42, 9, tzinfo=UTC)
    assert reference_time_of(None, "https://www.harbour-news.example/port/a", NOW) == NOW
    assert reference_time_of(None, None, NOW) == NOW


def test_a_capture_after_now_is_no_capture_time() -> None:
    future = "https://web.archive.org/web/20990101000000/http://www.example.com/a"
    assert reference_time_of(None, future, NOW) == NOW
    naive_now = datetime(2026, 12, 7, 12, 0)  # a caller's clock without a zone is read as UTC
    assert reference_time_of(None, future, naive_now) == naive_now
    assert reference_time_of(None, CAPTURED, naive_now) == datetime(
        2013, 2, 24, 0, 42, 9, tzinfo=UTC
    )


PAGE = """Home | Port | Business | Sport
Harbour expansion approved after long debate
By Jane Doe
Updated 3 hours ago
The port authority approved on Saturday a plan to expand the harbour's container terminal, \
ending a debate that had divided the town council for more than two years.
Officials said construction would begin in the spring and that the work would create about \
four hundred jobs, most of them in the logistics companies that use the terminal.
Opponents of the plan said they would continue to press for an independent study of its \
effects on the bay's water quality and on the fishing fleet that still works from the old quay.
Subscribe to our newsletter
"""


def test_a_relative_stamp_on_an_archived_page_counts_from_the_capture() -> None:
    archived = normalize(RawDocument(text=PAGE, url=CAPTURED), now=NOW)
    assert archived.published is not None
    assert archived.published.startswith("2013-02-23T21:42")
    live = normalize(RawDocument(text=PAGE, url="http://www.harbour-news.example/port/a"), now=NOW)
    assert live.published is not None
    assert live.published.startswith((NOW - timedelta(hours=3)).strftime("%Y-%m-%dT%H"))
    given = datetime(2013, 3, 1, 12, 0, tzinfo=UTC)
    told = normalize(RawDocument(text=PAGE, url=CAPTURED, reference_time=given), now=NOW)
    assert told.published is not None
    assert told.published.startswith("2013-03-01T09")
