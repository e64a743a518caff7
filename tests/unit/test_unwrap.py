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


ONE_PER_LINE_JA = """\
港湾局は火曜日、コンテナ埠頭を四百メートル延長すると発表した。工事は秋に始まる。
事業の費用は三つの銀行と県が出し合う。県は運営会社の株の過半数を持っている。
船会社は何年も前から、繁忙期に船が何日も待たされる混雑に不満を訴えてきた。
工事は二年かかる見通しで、その間も埠頭は通常どおり使えるという。
"""

WRAPPED_ZH = """\
港务局周二表示，将把集装箱码头延长四百米，工程将于秋季开工，预计两年完
成。项目资金由三家银行和地方政府共同提供，地方政府持有运营公司的多数股
份。航运公司多年来一直抱怨码头拥堵，高峰期船只常常要等好几天才能靠泊，
当局表示扩建后等待时间将大大缩短，但具体数字目前还无法给出，仍需观察。
"""


def test_lines_ending_in_a_full_width_stop_are_one_paragraph_each() -> None:
    lines, _ = split_blocks(ONE_PER_LINE_JA)
    assert not is_hard_wrapped(lines)
    assert unwrap(lines) is lines


def test_wrapped_chinese_is_rejoined_without_spaces_at_the_breaks() -> None:
    lines, _ = split_blocks(WRAPPED_ZH)
    assert is_hard_wrapped(lines)
    (paragraph,) = (b.text for b in unwrap(lines))
    assert paragraph == WRAPPED_ZH.replace("\n", "")


STORY_LIST = """\
Harbour board approves new container terminal
Ferry strike ends after the unions accept a pay offer
Rents near the waterfront rise for a third year running as the new flats stand empty
Council names a new head of the port police
Fishermen protest against quota cuts outside the ministry
Tram line to the airport opens a year late
Weather: storms are expected along the coast until the weekend
Old lighthouse to become a museum, says mayor
Shipyard wins an order for four ferries from a Norwegian operator, its biggest in years
Cruise season starts with record bookings
"""


def test_a_list_of_headlines_is_not_mistaken_for_wrapped_copy() -> None:
    # Story headlines end unfinished like wrapped lines, but their widths are spread
    # anywhere below the widest instead of stopping a word short of one margin.
    lines, _ = split_blocks(STORY_LIST)
    assert not is_hard_wrapped(lines)
    assert unwrap(lines) is lines


EVEN_STORY_LIST = """\
Harbour board approves the new container terminal on the south bank
Ferry strike ends after the unions accept the improved pay offer
Rents near the waterfront rise for the third year in a row
Council names a former navy officer as the new head of the port police
Fishermen protest against the new quota cuts outside the ministry
Tram line to the airport opens a year late and over its budget
"""

ZH_STORY_LIST = """\
* 港务局批准在南岸新建集装箱码头的扩建计划 工程预计秋季开工
* 渡轮罢工结束 工会接受资方提出的新加薪方案
* 海滨附近房租连续第三年上涨 多个新楼盘空置率仍然居高不下
* 市议会任命一名前海军军官担任港口警察的新负责人
* 渔民在农业部门大楼外集会抗议新的捕捞配额削减方案
* 通往机场的有轨电车线路晚一年开通 总预算超支近三成
"""


def test_headlines_of_one_width_are_not_wrapped_copy() -> None:
    # Each headline stops near the widest, as wrapped lines do, but the next one opens with
    # a capital: no sentence goes on across the break.
    lines, _ = split_blocks(EVEN_STORY_LIST)
    assert not is_hard_wrapped(lines)


def test_a_column_of_chinese_headlines_is_not_wrapped_copy() -> None:
    # Wrapping fills a line without spaces to the last character; headlines end anywhere.
    lines, _ = split_blocks(ZH_STORY_LIST)
    assert not is_hard_wrapped(lines)
    assert unwrap(lines) is lines
