"""Story openers such as ``BEIJING:`` or ``WASHINGTON (Reuters) -``.

A dateline is a place, optionally a region, a date and a wire agency, then a separator, at the
very start of the first paragraph. The shapes accepted are deliberately narrow, because a
false dateline eats the first words of the story:

- an UPPER-CASE place (``BEIJING:``, ``PORTLAND, Ore. (AP) —``, ``SALVADOR, Feb 26 -``,
  ``LAS VEGAS --(Business Wire)--``), not one of the rubrics of ``agencies.toml``
  (``BREAKING:``), not an agency used as a speaker label (``AP: Why...``), not a short label
  (``GPU:``, ``UK:``) and not the start of a paragraph that is all upper case (a headline);
- a Title-case place only when ", <date>" or a known agency follows it
  (``Lisboa, 7 ago (Lusa) -``, ``Toronto, March 17 -``, ``Berlin (dpa) -``): "Chinese Foreign
  Minister Wang Yi held..." or "On Monday, China..." have neither and are left alone.

Checked on the dev corpus: of the 22,572 body paragraphs after the second, 17 were taken for a
dateline (mostly real ones of multi-story pages; the rest listicle labels such as "SONY:").

Month names come from dateparser's locale data
(:func:`article_normalizer.normalize.fields.stamps.month_numbers`),
agency names from ``article_normalizer/rules/data/agencies.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from article_normalizer.normalize.fields.stamp_lexicon import month_numbers
from article_normalizer.normalize.models import Dateline
from article_normalizer.normalize.page import BODY, Claim, Found, Page
from article_normalizer.rules import load_toml

_MAX_PLACE_WORDS = 4
_MAX_DATELINE_CHARS = 90
_MIN_BARE_PLACE_LETTERS = 4
"""An upper-case place with neither region, date nor agency needs this many letters."""
_FUTURE_DAYS = 7
"""A dateline date this far after the anchor belongs to the previous year (late-December copy
published in January)."""


_UNKNOWN_SOURCE = re.compile(r"[^\W\d_][\w.&'’-]*(?:\s+[\w.&'’-]+){0,3}")
"""What an agency we do not know may look like in ``(Sports Network)``: a few words."""


@dataclass(frozen=True, slots=True)
class _Patterns:
    opener: re.Pattern[str]
    months: dict[str, int]


@cache
def _agencies() -> dict[str, str]:
    """Every accepted spelling (casefolded) -> the name reported."""
    names: dict[str, str] = {}
    for entry in load_toml("agencies.toml")["agency"]:
        name = str(entry["name"])
        for spelling in (name, *entry.get("aliases", [])):
            names.setdefault(str(spelling).casefold(), name)
    return names


@cache
def _not_places() -> frozenset[str]:
    return frozenset(str(w).casefold() for w in load_toml("agencies.toml")["labels"]["not_places"])


def _alternation(words: list[str]) -> str:
    ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


_SITE_NAME = re.compile(r"[^\W\d_][\w-]*\.(?:[a-z]{2,}\.)?[a-z]{2,}$", re.IGNORECASE)
"""A site's domain printed where a region would go: "JAKARTA, KOMPAS.com -" names its source
so, as a wire copy would with "(Reuters)"."""


_WORD = r"[^\W\d_][\w'’.&-]*"
"""A place word: starts with a letter, may carry dots and apostrophes (``ST. LOUIS``, ``N.C.``)."""


@cache
def _patterns(lang: str | None) -> _Patterns:
    months = month_numbers(lang)
    month = rf"(?:{_alternation(list(months))})(?!\w)\.?"
    day = r"[0-3]?\d(?!\d)(?:st|nd|rd|th|º)?"
    opener = re.compile(
        rf"""
        (?P<place>{_WORD}(?:\s+{_WORD}){{0,{_MAX_PLACE_WORDS - 1}}})
        (?:\s?,\s*(?!{month}\s*{day}|{day}\s+{month})
            (?P<region>{_WORD}(?:\s+{_WORD}){{0,2}}))?
        (?:(?P<comma>,)?\s+(?P<date>(?:{month}\s*{day}|{day}\s+(?:de\s+)?{month})
            (?:,?\s+(?:de\s+)?(?:19|20)\d\d(?!\d))?))?
        (?:\s*(?:--\s*)?\(\s*(?P<agency>[^()]{{1,40}}?)\s*\))?
        (?P<sep>\s*(?::(?=\s)|\.-(?=\s)|(?:-{{2,3}}|—|–)(?=\s|\w|$)|(?<=\s)-(?=\s|$)
            |(?<=\))\s*-|(?<=\))\s*[?_](?=\s)))
        """,
        re.VERBOSE | re.IGNORECASE,
    )
    return _Patterns(opener=opener, months=months)


def _is_upper_place(place: str) -> bool:
    letters = [ch for ch in place if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _is_title_place(place: str) -> bool:
    """``Lisboa``, ``New Delhi``, ``Rio de Janeiro``: capitalised words (short particles aside),
    none of them all upper case (``By Tom Ashby ABUJA`` is a byline run into a dateline)."""
    words = place.split()
    for n, word in enumerate(words):
        letters = [ch for ch in word if ch.isalpha()]
        if not letters:
            return False
        if letters[0].islower():
            if n == 0 or n == len(words) - 1 or len(letters) > 3:
                return False
            continue
        if len(letters) > 1 and all(ch.isupper() for ch in letters) and len(letters) > 3:
            return False
    return True


def _shouting(text: str) -> bool:
    """Whether the words after the opener are upper case too: a headline, not a dateline."""
    letters = [ch for ch in text[:60] if ch.isalpha()]
    return len(letters) >= 8 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _iso_date(raw: str, months: dict[str, int], anchor: date) -> str | None:
    """``Feb 26`` / ``7 ago`` with the anchor's year (the previous one when far in its future);
    ``Aug. 7, 2023`` with its own."""
    day_match = re.search(r"(?<!\d)\d{1,2}(?!\d)", raw)
    printed_year = re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", raw)
    month_match = re.search(r"[^\W\d_]+", raw.replace("de ", " "))
    if day_match is None or month_match is None:
        return None
    month = months.get(month_match.group().lower())
    if month is None:
        return None
    if printed_year is not None:
        try:
            return date(int(printed_year.group()), month, int(day_match.group())).isoformat()
        except ValueError:
            return None
    for year in (anchor.year, anchor.year - 1):
        try:
            value = date(year, month, int(day_match.group()))
        except ValueError:
            return None
        if value <= anchor + timedelta(days=_FUTURE_DAYS):
            return value.isoformat()
    return None


def split_dateline(
    paragraph: str, *, language: str | None, anchor: date
) -> tuple[Dateline | None, str]:
    """The dateline at the start of ``paragraph`` (or None) and the paragraph without it.

    ``anchor`` supplies the year of a year-less dateline date; a ``datetime`` is accepted too
    (only its calendar day is used).
    """
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    patterns = _patterns(language)
    match = patterns.opener.match(paragraph)
    if match is None or match.end() > _MAX_DATELINE_CHARS:
        return None, paragraph
    place = match.group("place")
    region = match.group("region")
    raw_date = match.group("date")
    agency_text = match.group("agency")
    agency = _agencies().get(" ".join(agency_text.split()).casefold()) if agency_text else None
    if region is not None and (region.casefold() in _agencies() or _SITE_NAME.match(region)):
        # "JAKARTA, KOMPAS.com -", "Jakarta, Antara -": the source, not a region of the place.
        agency = agency or _agencies().get(region.casefold())
        region = None
    rest = paragraph[match.end() :].lstrip()
    if place.casefold() in _not_places() or _shouting(rest):
        return None, paragraph
    colon = match.group("sep").strip() == ":"
    if agency_text and agency is None and not _UNKNOWN_SOURCE.fullmatch(agency_text):
        return None, paragraph  # "(file photo)", "(2)": not a source credit
    if _is_upper_place(place):
        bare = raw_date is None and agency_text is None and region is None
        if bare and sum(ch.isalpha() for ch in place) < _MIN_BARE_PLACE_LETTERS:
            return None, paragraph  # "US:", "GPU:", "DS –": labels, not places
        if bare and rest[:1].isdigit():
            return None, paragraph  # "GBA SP – 3.59hrs": a spec table row
        if place.casefold() in _agencies():
            return None, paragraph  # "AP: ..." is a speaker label in an interview
        if region is not None and not _is_title_place(region) and not _is_upper_place(region):
            return None, paragraph
    elif _is_title_place(place):
        # Title case is how sentences start too: only a date or a known agency makes it a place.
        if (raw_date is None or colon) and agency is None:
            return None, paragraph
        if agency is None and not match.group("comma"):
            return None, paragraph  # "One June 24, 1947 —": a sentence, not "Toronto, March 17 -"
        if region is not None and not _is_title_place(region):
            return None, paragraph
    else:
        return None, paragraph
    location = paragraph[match.start("place") : match.end("region" if region else "place")]
    text = paragraph[: match.end()].strip()
    dateline = Dateline(
        text=text,
        location=location,
        agency=agency,
        date=_iso_date(raw_date, patterns.months, anchor) if raw_date else None,
        date_raw=raw_date,
    )
    return dateline, rest


_OPENER_REACH = 3
"""How far past the classifier's first body block the story opener may sit."""


def find_opener(page: Page) -> Found[int | None]:
    """The first block of the page's head that opens with a dateline, claimed as body.

    A dateline opens a story and nothing else, so the line carrying one is the story's first
    paragraph whatever its shape: short earnings-table lines and headline-like openers would
    otherwise pass for a headline or a teaser.
    """
    body = page.body_indexes()
    if not body:
        return Found(None)
    for index in range(min(body[0] + _OPENER_REACH + 1, len(page.blocks))):
        dateline, rest = split_dateline(
            page.blocks[index].text, language=page.language, anchor=page.reference_time
        )
        if dateline is not None and rest:
            if not page.decisions[index].is_body:
                return Found(index, (Claim(index, BODY, "dateline:opener"),))
            return Found(index)
    return Found(None)
