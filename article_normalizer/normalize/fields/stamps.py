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
from dataclasses import dataclass
from datetime import UTC, datetime

from article_normalizer.normalize.fields.stamp_lexicon import (
    MODIFIED,
    PUBLISHED,
    _Lexicon,
    _lexicon,
    _squash,
    in_common_era,
    unspaced,
)
from article_normalizer.normalize.fields.stamp_parsing import (
    _AGE_UNITS,
    _DAYWORD,
    _FUTURE_SLACK,
    _Candidate,
    _clock,
    _offset,
    _parse,
)
from article_normalizer.normalize.fields.url_date import url_date, url_rules
from article_normalizer.normalize.lines.char_classes import ascii_digits, has_digit
from article_normalizer.normalize.page import Claim, Found, Page
from article_normalizer.rules.fields import byline_rules

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
_UNSPACED_CUE_GAP = 3
"""Characters allowed between a cue in a script without spaces and its date ("发表于：", "입력 :
"): with no word boundaries to go by, a cue further away is a verb in a sentence."""
_UNSPACED_PER_WORD = 2
"""Characters of a script without spaces counted as one word when telling a stamp line from a
sentence (Chinese words are one to three characters, most of them two)."""
_MAX_PARSES = 8
"""dateparser calls per field and page: the ranking has decided long before this runs out."""
_BULLET = re.compile(r"^[\s*•·▪►+-]+")
"""List bullets before a line's first word."""
_LISTED_CUE_LINES = 3
"""A cue phrase announcing dates on this many lines or more labels a list (comments, teasers)."""
_MIN_SCORE = 0.0
"""Candidates scoring below this are not stamps (a date in a sentence far from the headline)."""


@dataclass(slots=True)
class DateStamps:
    """What :func:`find_dates` read; ISO 8601 strings, the ``_raw`` fields as printed."""

    published: str | None = None
    published_raw: str | None = None
    modified: str | None = None
    modified_raw: str | None = None


_DIGIT = re.compile(r"\d")
_EMBED = re.compile(r"\(@\w+\)|^\s*[—–-]\s*@?\w")
_WORD = re.compile(r"[^\W\d_]{2,}")
_PROSE_STOP = re.compile(r"[，。；！？]")
"""The full-width comma, full stop, semicolon, exclamation and question marks of Chinese and
Japanese prose."""


_GLUED = re.compile(
    r"(?<=[a-z])(?=[A-Z][a-z])|(?<=[^\W\d_])(?=\d{4}-\d{1,2}-\d{1,2}\b)"
    r"|(?<=[^\W\d_][a-zß-öø-ÿ])(?=\d{1,2}(?:[./-]\d{1,2}[./-]\d{2,4}\b|\.?\s[^\W\d_]{3}))"
)
"""Where a text rendering joined two inline elements without a space: "Jane DoeUpdated: ...",
"Jane Doe2017-10-20 15:04", "Tobias Mühlbauer24.04.2024", "Chris Hall6 April 2017" (a lower-case
letter, then a day that opens a date)."""


_CAMEL = re.compile(r"[a-z][A-Z][a-z]")
"""Where :data:`_GLUED`'s only digit-free alternative can match: a line with no digit and no
such letters has nothing to unglue, and this plain search costs a fraction of the
substitution's lookarounds at every position."""
_GLUE_SITE = re.compile(r"[a-z][A-Z][a-z]|[^\W\d_]\d")
"""Where any alternative of :data:`_GLUED` can match: :data:`_CAMEL`, or a letter right before
a digit (the two date alternatives). Most lines with digits print them after a space ("Jan 2,
2024", "12 comments"); they have nothing to unglue either."""


def _unglue(text: str, digits: bool) -> str:
    """The line with a space where a rendering glued a name to the cue or date after it, so
    that the cue and the date start at a word boundary. ``digits``: whether the line has any
    (every alternative but one needs a digit)."""
    if len(text) > _MAX_STAMP_LINE:
        return text
    if not (_GLUE_SITE if digits else _CAMEL).search(text):
        return text
    return _GLUED.sub(" ", text)


def _numeric_order(digits: str, default: str) -> str:
    """DATE_ORDER for an all-numeric day/month date: what is unambiguous, else the default."""
    return _shown_order(digits) or ("DMY" if "." in digits else default)


def _shown_order(digits: str) -> str | None:
    """The order an all-numeric date shows by itself (a part above 12 is the day), or None."""
    first, second = (int(p) for p in re.split(r"[./-]", digits)[:2])
    if first > 12:
        return "DMY"
    if second > 12:
        return "MDY"
    return None


def _page_order(candidates: list[_Candidate]) -> None:
    """Ambiguous numeric dates ("09.10.2024") read in the order the page's unambiguous ones show
    ("11.24.2025" beside it), when all of those agree: a site prints its dates one way, whatever
    its language's habit or the dotted form's usual day-first."""
    shown = {c.numeric_order for c in candidates if c.numeric_order and c.order_known}
    if len(shown) != 1:
        return
    (order,) = shown
    for candidate in candidates:
        if candidate.numeric_order and not candidate.order_known:
            candidate.numeric_order, candidate.order_known = order, True


def _candidates(page: Page, lexicon: _Lexicon) -> list[_Candidate]:
    found: list[_Candidate] = []
    credit_cue = byline_rules(page.language).cue
    cued_lines: dict[str, set[int]] = {}
    cue_phrases: dict[int, set[str]] = {}
    for block in page.blocks:
        if len(block.text) > _MAX_STAMP_LINE:
            continue
        # Ungluing only inserts spaces: the line's digits are the same before and after.
        digits_in_line = has_digit(block.text)
        shown = _unglue(block.text, digits_in_line)
        if len(shown) > _MAX_STAMP_LINE:
            continue
        text = ascii_digits(shown)  # offsets into text are offsets into shown
        cues = [(m.start(), m.end(), _squash(m.group())) for m in lexicon.cue.finditer(text)]
        if not digits_in_line and not cues:
            continue  # only "Posted yesterday" can be a stamp without a digit
        spans: list[tuple[int, int]] = []
        line: list[_Candidate] = []
        dated = digits_in_line and lexicon.date_hint.search(text) is not None
        for m in lexicon.absolute.finditer(text) if dated else ():
            month = (m.group("m1") or m.group("m2") or m.groupdict().get("m3") or "").lower()
            if month and month in lexicon.english_only_months and month in m.group("date"):
                continue  # lower-case "may" in English prose is the verb, not the month
            digits = m.group("num")
            order = _numeric_order(digits, lexicon.date_order) if digits else None
            clock = m.group("time") or m.group("pretime")
            zone = m.group("zone") or m.group("prezone")
            year_less = bool(
                (m.group("dmy") and not m.group("y1")) or (m.group("mdy") and not m.group("y2"))
            )
            printed = in_common_era(m.group("date"), lexicon)
            query = " ".join(p for p in (printed, _clock(clock)) if p)
            spans.append(m.span())
            line.append(
                _Candidate(
                    index=block.index,
                    raw=shown[m.start() : m.end()].strip(" ,|-–—"),
                    query=query,
                    date_query=printed,
                    kind=_cue_kind(cues, m.start(), text, lexicon),
                    has_time=bool(clock),
                    offset=_offset(zone),
                    relative=None,
                    numeric_order=order,
                    order_known=bool(digits and _shown_order(digits)),
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
                    raw=shown[m.start() : m.end()].strip(),
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
                    raw=shown[m.start() : m.end()].strip(),
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
        if cues and any(c.kind for c in line):
            cue_phrases[block.index] = {phrase for _, _, phrase in cues}
            for phrase in cue_phrases[block.index]:
                cued_lines.setdefault(phrase, set()).add(block.index)
        rest = text
        for start, end in sorted(spans + [(s, e) for s, e, _ in cues], reverse=True):
            rest = rest[:start] + " " + rest[end:]
        residue = len(_WORD.findall(rest))
        # A run of Chinese or Japanese is one "word" above; punctuated, its characters tell a
        # sentence (a list of section names is spaced and unpunctuated).
        punctuated = _PROSE_STOP.search(rest) is not None
        prose = residue + (unspaced(rest) // _UNSPACED_PER_WORD if punctuated else 0)
        embed = _EMBED.search(text) is not None
        credit = credit_cue.match(_BULLET.sub("", text)) is not None
        for candidate in list(line):
            if candidate.year_less and candidate.kind is None and residue > _YEARLESS_RESIDUE_WORDS:
                # "on Sept. 24" in a sentence, "NEW YORK, March 27 - Honeywell said": a date
                # without a year or a cue is a stamp only when it stands (almost) alone.
                line.remove(candidate)
                continue
            candidate.embed = embed
            candidate.sentence = prose > _SENTENCE_WORDS
            candidate.stamp_line = (
                residue <= _STAMP_RESIDUE_WORDS and len(text) <= 160 and not candidate.sentence
            )
            candidate.credit = credit and not candidate.sentence
        found.extend(line)
    for candidate in found:
        phrases = cue_phrases.get(candidate.index, ())
        candidate.listed = bool(phrases) and all(
            len(cued_lines[p]) >= _LISTED_CUE_LINES for p in phrases
        )
    return found


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
        if unspaced(phrase):
            near = len(gap) <= _UNSPACED_CUE_GAP and not unspaced(gap)
            best = lexicon.cue_kind.get(phrase) if near else None
        elif len(gap) <= _CUE_GAP or (len(gap) <= _CUE_FAR_GAP and not _DIGIT.search(gap)):
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

    What the line is (cue, credit line, stamp-only, sentence) weighs most; where it is comes
    second: just after the headline or just before the body's first paragraph is where pages
    print the stamp, while comments, related links and embedded posts come later. A cue that
    labels many lines labels a list, and a credit line below the story's start a teaser. The
    weights were set by measurement on the dev corpus (``bench/datelines.py --stamps``).
    """
    score = 0.0
    if candidate.kind is not None and not candidate.listed:
        score += 3.0
    elif candidate.credit and (first_body is None or candidate.index <= first_body):
        score += 2.0  # below the story's start, a credit and date belong to a teaser
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

    ``published`` is filled from an "Updated" stamp only when nothing else dates the page
    (:func:`_update_as_published`). Publisher metadata, when the page came as HTML and declares
    dates, takes precedence over the printed stamps; page text defers to the day its address
    names where it prints no publication stamp or one far from that day (:func:`_with_url_date`).
    """
    if not page.blocks:
        return Found(_beyond_the_text(DateStamps(), page))
    lexicon = _lexicon(page.language)
    candidates = _candidates(page, lexicon)
    if not candidates:
        return Found(_beyond_the_text(DateStamps(), page))
    _page_order(candidates)
    first_body = _first_body(page, title)
    for candidate in candidates:
        candidate.score = _score(candidate, title, first_body, len(page.blocks))
    published = _choose(
        [c for c in candidates if c.kind != MODIFIED], lexicon.languages, page.reference_time
    )
    modified = _choose(
        [c for c in candidates if c.kind == MODIFIED], lexicon.languages, page.reference_time
    )
    if published is not None and modified is not None and _read_too_late(published, modified):
        published = None
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
    return Found(
        _update_as_published(_beyond_the_text(stamps, page), modified), tuple(claims.values())
    )


def _read_too_late(published: _Candidate, modified: _Candidate) -> bool:
    """Whether a relative publication stamp ("12 hrs ago") falls on a later day than the
    page's dated update stamp ("Updated: March 29, 2017"): a story is not published after it
    was updated, so the text was read long after it was printed and the relative stamp, read
    against the reference time, dates nothing."""
    if not published.relative or modified.relative or not published.parsed or not modified.parsed:
        return False
    try:
        return (
            datetime.fromisoformat(published.parsed).date()
            > datetime.fromisoformat(modified.parsed).date()
        )
    except ValueError:
        return False


def _update_as_published(stamps: DateStamps, printed_update: _Candidate | None) -> DateStamps:
    """A page that prints an update stamp and no publication stamp, and declares no date
    either: the update stamp is its publication day as far as anything on the page says.

    News pages that print a single stamp often label it "Updated" whatever happened (the CMS
    template's word, not an edit), so the printed update time is the best reading of when the
    story appeared that the page offers. ``published`` and ``modified`` are then the same stamp
    (both ``_raw`` fields too), which tells a client where it came from. Only a printed stamp
    is used, and only when the page declares no publication date and htmldate's search found
    none: declared dates and other printed stamps are better evidence.
    """
    if stamps.published is not None or printed_update is None or printed_update.parsed is None:
        return stamps
    stamps.published = printed_update.parsed
    stamps.published_raw = printed_update.raw
    return stamps


def _beyond_the_text(stamps: DateStamps, page: Page) -> DateStamps:
    """The printed stamps weighed against what the page says beyond its text, in that order:
    its publisher's declarations (HTML input), then the day its address names (page text)."""
    return _with_url_date(_with_metadata(stamps, page), page)


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
    published = declared_date(meta.published, page.reference_time)
    if published is not None:
        stamps.published, stamps.published_raw = published, meta.published
    elif stamps.published is None and meta.search_published is not None:
        # The last resort: every date-like string in the markup. Below a printed stamp, which
        # the page shows its readers; above nothing.
        searched = meta.search_published()
        published = declared_date(searched, page.reference_time)
        if published is not None:
            stamps.published, stamps.published_raw = published, searched
    modified = declared_date(meta.modified, page.reference_time)
    if modified is not None:
        stamps.modified, stamps.modified_raw = modified, meta.modified
    return stamps


def _with_url_date(stamps: DateStamps, page: Page) -> DateStamps:
    """Page text: the day the page's address names (:mod:`url_date`) where the text prints no
    publication stamp, or prints one further from that day than ``stamps.toml [url]
    max_days_apart`` (another story's stamp, a comment's). HTML input is left alone: its
    publisher's declarations and htmldate's search, which reads the address too, decide there.
    """
    if page.metadata is not None:
        return stamps
    found = url_date(page.url)
    if found is None or found.day > (page.reference_time + _FUTURE_SLACK).date():
        return stamps
    if stamps.published is not None:
        try:
            printed = datetime.fromisoformat(stamps.published).date()
        except ValueError:
            return stamps
        if abs((printed - found.day).days) <= url_rules().max_days_apart:
            return stamps
    stamps.published, stamps.published_raw = found.day.isoformat(), found.raw
    return stamps


def declared_date(value: str | None, reference: datetime) -> str | None:
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
    from article_normalizer.normalize.lines.blocks import split_blocks
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
