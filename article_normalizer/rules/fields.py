"""Data for the field stages: byline cues, wire agencies, well-known outlets, outlet clues.

Each loader reads its TOML once, validates the shape and compiles the patterns, so a broken
data file fails at first use with a message naming the file and the entry, not deep in a stage.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_DATA = resources.files(__package__) / "data"

_NAME = r"(?P<name>[^\W\d_][\w&'’.\-/ ]{0,58}?[\w.])"
"""What ``{name}`` in a clue stands for: 1-60 characters opening with a letter."""
_DOMAIN = r"(?P<name>[^\W_][\w-]{1,40})\.(?:[a-z]{2,10})(?:\.[a-z]{2})?\b"
"""What ``{domain}`` stands for: a host name printed as a brand; its first label is the name."""


class FieldDataError(ValueError):
    """Raised when a field data file is malformed; the message names the file and the entry."""


def _load(name: str) -> dict[str, Any]:
    path = _DATA / name
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FieldDataError(f"{where}: expected a list of strings, got {value!r}")
    return list(value)


def _folded(table: dict[str, Any], key: str, where: str) -> frozenset[str]:
    """The lower-cased set of a table's list of words (``table[key]``, empty when absent)."""
    return frozenset(w.casefold() for w in _strings(table.get(key, []), where))


def _alternation(words: list[str]) -> str:
    ordered = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


_SUFFIXED_NAMES = r"[^\W\d_]+?(?:[\s、·・][^\W\d_]+?)?"
"""The names before a title printed after them: one or two words ("김서연", "山田 太郎",
"김서연·이준호"), so that a sentence ending in the title's word is no credit."""


@dataclass(frozen=True, slots=True)
class BylineRules:
    """Byline vocabulary for one language (plus English, which pages mix into any language)."""

    language: str | None
    """The language these rules are for (None: English alone)."""
    cue: re.Pattern[str]
    """Matches a credit opener at the start of a line: ``By``, ``Por``, ``Par``, ``Von``."""
    mid_cue: re.Pattern[str]
    """Finds the same openers inside a line, after a stamp ("12 octobre 2023 par ...")."""
    suffix_cue: re.Pattern[str] | None
    """Matches a credit whose title follows the names ("김서연 기자", "山田太郎記者"), the names
    in group ``names``; None in languages that print the word before them."""
    joiner: re.Pattern[str]
    """Splits a list of names: commas, ``&``, ``and``/``e``/``et``/``und``."""
    roles: frozenset[str]
    """Lower-cased job titles dropped from names ("staff writer")."""
    beats: frozenset[str]
    """Lower-cased desks cut with the job title they qualify ("travel news" reporter)."""
    ui_labels: frozenset[str]
    """Lower-cased author-box buttons that are never a byline ("email the author")."""
    ui_prefix: re.Pattern[str]
    """Matches an author-box link's words before the name ("Read more about Jane Doe")."""
    agencies: dict[str, str]
    """Lower-cased agency spelling -> display name."""
    stamp: re.Pattern[str]
    """Matches a stamp opener ("Published", "Updated") where a byline's names end."""
    not_authors: frozenset[str]
    """Lower-cased credits that are never a person ("getty images")."""
    date_openers: frozenset[str]
    """Lower-cased words that open a date printed right after a credit's names ("vom")."""
    company_form: re.Pattern[str]
    """Matches a company form ending a name ("Ltd", "Sp. z o.o."): a declared author ending in
    one is a firm ("James S.A. Corey" is a person)."""
    name_end: re.Pattern[str]
    """Matches the word that ends the names ("for" in "By Jane Doe for The Guardian")."""
    section_end: re.Pattern[str]
    """Matches, in lower case only, the word after which a printed credit names the section
    the story is filed under ("in" in "by Jane Doe in Comic News"); "Tech In Asia" is a name."""
    reading_time: re.Pattern[str]
    """Finds a reading-time note ("7 min read", "Lesezeit: 3 Min."), which vouches for a name
    beside it as a stamp does."""


@cache
def _bylines_data() -> dict[str, Any]:
    return _load("bylines.toml")


@cache
def agencies() -> dict[str, str]:
    """Wire agencies: lower-cased spelling -> display name.

    ``agencies.toml`` (the dateline stage's list) wins where both name an agency;
    ``bylines.toml`` adds the agencies only credit lines print.
    """
    table: dict[str, str] = {}
    for source in (_bylines_data().get("agencies", {}), _external_agencies()):
        for display, spellings in source.items():
            for spelling in [display, *_strings(spellings, f"agencies.{display}")]:
                table[spelling.casefold()] = display
    return table


def _external_agencies() -> dict[str, list[str]]:
    """The dates stage's list: ``[[agency]]`` tables with ``name`` and optional ``aliases``."""
    found: dict[str, list[str]] = {}
    for position, entry in enumerate(_load("agencies.toml").get("agency", [])):
        where = f"agencies.toml agency[{position}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise FieldDataError(f"{where}: expected a table with a string `name`, got {entry!r}")
        found[entry["name"]] = _strings(entry.get("aliases", []), f"{where}.aliases")
    return found


@cache
def byline_rules(lang: str | None) -> BylineRules:
    """The byline vocabulary of ``lang`` and English, compiled once per language."""
    data = _bylines_data()
    langs = ["en"] if lang in (None, "en") else [str(lang), "en"]
    cues: list[str] = []
    joiners: list[str] = []
    for code in langs:
        cues += _strings(data.get("cues", {}).get(code, []), f"bylines.toml cues.{code}")
        joiners += _strings(data.get("joiners", {}).get(code, []), f"bylines.toml joiners.{code}")
    cue = re.compile(rf"^(?:{_alternation(cues)})\b\s*[:\-–—：/／|｜]?\s*", re.IGNORECASE)
    suffixes = _strings(
        data.get("suffix_cues", {}).get(str(lang), []), f"bylines.toml suffix_cues.{lang}"
    )
    suffix_cue = (
        re.compile(
            rf"^(?P<names>{_SUFFIXED_NAMES})\s*(?:{_alternation(suffixes)})(?=$|[\s,、，/／(（])"
        )
        if suffixes
        else None
    )
    # Chinese and Japanese lists of names take the enumeration comma "、" or a full-width one.
    joiner = re.compile(
        rf"\s*(?:,?\s+(?:{_alternation(joiners)})\s|[,;&+、，])\s*"
        if joiners
        else r"\s*[,;&、，]\s*",
        re.IGNORECASE,
    )
    return BylineRules(
        language=lang,
        cue=cue,
        mid_cue=re.compile(
            rf"(?:^|\s)(?:{_alternation(cues)})(?:\s*[:：／/]\s*|\s+)(?=\S)", re.IGNORECASE
        ),
        suffix_cue=suffix_cue,
        joiner=joiner,
        roles=_folded(data, "roles", "roles"),
        beats=_folded(data, "beats", "beats"),
        ui_labels=_folded(data, "ui_labels", "ui_labels"),
        ui_prefix=re.compile(
            rf"^(?:{_alternation(_strings(data.get('ui_prefixes', []), 'ui_prefixes'))})\s+(?=\S)",
            re.IGNORECASE,
        ),
        agencies=agencies(),
        stamp=re.compile(
            rf"(?:^|\s)(?:{_alternation(_strings(data.get('stamp_words', []), 'stamp_words'))})"
            r"\b\s*:?",
            re.IGNORECASE,
        ),
        not_authors=_folded(data, "not_authors", "not_authors"),
        date_openers=_folded(data, "date_openers", "date_openers"),
        company_form=re.compile(
            rf"(?<!\w)(?:{_alternation(_strings(data.get('company_forms', []), 'company_forms'))})"
            r"\.?$",
            re.IGNORECASE,
        ),
        name_end=re.compile(
            rf"\s(?:{_alternation(_strings(data.get('name_enders', []), 'name_enders'))})\s",
            re.IGNORECASE,
        ),
        section_end=re.compile(
            rf"\s(?:{_alternation(_strings(data.get('section_enders', []), 'section_enders'))})\s"
        ),
        # An empty list must match nothing, not every line: "(?!)" never matches.
        reading_time=_compile_clue(
            "|".join(f"(?:{p})" for p in _strings(data.get("reading_time", []), "reading_time"))
            or "(?!)",
            "bylines.toml reading_time",
        ),
    )


@dataclass(frozen=True, slots=True)
class OutletRules:
    """Well-known outlets and the text clues that name the publisher of a page."""

    version: int
    by_domain: dict[str, str]
    """Host or registrable domain (no ``www.``) -> display name."""
    line_clues: tuple[re.Pattern[str], ...]
    """Patterns with a ``name`` group, matched against one line ("© 2023 X")."""
    described_by: tuple[re.Pattern[str], ...]
    """Self-descriptions: when a line matches, the short line before it is the outlet's name."""
    not_names: frozenset[str]
    """Lower-cased captures that are never a name ("free" from "Sign up for free newsletter")."""
    credit_joins: tuple[str, ...]
    """Characters that join a photo's credit ("Rolf Zoellner/imago"): a capture holding one is
    passed over."""
    corporate_suffixes: frozenset[str]
    """Lower-cased company-form words dropped from the end of a captured name."""
    notice_prefix: re.Pattern[str]
    """The mark and years a copyright notice puts before a name ("Copyright (c) 2012 ")."""
    rights_reserved: re.Pattern[str]
    """A phrase a copyright notice puts after a name ("all rights reserved"), at the end of the
    text, in any case (matched, not compared casefolded, so "Straße" keeps its length)."""
    joiners: frozenset[str]
    """Words after which a company form belongs to the name ("News & Media")."""
    notice_mark: re.Pattern[str]
    """What makes a line a copyright notice wherever it stands ("CNN Sans ™ & © 2016 ...")."""
    printed: PrintedForms
    """When a shorter form of a notice's name stands for the publication."""
    platforms: frozenset[str]
    """Registrable domains whose subdomains are each a user's own site ("wordpress.com")."""
    software: frozenset[str]
    """Lower-cased names of publishing software and hosts, whose footer credit names no
    publication ("Powered by WordPress")."""


@dataclass(frozen=True, slots=True)
class PrintedForms:
    """Bounds for taking a shortening of a copyright notice's name ("CNN" for "Cable News
    Network") as the publication's name: see ``outlet._most_printed``."""

    max_name_lines: int
    """The notice's own name printed on at most this many lines of the page."""
    min_lines: int
    """The shorter form printed on at least this many lines ..."""
    ratio: float
    """... and on at least this many times as many lines as the notice's name."""
    share: float
    """Among forms printed on at least this share of the most printed one's lines, the
    longest is taken ("Al Jazeera" rather than "Al")."""
    min_initials: int
    """Initials shorter than this are never a form ("WP" is too many things)."""
    max_initials: int
    """A notice's name of at most this many capitals is read as initials ("NYP", "FT") and
    may be spelt out; longer capitals are a word."""


def _compile_clue(pattern: str, where: str) -> re.Pattern[str]:
    source = pattern.replace("{name}", _NAME).replace("{domain}", _DOMAIN)
    try:
        compiled = re.compile(source, re.IGNORECASE)
    except re.error as exc:
        raise FieldDataError(f"{where}: invalid pattern {pattern!r}: {exc}") from exc
    return compiled


def _phrase_at_end(phrases: Iterable[str], where: str) -> re.Pattern[str]:
    """Any of ``phrases`` (the longest first) ending the text, case-insensitively."""
    ordered = sorted(phrases, key=len, reverse=True)
    return _compile_clue(f"(?:{'|'.join(map(re.escape, ordered)) or '(?!)'})$", where)


@cache
def outlet_rules(lang: str | None) -> OutletRules:
    """Outlets by domain, and the clues of ``lang``, English and the language-independent ones."""
    data = _load("outlets.toml")
    version = data.get("version")
    if not isinstance(version, int):
        raise FieldDataError(f"outlets.toml: expected an integer `version`, got {version!r}")
    by_domain: dict[str, str] = {}
    for domain, name in data.get("outlets", {}).items():
        if not isinstance(name, str) or not name.strip():
            raise FieldDataError(f"outlets.toml outlets.{domain}: expected a name, got {name!r}")
        by_domain[domain.casefold().removeprefix("www.")] = name.strip()
    clues = data.get("clues", {})
    notice = data.get("notice", {})
    hosting = data.get("hosting", {})
    line: list[re.Pattern[str]] = []
    described: list[re.Pattern[str]] = []
    for code in dict.fromkeys(["any", lang or "en", "en"]):
        table = clues.get(code, {})
        for pattern in _strings(table.get("line", []), f"outlets.toml clues.{code}.line"):
            compiled = _compile_clue(pattern, f"outlets.toml clues.{code}.line")
            if "name" not in compiled.groupindex:
                raise FieldDataError(f"outlets.toml clues.{code}.line: {pattern!r} has no {{name}}")
            line.append(compiled)
        for pattern in _strings(
            table.get("described_by", []), f"outlets.toml clues.{code}.described_by"
        ):
            described.append(_compile_clue(pattern, f"outlets.toml clues.{code}.described_by"))
    return OutletRules(
        version=version,
        by_domain=by_domain,
        line_clues=tuple(line),
        described_by=tuple(described),
        not_names=_folded(data, "not_names", "not_names"),
        credit_joins=tuple(_strings(data.get("credit_joins", []), "credit_joins")),
        corporate_suffixes=_folded(data, "corporate_suffixes", "corporate_suffixes"),
        notice_prefix=_compile_clue(str(notice.get("prefix", "(?!)")), "outlets.toml notice"),
        rights_reserved=_phrase_at_end(
            _strings(notice.get("rights_reserved", []), "notice"), "outlets.toml notice"
        ),
        joiners=_folded(notice, "joiners", "notice"),
        notice_mark=_compile_clue(str(notice.get("mark", "(?!)")), "outlets.toml notice"),
        printed=_printed_forms(data.get("printed", {})),
        platforms=_folded(hosting, "platforms", "hosting.platforms"),
        software=_folded(hosting, "software", "hosting.software"),
    )


def _printed_forms(table: dict[str, Any]) -> PrintedForms:
    try:
        forms = PrintedForms(
            max_name_lines=int(table["max_name_lines"]),
            min_lines=int(table["min_lines"]),
            ratio=float(table["ratio"]),
            share=float(table["share"]),
            min_initials=int(table["min_initials"]),
            max_initials=int(table["max_initials"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise FieldDataError(f"outlets.toml printed: {exc!r}") from exc
    return forms
