"""Printed UTC offsets no clock uses are not offsets: never an exception, never a bogus zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.fields.stamp_parsing import _offset

REFERENCE = datetime(2024, 1, 1, tzinfo=UTC)

STORY = (
    "The city council voted on Tuesday to approve the new transport budget after a long "
    "debate, officials told reporters outside the town hall late in the evening."
)


def stamps_of(stamp: str) -> tuple[str | None, str | None]:
    text = f"Council approves transport budget\n{stamp}\n{STORY}\n{STORY}"
    article = normalize(RawDocument(text=text), now=REFERENCE)
    return article.published, article.modified


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("GMT+3", timedelta(hours=3)),
        ("UTC-05:00", timedelta(hours=-5)),
        ("+0530", timedelta(hours=5, minutes=30)),
        ("(GMT+14)", timedelta(hours=14)),
        ("-12:00", timedelta(hours=-12)),
        ("EST", timedelta(hours=-5)),
        ("GMT+32", None),
        ("UTC-2530", None),
        ("GMT+99", None),
        ("+9999", None),
        ("+0575", None),
        ("GMT+15", None),
        ("UTC-13", None),
    ],
)
def test_offset_outside_civil_time_is_no_offset(zone: str, expected: timedelta | None) -> None:
    assert _offset(zone) == (None if expected is None else timezone(expected))


@pytest.mark.parametrize(
    ("stamp", "published", "modified"),
    [
        # A browser rendering put "GMT +3" and the date on one line: the zone is +3, the day 20.
        ("Published 14:53 GMT +320 November 2019", "2019-11-20T14:53:00+03:00", None),
        ("14:53 GMT +3\n20 November 2019", "2019-11-20", None),
        # Offsets glued to more digits than a zone has: the time stays, the zone goes.
        ("Published 5 March 2019 10:00 GMT+99", "2019-03-05T10:00:00", None),
        ("Published 5 March 2019 10:00 +9999", "2019-03-05T10:00:00", None),
        ("Published 5 March 2019 10:00 GMT+14:75", "2019-03-05T10:00:00", None),
        ("Updated 10:00 UTC-2530, 5 March 2019", "2019-03-05", "2019-03-05"),
        # Days and months no calendar has are no stamps at all.
        ("Published 31 February 2019 10:00", None, None),
        ("Published 2019-02-31", None, None),
        ("Published 99.99.2019", None, None),
        ("Published 2019年13月40日", None, None),
        # Still read as before.
        ("Published 5 March 2019 10:00 GMT+5:30", "2019-03-05T10:00:00+05:30", None),
    ],
)
def test_impossible_digits_in_a_stamp_never_raise(
    stamp: str, published: str | None, modified: str | None
) -> None:
    assert stamps_of(stamp) == (published, modified)


def test_dateparser_failing_on_a_value_costs_only_that_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dateparser
    from dateparser.date import DateDataParser

    from article_normalizer.normalize.html.metadata import normalize_date

    def overflow(*args: object, **kwargs: object) -> None:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(dateparser, "parse", overflow)
    monkeypatch.setattr(DateDataParser, "get_date_data", overflow)
    assert normalize_date("March 3, 2017 10:04 AM EST") is None
    assert stamps_of("Published on the 5th of March in 2019 at 10:00") == (None, None)


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("0001-01-01T00:00:00+14:00", None),
        ("0001-01-01", None),
        ("1799-12-31", None),
        ("9999-12-31T23:59:59-12:00", None),
        ("2023-13-45", None),
        ("+275760-09-13", None),
        ("1800-01-01", "1800-01-01"),
        ("2023-05-02T09:00:00Z", "2023-05-02T09:00:00+00:00"),
    ],
)
def test_declared_dates_outside_the_years_stamps_are_read_in_are_none(
    declared: str, expected: str | None
) -> None:
    from article_normalizer.normalize.html.metadata import normalize_date

    assert normalize_date(declared) == expected
