"""Character classes of every script as bit flags, looked up for a whole page at once.

The per-line features count words, capitals, digits, terminals and separators; one numpy
lookup per page over a table of code points replaces a Python test per character. The field
stages ask single lines whether they hold a digit or a letter at all: :func:`has_digit` and
:func:`has_letter` answer as the ``str`` methods do, with one pattern search on ASCII lines."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import numpy as np
import numpy.typing as npt

UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3100-\u312f\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003ffff"
)
"""Scripts written without spaces between words, as a regex class body: Thai, Lao, Myanmar,
Khmer, kana, bopomofo, Han (and half-width kana). Each of their characters is a token."""


TOKEN = re.compile(rf"[^\W{UNSPACED}]+|(?=\w)[{UNSPACED}]")
"""A token: a run of word characters of a spaced script, or one word character of an unspaced
one (what the per-line features count, and what HTML mode compares two bodies by)."""

_UNSPACED_CHAR = re.compile(rf"[{UNSPACED}]")

HIRAGANA = "\u3040-\u309f"
"""Hiragana, as a regex class body: Japanese writes its particles, inflections and auxiliaries
in it, so two neighbouring hiragana are most often grammar shared by any two passages, not a
word of their topic."""

SPACELESS = (
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003ffff"
)
"""The unspaced scripts whose prose puts no space at all between its characters, as a regex
class body: Han and kana. (Thai, Lao, Khmer and Myanmar prose spaces its phrases.) A space
between two of their characters parts items: a menu's entries, a column of headlines."""

WIDE = (
    "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd"
)
"""Characters a fixed-width rendering gives two columns (Unicode's East Asian Wide and
Fullwidth ranges, as a regex class body): Hangul, Han, kana, CJK punctuation, full-width forms."""

_WIDE_CHAR = re.compile(f"[{WIDE}]")

PICTOGRAPHS = (
    "\u2190-\u21ff\u2300-\u23ff\u25a0-\u25ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
    "\ufe0f\u200d"
)
"""Arrows, geometric shapes, dingbats and emoji (with the variation selector and the joiner
that compose them), as a regex class body: the icons pages set before a UI line ("🚀 Sign up
for our newsletter", "▶ Watch", "✉ Contact"), where a text rendering keeps them as characters."""

UNSPACED_CHARS_PER_WORD = 2
"""About how many characters a word of a script without spaces takes (Chinese words average
under two characters, Japanese ones a little over): the scale on which such a line is held
against thresholds set in spaced words."""


# Character classes, as bits of a per-code-point table (see _char_table).
_WORD = 1  # what ``\w`` matches: alphanumeric or underscore


_UPPER = 2


_LOWER = 4


_DIGIT = 8  # what ``\d`` matches


_PUNCT = 16  # neither word nor space: what ``[^\w\s]`` matches


_TERMINAL = 32  # ends a sentence


_CLOSER = 64  # may follow the terminal: quotes, brackets


_SEPARATOR = 128  # menu and breadcrumb separators


_QUOTE = 256


_DASH = 512


_SPACE = 1024


_UNSPACED_BIT = 2048  # a character of a script without spaces: a token of its own


_WIDE_TERMINAL = 4096  # a sentence end that no space follows (full-width and CJK punctuation)


_TERMINALS = ".!?…。！？؟।｡．‼⁇⁈⁉۔॥።፧"
SENTENCE_ENDS = _TERMINALS
"""What ends a sentence, in every script (the per-line features' terminal class)."""


_WIDE_TERMINALS = "。！？｡．"


_CLOSERS = "\"'”’»)]“‘」』）】》〉〕］｝"
CLOSERS = _CLOSERS
"""What may follow a sentence's end: quotes and brackets, in every script."""


_SEPARATORS = "|»›«‹·•/>｜"


_COMMAS = ",，、،﹐､"


_QUOTES = "\"'“”‘’«»„‚「『"


_DASHES = "-–—"


_BMP = 0x10000


_COMMA_CODES = np.array([ord(c) for c in _COMMAS], dtype=np.uint32)


def _char_class(ch: str) -> int:
    bits = 0
    if ch.isalnum() or ch == "_":
        bits |= _WORD
    elif ch.isspace():
        bits |= _SPACE
    else:
        bits |= _PUNCT
    if ch.isupper():
        bits |= _UPPER
    if ch.islower():
        bits |= _LOWER
    if ch.isdecimal():
        bits |= _DIGIT
    if _UNSPACED_CHAR.match(ch) and bits & _WORD:
        bits |= _UNSPACED_BIT
    for chars, bit in (
        (_WIDE_TERMINALS, _WIDE_TERMINAL),
        (_TERMINALS, _TERMINAL),
        (_CLOSERS, _CLOSER),
        (_SEPARATORS, _SEPARATOR),
        (_QUOTES, _QUOTE),
        (_DASHES, _DASH),
    ):
        if ch in chars:
            bits |= bit
    return bits


@cache
def _char_table() -> npt.NDArray[np.uint16]:
    """Class bits of every code point of the Basic Multilingual Plane, built once."""
    return np.array([_char_class(chr(c)) for c in range(_BMP)], dtype=np.uint16)


def _classes(codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint16]:
    """Class bits per character; the rare characters past the BMP are classed one by one."""
    table = _char_table()
    bits = table[np.minimum(codes, _BMP - 1)]
    astral = np.flatnonzero(codes >= _BMP)
    for k in astral:
        bits[k] = _char_class(chr(int(codes[k])))
    return bits


_ASCII_DIGIT = re.compile(r"[0-9]")


_ASCII_LETTER = re.compile(r"[A-Za-z]")


def reader_words(text: str) -> int:
    """Words as a reader counts them: spaced words, or about :data:`UNSPACED_CHARS_PER_WORD`
    characters a word in scripts without spaces, where a whole paragraph is one space-free run
    and would otherwise count as one word, like a menu item."""
    words = len(text.split())
    if text.isascii():
        return words
    unspaced = len(_UNSPACED_CHAR.findall(text))
    return max(words, unspaced // UNSPACED_CHARS_PER_WORD)


def display_width(text: str) -> int:
    """Columns a fixed-width rendering gives ``text``: two for each wide character, where a
    terminal's 80 columns hold 40 Chinese characters."""
    if text.isascii():
        return len(text)
    return len(text) + len(_WIDE_CHAR.findall(text))


def has_digit(text: str) -> bool:
    """Whether any character is a digit by :meth:`str.isdigit` (superscripts and circled
    numbers too); in ASCII those are 0-9, which one pattern search finds."""
    if text.isascii():
        return _ASCII_DIGIT.search(text) is not None
    return any(ch.isdigit() for ch in text)


_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of another script as its ASCII digit, one character
    for one (offsets into the result are offsets into ``text``): Arabic, Persian, Devanagari
    or Thai pages print their dates in their own digits, and date patterns spell 0-9."""
    if text.isascii():
        return text
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


def has_letter(text: str) -> bool:
    """Whether any character is a letter by :meth:`str.isalpha`; in ASCII, a-z and A-Z."""
    if text.isascii():
        return _ASCII_LETTER.search(text) is not None
    return any(ch.isalpha() for ch in text)
