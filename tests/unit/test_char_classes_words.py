"""Words as a reader counts them, in spaced scripts and in scripts without spaces."""

from __future__ import annotations

import pytest

from article_normalizer.normalize.lines.char_classes import UNSPACED_CHARS_PER_WORD, reader_words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Home News Weather", 3),
        ("", 0),
        ("Zürich öffnet die neue Brücke", 5),
        ("新闻 体育", 2),
        ("市政府周二宣布明年起将在全市新增三十条公交线路", 23 // UNSPACED_CHARS_PER_WORD),
        ("東京都は来年度から新しい制度を始める", 18 // UNSPACED_CHARS_PER_WORD),
        ("iPhone 16 の発売日が決まった", max(3, 9 // UNSPACED_CHARS_PER_WORD)),
    ],
)
def test_reader_words(text: str, words: int) -> None:
    assert reader_words(text) == words


def test_a_paragraph_without_spaces_counts_as_many_words_not_one() -> None:
    paragraph = "市政府周二宣布，明年起将在全市新增三十条公交线路，并延长地铁末班车的运营时间。"
    assert len(paragraph.split()) == 1
    assert reader_words(paragraph) >= 15


def test_digits_of_other_scripts_read_as_ascii_one_character_for_one() -> None:
    from article_normalizer.normalize.lines.char_classes import ascii_digits

    assert ascii_digits("٢٠ مايو ٢٠٢٤") == "20 مايو 2024"  # Arabic-Indic
    assert ascii_digits("۱۴۰۳/۰۲/۳۱") == "1403/02/31"  # Persian
    assert ascii_digits("१४ मार्च २०२४") == "14 मार्च 2024"  # Devanagari
    assert ascii_digits("x² ①") == "x² ①"  # not decimal digits
    text = "نُشر في: ٢٠ مايو"
    assert len(ascii_digits(text)) == len(text)
