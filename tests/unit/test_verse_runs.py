"""Japanese prose written a phrase a line is body, a column of menu entries is not."""

from __future__ import annotations

from datetime import UTC, datetime

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.lines.verse_runs import verse_lines
from article_normalizer.rules.body_rules import body_rules

RULE = body_rules().verse_runs

POST = [
    "週末は",
    "家族みんなで",
    "近所のパン屋さんに",
    "行ってきました🥐",
    "前から",
    "気になっていたお店で",
    "やっと行けたのが",
    "本当に嬉しくて",
    "朝から",
    "ずっとわくわくしてました✨",
    "お店に入ると",
    "焼きたての香りが",
    "ふわっと広がって",
    "子どもたちも",
    "大喜び😆",
    "✨✨",
    "メロンパンと",
    "クロワッサンと",
    "あんぱんを買って",
    "公園で",
    "みんなで食べました",
    "外はサクサク",
    "中はふわふわで",
    "想像以上の",
    "美味しさでした♡",
    "また",
    "絶対に行きたいと",
    "思います☺️",
]

MENU = [
    "ホーム",
    "ニュース一覧",
    "スポーツ",
    "エンタメ",
    "ランキング",
    "グルメ",
    "トラベル",
    "ファッション",
    "ビューティー",
    "インテリア",
    "マネー",
    "キャリア",
    "お知らせ",
    "よくある質問",
    "ログインする",
    "新規登録はこちら",
    "プロフィール",
    "フォロー",
    "ブログトップ",
    "記事一覧",
    "画像一覧",
    "動画一覧",
    "テーマ一覧",
    "コメント",
    "ヘルプ",
]


def test_a_post_written_a_phrase_a_line_is_found() -> None:
    assert verse_lines(POST, RULE) == list(range(len(POST)))


def test_one_kanji_line_between_phrases_does_not_end_the_run() -> None:
    post = [*POST[:10], "大感動", *POST[10:]]
    assert verse_lines(post, RULE) == list(range(len(post)))


def test_a_column_of_menu_entries_is_not() -> None:
    assert verse_lines(MENU, RULE) == []


def test_a_short_run_or_long_lines_are_not() -> None:
    assert verse_lines(POST[:12], RULE) == []
    joined = ["".join(POST[i : i + 4]) * 2 for i in range(0, len(POST), 4)]
    assert verse_lines(joined * 4, RULE) == []


def test_the_post_is_the_body() -> None:
    text = "\n\n".join(["パン屋さんに行ってきました", *MENU[:6], *POST, *MENU[16:]])
    article = normalize(RawDocument(text=text), now=datetime(2026, 1, 1, tzinfo=UTC))
    body = article.body.splitlines()
    assert all(line in body for line in POST if line != "✨✨")
    assert "ランキング" not in body


def test_a_chinese_post_broken_at_its_commas_is_found() -> None:
    post = [
        "周末，",
        "和家人一起",
        "去了城郊的小镇，",
        "天气很好，",
        "阳光暖暖的，",
        "我们沿着河边",
        "慢慢地走，",
        "看到很多",
        "开满花的树，",
        "孩子们",
        "在草地上奔跑，",
        "笑得特别开心。",
        "中午，",
        "在一家小饭馆",
        "吃了面条，",
        "味道很地道，",
        "老板还送了",
        "一盘小菜，",
        "真的很感动。",
        "下午，",
        "我们去看了",
        "古老的石桥，",
        "听说已经",
        "有三百多年了，",
        "下次还想再来。",
    ]
    assert verse_lines(post, RULE) == list(range(len(post)))
    unbroken = [line.rstrip("，") for line in post]
    assert verse_lines(unbroken, RULE) == []
