"""Hard-wrapped documents are unwrapped into one block per paragraph before classification."""

from __future__ import annotations

import time

from article_normalizer.normalize.lines.blocks import is_hard_wrapped, split_blocks, unwrap

WRAPPED = """\
LISBON, May 3 - The port authority said on Tuesday that it
would extend the container terminal by 400 metres, adding that
work would start in the autumn and take two years to finish.
    The project is financed by a consortium of three banks and
the regional government, which holds a majority of the shares
in the company that runs the terminal on the southern bank.
    Shipping lines have complained for years about congestion at
the terminal, where ships often wait days for a berth at peak.
"""

ONE_PER_LINE = """\
The port authority said on Tuesday it would extend the container terminal.
The project is financed by a consortium of three banks and the regional government.
Shipping lines have complained for years about congestion at the terminal.
Work is due to start in the autumn and to take two years, the authority said.
"""


def test_hard_wrapped_copy_is_rejoined_at_indented_paragraph_starts() -> None:
    lines, _ = split_blocks(WRAPPED)
    assert is_hard_wrapped(lines)
    paragraphs = [b.text for b in unwrap(lines)]
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("LISBON, May 3 - The port authority")
    assert paragraphs[0].endswith("take two years to finish.")
    assert paragraphs[1].startswith("The project is financed")
    assert [b.index for b in unwrap(lines)] == [0, 1, 2]


def test_one_paragraph_per_line_stays_as_it_is() -> None:
    lines, _ = split_blocks(ONE_PER_LINE)
    assert not is_hard_wrapped(lines)
    assert unwrap(lines) is lines


def test_a_short_headline_is_never_glued_to_the_first_paragraph() -> None:
    lines, _ = split_blocks("PORT TO EXTEND TERMINAL\n" + WRAPPED)
    blocks = unwrap(lines)
    assert blocks[0].text == "PORT TO EXTEND TERMINAL"
    assert blocks[1].text.startswith("LISBON, May 3")


def test_a_huge_wrapped_paragraph_is_joined_in_linear_time_and_cut_to_the_block_bound() -> None:
    from article_normalizer.normalize.lines.blocks import MAX_BLOCK_CHARS

    line = "the council voted on the budget after a long debate and officials said that"
    text = "\n".join([line] * 40_000)  # one 3 MB paragraph, wrapped at 76 characters
    start = time.perf_counter()
    blocks = unwrap(split_blocks(text)[0])
    assert time.perf_counter() - start < 3
    assert len(blocks) > 1
    assert all(len(b.text) <= MAX_BLOCK_CHARS for b in blocks)
    assert " ".join(b.text for b in blocks) == " ".join([line] * 40_000)
    assert [b.blank_before for b in blocks[:2]] == [True, False]
