"""Body blocks into paragraphs: contiguous lines of one paragraph are joined again.

Hard-wrapped copy (wire stories, e-mail, old corpora) splits one paragraph over many lines; a
browser rendering puts one paragraph per line. Which of the two a document is gets decided once
per document, from the shape of its lines, not per line.
"""

from __future__ import annotations

from service.normalize.blocks import Block

_TERMINAL = frozenset(".!?:;\"'”’»)…")
_MIN_WRAPPED_LINES = 4


def is_hard_wrapped(blocks: list[Block]) -> bool:
    """Whether the body lines look wrapped at a fixed width rather than at paragraph ends."""
    long_lines = [b.text for b in blocks if len(b.text) >= 40]
    if len(long_lines) < _MIN_WRAPPED_LINES:
        return False
    lengths = sorted(len(t) for t in long_lines)
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    open_ended = sum(1 for t in long_lines if t[-1] not in _TERMINAL)
    return p90 <= 100 and open_ended >= 0.5 * len(long_lines)


def assemble(blocks: list[Block], body_indexes: list[int]) -> list[str]:
    """The paragraphs formed by the body blocks at ``body_indexes`` (ascending)."""
    if not body_indexes:
        return []
    chosen = [blocks[i] for i in body_indexes]
    wrapped = is_hard_wrapped(chosen)
    paragraphs: list[list[str]] = []
    previous: Block | None = None
    for block in chosen:
        joins = (
            wrapped
            and previous is not None
            and block.index == previous.index + 1
            and not block.blank_before
            and block.indent <= previous.indent
            and previous.text[-1] not in ".!?"
        )
        if joins:
            paragraphs[-1].append(block.text)
        else:
            paragraphs.append([block.text])
        previous = block
    return [" ".join(parts) for parts in paragraphs]
