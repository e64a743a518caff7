"""Numeric features of every line of a page, for the body classifier.

A line's own shape says little (a short line may be a sub-heading or a menu entry); what decides
is its neighbourhood: how much prose surrounds it, where it sits relative to the page's text
mass. So each line gets its own shape, the same for its neighbours at -2..+2, densities over
windows of 5, 11 and 21 lines, and page-level figures.

Language: the only language-dependent input is the stop-word list of the detected language
(``profile.stopwords``). Lists differ widely in size between languages, so stop-word shares also
appear relative to the page's own prose, which keeps them comparable across languages.

Scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) have no words for ``\\w+``
to find: a whole Chinese sentence would be one token. There each character is a token of its own,
weighing :data:`UNSPACED_TOKEN_WEIGHT` of a spaced-script word in the length and density counts
(a Chinese word averages about two characters), and the commonest function characters of Chinese
and Japanese (:data:`UNSPACED_FUNCTION_CHARS`) count as stop words whatever the stop list. Sentence
ends, sentence breaks and commas include the full-width and other scripts' punctuation, and the
copyright cue reads the notices of the languages the corpora carry, not only English.

Cost: the page is classified character by character through a lookup table and counted with
numpy; Python touches each token once (stop-word lookup) and each line a few times.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from itertools import pairwise, repeat

import numpy as np
import numpy.typing as npt

from article_normalizer.normalize.lines.blocks import Block
from article_normalizer.normalize.lines.char_classes import (
    _CLOSER,
    _COMMA_CODES,
    _DASH,
    _DIGIT,
    _LOWER,
    _PUNCT,
    _QUOTE,
    _SEPARATOR,
    _SPACE,
    _TERMINAL,
    _UNSPACED_BIT,
    _UPPER,
    _WIDE_TERMINAL,
    _WORD,
    TOKEN,
    _classes,
)
from article_normalizer.rules import LanguageProfile

FEATURE_VERSION = 2
"""Bumped whenever a feature changes meaning or order; the model file names the version it
was trained on and refuses to load against another."""

Matrix = npt.NDArray[np.float32]

UNSPACED_TOKEN_WEIGHT = 0.5
"""What one character of an unspaced script counts for in token counts, a word being 1."""
UNSPACED_FUNCTION_CHARS = frozenset(
    "的了是在和有我他她它这那也就不都而与及对从把被让给向为以之其但并或又很还着过们个所于将可能会要"
    "說這們與對從讓給為於將會還過個"
    "のにはをがでてともなたしれるか"
)
"""Function characters of Chinese (simplified and traditional) and Japanese particles and
inflections: the stop words of scripts that have no words."""
_BULLET = re.compile(r"^(?:[*•◦▪►▸■□●○✓✔➤→◆◇★☆▶▷・-]|\d{1,2}[.)、]|[（(]\d{1,2}[）)])\s?")
_COPYRIGHT_PHRASES = (
    "©",
    "copyright",
    "all rights reserved",
    "alle rechte vorbehalten",
    "tous droits réservés",
    "todos los derechos reservados",
    "tutti i diritti riservati",
    "prawa zastrzeżone",
    "права защищены",
    "права охраняются",
    "πνευματικά δικαιώματα",
    "με επιφύλαξη παντός",
    "版权所有",
    "版權所有",
    "著作権",
    "저작권",
    "icp备",
    "icp證",
    "公网安备",
)
"""Copyright notices and Chinese site-licence numbers (ICP), in the corpora's languages."""


# Token cues, as bits of the per-language token lookup (see _token_lookup).
_STOP = 1
_LINK_WORD = 4
_YEAR = 8
_LINK_WORDS = ("http", "https", "www", "com", "html", "php")
_OWN = (
    "log_chars",
    "log_tokens",
    "stop_share",
    "log_stops",
    "cap_share",
    "allcaps_share",
    "digit_share",
    "punct_share",
    "sentence_end",
    "colon_end",
    "ellipsis_end",
    "no_end_punct",
    "sentence_breaks",
    "comma_rate",
    "separators",
    "bullet",
    "copyright",
    "linkish",
    "clock",
    "quote_start",
    "lower_start",
    "mean_token_len",
    "repeats",
    "blank_before",
    "indent",
    "unspaced_share",
)
"""Per-line shape, in column order of :func:`_line_table`."""

_NEIGHBOUR = (
    "log_chars",
    "log_tokens",
    "stop_share",
    "cap_share",
    "digit_share",
    "sentence_end",
    "ellipsis_end",
    "separators",
    "bullet",
    "repeats",
    "stop_rel",
)
"""The subset of shape features repeated for each neighbour: enough to tell prose from menus."""

_OFFSETS = (-2, -1, 1, 2)
_WINDOWS = (5, 11, 21)
_WINDOWED = ("log_tokens", "stop_share", "sentence_end", "bullet", "long", "separators")

_LONG_TOKENS = 15
"""A line of at least this many tokens counts as prose for the page-level figures."""


def _names() -> tuple[str, ...]:
    names: list[str] = [*_OWN, "stop_rel", "tokens_rel_max", "tokens_rel_long"]
    names += ["pos_rel", "log_pos", "log_pos_from_end", "mass_before", "mass_after"]
    names += ["log_dist_long_before", "log_dist_long_after", "inside_long_span"]
    names += ["log_dist_longest", "after_longest"]
    for off in _OFFSETS:
        names += [f"n{off:+d}_{name}" for name in _NEIGHBOUR]
        names.append(f"n{off:+d}_exists")
    for width in _WINDOWS:
        names += [f"w{width}_{name}" for name in _WINDOWED]
    names += ["page_log_lines", "page_log_tokens", "page_log_max_tokens", "page_long_lines"]
    names += ["page_long_mass", "page_stop_share"]
    return tuple(names)


FEATURE_NAMES: tuple[str, ...] = _names()


@cache
def _token_lookup(stop: frozenset[str]) -> dict[str, int]:
    """Lower-cased token -> cue bits, per stop-word list (one dict lookup per token)."""
    lookup = dict.fromkeys(stop, _STOP)
    for char in UNSPACED_FUNCTION_CHARS:
        lookup[char] = _STOP
    for word in _LINK_WORDS:
        lookup[word] = lookup.get(word, 0) | _LINK_WORD
    for year in range(1900, 2100):
        lookup[str(year)] = lookup.get(str(year), 0) | _YEAR
    return lookup


def _phrase_starts(doc: str, phrases: Sequence[str]) -> npt.NDArray[np.int64]:
    """Where any of the lower-case ``phrases`` starts in ``doc``, case ignored (str.find: a
    handful of C scans, far cheaper than one case-insensitive alternation regex)."""
    lowered = doc.lower()
    if len(lowered) != len(doc):  # a rare character lower-cases to two: positions would shift
        lowered = "".join(c.lower()[:1] or c for c in doc)
    found: list[int] = []
    for phrase in phrases:
        at = lowered.find(phrase)
        while at != -1:
            found.append(at)
            at = lowered.find(phrase, at + 1)
    return np.asarray(found, dtype=np.int64)


def _line_table(texts: Sequence[str], blocks: Sequence[Block], stop: frozenset[str]) -> Matrix:
    """The per-line shape features (:data:`_OWN`), one row per line.

    The page is joined into one string and classified character by character through a lookup
    table, so counting is numpy work over the page rather than regexes per line; only the
    tokens' stop-word lookups and a few rare patterns go through Python.
    """
    n = len(texts)
    doc = "\n".join(texts)
    codes = np.frombuffer(doc.encode("utf-32-le"), dtype=np.uint32)
    bits = _classes(codes)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    ends = starts + lengths - 1
    line_of = np.repeat(np.arange(n), lengths + 1)[: len(codes)]

    def per_line(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
        return np.bincount(line_of[mask], minlength=n).astype(np.float64)

    word = (bits & _WORD) != 0
    unspaced = (bits & _UNSPACED_BIT) != 0
    prev_word = np.concatenate(([False], word[:-1]))
    prev_unspaced = np.concatenate(([False], unspaced[:-1]))
    next_bits = np.concatenate((bits[1:], np.zeros(1, dtype=np.uint16)))
    prev_bits = np.concatenate((np.zeros(1, dtype=np.uint16), bits[:-1]))
    # A token starts after a non-word character, at every unspaced-script character, and at a
    # spaced-script character right after one (what ``TOKEN`` matches).
    token_start = word & (~prev_word | unspaced | prev_unspaced)
    token_id = np.cumsum(token_start) - 1
    n_tokens_page = int(token_start.sum())
    token_line = line_of[token_start]
    token_weight = np.where(unspaced[token_start], UNSPACED_TOKEN_WEIGHT, 1.0)
    token_upper = (bits[token_start] & _UPPER) != 0
    lower_in_token = np.bincount(token_id[word & ((bits & _LOWER) != 0)], minlength=n_tokens_page)
    token_len = np.bincount(token_id[word], minlength=n_tokens_page)
    allcaps = token_upper & (lower_in_token == 0) & (token_len > 1)

    tokens = TOKEN.findall(doc)
    lowered = "\n".join(tokens).lower().split("\n") if tokens else []
    cues = np.fromiter(map(_token_lookup(stop).get, lowered, repeat(0)), np.int64, len(lowered))
    if len(cues) != n_tokens_page:  # pragma: no cover - guards the table against re's \w
        raise AssertionError("character table and regex disagree on tokens")
    is_stop = (cues & _STOP) != 0

    terminal = (bits & _TERMINAL) != 0
    closer = (bits & _CLOSER) != 0
    spaced_dash = ((bits & _DASH) != 0) & ((prev_bits & _SPACE) != 0) & ((next_bits & _SPACE) != 0)
    next_space = (next_bits & _SPACE) != 0
    prev_terminal = (prev_bits & _TERMINAL) != 0
    same_line_next = line_of == np.roll(line_of, -1)
    # Full-width sentence ends need no space after them: any next character but another end
    # or a closing mark starts a new sentence.
    wide_break = (
        ((bits & _WIDE_TERMINAL) != 0)
        & ((next_bits & (_TERMINAL | _CLOSER | _SPACE)) == 0)
        & same_line_next
    )
    sentence_break = (
        (terminal | (closer & prev_terminal)) & next_space & same_line_next
    ) | wide_break

    last = bits[ends]
    before_last = np.where(lengths > 1, bits[np.maximum(ends - 1, 0)], 0)
    before_that = np.where(lengths > 2, bits[np.maximum(ends - 2, 0)], 0)
    sentence_end = ((last & _TERMINAL) != 0) | (
        ((last & _CLOSER) != 0)
        & (
            ((before_last & _TERMINAL) != 0)
            | (((before_last & _CLOSER) != 0) & ((before_that & _TERMINAL) != 0))
        )
    )
    last_code = codes[ends]
    dot = ord(".")
    ellipsis_end = (last_code == ord("…")) | (
        (lengths > 2)
        & (last_code == dot)
        & (codes[np.maximum(ends - 1, 0)] == dot)
        & (codes[np.maximum(ends - 2, 0)] == dot)
    )
    first = bits[starts]

    def any_token(bit: int) -> npt.NDArray[np.bool_]:
        return np.bincount(token_line[(cues & bit) != 0], minlength=n) > 0

    copyright_line = np.zeros(n, dtype=bool)
    copyright_line[line_of[_phrase_starts(doc, _COPYRIGHT_PHRASES)]] = True

    colon = codes == ord(":")
    clock = colon & ((prev_bits & _DIGIT) != 0) & ((next_bits & _DIGIT) != 0)
    at_word = (codes == ord("@")) & ((next_bits & _WORD) != 0)

    chars = lengths.astype(np.float64)

    def weighted(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
        counts = np.bincount(token_line[mask], weights=token_weight[mask], minlength=n)
        return counts.astype(np.float64, copy=False)

    toks_n = weighted(np.ones(len(token_line), dtype=bool))
    stops_n = weighted(is_stop)
    per_tok = np.divide(1.0, toks_n, out=np.zeros_like(toks_n), where=toks_n > 0)
    per_chr = 1.0 / np.maximum(chars, 1.0)
    repeats = Counter(texts)
    return np.column_stack(
        [
            np.log1p(chars),
            np.log1p(toks_n),
            stops_n * per_tok,
            np.log1p(stops_n),
            np.bincount(token_line[token_upper], minlength=n) * per_tok,
            np.bincount(token_line[allcaps], minlength=n) * per_tok,
            per_line((bits & _DIGIT) != 0) * per_chr,
            per_line((bits & _PUNCT) != 0) * per_chr,
            sentence_end,
            last_code == ord(":"),
            ellipsis_end,
            (last & _WORD) != 0,
            per_line(sentence_break),
            per_line(np.isin(codes, _COMMA_CODES)) * per_tok,
            per_line(((bits & _SEPARATOR) != 0) | spaced_dash),
            [_BULLET.match(t) is not None for t in texts],
            copyright_line,
            any_token(_LINK_WORD) | (per_line(at_word) > 0),
            any_token(_YEAR) | (per_line(clock) > 0),
            (first & _QUOTE) != 0,
            (first & _LOWER) != 0,
            per_line(word) * per_tok,
            np.log([repeats[t] for t in texts]),
            [b.blank_before for b in blocks],
            [min(b.indent, 40) / 40.0 for b in blocks],
            per_line(unspaced) * per_chr,
        ]
    ).astype(np.float32)


CHUNK_CHARS = 1 << 18
"""Characters of lines whose shape is computed at once. The line table holds a few dozen bytes
of numpy arrays and token lists per character; a page at the size limit in one pass costs most
of a gigabyte, in chunks a bounded few tens of megabytes. Ordinary pages fit in one chunk."""


def _line_table_in_chunks(
    texts: Sequence[str], blocks: Sequence[Block], stop: frozenset[str]
) -> Matrix:
    """:func:`_line_table`, computed over runs of lines of about :data:`CHUNK_CHARS` characters.

    Every column but ``repeats`` depends on its own line only, so chunks give the same rows;
    ``repeats`` counts over the whole page and is filled in from the page afterwards.
    """
    cuts = [0]
    size = 0
    for index, text in enumerate(texts):
        size += len(text) + 1
        if size >= CHUNK_CHARS and index + 1 < len(texts):
            cuts.append(index + 1)
            size = 0
    if len(cuts) == 1:
        return _line_table(texts, blocks, stop)
    cuts.append(len(texts))
    table = np.vstack([_line_table(texts[a:b], blocks[a:b], stop) for a, b in pairwise(cuts)])
    repeats = Counter(texts)
    table[:, _OWN.index("repeats")] = np.log([repeats[t] for t in texts])
    return table


def _shift(column: Matrix, offset: int, fill: float) -> Matrix:
    """``column`` moved so row i holds row i+offset's value (``fill`` past the ends)."""
    out = np.full_like(column, fill)
    n = len(column)
    if offset > 0 and offset < n:
        out[: n - offset] = column[offset:]
    elif offset < 0 and -offset < n:
        out[-offset:] = column[: n + offset]
    return out


def _window_mean(columns: Matrix, width: int) -> Matrix:
    """Mean of each column over a centred window of ``width`` lines, clipped at the page ends."""
    n = len(columns)
    half = width // 2
    sums = np.vstack([np.zeros((1, columns.shape[1]), dtype=np.float64), np.cumsum(columns, 0)])
    idx = np.arange(n)
    lo = np.maximum(idx - half, 0)
    hi = np.minimum(idx + half + 1, n)
    means: Matrix = ((sums[hi] - sums[lo]) / (hi - lo)[:, None]).astype(np.float32)
    return means


def _distance_to_marked(marked: npt.NDArray[np.bool_]) -> tuple[Matrix, Matrix]:
    """Lines back to the previous marked line and forward to the next (n+1 when none)."""
    n = len(marked)
    idx = np.arange(n)
    big = n + 1
    last = np.where(marked, idx, -big)
    last = np.maximum.accumulate(last)
    before = np.minimum(idx - last, big)
    nxt = np.where(marked, idx, 2 * big + n)
    nxt = np.minimum.accumulate(nxt[::-1])[::-1]
    after = np.minimum(nxt - idx, big)
    return before.astype(np.float32), after.astype(np.float32)


def extract(blocks: Sequence[Block], profile: LanguageProfile) -> Matrix:
    """The feature matrix of a page: one row per block, columns as :data:`FEATURE_NAMES`."""
    n = len(blocks)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)
    texts = [b.text for b in blocks]
    own = _line_table_in_chunks(texts, blocks, profile.stopwords)
    col = {name: own[:, j] for j, name in enumerate(_OWN)}

    n_tok = np.expm1(col["log_tokens"])
    long = n_tok >= _LONG_TOKENS
    total = float(n_tok.sum()) or 1.0
    long_mass = float(n_tok[long].sum())
    # The page's prose stop-word share: the yardstick that makes shares comparable across
    # languages whose stop lists differ tenfold in size.
    prose = long if long.any() else n_tok >= np.median(n_tok)
    page_stop = float(col["stop_share"][prose].mean()) if prose.any() else 0.0
    stop_rel = col["stop_share"] / page_stop if page_stop > 0 else np.zeros(n, np.float32)
    max_tok = float(n_tok.max()) or 1.0
    long_median = float(np.median(n_tok[long])) if long.any() else max_tok
    col["stop_rel"] = stop_rel.astype(np.float32)
    col["long"] = long.astype(np.float32)

    idx = np.arange(n, dtype=np.float32)
    cum = np.cumsum(n_tok)
    dist_before, dist_after = _distance_to_marked(long)
    long_idx = np.flatnonzero(long)
    inside = (
        (idx >= long_idx[0]) & (idx <= long_idx[-1]) if len(long_idx) else np.zeros(n, dtype=bool)
    )
    longest = int(np.argmax(n_tok))

    parts: list[Matrix] = [own]
    parts.append(
        np.column_stack(
            [
                col["stop_rel"],
                n_tok / max_tok,
                n_tok / long_median,
                idx / max(n - 1, 1),
                np.log1p(idx),
                np.log1p(n - 1 - idx),
                (cum - n_tok) / total,
                (total - cum) / total,
                np.log1p(dist_before),
                np.log1p(dist_after),
                inside,
                np.log1p(np.abs(idx - longest)),
                idx > longest,
            ]
        ).astype(np.float32)
    )
    neighbour = np.column_stack([col[name] for name in _NEIGHBOUR])
    exists = np.ones((n, 1), dtype=np.float32)
    for off in _OFFSETS:
        parts.append(_shift(neighbour, off, -1.0))
        parts.append(_shift(exists, off, 0.0))
    windowed = np.column_stack([col[name] for name in _WINDOWED])
    for width in _WINDOWS:
        parts.append(_window_mean(windowed, width))
    page = np.array(
        [
            np.log1p(n),
            np.log1p(total),
            np.log1p(max_tok),
            np.log1p(len(long_idx)),
            long_mass / total,
            page_stop,
        ],
        dtype=np.float32,
    )
    parts.append(np.broadcast_to(page, (n, len(page))))
    matrix = np.hstack(parts).astype(np.float32, copy=False)
    return np.nan_to_num(matrix, copy=False, nan=0.0, posinf=0.0, neginf=0.0)


_CONTEXT_OWN = ("log_tokens", "sentence_end", "bullet", "stop_rel", "separators", "ellipsis_end")
_CONTEXT_OFFSETS = (-3, -2, -1, 1, 2, 3)
_CONTEXT_WINDOWS = (3, 5, 11, 21)


def _context_names() -> tuple[str, ...]:
    names = ["p", *(f"p{off:+d}" for off in _CONTEXT_OFFSETS)]
    names += [f"p_w{width}" for width in _CONTEXT_WINDOWS]
    names += ["p_run_before", "p_run_after", "p_page_mean", "p_page_body_share", "p_rank"]
    names += list(_CONTEXT_OWN)
    return tuple(names)


CONTEXT_NAMES: tuple[str, ...] = _context_names()
"""Columns of :func:`context`: the second stage's view of the first stage's probabilities."""


def context(proba: npt.NDArray[np.float64], lines: Matrix) -> Matrix:
    """Second-stage features: each line's first-stage body probability among its neighbours'.

    A short line between two confident body lines is most likely a sub-heading; the same line
    between clutter is a menu entry. ``lines`` is the first stage's matrix (:func:`extract`).
    """
    n = len(proba)
    if n == 0:
        return np.zeros((0, len(CONTEXT_NAMES)), dtype=np.float32)
    p = proba.astype(np.float32).reshape(n, 1)
    parts: list[Matrix] = [p]
    parts += [_shift(p, off, -1.0) for off in _CONTEXT_OFFSETS]
    parts += [_window_mean(p, width) for width in _CONTEXT_WINDOWS]
    confident = p[:, 0] >= 0.5
    before, after = _distance_to_marked(confident)
    order = np.argsort(np.argsort(-p[:, 0], kind="stable"), kind="stable")
    parts.append(
        np.column_stack(
            [
                np.log1p(before),
                np.log1p(after),
                np.full(n, p.mean()),
                np.full(n, confident.mean()),
                order / max(n - 1, 1),
            ]
        ).astype(np.float32)
    )
    parts.append(lines[:, [FEATURE_NAMES.index(name) for name in _CONTEXT_OWN]])
    return np.hstack(parts).astype(np.float32, copy=False)


def token_counts(lines: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
    """Each line's token count, read back from its :func:`extract` row (rules after the model
    count prose as the features do, in every script)."""
    return np.rint(np.expm1(lines[:, FEATURE_NAMES.index("log_tokens")].astype(np.float64)))
