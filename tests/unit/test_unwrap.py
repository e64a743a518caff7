"""Body blocks into paragraphs."""

from __future__ import annotations

from service.normalize.blocks import split_blocks
from service.normalize.paragraphs import assemble, is_hard_wrapped

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
    blocks, _ = split_blocks(WRAPPED)
    assert is_hard_wrapped(blocks)
    paragraphs = assemble(blocks, [b.index for b in blocks])
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("LISBON, May 3 - The port authority")
    assert paragraphs[0].endswith("take two years to finish.")
    assert paragraphs[1].startswith("The project is financed")


def test_one_paragraph_per_line_stays_as_it_is() -> None:
    blocks, _ = split_blocks(ONE_PER_LINE)
    assert not is_hard_wrapped(blocks)
    assert assemble(blocks, [b.index for b in blocks]) == ONE_PER_LINE.strip().splitlines()


def test_lines_not_adjacent_in_the_input_are_never_joined() -> None:
    blocks, _ = split_blocks(WRAPPED)
    paragraphs = assemble(blocks, [0, 2])
    assert len(paragraphs) == 2


def test_no_body_gives_no_paragraphs() -> None:
    blocks, _ = split_blocks(WRAPPED)
    assert assemble(blocks, []) == []
