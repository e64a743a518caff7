"""The publication day a story's address carries, and when page text defers to it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.fields.url_date import url_date

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)

STORY = (
    "Harbour ferry returns after six weeks\n\n"
    "{stamp}\n\n"
    "The harbour ferry resumed service on Monday after a six-week repair, the operator said, "
    "with the first boat leaving the north pier on time and every seat taken by commuters.\n\n"
    "Both engines were replaced during the repair and the hull was strengthened, the company "
    "said, at a cost above the council's budget for the whole year.\n\n"
    "Commuters said the detour over the bridge had added an hour to their journeys, and the "
    "council promised a spare boat before the next overhaul."
)


@pytest.mark.parametrize(
    ("url", "day", "raw"),
    [
        ("https://news.example.com/2024/05/20/harbour-ferry/", date(2024, 5, 20), "/2024/05/20"),
        ("https://news.example.com/local/2024-05-20-ferry", date(2024, 5, 20), "2024-05-20"),
        ("https://news.example.com/la-me-ferry-20240520-story.html", date(2024, 5, 20), "20240520"),
        ("https://news.example.com/2024/5/2/123456/ferry", date(2024, 5, 2), "/2024/5/2"),
        # A web archive's snapshot time is not the story's day: the archived address is read.
        (
            "https://web.archive.org/web/20240601093000/https://news.example.com/2024/05/20/ferry",
            date(2024, 5, 20),
            "/2024/05/20",
        ),
    ],
)
def test_the_day_in_an_address_is_read(url: str, day: date, raw: str) -> None:
    found = url_date(url)
    assert found is not None
    assert (found.day, found.raw) == (day, raw)


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "https://news.example.com/harbour-ferry-returns",
        "https://news.example.com/2024/02/30/impossible-day",
        "https://news.example.com/story?id=20240520",  # the query is not the path
        "https://20240520.example.com/ferry",  # nor is the host
        "https://web.archive.org/web/20240601093000/https://news.example.com/about",
        "http://[::1",
    ],
)
def test_an_address_without_a_day_gives_none(url: str | None) -> None:
    assert url_date(url) is None


def _published(stamp: str, url: str | None) -> tuple[str | None, str | None]:
    article = normalize(RawDocument(text=STORY.format(stamp=stamp), url=url), now=NOW)
    return article.published, article.published_raw


URL = "https://news.example.com/2024/05/20/harbour-ferry/"


def test_text_without_a_stamp_takes_the_day_of_its_address() -> None:
    assert _published("By Jane Doe", URL) == ("2024-05-20", "/2024/05/20")
    assert _published("By Jane Doe", None) == (None, None)


def test_a_printed_stamp_near_the_addresses_day_is_kept() -> None:
    published, raw = _published("Published May 21, 2024 08:30", URL)
    assert published is not None and published.startswith("2024-05-21")
    assert raw is not None and "May 21" in raw


def test_a_printed_stamp_far_from_the_addresses_day_gives_way_to_it() -> None:
    assert _published("Published March 3, 2023 08:30", URL) == ("2024-05-20", "/2024/05/20")


def test_a_day_after_the_reference_time_is_never_taken() -> None:
    later = "https://news.example.com/2024/07/20/harbour-ferry/"
    assert _published("By Jane Doe", later) == (None, None)


def test_html_input_leaves_the_address_to_its_own_date_search() -> None:
    html = (
        "<html><head><title>Harbour ferry returns</title>"
        '<meta property="article:published_time" content="2024-05-18T09:00:00+00:00">'
        "</head><body><article><h1>Harbour ferry returns</h1>"
        + "".join(f"<p>{p}</p>" for p in STORY.format(stamp="").split("\n\n")[1:])
        + "</article></body></html>"
    )
    article = normalize(RawDocument(html=html, url=URL), now=NOW)
    assert article.published is not None and article.published.startswith("2024-05-18")
