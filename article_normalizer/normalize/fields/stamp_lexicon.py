"""The words and patterns of printed stamps, per language.

Built once per language from stamps.toml and dateparser's locale data (month and weekday names,
"ago" words) and compiled into one pattern set. The stamp stage, the dateline and the
headline's stamp test read them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from article_normalizer.rules import load_toml
from article_normalizer.rules.trie import word_trie

PUBLISHED = "published"


MODIFIED = "modified"


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
    era_offset: int
    """Years to take off a year printed past 2099: the Buddhist era's lead on a Thai page
    (``stamps.toml [eras]``); 0 where years are the common era's alone."""
    solar_months: dict[str, int]
    """Month names of the Solar Hijri calendar -> month number, on a page in a language that
    dates by it (``stamps.toml [eras]``); empty elsewhere."""


_ERA_YEARS = r"2[1-5]\d\d"
"""Years the common era has not reached, which a page in a language of ``stamps.toml [eras]``
prints in its own era (a Thai page's 2567)."""


_ERA_YEAR = re.compile(rf"(?<!\d){_ERA_YEARS}(?!\d)")


_SOLAR_YEARS = r"1[34]\d\d"
"""Years of the Solar Hijri calendar a page of ``stamps.toml [eras] solar_hijri`` prints
(1403 is 2024-2025)."""


_SOLAR_NUMERIC = re.compile(rf"^(?P<y>{_SOLAR_YEARS})[/.-](?P<m>[01]?\d)[/.-](?P<d>[0-3]?\d)$")
_SOLAR_NAMED = re.compile(rf"^(?P<d>[0-3]?\d)\D+?(?P<y>{_SOLAR_YEARS})$")


def in_common_era(date_text: str, lexicon: _Lexicon) -> str:
    """``date_text`` with a year of the page's era (a Thai page's 2567) in the common era's
    count (2024), and a Solar Hijri date as the Gregorian one it is ("31 اردیبهشت 1403" is
    "2024-05-20"), which dateparser and the answer use."""
    if lexicon.solar_months:
        return _from_solar_hijri(date_text, lexicon.solar_months)
    if not lexicon.era_offset:
        return date_text
    return _ERA_YEAR.sub(lambda year: str(int(year.group()) - lexicon.era_offset), date_text)


def _from_solar_hijri(date_text: str, months: dict[str, int]) -> str:
    """A Solar Hijri date (numeric year first, or day, month name and year) as an ISO date;
    any other date as it is."""
    from convertdate import persian

    text = date_text.strip()
    found = _SOLAR_NUMERIC.match(text) or _SOLAR_NAMED.match(text)
    if found is None:
        return date_text
    if "m" in found.groupdict():
        month = int(found.group("m"))
    else:
        words = _cleaned_words(re.findall(r"[^\W\d_]+", text))
        month = next((months[word] for word in words if word in months), 0)
    day, year = int(found.group("d")), int(found.group("y"))
    if not (1 <= month <= 12 and 1 <= day <= (31 if month <= 6 else 30)):
        return date_text
    g_year, g_month, g_day = persian.to_gregorian(year, month, day)
    return f"{g_year:04d}-{g_month:02d}-{g_day:02d}"


@cache
def _data() -> dict[str, Any]:
    return load_toml("stamps.toml")


def locale_of(code: str) -> str:
    """dateparser's locale for a detected language code (``stamps.toml [locales]``).

    The detector and dateparser name Norwegian differently; without the mapping a Norwegian
    page would read no month name but English ones."""
    return str(_data()["locales"].get(code, code))


def _locale_info(code: str) -> dict[str, Any] | None:
    from dateparser.languages.loader import default_loader

    try:
        info: dict[str, Any] = default_loader.get_locale(locale_of(code)).info
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


_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
"""Kana, CJK ideographs and Hangul: scripts whose pages glue a date to the word before it
("发表于2005-07-31", "本贴由大卫于2005年8月12日")."""


_SPACED_WORD_CHAR = rf"[^\W{_UNSPACED}]"
"""A word character of a script that separates its words: a date glued to one ("Story20")
is part of a longer token, one glued to a CJK character is not."""


_UNSPACED_CHAR = re.compile(rf"[{_UNSPACED}]")


def unspaced(text: str) -> int:
    """How many characters of ``text`` belong to scripts that do not space their words."""
    return len(_UNSPACED_CHAR.findall(text))


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


@cache
def weekday_names(lang: str | None) -> frozenset[str]:
    """Weekday names of ``lang`` and English (lower case, no trailing dot), from dateparser's
    locale data; only names of five characters or more, since the abbreviations are words and
    names too ("mit", "die", "Don", "Sam")."""
    infos = [info for code in (lang, "en") if code and (info := _locale_info(code)) is not None]
    return frozenset(
        cleaned for name in _names(infos, _WEEKDAY_KEYS) if len(cleaned := _cleaned(name)) >= 5
    )


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
    solar_months = _solar_months(data) if lang in data["eras"]["solar_hijri"] else {}
    month_names |= set(solar_months)
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
    # Thai pages print years of the Buddhist era (2567 for 2024): 2100-2599 there.
    buddhist = lang in data["eras"]["buddhist"]
    common = r"(?:1[89]|20)\d\d"
    if buddhist:
        year = rf"(?:{common}|{_ERA_YEARS})(?!\d)"
    elif solar_months:
        year = rf"(?:{common}|{_SOLAR_YEARS})(?!\d)"
    else:
        year = rf"{common}(?!\d)"
    joiner = r"(?:\s*+[,./-]?\s*+(?:(?:de|del|of)\s++)?)"
    time = (
        r"(?:[01]?\d|2[0-3])(?:(?:[:h.]|\s?h\s?)[0-5]\d(?::[0-5]\d(?:\.\d+)?)?"
        r"(?:\s?[ap]\.?\s?m\.?)?|\s?[ap]\.?\s?m\.?)"
        rf"(?:\s?(?:{suffixes})(?!\w)|(?!{_SPACED_WORD_CHAR}))"
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
    # "2024. május 14.": the month's name between the year and the day, where the language
    # writes it so (``stamps.toml [year_first]``).
    year_first = (
        (rf"(?P<ymd_named>{year}\.?\s*+(?P<m3>{months})(?!\w)\.?\s*+{day})",)
        if lang in data["year_first"]["named_months"]
        else ()
    )
    dates = "|".join(
        (
            rf"(?P<iso>{year}-[01]?\d-[0-3]?\d(?!\d))",
            rf"(?P<ymd>{year}[/.][01]?\d[/.][0-3]?\d(?![\d.]?\d))",
            rf"(?P<num>[0-3]?\d[./-][0-3]?\d[./-](?:{year}|\d\d)(?![\d.]?\d))",
            rf"(?P<cjk>{year}\s*年\s*[01]?\d\s*月\s*[0-3]?\d\s*日)",
            rf"(?P<dmy>{day}{joiner}(?P<m1>{months})(?!\w)\.?(?:{joiner}(?P<y1>{year}))?)",
            *year_first,
            rf"(?P<mdy>(?P<m2>{months})(?!\w)\.?\s*{day}(?:\s*,?\s*(?P<y2>{year}))?)",
        )
    )
    # "7. kolovoza 2023. u 14:30": a year's closing dot, then the word for "at". Spaces are
    # taken possessively: a date followed by a long run of spaces (a layout table's cells)
    # would otherwise be retried at every split of the run.
    between = rf"\s*+(?:[.,]?\s*+(?:{connectors})(?!\w)\s*+|[,|/–—@]\s*+|-{{1,2}}\s*+|T)?"
    absolute = re.compile(
        rf"(?<!\.)(?<!{_SPACED_WORD_CHAR})"
        rf"(?:(?P<pretime>{time})(?:\s*+(?P<prezone>{zone}))?\s*+(?:(?:[,|/–—-]|on)\s*+)?)?"
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
    # Cues in scripts without spaces have no word boundaries to find ("发表于2005-07-31").
    spaced = [c for c in cue_kind if not _UNSPACED_CHAR.search(c)]
    unspaced = {c for c in cue_kind if _UNSPACED_CHAR.search(c)}
    alternatives = [_trie_alternation(spaced)] + ([_alternation(unspaced)] if unspaced else [])
    cue = re.compile("(?:" + "|".join(alternatives) + ")[:：]?", re.IGNORECASE)

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
        era_offset=int(data["eras"]["buddhist_offset"]) if buddhist else 0,
        solar_months=solar_months,
    )


_ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})
"""Persian yeh and kaf as Arabic keyboards type them: sites print a month either way."""


def _solar_months(data: dict[str, Any]) -> dict[str, int]:
    """``stamps.toml``'s Solar Hijri month names -> number, with their Arabic-letter spellings."""
    months: dict[str, int] = {}
    for number, names in enumerate(data["eras"]["solar_hijri_months"], start=1):
        for name in names:
            for spelling in (name, name.translate(_ARABIC_LETTERS)):
                months[_cleaned(spelling)] = number
    return months


def without_stamps(text: str, language: str | None) -> str:
    """``text`` with every printed date, time and age (in ``language`` or English) replaced by
    a space: what is left tells whether a line is a stamp and nothing else."""
    lexicon = _lexicon(language)
    return lexicon.dayword.sub(" ", lexicon.relative.sub(" ", lexicon.absolute.sub(" ", text)))


def holds_date(text: str, language: str | None) -> bool:
    """Whether ``text`` prints a date or an age with its "ago" word ("May 6, 2025",
    "06.01.2026", "5 hours ago"): a bare duration ("7 MIN" of a reading time) dates nothing."""
    lexicon = _lexicon(language)
    if lexicon.absolute.search(text):
        return True
    return any(
        match.group("agopre") or match.group("agopost") for match in lexicon.relative.finditer(text)
    )


def _cleaned_words(words: Iterable[str]) -> set[str]:
    """``words`` as the date patterns spell them: lower case, no trailing full stop."""
    cleaned = {_cleaned(w) for w in words}
    return {w for w in cleaned if w}


def _cleaned(word: str) -> str:
    return word.strip().rstrip(".").lower()


def _squash(text: str) -> str:
    return " ".join(text.lower().rstrip(":：").split())
