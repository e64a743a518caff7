"""Stamps read from what the rest of the page shows: its other numeric dates, the credit printed
with the stamp, scripts that glue dates to words, and cue labels in Chinese, Japanese and
Korean."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.unit.test_dates import STORY, article, page_of, stamps_of

ZH_STORY = (
    "两国外交部长周一通电话，就贸易、能源和战争问题交换了意见，双方官员在各自发表的声明中表示，"
    "会谈是坦率和建设性的，并同意在下个月举行面对面的会晤以继续讨论相关议题。"
)


def test_ambiguous_numeric_date_reads_in_the_order_the_pages_other_dates_show() -> None:
    alone = article("en", "Published 09.10.2022")
    beside = "\n".join([alone, "Related: 11.24.2022"])
    assert stamps_of(page_of(alone, "en"))[0].published == "2022-10-09"
    assert stamps_of(page_of(beside, "en"))[0].published == "2022-09-10"


def test_pages_dates_that_disagree_leave_the_default_order() -> None:
    text = "\n".join([article("en", "Published 09.10.2022"), "11.24.2022", "25.11.2022"])
    assert stamps_of(page_of(text, "en"))[0].published == "2022-10-09"


def test_numeric_date_in_the_future_one_way_is_read_the_other() -> None:
    reference = datetime(2023, 1, 7, 12, 0, tzinfo=UTC)
    page = page_of(article("en", "Published on 06/01/2023 - 13:55"), "en", reference)
    assert stamps_of(page)[0].published == "2023-01-06T13:55:00"


def test_unambiguous_date_in_the_future_is_still_refused() -> None:
    reference = datetime(2023, 1, 7, 12, 0, tzinfo=UTC)
    page = page_of(article("en", "Published on 01/25/2023"), "en", reference)
    assert stamps_of(page)[0].published is None


@pytest.mark.parametrize(
    ("language", "line", "published"),
    [
        ("en", "Jane Doe7 August 2023", "2023-08-07"),
        ("de", "Max Mustermann07.08.2023, 14:30 Uhr", "2023-08-07T14:30:00"),
        ("fr", "Publié le 7 août 2023 à 14h30", "2023-08-07T14:30:00"),
    ],
)
def test_a_date_glued_to_the_name_before_it_is_read(
    language: str, line: str, published: str
) -> None:
    assert stamps_of(page_of(article(language, line), language))[0].published == published


def test_the_date_printed_with_the_credit_wins_over_a_cued_teaser_below_the_story() -> None:
    text = "\n".join(
        [
            "Ministers hail cooperation in call",
            "By Jane Doe · Aug 6, 2023 · 3 comments",
            STORY["en"],
            "Posted August 1, 2023",
        ]
    )
    assert stamps_of(page_of(text, "en"))[0].published == "2023-08-06"


def test_a_credit_and_date_below_the_story_are_a_teasers() -> None:
    text = "\n".join(
        [
            "Ministri lodano la cooperazione",
            "05 agosto 2023 Aggiornato alle 16:01",
            STORY["it"],
            "di Maria Rossi 20 luglio 2023",
        ]
    )
    assert stamps_of(page_of(text, "it"))[0].published == "2023-08-05"


@pytest.mark.parametrize(
    ("language", "line", "published", "modified"),
    [
        ("zh", "记者 李明 发表于2023-08-07 14:30", "2023-08-07T14:30:00", None),
        ("zh", "本文由李明于2023年8月7日14:30发出", "2023-08-07T14:30:00", None),
        ("zh", "更新时间：2023-08-07 16:00", "2023-08-07T16:00:00", "2023-08-07T16:00:00"),
        ("ja", "公開日：2023年8月7日", "2023-08-07", None),
        ("ko", "입력 : 2023-08-07 14:30", "2023-08-07T14:30:00", None),
        ("nb", "Publisert: 07.08.23 kl. 14:47", "2023-08-07", None),
    ],
)
def test_stamps_in_scripts_without_spaces_and_their_cues(
    language: str, line: str, published: str, modified: str | None
) -> None:
    text = "\n".join(["两国外长通电话", line, ZH_STORY])
    stamps = stamps_of(page_of(text, language))[0]
    assert (stamps.published, stamps.modified) == (published, modified)


def test_a_date_in_a_chinese_sentence_is_no_stamp() -> None:
    sentence = "据报道，新规定于2023年8月1日起施行，" + ZH_STORY
    text = "\n".join(["两国外长通电话", "2023-08-07 07:00:00 来源：新华网", sentence])
    assert stamps_of(page_of(text, "zh"))[0].published == "2023-08-07T07:00:00"


def test_a_publish_verb_in_a_sentence_is_no_cue() -> None:
    sentence = "央广网北京8月7日消息，有关部门发布《管理规定》，自2023年8月1日起施行。"
    text = "\n".join(["两国外长通电话", "2023-08-07 07:00:00", sentence, ZH_STORY])
    assert stamps_of(page_of(text, "zh"))[0].published == "2023-08-07T07:00:00"
