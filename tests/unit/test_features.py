"""Line features: shape, neighbourhood and page figures, and their independence of language."""

from __future__ import annotations

import re

import numpy as np
import pytest

from article_normalizer.normalize.lines import features
from article_normalizer.normalize.lines.blocks import split_blocks
from article_normalizer.rules import LanguageProfile, profile

PAGE = """Home | World | Business | Sport
World
Ministers hail cooperation in call
The foreign ministers of two large countries praised their practical cooperation on Monday.
He said the talks, which lasted an hour, covered trade and energy.
The minister said: “We will continue.”
Related Articles
Leave a Reply
© 2023 Example Media. All rights reserved. Contact: desk@example.com
"""


def _column(matrix: np.ndarray, name: str) -> np.ndarray:
    return matrix[:, features.FEATURE_NAMES.index(name)]


@pytest.fixture(scope="module")
def matrix() -> np.ndarray:
    blocks, _ = split_blocks(PAGE)
    return features.extract(blocks, profile("en"))


def test_one_row_per_line_and_one_column_per_name(matrix: np.ndarray) -> None:
    assert matrix.shape == (9, len(features.FEATURE_NAMES))
    assert matrix.dtype == np.float32
    assert np.isfinite(matrix).all()
    assert len(set(features.FEATURE_NAMES)) == len(features.FEATURE_NAMES)


def test_token_counts_follow_the_word_regex(matrix: np.ndarray) -> None:
    blocks, _ = split_blocks(PAGE)
    expected = [len(re.findall(r"\w+", b.text)) for b in blocks]
    assert np.allclose(np.expm1(_column(matrix, "log_tokens")), expected, atol=1e-3)


def test_sentence_end_sees_through_closing_quotes(matrix: np.ndarray) -> None:
    assert _column(matrix, "sentence_end").tolist() == [0, 0, 0, 1, 1, 1, 0, 0, 0]


def test_separators_copyright_and_links_are_flagged(matrix: np.ndarray) -> None:
    assert _column(matrix, "separators")[0] == 3
    assert _column(matrix, "copyright").tolist() == [0, 0, 0, 0, 0, 0, 0, 0, 1]
    assert _column(matrix, "linkish")[-1] == 1
    assert _column(matrix, "clock")[-1] == 1  # the year


def test_stop_words_come_from_the_profile() -> None:
    blocks, _ = split_blocks("the of and to in")
    english = features.extract(blocks, profile("en"))
    none = features.extract(blocks, LanguageProfile(code="xx", stopwords=frozenset()))
    assert _column(english, "stop_share")[0] == 1.0
    assert _column(none, "stop_share")[0] == 0.0


def test_stop_share_relative_to_page_prose_is_comparable_across_languages() -> None:
    english = (
        "The minister said that the talks were held in a good atmosphere and that the two "
        "sides would meet again in the autumn to discuss the details of the plan."
    )
    portuguese = (
        "O ministro disse que as conversas decorreram num bom ambiente e que os dois lados "
        "voltariam a reunir-se no outono para discutir os pormenores do plano."
    )
    rel = []
    for text, lang in ((english, "en"), (portuguese, "pt")):
        blocks, _ = split_blocks(f"Menu\n{text}\n{text}")
        rel.append(_column(features.extract(blocks, profile(lang)), "stop_rel")[1])
    assert rel[0] == pytest.approx(1.0)
    assert rel[1] == pytest.approx(1.0)


def test_neighbour_columns_shift_the_line_columns(matrix: np.ndarray) -> None:
    own = _column(matrix, "log_tokens")
    assert np.array_equal(_column(matrix, "n-1_log_tokens")[1:], own[:-1])
    assert np.array_equal(_column(matrix, "n+2_log_tokens")[:-2], own[2:])
    assert _column(matrix, "n-1_exists")[0] == 0
    assert _column(matrix, "n-1_log_tokens")[0] == -1


def test_repeated_lines_are_counted() -> None:
    blocks, _ = split_blocks("Share\nA sentence of prose here.\nShare")
    repeats = _column(features.extract(blocks, profile("en")), "repeats")
    assert np.allclose(np.exp(repeats), [2, 1, 2])


def test_text_outside_the_basic_plane_keeps_token_counts_aligned() -> None:
    blocks, _ = split_blocks("Emoji 😀 here and 𝐛𝐨𝐥𝐝 math\nsecond line")
    matrix = features.extract(blocks, profile("en"))
    expected = [len(re.findall(r"\w+", b.text)) for b in blocks]
    assert np.allclose(np.expm1(_column(matrix, "log_tokens")), expected, atol=1e-3)


def test_empty_page_gives_an_empty_matrix() -> None:
    assert features.extract([], profile("en")).shape == (0, len(features.FEATURE_NAMES))


def test_a_page_computed_in_chunks_gives_the_same_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        "Home | World | Business",
        "Harbour expansion approved",
        "The port authority approved a plan to expand the harbour, officials said on Monday.",
        "Share this article",
    ]
    page = "\n\n".join(lines * 40)  # repeated lines in every chunk: the page-wide count matters
    blocks, _ = split_blocks(page)
    english = profile("en")
    whole = features.extract(blocks, english)
    monkeypatch.setattr(features, "CHUNK_CHARS", 300)
    chunked = features.extract(blocks, english)
    assert np.array_equal(whole, chunked)


UNSPACED_PAGE = """首页 | 新闻 | 体育
北京时间3月5日，国务院总理在人民大会堂作报告。报告指出，今年经济增长目标为5%左右。
版权所有 京ICP备12345号
日本語のテキストです。とても良い。
"""


@pytest.fixture(scope="module")
def unspaced() -> np.ndarray:
    blocks, _ = split_blocks(UNSPACED_PAGE)
    return features.extract(blocks, profile("zh"))


def test_unspaced_scripts_count_each_character_as_a_weighted_token(unspaced: np.ndarray) -> None:
    # "首页 | 新闻 | 体育": six Han characters, each half a word.
    assert np.expm1(_column(unspaced, "log_tokens"))[0] == pytest.approx(3.0, abs=1e-3)
    prose = np.expm1(_column(unspaced, "log_tokens"))[1]
    assert prose > 15  # a Chinese sentence is many tokens, not one
    assert _column(unspaced, "unspaced_share")[1] > 0.8
    assert _column(unspaced, "unspaced_share")[0] < _column(unspaced, "unspaced_share")[1]


def test_full_width_sentence_ends_break_sentences_without_a_space(unspaced: np.ndarray) -> None:
    assert _column(unspaced, "sentence_end").tolist() == [0, 1, 0, 1]
    assert _column(unspaced, "sentence_breaks")[1] == 2  # one inside, one at the line end
    assert _column(unspaced, "comma_rate")[1] > 0


def test_function_characters_are_stop_words_and_notices_are_copyright(
    unspaced: np.ndarray,
) -> None:
    assert _column(unspaced, "stop_share")[1] > 0  # 在, 为 ...
    assert _column(unspaced, "stop_share")[3] > 0  # の, て, と ...
    assert _column(unspaced, "copyright").tolist() == [0, 0, 1, 0]
