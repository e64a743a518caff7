"""The headline of the page.

In page text the headline is one short line somewhere above the story, among menus, section
labels, stamps and teasers. Every headline-shaped line in the head of the page is scored on
evidence that holds across sites and languages: its shape, its distance to the story, a credit
or stamp line just below it, its repetition on the page (a breadcrumb ending in it), its
overlap with the url's slug and with publisher metadata. A forest (:class:`Ranker`) picks the
headline among them; the linear evidence (:data:`WEIGHTS`) says whether the page prints one at
all. The chosen line is cleaned of breadcrumb prefixes and site-name suffixes.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from operator import mul
from typing import Any, NamedTuple

import numpy as np

from article_normalizer.normalize.fields.headline_text import (
    _MIN_WORDS,
    _photo_credit,
    _stamp_line,
    _trail_parts,
    clean_title,
    normalise,
    word_count,
)
from article_normalizer.normalize.fields.outlet import site_names_of
from article_normalizer.normalize.lines.blocks import Block
from article_normalizer.normalize.lines.char_classes import UNSPACED, has_letter
from article_normalizer.normalize.lines.forest import Forest
from article_normalizer.normalize.lines.kinds import strong_clutter
from article_normalizer.normalize.page import Claim, Found, Page
from article_normalizer.normalize.textkeys import squash
from article_normalizer.normalize.urls import slug_share, url_words
from article_normalizer.rules import load_json, load_toml
from article_normalizer.rules.fields import BylineRules, byline_rules

_BULLET = re.compile(r"^(?:[*+•·▪►▶◦‣-]|\d{1,2}[.)])\s")
_YEAR_OR_TIME = re.compile(
    r"\b(?:1[89]\d\d|20\d\d)\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
)
_SENTENCE_END = re.compile(r"[.。]$")
_LIST_SEPARATOR = re.compile(r",\s|[;、，；|¦•·│｜]")
"""What separates the items of a list of terms or a menu printed on one line, with or without
spaces ("影音│行動│理財│追星")."""
_MID_SENTENCE = re.compile(r"[a-z]{2}[.!?] [A-Z]")

_MARKUP = re.compile(r"<(?:[!/]|[a-z][a-z0-9]*(?:\s[^>]*)?/?>|[A-Za-z][A-Za-z0-9]*\s+[\w:-]+\s*=)")
"""Leaked markup (a script tag rendered as text) is never a headline: a comment, a closing
tag, a lower-case tag or a tag with attributes. Wire copy prints ticker symbols in angle
brackets ("BRANIFF INC <BAIR> 4TH QTR LOSS"), in capitals and without attributes."""
_TRAIL_LABEL_WORDS = 3
"""A breadcrumb trail whose last item is this short ends in a section label, not a headline."""
_MAX_WORDS = 30
_MAX_CHARS = 300
_WINDOW_DATA = load_toml("title_window.toml")
_WINDOW = _WINDOW_DATA["window"]
_WINDOW_ABOVE = int(_WINDOW["above"])
"""How far above the story the headline may sit, in worded lines (menus, share bars and stamps
in between): data, ``rules/data/title_window.toml``."""
_WORDED = int(_WINDOW["worded_line_words"])
"""A line of this many words counts toward :data:`_WINDOW_ABOVE`; a menu item does not."""
_WINDOW_CAP = int(_WINDOW["cap"])
"""At most this many lines above the story are looked at, whatever they hold."""
_ROW_STORY_CHARS = int(_WINDOW_DATA["cells"]["row_story_chars"])
"""A body line holding this many characters besides its headline cell holds the story too:
the line is not claimed as the title (data, ``rules/data/title_window.toml``)."""
_TERM_LIST_ITEMS = int(_WINDOW_DATA["term_list"]["items"])
_TERM_LIST_WORDS = int(_WINDOW_DATA["term_list"]["words_per_item"])
"""A line of at least this many items, separated by commas, averaging at most this many words
an item, is a list of terms (tags, keywords, a shop's categories), not a headline (data,
``rules/data/title_window.toml``)."""
_STORY_ABOVE = {k: int(v) for k, v in _WINDOW_DATA["story_above"].items()}
"""When the best line is inside the story rather than above it (see :func:`_inside_story`):
data, ``rules/data/title_window.toml``."""
_GLUED_TRAIL = {k: int(v) for k, v in _WINDOW_DATA["glued_trail"].items()}
"""When the best line is a breadcrumb trail run into the headline (see :func:`trail_end_line`):
data, ``rules/data/title_window.toml``."""
_NEIGHBOURS = {k: int(v) for k, v in _WINDOW_DATA["teaser_neighbours"].items()}
"""Which lines around a candidate count as other headlines (see :func:`_teaser_neighbours`):
data, ``rules/data/title_window.toml``."""
CHOICE_FEATURES = frozenset({"clutter", "story_above"})
"""Candidate features the choice reads and the fit leaves out: the clutter lexicon's verdict
drops a line from the running (:func:`pick`), the story above the best line makes the page
answer null (:func:`choose`)."""
_ABBREVIATION_END = re.compile(r"\b(?:\w\.){2,}$")
"""A line ending in an abbreviation ("... in the U.S.") has no full stop of its own."""
_WINDOW_BELOW = 2
"""The classifier may have taken the headline itself, or a line after it, as body."""
_CLUTTER_CHECKS = 6
_CELL_MARGIN = 1.0
"""How far below its row a cell may rank and still be taken for the row's headline."""


CandidateFeatures = tuple[int, str, str, int, dict[str, float]]
"""``(line index, cleaned text, raw text, the whole line's length, features)``."""


@dataclass(slots=True)
class Candidate:
    """One headline-shaped line (or table cell of a line) and what choosing among them reads."""

    index: int
    text: str
    score: float
    """Linear evidence (log-odds among the page's candidates): whether the page has a headline."""
    rank: float = 0.0
    """The ranker's score: which candidate is the headline."""
    cell: bool = False
    """One table cell of its line, not the whole line."""
    raw: str = ""
    """The line or cell as printed, before cleaning: what the clutter lexicon is asked about."""
    row_cells: bool = False
    """Its line is a row of table cells."""
    row_length: int = 0
    """Characters of its whole line: the copy that is nothing but the headline is preferred."""
    story_above: int = 0
    """Lines of prose in the body run right above it: the story has begun (see :func:`choose`)."""
    credited: bool = False
    """A credit or a stamp stands right below it, as below a headline."""


def find_title(page: Page, opener: int | None = None) -> Found[str | None]:
    """The headline, claiming its block as ``title`` (unless it is one cell of a long body
    line); None when no line looks like one.

    With publisher metadata (HTML input), its title cleaned of a site suffix is the answer,
    and the line printing it is the one claimed; without, every headline-shaped line near the
    story is scored. ``opener`` (the line opening the story with a dateline) is never a headline.
    """
    site_names = site_names_of(page)
    meta_title = _meta_title(page, site_names)
    anchor = _story_start(page)
    if meta_title is not None:
        return _mark_declared(page, anchor, site_names, meta_title, opener)
    if anchor is None:
        return Found(None)
    found = candidate_features(page, anchor, site_names, opener=opener, clutter=False)
    best = choose(
        scored(found, WEIGHTS, ranker()),
        anchor,
        lambda c: _clutter_candidate(page, c.index, c.raw if c.cell else None, c.text),
        MIN_SCORE,
    )
    if best is None:
        return Found(None)
    headline = None if best.cell else trail_end_line(page, best)
    if headline is not None:
        text = page.blocks[headline].text.strip()
        return Found(text, (Claim(headline, "title", f"title:trail_end_of={best.index}"),))
    if (
        best.cell
        and page.decisions[best.index].is_body
        and best.row_length - len(best.text) > _ROW_STORY_CHARS
    ):
        # One cell of a long line the body holds: the rest of the line is the story's (a page
        # whose rendering ran it all into one line of cells), so the line stays where it is.
        return Found(best.text)
    return Found(best.text, (Claim(best.index, "title", f"title:score={best.score:.2f}"),))


def trail_end_line(page: Page, best: Candidate) -> int | None:
    """The line nearby that prints the end of ``best`` on its own, when ``best`` is a
    breadcrumb trail run into the headline (``[glued_trail]`` in title_window.toml); public for
    ``bench.title_cv``, which replays the choice."""
    text = best.text.strip()
    low = text.casefold()
    if not any(
        (m := lex.breadcrumb_root.match(low)) is not None and low[m.end() : m.end() + 1] == " "
        for lex in page.profile.clutter
        if lex.breadcrumb_root is not None
    ):
        return None
    reach = _GLUED_TRAIL["reach"]
    found: int | None = None
    for i in range(max(0, best.index - reach), min(len(page.blocks), best.index + reach + 1)):
        line = page.blocks[i].text.strip()
        if (
            i == best.index
            or len(line) >= len(text)
            or not text.endswith(line)
            or not text[-len(line) - 1].isspace()
            or word_count(line) < _GLUED_TRAIL["min_headline_words"]
            or word_count(text[: -len(line)]) > _GLUED_TRAIL["max_trail_words"]
        ):
            continue
        if found is None or len(line) > len(page.blocks[found].text.strip()):
            found = i
    return found


def scored(
    found: list[CandidateFeatures], weights: dict[str, float], ranker: Ranker | None = None
) -> list[Candidate]:
    """Each candidate with its linear score under ``weights`` and its rank under ``ranker``
    (the linear score where there is none); public for ``bench.title_cv``."""
    candidates = [
        Candidate(
            index=i,
            text=text,
            score=_linear(weights, f),
            cell=bool(f.get("cell")),
            raw=raw,
            row_cells=bool(f.get("cell") or f.get("has_cells")),
            row_length=row_length,
            story_above=int(f.get("story_above", 0)),
            credited=bool(f.get("credit_below") or f.get("stamp_below")),
        )
        for i, text, raw, row_length, f in found
    ]
    ranks = (
        ranker.rank([f for *_, f in found])
        if ranker is not None and found
        else [c.score for c in candidates]
    )
    for candidate, rank in zip(candidates, ranks, strict=True):
        candidate.rank = float(rank)
    return candidates


def _linear(weights: dict[str, float], features: dict[str, float]) -> float:
    """The features' weighted sum, term by term in the features' order (the order fixes the
    float's last bits, and the score is printed in a claim's reason)."""
    if "clutter" in features:
        return sum(weights.get(k, 0.0) * v for k, v in features.items() if k != "clutter")
    total: float = sum(map(mul, map(weights.get, features, repeat(0.0)), features.values()))
    return total


@dataclass(frozen=True, slots=True)
class Ranker:
    """A gradient-boosted forest over the candidates' features: which of a page's candidates
    is its headline.

    The linear evidence weighs each feature once, whatever the others say; but a line right
    above the story is the headline when a stamp follows it and a teaser when it sits in a run
    of headline-shaped lines, and a short line is a label in a menu and a headline above a
    credit. Trees read those combinations. Trained (lambdarank, each page a query) by
    ``python -m bench.title_cv --write``; run with numpy like the line model.
    """

    names: tuple[str, ...]
    forest: Forest

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Ranker:
        return cls(tuple(str(n) for n in doc["feature_names"]), Forest.from_dict(doc["forest"]))

    def rank(self, features: Sequence[dict[str, float]]) -> list[float]:
        names = self.names
        x = np.array(
            [list(map(f.get, names, repeat(0.0))) for f in features], dtype=np.float32
        ).reshape(len(features), len(names))
        ranks: list[float] = self.forest.raw_score(x).tolist()
        return ranks


def choose(
    candidates: list[Candidate],
    anchor: int,
    is_clutter: Callable[[Candidate], bool],
    min_score: float,
) -> Candidate | None:
    """The headline among scored candidates, or None when no candidate's linear score reaches
    ``min_score``.

    Which line is the headline is read off the ranks; whether the page prints one at all, off
    the linear evidence of its strongest candidate, whose scale the null threshold is set in.
    """
    return answered(pick(candidates, anchor, is_clutter), min_score)


def answered(picked: tuple[Candidate, float] | None, min_score: float) -> Candidate | None:
    """The picked candidate (:func:`pick`) when the page is answered with it: its linear
    evidence reaches ``min_score`` and it is not inside the story; public for
    ``bench.title_cv``, which replays the choice."""
    if picked is None or picked[1] < min_score or _inside_story(picked[0]):
        return None
    return picked[0]


def _inside_story(candidate: Candidate) -> bool:
    """The best line is one the story has already begun above, or a sentence of it: the text
    prints no headline (an article's region, cut below its headline), so the answer is null
    rather than a sub-heading or the story's first sentence taken out of the body.

    A credit or a stamp right below the line makes it a headline whatever stands above it: a
    photo's caption or a sponsor's note, which page text often prints over the headline.
    """
    if candidate.story_above >= _STORY_ABOVE["prose_lines"] and not candidate.credited:
        return True
    text = candidate.text
    return (
        _SENTENCE_END.search(text) is not None
        and not text.endswith("..")
        and not _ABBREVIATION_END.search(text)
        and word_count(text) >= _STORY_ABOVE["sentence_words"]
    )


def pick(
    candidates: list[Candidate], anchor: int, is_clutter: Callable[[Candidate], bool]
) -> tuple[Candidate, float] | None:
    """The best-ranked candidate and the strongest linear score among those left in the running.

    A pure function of the candidates, so ``bench.title_cv`` scores held-out pages with other
    weights, rankers and thresholds exactly as the stage would.
    """
    # The clutter lexicon costs about a millisecond a line: ask it about the front-runners
    # only. A line it names as a control, a prompt or a label ("Continue reading", a trail
    # ending in a section) is out of the running, whatever its shape says.
    front = sorted(candidates, key=lambda c: -c.rank)[:_CLUTTER_CHECKS]
    dropped = {id(c) for c in front if is_clutter(c)}
    candidates = [c for c in candidates if id(c) not in dropped]
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c.rank, -abs(anchor - c.index)))
    if not best.cell and best.row_cells:
        # A row of cells ("Football   Gunners star to comeback") ranking about as well as one
        # of its cells: the other cells are labels, the cell is the headline.
        cells = [
            c
            for c in candidates
            if c.index == best.index and c.cell and c.rank >= best.rank - _CELL_MARGIN
        ]
        best = max(cells, key=lambda c: c.rank, default=best)
    # The headline is often printed twice (a breadcrumb or a share bar ending in it): mark
    # the line that is nothing but the headline, the one nearest the story among those.
    key = normalise(best.text)
    same = [c for c in candidates if normalise(c.text) == key]
    best = min(same, key=lambda c: (c.row_length - len(c.text), abs(anchor - c.index)))
    return best, max(c.score for c in candidates)


def _mark_declared(
    page: Page, anchor: int | None, site_names: list[str], title: str, opener: int | None
) -> Found[str | None]:
    """``title``, claiming the line printing it: the one nearest the story that is nothing
    but the headline.

    The publisher's title is the headline whatever the lines around it look like, so scoring
    every line's shape (a third of the title stage's cost on a page) cannot change the answer,
    only which copy of it is marked.
    """
    key = normalise(title)
    lo, hi = _window(page, anchor, _story_starts(page)[1])
    matches: list[tuple[int, int]] = []
    for i in range(lo, hi):
        if page.decisions[i].kind in _SKIP_KINDS or i == opener:
            continue
        raw = page.blocks[i].text
        if len(raw) > _MAX_CHARS:
            continue
        text = clean_title(raw, site_names)
        if normalise(text) == key:
            matches.append((len(raw) - len(text), i))
    if matches:
        _, index = min(matches, key=lambda m: (m[0], abs((anchor or 0) - m[1])))
        return Found(title, (Claim(index, "title", "title:metadata"),))
    return Found(title)


def _meta_title(page: Page, site_names: list[str]) -> str | None:
    if not (page.metadata and page.metadata.title and page.metadata.title.strip()):
        return None
    return clean_title(page.metadata.title.strip(), site_names)


def _story_start(page: Page) -> int | None:
    """The first body line of the densest stretch of body, not a stray teaser above it."""
    body = [i for i, d in enumerate(page.decisions) if d.is_body]
    if not body:
        return None
    mass = _body_masses(page, body)
    peak = max(mass.values())
    return next(i for i in body if mass[i] >= 0.4 * peak)


def _story_starts(page: Page) -> tuple[list[int], int | None]:
    """Starts of the stretches of body dense enough to be the story, and the densest one.

    A weak classifier may take a block of prose above the article (an intro to the site, a
    teaser) for body; the headline then sits above a later start, which is considered too.
    """
    body = [i for i, d in enumerate(page.decisions) if d.is_body]
    if not body:
        return [], None
    mass = _body_masses(page, body)
    peak = max(mass.values())
    starts = [
        i for i in body if mass[i] >= 0.4 * peak and (i == 0 or not page.decisions[i - 1].is_body)
    ]
    densest = max(starts, key=lambda i: mass[i]) if starts else None
    return starts, densest


_MASS_SPAN = 6


def _body_masses(page: Page, body: list[int]) -> dict[int, int]:
    """Words of body in the :data:`_MASS_SPAN` lines from each body line on."""
    words = [0] * (len(page.blocks) + _MASS_SPAN)
    for i in body:
        words[i] = len(page.blocks[i].text.split())
    return {i: sum(words[i : i + _MASS_SPAN]) for i in body}


_SKIP_KINDS = frozenset({"title", "byline_stamp", "dateline"})


def _is_clutter(page: Page, index: int, text: str | None = None) -> bool:
    line = page.blocks[index].text if text is None else text
    clutter = strong_clutter(line, page.profile)
    if clutter is None:
        return False
    if clutter[0] != "breadcrumb":
        return True
    # A trail may end in the headline ("Home » World » Ministers hail ..."); one that ends in
    # a label ("Home > Sports > Story", "Home » News »") is navigation only.
    tail = _trail_parts(line.strip())[-1]
    return len(tail.split()) <= _TRAIL_LABEL_WORDS


def _clutter_candidate(page: Page, index: int, raw: str | None, text: str) -> bool:
    """The line (or cell) as printed is clutter, or what cleaning left of it is: a stamp and
    its source on one line ("2024年04月24日 | 来源：新华网") loses the stamp to the separator split
    and leaves a credit the lexicon names."""
    if _is_clutter(page, index, raw):
        return True
    printed = page.blocks[index].text if raw is None else raw
    return text != printed.strip() and _is_clutter(page, index, text)


def _window(page: Page, anchor: int | None, densest: int | None) -> tuple[int, int]:
    """The lines a headline may be: above the story, or just inside its start."""
    if anchor is None:
        return 0, min(len(page.blocks), _WINDOW_ABOVE)
    last = anchor if densest is None else max(anchor, densest)
    return _window_top(page, anchor), min(len(page.blocks), last + _WINDOW_BELOW)


def _window_top(page: Page, anchor: int) -> int:
    """The first line of the window: :data:`_WINDOW_ABOVE` worded lines above ``anchor``.

    Distance in raw lines depends on the rendering and the menu: a list of topics printed one
    a line puts a headline eighty lines above its story in one page and five in the next.
    Lines with a few words (headlines, teasers, stamps, prose) measure it the same way in both.
    """
    worded = 0
    top = anchor
    floor = max(0, anchor - _WINDOW_CAP)
    while top > floor and worded < _WINDOW_ABOVE:
        top -= 1
        worded += word_count(page.blocks[top].text) >= _WORDED
    return top


def candidate_features(
    page: Page,
    anchor: int | None,
    site_names: list[str],
    *,
    opener: int | None = None,
    clutter: bool = True,
) -> list[CandidateFeatures]:
    """``(index, cleaned text, raw text, line length, features)`` of every headline-shaped line
    (or table cell) near the story.

    Public for ``bench/title_fit.py``, which fits :data:`WEIGHTS` on these features.
    """
    blocks = page.blocks
    starts, densest = _story_starts(page)
    lo, hi = _window(page, anchor, densest)
    tails, normals = _tails(blocks)
    slug = set(url_words(page.address))
    rules = byline_rules(page.language)
    ledes: dict[int | None, tuple[set[str], set[str]]] = {}
    below = _Below(page, rules.cue)
    reach = _NEIGHBOURS["reach"]
    teaser_lines = _teaser_shaped(page, max(0, lo - reach), min(len(page.blocks), hi + reach))
    runs = _headline_runs(teaser_lines, lo, hi)
    prose_above = _prose_above(page, lo, hi)
    body_keys = _body_keys(page)
    found: list[CandidateFeatures] = []
    for i in range(lo, hi):
        decision = page.decisions[i]
        if decision.kind in _SKIP_KINDS or i == opener:
            continue
        # A row of table cells rendered as one line ("Sports   Headline   Menu"): each cell
        # is a candidate too.
        cells = blocks[i].cells
        for n, raw in enumerate((blocks[i].text, *cells)):
            shaped = headline_text_of(raw, site_names, rules, page.language)
            if isinstance(shaped, Rejected):
                continue
            text, words = shaped.text, shaped.words
            norm = normalise(text)
            features = _shape(text, raw, words, page)
            # Position is measured to the story start below the line (the first one when none is).
            start = next((a for a in starts if a > i - _WINDOW_BELOW), anchor)
            if start is None or start < (anchor if anchor is not None else start):
                start = anchor
            features.update(_position(i, start))
            features["main_story"] = float(start is not None and start == densest)
            if start not in ledes:
                ledes[start] = _lede(page, start)
            lede, lede_keys = ledes[start]
            features.update(below.of(i))
            repeated = _repeated(norm, i, normals, tails)
            features["repeated"] = float(repeated and words >= 4)
            features["repeated_short"] = float(repeated and words < 4)
            features["slug"] = slug_share(norm.split(), slug)
            features["lede"] = _lede_share(norm, lede, page.profile.stopwords)
            keys = _keys(norm, page.profile.stopwords)
            features["lede_keys"] = _keys_share(keys, lede_keys)
            features["body_keys"] = _body_share(keys, body_keys, own=decision.is_body)
            features["teaser_run"] = float(runs[i] >= _TEASER_RUN)
            features["teaser_neighbours"] = float(_teaser_neighbours(i, teaser_lines))
            # What the body stage named the line (a caption, a menu item, a teaser under a
            # related heading) is evidence to weigh, not a verdict: before this stage claims
            # it, the headline itself is often named `related` or `other`.
            features[f"kind_{decision.kind}"] = 1.0
            features["story_above"] = float(prose_above[i])
            if clutter:
                features["clutter"] = float(_clutter_candidate(page, i, raw if n else None, text))
            features["cleaned"] = float(shaped.cleaned)
            features["list_item"] = float(shaped.listed)
            features["dated_long"] = float(bool(_YEAR_OR_TIME.search(text)) and words > 6)
            features["names_site"] = float(_names_site(text, site_names))
            features["cell"] = float(n > 0)
            features["has_cells"] = float(n == 0 and bool(cells))
            features["blank_before"] = float(blocks[i].blank_before)
            features["blank_after"] = float(i + 1 < len(blocks) and blocks[i + 1].blank_before)
            features["label_above"] = float(i > 0 and len(blocks[i - 1].text.split()) <= 2)
            # A headline is often followed by its deck (a longer line) and preceded by a label.
            features["longer_line_below"] = float(
                i + 1 < len(blocks) and _headline_shaped(blocks[i + 1].text, longer_than=words)
            )
            features["shorter_line_above"] = float(
                i > 0 and _headline_shaped(blocks[i - 1].text, longer_than=2, shorter_than=words)
            )
            found.append((i, text, raw, len(blocks[i].text), features))
    longest = max((len(c[1]) for c in found if not c[4].get("ends_with_period")), default=0)
    for _, text, _, _, features in found:
        features["longest"] = float(len(text) == longest)
    rank = 0
    for *_, features in sorted(found, key=lambda c: -c[0]):
        if features.get("above", 0.0):
            features["nearest"] = float(rank == 0)
            features["second_nearest"] = float(rank == 1)
            rank += 1
    return found


@dataclass(frozen=True, slots=True)
class Rejected:
    """Why a line (or cell) is no headline candidate whatever its place: one of
    :data:`REJECTIONS`. ``bench.title_cv`` counts these when a page's headline is missed."""

    reason: str


REJECTIONS = (
    "long",
    "markup",
    "word_count",
    "no_letters",
    "credit_cue",
    "ui_label",
    "stamp_cue",
    "ui_glyph",
    "label_trail",
    "stamp_only",
    "photo_credit",
    "long_token",
)


class Shaped(NamedTuple):
    """A line or cell that may be the headline."""

    text: str
    """Cleaned: no list marker, breadcrumb trail or site name."""
    words: int
    listed: bool
    """It was a list item (its marker cut off)."""
    cleaned: bool
    """A breadcrumb trail or a site name was cut off it."""


def headline_text_of(
    raw: str, site_names: list[str], rules: BylineRules, language: str | None
) -> Shaped | Rejected:
    """The cleaned headline text of a line or cell and its word count, or why it cannot be one.

    One function for the stage and the bench, so a missed headline is traced to the rule that
    refused its line.
    """
    if len(raw) > _MAX_CHARS:
        return Rejected("long")
    if _MARKUP.search(raw):
        return Rejected("markup")
    # A list item's marker is the rendering's, not the headline's: an HTML-to-text rendering
    # prints "* Headline" where a browser's innerText prints "Headline". The item stays a
    # candidate without it, and its being listed is evidence to weigh (related-story lists).
    marker = _BULLET.match(raw)
    if marker:
        raw = raw[marker.end() :]
    text = clean_title(raw, site_names)
    words = word_count(text)
    if not (_MIN_WORDS <= words <= _MAX_WORDS):
        return Rejected("word_count")
    if not has_letter(text):
        return Rejected("no_letters")
    if rules.cue.match(text):
        return Rejected("credit_cue")
    if text.casefold() in rules.ui_labels:
        return Rejected("ui_label")
    stamp = rules.stamp.match(text)
    if stamp and len(stamp.group(0).strip(" :")) > 3:
        # "Posted: 4:37 pm", "Published on Saturday, Dec 29, 2007"
        return Rejected("stamp_cue")
    if _ui_glyph(text):
        return Rejected("ui_glyph")
    if _label_trail(text):
        return Rejected("label_trail")
    if _stamp_line(text, language, rules.mid_cue):
        return Rejected("stamp_only")
    if _photo_credit().search(text) or (text != raw.strip() and _photo_credit().search(raw)):
        # Cleaning can cut a credit down to its last name ("(Photos by AP; illustration by
        # T. Hubbard / Los Angeles Times)" -> "Los Angeles Times)"): a credit stays one.
        return Rejected("photo_credit")
    if max(map(len, _UNSPACED_RUN.sub("", text).split()), default=0) > _MAX_TOKEN:
        return Rejected("long_token")
    return Shaped(text, words, marker is not None, text != (raw.strip() if marker else raw))


_UI_GLYPH = re.compile(r"[»›|>]\s*$|^\s*[«‹|<]|\[\s*\w{1,8}\s*\]|^\s*\([^()]*\)\s*$")
"""A line that ends in a "more" arrow, holds a button ("Search: [ Go ]") or is a remark in
parentheses ("(From the last 12 hours)") is a control or an aside."""
_BRACKET_TAG = re.compile(r"^\s*\[\s*\w{1,8}\s*\]|\[\s*\w{1,8}\s*\]\s*$")
_TAG_WORDS = int(_WINDOW_DATA["bracket_tag"]["min_words"])
"""A bracketed word opening or closing a line of this many other words tags a headline
rather than being a button (data, ``rules/data/title_window.toml``)."""


def _label_trail(text: str) -> bool:
    """A trail of section labels ("Politics › Transport", "Thời sự › Giao thông"): two items or
    more, none longer than a label. The clutter lexicon names a trail by its shape from three
    items on or by its root word; a section and its subsection right above the headline have
    neither, and in languages whose words are short syllables they share words with any lede."""
    parts = _trail_parts(text)
    return len(parts) > 1 and all(0 < word_count(p) <= _TRAIL_LABEL_WORDS for p in parts)


def _ui_glyph(text: str) -> bool:
    """:data:`_UI_GLYPH`, except that guillemets opened and closed on the line are quotation
    marks ("«Die Zurückhaltung hat viel mit den USA zu tun»"), as in French, German, Greek,
    Italian, Polish or Russian headlines, not a lone "more" arrow, and that a bracketed word
    opening or closing a headline's worth of words tags it ("[Video] ...") rather than being a
    button."""
    match = _UI_GLYPH.search(text)
    if match is None:
        return False
    glyph = match.group().strip()
    if glyph in ("»", "«"):
        return not (text.count("«") and text.count("«") == text.count("»"))
    if glyph in ("›", "‹"):
        return not (text.count("‹") and text.count("‹") == text.count("›"))
    if glyph.startswith("["):
        tag = _BRACKET_TAG.search(text)
        return tag is None or word_count(text[: tag.start()] + text[tag.end() :]) < _TAG_WORDS
    return True


_MAX_TOKEN = 40
"""A run of this many characters without a space is an identifier or a url, not a word."""
_UNSPACED_RUN = re.compile(f"[{UNSPACED}]+")
"""Characters of scripts written without spaces, which :data:`_MAX_TOKEN` does not count: a
Chinese or Japanese headline is one run of them, however long."""


def _names_site(text: str, site_names: list[str]) -> bool:
    """The site's own name inside a line (a masthead, an issue line) rarely heads a story."""
    squashed = squash(text)
    return any(len(name) >= 4 and name in squashed for name in site_names)


def _headline_shaped(text: str, *, longer_than: int, shorter_than: int = _MAX_WORDS + 1) -> bool:
    words = word_count(text)
    return longer_than < words < shorter_than and not _BULLET.match(text)


_ASCII_NON_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())
_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))


def _letter_case(text: str) -> tuple[float, bool]:
    """The share of capitals among the letters, and whether the first letter is lower case.

    ASCII text (most headlines) is counted by deleting bytes, in C, instead of a test per
    character; the counts are the same.
    """
    if text.isascii():
        letters = text.encode("ascii").translate(None, _ASCII_NON_LETTERS)
        if not letters:
            return 0.0, False
        capitals = len(letters.translate(None, _ASCII_LOWER))
        return capitals / len(letters), letters[:1].islower()
    chars = [ch for ch in text if ch.isalpha()]
    upper = sum(ch.isupper() for ch in chars) / len(chars) if chars else 0.0
    return upper, next((ch for ch in text if ch.isalpha()), "").islower()


def _shape(text: str, raw: str, words: int, page: Page) -> dict[str, float]:
    upper, starts_lower = _letter_case(text)
    tokens = text.split()
    capitalised = sum([t[:1].isupper() for t in tokens]) / len(tokens) if tokens else 0.0
    stop = page.profile.stopwords
    # casefold works character by character and never makes or removes whitespace, so the
    # folded line splits into the folded tokens.
    folded = text.casefold().split()
    stop_share = sum(map(stop.__contains__, folded)) / len(tokens) if tokens else 0.0
    code = raw.count("<") + raw.count(">") + raw.count("{") + raw.count("}")
    code += raw.count("=") + raw.count(";")
    return {
        "bias": 1.0,
        "stopword_share": stop_share,
        "words_2": float(words == _MIN_WORDS),
        "words_3": float(words == _MIN_WORDS + 1),
        "words_5_20": float(5 <= words <= 20),
        "words_over_20": float(words > 20),
        "code": float(code >= 2),
        "ends_with_period": float(bool(_SENTENCE_END.search(text)) and not text.endswith("..")),
        "two_sentences": float(bool(_MID_SENTENCE.search(text))),
        "pipes": float(raw.count("|") >= 2),
        "starts_lower": float(starts_lower),
        "stamp_like": float(bool(_YEAR_OR_TIME.search(text)) and words <= 6),
        "all_caps": float(upper > 0.8),
        "capitalised_words": capitalised,
        "no_stopwords": float(stop_share == 0.0 and words >= 4),
        "ends_with_colon": float(text.endswith(":")),
        "term_list": float(_term_list(text, words)),
    }


def _term_list(text: str, words: int) -> bool:
    """:data:`_TERM_LIST_ITEMS` or more short items in a row: "Hot tags: sport, australia,
    tennis, cricket", "Apple, Mac, iPhone, iPad", a menu run into one line."""
    items = len(_LIST_SEPARATOR.findall(text)) + 1
    return items >= _TERM_LIST_ITEMS and words <= _TERM_LIST_WORDS * items


def _position(index: int, anchor: int | None) -> dict[str, float]:
    if anchor is None:
        return {"no_story": 1.0, "log_distance": math.log1p(index)}
    if index >= anchor:
        return {"in_story": 1.0, "below_start": float(index - anchor)}
    return {"above": 1.0, "log_distance": math.log1p(anchor - index - 1)}


class _Below:
    """A credit or a stamp right below a line is the strongest layout clue of a headline.

    Candidates stand in runs, so each line is below up to three of them: what it prints is
    read once, on first asking.
    """

    __slots__ = ("_cue", "_lines", "_page")

    def __init__(self, page: Page, cue: re.Pattern[str]) -> None:
        self._page = page
        self._cue = cue
        self._lines: dict[int, tuple[bool, bool]] = {}

    def _line(self, j: int) -> tuple[bool, bool]:
        """Whether line ``j`` is a credit, and whether it is a stamp."""
        known = self._lines.get(j)
        if known is None:
            text = self._page.blocks[j].text
            stamp = self._page.decisions[j].kind == "byline_stamp" or (
                len(text) <= 60 and _YEAR_OR_TIME.search(text) is not None
            )
            known = (len(text) <= 120 and self._cue.match(text) is not None, stamp)
            self._lines[j] = known
        return known

    def of(self, index: int) -> dict[str, float]:
        page = self._page
        credit = stamp = 0.0
        for j in range(index + 1, min(len(page.blocks), index + 4)):
            is_credit, is_stamp = self._line(j)
            if is_stamp:
                stamp = 1.0
            if is_credit:
                credit = 1.0
        nxt = page.blocks[index + 1].text if index + 1 < len(page.blocks) else ""
        return {
            "credit_below": credit,
            "stamp_below": stamp,
            "next_is_body": float(
                index + 1 < len(page.blocks) and page.decisions[index + 1].is_body
            ),
            "next_is_long": float(len(nxt.split()) >= 15),
        }


_TAIL = 12
"""Lines shorter than this are never counted as repeated headlines."""


def _tails(blocks: Sequence[Block]) -> tuple[dict[str, list[int]], list[str]]:
    """Line indexes by the last :data:`_TAIL` characters of their normal form, and the lines'
    normal forms ("" for a line too short to be in any bucket).

    A line that ends with a headline ends with the headline's own tail, so only the lines in
    its bucket need comparing: without this, finding repeats costs lines x candidates. An
    ASCII line shorter than the tail is not normalised at all: its normal form is never longer
    than the line (NFKC may lengthen other scripts' lines, which are always normalised).
    """
    tails: dict[str, list[int]] = {}
    normals: list[str] = []
    for j, block in enumerate(blocks):
        text = block.text
        other = normalise(text) if len(text) >= _TAIL or not text.isascii() else ""
        normals.append(other)
        if len(other) >= _TAIL:
            tails.setdefault(other[-_TAIL:], []).append(j)
    return tails, normals


def _repeated(norm: str, index: int, normals: list[str], tails: dict[str, list[int]]) -> bool:
    """Another line equals this one, or ends with it (a breadcrumb's tail is the headline)."""
    if len(norm) < _TAIL:
        return False
    return any(j != index and normals[j].endswith(norm) for j in tails.get(norm[-_TAIL:], ()))


def _lede(page: Page, anchor: int | None, span: int = 8) -> tuple[set[str], set[str]]:
    """Words of the story's first lines and their comparison keys (:func:`_keys`): a headline
    retells its lede."""
    words: set[str] = set()
    keys: set[str] = set()
    if anchor is None:
        return words, keys
    stop = page.profile.stopwords
    for i in range(anchor, min(len(page.blocks), anchor + span)):
        if page.decisions[i].is_body:
            norm = normalise(page.blocks[i].text)
            words.update(norm.split())
            keys.update(_keys(norm, stop))
    return words, keys


_STEM = 5
"""Characters of a word compared with the lede's: inflected forms of one word ("Челябинской",
"Челябинская"; "council", "councils") share their first few letters in most alphabets."""
_TEASER_RUN = 3
"""Consecutive headline-shaped lines (not body) from this many on are a list of teasers."""
_NO_SPACES = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
"""Scripts written without spaces between words (and Hangul's short words): compared by
character pairs."""


def _keys(norm: str, stopwords: frozenset[str]) -> list[str]:
    """Comparison keys of a normalised text in any script: word stems, or character pairs
    where words are not spaced, so a headline's overlap with its lede is measured in Chinese
    and in Russian as in English."""
    if not _NO_SPACES.search(norm):  # spaced words only: the same keys, one search a line
        return [
            token[:_STEM] for token in norm.split() if len(token) > 2 and token not in stopwords
        ]
    keys: list[str] = []
    for token in norm.split():
        if _NO_SPACES.search(token):
            keys.extend(token[k : k + 2] for k in range(len(token) - 1))
        elif len(token) > 2 and token not in stopwords:
            keys.append(token[:_STEM])
    return keys


def _teaser_shaped(page: Page, lo: int, hi: int) -> set[int]:
    """The lines in ``[lo, hi)`` that are not body and are shaped like a headline of at least
    four words with no sentence end: what a list of other stories' teasers is made of."""
    shaped: set[int] = set()
    for i in range(lo, hi):
        text = _BULLET.sub("", page.blocks[i].text, count=1)
        if (
            not page.decisions[i].is_body
            and _headline_shaped(text, longer_than=_MIN_WORDS + 1)
            and not _SENTENCE_END.search(text)
        ):
            shaped.add(i)
    return shaped


def _teaser_neighbours(index: int, shaped: set[int]) -> int:
    """How many other headline-shaped lines (:func:`_teaser_shaped`) stand a few lines either
    side of ``index``: a headline has a kicker and a deck about it, a teaser the other teasers
    of its list, even where a date or a summary stands between two of them, which breaks the
    run :func:`_headline_runs` counts."""
    reach = _NEIGHBOURS["reach"]
    return sum(j in shaped for j in range(index - reach, index + reach + 1) if j != index)


def _body_keys(page: Page) -> Counter[str]:
    """How many body lines hold each comparison key (:func:`_keys`): a headline names what the
    whole story is about, where the lede alone may not; another story's teaser names its own
    story's words."""
    counts: Counter[str] = Counter()
    stop = page.profile.stopwords
    for block, decision in zip(page.blocks, page.decisions, strict=True):
        if decision.is_body:
            counts.update(set(_keys(normalise(block.text), stop)))
    return counts


def _body_share(keys: list[str], body: Counter[str], *, own: bool) -> float:
    """The share of a line's keys that some other body line holds (``own``: the line is in
    the body itself, and its own copy does not count)."""
    if not keys:
        return 0.0
    mine = set(keys) if own else set()
    return sum(body[k] - (k in mine) > 0 for k in keys) / len(keys)


def _keys_share(keys: list[str], lede: set[str]) -> float:
    if not keys or not lede:
        return 0.0
    return sum(k in lede for k in keys) / len(keys)


def _prose_above(page: Page, lo: int, hi: int) -> dict[int, int]:
    """For each line from ``lo`` to ``hi``: the lines of prose in the body run that ends right
    above it, looking past at most ``max_gap`` lines that are not body (a photo's caption, a
    share bar between the story's first paragraph and a sub-heading).

    Not weighed by the ranker or the linear evidence (``bench.title_cv`` leaves it out of the
    fit): :func:`choose` reads it.
    """
    decisions, blocks = page.decisions, page.blocks
    words = _STORY_ABOVE["prose_words"]
    # Prose lines of the body run ending at each line (0 off the body), in one pass down from
    # the start of the run the window's first line can reach: each line's words are counted
    # once, whatever the number of lines below it.
    start = max(0, lo - 1 - _STORY_ABOVE["max_gap"])
    while start > 0 and decisions[start - 1].is_body:
        start -= 1
    run: dict[int, int] = {}
    for j in range(start, hi):
        run[j] = (
            (run.get(j - 1, 0) + (word_count(blocks[j].text) >= words))
            if decisions[j].is_body
            else 0
        )
    out: dict[int, int] = {}
    for i in range(lo, hi):
        j = i - 1
        gap = 0
        while j >= 0 and not decisions[j].is_body and gap < _STORY_ABOVE["max_gap"]:
            j -= 1
            gap += 1
        out[i] = run.get(j, 0)
    return out


def _headline_runs(teasers: set[int], lo: int, hi: int) -> dict[int, int]:
    """For each line in ``[lo, hi)``, the length of the run of consecutive teaser-shaped lines
    (:func:`_teaser_shaped`) it belongs to (0 for other lines): related-story lists, most-read
    boxes."""
    shaped = [i in teasers for i in range(lo, hi)]
    runs: dict[int, int] = {}
    k = 0
    while k < len(shaped):
        end = k
        while end < len(shaped) and shaped[end]:
            end += 1
        for j in range(k, end):
            runs[lo + j] = end - k
        if end == k:
            runs[lo + k] = 0
            end = k + 1
        k = end
    return runs


def _lede_share(norm: str, lede: set[str], stopwords: frozenset[str]) -> float:
    tokens = [t for t in norm.split() if len(t) > 2 and t not in stopwords]
    if not tokens or not lede:
        return 0.0
    return sum(t in lede for t in tokens) / len(tokens)


_TUNED = load_toml("title_weights.toml")
WEIGHTS: dict[str, float] = {str(k): float(v) for k, v in _TUNED["weights"].items()}
"""Evidence weights: log-odds of a line being the headline among its page's candidates. They
decide whether a page has a headline (:data:`MIN_SCORE`); which line it is, the ranker does.

Data (``rules/data/title_weights.toml``, read once at import), fitted by
``python -m bench.title_cv --write`` (conditional logit over both dev corpora's candidates). A
publisher's declared title needs no weight: it is the answer (see :func:`find_title`). The
clutter lexicon's verdict is not weighed: it drops a front-runner outright (see :func:`choose`).
"""
MIN_SCORE: float = float(_TUNED["threshold"]["min_score"])
"""When no candidate's linear score reaches this, the best line is more likely a menu item, a
teaser or a sentence of the body than the headline: the page answers null (``no_title_found``)
rather than a wrong line. Data, beside the weights."""


@cache
def ranker() -> Ranker:
    """The shipped ranker (``rules/data/title_ranker.json``), read on the first text page: an
    HTML page with a declared title never needs it."""
    return Ranker.from_dict(load_json("title_ranker.json"))
