"""Segmentation into line blocks."""

from __future__ import annotations

import time

import pytest

from article_normalizer.normalize.lines.blocks import Overflow, split_blocks


def test_empty_lines_are_not_blocks_but_mark_a_break() -> None:
    blocks, overflow = split_blocks("Title\n\n\nFirst paragraph.\nSecond line.")
    assert [b.text for b in blocks] == ["Title", "First paragraph.", "Second line."]
    assert [b.blank_before for b in blocks] == [True, True, False]
    assert overflow is None


def test_whitespace_runs_and_control_characters_are_squashed() -> None:
    blocks, _ = split_blocks("  Hello\u00a0\u00a0 world\x07  \t")
    assert blocks[0].text == "Hello world"
    assert blocks[0].indent == 2


def test_line_numbers_and_indexes_follow_the_input() -> None:
    blocks, _ = split_blocks("a\n\nb\n   c")
    assert [(b.index, b.line_no) for b in blocks] == [(0, 0), (1, 2), (2, 3)]


@pytest.mark.parametrize(
    ("text", "first", "lines", "chars"),
    [
        ("\n".join(f"line {i}" for i in range(10)), "line 4", 6, 41),
        ("\n".join(f"line {i}" for i in range(10)) + "\n", "line 4", 6, 42),
        ("a\nb\nc\nd\n\n  e  \r\nf\u2028g", "e", 3, 10),
        ("a\nb\nc\nd\r" + "x " * 30_000, "x " * 4_999 + "x", 1, 60_000),
    ],
    ids=["lines", "final-break", "breaks-of-all-kinds", "long-line"],
)
def test_what_lies_past_the_limit_is_summarised_not_split(
    text: str, first: str, lines: int, chars: int
) -> None:
    blocks, overflow = split_blocks(text, max_blocks=4)
    assert len(blocks) == 4
    assert overflow == Overflow(text=first, lines=lines, chars=chars)


def test_a_limit_reached_by_cutting_a_long_line_reports_that_line() -> None:
    # Fewer line breaks than the limit: the page is split in one call, and the overflow is
    # found from the line its first unprocessed piece belongs to.
    text = "a\nb\r\n" + "x " * 30_000
    whole, _ = split_blocks(text)
    blocks, overflow = split_blocks(text, max_blocks=4)
    assert blocks == whole[:4]
    assert overflow == Overflow(text=whole[4].text, lines=1, chars=60_000)


@pytest.mark.parametrize("limit", [2, 5, 9, 40])
def test_lines_split_one_at_a_time_and_all_at_once_give_the_same_blocks(limit: int) -> None:
    # Blank lines give this page more line breaks than blocks: limits under its breaks split
    # it line by line, limits above them all at once.
    text = "\n\n\n".join(f"  line {i}\tend  " for i in range(10)) + "\u2028tail\r\n"
    whole, _ = split_blocks(text)
    blocks, overflow = split_blocks(text, max_blocks=limit)
    assert blocks == whole[:limit]
    assert (overflow is None) == (limit >= len(whole))
    if overflow is not None:
        assert overflow.text == whole[limit].text
        assert overflow.chars == len(text) - text.index(f"  line {limit}")


def test_splitting_stops_at_the_limit() -> None:
    # Millions of lines past the limit: neither split one by one nor kept as blocks.
    text = "a\n" * 2_000_000
    # CPU time, not the clock: a loaded machine stretches the one, not the other.
    start = time.process_time()
    blocks, overflow = split_blocks(text, max_blocks=10)
    assert time.process_time() - start < 0.5
    assert len(blocks) == 10
    assert overflow == Overflow(text="a", lines=1_999_990, chars=3_999_980)


def test_over_long_lines_are_cut_in_linear_time() -> None:
    line = "word " * 2_000_000
    start = time.perf_counter()
    blocks, _ = split_blocks(line)
    assert time.perf_counter() - start < 1.5
    assert " ".join(b.text for b in blocks) == line.strip()


def test_all_kinds_of_line_breaks_split() -> None:
    blocks, _ = split_blocks("one\r\ntwo\rthree\u2028four")
    assert [b.text for b in blocks] == ["one", "two", "three", "four"]


def test_an_over_long_line_is_cut_into_bounded_blocks_at_spaces() -> None:
    from article_normalizer.normalize.lines.blocks import MAX_BLOCK_CHARS

    line = "word " * (MAX_BLOCK_CHARS // 2)
    blocks, _ = split_blocks(line)
    assert len(blocks) > 1
    assert all(len(b.text) <= MAX_BLOCK_CHARS for b in blocks)
    assert all(not b.text.startswith(" ") and b.text.endswith("word") for b in blocks)
    assert " ".join(b.text for b in blocks) == line.strip()


def test_an_over_long_line_without_spaces_is_cut_hard_and_nothing_is_lost() -> None:
    from article_normalizer.normalize.lines.blocks import MAX_BLOCK_CHARS

    line = "!?." * MAX_BLOCK_CHARS
    blocks, _ = split_blocks(line)
    assert "".join(b.text for b in blocks) == line
    assert all(len(b.text) <= MAX_BLOCK_CHARS for b in blocks)
