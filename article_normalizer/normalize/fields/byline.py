"""Authors and wire agency credited for the story.

The credit sits near the headline or the publication stamp: "By Jane Doe and John Roe",
"Por Fulano de Tal", "AFP Published 07 Aug, 2023", "Jane Doe | Reuters". Cue words, joiners,
stamp words, job titles, author-box labels and agency names are data per language
(``bylines.toml``); this module only knows the shapes a credit line takes.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import islice

import msgspec

from article_normalizer.normalize.fields.credit_line import (
    _BULLET,
    _MAX_AUTHORS,
    _PARTICLES,
    _agency,
    _is_bare_cue,
    _is_ui_label,
    _strip_roles,
    is_person_name,
    parse_byline,
    trailing_agency,
    undoubled,
    unglued,
)
from article_normalizer.normalize.fields.outlet import site_names_of
from article_normalizer.normalize.fields.stamp_lexicon import (
    holds_date,
    month_numbers,
    without_stamps,
)
from article_normalizer.normalize.lines.kinds import line_evidence
from article_normalizer.normalize.models import Byline
from article_normalizer.normalize.page import Claim, Found, Page
from article_normalizer.normalize.textkeys import squash
from article_normalizer.normalize.urls import names_a_host
from article_normalizer.rules import load_toml
from article_normalizer.rules.clutter import ClutterLexicon, label_key
from article_normalizer.rules.fields import BylineRules, byline_rules

_MAX_LINE = 160
_ABOVE_TITLE = 6
_BELOW_TITLE = 8
_ABOVE_STORY = 10
_SKIP_KINDS = frozenset({"title", "dateline"})


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
    vocabulary: frozenset[str] | None = None
    if declared is None:
        if printed is None:
            # Names without a cue are told from headings by the page's own words, read once.
            vocabulary = _lowercase_words(page)
            printed, claims = _name_beside_stamp(page, title, rules, site, vocabulary)
            if printed is None:
                printed, claims = _names_at_the_credit(page, title, rules, site, vocabulary)
            if printed is None and page.metadata is None:
                printed, claims = _one_credit_in_the_page(page, rules, site, vocabulary)
        byline = printed or _credit_beside_headline(page, title, rules, site)
    elif printed is not None and {squash(a) for a in printed.authors} & {
        squash(a) for a in declared.authors
    }:
        byline = msgspec.structs.replace(printed, agency=printed.agency or declared.agency)
    else:
        byline = declared
    if byline is not None:
        byline = _names_as_printed_alone(byline, page)
        if len(byline.authors) > 1:
            vocabulary = _lowercase_words(page) if vocabulary is None else vocabulary
            byline = _without_headings(byline, vocabulary)
    return Found(byline, claims + _reading_time_claims(page, title, rules, claims))


def _names_as_printed_alone(byline: Byline, page: Page) -> Byline:
    """The byline with each author cut to the start of it the page prints as a line of its own.

    A credit line runs the name into what follows it when a rendering joins two elements: the
    author's job or desk ("Jane Doe Executive Digital Editor"), the outlet ("Jane Doe St. Louis
    Post-Dispatch"), a section ("Jane Doe Global Commons"). Where the author box or a list of
    authors prints the name alone ("Jane Doe"), the longest such start of at least two words is
    the name."""
    if not any(len(author.split()) > 2 for author in byline.authors):
        return byline
    alone = {squash(_BULLET.sub("", block.text.strip())) for block in page.blocks}
    authors = [_printed_start(author, alone) for author in byline.authors]
    if authors == byline.authors:
        return byline
    return msgspec.structs.replace(byline, authors=authors)


def _without_headings(byline: Byline, vocabulary: frozenset[str]) -> Byline:
    """The byline without the further authors every word of which the page prints in lower
    case (``vocabulary``): an author box's topics or a credit's section split off as names
    ("Jane Doe", "Privacy", "Digital Security"). The first author stays: a forum's user name
    ("pelex") is as often a word of the thread."""
    authors = byline.authors[:1] + [
        author for author in byline.authors[1:] if not _in_page_words(author, vocabulary)
    ]
    if authors == byline.authors:
        return byline
    return msgspec.structs.replace(byline, authors=authors)


def _printed_start(author: str, alone: set[str]) -> str:
    words = author.split()
    for size in range(len(words) - 1, 1, -1):
        start = " ".join(words[:size]).rstrip(" .,;:|-–—")
        if squash(start) in alone:
            return start
    return author


def _reading_time_claims(
    page: Page, title: int | None, rules: BylineRules, claims: tuple[Claim, ...]
) -> tuple[Claim, ...]:
    """The reading-time notes where a credit is looked for ("7 min read"), claimed with the
    credit: an author box prints them beside the name and the stamp, and a reader counts
    them as the byline's, not as clutter of unknown kind."""
    taken = {claim.index for claim in claims}
    return tuple(
        Claim(index, "byline_stamp", "byline:reading_time")
        for index in _search_order(page, title)
        if index not in taken
        and not page.decisions[index].is_body
        and page.decisions[index].kind not in _SKIP_KINDS
        and page.decisions[index].kind != "byline_stamp"
        and _reading_time_line(page.blocks[index].text, page, rules)
    )


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
        if authors and _ends_in_role(name, rules):
            continue  # ["Jane Doe", "Lead Reviewer"]: her title, declared as an author of its own
        for person in _declared_people(name, rules, site):
            found = _agency(person, rules)
            if found:
                agency = agency or found
            elif person not in authors and not _is_page_label(person, page):
                authors.append(person)
    if not authors and agency is None:
        return None
    return Byline(
        authors=authors[:_MAX_AUTHORS], agency=agency, raw=", ".join(page.metadata.authors)
    )


def _is_page_label(name: str, page: Page) -> bool:
    """Whether a declared name is a whole-line label of the page language's clutter files (a
    template's "Войти", "Anmelden" or "Home" filled into the author field)."""
    key = label_key(name)
    return any(key in lexicon.label_kinds for lexicon in page.profile.clutter)


def _declared_people(raw: str, rules: BylineRules, site: set[str]) -> list[str]:
    """The people one declared author string names ("Jane Doe, Staff Writer", "Jane Doe and
    John Roe"), in order; none when it names no person.

    Publishers fill their author fields with whatever their CMS holds: photo credits ("STAFF
    PHOTO BY KATHY ANDERSON"), stamps ("Published January"), desks and wires ("Agencies",
    "File"), an author box's link words ("Read more about Jane Doe"), e-mail addresses, record
    ids, a "By" left in front, a job title after a comma. The first name is vetted leniently,
    because declared names come in every script and casing; a further piece of the same string
    must look like a name (when its script has case) and not end in a job title, or it is the
    first person's title or employer.
    """
    name = undoubled(unglued(_RSS_AUTHOR.sub(r"\1", raw.strip())))
    name = _without_address(name)
    if names_a_host(name):
        return []  # the site filled the field: "BIOLOG.PL", "rizospastis.gr | Synchroni Epochi"
    name = rules.ui_prefix.sub("", name, count=1)  # "Read more about Jane Doe"
    cue = rules.cue.match(name)
    start = cue.end() if cue else _mid_cue(name, rules)
    if start:
        name = name[start:]
    stamp = _stamp_start(name, rules)
    if stamp is not None:
        name = name[:stamp]
    second = rules.name_end.search(name)
    if second is not None and len(name[: second.start()].split()) >= 2:
        # "Jane Doe, DVM Reviewed by John Roe"; "Center for Drug Research" is one name
        name = name[: second.start()]
    name = _without_trailing_dates(_without_initials(name))
    pieces = rules.joiner.split(name)
    if not all(_agency(p, rules) or len(p.split()) >= 2 or not _cased(p) for p in pieces):
        # Not a list of people: one name with a joiner word in it ("Starts With A Bang"),
        # surname first ("Doe, Jane"), or with credentials ("Jane Doe, MS, RD").
        pieces = [name]
    people: list[str] = []
    for position, piece in enumerate(pieces):
        piece = _TRAILING_COUNT.sub("", piece.strip(" .,;:|-–—"))
        if rules.company_form.search(piece):
            continue  # the publisher or its owner: "Pocket-lint Ltd", "AWR Wprost Sp. z o.o."
        if _agency(piece, rules):
            people.append(piece)  # the caller sets it apart as the agency
            continue
        if position and (
            _ends_in_role(piece, rules) or (_cased(piece) and not is_person_name(piece))
        ):
            continue
        person = _declared_person(piece, rules, site)
        if person is not None and person not in people:
            people.append(person)
    return people


_BRACKETED = re.compile(r"\s*[(\[<]([^()\[\]<>]*)[)\]>]")
_LAST_WORD = re.compile(r"[\s,;|·•–—-]+(\S+)$")


def _without_address(name: str) -> str:
    """The declared name without the web address a profile adds after it ("Jane Doe
    (http://example.org/jane/)", "Jane Doe CTVNews.ca"): a bracketed one anywhere, a bare one
    at the end when two words are left before it."""
    name = _BRACKETED.sub(lambda m: "" if names_a_host(m.group(1)) else m.group(0), name)
    last = _LAST_WORD.search(name)
    if last is not None and names_a_host(last.group(1)):
        rest = name[: last.start()].strip()
        if len(rest.split()) >= 2 and not names_a_host(rest):
            return rest
    return name.strip()


def _mid_cue(name: str, rules: BylineRules) -> int | None:
    """Where the names start after a cue that follows words that are no name ("This post was
    written by Jane Doe", "Recipe by Jane Doe"): a sentence or a one-word label leads into the
    credit. None when there is no such cue."""
    for space in re.finditer(r"\s+", name):
        rest = name[space.end() :]
        cue = rules.cue.match(rest)
        if cue is None or not rest[cue.end() :].strip():
            continue
        head = name[: space.start()].split()
        if len(head) == 1 or any(word.islower() and word not in _PARTICLES for word in head):
            return space.end() + cue.end()
        return None
    return None


def _without_initials(name: str) -> str:
    """The name without an avatar's initials printed before it ("JD Jane Doe")."""
    words = name.split()
    if len(words) >= 3 and words[0].isupper() and 2 <= len(words[0]) <= 3:
        initials = "".join(word[0] for word in words[1 : 1 + len(words[0])])
        if words[0] == initials.upper() and not all(word.isupper() for word in words):
            return " ".join(words[1:])
    return name


def _without_trailing_dates(name: str) -> str:
    """The name without the month or weekday of a stamp cut off after it ("Jane Doe December",
    "Jane Doe • March"), as long as two words are left ("Theresa May" keeps hers)."""
    words = name.split()
    months = month_numbers(None)
    while len(words) > 2 and (
        words[-1].casefold().strip(",.") in months
        or words[-1].casefold().strip(",.") in _weekdays()
        or not any(ch.isalnum() for ch in words[-1])
    ):
        words.pop()
    return " ".join(words)


def _declared_person(name: str, rules: BylineRules, site: set[str]) -> str | None:
    """One declared name vetted with the printed credits' vocabulary, or None."""
    if _is_ui_label(name, rules):
        return None  # before roles are cut: "Email the author" is a label, not "Email the"
    stripped = _strip_roles(name, rules)
    if len(stripped.split()) >= 2 or len(name.split()) == 1:
        # A desk credit ("WIRED Staff", "MND Staff") stays whole: its first word alone would
        # read as a person or as the outlet.
        name = stripped
    if not name or "@" in name or _mostly_digits(name) or _DOTTED.fullmatch(name):
        return None
    folded = name.casefold()
    if folded in rules.not_authors or _is_ui_label(name, rules) or _is_stamp(name, rules):
        return None
    if _photo_word().search(name) or squash(name) in site:
        return None
    return name


_RSS_AUTHOR = re.compile(r"^\S+@\S+\s*\(([^()]+)\)$")
"""RSS's author form, an address and the name in brackets: "desk@example.com (Jane Doe)"."""
_DOTTED = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)+")
"""A template placeholder or a login, not a name: "page.head.extra.author", "jane.doe"."""
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
        if byline is None:
            byline = _cued_cell(page.blocks[index].cells, rules, site)
        if byline is None and _is_bare_cue(text, rules) and index + 1 < len(page.blocks):
            # "By" on a line of its own, the names on the next one (a list item, "* Jane Doe",
            # when the credit is a list of authors).
            joined = f"{text} {_BULLET.sub('', page.blocks[index + 1].text.strip())}"
            byline = parse_byline(joined, rules, site)
            if byline is not None and page.decisions[index + 1].kind not in _SKIP_KINDS:
                claims.append(Claim(index + 1, "byline_stamp", "byline:credit"))
        if byline is not None:
            if page.decisions[index].kind != "byline_stamp":
                claims.append(Claim(index, "byline_stamp", "byline:credit"))
            return byline, tuple(claims)
    return None, ()


def _cued_cell(cells: tuple[str, ...], rules: BylineRules, site: set[str]) -> Byline | None:
    """The credit in one table cell of a line that is no credit whole: a text rendering of a
    page laid out in columns prints a menu's or a sidebar's words and the credit on one line,
    a wide gap apart ("Jam      By Jane Doe -- Harbour Media"). Only a cell that opens with a
    credit cue is read: an uncued name in a row of cells is as often a menu entry."""
    for cell in cells:
        if rules.cue.match(cell) and (byline := parse_byline(cell, rules, site)) is not None:
            return byline
    return None


def _name_beside_stamp(
    page: Page, title: int | None, rules: BylineRules, site: set[str], vocabulary: frozenset[str]
) -> tuple[Byline | None, tuple[Claim, ...]]:
    """A person's name printed without a cue where author boxes put it, as text renders them:
    alone on the line next to the story's stamp ("Jane Doe" over "Friday 22 November 2024
    08:49 GMT"), above its job title and the stamp ("Jane Doe" / "Senior Analyst" / "May 6,
    2025"), or on the stamp's own line ("Jane Doe October 14, 2025", "Jane Doe 5 hours ago").

    Only lines where a credit is looked for anyway (around the headline, above the story) are
    read, and the name must be a bare name (:func:`_bare_name`): a name-shaped line anywhere
    else is a heading or a menu entry as often as a person.
    """
    for index in _search_order(page, title):
        decision = page.decisions[index]
        if decision.kind in _SKIP_KINDS or decision.is_body:
            continue
        text = page.blocks[index].text
        name = _name_before_stamp(
            unglued(text), page, rules, site, vocabulary
        ) or _name_among_stamp_parts(unglued(text), page, rules, site, vocabulary)
        if name is not None:
            byline = Byline(authors=[name], agency=None, raw=text.strip())
            return byline, (Claim(index, "byline_stamp", "byline:beside_stamp"),)
        if not _DIGIT.search(text) or not (
            decision.kind == "byline_stamp" or _reading_time_line(text, page, rules)
        ):
            continue
        # A line with nothing to read (a lone bullet, an icon font's glyph) stands between a
        # rendering's fields without parting them.
        above = _printed_neighbour(page, index, -1)
        below = _printed_neighbour(page, index, 1)
        two_up = _printed_neighbour(page, above, -1)
        titled = two_up >= 0 and _job_title_shaped(page, above)
        # A job title over the stamp ("Senior Transport Reporter") reads as a name once its
        # role word is cut: the line above it is looked at first.
        first = (two_up,) if titled and _ends_in_role(page.blocks[above].text, rules) else ()
        for beside in (*first, above, below, two_up):
            if not 0 <= beside < len(page.blocks):
                continue
            if beside == two_up and not (titled and not _BULLET.match(page.blocks[beside].text)):
                continue  # a list item two lines up is a menu entry as often as a name
            decision = page.decisions[beside]
            if decision.kind in _SKIP_KINDS or decision.kind == "byline_stamp" or decision.is_body:
                continue
            name = _bare_name(page.blocks[beside].text, page, rules, site, vocabulary)
            if name is not None and not _over_photo_credit(page, beside):
                raw = page.blocks[beside].text.strip()
                byline = Byline(authors=[name], agency=None, raw=raw)
                return byline, (Claim(beside, "byline_stamp", "byline:beside_stamp"),)
    return None, ()


_PRINTED = re.compile(r"\w")


def _printed_neighbour(page: Page, index: int, step: int) -> int:
    """The next line from ``index`` in direction ``step`` (-1 or 1), past one line that prints
    no letter or digit (a run of empty bullets parts a page's sections, one does not)."""
    j = index + step
    if 0 <= j < len(page.blocks) and not _PRINTED.search(page.blocks[j].text):
        j += step
    return j


def _one_credit_in_the_page(
    page: Page, rules: BylineRules, site: set[str], vocabulary: frozenset[str]
) -> tuple[Byline | None, tuple[Claim, ...]]:
    """Text input: the credit of an author box printed away from the headline ("Written by
    Jane Doe" under the story, "Author:" over "Jane Doe" in a side column), read when nothing
    near the headline credits anyone.

    Only cued credits count (a cue and the names, or a cue alone on its line over the names),
    only when every name has the shape of an uncued one (:func:`_uncued_shape`: away from the
    headline, "By Company Size" is a menu's filter and "by North Korea" a sentence's end),
    and only when every cued credit on the page names the same people: a list of teasers or
    of comments credits several, and then none of them is the story's, unless one of them is
    an author box's, with the job title under the name.
    """
    found: list[tuple[int, Byline, tuple[int, ...]]] = []
    for index, (block, decision) in enumerate(zip(page.blocks, page.decisions, strict=True)):
        if decision.kind in _SKIP_KINDS or decision.kind in _LIST_KINDS:
            continue
        text = _BULLET.sub("", block.text.strip())
        if len(text) > _MAX_LINE or not rules.cue.match(text):
            continue
        lines: tuple[int, ...] = (index,)
        if _is_bare_cue(text, rules):
            following = index + 1
            if following >= len(page.blocks) or page.decisions[following].kind in _SKIP_KINDS:
                continue
            text = f"{text} {_BULLET.sub('', page.blocks[following].text.strip())}"
            lines = (index, following)
        byline = parse_byline(text, rules, site)
        if byline is None:
            continue
        if not byline.authors:
            return None, ()  # an agency's credit: the story is a wire's, read near the headline
        if not all(_uncued_shape(a, page, rules, site, vocabulary) for a in byline.authors):
            continue  # "By Topic", "By Company Size", "by North Korea": no person
        found.append((index, byline, lines))
    people = {tuple(squash(a) for a in byline.authors) for _, byline, _ in found}
    if len(people) > 1:
        # An author box prints the job title under the name ("Kommentar von" / "Nicole
        # Opitz" / "Redakteurin"); a teaser's credit has the next story's headline there.
        found = [
            (index, byline, lines)
            for index, byline, lines in found
            if _role_below(page, lines[-1], rules)
        ]
        people = {tuple(squash(a) for a in byline.authors) for _, byline, _ in found}
    if len(people) != 1:
        return None, ()
    _, byline, lines = found[0]
    return byline, tuple(Claim(i, "byline_stamp", "byline:author_box") for i in lines)


def _is_role_line(page: Page, index: int, rules: BylineRules) -> bool:
    """Whether the line is a job title alone ("Redakteurin", "Senior Political Reporter")."""
    text = page.blocks[index].text.strip(" *•·|,;:.")
    return _job_title_shaped(page, index) and _ends_in_role(text, rules)


def _uncued_shape(
    name: str, page: Page, rules: BylineRules, site: set[str], vocabulary: frozenset[str]
) -> bool:
    """Whether ``name`` would be read as a bare name (:func:`_bare_name`) and the page never
    prints any of its words in lower case (``vocabulary``, :func:`_lowercase_words`)."""
    if _bare_name(name, page, rules, site, vocabulary) is None:
        return False
    return not any(word.casefold() in vocabulary for word in _WORDS.findall(name))


_LIST_KINDS = frozenset({"comment", "comment_box"})
"""Kinds whose cued lines credit a reader ("Posted by Jane Doe" over a comment)."""


def _names_at_the_credit(
    page: Page, title: int | None, rules: BylineRules, site: set[str], vocabulary: frozenset[str]
) -> tuple[Byline | None, tuple[Claim, ...]]:
    """People's names printed alone, without a cue or a stamp, where the credit line goes: the
    first lines below the headline ("Jane Doe", "Jane Doe and John Roe", "Jane Doe | John
    Roe", "Jane Doe Associated Press").

    A line of capitalised words there is a menu entry, a button ("Start Trial"), a section's
    heading or the label of a photo of someone the story is about as often as a credit. So
    every word of the names must be one the page never prints in lower case
    (:func:`_lowercase_words`: a button's or a heading's words are the page's vocabulary, a
    person's name is not), and no name may be printed in the headline, a caption or the story
    (:func:`_named_in_the_story`): the story names the people it is about, not its author.

    Further down, past a deck, a photo and its caption (which the line model may take for the
    story's start), names are read only when the line vouches for them with what follows them,
    a job title or a wire agency ("Jane Doe Contact Reporter", "Jane Doe Associated Press"):
    bare capitalised words there are a caption's subject or a heading as often as a credit.
    """
    if title is None:
        return None, ()
    story = next((i for i, d in enumerate(page.decisions) if d.is_body), len(page.blocks))
    for index in range(title + 1, min(title + 1 + _BELOW_TITLE, len(page.blocks))):
        decision = page.decisions[index]
        bare = index < min(title + 1 + _UNDER_TITLE, story) and not decision.is_body
        if decision.kind in _SKIP_KINDS or _over_photo_credit(page, index):
            continue
        text = _before_trailing_stamp(unglued(page.blocks[index].text), page.language)
        if len(text) > _MAX_LINE or _DIGIT.search(text) or _BULLET.match(text.strip()):
            continue  # a list item is a menu entry as often as a name
        if (
            not bare
            and not _vouched(text, rules)
            and not _role_below(page, index, rules)
            and not _between_photo_and_story(page, index, story)
        ):
            continue
        byline = _bare_credit(text, page, rules, site, vocabulary)
        if byline is not None and not _named_in_the_story(byline.authors, page, index):
            return byline, (Claim(index, "byline_stamp", "byline:names"),)
    return None, ()


def _before_trailing_stamp(text: str, language: str | None) -> str:
    """The line's words before a stamp that ends it ("Jane Doe 7 hours", "Jane Doe 12 March
    2024"): a credit printed with its age, which the stamps stage need not have read as the
    publication ("7 hours" without "ago"). Any other line comes back as it is."""
    if not _DIGIT.search(text):
        return text
    rest = without_stamps(text, language).rstrip()
    return rest if rest and text.startswith(rest) and len(rest) < len(text.rstrip()) else text


def _between_photo_and_story(page: Page, index: int, story: int) -> bool:
    """Whether the line stands right under a photograph's block and right over the story (with
    at most lines the lexicon named between, an advert's label): a photo block ends with its
    credit ("Foto: REUTERS/...") or its caption, so a name after it and before the first
    paragraph is the story's credit, not the caption's subject."""
    if index >= story or not _under_photo_block(page, index):
        return False
    return all(page.decisions[i].reason.startswith("lexicon:") for i in range(index + 1, story))


def _under_photo_block(page: Page, index: int) -> bool:
    """Whether the nearest line with text above credits a photograph, or the lines right above
    are a photo's caption (lines named so) and its credit ("Jane Roe / City Tribune"), in
    either order."""
    if _photo_credit_beside(page, index, -1):
        return True
    above = (i for i in range(index - 1, -1, -1) if page.blocks[i].text.strip())
    captions = credits = 0
    for i in islice(above, _PHOTO_BLOCK_LINES):
        text = page.blocks[i].text.strip()
        if _photo_word().match(text) or _CREDIT_SHAPE.match(text):
            credits += 1
        elif page.decisions[i].kind == "caption":
            captions += 1
        else:
            break
    return captions > 0 and credits > 0


_PHOTO_BLOCK_LINES = 4
"""Lines above a name read as one photo block (its captions and credits)."""

_CREDIT_SHAPE = re.compile(r"^[^\W\d_][^/|]{1,40}\s/\s[^\W\d_][^/|]{1,40}$")
"""A photographer and an outlet parted by a slash ("Jane Roe / City Tribune")."""


def _vouched(text: str, rules: BylineRules) -> bool:
    """Whether a line of names ends in a job title or a wire agency, which only a credit
    prints after names ("Jane Doe Staff Writer", "Jane Doe and John Roe Associated Press")."""
    line = _BULLET.sub("", text.strip())
    words = line.split()
    if trailing_agency(words, rules, _AGENCY_WORDS) is not None:
        return True
    return _strip_roles(line, rules) != line.strip(" ,;:")


_AGENCY_WORDS = (3, 2, 1)
"""How many words a wire agency's name after a line of names may take, longest first."""


def _role_below(page: Page, index: int, rules: BylineRules) -> bool:
    """Whether the next line is the job title of the names on this one, as author boxes print
    it ("Jane Doe" over "Staff Writer"): read together, the two lines vouch as one would."""
    return index + 1 < len(page.blocks) and _is_role_line(page, index + 1, rules)


def _named_in_the_story(names: list[str], page: Page, index: int) -> bool:
    """Whether a name, or one of its words in the headline, is printed in another line that
    is the headline, a caption or the story: then the line names whom the story or its photo
    is about ("Donald Trump" over a photo of him)."""
    for at, (block, decision) in enumerate(zip(page.blocks, page.decisions, strict=True)):
        if at == index or not (decision.is_body or decision.kind in _STORY_KINDS):
            continue
        text = block.text.casefold()
        for name in names:
            words = _WORDS.findall(name.casefold())
            if name.casefold() in text:
                return True
            if decision.kind == "title" and any(w in _WORDS.findall(text) for w in words):
                return True
    return False


_STORY_KINDS = frozenset({"title", "caption"})


_UNDER_TITLE = 2
"""Lines below the headline where a credit without a cue is read (a deck may come first)."""


def _bare_credit(
    text: str, page: Page, rules: BylineRules, site: set[str], vocabulary: frozenset[str]
) -> Byline | None:
    """The line as one to three people's bare names, optionally with a wire agency after them,
    and nothing else."""
    words = _strip_roles(_BULLET.sub("", text.strip()), rules).split()
    agency = None
    spelled = trailing_agency(words, rules, _AGENCY_WORDS)
    if spelled is not None:
        size, agency = spelled
        words = words[:-size]
    pieces = [p for p in rules.joiner.split(_strip_roles(" ".join(words), rules)) if p.strip()]
    pieces = [q for p in pieces for q in _UNCUED_SEPARATOR.split(p) if q.strip()]
    if not 1 <= len(pieces) <= _MAX_BARE_NAMES:
        return None
    names = [_bare_name(piece, page, rules, site, vocabulary) for piece in pieces]
    if any(name is None for name in names):
        return None
    people = [name for name in names if name is not None]
    if any(word.casefold() in vocabulary for name in people for word in _WORDS.findall(name)):
        return None
    return Byline(authors=people, agency=agency, raw=text.strip())


_MAX_BARE_NAMES = 3
_UNCUED_SEPARATOR = re.compile(r"\s+(?:\||•|·|●|◆|♦|▪)\s+")
_WORDS = re.compile(r"[^\W\d_]+")


def _lowercase_words(page: Page) -> frozenset[str]:
    """Every word the page prints in lower case: the page's own vocabulary.

    A contraction is one word ("don't", "l'homme"): its pieces are no words the page prints
    ("Don" stays a name). Words and addresses never span whitespace, so a line with no address
    anywhere gives the words of all its tokens in one search of the line; only the lines that
    hold an address are read token by token, to leave the address's tokens out.
    """
    words: set[str] = set()
    for block in page.blocks:
        text = block.text
        if _ADDRESS.search(text) is None:
            words.update(_RUNNING_WORDS.findall(text))
        else:
            words.update(
                word
                for token in text.split()
                if not _ADDRESS.search(token)
                for word in _RUNNING_WORDS.findall(token)
            )
    # Each distinct word is judged once, not at each of its occurrences.
    return frozenset(word for word in words if word.islower() and len(word) > 1)


def _in_page_words(name: str, vocabulary: frozenset[str]) -> bool:
    """Whether every word of ``name`` is one the page prints in lower case: a heading's or a
    topic's words, not a person's."""
    return all(word.casefold() in vocabulary for word in _WORDS.findall(name))


_RUNNING_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
"""A word of running text, contractions whole."""

_ADDRESS = re.compile(r"@|://|www\.|[^\W\d_]\.[^\W\d_]{2}")
"""An e-mail address, a handle, a url or a host: they spell names in lower case
("jane.doe@example.com", "@janedoe"), which the page's vocabulary must not take in."""


def _over_photo_credit(page: Page, index: int) -> bool:
    """Whether the next line credits a photograph ("Foto: REUTERS/..."): a name over it is
    the caption's subject, not the story's author."""
    return _photo_credit_beside(page, index, 1)


def _photo_credit_beside(page: Page, index: int, step: int) -> bool:
    """Whether the nearest line with text in direction ``step`` (-1 or 1) credits a
    photograph."""
    lines = range(index + step, len(page.blocks) if step > 0 else -1, step)
    nearest = next((page.blocks[i].text.strip() for i in lines if page.blocks[i].text.strip()), "")
    return bool(_photo_word().match(nearest))


def _job_title_shaped(page: Page, index: int) -> bool:
    """Whether the line between a name and its stamp can be the person's job title or desk
    ("Senior Analyst", "VP - Technology", "NEW YORK DAILY NEWS"): short, no digits, not body,
    not the headline, and not itself a stamp."""
    decision = page.decisions[index]
    text = page.blocks[index].text.strip()
    return (
        bool(text)
        and not decision.is_body
        and decision.kind not in _SKIP_KINDS
        and decision.kind != "byline_stamp"
        and len(text.split()) <= _JOB_TITLE_WORDS
        and not _DIGIT.search(text)
        and not _BULLET.match(text)
    )


_JOB_TITLE_WORDS = 6
"""A line between a name and its stamp with more words than this is a deck or a sentence,
not a job title."""


def _name_before_stamp(
    text: str, page: Page, rules: BylineRules, site: set[str], vocabulary: frozenset[str]
) -> str | None:
    """The name opening a line that is otherwise a stamp: "Jane Doe October 14, 2025",
    "Jane Doe | 5 hours ago", "Jane Doe Updated May 6, 2025". What follows the name must hold
    a digit and be nothing but stamps, stamp words and separators once they are taken out."""
    words = text.split()
    for size in range(_BARE_NAME_WORDS + 1, 1, -1):
        if len(words) <= size:
            continue
        tail = " ".join(words[size:])
        dated = holds_date(tail, page.language) or rules.reading_time.search(tail) is not None
        if not dated or not _only_stamps(tail, page, rules):
            continue
        if _only_stamps(" ".join(words[size - 1 :]), page, rules):
            continue  # the last word belongs to the stamp ("Lunes, 2 diciembre 2024")
        name = _bare_name(" ".join(words[:size]), page, rules, site, vocabulary)
        if name is not None:
            return name
    return None


def _name_among_stamp_parts(
    text: str, page: Page, rules: BylineRules, site: set[str], vocabulary: frozenset[str]
) -> str | None:
    """The one name among the parts of a stamp line ("27. Januar 2026 • Jane Doe • 3 Minuten",
    "12/19/2025 • Weekly Notes • Jane Doe"): a part holds the date, exactly one part is a bare
    name whose words the page never prints in lower case, and none is a sentence."""
    parts = [p.strip() for p in _UNCUED_SEPARATOR.split(text) if p.strip()]
    if len(parts) < 2 or not any(holds_date(p, page.language) for p in parts):
        return None
    # "Jane Doe in Project Management": the name, then the section it is filed under
    parts = [_before_section(p, rules) for p in parts]
    # A long part is a sentence, unless it is a stamp ("Posted: Aug 08, 2024 4:00 AM EDT").
    if any(len(p.split()) > _JOB_TITLE_WORDS and not _only_stamps(p, page, rules) for p in parts):
        return None
    names = [
        n for n in (_bare_name(p, page, rules, site, vocabulary) for p in parts) if n is not None
    ]
    if len(names) != 1:
        return None
    if any(word.casefold() in vocabulary for word in _WORDS.findall(names[0])):
        return None  # a section's label ("Products Liability"), not a person
    return names[0]


def _before_section(part: str, rules: BylineRules) -> str:
    """``part`` cut where the section it is filed under starts (``bylines.toml``
    section_enders), when two words or more are left before it."""
    end = rules.section_end.search(part)
    if end is None or len(part[: end.start()].split()) < 2:
        return part
    return part[: end.start()]


def _only_stamps(text: str, page: Page, rules: BylineRules) -> bool:
    left = rules.stamp.sub(" ", without_stamps(rules.reading_time.sub(" ", text), page.language))
    return not left.strip(_STAMP_LEFTOVERS)


def _reading_time_line(text: str, page: Page, rules: BylineRules) -> bool:
    """A line that is a reading-time note and stamps at most ("7 min read", "May 6, 2025 · 5
    min read"): an author box's, as a stamp line is."""
    return rules.reading_time.search(text) is not None and _only_stamps(text, page, rules)


_STAMP_LEFTOVERS = " \t,.;:|/·•⋅●◆♦▪-–—()[]"
"""What may be left of a stamp once its dates, times, ages and stamp words are taken out."""


_DIGIT = re.compile(r"\d")
_BRAND_CASE = re.compile(r"[a-z][A-Z]{2}")
"""Two capitals after a small letter ("ChatGPT", "eBOOK"); names capitalise one at a time
("McKerracher", "DiBenedetto")."""


def _bare_name(
    text: str, page: Page, rules: BylineRules, site: set[str], vocabulary: frozenset[str]
) -> str | None:
    """The line as a person's name when it is nothing else: two to four capitalised words
    (a trailing job title dropped), none a stop word of the page's language, a month or a
    weekday, no clutter lexicon's entry, and not a label, a desk, an agency or the outlet."""
    line = _BULLET.sub("", text.strip()).strip(" ,;:|")
    if _DIGIT.search(line) or _is_ui_label(line, rules) or line_evidence(line, page.profile):
        return None  # a clutter lexicon's words ("Related Stories", "Read More")
    if rules.stamp.search(line):
        return None  # a stamp's words ("Publié le", "Actualizado Lunes")
    name = _strip_roles(line, rules)
    words = name.split()
    if len(words) < 2 or not is_person_name(name):
        return None
    stop = page.profile.stopwords
    months = month_numbers(page.language)
    weekdays = _weekdays()
    labels = _label_words(page.profile.clutter)
    shouting = name.isupper()
    counted = 0
    for word in words:
        folded = word.casefold().strip(".,")
        if folded in _PARTICLES:
            continue
        counted += 1
        if folded in months or folded in weekdays or folded in labels:
            return None
        if folded in stop and (shouting or folded in vocabulary):
            # Stop lists are word counts of running text, so they hold given names and
            # surnames ("james", "king") beside function words: only a stop word the page
            # itself prints in lower case ("the", "more") makes the line no name, or any
            # stop word in a line of capitals ("CITY HERALD"), whose casing tells nothing.
            return None
        if word.endswith(".") and len(word) > 2:
            return None  # "Share Post.": an initial ("J.") is the only word a dot ends
        bare = word.rstrip(".")
        if not shouting and ((bare.isupper() and len(bare) > 1) or _BRAND_CASE.search(word)):
            return None  # an acronym or a brand among names: "HR Strategy", "ChatGPT Bugs"
    if counted > _BARE_NAME_WORDS:
        return None
    if _in_page_words(name, vocabulary):
        return None  # "Power Coaching", "Backup Strategy": a heading in the page's own words
    folded_name = name.casefold()
    if folded_name in rules.not_authors or _agency(name, rules) or squash(name) in site:
        return None
    if _photo_word().search(name):
        return None
    return name


_BARE_NAME_WORDS = 3
"""A bare name line with more words than this (particles not counted) is a heading, not a
person ("Jane Doe" to "Maria de la Cruz Ortega" fit)."""


@cache
def _label_words(lexicons: tuple[ClutterLexicon, ...]) -> frozenset[str]:
    """Every word of the clutter files' whole-line labels ("share", "save", "tools", "page",
    "partager"): a bare line holding one is a button or a menu entry, not a person's name."""
    return frozenset(
        word for lexicon in lexicons for label in lexicon.label_kinds for word in label.split()
    )


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
            text = f"{text} {_BULLET.sub('', lines[index + 1].strip())}"
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
