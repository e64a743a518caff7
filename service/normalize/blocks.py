"""Segmentation: the input text as a list of blocks, one per paragraph-like line.

The line is the unit every later stage decides on: scrapers and browsers put one visual block
per line, and the dev corpus shows perfect line labels would still score 0.97 body F1.
Hard-wrapped copy (wire stories, e-mail, old archives) splits one paragraph over many lines; the
classifier was trained on one block per line, so such documents are unwrapped here, once per
document, before anything decides on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPACE_RUN = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CELL_GAP = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]{3,}")
"""Text renderings of HTML pad table cells apart with runs of spaces: a gap this wide inside a
line separates two cells, never two words of one sentence."""
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


def split_blocks(text: str, max_blocks: int | None = None) -> tuple[list[Block], list[str]]:
    """Split ``text`` into blocks.

    Returns the blocks and the overflow: lines past ``max_blocks``, which the caller reports as
    removed rather than dropping them, so pathological inputs stay bounded in time.
    """
    blocks: list[Block] = []
    overflow: list[str] = []
    blank = True
    # Most documents have no control characters, and most lines are ASCII with at most some
    # indentation or padding: those skip the substitutions that would leave them unchanged.
    controls = _CONTROL.search(text) is not None
    for line_no, raw in enumerate(text.splitlines()):
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
                overflow.append(piece)
                continue
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
    return blocks, overflow


def _cells(visible: str) -> tuple[str, ...]:
    parts = _CELL_GAP.split(visible.strip())
    if len(parts) < 2:
        return ()
    return tuple(cell for cell in (_SPACE_RUN.sub(" ", p).strip() for p in parts) if cell)


def _pieces(line: str) -> list[str]:
    """``line`` cut into pieces of at most :data:`MAX_BLOCK_CHARS`, at a space when it has one."""
    pieces: list[str] = []
    while len(line) > MAX_BLOCK_CHARS:
        cut = line.rfind(" ", MAX_BLOCK_CHARS // 2, MAX_BLOCK_CHARS)
        if cut == -1:
            cut = MAX_BLOCK_CHARS
        pieces.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    pieces.append(line)
    return pieces


_TERMINAL = frozenset(".!?:;\"'”’»)…")
_MIN_WRAPPED_LINES = 4
_WRAP_WIDTH = 100
"""Fixed-width wrapping is at most this wide (typewriter/e-mail copy wraps at 60-80)."""


def is_hard_wrapped(blocks: list[Block]) -> bool:
    """Whether the lines look wrapped at a fixed width rather than at paragraph ends.

    Decided from the long lines only: menus and labels are short in every rendering, while
    prose lines either run to the paragraph's end (a browser's rendering) or stop short of a
    fixed width, mostly mid-sentence (hard wrapping).
    """
    long_lines = [b.text for b in blocks if len(b.text) >= 40]
    if len(long_lines) < _MIN_WRAPPED_LINES:
        return False
    lengths = sorted(len(t) for t in long_lines)
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    open_ended = sum(1 for t in long_lines if t[-1] not in _TERMINAL)
    return p90 <= _WRAP_WIDTH and open_ended >= 0.5 * len(long_lines)


def unwrap(blocks: list[Block]) -> list[Block]:
    """One block per paragraph when ``blocks`` are hard-wrapped, else ``blocks`` unchanged.

    A line continues the previous one when nothing separates them: no blank line, no deeper
    indent (wire copy indents a paragraph's first line) and no sentence end before the break.
    """
    if not is_hard_wrapped(blocks):
        return blocks
    merged: list[Block] = []
    last_line: Block | None = None
    for block in blocks:
        if (
            last_line is not None
            and not block.blank_before
            and block.indent <= last_line.indent
            and len(last_line.text) >= 40
            and last_line.text[-1] not in ".!?"
        ):
            merged[-1].text = f"{merged[-1].text} {block.text}"
        else:
            merged.append(
                Block(
                    index=len(merged),
                    line_no=block.line_no,
                    text=block.text,
                    indent=block.indent,
                    blank_before=block.blank_before,
                )
            )
        last_line = block
    return merged
