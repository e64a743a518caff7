"""Publication and modification stamps printed in the page.

A stamp is a short date-dominated line near the headline ("AFP Published 07 Aug, 2023
09:26pm", "Updated 23:04, 07-Aug-2023", "Publié le 7 août 2023 à 14h30"). Finding it is two
steps of very different cost:

1. compiled regexes (built once per language from dateparser's own month, weekday and unit
   names plus the cue words of ``article_normalizer/rules/data/stamps.toml``) pull short date-shaped
   substrings out of every line and say which cue, if any, announces each;
2. candidates are ranked by cue, by how much of their line they fill and by where they sit
   relative to the headline and the start of the body, and only the best few are handed to
   dateparser, which is slow and would happily read a date into any sentence.

Dates in the body's sentences are not used even when nothing else exists: measured on the dev
corpus (pages with a publisher date but no stamp line), the first sentence date was the
publication day on 1 page and another day on 6. Dates more than a day after the reference time
are never taken, and nothing is returned when no candidate parses or scores high enough
(lowering ``_MIN_SCORE`` from 0 to -1 gained 6 right days and 6 wrong ones on 514 pages).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import Any

from article_normalizer.normalize.page import Claim, Found, Page
from article_normalizer.rules import load_toml
from article_normalizer.rules.trie import word_trie

PUBLISHED = "published"
MODIFIED = "modified"

_MAX_STAMP_LINE = 600
"""Longer lines are prose; they are not scanned at all."""
_YEARLESS_RESIDUE_WORDS = 2
"""Other words allowed beside a date printed with neither a year nor a cue ("Apr 6")."""
_SENTENCE_WORDS = 25
"""A line with more words than this around its date is a body sentence, not a stamp line."""
_STAMP_RESIDUE_WORDS = 8
"""At most this many other words (an author, an agency, a section) on a stamp-only line."""
_CUE_GAP = 24
"""Characters allowed between a cue and its date ("Published: Wednesday, " fits)."""
_CUE_FAR_GAP = 60
"""Characters allowed between a cue and its date when they hold no digit (an author's name)."""
_MAX_PARSES = 8
"""dateparser calls per field and page: the ranking has decided long before this runs out."""
_MIN_SCORE = 0.0
"""Candidates scoring below this are not stamps (a date in a sentence far from the headline)."""
_FUTURE_SLACK = timedelta(days=1)


@dataclass(slots=True)
class DateStamps:
    """What :func:`find_dates` read; ISO 8601 strings, the ``_raw`` fields as printed."""

    published: str | None = None
    published_raw: str | None = None
    modified: str | None = None
    modified_raw: str | None = None


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
    score: float = 0.0
    parsed: str | None = field(default=None)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The compiled patterns of one language (plus English)."""

    languages: tuple[str, ...]
    absolute: re.Pattern[str]
    relative: re.Pattern[str]
    dayword: re.Pattern[str]
    """"today" / "yesterday" in the page's language, optionally with a time."""
    date_hint: re.Pattern[str]
    """Found in every line that ``absolute`` matches (a month name, or digits joined as in a
    numeric date): most lines with digits have neither, and this search is the cheaper."""
    cue: re.Pattern[str]
    cue_kind: dict[str, str]
    unit_of: dict[str, str]
    """Relative-time unit spelling -> dateparser unit name ("hrs" -> "hour")."""
    english_only_months: frozenset[str]
    date_order: str


@cache
def _data() -> dict[str, Any]:
    return load_toml("stamps.toml")


def _locale_info(code: str) -> dict[str, Any] | None:
    from dateparser.languages.loader import default_loader

    try:
        info: dict[str, Any] = default_loader.get_locale(code).info
    except (ValueError, KeyError):
        return None
    return info


def _alternation(words: set[str]) -> str:
    """A regex alternation, longest first so "last updated" wins over "updated"."""
    ordered = sorted(_cleaned_words(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _trie_alternation(words: Iterable[str], *, bound_start: bool = True) -> str:
    """:func:`_alternation` as a trie (see :mod:`article_normalizer.rules.trie`), for lexicons
    searched on
    every line; its word boundaries come with it."""
    pattern, _ = word_trie(
        dict.fromkeys(_cleaned_words(words), ""), tagged=False, bound_start=bound_start
    )
    return pattern.replace(r"\ ", r"\s+")


_MONTH_KEYS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_WEEKDAY_KEYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_UNIT_KEYS = ("minute", "hour", "day", "week")


def _names(infos: list[dict[str, Any]], keys: tuple[str, ...] | list[str]) -> set[str]:
    names: set[str] = set()
    for info in infos:
        for key in keys:
            for name in info.get(key, []):
                if isinstance(name, str) and not name.strip(".").isdigit():
                    names.add(name)
    return names


@cache
def month_numbers(lang: str | None) -> dict[str, int]:
    """Month names of ``lang`` and English (lower case, no trailing dot) -> month number.

    From dateparser's locale data, so every language it supports is covered; shared with the
    dateline stage, which reads "Feb 26" or "7 ago" the same way.
    """
    numbers: dict[str, int] = {}
    for code in (lang, "en"):
        for name, number in _locale_months(code):
            numbers.setdefault(name, number)
    return numbers


def _locale_months(code: str | None) -> Iterator[tuple[str, int]]:
    """``(name, number)`` of the month names dateparser knows in ``code``, cleaned; names of
    fewer than three characters and bare numerals are left out: they match too much."""
    info = (_locale_info(code) if code else None) or {}
    for number, key in enumerate(_MONTH_KEYS, start=1):
        for name in info.get(key, []):
            cleaned = _cleaned(str(name))
            if len(cleaned) >= 3 and not cleaned.isdigit():
                yield cleaned, number


@cache
def _lexicon(lang: str | None) -> _Lexicon:
    """Patterns for ``lang`` and English, compiled once per language."""
    data = _data()
    languages: list[str] = []
    infos: list[dict[str, Any]] = []
    for code in (lang, "en"):
        if code and code not in languages:
            info = _locale_info(code)
            if info is not None:
                languages.append(code)
                infos.append(info)
    english = _locale_info("en") or {}

    month_names = {m for m in _names(infos, _MONTH_KEYS) if len(m.rstrip(".")) >= 3}
    months = _alternation(month_names)
    # A month name anywhere (even glued to a day: "5thMarch"), or digits joined as the numeric
    # forms join them (iso, ymd, num, cjk below).
    month_trie = _trie_alternation(month_names, bound_start=False)
    date_hint = re.compile(r"\d[./-]\d|\d\s*年|" + month_trie, re.IGNORECASE)
    weekdays = _alternation({w for w in _names(infos, _WEEKDAY_KEYS) if len(w.rstrip(".")) >= 3})
    english_months = {m.lower() for m in _names([english], _MONTH_KEYS)}
    other_months = {m.lower() for m in _names(infos[:-1] if lang != "en" else [], _MONTH_KEYS)}

    zones = "|".join(re.escape(z) for z in sorted(data["zones"], key=len)[::-1])
    connectors = _alternation(set(data["time"]["connectors"]))
    suffixes = _alternation(set(data["time"]["suffixes"]))

    day = r"(?:[0-3]?\d)(?!\d)(?:st|nd|rd|th|er|º|°|ª|\.)?"
    year = r"(?:1[89]|20)\d\d(?!\d)"
    joiner = r"(?:\s*[,./-]?\s*(?:(?:de|del|of)\s+)?)"
    time = (
        r"(?:[01]?\d|2[0-3])(?:(?:[:h.]|\s?h\s?)[0-5]\d(?::[0-5]\d(?:\.\d+)?)?"
        r"(?:\s?[ap]\.?\s?m\.?)?|\s?[ap]\.?\s?m\.?)"
        rf"(?:\s?(?:{suffixes})(?!\w)|(?!\w))"
    )
    # Numeric offsets only in the range clocks use (hours 0-14, minutes 0-59): "GMT +3" printed
    # above "20 November 2019" and read as one line must not take the day's digits as hours.
    hours = r"(?:1[0-4]|0?\d)"
    zone = (
        rf"[\(\[]?(?:(?:UTC|GMT)\s?[+\-−]\s?{hours}(?::?[0-5]\d)?"
        r"|(?<=[\d\s])[+-](?:1[0-4]|0\d):?[0-5]\d"
        rf"|(?-i:(?:{zones}))(?![\w+\-]))[\)\]]?"
    )
    # After the time, an offset glued to more digits ("GMT+99") is not one at all.
    end_zone = rf"(?:{zone})(?!:?\d)"
    dates = "|".join(
        (
            rf"(?P<iso>{year}-[01]?\d-[0-3]?\d(?!\d))",
            rf"(?P<ymd>{year}[/.][01]?\d[/.][0-3]?\d(?![\d.]?\d))",
            r"(?P<num>[0-3]?\d[./-][0-3]?\d[./-](?:(?:1[89]|20)\d\d|\d\d)(?![\d.]?\d))",
            rf"(?P<cjk>{year}\s*年\s*[01]?\d\s*月\s*[0-3]?\d\s*日)",
            rf"(?P<dmy>{day}{joiner}(?P<m1>{months})(?!\w)\.?(?:{joiner}(?P<y1>{year}))?)",
            rf"(?P<mdy>(?P<m2>{months})(?!\w)\.?\s*{day}(?:\s*,?\s*(?P<y2>{year}))?)",
        )
    )
    between = rf"\s*(?:[,|/–—@]|-{{1,2}}|T|(?:{connectors})(?!\w))?\s*"
    absolute = re.compile(
        rf"(?<![\w.])"
        rf"(?:(?P<pretime>{time})(?:\s*(?P<prezone>{zone}))?\s*(?:[,|/–—-]|on)?\s*)?"
        rf"(?:(?:{weekdays})(?!\w)\.?,?\s+)?"
        rf"(?P<date>{dates})"
        rf"(?:{between}(?P<time>{time})(?:\s*(?P<zone>{end_zone}))?)?",
        re.IGNORECASE,
    )

    rel = data["relative"]
    unit_names: dict[str, str] = {}
    for key in _UNIT_KEYS:
        for name in _names(infos, [key]) | set(rel.get(key, [])):
            unit_names.setdefault(name.lower().rstrip("."), key)
    ago = {a for a in _names(infos, ["ago"]) if a.lower() not in set(rel["not_ago"])}
    one = _alternation(set(rel["one"]))
    relative = re.compile(
        rf"(?<!\w)(?:(?P<agopre>{_alternation(ago)})\s+)?"
        rf"(?P<n>\d{{1,3}}|{one})\s*(?P<unit>{_alternation(set(unit_names))})(?!\w)\.?"
        rf"(?:\s+(?P<agopost>{_alternation(ago)})(?!\w))?",
        re.IGNORECASE,
    )

    day_words: set[str] = set()
    for info in infos:
        for key in ("0 day ago", "1 day ago"):
            day_words.update(w for w in info.get("relative-type", {}).get(key, []) if " " not in w)
    dayword = re.compile(
        rf"(?<!\w)(?P<word>{_alternation(day_words)})(?!\w)"
        rf"(?:{between}(?P<time>{time})(?:\s*(?P<zone>{end_zone}))?)?",
        re.IGNORECASE,
    )

    cue_kind: dict[str, str] = {}
    for kind in (PUBLISHED, MODIFIED):
        for code in (*languages, "en"):
            for phrase in data[kind].get(code, []):
                cue_kind.setdefault(_squash(phrase), kind)
    # A trie of the cue words, searched on every line; a space in a cue matches any spacing.
    cue = re.compile(_trie_alternation(cue_kind) + ":?", re.IGNORECASE)

    orders = data["date_order"]
    return _Lexicon(
        languages=tuple(languages) or ("en",),
        absolute=absolute,
        date_hint=date_hint,
        relative=relative,
        dayword=dayword,
        cue=cue,
        cue_kind=cue_kind,
        unit_of=unit_names,
        english_only_months=frozenset(english_months - other_months),
        date_order=str(orders.get(lang or "en", orders["default"])),
    )


def without_stamps(text: str, language: str | None) -> str:
    """``text`` with every printed date, time and age (in ``language`` or English) replaced by
    a space: what is left tells whether a line is a stamp and nothing else."""
    lexicon = _lexicon(language)
    return lexicon.dayword.sub(" ", lexicon.relative.sub(" ", lexicon.absolute.sub(" ", text)))


def _cleaned_words(words: Iterable[str]) -> set[str]:
    """``words`` as the date patterns spell them: lower case, no trailing full stop."""
    cleaned = {_cleaned(w) for w in words}
    return {w for w in cleaned if w}


def _cleaned(word: str) -> str:
    return word.strip().rstrip(".").lower()


def _squash(text: str) -> str:
    return " ".join(text.lower().rstrip(":").split())


_DIGIT = re.compile(r"\d")
_EMBED = re.compile(r"\(@\w+\)|^\s*[—–-]\s*@?\w")
_WORD = re.compile(r"[^\W\d_]{2,}")
_AGE_UNITS = {"minute", "hour"}
_DAYWORD = "dayword"
"""``_Candidate.relative`` of "today 14:30": relative day, printed (local) time."""


def _numeric_order(digits: str, default: str) -> str:
    """DATE_ORDER for an all-numeric day/month date: what is unambiguous, else the default."""
    first, second = (int(p) for p in re.split(r"[./-]", digits)[:2])
    if first > 12:
        return "DMY"
    if second > 12:
        return "MDY"
    return "DMY" if "." in digits else default


def _candidates(page: Page, lexicon: _Lexicon) -> list[_Candidate]:
    found: list[_Candidate] = []
    for block in page.blocks:
        text = block.text
        if len(text) > _MAX_STAMP_LINE:
            continue
        digits_in_line = any(map(str.isdigit, text))
        cues = [(m.start(), m.end(), _squash(m.group())) for m in lexicon.cue.finditer(text)]
        if not digits_in_line and not cues:
            continue  # only "Posted yesterday" can be a stamp without a digit
        spans: list[tuple[int, int]] = []
        line: list[_Candidate] = []
        dated = digits_in_line and lexicon.date_hint.search(text) is not None
        for m in lexicon.absolute.finditer(text) if dated else ():
            month = (m.group("m1") or m.group("m2") or "").lower()
            if month and month in lexicon.english_only_months and m.group("m1") == month:
                continue  # lower-case "may" in English prose is the verb, not the month
            if month and month in lexicon.english_only_months and m.group("m2") == month:
                continue
            digits = m.group("num")
            order = _numeric_order(digits, lexicon.date_order) if digits else None
            clock = m.group("time") or m.group("pretime")
            zone = m.group("zone") or m.group("prezone")
            year_less = bool(
                (m.group("dmy") and not m.group("y1")) or (m.group("mdy") and not m.group("y2"))
            )
            query = " ".join(p for p in (m.group("date"), _clock(clock)) if p)
            spans.append(m.span())
            line.append(
                _Candidate(
                    index=block.index,
                    raw=m.group().strip(" ,|-–—"),
                    query=query,
                    date_query=m.group("date"),
                    kind=_cue_kind(cues, m.start(), text, lexicon),
                    has_time=bool(clock),
                    offset=_offset(zone),
                    relative=None,
                    numeric_order=order,
                    year_less=year_less,
                    stamp_line=False,
                    sentence=False,
                    embed=False,
                )
            )
        for m in lexicon.relative.finditer(text) if digits_in_line else ():
            if not (m.group("agopre") or m.group("agopost")):
                continue
            if any(s <= m.start() < e for s, e in spans):
                continue
            unit = lexicon.unit_of.get(m.group("unit").lower().rstrip("."), "day")
            spans.append(m.span())
            line.append(
                _Candidate(
                    index=block.index,
                    raw=m.group().strip(),
                    query=m.group().strip(),
                    date_query=m.group().strip(),
                    kind=_cue_kind(cues, m.start(), text, lexicon),
                    has_time=unit in _AGE_UNITS,
                    offset=None,
                    relative=unit,
                    numeric_order=None,
                    year_less=False,
                    stamp_line=False,
                    sentence=False,
                    embed=False,
                )
            )
        for m in lexicon.dayword.finditer(text):
            kind = _cue_kind(cues, m.start(), text, lexicon)
            if any(s <= m.start() < e for s, e in spans) or not (m.group("time") or kind):
                continue  # a bare "Today" is a menu entry, not a stamp
            spans.append(m.span())
            clock = _clock(m.group("time"))
            line.append(
                _Candidate(
                    index=block.index,
                    raw=m.group().strip(),
                    query=" ".join(p for p in (m.group("word"), clock) if p),
                    date_query=m.group("word"),
                    kind=kind,
                    has_time=bool(clock),
                    offset=_offset(m.group("zone")),
                    relative=_DAYWORD,
                    numeric_order=None,
                    year_less=False,
                    stamp_line=False,
                    sentence=False,
                    embed=False,
                )
            )
        if not line:
            continue
        rest = text
        for start, end in sorted(spans + [(s, e) for s, e, _ in cues], reverse=True):
            rest = rest[:start] + " " + rest[end:]
        residue = len(_WORD.findall(rest))
        embed = _EMBED.search(text) is not None
        for candidate in list(line):
            if candidate.year_less and candidate.kind is None and residue > _YEARLESS_RESIDUE_WORDS:
                # "on Sept. 24" in a sentence, "NEW YORK, March 27 - Honeywell said": a date
                # without a year or a cue is a stamp only when it stands (almost) alone.
                line.remove(candidate)
                continue
            candidate.embed = embed
            candidate.stamp_line = residue <= _STAMP_RESIDUE_WORDS and len(text) <= 160
            candidate.sentence = residue > _SENTENCE_WORDS
        found.extend(line)
    return found


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


def _cue_kind(
    cues: list[tuple[int, int, str]], start: int, text: str, lexicon: _Lexicon
) -> str | None:
    """The kind announced by the nearest cue before ``start`` with no other date in between.

    The cue may be separated from its date by a few words ("Updated by Jane Doe Mar 10, 2017"),
    but not by another date, which the cue then announces instead.
    """
    best: str | None = None
    for _cue_start, cue_end, phrase in cues:
        if cue_end > start:
            break
        gap = text[cue_end:start]
        if len(gap) <= _CUE_GAP or (len(gap) <= _CUE_FAR_GAP and not _DIGIT.search(gap)):
            best = lexicon.cue_kind.get(phrase)
        else:
            best = None
    return best


def _first_body(page: Page, title: int | None) -> int | None:
    """The first long body block below the headline (``title``, the line the title stage
    claimed)."""
    return next(
        (
            i
            for i, d in enumerate(page.decisions)
            if d.is_body and (title is None or i > title) and len(page.blocks[i].text) >= 80
        ),
        None,
    )


def _score(candidate: _Candidate, title: int | None, first_body: int | None, total: int) -> float:
    """How much a candidate looks like the page's own stamp (higher is better).

    What the line is (cue, stamp-only, sentence) weighs most; where it is comes second: just
    after the headline or just before the body's first paragraph is where pages print the
    stamp, while comments, related links and embedded posts come later. The weights were set by
    measurement on the dev corpus (``bench/datelines.py --stamps``).
    """
    score = 0.0
    if candidate.kind is not None:
        score += 3.0
    if candidate.stamp_line:
        score += 2.0
    if candidate.sentence:
        score -= 3.0
    if candidate.embed:
        score -= 2.0
    if candidate.relative:
        score -= 1.0
    if candidate.year_less and candidate.kind is None:
        score -= 1.5
    i = candidate.index
    if title is not None:
        distance = i - title
        if 0 < distance <= 4:
            score += 1.0
        elif -3 <= distance < 0:
            score += 0.5
    if first_body is not None:
        distance = first_body - i
        if 0 <= distance <= 8:
            score += 1.5 - 0.1 * distance
        elif distance < 0:
            score -= min(-distance / 15.0, 2.5)
        else:
            score -= min((distance - 8) / 20.0, 1.5)
    score -= 1.0 * (i / max(total, 1))
    return score


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
            parsers.append(DateDataParser(languages=list(languages), settings=settings))
        try:
            found: datetime | None = parsers[0].get_date_data(query).date_obj
        except (ValueError, OverflowError):  # dateparser's arithmetic on out-of-range digits
            return None
        return found

    value = read(candidate.query)
    if value is None and candidate.has_time and candidate.relative in (None, _DAYWORD):
        # A time dateparser cannot read ("0913 GMT") must not cost the date.
        candidate.has_time, candidate.offset = False, None
        candidate.query = candidate.date_query
        value = read(candidate.query)
    if value is None:
        return None
    ref_zone: tzinfo = reference.tzinfo or UTC
    value = value.replace(tzinfo=None)
    if candidate.relative and candidate.relative != _DAYWORD:
        zone: tzinfo | None = ref_zone  # "2 hours ago" is an instant: the reference's zone
    else:
        zone = candidate.offset
    aware = value.replace(tzinfo=zone or ref_zone)
    if aware > reference.replace(tzinfo=ref_zone) + _FUTURE_SLACK:
        return None
    if not candidate.has_time:
        return date(value.year, value.month, value.day).isoformat()
    if zone is None:
        return value.isoformat()
    seconds = 0 if candidate.relative in _AGE_UNITS else value.second
    return value.replace(second=seconds, tzinfo=zone).isoformat()


def _choose(
    candidates: list[_Candidate], languages: tuple[str, ...], reference: datetime
) -> _Candidate | None:
    ranked = sorted(candidates, key=lambda c: (-c.score, c.index))
    for candidate in ranked[:_MAX_PARSES]:
        if candidate.score < _MIN_SCORE:
            break
        candidate.parsed = _parse(candidate, languages, reference)
        if candidate.parsed is not None:
            return candidate
    return None


def find_dates(page: Page, title: int | None = None) -> Found[DateStamps]:
    """Stamps found in the page; lines that only carried a stamp are claimed as ``byline_stamp``.

    ``title`` is the headline's line (the title stage's claim): stamps sit just below it.

    ``published`` is never filled from an "Updated" stamp: a page that prints only its update
    time has no publication time we could honestly report. Publisher metadata, when the page
    came as HTML and declares dates, takes precedence over the printed stamps.
    """
    if not page.blocks:
        return Found(_with_metadata(DateStamps(), page))
    lexicon = _lexicon(page.language)
    candidates = _candidates(page, lexicon)
    if not candidates:
        return Found(_with_metadata(DateStamps(), page))
    first_body = _first_body(page, title)
    for candidate in candidates:
        candidate.score = _score(candidate, title, first_body, len(page.blocks))
    published = _choose(
        [c for c in candidates if c.kind != MODIFIED], lexicon.languages, page.reference_time
    )
    modified = _choose(
        [c for c in candidates if c.kind == MODIFIED], lexicon.languages, page.reference_time
    )
    stamps = DateStamps()
    claims: dict[int, Claim] = {}
    for chosen, kind in ((published, PUBLISHED), (modified, MODIFIED)):
        if chosen is None:
            continue
        if kind == PUBLISHED:
            stamps.published, stamps.published_raw = chosen.parsed, chosen.raw
        else:
            stamps.modified, stamps.modified_raw = chosen.parsed, chosen.raw
        decision = page.decisions[chosen.index]
        if (
            chosen.stamp_line
            and chosen.index not in claims
            and decision.kind not in ("title", "byline_stamp")
        ):
            claims[chosen.index] = Claim(chosen.index, "byline_stamp", f"stamp:{kind}")
    return Found(_with_metadata(stamps, page), tuple(claims.values()))


def _with_metadata(stamps: DateStamps, page: Page) -> DateStamps:
    """Publisher metadata (HTML input) wins over printed stamps when it is a valid past date;
    htmldate's search of the whole markup answers only when neither did.

    JSON-LD / ``article:published_time`` is the publisher's own machine-readable statement,
    usually to the second and with a zone; the printed stamp is a rendering of it. The printed
    line is still claimed above, so it leaves the body either way.
    """
    meta = page.metadata
    if meta is None:
        return stamps
    published = _declared(meta.published, page.reference_time)
    if published is not None:
        stamps.published, stamps.published_raw = published, meta.published
    elif stamps.published is None and meta.search_published is not None:
        # The last resort: every date-like string in the markup. Below a printed stamp, which
        # the page shows its readers; above nothing.
        searched = meta.search_published()
        published = _declared(searched, page.reference_time)
        if published is not None:
            stamps.published, stamps.published_raw = published, searched
    modified = _declared(meta.modified, page.reference_time)
    if modified is not None:
        stamps.modified, stamps.modified_raw = modified, meta.modified
    return stamps


def _declared(value: str | None, reference: datetime) -> str | None:
    """``value`` when it is ISO 8601 and not in the future of ``reference``, else None."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    zone = reference.tzinfo or UTC
    aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
    if aware > reference.replace(tzinfo=zone) + _FUTURE_SLACK:
        return None
    return value


def warm_up() -> None:
    """Load dateparser's data and compile the English patterns, so a first request is not slow.

    dateparser reads its locale tables and builds its own regexes lazily on first use, which
    costs about a second; the API calls this once at start-up.
    """
    from article_normalizer.normalize.blocks import split_blocks
    from article_normalizer.rules import profile

    reference = datetime(2023, 8, 8, 10, 0, tzinfo=UTC)
    blocks, _ = split_blocks("Headline\nPublished 07 Aug, 2023 09:26pm\nUpdated 2 hours ago")
    from article_normalizer.normalize.page import Decision

    page = Page(
        blocks=blocks,
        decisions=[Decision(kind="other", reason="warm_up") for _ in blocks],
        language="en",
        profile=profile("en"),
        reference_time=reference,
    )
    find_dates(page)
