"""The publication the page belongs to, and how we know.

Precedence, strongest evidence first: publisher metadata (``site_name``), the list of
well-known outlets by the url's registrable domain, clues printed in the text (copyright and
newsletter lines, a masthead followed by a self-description), then the domain itself. A
copyright notice often names the company that owns the site, so where the page prints a
shortening of that name far more often (its initials, its leading words) the shortening is the
publication.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from article_normalizer.normalize.models import Outlet
from article_normalizer.normalize.page import Found, Page
from article_normalizer.normalize.textkeys import squash
from article_normalizer.normalize.urls import host_and_domain, site_domain
from article_normalizer.rules.fields import OutletRules, agencies, outlet_rules

_MAX_NAME_WORDS = 6
_MAX_CLUE_LINE = 300
_BULLET = re.compile(r"^(?:[*+•·▪►o-]\s+)+")


def site_names_of(page: Page) -> list[str]:
    """Squashed spellings of the site's own name: metadata, known outlet, domain label.

    The title stage strips them off headlines; the byline stage never takes them for authors.
    """
    names: list[str] = []
    if page.metadata and page.metadata.site_name:
        declared = declared_name(page.metadata.site_name)
        names.extend(squash(name) for name in (declared, page.metadata.site_name) if name)
    # The registrable domain, not a hosted site's subdomain: a blog on a host is as often named
    # after its author ("garymarcus.substack.com"), whom the byline stage must still credit.
    host, domain = host_and_domain(page.address)
    if domain:
        known = outlet_rules(page.language).by_domain
        for key in (host, domain):
            if key and key in known:
                names.append(squash(known[key]))
        names.append(squash(domain.split(".")[0]))
        names.append(squash(domain))
    return [n for n in dict.fromkeys(names) if n]


def find_outlet(page: Page, authors: Sequence[str] = ()) -> Found[Outlet | None]:
    """The outlet, or None when neither metadata, url nor text names one; it claims no line
    (the lines that name the outlet stay whatever the line stages named them). ``authors``
    are the story's credited people, whom a "Follow X on Twitter" line names as often as it
    names the outlet."""
    return Found(_outlet(page, authors))


def _host_and_site(page: Page) -> tuple[str | None, str | None]:
    """The url's host and the domain of the site it belongs to (a hosted blog's subdomain)."""
    host, domain = host_and_domain(page.address)
    return host, site_domain(host, domain, outlet_rules(page.language).platforms)


def _outlet(page: Page, authors: Sequence[str]) -> Outlet | None:
    host, domain = _host_and_site(page)
    declared = declared_name(page.metadata.site_name) if page.metadata else None
    if declared:
        return Outlet(name=declared, domain=domain, source="metadata")
    rules = outlet_rules(page.language)
    if host:
        known = rules.by_domain.get(host) or (rules.by_domain.get(domain) if domain else None)
        if known:
            return Outlet(name=known, domain=domain, source="known_outlet")
    clue = _name_in_text(page, authors)
    named = clue.name if clue else None
    if clue is not None and clue.notice:
        printed = _most_printed(clue, page, rules)
        if domain is None or _related(printed, domain) or not _related(clue.name, domain):
            named = printed
    if domain is None:
        mentioned = _known_domain_in_text(page)
        if mentioned is not None and (named is None or not _related(named, mentioned)):
            # "© 2013 Cable News Network" on a page that prints "CNN.com" three times.
            return Outlet(name=rules.by_domain[mentioned], domain=mentioned, source="text")
    if (
        named
        and domain is None
        and clue is not None
        and clue.notice
        and not _printed_beyond_notices(named, page, rules)
        and squash(named) not in _known_names(page.language)
    ):
        # Without a url to check it against, a notice's name that the page prints nowhere
        # else is most often the owning company's ("Postmedia Network", "Agora"), which the
        # publication's readers never see as its name: no answer rather than a wrong one,
        # unless it is a well-known publication's name ("© 2024 The Washington Post").
        named = None
    if named and (domain is None or _related(named, domain)):
        # A copyright line often names the owning company ("Discovery Communications" on
        # seeker.com): with a url at hand, a name unrelated to its domain is not trusted.
        return Outlet(name=named, domain=domain, source="text")
    if domain:
        return Outlet(name=_domain_name(page, domain), domain=domain, source="domain")
    return None


@cache
def _known_names(language: str | None) -> frozenset[str]:
    """Squashed names of the well-known outlets (``outlets.toml``)."""
    return frozenset(squash(name) for name in outlet_rules(language).by_domain.values())


def _printed_beyond_notices(name: str, page: Page, rules: OutletRules) -> bool:
    """Whether a line other than a copyright notice prints ``name`` (a masthead, a credit, a
    newsletter box, a menu)."""
    texts = [b.text for b in page.blocks if rules.notice_mark.search(b.text) is None]
    return bool(_printed(name, texts))


_NAME_EDGES = " .,;:|-–—·•"
"""Punctuation around a name in a notice or a clue line ("© 2023 X. All rights reserved")."""


def _without_company_form(
    words: list[str], rules: OutletRules, *, after: frozenset[str] = frozenset()
) -> list[str]:
    """``words`` less the company forms that end them ("Radar Online, Llc"), one word left at
    least; a form following one of ``after`` stays."""
    end = len(words)
    while (
        end > 1
        and words[end - 1].casefold().strip(",") in rules.corporate_suffixes
        and words[end - 2].casefold() not in after
    ):
        end -= 1
    return words[:end]


def declared_name(site_name: str | None) -> str | None:
    """The publisher's declared name without the copyright notice it was copied from.

    Pages declare their site name in ``<meta name="publisher">``, ``dc.publisher`` or the
    extractor's fallback, which some templates fill from the footer's notice ("Copyright (c)
    2012 ABC News Internet Ventures", "网易版权所有"): the mark, the years, the rights phrase and
    then a company form ("Llc") are not the name. A name without a notice is kept as declared.
    """
    if not site_name or not site_name.strip():
        return None
    name = site_name.strip()
    rules = outlet_rules(None)
    bare = rules.notice_prefix.sub("", name, count=1)
    # From the second character: a rights phrase is cut only after a name.
    phrase = rules.rights_reserved.search(bare.rstrip(_NAME_EDGES), 1)
    if phrase is not None:
        bare = bare[: phrase.start()]
    if bare == name:
        return name
    # "Independent News & Media": a company form after a joiner is part of the name.
    words = _without_company_form(bare.strip(_NAME_EDGES).split(), rules, after=rules.joiners)
    cleaned = " ".join(words).strip(_NAME_EDGES)
    return cleaned if cleaned and cleaned.casefold() not in rules.not_names else None


_HOSTNAME = re.compile(
    r"(?<![\w@.-])(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,6})(?![\w-])", re.IGNORECASE
)
_MIN_MENTIONS = 2


def _known_domain_in_text(page: Page) -> str | None:
    """The well-known outlet whose host name the page prints most (at least twice)."""
    known = outlet_rules(page.language).by_domain
    counts: dict[str, int] = {}
    for block in page.blocks:
        if "." not in block.text:
            continue  # no host name without a dot: spares most lines the search
        for match in _HOSTNAME.finditer(block.text):
            host, domain = host_and_domain(match.group(1))
            for key in (host, domain):
                if key and key in known:
                    counts[key] = counts.get(key, 0) + 1
                    break
    if not counts:
        return None
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] >= _MIN_MENTIONS else None


class _Clue(NamedTuple):
    name: str
    """The name as the clue gives it, cleaned."""
    raw: str
    """The words the clue captured, company form and all ("Cable News Network, Inc")."""
    notice: bool
    """Whether the line is a copyright notice, which names a company, never a person."""


def _name_in_text(page: Page, authors: Sequence[str]) -> _Clue | None:
    """The first name a clue gives, reading from the foot of the page up (where copyright and
    newsletter lines are). Body lines are read too: a classifier may keep a footer's
    "Subscribe X Newsletter to keep up with everything!" as prose. The story's authors are
    skipped: "Follow X on Twitter" and "More from X" name a columnist as often as the outlet.
    A credit of the site's software ("Powered by WordPress") names the outlet only when nothing
    else does and the page prints that name all over: the software's own site."""
    rules = outlet_rules(page.language)
    texts = [_BULLET.sub("", b.text) for b in page.blocks]
    people = {squash(author) for author in authors} - {""}
    software: _Clue | None = None
    for index in range(len(texts) - 1, -1, -1):
        text = texts[index]
        if len(text) > _MAX_CLUE_LINE:
            continue
        for pattern in rules.line_clues:
            match = pattern.search(text)
            if match:
                raw = _before_abbreviation(match.group("name"), text[match.end("name") :])
                name = _clean_name(raw, lang=page.language)
                if name and any(mark in name for mark in rules.credit_joins):
                    continue
                notice = rules.notice_mark.search(text) is not None
                if name and name.casefold() in rules.software:
                    # "Community platform by XenForo® © XenForo Ltd": the forum's software.
                    software = software or _Clue(name, raw, notice)
                    continue
                if name and (notice or squash(name) not in people):
                    return _Clue(name, raw, notice)
        if index > 0 and any(p.search(text) for p in rules.described_by):
            name = _clean_name(texts[index - 1], standalone=True, lang=page.language)
            if name:
                return _Clue(name, name, notice=False)
    if software is not None and len(_printed(software.name, texts)) >= rules.printed.min_lines:
        return software  # the software's own site names itself all over the page
    return None


_ABBREVIATION_START = re.compile(r"\s+[^\W\d_]{1,2}$")


def _before_abbreviation(raw: str, rest: str) -> str:
    """The capture without the letters before an abbreviation's first dot: a clue's name ends
    at a full stop, so "© Bloomberg L.P." captures "Bloomberg L" and "Example B.V." "Example B",
    and what is cut off is a company form."""
    if rest.startswith(".") and rest[1:2].isalpha():
        return _ABBREVIATION_START.sub("", raw)
    return raw


def _most_printed(clue: _Clue, page: Page, rules: OutletRules) -> str:
    """The form of a notice's name the page prints far more often than the name itself.

    A copyright notice names the company that owns the site ("Cable News Network", "Al Jazeera
    Media Network", "РосБизнесКонсалтинг") where the page prints its publication's name ("CNN",
    "Al Jazeera", "РБК") in its menus, headings and credits. Only a shortening of the notice's
    own words is considered (a leading run of at least two words, or the initials), and only
    when the notice's name is printed on hardly any other line: "The Seattle Times" printed
    in its masthead stays, though the page prints "Seattle" far more.
    """
    texts = [b.text for b in page.blocks]
    spelt_out = _spelt_out(clue.name, texts, rules)
    if spelt_out is not None:
        return spelt_out
    forms = _shorter_forms(clue, rules)
    if not forms:
        return clue.name
    base = len(_printed(clue.name, texts))
    limits = rules.printed
    if base > limits.max_name_lines:
        return clue.name
    printed = {form: _printed(form, texts) for form in forms}
    best = max(len(lines) for lines in printed.values())
    if best < limits.min_lines or best < limits.ratio * max(base, 1):
        return clue.name
    near = [form for form in forms if len(printed[form]) >= limits.share * best]
    chosen = max(near, key=lambda form: (len(form.split()), len(form)))
    return _commonest([spelling for line in printed[chosen] for spelling in line])


def _spelt_out(name: str, texts: Sequence[str], rules: OutletRules) -> str | None:
    """The name the page prints whose initials a notice's name is ("New York Post" for "NYP" of
    "NYP Holdings", "Financial Times" for "The FT"), when the page prints it on as many lines
    as :func:`_most_printed` asks of a shortening, and far more often than the initials."""
    initials = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    short = 2 <= len(initials) <= rules.printed.max_initials
    if not (short and initials.isupper() and initials.isalpha()):
        return None
    words = r"\s+".join(rf"{re.escape(ch)}[^\W\d_A-Z]+" for ch in initials)
    pattern = re.compile(rf"(?<![\w-]){words}(?![\w-])")
    printed = [[m.group(0) for m in pattern.finditer(text)] for text in texts]
    lines = [hits for hits in printed if hits]
    limits = rules.printed
    base = len(_printed(initials, texts))
    if len(lines) < limits.min_lines or len(lines) < limits.ratio * max(base, 1):
        return None
    return _commonest([" ".join(spelling.split()) for hits in lines for spelling in hits])


def _shorter_forms(clue: _Clue, rules: OutletRules) -> list[str]:
    """Leading runs of two words or more ("Al Jazeera" of "Al Jazeera Media Network") not
    ending in a company-form word, and the initials of a name of three words or more ("CNN")
    or the capitals of a one-word name written in camel case ("РБК")."""
    words = clue.name.split()
    enders = rules.not_names | rules.corporate_suffixes | rules.joiners
    forms = [
        " ".join(words[:end])
        for end in range(2, len(words))
        if words[end - 1].casefold() not in enders
    ]
    raw_words = [w for w in _WORD_SEPARATORS.split(clue.raw.strip(_NAME_EDGES)) if w]
    if len(raw_words) == 1:
        initials = "".join(ch for ch in raw_words[0] if ch.isupper())
        if initials == raw_words[0]:
            initials = ""
    else:
        initials = "".join(w[0] for w in raw_words if w[:1].isupper())
        if len(initials) < len(raw_words):
            initials = ""
    if len(initials) >= rules.printed.min_initials:
        forms.append(initials)
    return [form for form in dict.fromkeys(forms) if form != clue.name]


_WORD_SEPARATORS = re.compile(r"[\s\-/]+")


def _printed(form: str, texts: Sequence[str]) -> list[list[str]]:
    """How each line that prints ``form`` as a name spells it (never in lower case: "the
    times" in a sentence is not the masthead); initials are matched as written."""
    flags = 0 if form.isupper() and " " not in form else re.IGNORECASE
    pattern = re.compile(rf"(?<!\w){re.escape(form)}(?!\w)", flags)
    lines: list[list[str]] = []
    for text in texts:
        hits = [m.group(0) for m in pattern.finditer(text) if not m.group(0)[:1].islower()]
        if hits:
            lines.append(hits)
    return lines


_YEARS_AT_END = re.compile(r"\s+(?:19|20)\d\d(?:\s*[-–—]\s*(?:(?:19|20)\d\d)?)?$")
"""A year or a span of years after a notice's name ("Sam Bossley 2012-2025")."""


def _clean_name(raw: str, *, standalone: bool = False, lang: str | None = None) -> str | None:
    rules = outlet_rules(lang)
    name = raw.strip(_NAME_EDGES)
    name = _YEARS_AT_END.sub("", name)
    words = name.split()
    while True:
        # "Dow Jones & Company, Inc": the company form, then the joiner it leaves at the end.
        kept = _without_company_form(words, rules)
        while len(kept) > 1 and kept[-1].casefold() in rules.joiners:
            kept = kept[:-1]
        if kept == words:
            break
        words = kept
    name = " ".join(words).strip(" ,")
    name = re.sub(r"^the\s+(?=\S)", "The ", name, flags=re.IGNORECASE).strip()
    words = name.split()
    if not words or len(words) > _MAX_NAME_WORDS or not any(ch.isalpha() for ch in name):
        return None
    if name.casefold() in rules.not_names:
        return None
    if not (name[0].isupper() or name[0].isdigit()):
        # Names are capitalised; "individual mozilla.org contributors" is a phrase.
        return None
    if standalone and name[-1] in ".!?:":
        return None
    if name.casefold() in agencies() or name.casefold().removeprefix("the ") in agencies():
        # Wire copy carries the agency's copyright line on every client's page.
        return None
    return name


def _related(name: str, domain: str) -> bool:
    """Whether a name found in the text plausibly belongs to the url's domain."""
    label = squash(domain.split(".")[0])
    squashed = squash(name)
    if not label or not squashed:
        return False
    if squashed in label or label in squashed:
        return True
    return any(len(t) >= 3 and squash(t) in label for t in name.split())


def _domain_name(page: Page, domain: str) -> str:
    """The domain's label as the page spells it when it does, the most printed spelling first
    ("TodayPress" for todaypress, "Vancouver Sun" for vancouversun: a name printed with spaces,
    hyphens or an ampersand between the label's letters), else the label capitalised."""
    label = domain.split(".")[0]
    wanted = squash(label)
    if len(wanted) >= _MIN_SPACED_LABEL:
        joints = r"(?:\s*[&+.'’-]\s*|\s+)?"
        body = joints.join(re.escape(ch) for ch in wanted)
    else:
        body = re.escape(label)
    spelled = re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)
    spellings: list[str] = []
    for block in page.blocks:
        for match in spelled.finditer(block.text):
            found = match.group(0)
            if squash(found) == wanted and found != found.casefold():
                spellings.append(found)
    if spellings:
        return _commonest(spellings)
    return label[:1].upper() + label[1:]


def _commonest(spellings: list[str]) -> str:
    """The spelling printed most often; of those printed as often, the first printed."""
    return max(dict.fromkeys(spellings), key=spellings.count)


_MIN_SPACED_LABEL = 4
"""Shorter labels are looked for only as written: "W P" or "A.P." is no spelling of wp, ap."""
