"""Authors and wire agency credited for the story.

The credit sits near the headline or the publication stamp: "By Jane Doe and John Roe",
"Por Fulano de Tal", "AFP Published 07 Aug, 2023", "Jane Doe | Reuters". Cue words, joiners,
stamp words, job titles, author-box labels and agency names are data per language
(``bylines.toml``); this module only knows the shapes a credit line takes.
"""

from __future__ import annotations

import re
from functools import cache

import msgspec

from article_normalizer.normalize.dates import month_numbers
from article_normalizer.normalize.models import Byline
from article_normalizer.normalize.outlet import site_names_of, squash
from article_normalizer.normalize.page import Claim, Found, Page
from article_normalizer.rules import load_toml
from article_normalizer.rules.fields import BylineRules, byline_rules

_MAX_LINE = 160
_MAX_NAME_WORDS = 5
_MAX_AUTHORS = 6
_ABOVE_TITLE = 6
_BELOW_TITLE = 8
_ABOVE_STORY = 10
_SEPARATOR = re.compile(r"\s*(?:\||/|•|·|\s[-–—]\s)\s*")
_UNCUED_SEPARATOR = re.compile(r"\s*(?:\||•|·|\s[-–—]\s)\s*")
"""Photo credits ("JIM WATSON/AFP/Getty Images") use slashes; uncued credit lines do not."""
_NAME_STOP = re.compile(r"\d|\(|\||•|·|\s[-–—]\s|@|https?:|www\.")
_MID_CUE = re.compile(r"(?:^|\s)(?P<cue>by|por|par|von|di|door)\s+(?=\S)", re.IGNORECASE)
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
_NAME_WORD = re.compile(r"^(?:[^\W\d_][\w'’.\-]*|[A-Z]\.)$")
_SKIP_KINDS = frozenset({"title", "dateline"})
_BULLET = re.compile(r"^[*+•·▪►-]\s+")
_HANDLE_AFTER = re.compile(r"^\s*(?:[|,·•(]\s*)?@\w{2,}\)?\s*$")
"""A social handle after a name: "Arjun Kharpal | @ArjunKharpal", "Jane Doe (@janedoe)"."""
_DATE_AFTER = re.compile(r"^\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
"""A numeric date right after the comma: "Liz Moyer, 03.12.09". A month name is not enough:
"New York, Jan 16" is a place and a date."""


def find_byline(page: Page, title: int | None = None) -> Found[Byline | None]:
    """The byline, claiming its line as ``byline_stamp``; None when the page credits nobody.

    ``title`` is the headline's line (the title stage's claim): credits sit around it.
    Publisher metadata (``page.metadata.authors``) is trusted for the names when present; the
    printed credit line is still looked for, to claim it and to read an agency from it.
    """
    rules = byline_rules(page.language)
    site = set(site_names_of(page))
    printed, claims = _printed_byline(page, title, rules, site)
    declared = _declared_byline(page, rules, site)
    if declared is None:
        return Found(printed or _credit_beside_headline(page, title, rules, site), claims)
    if printed is not None and {squash(a) for a in printed.authors} & {
        squash(a) for a in declared.authors
    }:
        return Found(
            msgspec.structs.replace(printed, agency=printed.agency or declared.agency), claims
        )
    return Found(declared, claims)


def _declared_byline(page: Page, rules: BylineRules, site: set[str]) -> Byline | None:
    """The byline from publisher metadata; agencies among its "authors" are set apart."""
    if page.metadata is None or not page.metadata.authors:
        return None
    authors: list[str] = []
    agency: str | None = None
    for raw in page.metadata.authors:
        name = " ".join(raw.split())
        if not name:
            continue
        found = _agency(name, rules)
        if found:
            agency = agency or found
            continue
        for person in _declared_people(name, rules, site):
            found = _agency(person, rules)
            if found:
                agency = agency or found
            elif person not in authors:
                authors.append(person)
    if not authors and agency is None:
        return None
    return Byline(
        authors=authors[:_MAX_AUTHORS], agency=agency, raw=", ".join(page.metadata.authors)
    )


def _declared_people(raw: str, rules: BylineRules, site: set[str]) -> list[str]:
    """The people one declared author string names ("Jane Doe, Staff Writer", "Jane Doe and
    John Roe"), in order; none when it names no person.

    Publishers fill their author fields with whatever their CMS holds: photo credits ("STAFF
    PHOTO BY KATHY ANDERSON"), stamps ("Published January"), desks and wires ("Agencies",
    "File"), e-mail addresses, record ids, a "By" left in front, a job title after a comma.
    The first name is vetted leniently, because declared names come in every script and
    casing; a further piece of the same string must look like a name (when its script has
    case) and not end in a job title, or it is the first person's title or employer.
    """
    name = _RSS_AUTHOR.sub(r"\1", raw.strip())
    cue = rules.cue.match(name)
    if cue:
        name = name[cue.end() :]
    stamp = _stamp_start(name, rules)
    if stamp is not None:
        name = name[:stamp]
    pieces = rules.joiner.split(name)
    if not all(_agency(p, rules) or len(p.split()) >= 2 or not _cased(p) for p in pieces):
        # Not a list of people: one name with a joiner word in it ("Starts With A Bang"),
        # surname first ("Doe, Jane"), or with credentials ("Jane Doe, MS, RD").
        pieces = [name]
    people: list[str] = []
    for position, piece in enumerate(pieces):
        piece = _TRAILING_COUNT.sub("", piece.strip(" .,;:|-–—"))
        if _agency(piece, rules):
            people.append(piece)  # the caller sets it apart as the agency
            continue
        if position and (_ends_in_role(piece, rules) or (_cased(piece) and not _is_name(piece))):
            continue
        person = _declared_person(piece, rules, site)
        if person is not None and person not in people:
            people.append(person)
    return people


def _declared_person(name: str, rules: BylineRules, site: set[str]) -> str | None:
    """One declared name vetted with the printed credits' vocabulary, or None."""
    stripped = _strip_roles(name, rules)
    if len(stripped.split()) >= 2 or len(name.split()) == 1:
        # A desk credit ("WIRED Staff", "MND Staff") stays whole: its first word alone would
        # read as a person or as the outlet.
        name = stripped
    if not name or "@" in name or _mostly_digits(name):
        return None
    folded = name.casefold()
    if folded in rules.not_authors or _is_ui_label(name, rules) or _is_stamp(name, rules):
        return None
    if _photo_word().search(name) or squash(name) in site:
        return None
    return name


_RSS_AUTHOR = re.compile(r"^\S+@\S+\s*\(([^()]+)\)$")
"""RSS's author form, an address and the name in brackets: "desk@example.com (Jane Doe)"."""
_TRAILING_COUNT = re.compile(r"\s+\d{1,5}$")
"""A forum's post count after the poster's name ("Vader 6")."""


def _stamp_start(name: str, rules: BylineRules) -> int | None:
    """Where a stamp begins inside a declared name ("Jane Doe Last Updated August 1")."""
    for match in rules.stamp.finditer(name):
        if match.start() and _is_stamp(name[match.start() :].strip(), rules):
            return match.start()
    return None


def _ends_in_role(piece: str, rules: BylineRules) -> bool:
    folded = piece.casefold()
    return any(folded == role or folded.endswith(" " + role) for role in rules.roles)


def _cased(piece: str) -> bool:
    """Whether the piece is written in a script with case (Latin, Greek, Cyrillic...)."""
    return any(ch.isupper() or ch.islower() for ch in piece)


def _mostly_digits(name: str) -> bool:
    """A record id or a date ("105092", "3d23d65-ddc6-4ce5", "12 March 2024", "August"), not
    a name with a number in it ("BR24 Redaktion", a handle like "ggailey777")."""
    digits = sum(ch.isdigit() for ch in name)
    if digits * 3 > len(name.replace(" ", "")):
        return True
    months = month_numbers(None)
    words = [word.casefold().strip(",.") for word in name.split()]
    if all(word in months or word in _weekdays() for word in words):
        return True  # "August", "Sun Dec": a date with its numbers cut off
    return digits > 0 and any(word in months for word in words)


@cache
def _weekdays() -> frozenset[str]:
    """Weekday names and abbreviations as author fields print them (``bylines.toml``)."""
    return frozenset(w.casefold() for w in load_toml("bylines.toml")["weekdays"])


def _is_stamp(name: str, rules: BylineRules) -> bool:
    """A stamp word and a month, or the stamp word alone ("Published January", "Updated").

    The month is asked for because stamp words include short ones ("on", "fri") that open
    names too ("On Yeung")."""
    stamp = rules.stamp.match(name)
    if stamp is None:
        return False
    rest = name[stamp.end() :].split()
    return not rest or rest[0].casefold().strip(",.") in month_numbers(None)


@cache
def _photo_word() -> re.Pattern[str]:
    """A word that credits a picture (``photo_credits.toml``): a credit holding one names
    whoever took the photograph, not the story's author."""
    words = load_toml("photo_credits.toml")["photo_words"]
    return re.compile(
        rf"\b(?:{'|'.join(re.escape(w) for w in sorted(words, key=len, reverse=True))})\b",
        re.IGNORECASE,
    )


def _printed_byline(
    page: Page, title: int | None, rules: BylineRules, site: set[str]
) -> tuple[Byline | None, tuple[Claim, ...]]:
    claims: list[Claim] = []
    for index in _search_order(page, title):
        if page.decisions[index].kind in _SKIP_KINDS:
            continue
        text = page.blocks[index].text
        if len(text) > _MAX_LINE:
            continue
        byline = parse_byline(text, rules, site)
        if byline is None and _is_bare_cue(text, rules) and index + 1 < len(page.blocks):
            # "By" on a line of its own, the names on the next one.
            joined = f"{text} {page.blocks[index + 1].text}"
            byline = parse_byline(joined, rules, site)
            if byline is not None and page.decisions[index + 1].kind not in _SKIP_KINDS:
                claims.append(Claim(index + 1, "byline_stamp", "byline:credit"))
        if byline is not None:
            if page.decisions[index].kind != "byline_stamp":
                claims.append(Claim(index, "byline_stamp", "byline:credit"))
            return byline, tuple(claims)
    return None, ()


def _credit_beside_headline(
    page: Page, title: int | None, rules: BylineRules, site: set[str]
) -> Byline | None:
    """HTML input: a credit line printed next to the headline in the whole page.

    trafilatura keeps the article element, and many pages print the credit outside it (a
    header band above the article, an author box beside it). Only lines next to where the
    headline is printed are read, as in the extracted text: a "By ..." line anywhere else on a
    page belongs to a teaser or a comment as often as to the story.
    """
    if page.metadata is None or page.metadata.page_lines is None:
        return None
    key = squash(page.blocks[title].text if title is not None else "")
    if not key:
        return None
    body = {squash(page.blocks[i].text) for i in page.body_indexes()}
    lines = page.metadata.page_lines()
    for at in (i for i, line in enumerate(lines) if squash(line) == key):
        below = range(at + 1, min(len(lines), at + 1 + _BELOW_TITLE))
        above = range(at - 1, max(-1, at - 1 - _ABOVE_TITLE), -1)
        for side in (below, above):
            byline = _credit_in(lines, side, key, body, rules, site)
            if byline is not None:
                return byline
    return None


def _credit_in(
    lines: list[str], side: range, key: str, body: set[str], rules: BylineRules, site: set[str]
) -> Byline | None:
    """The first credit among ``lines[side]``, read up to the story: past its first line a
    credit is another story's (a teaser's, a comment's)."""
    for index in side:
        text = lines[index]
        squashed = squash(text)
        if squashed and squashed in body:
            return None
        if len(text) > _MAX_LINE or squashed == key:
            continue
        if _is_bare_cue(text, rules) and index + 1 < len(lines):
            text = f"{text} {lines[index + 1]}"
        byline = parse_byline(text, rules, site)
        if byline is not None:
            return byline
    return None


def _search_order(page: Page, title: int | None) -> list[int]:
    """Lines just below the headline first, then above it, then just above the story."""
    n = len(page.blocks)
    story = next((i for i, d in enumerate(page.decisions) if d.is_body), None)
    order: list[int] = []
    if title is not None:
        order += range(title + 1, min(n, title + 1 + _BELOW_TITLE))
        order += range(title - 1, max(-1, title - 1 - _ABOVE_TITLE), -1)
    order += [i for i, d in enumerate(page.decisions) if d.kind == "byline_stamp"]
    if story is not None:
        order += range(story - 1, max(-1, story - 1 - _ABOVE_STORY), -1)
        order += [story]
    return list(dict.fromkeys(i for i in order if 0 <= i < n))


def parse_byline(text: str, rules: BylineRules, site: set[str] | None = None) -> Byline | None:
    """The credit in one line, or None when the line is not a credit line.

    ``site`` holds squashed spellings of the outlet's own name, which is never an author.
    """
    site = site or set()
    line = _BULLET.sub("", text.strip())
    if _is_ui_label(line, rules):
        return None
    found = _parse(line, rules, site)
    return msgspec.structs.replace(found, raw=text.strip()) if found else None


def _parse(line: str, rules: BylineRules, site: set[str]) -> Byline | None:
    cue = rules.cue.match(line)
    if cue:
        return _credit(line, line[cue.end() :], rules, site, cued=True)
    agency_first = _leading_agency(line, rules)
    if agency_first is not None:
        return Byline(authors=[], agency=agency_first, raw=line)
    mid = _MID_CUE.search(line)
    if mid and mid.start() > 0 and rules.cue.match(mid.group(0).strip()):
        # "March 27, 2017 By Eric Hamilton": a stamp before the cue.
        head = line[: mid.start()]
        if any(ch.isdigit() for ch in head) and len(head.split()) <= 6:
            return _credit(line, line[mid.end() :], rules, site, cued=True)
    signed = _signed_line(line, rules, site)
    if signed is not None:
        return signed
    parts = [p for p in _UNCUED_SEPARATOR.split(line) if p]
    if 2 <= len(parts) <= 3 and any(_agency(p, rules) for p in parts):
        # "Jane Doe | Reuters"
        return _credit(line, line, rules, site, cued=False)
    return None


def _is_bare_cue(text: str, rules: BylineRules) -> bool:
    match = rules.cue.match(text.strip())
    return match is not None and not text.strip()[match.end() :].strip()


def _signed_line(line: str, rules: BylineRules, site: set[str]) -> Byline | None:
    """An uncued name, vouched for by what follows it on the line: a job title
    ("Mark Rogowsky, Contributor") or a date ("Liz Moyer, 03.12.09, 06:00 PM EDT")."""
    handle = re.search(r"\s*(?:[|,·•(]\s*)?@\w", line)
    if handle and _HANDLE_AFTER.match(line[handle.start() :]):
        name = line[: handle.start()].strip()
        if len(name.split()) >= 2 and _is_name(name) and squash(name) not in site:
            return Byline(authors=[name], agency=None, raw=line)
        return None
    head, comma, tail = line.partition(",")
    if not comma:
        return None
    name = head.strip()
    if len(name.split()) < 2 or not _is_name(name) or squash(name) in site:
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


def _credit(
    raw: str, rest: str, rules: BylineRules, site: set[str], *, cued: bool
) -> Byline | None:
    authors: list[str] = []
    agency: str | None = None
    for chunk in _SEPARATOR.split(rest):
        chunk = chunk.strip()
        if not chunk:
            continue
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
            )
            if m
        ]
        cut = min(m.start() for m in stops) if stops else len(chunk)
        names_part = chunk[:cut]
        if cut < len(chunk) and chunk[cut].isdigit():
            # "Jason Ditz, March 21, 2017": the words before a date's number are its month.
            words = names_part.split()
            months = month_numbers(None)
            while words and words[-1].casefold().strip(",.") in months:
                words.pop()
            names_part = " ".join(words)
            if not names_part.strip(" ,;"):
                break
        parsed = _names(names_part, rules, site)
        if parsed is None:
            if authors or agency:
                break
            return None
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


def _names(text: str, rules: BylineRules, site: set[str]) -> list[tuple[str, str | None]] | None:
    """``(name, None)`` per person and ``("", agency)`` per agency; None if one is no name."""
    found: list[tuple[str, str | None]] = []
    for piece in rules.joiner.split(text):
        piece = _strip_roles(piece.strip(" .,;:"), rules)
        if not piece:
            continue
        agency = _agency(piece, rules)
        words = piece.split()
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
        if found and len(piece.split()) == 1:
            # "By Laura Smith-Spark, CNN": a lone word after a name is a desk or outlet.
            break
        if piece.casefold() in rules.not_authors:
            continue
        if squash(piece) in site or not _is_name(piece):
            return None
        found.append((piece, None))
    return found


def _strip_roles(piece: str, rules: BylineRules) -> str:
    """``piece`` without trailing job titles and author-box labels ("Jane Doe Staff Writer")."""
    words = piece.split()
    trailing = sorted(rules.roles | rules.ui_labels, key=lambda r: -len(r))
    changed = True
    while changed and len(words) > 1:
        changed = False
        lowered = " ".join(words).casefold().rstrip(",.")
        for role in trailing:
            if lowered.endswith(" " + role):
                words = words[: len(words) - len(role.split())]
                changed = True
                break
    return " ".join(words).strip(" ,;:")


def _is_name(piece: str) -> bool:
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
