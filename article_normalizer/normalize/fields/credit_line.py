"""Reading one credit line: "By Jane Doe and John Roe, Reuters", "Jane Doe | AFP", "Por
Fulano de Tal", into authors and an agency, or nothing when the line is not a credit.

The byline stage decides which lines to read; this module only reads them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

import msgspec

from article_normalizer.normalize.fields.stamp_lexicon import (
    holds_date,
    month_numbers,
    weekday_names,
)
from article_normalizer.normalize.lines.char_classes import UNSPACED
from article_normalizer.normalize.models import Byline
from article_normalizer.normalize.textkeys import squash
from article_normalizer.rules import load_toml
from article_normalizer.rules.fields import BylineRules

_MAX_NAME_WORDS = 5


_MAX_AUTHORS = 6


_DOTS = "[•·⋅∙●◆♦▪]"
"""The dots and marks a page sets between a credit's parts ("Jane Doe • May 6, 2025")."""


_DASH = r"\s(?:--|[-–—])\s"
"""A dash between a credit's parts, spaced; "--" is a typewriter's ("By Jane Doe -- Harbour
Media")."""


_SEPARATOR = re.compile(rf"\s*(?:\||/|{_DOTS}|{_DASH})\s*")
"""What parts a credit's names from what follows them."""


_UNCUED_SEPARATOR = re.compile(rf"\s*(?:\||{_DOTS}|{_DASH})\s*")
"""Photo credits ("JIM WATSON/AFP/Getty Images") use slashes; uncued credit lines do not."""


_NAME_STOP = re.compile(rf"\d|[(（]|\||{_DOTS}|\s[-–—]\s|@|https?:|www\.")


_MAX_STAMP_HEAD_WORDS = 8
"""A stamp before a mid-line credit cue is this many words at most: "Publicado el 12 de
octubre de 2023 por ..."; more is a sentence that happens to hold a date and a "by"."""


_COUNT_HEAD = re.compile(r"^\s*\d+\s*[·•|]\s*$")
"""A count before a mid-line credit cue, parted from it ("0 · by Jane Doe · Updated on ..."):
a comment or share counter a template prints first."""


_PARTICLES = frozenset(
    [
        "de",
        "da",
        "do",
        "dos",
        "das",
        "del",
        "della",
        "di",
        "du",
        "van",
        "von",
        "der",
        "den",
        "ter",
        "la",
        "le",
        "al",
        "el",
        "bin",
        "ibn",
        "y",
        "e",
        "st",
        "st.",
    ]
)


_MARKS = "\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0900-\u0dff\u0e00-\u0eff"
"""Combining marks (and the blocks of the scripts written with them: Devanagari to Sinhala,
Thai, Lao), which are no word characters to ``\\w``: "ใจดี", "शर्मा" are each one word."""


_NAME_WORD = re.compile(rf"^(?:[^\W\d_][\w'’.\-{_MARKS}]*|[A-Z]\.)$")


_EAST_ASIAN_NAME = re.compile(rf"^[{UNSPACED}\uac00-\ud7a3・·]{{2,8}}$")
"""A name written as one word, in a script without spaces (Han, kana; Thai, Lao, Khmer and
Myanmar too) or in Hangul, a middle dot between a foreign name's parts."""


_GLUED_WORDS = re.compile(r"[a-zß-öø-ÿ]{6}[A-ZÀ-ÖØ-Þ]")


_BULLET = re.compile(r"^(?:[*+•·▪►>|–—-]|//)\s+")
"""What a rendering or a template prints before a list item or a credit: a bullet, a dash, a
bar, a comment-style "//" ("// By Jane Doe • Nov 11, 2020")."""


_HANDLE_AFTER = re.compile(r"^\s*(?:[|,·•(]\s*)?@\w{2,}\)?\s*$")
"""A social handle after a name: "Arjun Kharpal | @ArjunKharpal", "Jane Doe (@janedoe)"."""


_DATE_AFTER = re.compile(r"^\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
"""A numeric date right after the comma: "Liz Moyer, 03.12.09". A month name is not enough:
"New York, Jan 16" is a place and a date."""


def parse_byline(text: str, rules: BylineRules, site: set[str] | None = None) -> Byline | None:
    """The credit in one line, or None when the line is not a credit line.

    ``site`` holds squashed spellings of the outlet's own name, which is never an author.
    """
    site = site or set()
    line = undoubled(unglued(_BULLET.sub("", text.strip())))
    if _is_ui_label(line, rules):
        return None
    if line != text.strip() and len(line) <= 4 and _agency(line, rules):
        return None  # "* MAP", "* AP": a menu entry shaped like an agency's code
    found = _parse(line, rules, site)
    return msgspec.structs.replace(found, raw=text.strip()) if found else None


def _parse(line: str, rules: BylineRules, site: set[str]) -> Byline | None:
    cue = rules.cue.match(line)
    if cue:
        return _credit(line, line[cue.end() :], rules, site, cued=True)
    agency_first = _leading_agency(line, rules)
    if agency_first is not None:
        return Byline(authors=[], agency=agency_first, raw=line)
    suffixed = rules.suffix_cue.match(line) if rules.suffix_cue else None
    if suffixed:
        return _credit(line, suffixed.group("names"), rules, site, cued=True)
    mid = rules.mid_cue.search(line)
    if mid and mid.start() > 0:
        # "March 27, 2017 By Eric Hamilton": a stamp before the cue.
        head = line[: mid.start()]
        if len(head.split()) <= _MAX_STAMP_HEAD_WORDS and (
            _is_date_head(head, rules.language) or _COUNT_HEAD.match(head)
        ):
            tail = line[mid.end() :]
            following = _NEXT_FIELD.search(tail)
            names = tail[: following.start()] if following else tail
            return _credit(line, names, rules, site, cued=True)
    signed = _signed_line(line, rules, site)
    if signed is not None:
        return signed
    parts = [p for p in _UNCUED_SEPARATOR.split(line) if p]
    if 2 <= len(parts) <= 3 and any(_agency(p, rules) for p in parts):
        # "Jane Doe | Reuters"
        return _credit(line, line, rules, site, cued=False)
    return None


_NEXT_FIELD = re.compile(r"\s+(?:[|•·]\s*)?[^\W\d_][^\s:：]{0,14}[:：]")
"""The next labelled field of a stamp line after its credit ("作者：林晓雯 来源：海滨日报",
"Author: Jane Doe Source: Harbour Daily"): a word and a colon end the names."""

_NUMERIC_DATE_OR_CLOCK = re.compile(r"\d{1,4}[./-]\d{1,2}(?:[./-]\d{1,4})?|\d{1,2}[:h]\d{2}")


def unglued(text: str) -> str:
    """``text`` with a space put back where a page's text glued a stamp word or a month to the
    name before it ("Jane DoePublished Jul 17", "Jane DoeUpdated", "Lesotho TimesNovember"):
    renderings that drop the markup between two elements join their words."""
    return _glued_stamp().sub(" ", text)


def undoubled(text: str) -> str:
    """One copy of a name a rendering printed twice ("Jane Doe Jane Doe", "Jane DoeJane Doe":
    an avatar's alternative text, then the name)."""
    match = _DOUBLED.match(text.strip())
    return match.group("name") if match else text


_DOUBLED = re.compile(r"^(?P<name>[^\W\d_][^\n]{2,}?)\s*(?P=name)$")


@cache
def _glued_stamp() -> re.Pattern[str]:
    """A small letter, then a capitalised stamp word, month name or the first word of a job
    title (``bylines.toml`` stamp_words and roles, the stamp lexicon's months) that ends
    there."""
    data = load_toml("bylines.toml")
    words = {str(w) for w in data["stamp_words"] if " " not in str(w)}
    words |= {m for m in month_numbers(None) if len(m) >= 3 and m.isalpha()}
    # The first word of a job title of several words ("Jane DoeContact Reporter"): one word
    # alone ("Editor") also ends surnames, two together do not.
    words |= {
        str(r).split()[0] for r in data["roles"] if " " in str(r) and len(str(r).split()[0]) >= 6
    }
    spelled = sorted({w[:1].upper() + w[1:] for w in words}, key=len, reverse=True)
    alternation = "|".join(map(re.escape, spelled))
    return re.compile(rf"(?<=[a-zß-öø-ÿ])(?=(?:{alternation})(?![^\W\d_]))")


def _is_date_head(head: str, language: str | None) -> bool:
    """Whether the words before a mid-line cue are a stamp ("March 27, 2017", "27.03.2017
    14:05"): a number beside a month name, or a numeric date or time. Any digit is not enough:
    "Top 10 Leading Influencers by Followers" is a headline, not a stamp and a credit. An age
    with its "ago" word is a stamp too ("Posted 10 hours ago by Jane Doe")."""
    if _NUMERIC_DATE_OR_CLOCK.search(head) or holds_date(head, language):
        return True
    months = month_numbers(language)
    words = [word.casefold().strip(",.") for word in head.split()]
    return any(ch.isdigit() for ch in head) and any(word in months for word in words)


def _is_bare_cue(text: str, rules: BylineRules) -> bool:
    match = rules.cue.match(text.strip())
    return match is not None and not text.strip()[match.end() :].strip()


def _signed_line(line: str, rules: BylineRules, site: set[str]) -> Byline | None:
    """An uncued name, vouched for by what follows it on the line: a job title
    ("Mark Rogowsky, Contributor") or a date ("Liz Moyer, 03.12.09, 06:00 PM EDT")."""
    handle = re.search(r"\s*(?:[|,·•(]\s*)?@\w", line)
    if handle and _HANDLE_AFTER.match(line[handle.start() :]):
        name = line[: handle.start()].strip()
        if len(name.split()) >= 2 and is_person_name(name) and squash(name) not in site:
            return Byline(authors=[name], agency=None, raw=line)
        return None
    head, comma, tail = line.partition(",")
    if not comma:
        return None
    name = head.strip()
    if len(name.split()) < 2 or not is_person_name(name) or squash(name) in site:
        return None
    role = tail.strip().casefold()
    words = role.split()
    vouched = bool(_DATE_AFTER.match(tail)) or (
        0 < len(words) <= 3 and (role in rules.roles or words[-1] in rules.roles)
    )
    return Byline(authors=[name], agency=None, raw=line) if vouched else None


def _is_ui_label(line: str, rules: BylineRules) -> bool:
    folded = line.casefold().strip(" :.!›»>")
    return folded in rules.ui_labels


def _leading_agency(line: str, rules: BylineRules) -> str | None:
    """``AFP Published 07 Aug, 2023``, ``Reuters`` alone, ``AP — Updated 3h ago``."""
    if len(line) > 90:
        return None
    for size in (4, 3, 2, 1):
        words = line.split()
        if len(words) < size:
            continue
        head = " ".join(words[:size]).rstrip(",:;|-–—")
        agency = _agency(head, rules)
        if agency is None:
            continue
        taken = " ".join(words[:size])
        rest = line[len(taken) :].strip()
        separated = taken[-1] in ",:;|-–—"
        if separated or not rest or rest[0] in "|,;:-–—/•·(" or rest[0].isdigit():
            return agency
        if rules.stamp.match(rest):
            return agency
        return None
    return None


def _agency(text: str, rules: BylineRules) -> str | None:
    cleaned = text.strip(" .,;:()[]|-–—")
    display = rules.agencies.get(cleaned.casefold())
    if display is None:
        return None
    # Short codes ("AP", "PA", "AFP") count only when printed as codes, not as words.
    if len(cleaned) <= 4 and cleaned not in (cleaned.upper(), display):
        return None
    return display


def trailing_agency(
    words: Sequence[str], rules: BylineRules, sizes: Iterable[int]
) -> tuple[int, str] | None:
    """``(size, agency)`` of the first of ``sizes`` whose last words spell a wire agency after
    at least two others ("Jane Doe Associated Press"); None when none does."""
    for size in sizes:
        if len(words) > size + 1:
            agency = _agency(" ".join(words[-size:]), rules)
            if agency:
                return size, agency
    return None


def _credit(
    raw: str, rest: str, rules: BylineRules, site: set[str], *, cued: bool
) -> Byline | None:
    authors: list[str] = []
    agency: str | None = None
    for chunk in _SEPARATOR.split(rest):
        chunk = chunk.strip()
        if not chunk:
            continue
        again = rules.cue.match(chunk) if cued and not authors else None
        if again and chunk[again.end() :].strip():
            chunk = chunk[again.end() :]  # "Autorin/Autor Jane Doe": the cue in two forms
        found = _agency(chunk, rules)
        if found:
            agency = agency or found
            continue
        stops = [
            m
            for m in (
                _NAME_STOP.search(chunk),
                rules.stamp.search(chunk),
                rules.name_end.search(chunk),
                rules.section_end.search(chunk),
            )
            if m
        ]
        cut = min(m.start() for m in stops) if stops else len(chunk)
        names_part = chunk[:cut]
        if cut < len(chunk) and chunk[cut].isdigit():
            # "Jason Ditz, March 21, 2017": the words before a date's number are its month;
            # "Von Jane Doe vom 3. Februar": the word before it opens the date.
            words = names_part.split()
            dated = month_numbers(None).keys() | weekday_names(rules.language)
            while words and words[-1].casefold().strip(",.") in dated:
                words.pop()
            if len(words) > 2 and words[-1].casefold() in rules.date_openers:
                words.pop()
            names_part = " ".join(words)
            if not names_part.strip(" ,;"):
                break
        parsed = _names(names_part, rules, site, after_name=bool(authors), cued=cued)
        if parsed is None:
            if authors or agency:
                break
            return None
        people = [name for name, _ in parsed if name]
        if (
            authors
            and people
            and all(name.isupper() for name in people)
            and not any(author.isupper() for author in authors)
        ):
            break  # "By Jane Doe | NEW YORK": a dateline's place in capitals after the name
        for name, name_agency in parsed:
            if name_agency:
                agency = agency or name_agency
            elif name not in authors:
                authors.append(name)
        if cut < len(chunk):
            break
    if not authors and agency is None:
        return None
    if not cued and not authors:
        return None
    return Byline(authors=authors[:_MAX_AUTHORS], agency=agency, raw=raw)


def _names(
    text: str,
    rules: BylineRules,
    site: set[str],
    *,
    after_name: bool = False,
    cued: bool = False,
) -> list[tuple[str, str | None]] | None:
    """``(name, None)`` per person and ``("", agency)`` per agency; None if one is no name.

    ``after_name``: the line credited a person in an earlier part ("Jane Doe ⋅ ..."), so a part
    holding a job title ("Senior Review Editor") or a lone word is that person's title or desk.
    ``cued``: a credit word opened the line ("מאת", "بقلم"), which vouches for a name in a
    script without capitals that the name's shape cannot.
    """
    found: list[tuple[str, str | None]] = []
    for part in rules.joiner.split(text):
        raw = part.strip(" .,;:")
        piece = _strip_roles(raw, rules)
        if not piece:
            continue
        agency = _agency(piece, rules)
        if after_name and not found and piece != raw and agency is None:
            return None  # "Jane Doe ⋅ Senior Review Editor": the title, not a second person
        words = piece.split()
        if (
            agency is None
            and piece != raw
            and len(words) == 1
            and not _EAST_ASIAN_NAME.match(piece)
        ):
            continue  # "Sports News Editor", "HERALD REPORTER": a desk and its title, no person
        if agency is None and len(words) > 1 and words[0].islower():
            # "da Lusa", "for Reuters": a preposition and the agency.
            agency = _agency(" ".join(words[1:]), rules)
        if agency:
            found.append(("", agency))
            continue
        if not words:
            continue
        trailing = _agency(words[-1], rules) if len(words) > 2 else None
        if trailing and words[-1].isupper():
            # "GREG BEACHAM AP": the agency printed after the name without a comma.
            found.append(("", trailing))
            piece = " ".join(words[:-1])
        else:
            # "Jane Doe The Associated Press": an agency's name of several words, which no
            # surname is, printed after the name.
            spelled = trailing_agency(words, rules, range(len(words) - 2, 1, -1))
            if spelled is not None:
                found.append(("", spelled[1]))
                piece = " ".join(words[: -spelled[0]])
        if (
            (found or after_name)
            and len(piece.split()) == 1
            and not (cued and _EAST_ASIAN_NAME.match(piece))
        ):
            # "By Laura Smith-Spark, CNN": a lone word after a name is a desk or outlet; but
            # a name written without spaces is one word ("记者 李明、王芳").
            break
        people = [name for name, _ in found if name]
        if people and piece.isupper() and not any(name.isupper() for name in people):
            # "By Jane Doe, VATICAN CITY": a dateline's place in capitals after a name
            # written in mixed case.
            break
        if piece.casefold() in rules.not_authors or piece.casefold() in rules.roles:
            continue  # a desk, or a job title on its own ("Jane Doe ⋅ Founder and CEO")
        if squash(piece) in site and (found or after_name):
            continue  # "By Jane Doe, Harbour Gazette": the outlet printed after its writer
        if squash(piece) in site or not (is_person_name(piece) or (cued and _uncased_name(piece))):
            return None
        found.append((piece, None))
    return found


def _strip_roles(piece: str, rules: BylineRules) -> str:
    """``piece`` without trailing job titles and author-box labels ("Jane Doe Staff Writer"),
    and the beats that qualify a title ("Jane Doe Travel News Reporter"), down to two words."""
    words = piece.split()
    trailing = sorted(rules.roles | rules.ui_labels, key=lambda r: -len(r))
    changed = True
    titled = False
    while changed and len(words) > 1:
        changed = False
        lowered = " ".join(words).casefold().rstrip(",.")
        for role in trailing:
            if lowered.endswith(" " + role):
                words = words[: len(words) - len(role.split())]
                changed = titled = True
                break
    while titled and (cut := _ends_in_beat(words, rules.beats)):
        words = words[: len(words) - cut]
    return " ".join(words).strip(" ,;:")


def _ends_in_beat(words: list[str], beats: frozenset[str]) -> int:
    """How many of ``words``' last words name a beat, leaving two words (0: none)."""
    for size in (2, 1):
        if len(words) - size >= 2 and " ".join(words[-size:]).casefold().strip(",.") in beats:
            return size
    return 0


def _uncased_name(piece: str) -> bool:
    """Two to :data:`_MAX_NAME_WORDS` words of letters in scripts without capitals (Hebrew,
    Arabic, Persian, Devanagari...), or one word of a few characters in the scripts that write
    a name without a space (Chinese, Japanese, Korean: "张三", "みどり", "김서연"): all a cued
    name in those scripts can show."""
    words = piece.split()
    if len(words) == 1:
        return _EAST_ASIAN_NAME.match(piece) is not None
    return 2 <= len(words) <= _MAX_NAME_WORDS and all(
        _NAME_WORD.match(word) and not any(ch.isupper() or ch.islower() for ch in word)
        for word in words
    )


def is_person_name(piece: str) -> bool:
    """Whether ``piece`` has the shape of a person's name: one to five words, each capitalised
    or a particle ("de", "van"), and no words glued together by a rendering ("Wedding
    ChecklistsJust Engaged": a capital after six small letters; "McKerracher", "VanderMeer"
    pass). Names of uncased scripts never pass: the shape is the only evidence an uncued line
    gives."""
    if _GLUED_WORDS.search(piece):
        return False
    words = piece.split()
    if not 1 <= len(words) <= _MAX_NAME_WORDS:
        return False
    capitalised = 0
    for word in words:
        if word.casefold() in _PARTICLES:
            continue
        if not _NAME_WORD.match(word) or not word[0].isupper():
            return False
        capitalised += 1
    return capitalised >= 1 and (len(words) >= 2 or len(piece) >= 3)
