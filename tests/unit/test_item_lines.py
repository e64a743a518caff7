"""Rows of Han or kana items parted by spaces are menus and headline columns, never body; prose,
letter-spaced text and table rows are no rows."""

from __future__ import annotations

import pytest

from article_normalizer.normalize.lines.item_lines import item_row_kind
from article_normalizer.normalize.lines.kinds import strong_clutter
from article_normalizer.rules import profile
from article_normalizer.rules.body_rules import ItemLines, body_rules

RULE = ItemLines(min_gaps=4, max_gap_share=0.5, min_headline_chars=8)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("首页 新闻 体育 财经 科技 娱乐", "navigation"),
        ("ホーム ニュース スポーツ 経済 エンタメ", "navigation"),
        (
            "港口新码头本周启用 地铁三号线延长至机场 冬季供暖提前一周开始 "
            "市图书馆夜间开放试点 老城区停车新规下月实施",
            "related",
        ),
        (
            "新码头启用了！首批货船抵达 地铁延长至机场？ 供暖、热水提前开始 "
            "图书馆夜间开放 停车新规下月实施 跨海大桥限速调整",
            "related",
        ),
    ],
)
def test_rows_of_items_are_named(text: str, kind: str) -> None:
    assert item_row_kind(text, RULE) == kind


@pytest.mark.parametrize(
    "text",
    [
        "市政府周一宣布，新码头将于本周启用，首批货船已经抵达港口。",  # prose has no spaces
        "记者 张三 通讯员 李四",  # a credit: three gaps
        "港 口 新 码 头 本 周 启 用",  # letter-spaced
        "新码头 本周 启用 首批 货船 抵达。",  # ends as a sentence
        "市政府 周一 宣布，新码头 将于 本周启用。首批货船 已经抵达",  # sentences cut at the end
        "ホーム ニュース 天気 占い 犬が、橋を渡っていました。 ふと下を見ると",  # a page on one line
        "年份      日期      码头          货船数量      备注",  # a table's columns
        "Port opens new terminal as ships return to the harbour after repairs",
    ],
)
def test_other_lines_are_no_rows(text: str) -> None:
    assert item_row_kind(text, RULE) is None


def test_a_row_is_certain_clutter_whatever_the_lexicons() -> None:
    assert strong_clutter("首页 新闻 体育 财经 科技 娱乐", profile("zh")) == (
        "navigation",
        "shape:item_row",
    )


def test_shipped_settings() -> None:
    rule = body_rules().item_lines
    assert item_row_kind("首页 新闻 体育 财经 科技 娱乐", rule) == "navigation"
    assert item_row_kind("记者 张三 通讯员 李四", rule) is None
