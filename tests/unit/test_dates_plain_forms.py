"""The plain-form reader that spares dateparser a call must read exactly what dateparser reads."""

from __future__ import annotations

from datetime import datetime

import pytest
from dateparser.date import DateDataParser

from article_normalizer.normalize.fields.stamp_parsing import _read_plain

_SETTINGS = {
    "PREFER_DATES_FROM": "past",
    "PREFER_DAY_OF_MONTH": "first",
    "RELATIVE_BASE": datetime(2024, 1, 1),
    "RETURN_AS_TIMEZONE_AWARE": False,
    "STRICT_PARSING": True,
}


@pytest.mark.parametrize(
    ("query", "languages"),
    [
        ("March 5, 2024", ("en",)),
        ("Jan. 15, 2023 09:41 PM", ("en",)),
        ("Sep 30, 2022 12:05 AM", ("en",)),
        ("7 June 2021 14:30", ("en",)),
        ("07 June 2021 14:30:15", ("en",)),
        ("3 März 2020 08:00", ("de", "en")),
        ("12 décembre 2019", ("fr", "en")),
        ("May 12, 2024 12:30 PM", ("en",)),
    ],
)
def test_plain_reading_agrees_with_dateparser(query: str, languages: tuple[str, ...]) -> None:
    plain = _read_plain(query, languages)
    expected = DateDataParser(languages=list(languages), settings=_SETTINGS)
    assert plain is not None
    assert plain == expected.get_date_data(query).date_obj


@pytest.mark.parametrize(
    ("query", "languages", "expected"),
    [
        ("March 5, 2024", ("en",), datetime(2024, 3, 5)),
        ("Jan. 15, 2023 09:41 PM", ("en",), datetime(2023, 1, 15, 21, 41)),
        ("Sep 30, 2022 12:05 AM", ("en",), datetime(2022, 9, 30, 0, 5)),
        ("3 März 2020 08:00", ("de", "en"), datetime(2020, 3, 3, 8, 0)),
    ],
)
def test_plain_forms_are_read_without_dateparser(
    query: str, languages: tuple[str, ...], expected: datetime
) -> None:
    assert _read_plain(query, languages) == expected


@pytest.mark.parametrize(
    ("query", "languages"),
    [
        ("February 30, 2024", ("en",)),  # no such day: dateparser decides
        ("March 5, 2024 13:10 PM", ("en",)),  # no such clock
        ("5 März 2020", ("en",)),  # a month name of a language dateparser is not given
        ("2 hours ago", ("en",)),
        ("05/03/2024", ("en",)),  # numeric order is dateparser's business
        ("5 de marzo de 2024", ("es", "en")),
    ],
)
def test_other_forms_are_left_to_dateparser(query: str, languages: tuple[str, ...]) -> None:
    assert _read_plain(query, languages) is None
