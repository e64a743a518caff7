"""Reading one stamp candidate into an ISO 8601 value.

Plain numeric and month-name forms are read here directly; anything else goes to dateparser,
on the short candidate string only and with settings from the candidate's cue (an age, a
weekday, a clock, a zone), never on a whole line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import Any

from article_normalizer.normalize.fields.stamp_lexicon import (
    _data,
    _locale_months,
    locale_of,
)

_FUTURE_SLACK = timedelta(days=1)


@dataclass(slots=True)
class _Candidate:
    index: int
    """Block index."""
    raw: str
    """The matched text, as printed."""
    query: str
    """What dateparser is given: the date, then the time (the zone is applied separately)."""
    date_query: str
    """The date alone, the fallback when dateparser cannot read the time."""
    kind: str | None
    """PUBLISHED, MODIFIED, or None when no cue announces it."""
    has_time: bool
    offset: timezone | None
    """The printed zone as a fixed offset; None when the stamp prints none (or an unknown one)."""
    relative: str | None
    """The unit ("hour", "day"...) of a relative stamp, else None."""
    numeric_order: str | None
    """DATE_ORDER to use for an all-numeric date, else None."""
    year_less: bool
    stamp_line: bool
    """The line holds nothing but stamps, cues and a few words of credit."""
    sentence: bool
    """The line is prose: the date sits in a sentence."""
    embed: bool
    """The line credits a social-media post ("— Name (@handle) April 4, 2017")."""
    listed: bool = False
    """Its cue announces dates on many lines of the page: a list's label (each comment's
    "Posted", each teaser's "Published"), not the story's own stamp."""
    credit: bool = False
    """The line opens with a credit cue ("By Jane Doe | Mar 11, 2023"): the story's own credit
    and stamp, printed together."""
    order_known: bool = False
    """``numeric_order`` is what the date itself or the page's other numeric dates show, not the
    language's default: a reading in the future is then not tried the other way round."""
    score: float = 0.0
    parsed: str | None = field(default=None)


_AGE_UNITS = {"minute", "hour"}


_DAYWORD = "dayword"
"""``_Candidate.relative`` of "today 14:30": relative day, printed (local) time."""


_CLOCK = re.compile(
    r"(?P<h>\d{1,2})(?:(?:[:h.]|\s?h\s?)(?P<m>\d{2})(?::(?P<s>\d{2}))?)?(?:\.\d+)?"
    r"\s?(?:(?P<ampm>[ap])\.?\s?m\b)?",
    re.IGNORECASE,
)


def _clock(text: str | None) -> str | None:
    """A printed time ("14h30", "05.47", "9:57am", "2:15 p.m.", "14:30 Uhr") as ``HH:MM[:SS] AM``.

    dateparser reads each of these in some languages and not in others; one canonical spelling
    makes the result independent of the page's language.
    """
    if not text:
        return None
    match = _CLOCK.match(text.strip())
    if match is None:
        return text
    clock = f"{int(match['h']):02d}:{match['m'] or '00'}"
    if match["s"]:
        clock += f":{match['s']}"
    if match["ampm"]:
        clock += " " + match["ampm"].upper() + "M"
    return clock


_EARLIEST_OFFSET = timedelta(hours=-12)


_LATEST_OFFSET = timedelta(hours=14)
"""The UTC offsets civil time uses (Baker Island to Kiribati's Line Islands); a printed offset
outside them is a misreading, and one of a day or more cannot even be represented."""


_NUMERIC_ZONE = re.compile(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$", re.IGNORECASE)


def _offset(zone: str | None) -> timezone | None:
    """The fixed offset of a printed zone: "EDT", "GMT+3", "+0530", "[IST]"."""
    if not zone:
        return None
    text = re.sub(r"\s+", "", zone.strip("()[] ")).replace("−", "-")
    named = _data()["zones"].get(text.upper())
    if named is not None:
        text = str(named)
    match = _NUMERIC_ZONE.match(text)
    if match is None:
        return None
    minutes = int(match.group(3) or 0)
    offset = (-1 if match.group(1) == "-" else 1) * timedelta(
        hours=int(match.group(2)), minutes=minutes
    )
    if minutes >= 60 or not _EARLIEST_OFFSET <= offset <= _LATEST_OFFSET:
        return None  # no clock on Earth reads so: the digits are something else
    return timezone(offset)


def _settings(candidate: _Candidate, reference: datetime) -> dict[str, Any]:
    base = reference.astimezone(reference.tzinfo or UTC).replace(tzinfo=None)
    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RELATIVE_BASE": base,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": not candidate.year_less and candidate.relative is None,
    }
    if candidate.numeric_order:
        settings["DATE_ORDER"] = candidate.numeric_order
    return settings


_PLAIN_DATE = re.compile(
    r"^(?:(?P<month1>[^\W\d_]{3,})\.? (?P<day1>\d{1,2}),? (?P<year1>\d{4})"
    r"|(?P<day2>\d{1,2}) (?P<month2>[^\W\d_]{3,})\.?,? (?P<year2>\d{4}))"
    r"(?: (?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?(?: (?P<ampm>[AP]M))?)?$"
)
"""The forms most stamps take once the clock is canonical (:func:`_clock`): "March 5, 2024",
"5 March 2024", each with an optional ``HH:MM[:SS][ AM]``."""


@cache
def _month_table(languages: tuple[str, ...]) -> dict[str, int]:
    """Month names of exactly ``languages`` (what dateparser is given) -> number; a name two
    of them number differently is left out (dateparser decides those)."""
    numbers: dict[str, int] = {}
    clashes: set[str] = set()
    for code in languages:
        for name, number in _locale_months(code):
            if numbers.setdefault(name, number) != number:
                clashes.add(name)
    for name in clashes:
        del numbers[name]
    return numbers


def _read_plain(query: str, languages: tuple[str, ...]) -> datetime | None:
    """The date of a query in one of the plain forms of :data:`_PLAIN_DATE`, else None.

    dateparser costs 1-2 ms a call whatever the input; these forms, most of the stamps pages
    print, need no more than a month-name lookup to give the very same date and time. Anything
    else, or anything out of range, is left to dateparser.
    """
    match = _PLAIN_DATE.match(query)
    if match is None:
        return None
    month = _month_table(languages).get((match["month1"] or match["month2"]).lower())
    if month is None:
        return None
    hour = int(match["h"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ampm"] == "PM" else 0)
    try:
        return datetime(
            int(match["year1"] or match["year2"]),
            month,
            int(match["day1"] or match["day2"]),
            hour,
            int(match["m"] or 0),
            int(match["s"] or 0),
        )
    except ValueError:
        return None


def _zone(candidate: _Candidate, reference: datetime) -> tzinfo | None:
    """The zone a reading is in: the printed one, or the reference's for an age ("2 hours ago"
    is an instant); None when the stamp prints none."""
    if candidate.relative and candidate.relative != _DAYWORD:
        return reference.tzinfo or UTC
    return candidate.offset


def _in_future(value: datetime | None, candidate: _Candidate, reference: datetime) -> bool:
    """Whether a reading lies more than a day after the reference: no stamp can."""
    if value is None:
        return False
    ref_zone: tzinfo = reference.tzinfo or UTC
    aware = value.replace(tzinfo=_zone(candidate, reference) or ref_zone)
    return aware > reference.replace(tzinfo=ref_zone) + _FUTURE_SLACK


def _parse(candidate: _Candidate, languages: tuple[str, ...], reference: datetime) -> str | None:
    """ISO 8601 of the candidate, or None when dateparser cannot read it or it is in the future.

    The zone is never left to dateparser: it is applied from ``stamps.toml``'s table, so an
    abbreviation dateparser lacks ("CT") or reads otherwise cannot change the answer.
    """
    from dateparser.date import DateDataParser

    parsers: list[DateDataParser] = []

    def read(query: str) -> datetime | None:
        plain = _read_plain(query, languages)
        if plain is not None:
            return plain
        if not parsers:
            settings = _settings(candidate, reference)
            parsers.append(
                DateDataParser(languages=[locale_of(code) for code in languages], settings=settings)
            )
        try:
            found: datetime | None = parsers[0].get_date_data(query).date_obj
        except (ValueError, OverflowError):  # dateparser's arithmetic on out-of-range digits
            return None
        return found

    value = read(candidate.query)
    if (
        _in_future(value, candidate, reference)
        and candidate.numeric_order
        and not (candidate.order_known)
    ):
        # "06/01/2026" read month first lies ahead of the reference: the page meant day first.
        candidate.numeric_order = "MDY" if candidate.numeric_order == "DMY" else "DMY"
        candidate.order_known = True
        parsers.clear()
        value = read(candidate.query)
    if value is None and candidate.has_time and candidate.relative in (None, _DAYWORD):
        # A time dateparser cannot read ("0913 GMT") must not cost the date.
        candidate.has_time, candidate.offset = False, None
        candidate.query = candidate.date_query
        value = read(candidate.query)
    if value is None or _in_future(value, candidate, reference):
        return None
    value = value.replace(tzinfo=None)
    zone = _zone(candidate, reference)
    if not candidate.has_time:
        return date(value.year, value.month, value.day).isoformat()
    if zone is None:
        return value.isoformat()
    seconds = 0 if candidate.relative in _AGE_UNITS else value.second
    return value.replace(second=seconds, tzinfo=zone).isoformat()
