"""Publication and modification stamps: what is read, what is marked, what is never invented."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from article_normalizer.normalize.fields.stamp_lexicon import _lexicon, month_numbers
from article_normalizer.normalize.fields.stamps import DateStamps, _unglue, find_dates, warm_up
from article_normalizer.normalize.lines.blocks import split_blocks
from article_normalizer.normalize.page import BODY, Decision, Page, PageMetadata
from article_normalizer.rules import profile

REFERENCE = datetime(2023, 8, 8, 10, 0, tzinfo=UTC)

STORY = {
    "en": "The foreign ministers of both countries spoke by telephone on Monday about trade, "
    "energy and the war, officials in both capitals said in separate statements.",
    "es": "Los ministros de Exteriores de los dos países hablaron por teléfono el lunes sobre "
    "comercio, energía y la guerra, según comunicados oficiales de ambas capitales.",
    "pt": "Os ministros dos Negócios Estrangeiros dos dois países falaram por telefone na "
    "segunda-feira sobre comércio, energia e a guerra, segundo comunicados oficiais.",
    "fr": "Les ministres des Affaires étrangères des deux pays se sont entretenus lundi par "
    "téléphone du commerce, de l'énergie et de la guerre, selon des communiqués officiels.",
    "de": "Die Außenminister beider Länder haben am Montag telefonisch über Handel, Energie und "
    "den Krieg gesprochen, teilten beide Regierungen in getrennten Erklärungen mit.",
    "it": "I ministri degli Esteri dei due paesi hanno parlato lunedì al telefono di commercio, "
    "energia e della guerra, secondo comunicati ufficiali diffusi da entrambe le capitali.",
    "nl": "De ministers van Buitenlandse Zaken van beide landen spraken maandag telefonisch over "
    "handel, energie en de oorlog, zo meldden beide regeringen in aparte verklaringen.",
}


def stamps_of(page: Page) -> tuple[DateStamps, Page]:
    """The stamps stage's answer, given the headline's line as the pipeline passes it, and the
    page with its claims applied."""
    title = next((i for i, d in enumerate(page.decisions) if d.kind == "title"), None)
    found = find_dates(page, title)
    return found.value, page.claimed(found.claims)


def page_of(text: str, language: str, reference: datetime = REFERENCE) -> Page:
    """A page whose first line is the headline and whose long lines are body, as the earlier
    stages would leave it."""
    blocks, _ = split_blocks(text)
    decisions = []
    for block in blocks:
        if block.index == 0:
            decisions.append(Decision(kind="title", reason="test:headline"))
        elif len(block.text.split()) >= 15:
            decisions.append(Decision(kind=BODY, reason="test:prose", score=0.9))
        else:
            decisions.append(Decision(kind="other", reason="test:short"))
    return Page(
        blocks=blocks,
        decisions=decisions,
        language=language,
        profile=profile(language),
        reference_time=reference,
    )


def article(language: str, *top: str) -> str:
    return "\n".join(["Ministers hail cooperation in call", *top, STORY.get(language, STORY["en"])])


PUBLISHED_CASES = [
    ("en", "AFP Published 07 Aug, 2023 09:26pm", "2023-08-07T21:26:00", "07 Aug, 2023 09:26pm"),
    ("en", "Posted on August 7, 2023", "2023-08-07", "August 7, 2023"),
    ("en", "By Jane Doe | Aug. 7, 2023, 2:15pm EDT", "2023-08-07T14:15:00-04:00", None),
    ("en", "Published: Monday, August 7, 2023, 14:00 [IST]", "2023-08-07T14:00:00+05:30", None),
    ("en", "2023-08-07 09:26", "2023-08-07T09:26:00", "2023-08-07 09:26"),
    ("en", "2 hours ago", "2023-08-08T08:00:00+00:00", "2 hours ago"),
    ("es", "7 de agosto de 2023", "2023-08-07", "7 de agosto de 2023"),
    ("es", "Publicado el 7 ago. 2023 a las 14:30", "2023-08-07T14:30:00", None),
    ("pt", "Publicada em 07/08/2023 às 14h30", "2023-08-07T14:30:00", "07/08/2023 às 14h30"),
    ("pt", "há 3 dias", "2023-08-05", "há 3 dias"),
    ("fr", "Publié le 7 août 2023 à 14h30", "2023-08-07T14:30:00", "7 août 2023 à 14h30"),
    ("de", "Veröffentlicht am 07.08.2023, 14:30 Uhr", "2023-08-07T14:30:00", None),
    ("de", "vor 2 Stunden", "2023-08-08T08:00:00+00:00", "vor 2 Stunden"),
    ("it", "Pubblicato il 7 agosto 2023 alle 14:30", "2023-08-07T14:30:00", None),
    ("nl", "Gepubliceerd op 7 augustus 2023 om 14:30", "2023-08-07T14:30:00", None),
    ("pt", "07 AGO 2023 - 14h30", "2023-08-07T14:30:00", "07 AGO 2023 - 14h30"),
    ("es", "Lunes, 7 de agosto de 2023, 14:30 CEST", "2023-08-07T14:30:00+02:00", None),
    ("ru", "7 августа 2023, 14:30", "2023-08-07T14:30:00", "7 августа 2023, 14:30"),
    ("pl", "Opublikowano: 7 sierpnia 2023, 14:30", "2023-08-07T14:30:00", None),
    ("id", "Senin, 07 Agu 2023 14:30 WIB", "2023-08-07T14:30:00+07:00", None),
    ("en", "Guardian staff Monday 7 August 2023 05.47 BST", "2023-08-07T05:47:00+01:00", None),
    ("de", "Heute, 09:30 Uhr", "2023-08-08T09:30:00", "Heute, 09:30 Uhr"),
    ("pt", "Publicado ontem às 19h15", "2023-08-07T19:15:00", "ontem às 19h15"),
    ("en", "Posted yesterday", "2023-08-07", "yesterday"),
    # The detector says "no" for Norwegian, dateparser's locale is "nb".
    ("no", "Publisert torsdag 03. august 2023 - 13:26", "2023-08-03T13:26:00", None),
    ("hr", "Objavljeno: 7. kolovoza 2023. u 14:30", "2023-08-07T14:30:00", None),
    ("sk", "Publikované 7. augusta 2023 14:30", "2023-08-07T14:30:00", None),
    ("he", "פורסם: 07.08.23, 14:30", "2023-08-07T14:30:00", None),
    ("ar", "نشر في 7 أغسطس 2023", "2023-08-07", None),
    # Year first, then the month's name: not a year-less "augusztus 7."
    ("hu", "Publikálva: 2023. augusztus 7. 14:30", "2023-08-07T14:30:00", None),
    ("hu", "2022. március 3., csütörtök", "2022-03-03", None),
    # Thai years count from the Buddhist era: 2566 is 2023.
    ("th", "วันที่ 7 สิงหาคม 2566 เวลา 14:30 น.", "2023-08-07T14:30:00", None),
    ("th", "07/08/2566 14:30", "2023-08-07T14:30:00", None),
    ("vi", "Thứ hai, 7/8/2023 lúc 14:30", "2023-08-07T14:30:00", None),
    # Persian pages date by the Solar Hijri calendar: 16 Mordad 1402 is 7 August 2023.
    ("fa", "تاریخ انتشار: ۱۶ مرداد ۱۴۰۲ ساعت ۱۴:۳۰", "2023-08-07T14:30:00", None),
    ("fa", "۱۴۰۲/۰۵/۱۶", "2023-08-07", "۱۴۰۲/۰۵/۱۶"),
    ("fa", "16 مرداد 1402", "2023-08-07", None),
    # Arabic-Indic digits read as their ASCII ones, the raw stamp as printed.
    ("ar", "نشر في ٧ أغسطس ٢٠٢٣", "2023-08-07", "٧ أغسطس ٢٠٢٣"),
]


@pytest.mark.parametrize(("language", "line", "iso", "raw"), PUBLISHED_CASES)
def test_publication_stamp_under_the_headline_is_read(
    language: str, line: str, iso: str, raw: str | None
) -> None:
    page = page_of(article(language, line), language)
    stamps, page = stamps_of(page)
    assert stamps.published == iso
    assert stamps.published_raw is not None and stamps.published_raw in line
    if raw is not None:
        assert stamps.published_raw == raw
    assert stamps.modified is None


MODIFIED_CASES = [
    ("en", "Updated 23:04, 07-Aug-2023", "2023-08-07T23:04:00"),
    ("en", "Last updated at 9:15 a.m. ET on Aug 7, 2023", "2023-08-07T09:15:00-05:00"),
    ("es", "Actualizado: 07/08/2023 14:30", "2023-08-07T14:30:00"),
    ("pt", "Atualizado em 7 de agosto de 2023", "2023-08-07"),
    ("fr", "Mis à jour le 7 août 2023 à 16h05", "2023-08-07T16:05:00"),
    ("de", "Aktualisiert am 07.08.2023, 14:30 Uhr", "2023-08-07T14:30:00"),
    ("it", "Aggiornato il 7 agosto 2023", "2023-08-07"),
]


@pytest.mark.parametrize(("language", "line", "iso"), MODIFIED_CASES)
def test_lone_update_stamp_fills_modified_and_stands_for_published(
    language: str, line: str, iso: str
) -> None:
    stamps = stamps_of(page_of(article(language, line), language))[0]
    assert stamps.modified == iso
    assert stamps.published == iso
    assert stamps.published_raw == stamps.modified_raw


def test_update_stamp_never_replaces_a_declared_publication_date() -> None:
    page = page_of(article("en", "Updated 23:04, 07-Aug-2023"), "en")
    page = replace(page, metadata=PageMetadata(published="2023-08-01T10:00:00+00:00"))
    stamps = stamps_of(page)[0]
    assert stamps.published == "2023-08-01T10:00:00+00:00"
    assert stamps.modified == "2023-08-07T23:04:00"


def test_line_with_both_stamps_fills_both_fields() -> None:
    line = "August 7, 2023 | 9:57am | Updated August 8, 2023 | 8:16am"
    page = page_of(article("en", line), "en")
    stamps, page = stamps_of(page)
    assert stamps.published == "2023-08-07T09:57:00"
    assert stamps.modified == "2023-08-08T08:16:00"
    assert (page.decisions[1].kind, page.decisions[1].reason) == ("byline_stamp", "stamp:published")


def test_stamp_line_with_credit_is_marked_byline_stamp_not_deleted() -> None:
    page = page_of(article("en", "AFP Published 07 Aug, 2023 09:26pm"), "en")
    _, page = stamps_of(page)
    assert page.decisions[1].kind == "byline_stamp"
    assert page.decisions[1].reason == "stamp:published"
    assert page.blocks[1].text == "AFP Published 07 Aug, 2023 09:26pm"


def test_body_sentence_with_a_date_is_not_marked() -> None:
    sentence = (
        "The agreement, signed on 7 August 2023 in Beijing, covers energy, trade and "
        "transport and will be reviewed by both governments next year."
    )
    page = page_of(article("en", "Published 07 Aug, 2023", sentence), "en")
    stamps, page = stamps_of(page)
    assert stamps.published == "2023-08-07"
    assert page.decisions[2].kind == BODY


NO_STAMP_CASES = [
    ("en", "World"),
    ("en", "Editors may revise this story; readers may comment below"),
    ("en", "Share on Facebook | Share on X"),
    ("en", "It happened a few hours ago, witnesses said"),
    ("de", "Politik"),
    ("en", "Today"),
    ("en", "Today's paper | Yesterday's puzzle"),
]


@pytest.mark.parametrize(("language", "line"), NO_STAMP_CASES)
def test_page_without_a_stamp_has_none(language: str, line: str) -> None:
    stamps = stamps_of(page_of(article(language, line), language))[0]
    assert stamps == DateStamps()


def test_stamp_in_the_future_of_the_reference_time_is_ignored() -> None:
    stamps = stamps_of(page_of(article("en", "Published 12 Aug, 2023 09:26pm"), "en"))[0]
    assert stamps.published is None


def test_stamp_a_few_hours_ahead_of_the_reference_time_is_kept() -> None:
    stamps = stamps_of(page_of(article("en", "Published 08 Aug, 2023 23:50"), "en"))[0]
    assert stamps.published == "2023-08-08T23:50:00"


def test_relative_stamp_counts_back_from_the_reference_time() -> None:
    reference = datetime(2024, 1, 1, 0, 30, tzinfo=UTC)
    stamps = stamps_of(page_of(article("en", "Posted 45 minutes ago"), "en", reference))[0]
    assert stamps.published == "2023-12-31T23:45:00+00:00"


def test_relative_stamp_after_the_dated_update_dates_nothing() -> None:
    # Read months after it was printed, "12 hrs ago" counts back from the wrong clock: the story
    # was not published after its update, which then stands for both.
    text = article("en", "Updated: March 29, 2023 @ 11:53 am", "12 hrs ago")
    stamps = stamps_of(page_of(text, "en"))[0]
    assert stamps.modified == "2023-03-29T11:53:00"
    assert stamps.published == "2023-03-29T11:53:00"
    # Read the day it was printed, both stamps stand.
    text = article("en", "Updated: August 8, 2023 @ 9:53 am", "12 hrs ago")
    stamps = stamps_of(page_of(text, "en"))[0]
    assert stamps.published == "2023-08-07T22:00:00+00:00"
    assert stamps.modified == "2023-08-08T09:53:00"


def test_date_order_of_numeric_dates_follows_the_language() -> None:
    english = stamps_of(page_of(article("en", "Published 04/08/2023"), "en"))[0]
    german = stamps_of(page_of(article("de", "Veröffentlicht 04/08/2023"), "de"))[0]
    assert english.published == "2023-04-08"
    assert german.published == "2023-08-04"


def test_unambiguous_numeric_date_ignores_the_language_order() -> None:
    stamps = stamps_of(page_of(article("en", "Published 25/07/2023"), "en"))[0]
    assert stamps.published == "2023-07-25"


def test_publisher_metadata_wins_and_the_printed_stamp_still_leaves_the_body() -> None:
    page = page_of(article("en", "Published 07 Aug, 2023 09:26pm"), "en")
    page = replace(
        page,
        metadata=PageMetadata(
            published="2023-08-07T21:26:13+05:00", modified="2023-08-08T01:00:00+05:00"
        ),
    )
    stamps, page = stamps_of(page)
    assert stamps.published == "2023-08-07T21:26:13+05:00"
    assert stamps.published_raw == "2023-08-07T21:26:13+05:00"
    assert stamps.modified == "2023-08-08T01:00:00+05:00"
    assert page.decisions[1].kind == "byline_stamp"


def test_metadata_date_in_the_future_is_ignored_for_the_printed_one() -> None:
    page = page_of(article("en", "Published 07 Aug, 2023"), "en")
    page = replace(page, metadata=PageMetadata(published="2031-01-01"))
    assert stamps_of(page)[0].published == "2023-08-07"


def test_cue_words_beyond_english_are_data() -> None:
    months = month_numbers("pt")
    assert months["agosto"] == 8
    assert months["aug"] == 8


def test_warm_up_leaves_the_english_patterns_compiled() -> None:
    from article_normalizer.normalize.fields import stamp_lexicon as dates

    dates._lexicon.cache_clear()
    warm_up()
    assert dates._lexicon.cache_info().currsize >= 1


def test_warm_up_compiles_every_locale_htmldates_extensive_search_may_try() -> None:
    # dateparser compiles a locale's word patterns the first time it tries the locale; the
    # extensive search tries them all on a string none reads (a second a process, unwarmed).
    from dateparser.languages.dictionary import Dictionary

    from article_normalizer.serving.execution import warm_up as warm_up_process

    Dictionary._split_regex_cache.clear()
    warm_up_process()
    assert sum(len(by_locale) for by_locale in Dictionary._split_regex_cache.values()) >= 100


def test_seed_stamps_are_read(seeds: dict[str, str]) -> None:
    expected = {
        "001": ("2023-08-07T21:26:00", None),
        "003": ("2023-08-07T23:04:00", "2023-08-07T23:04:00"),
    }
    for name, text in seeds.items():
        blocks, _ = split_blocks(text)
        decisions = [
            Decision(kind=BODY if len(b.text.split()) >= 20 else "other", reason="test")
            for b in blocks
        ]
        page = Page(
            blocks=blocks,
            decisions=decisions,
            language="en",
            profile=profile("en"),
            reference_time=REFERENCE,
        )
        stamps, page = stamps_of(page)
        published, modified = expected.get(name[:3], (None, None))
        assert (stamps.published, stamps.modified) == (published, modified), name
        marked = [b.text for b, d in zip(blocks, page.decisions, strict=True) if d.kind != "other"]
        if published or modified:
            assert any(t.startswith(("AFP Published", "Updated")) for t in marked), name


def test_stamp_data_file_is_well_formed() -> None:
    from article_normalizer.normalize.fields.stamp_parsing import _offset
    from article_normalizer.rules import load_toml

    data = load_toml("stamps.toml")
    for kind in ("published", "modified"):
        for code, phrases in data[kind].items():
            assert len(code) == 2 and code.islower(), code
            assert phrases and all(p == p.lower() and p.strip() == p for p in phrases), code
    for abbreviation in data["zones"]:
        assert _offset(abbreviation) is not None, abbreviation
    assert data["date_order"]["default"] in ("DMY", "MDY")


@pytest.mark.parametrize(
    ("line", "published", "modified"),
    [
        ("By Jane DoeUpdated: Aug 7, 2023 1:06 PM", "2023-08-07T13:06:00", "2023-08-07T13:06:00"),
        ("By Jane Doe2023-08-07 15:04:28", "2023-08-07T15:04:28", None),
    ],
)
def test_stamp_glued_to_the_credit_is_read(line: str, published: str, modified: str | None) -> None:
    stamps = stamps_of(page_of(article("en", line), "en"))[0]
    assert (stamps.published, stamps.modified) == (published, modified)


def test_unglue_splits_glued_words_with_or_without_digits() -> None:
    # Only one of the glue patterns needs no digit: a lower-case letter, then a capitalised word.
    assert _unglue("By Jane DoePosted yesterday", digits=False) == "By Jane Doe Posted yesterday"
    assert _unglue("Jane Doe2017-10-20 15:04", digits=True) == "Jane Doe 2017-10-20 15:04"
    assert _unglue("Posted yesterday by Jane Doe", digits=False) == "Posted yesterday by Jane Doe"
    assert _unglue("Chris Hall6 April 2017", digits=True) == "Chris Hall 6 April 2017"
    assert _unglue("Tobias Mühlbauer24.04.2024", digits=True) == "Tobias Mühlbauer 24.04.2024"
    # Digits that follow a space or a sign leave nothing glued, whatever else the line holds.
    assert _unglue("Jan 2, 2024 | 12 comments", digits=True) == "Jan 2, 2024 | 12 comments"
    assert _unglue("By Jane DoeUpdated 3 min", digits=True) == "By Jane Doe Updated 3 min"


def test_a_stamp_followed_by_a_long_run_of_spaces_is_read_in_one_pass() -> None:
    # A layout table's cells leave long runs of spaces after a date; the pattern must not retry
    # every split of the run (20,000 spaces took seconds when the spaces around the separator
    # could trade characters). The budget is generous: the pass takes microseconds.
    started = time.perf_counter()
    found = _lexicon("en").absolute.search("Published 7 August 2023" + " " * 20_000 + "x")
    assert found is not None and found.group("date").startswith("7 August 2023")
    # A time before the run (a day's number after it could open a date) and a date after it.
    assert _lexicon("de").absolute.search("14:30" + " " * 20_000 + "x") is None
    found = _lexicon("en").absolute.search("14:30" + " " * 20_000 + "7 August 2023")
    assert found is not None and found.group("date") == "7 August 2023"
    assert time.perf_counter() - started < 3.0
