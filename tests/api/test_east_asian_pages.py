"""Chinese, Japanese and Korean pages as a browser's innerText gives them: one line a
paragraph, no blank lines, sentences ending in a full stop of the script's own ("。"), names
written as one word and, in Korean and Japanese, the reporter's title after the name."""

from __future__ import annotations

from litestar.testing import TestClient

from article_normalizer.api.app import NormalizerApp
from tests.api.conftest import article_for
from tests.conftest import FIXTURES

BLOG = (FIXTURES / "text" / "balcony_garden_ja.txt").read_text(encoding="utf-8")
"""Written for this test in the shape of a Japanese WordPress blog: a menu, the date and
category over the headline, "投稿者: みどり", an affiliate notice, six paragraphs under three
sub-headings, tags, share buttons, related posts, the comment form and the sidebar."""

NEWS = (FIXTURES / "text" / "night_subway_ko.txt").read_text(encoding="utf-8")
"""Written for this test in the shape of a Korean news site: menus, the section over the
headline, input and revision stamps, "김서연 기자", four paragraphs, the reporter's signature
with an e-mail, the copyright line, related and most-read stories, comments and a footer."""

FORUM = (FIXTURES / "text" / "lens_question_zh.txt").read_text(encoding="utf-8")
"""Written for this test in the shape of a Chinese Discuz forum thread: a question and three
replies, each under its floor label, poster and "发表于" stamp, with reply and report buttons."""


def test_lines_ending_in_a_full_stop_of_their_script_stay_paragraphs_of_their_own(
    client: TestClient[NormalizerApp],
) -> None:
    article = article_for(client, BLOG)
    assert article["language"] == "ja"
    assert article["title"] == "ベランダで始める小さな家庭菜園、3か月やってみた感想"
    paragraphs = article["paragraphs"]
    assert any(p.startswith("今年の夏から") and p.endswith("増えていました。") for p in paragraphs)
    assert any(p.startswith("始めたきっかけは") for p in paragraphs)
    assert "うまくいったこと" in paragraphs
    assert not any("タグ" in p or "シェア" in p for p in paragraphs)


def test_a_japanese_cue_and_a_korean_title_after_the_name_credit_the_author(
    client: TestClient[NormalizerApp],
) -> None:
    blog = article_for(client, BLOG)
    assert blog["byline"]["authors"] == ["みどり"]
    news = article_for(client, NEWS)
    assert news["language"] == "ko"
    assert news["byline"]["authors"] == ["김서연"]
    assert news["published"] == "2024-05-20T14:32:00"
    assert news["modified"] == "2024-05-20T16:05:00"
    assert news["body"].startswith("서울시가 다음 달부터")


def test_a_threads_buttons_stay_out_of_its_posts(client: TestClient[NormalizerApp]) -> None:
    article = article_for(client, FORUM)
    assert article["title"] == "新手求助：第一支定焦镜头买35mm还是50mm？"
    paragraphs = article["paragraphs"]
    assert paragraphs[0].startswith("大家好")
    assert any(p.startswith("如果你主要拍街景") for p in paragraphs)
    assert paragraphs[-1].startswith("谢谢两位")
    assert not any(p.endswith("回复") or "举报" in p for p in paragraphs)
    removed = [line["text"] for line in article["removed"]]
    assert removed.count("回复") == 4


ROWS = (FIXTURES / "text" / "harbour_ferry_zh.txt").read_text(encoding="utf-8")
"""Written for this test in the shape an HTML-to-text rendering gives a Chinese news site: the
menu and the footer links each joined into one line of items parted by spaces, and below the
story, with no heading, a column of other stories' headlines joined the same way."""


def test_rows_of_items_parted_by_spaces_are_no_body(client: TestClient[NormalizerApp]) -> None:
    article = article_for(client, ROWS)
    assert article["language"] == "zh"
    assert article["paragraphs"][0].startswith("本报讯 停航六周的海港轮渡周一恢复运营")
    assert not any("地铁三号线" in p or "联系我们" in p for p in article["paragraphs"])
    rows = [r for r in article["removed"] if r["reason"].startswith("shape:item_row")]
    assert [r["text"][:4] for r in rows] == ["首页 新", "港口新码", "关于我们"]


def test_the_credit_among_a_stamp_lines_fields_is_the_byline(
    client: TestClient[NormalizerApp],
) -> None:
    article = article_for(client, ROWS)
    assert article["byline"]["authors"] == ["林晓雯"]
    assert article["published"].startswith("2024-05-20")
