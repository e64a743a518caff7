"""Naming what a non-body line is (navigation, newsletter, comment box...).

Two entry points, used by :mod:`article_normalizer.normalize.lines.classify`:

- :func:`strong_clutter`: a lexicon match so specific that the line is clutter whatever the
  classifier thinks ("Leave a Reply", "Subscribe to our newsletter");
- :func:`name_kind`: the kind of a line the classifier already took out of the body.

The phrases live in ``article_normalizer/rules/data/clutter/*.toml``; this module holds only the
mechanism:
how much of a line a lexicon entry must cover before it is trusted, the shapes no lexicon can
list (breadcrumb trails, one-line menus, teaser runs), and the context rules that name a line
from its neighbours. Reasons are short stable strings, e.g. ``lexicon:newsletter``,
``shape:breadcrumb``, ``context:after_related_heading``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from article_normalizer.normalize.lines.blocks import Block
from article_normalizer.normalize.lines.char_classes import PICTOGRAPHS, reader_words
from article_normalizer.normalize.lines.clutter_patterns import _patterns
from article_normalizer.normalize.lines.item_lines import item_row_kind
from article_normalizer.normalize.lines.line_shapes import (
    _ELLIPSIS,
    _FINAL_STOP,
    Evidence,
    _glued_links,
    _headline_like,
    _is_breadcrumb,
    _is_menu,
    _is_menu_words,
    _is_teaser,
    _Line,
    _short_name,
)
from article_normalizer.normalize.page import BODY, Decision
from article_normalizer.rules import ClutterLexicon, LanguageProfile
from article_normalizer.rules.body_rules import body_rules
from article_normalizer.rules.clutter import label_key, normalize_line
from article_normalizer.rules.lexicon_scan import LineHits, scanner

PRIORITY: tuple[str, ...] = (
    "breadcrumb",
    "ticker",
    "cookie",
    "paywall",
    "comment_box",
    "comment",
    "newsletter",
    "advert",
    "share",
    "caption",
    "related",
    "legal",
    "footer",
    "navigation",
    "section_label",
)
"""Tie-break between kinds whose entries cover a line equally: the more specific kind first."""

_SUBKINDS: dict[str, tuple[str, ...]] = {"footer": ("legal",)}
"""Kinds whose matches also count as the wider kind's: a legal link is a footer link too, so
"Terms of Use | Privacy Policy | Contact Us" is as much footer as when legal entries were
footer entries (``legal`` wins only where it covers the line more, or as a label)."""

STRONG_LINE_MAX_WORDS = 40
"""Longer lines are never certain clutter: they are not even matched (most body lines are)."""
STRONG_MAX_WORDS = 12
"""A UI label or prompt is short; longer lines are certain only when clutter covers them whole."""
STRONG_MIN_COVERAGE = 0.5
"""Share of a short line that lexicon matches must cover for :func:`strong_clutter`."""
WHOLE_COVERAGE = 0.85
"""Share of a line of any length that makes it clutter outright (ticker bars, share-button rows)."""
PREFIX_MIN_COVERAGE = 0.4
"""Share of a short line a bare prefix must cover: "Sign up for our briefing" yes,
"Designed by Frank Gehry, the museum opened in 1997." no."""
DELIMITED_PREFIX_MAX_WORDS = 30
"""A prefix ending in ":" ("READ ALSO:", "PHOTO:") introduces a teaser or caption this long."""
SPECIFIC_PREFIX_WORDS = 3
"""A prefix of this many words ("We use cookies", "Your email address will not be published")
is specific enough to name a whole banner sentence..."""
SPECIFIC_PREFIX_MAX_WORDS = 40
"""...of up to this many words,"""
SPECIFIC_PREFIX_MIN_COVERAGE = 0.25
"""...when it makes up this share of it ("Leave a reply to the ministry's letter by Friday,
the union told members." is not a comment form), or when it is at least"""
VERY_SPECIFIC_PREFIX_WORDS = 5
"""words long ("Your email address will not be published")."""
SENTENCE_MIN_WORDS = 8
"""A line this long ending in a full stop reads as prose: only a whole-line match names it."""
LOOSE_MIN_COVERAGE = 0.2
"""For :func:`name_kind` (the line is already out of the body) a smaller share suffices."""
LOOSE_MAX_WORDS = 15
"""...or any hit at all on a line this short."""
CONTEXT_WINDOW = 12
"""How far (in lines) context rules look for a heading or for the body."""
LINK_LIST_MAX_WORDS = 5
LINK_RUN = 3
"""Short removed lines in a run at least this long are a menu."""
INLINE_TEASER_MIN_WORDS = 7
"""Inside the body run only longer headline-shaped lines are taken for teasers: shorter ones
are as likely the article's own subheadings."""
MAX_LABEL_CHARS = 120
MAX_CLUTTER_CHARS = 1_000
"""Clutter is short in characters as in words: beyond this a line (a run of junk without
spaces, say) is only checked at its start, so its cost does not grow with its length."""

_LIST_MARKER = re.compile(r"^(?:[*+•·▪◦‣●○■□–-]|o|\d{1,3}[.)])(?=\s)\s*")
"""Bullets and ranks that text renderings put before list items: "* ", "o ", "3. "."""
_ICON = re.compile(rf"^[{PICTOGRAPHS}]+\s*")
"""Icons before a line's words: not a bullet (the line is no list item), and not part of the
label or prefix the lexicons look for."""
_RANK = re.compile(r"^\d{1,2}[.)]?$")
"""The rank printed beside a "most read" teaser."""


def strong_clutter(text: str, profile: LanguageProfile) -> tuple[str, str] | None:
    """``(kind, reason)`` when the line is certainly clutter, else None.

    Certain means: a trail or ticker by shape, a row of Han or kana items parted by spaces
    (:mod:`item_lines`), a whole-line UI label, or a short line that lexicon entries cover
    mostly. A long article sentence that merely contains "share" or "contact" never qualifies.
    """
    if row := item_row_kind(text, body_rules().item_lines):
        return row, "shape:item_row"
    if text.count(" ") >= STRONG_LINE_MAX_WORDS or len(text) > MAX_CLUTTER_CHARS:
        return None
    # Phrases and unanchored patterns can make only a short line certain clutter (longer ones
    # only when they cover it whole, which anchored patterns do): long lines skip that search.
    line = _analyse(text, profile.clutter, text.count(" ") < STRONG_MAX_WORDS)
    if line.breadcrumb:
        return "breadcrumb", "shape:breadcrumb"
    for ev in line.evidence:
        if _is_strong(ev, line):
            return ev.kind, f"lexicon:{ev.kind}"
    return None


@dataclass(frozen=True, slots=True)
class BodyContext:
    """Where a page's body lies, worked out once for naming all of its non-body lines.

    Valid while no line enters or leaves the body (naming only relabels non-body lines).
    """

    body_before: list[int]
    """``body_before[i]``: body lines among the first ``i`` blocks."""
    next_body: list[int | None]
    """``next_body[i]``: the first body line after ``i`` that is not an outlet describing
    itself (such a line kept as body is where the footer starts); None when none follows."""
    short: dict[int, bool] = field(default_factory=dict)
    """Which lines :func:`_in_link_run` found short and removed, filled as it asks: each line
    is a neighbour of several that are named, and whether it is body does not change."""

    @classmethod
    def of(
        cls, blocks: list[Block], decisions: list[Decision], profile: LanguageProfile
    ) -> BodyContext:
        n = len(decisions)
        before = [0] * (n + 1)
        for i, decision in enumerate(decisions):
            before[i + 1] = before[i] + (decision.kind == BODY)
        following: list[int | None] = [None] * n
        upcoming: int | None = None
        for i in range(n - 1, -1, -1):
            following[i] = upcoming
            if decisions[i].kind == BODY and not _describes_outlet(blocks[i].text, profile.clutter):
                upcoming = i
        return cls(body_before=before, next_body=following)


def name_kind(
    blocks: list[Block],
    decisions: list[Decision],
    index: int,
    profile: LanguageProfile,
    context: BodyContext | None = None,
) -> tuple[str, str]:
    """``(kind, reason)`` of non-body block ``index``; ``("other", ...)`` when nothing fits.

    Tries, in order: shapes and lexicon matches of the line itself (looser than
    :func:`strong_clutter`, since the classifier already judged it not body), then context
    from the neighbours: a run under a "Related"/"Latest" heading, teaser runs, the region
    after the body where an outlet names and describes itself, menus of short links.
    ``context`` is :meth:`BodyContext.of` the page, passed in when naming many of its lines.
    """
    lexicons = profile.clutter
    text = blocks[index].text
    line = _analyse(text, lexicons, len(text) <= MAX_CLUTTER_CHARS)
    if line.breadcrumb:
        return "breadcrumb", "shape:breadcrumb"
    for ev in line.evidence:
        if _is_strong(ev, line) or _is_loose(ev, line):
            return ev.kind, f"lexicon:{ev.kind}"
    if _is_menu(line.norm, lexicons):
        return "navigation", "shape:menu"
    # Right after the article: body above, none below (the footer region).
    if context is None:
        context = BodyContext.of(blocks, decisions, profile)
    next_body = context.next_body[index]
    after_body = next_body is None or next_body > index + CONTEXT_WINDOW
    before = context.body_before
    body_above = before[index] > before[max(0, index - CONTEXT_WINDOW)]
    if after_body and _describes_outlet(line.norm, lexicons):
        return "footer", "context:self_description"
    if _is_teaser(line):
        return "related", "shape:teaser_ellipsis"
    if _headline_like(line):
        if _under_related_heading(blocks, decisions, index, lexicons):
            return "related", "context:after_related_heading"
        if _next_to_teaser(blocks, decisions, index, lexicons):
            return "related", "context:teaser_headline"
        if line.listed:
            return "related", "shape:listed_headline"
        if _between_body(decisions, index) and line.words >= INLINE_TEASER_MIN_WORDS:
            return "related", "context:inline_headline"
        if _in_headline_run(blocks, decisions, index, lexicons):
            return "related", "context:teaser_run"
        if after_body and body_above:
            return "related", "context:headline_after_body"
    if _RANK.match(line.norm) and _next_to_teaser(blocks, decisions, index, lexicons):
        return "related", "context:rank_number"
    if _is_menu_words(line.norm, line.words, lexicons):
        return "navigation", "shape:menu_words"
    if _glued_links(line):
        return "navigation", "shape:glued_links"
    if (
        after_body
        and body_above
        and _short_name(line)
        and _near_footer(blocks, decisions, index, lexicons)
    ):
        return "footer", "context:footer_region"
    if _in_link_run(blocks, decisions, index, context.short):
        return "navigation", "shape:link_list"
    return "other", "kind:unnamed"


def line_evidence(
    text: str, profile: LanguageProfile, *, labels_only: bool = False
) -> dict[str, float]:
    """Kind -> share of the line its lexicon entries cover (1.0 for a whole-line label).

    What the kind model reads of the lexicons: every kind's evidence, not only the winner's.
    ``labels_only`` keeps only whole-line labels (section headings such as "3 Comments").
    """
    line = _analyse(text, profile.clutter, len(text) <= MAX_CLUTTER_CHARS)
    return {ev.kind: ev.coverage for ev in line.evidence if ev.label or not labels_only}


def is_list_item(text: str, profile: LanguageProfile) -> bool:
    """Whether the line opens with a list marker (a bullet, a rank number) before its words."""
    return _analyse(text, profile.clutter, len(text) <= MAX_CLUTTER_CHARS).listed


# --- the line itself -------------------------------------------------------------------------


LINE_CACHE_SIZE = 16_384
"""Lines whose analysis is kept. Boilerplate repeats from page to page of a site (half of the
dev corpus's lines repeat a line of an earlier page), so a worker serving a stream of pages
analyses each menu, footer and sign-up line once; 16k analyses weigh about 9 MB."""


def clear_caches() -> None:
    """Forget every line analysis: for benchmarks that must measure cold documents."""
    _analyse.cache_clear()
    _describes_outlet.cache_clear()
    _page.forget()


class _PageHits:
    """The lexicon hits of the last page :func:`scan_page` read, by line text.

    A memo like the line cache: a line's hits depend only on its text and the lexicons, so a
    line of another page (or a page scanned since) is simply looked up in vain and scanned
    alone."""

    __slots__ = ("describes", "lexicons", "lines")

    def __init__(self) -> None:
        self.lexicons: tuple[ClutterLexicon, ...] = ()
        self.lines: dict[str, tuple[str, bool, LineHits]] = {}
        self.describes: dict[str, bool] = {}
        """Whether each line of the page (any length) is an outlet describing itself."""

    def forget(self) -> None:
        self.lexicons = ()
        self.lines = {}
        self.describes = {}


_page = _PageHits()


def scan_page(texts: Sequence[str], profile: LanguageProfile) -> None:
    """Find the lexicons' prefixes and phrases on all of a page's lines in one pass, for the
    line analyses that follow: one automaton over the page costs less than a regex search per
    line and lexicon. Only the lines :func:`strong_clutter` reads are scanned for them: a
    longer line (prose, mostly) is analysed only when the classifier takes it out of the body,
    and is then scanned alone. Outlet self-descriptions, which :class:`BodyContext` looks for
    on every body line, are found on every line."""
    lexicons = profile.clutter
    pending: dict[str, tuple[str, bool]] = {}
    for text in texts:
        if (
            len(text) <= MAX_CLUTTER_CHARS
            and text.count(" ") < STRONG_LINE_MAX_WORDS
            and text not in pending
        ):
            pending[text] = _norm(text)
    lexicon_scanner = scanner(lexicons)
    found = lexicon_scanner.scan([norm for norm, _ in pending.values()])
    page = _PageHits()
    page.lexicons = lexicons
    page.lines = {
        text: (norm, listed, hits)
        for (text, (norm, listed)), hits in zip(pending.items(), found, strict=True)
    }
    unique = list(dict.fromkeys(texts))
    page.describes = dict(zip(unique, lexicon_scanner.describing(unique), strict=True))
    global _page
    _page = page


def _norm(text: str) -> tuple[str, bool]:
    """The line as the lexicons read it (:func:`normalize_line`, without a leading icon or a
    list marker), and whether it had a marker."""
    whole = normalize_line(text)
    if not whole.isascii() and (icon := _ICON.match(whole)) and icon.end() < len(whole):
        whole = whole[icon.end() :]
    marker = _LIST_MARKER.match(whole)
    if marker and marker.end() < len(whole):
        return whole[marker.end() :], True
    return whole, marker is not None


def _scan_line(norm: str, lexicons: tuple[ClutterLexicon, ...], full: bool) -> LineHits:
    """One line's hits, outside a page scan; without ``full`` only its start is read (the
    phrases are then not wanted), so a long line costs no more than a short one."""
    lexicon_scanner = scanner(lexicons)
    if not full:
        norm = norm[: lexicon_scanner.prefix_reach + 1]
    return lexicon_scanner.scan([norm])[0]


@lru_cache(maxsize=LINE_CACHE_SIZE)
def _analyse(text: str, lexicons: tuple[ClutterLexicon, ...], full: bool = True) -> _Line:
    """Everything the lexicons say about a line; without ``full``, only what can be checked at
    the start of the line (labels, prefixes, anchored patterns) and the shapes."""
    page = _page  # one read: another thread may scan its page meanwhile
    primed = page.lines.get(text) if page.lexicons is lexicons else None
    if primed is None:
        norm, listed = _norm(text)
        hits = None
    else:
        norm, listed, hits = primed
    # A line of a script without spaces is one space-free run: counted as a reader counts it,
    # its paragraph is not a one-word menu item.
    words = max(norm.count(" ") + 1, reader_words(norm))
    # Labels are short: a long line is never one, and folding it would be wasted work.
    key = label_key(norm, normalized=True) if len(norm) <= MAX_LABEL_CHARS else ""
    solid = (len(norm) - norm.count(" ")) or 1
    spans: dict[str, list[tuple[int, int]]] = {}
    labels: set[str] = set()
    prefixes: dict[str, str] = {}
    heading = False
    if hits is None:
        hits = _scan_line(norm, lexicons, full)
    for hit_kind, start, end in hits.prefixes:
        spans.setdefault(hit_kind, []).append((start, end))
        if end - start > len(prefixes.get(hit_kind, "")):
            prefixes[hit_kind] = norm[start:end]
    if full:
        for hit_kind, start, end in hits.phrases:
            spans.setdefault(hit_kind, []).append((start, end))
    for lex in lexicons:
        label = lex.label_kinds.get(key) if key else None
        if label is not None:
            labels.add(label)
            heading = heading or label == "related"
        patterns = _patterns(lex)
        if patterns.any_at_start is None or patterns.any_at_start.match(norm):
            for kind, pattern in patterns.at_start:
                m = pattern.match(norm)
                if m and m.end() > m.start():
                    spans.setdefault(kind, []).append(m.span())
        searched = patterns.caret if full else patterns.caret_only
        if searched and (patterns.any_searched is None or patterns.any_searched.search(norm)):
            for kind, pattern in searched:
                for m in pattern.finditer(norm):
                    if m.end() > m.start():
                        spans.setdefault(kind, []).append(m.span())
    evidence: list[Evidence] = []
    for kind, parts in _SUBKINDS.items():
        found = [span for part in parts for span in spans.get(part, ())]
        if found:
            spans[kind] = [*spans.get(kind, ()), *found]
    # Most lines have no label and no span: their evidence is empty without a look at each kind.
    for kind in PRIORITY if labels or spans else ():
        is_label = kind in labels
        if not is_label and kind not in spans:
            continue
        covered = _covered(norm, spans.get(kind, []))
        if not (is_label or covered):
            continue
        evidence.append(
            Evidence(
                kind=kind,
                coverage=1.0 if is_label else covered / solid,
                label=is_label,
                prefix=prefixes.get(kind),
            )
        )
    # Stable sort: equal scores keep PRIORITY order.
    evidence.sort(key=_score, reverse=True)
    return _Line(
        norm=norm,
        words=words,
        evidence=tuple(evidence),
        breadcrumb=_is_breadcrumb(norm, words, lexicons),
        related_heading=heading,
        listed=listed,
    )


@lru_cache(maxsize=4096)
def _describes_outlet(text: str, lexicons: tuple[ClutterLexicon, ...]) -> bool:
    """ "X is a global news portal for...": how an outlet describes itself in a footer."""
    page = _page  # one read: another thread may scan its page meanwhile
    if page.lexicons is lexicons:
        primed = page.describes.get(text)
        if primed is not None:
            return primed
    return any(
        lex.self_description is not None and lex.self_description.search(text) is not None
        for lex in lexicons
    )


def _score(ev: Evidence) -> float:
    bonus = 0.5 if ev.prefix and ev.prefix.rstrip().endswith(":") else 0.0
    return (2.0 if ev.label else 0.0) + ev.coverage + bonus


def _covered(norm: str, spans: list[tuple[int, int]]) -> int:
    """Non-space characters inside the union of ``spans``."""
    if not spans:
        return 0
    total = 0
    end = -1
    for start, stop in sorted(spans):
        start = max(start, end)
        if stop > start:
            total += (stop - start) - norm.count(" ", start, stop)
            end = stop
    return total


def _is_strong(ev: Evidence, line: _Line) -> bool:
    if ev.label:
        return True
    if ev.kind in ("breadcrumb", "ticker") and line.words <= 60 and ev.coverage >= 0.5:
        return True
    if ev.coverage >= WHOLE_COVERAGE:
        return True
    prose = line.words >= SENTENCE_MIN_WORDS and _FINAL_STOP.search(line.norm) is not None
    if ev.prefix is not None:
        if ev.prefix.rstrip().endswith(":") and line.words <= DELIMITED_PREFIX_MAX_WORDS:
            return True
        prefix_words = len(ev.prefix.split())
        if (
            prefix_words >= SPECIFIC_PREFIX_WORDS
            and not ev.prefix.endswith(" ")
            and line.words <= SPECIFIC_PREFIX_MAX_WORDS
            and (
                ev.coverage >= SPECIFIC_PREFIX_MIN_COVERAGE
                or prefix_words >= VERY_SPECIFIC_PREFIX_WORDS
            )
        ):
            return True
        if not prose and line.words <= STRONG_MAX_WORDS and ev.coverage >= PREFIX_MIN_COVERAGE:
            return True
    return not prose and line.words <= STRONG_MAX_WORDS and ev.coverage >= STRONG_MIN_COVERAGE


def _is_loose(ev: Evidence, line: _Line) -> bool:
    return (
        ev.prefix is not None or ev.coverage >= LOOSE_MIN_COVERAGE or line.words <= LOOSE_MAX_WORDS
    )


# --- context ---------------------------------------------------------------------------------


def _between_body(decisions: list[Decision], index: int) -> bool:
    before = index > 0 and decisions[index - 1].is_body
    after = index + 1 < len(decisions) and decisions[index + 1].is_body
    return before and after


def _under_related_heading(
    blocks: list[Block], decisions: list[Decision], index: int, lexicons: tuple[ClutterLexicon, ...]
) -> bool:
    """A related/latest heading above, with only removed lines (teasers) in between, and no
    heading of another section (comments, a newsletter box) closing the related one."""
    for j in range(index - 1, max(-1, index - CONTEXT_WINDOW - 1), -1):
        if decisions[j].is_body:
            # A teaser blurb may have been kept as body; it still belongs to the run.
            if _ELLIPSIS.search(blocks[j].text) is None:
                return False
            continue
        line = _analyse(blocks[j].text, lexicons, True)
        if line.related_heading:
            return True
        if any(ev.kind in _CLOSING_HEADINGS and _is_strong(ev, line) for ev in line.evidence):
            return False
    return False


_CLOSING_HEADINGS = frozenset({"comment", "newsletter"})
"""Kinds whose heading opens a section of its own below a related list: what follows a
"Comments (2)" is readers' comments, not more teasers."""


def _in_headline_run(
    blocks: list[Block], decisions: list[Decision], index: int, lexicons: tuple[ClutterLexicon, ...]
) -> bool:
    """A removed headline-shaped line next to another: a list of teasers."""
    return any(
        0 <= j < len(blocks)
        and not decisions[j].is_body
        and _headline_like(_analyse(blocks[j].text, lexicons, True))
        for j in (index - 1, index + 1)
    )


def _next_to_teaser(
    blocks: list[Block], decisions: list[Decision], index: int, lexicons: tuple[ClutterLexicon, ...]
) -> bool:
    """Next to a teaser blurb, or continuing a run of related lines (not a heading's: a
    heading names only what is below it, see :func:`_under_related_heading`)."""
    for j in (index - 1, index + 1):
        if 0 <= j < len(blocks) and not decisions[j].is_body:
            neighbour = _analyse(blocks[j].text, lexicons, True)
            if _is_teaser(neighbour):
                return True
            if j < index and decisions[j].kind == "related" and not neighbour.related_heading:
                return True
            if _RANK.match(blocks[index].text) and _headline_like(neighbour):
                return True
    return False


_FOOTERISH = frozenset(
    {"footer", "legal", "newsletter", "share", "comment_box", "comment", "cookie", "advert"}
)
"""Kinds seen around a page's footer (``legal`` and ``comment`` were ``footer`` and
``comment_box`` entries before they were kinds of their own)."""


def _near_footer(
    blocks: list[Block], decisions: list[Decision], index: int, lexicons: tuple[ClutterLexicon, ...]
) -> bool:
    """A footer link, an outlet self-description or a sign-up prompt within three lines."""
    for j in range(max(0, index - 3), min(len(blocks), index + 4)):
        if j == index or decisions[j].is_body:
            continue
        if decisions[j].kind in _FOOTERISH:
            return True
        neighbour = _analyse(blocks[j].text, lexicons, True)
        if _describes_outlet(neighbour.norm, lexicons) or any(
            ev.kind in _FOOTERISH for ev in neighbour.evidence
        ):
            return True
    return False


def _in_link_run(
    blocks: list[Block], decisions: list[Decision], index: int, known: dict[int, bool]
) -> bool:
    """Part of a run of short removed lines: a menu rendered one link per line. ``known``
    holds the lines already judged (:attr:`BodyContext.short`)."""

    def short(j: int) -> bool:
        answer = known.get(j)
        if answer is None:
            text = blocks[j].text
            answer = not decisions[j].is_body and (
                reader_words(text) <= LINK_LIST_MAX_WORDS and _FINAL_STOP.search(text) is None
            )
            known[j] = answer
        return answer

    if not short(index):
        return False
    run = 1
    j = index - 1
    while j >= 0 and short(j) and run < LINK_RUN:
        run += 1
        j -= 1
    j = index + 1
    while j < len(blocks) and short(j) and run < LINK_RUN:
        run += 1
        j += 1
    return run >= LINK_RUN
