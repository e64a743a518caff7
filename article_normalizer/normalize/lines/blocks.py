"""Segmentation: the input text as a list of blocks, one per paragraph-like line.

The line is the unit every later stage decides on: scrapers and browsers put one visual block
per line, and the dev corpus shows perfect line labels would still score 0.97 body F1.
Hard-wrapped copy (wire stories, e-mail, old archives) splits one paragraph over many lines; the
classifier was trained on one block per line, so such documents are unwrapped here, once per
document, before anything decides on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from article_normalizer.normalize.lines.char_classes import (
    CLOSERS,
    SENTENCE_ENDS,
    UNSPACED,
    display_width,
)

SPACES = " \t\u00a0\u2000-\u200b\u202f\u205f\u3000"
"""What the segmenter reads as a space within a line, as the body of a regex character class."""
_SPACE_RUN = re.compile(rf"[{SPACES}]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CELL_GAP_SPACES = 3
"""Text renderings of HTML pad table cells apart with runs of spaces: a gap this wide inside a
line separates two cells, never two words of one sentence."""
_CELL_GAP = re.compile(rf"[{SPACES}]{{{CELL_GAP_SPACES},}}")
MAX_BLOCK_CHARS = 10_000
"""Longer lines are cut into pieces of at most this size: no real paragraph is that long, and
a bound on a block's size bounds what every stage spends on one block (a 5 MB single line)."""


@dataclass(slots=True)
class Block:
    """One non-empty input line."""

    index: int
    """Position among blocks (0-based)."""
    line_no: int
    """0-based line number in the input."""
    text: str
    """The line, whitespace runs squashed and ends stripped: what `body` and `removed` show."""
    indent: int
    """Leading whitespace width of the raw line (hard-wrapped wire copy indents paragraphs)."""
    blank_before: bool
    """Whether an empty line precedes it (paragraph break in double-spaced renderings)."""
    cells: tuple[str, ...] = ()
    """The line's table cells, squashed like ``text``, when wide gaps split it into several: a
    headline rendered in one row with a section label or a menu is one of them."""


@dataclass(frozen=True, slots=True)
class Overflow:
    """What :func:`split_blocks` left unprocessed past its block limit: the first block of
    it, and how much input followed from that block's line on (counted, never split)."""

    text: str
    lines: int
    chars: int


_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""Where ``str.splitlines`` breaks a line."""
_LINE_BREAKS = ("\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """``(start offset, line)`` of each line, as ``text.splitlines()`` cuts them, one at a time:
    a caller that stops early has not split (or copied) the rest."""
    start = 0
    for match in _LINE_BREAK.finditer(text):
        yield start, text[start : match.start()]
        start = match.end()
    if start < len(text):
        yield start, text[start:]


def _breaks(text: str, start: int = 0) -> int:
    """Line breaks in ``text`` from offset ``start`` (``\r\n`` is one), counted without
    splitting."""
    return sum(text.count(mark, start) for mark in _LINE_BREAKS) - text.count("\r\n", start)


def _line_start(text: str, line_no: int) -> int:
    """The offset where line ``line_no`` (0-based, as :func:`_lines` numbers them) starts."""
    for start_no, (start, _) in enumerate(_lines(text)):
        if start_no == line_no:
            return start
    return len(text)


def _overflow(text: str, start: int, first: str) -> Overflow:
    """The rest of ``text`` from offset ``start``, summarised: its line count comes from
    counting line breaks, so millions of lines cost no list of millions of strings."""
    last_line = 0 if text.endswith(_LINE_BREAKS) else 1
    return Overflow(text=first, lines=_breaks(text, start) + last_line, chars=len(text) - start)


def split_blocks(text: str, max_blocks: int | None = None) -> tuple[list[Block], Overflow | None]:
    """Split ``text`` into blocks.

    Returns the blocks and the overflow: what lies past ``max_blocks`` blocks, which the caller
    reports rather than dropping it silently. Lines past the limit are never split off one by
    one, so a pathological input costs time and memory for ``max_blocks`` lines only.
    """
    blocks: list[Block] = []
    blank = True
    # Most documents have no control characters, and most lines are ASCII with at most some
    # indentation or padding: those skip the substitutions that would leave them unchanged.
    controls = _CONTROL.search(text) is not None
    # When every line will be read anyway (no limit, or fewer line breaks than the limit has
    # blocks), one C-level split costs a tenth of walking the breaks by regex; past that the
    # lines are split off one at a time, so a flood of lines is never split beyond the limit.
    lines: Iterable[str]
    if max_blocks is None or _breaks(text) < max_blocks:
        lines = text.splitlines()
    else:
        lines = (line for _, line in _lines(text))
    for line_no, raw in enumerate(lines):
        visible = _CONTROL.sub("", raw) if controls else raw
        stripped = visible.strip()
        if not stripped:
            blank = True
            continue
        ascii_spaced = stripped.isascii() and "\t" not in stripped
        if ascii_spaced and "  " not in stripped:
            cleaned = stripped
        else:
            cleaned = _SPACE_RUN.sub(" ", stripped)
        short = len(cleaned) <= MAX_BLOCK_CHARS
        # Cells need a gap of three spaces (or a tab, or a wide space) inside the line.
        gapped = not ascii_spaced or "   " in stripped
        cells = _cells(visible) if short and gapped else ()
        indent = len(raw) - len(raw.lstrip()) if raw[:1].isspace() else 0
        for piece in (cleaned,) if short else _pieces(cleaned):
            if max_blocks is not None and len(blocks) >= max_blocks:
                return blocks, _overflow(text, _line_start(text, line_no), piece)
            blocks.append(
                Block(
                    index=len(blocks),
                    line_no=line_no,
                    text=piece,
                    indent=indent,
                    blank_before=blank,
                    cells=cells,
                )
            )
            blank = False
    return blocks, None


def _cells(visible: str) -> tuple[str, ...]:
    parts = _CELL_GAP.split(visible.strip())
    if len(parts) < 2:
        return ()
    return tuple(cell for cell in (_SPACE_RUN.sub(" ", p).strip() for p in parts) if cell)


_LEADING_SPACE = re.compile(r"\s*")


def _pieces(line: str) -> list[str]:
    """``line`` cut into pieces of at most :data:`MAX_BLOCK_CHARS`, at a space when it has one.

    Walks the line by offset: cutting the remainder off each time would copy it once a piece.
    """
    pieces: list[str] = []
    start = 0
    while len(line) - start > MAX_BLOCK_CHARS:
        cut = line.rfind(" ", start + MAX_BLOCK_CHARS // 2, start + MAX_BLOCK_CHARS)
        if cut == -1:
            cut = start + MAX_BLOCK_CHARS
        pieces.append(line[start:cut].rstrip())
        space = _LEADING_SPACE.match(line, cut)  # always matches, if only the empty string
        start = space.end() if space else cut
    pieces.append(line[start:])
    return pieces


_SENTENCE_END = frozenset(SENTENCE_ENDS)
"""A hard-wrapped paragraph goes on past a line ending in anything else."""
_TERMINAL = _SENTENCE_END | frozenset(CLOSERS + ":;")
"""A line ending in one of these stopped where its sentence or label did, not at a width."""
_UNSPACED_TEXT = rf"{UNSPACED}\u3000-\u303f\uff00-\uffef"
"""Scripts written without spaces, and the CJK and full-width punctuation they are set with."""
_UNSPACED_AT_END = re.compile(rf"[{_UNSPACED_TEXT}]$")
_UNSPACED_AT_START = re.compile(rf"^[{_UNSPACED_TEXT}]")
_MIN_WRAPPED_LINES = 4
_LONG_LINE_WIDTH = 40
"""Lines at least this many columns wide are prose or wrapped prose; menus and labels are
shorter in every rendering."""
_WRAP_WIDTH = 100
"""Fixed-width wrapping is at most this many columns wide (typewriter/e-mail copy wraps at
60-80); a wide character (Han, kana, Hangul) takes two."""
_WRAP_MARGIN = 20
"""A line that wrapping cut stops within this many columns of the wrap width: only the next
word, which did not fit, is missing. Headlines in a list of stories are as unfinished, but
their widths spread over the whole range."""
_UNSPACED_WRAP_MARGIN = 2
"""In a script written without spaces any character may end a wrapped line, so the wrapper
fills every line to within one wide character of the width; a column of headlines in
Chinese or Japanese, each unfinished too, ends anywhere."""


def is_hard_wrapped(blocks: list[Block]) -> bool:
    """Whether the lines look wrapped at a fixed width rather than at paragraph ends.

    Decided from the long lines only: menus and labels are short in every rendering, while
    prose lines either run to the paragraph's end (a browser's rendering) or stop short of a
    fixed width, mostly mid-sentence and close to that width (hard wrapping).
    """
    return _wrapped([display_width(b.text) for b in blocks], blocks)


def _wrapped(widths: list[int], blocks: list[Block]) -> bool:
    """:func:`is_hard_wrapped`, given each block's display width.

    A line wrapping cut is unfinished, stops near the wrap width and is continued by the next
    line. In a cased script the continuation shows: the next line goes on mid-sentence, in
    lower case, where the next item of a list of headlines, links or breadcrumb trails opens
    with a capital or a bullet. In a script written without spaces it shows in the width: the
    wrapper fills each line to the last character.
    """
    long_lines = [i for i, width in enumerate(widths) if width >= _LONG_LINE_WIDTH]
    if len(long_lines) < _MIN_WRAPPED_LINES:
        return False
    long_widths = sorted(widths[i] for i in long_lines)
    p90 = long_widths[int(0.9 * (len(long_widths) - 1))]
    open_lines = [i for i in long_lines if blocks[i].text[-1] not in _TERMINAL]
    if p90 > _WRAP_WIDTH or len(open_lines) < 0.5 * len(long_lines):
        return False
    unspaced: list[int] = []
    spaced: list[int] = []
    for i in open_lines:
        (unspaced if _UNSPACED_AT_END.search(blocks[i].text) else spaced).append(i)
    fill = max((widths[i] for i in unspaced), default=0)
    cut = sum(1 for i in unspaced if widths[i] >= fill - _UNSPACED_WRAP_MARGIN)
    cut += sum(1 for i in spaced if widths[i] >= p90 - _WRAP_MARGIN and _continued(blocks, i))
    return cut >= 0.5 * len(open_lines)


def _continued(blocks: list[Block], i: int) -> bool:
    """Whether the line after block ``i`` opens with a letter that is not a capital (a
    sentence going on; any letter of a script without case)."""
    if i + 1 >= len(blocks):
        return False
    first = blocks[i + 1].text[0]
    return first.isalpha() and not first.isupper()


def _joined(lines: list[str]) -> str:
    """A wrapped paragraph's lines as one: a space at each break, but where the break falls
    between two characters of a script written without spaces (or its punctuation)."""
    if len(lines) == 1:
        return lines[0]
    parts = [lines[0]]
    for before, line in pairwise(lines):
        unspaced = _UNSPACED_AT_END.search(before) and _UNSPACED_AT_START.match(line)
        parts.append(line if unspaced else " " + line)
    return "".join(parts)


def unwrap(blocks: list[Block]) -> list[Block]:
    """One block per paragraph when ``blocks`` are hard-wrapped, else ``blocks`` unchanged.

    A line continues the previous one when nothing separates them: no blank line, no deeper
    indent (wire copy indents a paragraph's first line) and no sentence end before the break.
    """
    widths = [display_width(b.text) for b in blocks]
    if not _wrapped(widths, blocks):
        return blocks
    # Each paragraph's lines are collected and joined once: appending line by line to one
    # string would copy the paragraph again for every line.
    paragraphs: list[tuple[Block, list[str]]] = []
    last_line: Block | None = None
    last_width = 0
    for block, width in zip(blocks, widths, strict=True):
        if (
            last_line is not None
            and not block.blank_before
            and block.indent <= last_line.indent
            and last_width >= _LONG_LINE_WIDTH
            and last_line.text[-1] not in _SENTENCE_END
        ):
            paragraphs[-1][1].append(block.text)
        else:
            paragraphs.append((block, [block.text]))
        last_line, last_width = block, width
    merged: list[Block] = []
    for first, lines in paragraphs:
        text = _joined(lines)
        # The block size bound holds for joined paragraphs too.
        for number, piece in enumerate((text,) if len(text) <= MAX_BLOCK_CHARS else _pieces(text)):
            merged.append(
                Block(
                    index=len(merged),
                    line_no=first.line_no,
                    text=piece,
                    indent=first.indent,
                    blank_before=first.blank_before and number == 0,
                )
            )
    return merged
