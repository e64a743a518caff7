"""The headline of the page.

In page text the headline is one short line somewhere above the story, among menus, section
labels, stamps and teasers. Every headline-shaped line in the head of the page is scored on
evidence that holds across sites and languages: its shape, its distance to the story, a credit
or stamp line just below it, its repetition on the page (a breadcrumb ending in it), its
overlap with the url's slug and with publisher metadata. The best one is cleaned of breadcrumb
prefixes and site-name suffixes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from service.normalize.outlet import site_names_of, squash, url_words
from service.normalize.page import Page
from service.rules.fields import byline_rules

_BREADCRUMB = re.compile(r"\s*(?:»|›|>>|>|→|::|/|\\)\s*")
_PIPE = re.compile(r"\s+[|¦•·]\s+")
_DASH_SUFFIX = re.compile(r"\s+[-–—:]\s+")
_BULLET = re.compile(r"^(?:[*+•·▪►▶◦‣-]|\d{1,2}[.)])\s")
_TOKEN = re.compile(r"\w+")
_QUOTES = str.maketrans({c: "'" for c in '‘’‚‛′`´“”„‟″«»"'} | {c: "-" for c in "‐‑‒–—―−"})
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_YEAR_OR_TIME = re.compile(
    r"\b(?:1[89]\d\d|20\d\d)\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
)
_SENTENCE_END = re.compile(r"[.。]$")
_MID_SENTENCE = re.compile(r"[a-z]{2}[.!?] [A-Z]")

_MIN_WORDS = 2
_MAX_WORDS = 30
_MAX_CHARS = 300
_WINDOW_ABOVE = 40
"""How far above the story the headline may sit (menus, share bars and stamps in between)."""
_WINDOW_BELOW = 2
"""The classifier may have taken the headline itself, or a line after it, as body."""
_MIN_SCORE = 0.0


@dataclass(slots=True)
class _Candidate:
    index: int
    text: str
    score: float


def normalise(text: str) -> str:
    """Case-, quote-, dash- and punctuation-insensitive form, for comparing titles."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    return " ".join(_TOKEN.findall(text))


def _word_count(text: str) -> int:
    words = len(text.split())
    if _CJK.search(text):
        # Scripts without spaces: about two characters per word.
        words = max(words, len(_CJK.findall(text)) // 2)
    return words


def find_title(page: Page) -> str | None:
    """The headline, and its block marked ``title``; None when no line looks like one.

    With publisher metadata, the on-page line matching its title wins (the metadata title,
    cleaned of its site suffix, when no line matches).
    """
    site_names = site_names_of(page)
    meta_title = _meta_title(page, site_names)
    anchor = _story_start(page)
    if anchor is None and meta_title is None:
        return None
    candidates = _candidates(page, anchor, site_names, meta_title)
    if not candidates:
        return meta_title
    best = max(candidates, key=lambda c: (c.score, -abs((anchor or 0) - c.index)))
    if meta_title is not None and normalise(best.text) != normalise(meta_title):
        return meta_title
    if best.score < _MIN_SCORE:
        return None
    page.mark(best.index, "title", f"title:score={best.score:.2f}")
    return best.text


def _meta_title(page: Page, site_names: list[str]) -> str | None:
    if not (page.metadata and page.metadata.title and page.metadata.title.strip()):
        return None
    return clean_title(page.metadata.title.strip(), site_names)


def clean_title(text: str, site_names: list[str]) -> str:
    """``text`` without a breadcrumb prefix or a `` | Site`` / `` - Site`` suffix."""
    parts = _BREADCRUMB.split(text)
    if len(parts) > 1 and _word_count(parts[-1]) >= _MIN_WORDS + 1:
        text = parts[-1]
    pieces = _PIPE.split(text)
    if len(pieces) > 1:
        # "Headline | Section | Site": the longest piece is the headline.
        text = max(pieces, key=_word_count)
    pieces = _DASH_SUFFIX.split(text)
    if len(pieces) > 1 and site_names:
        while len(pieces) > 1 and _is_site(pieces[-1], site_names):
            pieces.pop()
        while len(pieces) > 1 and _is_site(pieces[0], site_names):
            pieces.pop(0)
        text = _rejoin(text, pieces)
    return text.strip()


def _rejoin(original: str, kept: list[str]) -> str:
    """The span of ``original`` from the first to the last kept piece (separators intact)."""
    start = original.find(kept[0])
    end = original.rfind(kept[-1]) + len(kept[-1])
    return original[start:end] if 0 <= start < end else " ".join(kept)


def _is_site(piece: str, site_names: list[str]) -> bool:
    squashed = squash(piece)
    if not squashed or _word_count(piece) > 6:
        return False
    return any(
        squashed == name
        or (len(name) >= 4 and (name in squashed or squashed in name) and _word_count(piece) <= 4)
        for name in site_names
    )


def _story_start(page: Page) -> int | None:
    """The first body line of the densest stretch of body, not a stray teaser above it."""
    body = [i for i, d in enumerate(page.decisions) if d.is_body]
    if not body:
        return None
    mass = {i: _body_mass(page, i) for i in body}
    peak = max(mass.values())
    return next(i for i in body if mass[i] >= 0.4 * peak)


def _body_mass(page: Page, start: int, span: int = 6) -> int:
    end = min(len(page.blocks), start + span)
    return sum(
        len(page.blocks[i].text.split()) for i in range(start, end) if page.decisions[i].is_body
    )


_SKIP_KINDS = frozenset({"title", "byline_stamp", "dateline"})


def _candidates(
    page: Page, anchor: int | None, site_names: list[str], meta_title: str | None
) -> list[_Candidate]:
    blocks = page.blocks
    if anchor is None:
        lo, hi = 0, min(len(blocks), _WINDOW_ABOVE)
    else:
        lo, hi = max(0, anchor - _WINDOW_ABOVE), min(len(blocks), anchor + _WINDOW_BELOW)
    normals = [normalise(b.text) for b in blocks]
    slug = set(url_words(page.url or (page.metadata.url if page.metadata else None)))
    meta_norm = normalise(meta_title) if meta_title else None
    rules = byline_rules(page.language)
    found: list[_Candidate] = []
    for i in range(lo, hi):
        decision = page.decisions[i]
        if decision.kind in _SKIP_KINDS:
            continue
        raw = blocks[i].text
        if len(raw) > _MAX_CHARS or _BULLET.match(raw):
            continue
        text = clean_title(raw, site_names)
        words = _word_count(text)
        if not (_MIN_WORDS <= words <= _MAX_WORDS) or not any(ch.isalpha() for ch in text):
            continue
        if rules.cue.match(text) or text.casefold() in rules.ui_labels:
            continue
        norm = normalise(text)
        score = _shape_score(text, raw, words)
        score += _position_score(i, anchor)
        score += _followed_by_credit(page, i, rules.cue)
        if _repeated(norm, i, normals):
            score += 1.5
        score += _slug_score(norm, slug)
        if meta_norm and norm == meta_norm:
            score += 6.0
        found.append(_Candidate(index=i, text=text, score=score))
    return found


def _shape_score(text: str, raw: str, words: int) -> float:
    score = 0.0
    if words == _MIN_WORDS:
        score -= 1.5
    elif words == _MIN_WORDS + 1:
        score -= 0.5
    elif 5 <= words <= 20:
        score += 0.6
    elif words > 20:
        score -= 0.3
    if sum(raw.count(ch) for ch in "<>{}=;") >= 2:
        score -= 3.0
    if _SENTENCE_END.search(text) and not text.endswith(".."):
        score -= 1.5
    if _MID_SENTENCE.search(text):
        score -= 1.5
    if raw.count("|") >= 2:
        score -= 1.5
    first = next((ch for ch in text if ch.isalpha()), "")
    if first.isupper() or (first and not first.islower()):
        score += 0.3
    else:
        score -= 1.0
    if _YEAR_OR_TIME.search(text) and words <= 6:
        score -= 1.0
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.8 and words <= 3:
        score -= 1.0
    return score


def _position_score(index: int, anchor: int | None) -> float:
    if anchor is None:
        return -0.05 * index
    if index >= anchor:
        return -0.8 - 0.5 * (index - anchor)
    distance = anchor - index
    return -0.06 * (distance - 1)


def _followed_by_credit(page: Page, index: int, cue: re.Pattern[str]) -> float:
    """A byline or a stamp right below a line is the strongest layout clue of a headline."""
    for j in range(index + 1, min(len(page.blocks), index + 4)):
        text = page.blocks[j].text
        if page.decisions[j].kind == "byline_stamp":
            return 1.0
        if (len(text) <= 120 and cue.match(text)) or (
            len(text) <= 60 and _YEAR_OR_TIME.search(text)
        ):
            return 1.0
    return 0.0


def _repeated(norm: str, index: int, normals: list[str]) -> bool:
    """Another line equals this one, or ends with it (a breadcrumb's tail is the headline)."""
    if len(norm) < 12:
        return False
    return any(
        j != index and other and (other == norm or other.endswith(norm))
        for j, other in enumerate(normals)
    )


def _slug_score(norm: str, slug: set[str]) -> float:
    if len(slug) < 3:
        return 0.0
    tokens = [t for t in norm.split() if len(t) > 2]
    if len(tokens) < 2:
        return 0.0
    share = sum(t in slug for t in tokens) / len(tokens)
    return 3.0 * share if share >= 0.3 else 0.0
