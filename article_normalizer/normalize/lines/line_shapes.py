"""One line's clutter evidence and the shapes that name a line whatever its words: a breadcrumb
trail, a menu row, links glued together, a headline-like teaser.

They read one line's analysis (:class:`_Line`, built by the kinds stage) and the page
language's lexicons, never the neighbouring lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from article_normalizer.normalize.lines.char_classes import reader_words
from article_normalizer.rules import ClutterLexicon

MAX_CRUMB_ITEM_WORDS = 6
"""Items of a breadcrumb trail before the last one are section names: short."""


MAX_MENU_ITEM_WORDS = 4


TEASER_MIN_WORDS = 4


TEASER_MAX_WORDS = 20
"""A teaser title has the length of a headline."""


GLUED_MAX_WORDS = 30
"""Link texts glued together ("Game of ThronesDaniel KaluuyaChadwick Boseman") form a short
line; body text glued at sentence ends is longer."""


MENU_WORD_SHARE = 0.6
"""A line of at least four words, this share of them menu or section labels, is a menu."""


_TIGHT_SEPARATORS = frozenset("»›→⟩▸►")
"""Separators that mark a trail even without spaces around them ("Home»News")."""


_GLUED_TRAIL = re.compile(r"^[A-ZÀ-Þ][a-zà-ÿ]{2,}[A-ZÀ-Þ]{2,}[A-ZÀ-Þ][a-zà-ÿ]")
"""A capitalised word glued to an upper-case section glued to the headline: "HomeNEWSChina".
(Capitalised words glued to each other, "HoróscopoPronósticoLoterías", are a menu.)"""


_GLUED_AFTER_ROOT = re.compile(r"^(?:[A-ZÀ-ÞА-Я]{2,}|[A-ZÀ-ÞА-Я][a-zà-ÿа-я]+[A-ZÀ-ÞА-Я])")
"""What must follow a glued root word: "Home|NEWS...", "Home|WorldAsia"; not "Home|Pod"."""


_ELLIPSIS = re.compile(r"(?:\.{3}|…|\[\.\.\.\]|\[…\])\s*$")


_FINAL_STOP = re.compile(r"[.;,。．，；、]\s*$")
"""A line ending as prose does, in a spaced script or a full-width one (Chinese and Japanese
end sentences and clauses with their own marks)."""


_GLUE = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]")


_PUNCT = "\"'()[]{}.,;:!?*+|•·-–—»«›‹"


_PROPER_WORD = re.compile(
    r"^(?:[\"'(]?[A-ZÀ-ÞА-Я0-9][\w'&.-]*|&|[-|:]|of|the|and|de|da|do|del|la|le)$"
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the lexicons say about one line for one kind."""

    kind: str
    coverage: float
    """Share of the line's non-space characters covered by this kind's matches (1.0 for a label)."""
    label: bool
    prefix: str | None
    """The prefix the line starts with, when one matched."""


@dataclass(frozen=True, slots=True)
class _Line:
    norm: str
    words: int
    evidence: tuple[Evidence, ...]
    """Best first."""
    breadcrumb: bool
    related_heading: bool
    listed: bool
    """Starts with a bullet or a rank number."""


@dataclass(frozen=True, slots=True)
class _Shapes:
    """What the shape tests need from a set of lexicons, merged and compiled once per set."""

    crumb_separators: tuple[str, ...]
    crumb_split: re.Pattern[str] | None
    crumb_any: re.Pattern[str] | None
    """Any separator anywhere, spaced or not: one search instead of a substring test per
    separator decides most lines (they hold none)."""
    menu_split: re.Pattern[str] | None
    menu_labels: frozenset[str]
    """Single-word navigation and section labels, for menus rendered without separators."""


@lru_cache(maxsize=64)
def _shapes(lexicons: tuple[ClutterLexicon, ...]) -> _Shapes:
    crumbs = sorted({s for lex in lexicons for s in lex.breadcrumb_separators}, key=len)[::-1]
    parts = [
        re.escape(sep) if sep in _TIGHT_SEPARATORS else rf"(?<=\S)\s+{re.escape(sep)}\s+(?=\S)"
        for sep in crumbs
    ]
    menus = sorted({s for lex in lexicons for s in lex.menu_separators})
    labels: set[str] = set()
    for lex in lexicons:
        for kind in ("navigation", "section_label"):
            matcher = lex.matcher(kind)
            if matcher is not None:
                labels.update(label for label in matcher.labels if " " not in label)
    return _Shapes(
        crumb_separators=tuple(crumbs),
        crumb_split=re.compile("|".join(parts)) if parts else None,
        crumb_any=re.compile("|".join(re.escape(sep) for sep in crumbs)) if crumbs else None,
        menu_split=re.compile("|".join(re.escape(s) for s in menus)) if menus else None,
        menu_labels=frozenset(labels),
    )


def _is_breadcrumb(norm: str, words: int, lexicons: tuple[ClutterLexicon, ...]) -> bool:
    if words > 60:
        return False
    shapes = _shapes(lexicons)
    for lex in lexicons:
        if lex.glued_root is not None:
            m = lex.glued_root.match(norm)
            if m and _GLUED_AFTER_ROOT.match(norm[m.end() :]):
                return True
        if lex.breadcrumb_root is not None:
            m = lex.breadcrumb_root.match(norm)
            if m:
                rest = norm[m.end() :].lstrip()
                if any(rest.startswith(s) and len(rest) > len(s) for s in shapes.crumb_separators):
                    return True
    if _GLUED_TRAIL.match(norm):
        return True
    return _trail_items(norm, shapes) is not None


def _trail_items(norm: str, shapes: _Shapes) -> list[str] | None:
    """Items of a trail of at least three short items ("News » World » Asia"), else None."""
    if shapes.crumb_split is None or shapes.crumb_any is None or not shapes.crumb_any.search(norm):
        return None
    found = [m.group().strip() for m in shapes.crumb_split.finditer(norm)]
    if len(found) < 2:
        return None
    if ("«" in norm and "»" in found) or ("‹" in norm and "›" in found):
        # French and Swiss quotes: «Vape Wave», «6 Days».
        return None
    items = [i.strip() for i in shapes.crumb_split.split(norm)]
    if any(not i for i in items):
        return None
    if set(found) <= {"/", ">", "\\"} and any(i[:1].islower() for i in items[1:]):
        # ASCII separators also join prose ("income > expenses > savings"): trail items
        # after the first are capitalised section names.
        return None
    if set(found) == {"/"} and any(ch.isdigit() for ch in norm):
        # Slashes also join a kicker, a time and a byline ("Features / 1 day ago / By X").
        return None
    if any(reader_words(i) > MAX_CRUMB_ITEM_WORDS for i in items[:-1]):
        return None
    if not any(ch.isalpha() for ch in items[0]):
        # Later items may be archive years or issue numbers ("News > 2015 > KW 15 > ...").
        return None
    return items


def _is_menu(norm: str, lexicons: tuple[ClutterLexicon, ...]) -> bool:
    shapes = _shapes(lexicons)
    # menu_split is the separators' alternation: a search finds one if the line holds any.
    if shapes.menu_split is None or not shapes.menu_split.search(norm):
        return False
    items = [i.strip() for i in shapes.menu_split.split(norm) if i.strip()]
    return len(items) >= 3 and all(reader_words(i) <= MAX_MENU_ITEM_WORDS for i in items)


def _is_menu_words(norm: str, words: int, lexicons: tuple[ClutterLexicon, ...]) -> bool:
    """ "Home News Weather Business Sports": menu items rendered on one line without separators."""
    if words < 4 or _FINAL_STOP.search(norm):
        return False
    labels = _shapes(lexicons).menu_labels
    tokens = norm.casefold().split()
    needed = MENU_WORD_SHARE * len(tokens)
    # Prose is settled within its first few words; reading the rest of a long line would cost
    # time in proportion to it for the same answer (the margin of one keeps rounding out).
    hopeless = len(tokens) - needed + 1
    hits = misses = 0
    for token in tokens:
        if token.strip(_PUNCT) in labels:
            hits += 1
        else:
            misses += 1
            if misses > hopeless:
                return False
    return hits >= needed


def _glued_links(line: _Line) -> bool:
    """Link texts rendered without spaces: "PoliticsMoneyEntertainmentTech", "HomeNEWS".

    Glue inside web addresses and code (a dot, slash or brace in the token) is not counted.
    """
    if line.words > GLUED_MAX_WORDS or _FINAL_STOP.search(line.norm):
        return False
    if _GLUE.search(line.norm) is None:
        return False
    counts = [
        len(_GLUE.findall(token))
        for token in line.norm.split()
        if not any(ch in token for ch in "./@{}()=_")
    ]
    return bool(counts) and (max(counts) >= 2 or (sum(counts) >= 2 and line.words <= 8))


def _headline_like(line: _Line) -> bool:
    """A teaser title: a headline's length, words rather than figures, no closing full stop."""
    if not TEASER_MIN_WORDS <= line.words <= TEASER_MAX_WORDS or _FINAL_STOP.search(line.norm):
        return False
    worded = 0  # tokens with at least three letters: three of them make it words
    for token in line.norm.split():
        if len(token) >= 3 and (token.isalpha() or sum(map(str.isalpha, token)) >= 3):
            worded += 1
            if worded == 3:
                break
    else:
        return False
    if sum(map(str.isdigit, line.norm)) > 0.2 * len(line.norm):
        return False
    first = line.norm.lstrip("\"'“‘([")[:1]
    return first.isupper() or first.isdigit()


def _is_teaser(line: _Line) -> bool:
    """A teaser blurb cut short: "In an escalating border conflict that has resulted in..."."""
    return line.words >= 4 and _ELLIPSIS.search(line.norm) is not None


def _short_name(line: _Line) -> bool:
    """A bare name ("Plataforma Studio", "TodayPress"): a few capitalised words, no sentence."""
    if not 1 <= line.words <= 4 or _FINAL_STOP.search(line.norm):
        return False
    if not any(ch.isalpha() for ch in line.norm):
        return False
    return all(_PROPER_WORD.match(w) for w in line.norm.split())
