"""What the kind model reads about a non-body line of page text.

Text mode has no markup, so what a person uses to tell a footer link from a menu item or a
reader's comment from a teaser is where the line sits and what surrounds it: before the
article, inside it or after it, how far down the page, next to which named lines, under which
heading. These features are that, plus the line's own shape and lexicon evidence and the name
the rules (:func:`article_normalizer.normalize.lines.kinds.name_kind`) already gave it, so the model
learns when
a rule's name holds and when the context says otherwise.

The same function builds the training matrix (``bench/train_kinds.py``) and the inference one
(:mod:`article_normalizer.normalize.lines.kind_model`); ``KIND_FEATURE_VERSION`` changes whenever a
feature's
meaning does, and a model trained on another version refuses to load.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from article_normalizer.normalize.lines.blocks import Block
from article_normalizer.normalize.lines.char_classes import reader_words
from article_normalizer.normalize.lines.kinds import line_evidence
from article_normalizer.normalize.page import BODY, Decision
from article_normalizer.rules import LanguageProfile

KIND_FEATURE_VERSION = 1

BASE_KINDS: tuple[str, ...] = (
    "navigation",
    "breadcrumb",
    "section_label",
    "ticker",
    "newsletter",
    "comment_box",
    "comment",
    "paywall",
    "legal",
    "related",
    "share",
    "caption",
    "footer",
    "advert",
    "cookie",
    "other",
)
"""Names the rules give non-body lines: one-hot as the line's own name. Spelled out rather than
taken from ``CLUTTER_KINDS``: the feature layout is fixed per :data:`KIND_FEATURE_VERSION`, and a
kind added to the lexicons must not shift the columns of a shipped model."""

NEIGHBOUR_KINDS: tuple[str, ...] = (
    BODY,
    "navigation",
    "section_label",
    "related",
    "footer",
    "comment_box",
    "comment",
    "share",
    "newsletter",
    "other",
)
"""Names whose share among the nearby lines is a feature (the rest are too rare to count)."""

REASON_FAMILIES: tuple[str, ...] = ("lexicon", "shape", "context", "kind")
"""How the rules named the line: its reason's last mechanism (``lexicon:newsletter``...)."""

WINDOW = 4
"""Lines on each side whose names describe a line's surroundings."""
HEADING_REACH = 60
"""How far below a comments or related heading its section may run (capped distance)."""

_TERMINAL = re.compile(r"[.!?…。！？]$")
_DIGIT = re.compile(r"\d")
_PIPE = re.compile(r"[|•·]")
_ELLIPSIS = re.compile(r"(?:\.{3}|…)\s*$")
_TIME_OR_DATE = re.compile(
    r"\b(?:\d{1,2}:\d{2}|\d{4}|\d{1,2}/\d{1,2}/\d{2,4}|ago|am|pm)\b", re.IGNORECASE
)
_HANDLE = re.compile(r"^@?\w[\w.-]{1,30}\s*(?:says|said|wrote|:)?$", re.IGNORECASE)

FEATURE_NAMES: tuple[str, ...] = (
    *(f"base_{k}" for k in BASE_KINDS),
    *(f"reason_{r}" for r in REASON_FAMILIES),
    *(f"lex_{k}" for k in BASE_KINDS if k != "other"),
    "before_body",
    "inside_body",
    "after_body",
    "no_body",
    "page_position",
    "lines_to_body_log",
    "after_share",
    "before_share",
    "body_score",
    "words_log",
    "chars_log",
    "terminal_stop",
    "ellipsis",
    "digit_share",
    "upper_start",
    "title_case_share",
    "pipe",
    "time_or_date",
    "handle_like",
    *(f"near_{k}" for k in NEIGHBOUR_KINDS),
    "prev_same",
    "next_same",
    "run_length_log",
    "run_position",
    "since_comment_heading",
    "since_related_heading",
    "comment_heading_after_body",
)


def kind_features(
    blocks: Sequence[Block], decisions: Sequence[Decision], profile: LanguageProfile
) -> tuple[list[int], npt.NDArray[np.float32]]:
    """The non-body lines' indexes and their feature rows, in :data:`FEATURE_NAMES` order.

    ``decisions`` are the rules' (body decided, non-body lines named); nothing is changed.

    Built column by column over the non-body lines (list comprehensions and numpy), not row
    by row: a row loop paid a dozen dictionary and element lookups per feature and line. Each
    column holds the value the row-wise definition gives, as a float64 cast to float32 once.
    """
    n = len(blocks)
    kinds = [d.kind for d in decisions]
    indexes = [i for i, k in enumerate(kinds) if k != BODY]
    rows = np.zeros((len(indexes), len(FEATURE_NAMES)), dtype=np.float32)
    if not indexes:
        return indexes, rows
    at = np.asarray(indexes, dtype=np.int64)
    m = len(indexes)
    body = [i for i, k in enumerate(kinds) if k == BODY]
    first, last = (body[0], body[-1]) if body else (n, -1)
    nearest = _distance_to_body(kinds)
    comment_seen, related_seen = _heading_distances(blocks, profile)
    heading_after_body = bool(body) and any(comment_seen[i] == 0 for i in range(last + 1, n))
    runs = _runs(kinds)
    col = {name: c for c, name in enumerate(FEATURE_NAMES)}
    texts = [blocks[i].text for i in indexes]
    own = [kinds[i] for i in indexes]

    base_col = {k: c for c, k in enumerate(BASE_KINDS)}
    rows[np.arange(m), [base_col.get(k, base_col["other"]) for k in own]] = 1.0
    reason_col = {r: len(BASE_KINDS) + c for c, r in enumerate(REASON_FAMILIES)}
    for row, i in enumerate(indexes):
        family = decisions[i].reason.rsplit(" ", 1)[-1].split(":", 1)[0]
        if family in reason_col:
            rows[row, reason_col[family]] = 1.0
    lex_col = {
        k: len(BASE_KINDS) + len(REASON_FAMILIES) + c
        for c, k in enumerate(k for k in BASE_KINDS if k != "other")
    }
    for row, text in enumerate(texts):
        for ev_kind, coverage in line_evidence(text, profile).items():
            if ev_kind in lex_col:
                rows[row, lex_col[ev_kind]] = coverage

    if not body:
        rows[:, col["no_body"]] = 1.0
    else:
        before = at < first
        after = at > last
        rows[:, col["before_body"]] = before
        rows[:, col["before_share"]] = np.where(before, at / max(first, 1), 0.0)
        rows[:, col["after_body"]] = after
        rows[:, col["after_share"]] = np.where(after, (at - last) / max(n - last - 1, 1), 0.0)
        rows[:, col["inside_body"]] = ~(before | after)
    rows[:, col["page_position"]] = at / max(n - 1, 1)
    rows[:, col["lines_to_body_log"]] = [math.log1p(nearest[i]) for i in indexes]
    rows[:, col["body_score"]] = [decisions[i].score for i in indexes]
    words = [reader_words(text) for text in texts]
    rows[:, col["words_log"]] = [math.log1p(w) for w in words]
    rows[:, col["chars_log"]] = [math.log1p(len(text)) for text in texts]
    rows[:, col["terminal_stop"]] = [_TERMINAL.search(text) is not None for text in texts]
    rows[:, col["ellipsis"]] = [_ELLIPSIS.search(text) is not None for text in texts]
    rows[:, col["digit_share"]] = [len(_DIGIT.findall(text)) / max(len(text), 1) for text in texts]
    rows[:, col["upper_start"]] = [text[:1].isupper() for text in texts]
    rows[:, col["title_case_share"]] = [_title_case_share(text) for text in texts]
    rows[:, col["pipe"]] = [_PIPE.search(text) is not None for text in texts]
    rows[:, col["time_or_date"]] = [_TIME_OR_DATE.search(text) is not None for text in texts]
    rows[:, col["handle_like"]] = [
        w <= 4 and _HANDLE.match(text) is not None for w, text in zip(words, texts, strict=True)
    ]

    # The kinds among the WINDOW lines on each side (the line itself not counted), from
    # prefix sums of each kind's indicator.
    lo = np.maximum(at - WINDOW, 0)
    hi = np.minimum(at + WINDOW + 1, n)
    around = np.maximum(hi - lo - 1, 1)
    kind_array = np.asarray(kinds, dtype=object)
    for k in NEIGHBOUR_KINDS:
        marked = kind_array == k
        sums = np.concatenate(([0], np.cumsum(marked)))
        rows[:, col[f"near_{k}"]] = (sums[hi] - sums[lo] - marked[at]) / around
    rows[:, col["prev_same"]] = [i > 0 and kinds[i - 1] == kinds[i] for i in indexes]
    rows[:, col["next_same"]] = [i + 1 < n and kinds[i + 1] == kinds[i] for i in indexes]
    spans = [runs[i] for i in indexes]
    rows[:, col["run_length_log"]] = [math.log1p(end - start) for start, end in spans]
    rows[:, col["run_position"]] = [
        (i - start) / max(end - start - 1, 1)
        for i, (start, end) in zip(indexes, spans, strict=True)
    ]
    rows[:, col["since_comment_heading"]] = [comment_seen[i] / HEADING_REACH for i in indexes]
    rows[:, col["since_related_heading"]] = [related_seen[i] / HEADING_REACH for i in indexes]
    rows[:, col["comment_heading_after_body"]] = heading_after_body
    return indexes, rows


def _title_case_share(text: str) -> float:
    """Share of the line's words (tokens opening with a letter) that are capitalised."""
    firsts = [t[0] for t in text.split() if t[0].isalpha()]  # split gives no empty token
    return sum(map(str.isupper, firsts)) / len(firsts) if firsts else 0.0


def _distance_to_body(kinds: Sequence[str]) -> list[int]:
    """Lines to the nearest body line (the page's length when there is none)."""
    n = len(kinds)
    out = [n] * n
    last = None
    for i in range(n):
        if kinds[i] == BODY:
            last = i
        if last is not None:
            out[i] = i - last
    last = None
    for i in range(n - 1, -1, -1):
        if kinds[i] == BODY:
            last = i
        if last is not None:
            out[i] = min(out[i], last - i)
    return out


def _heading_distances(
    blocks: Sequence[Block], profile: LanguageProfile
) -> tuple[list[int], list[int]]:
    """Lines since the last comments heading and the last related heading above each line
    (:data:`HEADING_REACH` when none is that close)."""
    comment = [HEADING_REACH] * len(blocks)
    related = [HEADING_REACH] * len(blocks)
    since_comment = since_related = HEADING_REACH
    for i, block in enumerate(blocks):
        heading = _heading_kind(block.text, profile)
        since_comment = 0 if heading == "comment" else min(since_comment + 1, HEADING_REACH)
        since_related = 0 if heading == "related" else min(since_related + 1, HEADING_REACH)
        comment[i], related[i] = since_comment, since_related
    return comment, related


def _heading_kind(text: str, profile: LanguageProfile) -> str | None:
    """``comment`` or ``related`` when the line is such a section's heading label."""
    if len(text) > 60:
        return None
    evidence = line_evidence(text, profile, labels_only=True)
    if "comment" in evidence or "comment_box" in evidence:
        return "comment"
    if "related" in evidence:
        return "related"
    return None


def _runs(kinds: Sequence[str]) -> list[tuple[int, int]]:
    """For each line, the ``[start, end)`` of the run of non-body (or body) lines it is in."""
    out: list[tuple[int, int]] = [(0, 0)] * len(kinds)
    start = 0
    for i in range(1, len(kinds) + 1):
        if i == len(kinds) or (kinds[i] == BODY) != (kinds[start] == BODY):
            for j in range(start, i):
                out[j] = (start, i)
            start = i
    return out
