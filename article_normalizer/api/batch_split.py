"""Split a JSON batch into its documents' raw bytes without decoding them.

msgspec decodes recursively and gives up (``RecursionError``) on values nested about a thousand
levels deep, even inside a ``msgspec.Raw`` it only has to skip. One such document would fail the
whole batch; splitting the envelope here instead lets that document alone fail (its own decode
raises again and becomes its error entry) while the others are answered. Only the structure
around the documents is read, with numpy over the whole body, so the cost is a few passes over
the bytes whatever they hold.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
from numpy.typing import NDArray

_QUOTE, _BACKSLASH = ord('"'), ord("\\")
_OPENERS = (ord("["), ord("{"))
_CLOSERS = (ord("]"), ord("}"))
_COMMA = ord(",")
_ENVELOPE_KEY = re.compile(rb'\s*"documents"\s*:\s*')


def _unescaped_quotes(data: NDArray[np.uint8]) -> NDArray[np.intp]:
    """Positions of the quotes that open or close strings (not preceded by an odd run of
    backslashes)."""
    quotes = np.flatnonzero(data == _QUOTE)
    escaped = quotes[(quotes > 0) & (data[np.maximum(quotes - 1, 0)] == _BACKSLASH)]
    if escaped.size == 0:
        return quotes
    slashes = np.flatnonzero(data == _BACKSLASH)
    run_starts = np.ones(slashes.size, dtype=bool)
    run_starts[1:] = np.diff(slashes) != 1
    run_start = slashes[np.maximum.accumulate(np.where(run_starts, np.arange(slashes.size), 0))]
    before = np.searchsorted(slashes, escaped - 1)  # the backslash just before each quote
    run_length = escaped - run_start[before]
    odd = escaped[run_length % 2 == 1]
    return np.setdiff1d(quotes, odd, assume_unique=True)


def split_documents(body: bytes) -> list[bytes] | None:
    """The raw bytes of each element of ``{"documents": [...]}``, or None when ``body`` is not
    shaped like that (then the caller reports the body as a whole)."""
    data = np.frombuffer(body, dtype=np.uint8)
    in_string = np.zeros(data.size, dtype=np.int8)
    in_string[_unescaped_quotes(data)] = 1
    outside = np.cumsum(in_string, dtype=np.int64) % 2 == 0
    structural = np.isin(data, (*_OPENERS, *_CLOSERS, _COMMA)) & outside
    positions = np.flatnonzero(structural)
    chars = data[positions]
    steps = np.isin(chars, _OPENERS).astype(np.int64) - np.isin(chars, _CLOSERS)
    depth = np.cumsum(steps)  # nesting depth after each structural byte
    if positions.size < 3 or chars[0] != ord("{") or chars[1] != ord("["):
        return None
    opening, array_start = int(positions[0]), int(positions[1])
    if body[:opening].strip() or not _ENVELOPE_KEY.fullmatch(body, opening + 1, array_start):
        return None
    closing = np.flatnonzero(depth[1:] == 1)
    if closing.size == 0:
        return None
    array_end_index = int(closing[0]) + 1
    if chars[array_end_index] != ord("]") or array_end_index + 2 != positions.size:
        return None
    object_end = int(positions[-1])
    array_end = int(positions[array_end_index])
    if chars[-1] != ord("}") or body[array_end + 1 : object_end].strip():
        return None
    if body[object_end + 1 :].strip():
        return None
    inner = slice(2, array_end_index)
    commas = positions[inner][(chars[inner] == _COMMA) & (depth[inner] == 2)]
    bounds = [array_start, *commas.tolist(), array_end]
    if len(bounds) == 2 and not body[array_start + 1 : array_end].strip():
        return []
    pieces = [body[start + 1 : end] for start, end in itertools.pairwise(bounds)]
    return None if any(not piece.strip() for piece in pieces) else pieces
