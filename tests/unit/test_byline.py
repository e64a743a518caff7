"""Credit lines: cue words per language, agencies, names, and what is never a byline."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.fields.byline import _lowercase_words, find_byline
from article_normalizer.normalize.fields.credit_line import is_person_name, parse_byline, unglued
from article_normalizer.normalize.lines.blocks import split_blocks
from article_normalizer.normalize.models import Byline
from article_normalizer.normalize.page import BODY, Decision, Page, PageMetadata
from article_normalizer.rules import fields, profile
from article_normalizer.rules.fields import BylineRules, byline_rules

NOW = datetime(2023, 8, 8, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("lang", "line", "authors", "agency"),
    [
        ("en", "By Jane Doe and John Roe", ["Jane Doe", "John Roe"], None),
        ("en", "By JANE DOE, Associated Press", ["JANE DOE"], "AP"),
        ("en", "AFP Published 07 Aug, 2023 09:26pm", [], "AFP"),
        ("en", "Jane Doe | Reuters", ["Jane Doe"], "Reuters"),
        ("en", "by Jason Ditz, March 21, 2017", ["Jason Ditz"], None),
        ("en", "March 27, 2017 By Eric Hamilton", ["Eric Hamilton"], None),
        # The language's own cue after a stamp in its own month names.
        ("fr", "Publié le 12 octobre 2023 par Claire Dubois", ["Claire Dubois"], None),
        ("es", "Publicado el 12 de octubre de 2023 por Clara Domínguez", ["Clara Domínguez"], None),
        ("en", "By Jane Doe for The Guardian", ["Jane Doe"], None),
        ("en", "By Jane Doe, Staff Writer", ["Jane Doe"], None),
        ("en", "Written by: Mary-Ann O'Neil", ["Mary-Ann O'Neil"], None),
        ("pt", "Por Fulano de Tal", ["Fulano de Tal"], None),
        ("pt", "Por Maria Silva e João Santos, da Lusa", ["Maria Silva", "João Santos"], "Lusa"),
        ("es", "Por Ana García y Luis Pérez", ["Ana García", "Luis Pérez"], None),
        ("fr", "Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"], None),
        ("de", "Von Hans Müller und Eva Schmidt", ["Hans Müller", "Eva Schmidt"], None),
        ("de", "Von Hans Müller mit Eva Schmidt", ["Hans Müller", "Eva Schmidt"], None),
        ("de", "Von Eva Schmidt mit AFP", ["Eva Schmidt"], "AFP"),
        ("de", "Kolumne von Eva Schmidt - 03.05.2024 um 09:15 Uhr", ["Eva Schmidt"], None),
        ("de", "Erstellt von Eva Schmidt", ["Eva Schmidt"], None),
        ("de", "Von Eva Schmidt vom 3. Februar 2022", ["Eva Schmidt"], None),
        ("de", "von Eva Schmidt Erstellt am 01.01.23 um 08:35", ["Eva Schmidt"], None),
        ("de", "Von Eva Schmidt Zuletzt geändert am 06.11.2023", ["Eva Schmidt"], None),
        ("de", "Erstellt von Eva Schmidt am Dienstag 6. Mai 2014", ["Eva Schmidt"], None),
        ("fr", "Par Jean Dupont le 3 février 2022", ["Jean Dupont"], None),
        ("it", "Di Giulia Rossi", ["Giulia Rossi"], None),
        ("en", "Reuters", [], "Reuters"),
        ("en", "Associated Press - January 8, 2008 4:33 PM ET", [], "AP"),
        ("en", "By GREG BEACHAM AP Sports Writer", ["GREG BEACHAM"], "AP"),
        ("en", "Mark Rogowsky , Contributor", ["Mark Rogowsky"], None),
        ("en", "Liz Moyer, 03.12.09, 06:00 PM EDT", ["Liz Moyer"], None),
        ("en", "Arjun Kharpal | @ArjunKharpal", ["Arjun Kharpal"], None),
        ("en", "* By Jesse David Fox", ["Jesse David Fox"], None),
        ("en", "Posted by Jude Terror April 7, 2017 13 Comments", ["Jude Terror"], None),
        ("en", "14.03.2017 09:12 by Ann Lee", ["Ann Lee"], None),
        ("en", "by Dana Whit, Senior Director, Content", ["Dana Whit"], None),
        ("de", "Von Hans Müller Korrespondent", ["Hans Müller"], None),
        ("es", "Por Ana García, corresponsal", ["Ana García"], None),
        # A beat before the job title goes with it; a name keeps its first two words.
        ("en", "By Jane Doe Travel News Reporter", ["Jane Doe"], None),
        ("en", "By Jane Doe Parliamentary editor", ["Jane Doe"], None),
        ("en", "By Jane Mary Doe Lifestyle Writer", ["Jane Mary Doe"], None),
        ("en", "By Jane News Reporter", ["Jane News"], None),
        ("en", "By Jane Doe -- Harbour Daily", ["Jane Doe", "Harbour Daily"], None),  # "--": a dash
        ("en", "By Jane Doe North America technology reporter", ["Jane Doe"], None),
        ("en", "By Jane Asia Doe Europe correspondent", ["Jane Asia Doe"], None),
        ("en", "By Jane Doe, Garden Educator", ["Jane Doe"], None),
        ("en", "By Jane Doe, VATICAN CITY", ["Jane Doe"], None),  # a dateline's place
        ("en", "By Jane Doe | NEW YORK", ["Jane Doe"], None),  # the same, in a part of its own
        ("en", "By JANE DOE | JOHN ROE", ["JANE DOE", "JOHN ROE"], None),
        # an agency's name of several words run into the name
        ("en", "By Ann Lee and Jane Doe The Associated Press", ["Ann Lee", "Jane Doe"], "AP"),
        ("en", "By JANE DOE, JOHN ROE", ["JANE DOE", "JOHN ROE"], None),  # names in capitals
        ("en", "By Jane Doe Reviewed by John Roe", ["Jane Doe"], None),  # the reviewer
        ("en", "Posted 10 hours ago by Jane Doe ( @janedoe )", ["Jane Doe"], None),
        ("en", "By Jane Doe ⋅ Senior Review Editor", ["Jane Doe"], None),  # her title
        ("en", "By Jane Doe | Harbourpost", ["Jane Doe"], None),  # a lone word: the outlet
        ("en", "By Jane Doe / John Roe", ["Jane Doe", "John Roe"], None),
        ("en", "By Jane Doe ⋅ Founder and CEO ⋅ Updated May 6, 2025", ["Jane Doe"], None),
        ("en", "3 hours ago by Jane Doe in Harbour News Comment", ["Jane Doe"], None),
        ("en", "By Jane Doe on behalf of the Docs team", ["Jane Doe"], None),
        # a serial comma before the last joiner
        (
            "en",
            "By Jane Doe, John Roe, and Ann Lee, CNN",
            ["Jane Doe", "John Roe", "Ann Lee"],
            "CNN",
        ),
        (
            "es",
            "Por Ana García, Luis Pérez, y Eva Ruiz",
            ["Ana García", "Luis Pérez", "Eva Ruiz"],
            None,
        ),
        # other typographic separators between the credit and the stamp
        ("en", "by Jane Doe ● May 6, 2025 ● 6 min read", ["Jane Doe"], None),
        ("en", "// By Jane Doe • Nov 11, 2020", ["Jane Doe"], None),
        ("en", "— By Jane Doe", ["Jane Doe"], None),
        ("en", "0 · by Jane Doe · Updated on 8 January 2026", ["Jane Doe"], None),
        ("en", "Jane Doe ◆ Reuters", ["Jane Doe"], "Reuters"),
        # scripts without capitals: the cue vouches for the name
        ("he", "מאת דנה כהן", ["דנה כהן"], None),
        ("ar", "بقلم أحمد علي", ["أحمد علي"], None),
        ("fa", "نویسنده: علی رضایی و مریم احمدی", ["علی رضایی", "مریم احمدی"], None),
        ("hr", "Piše: Ivana Horvat", ["Ivana Horvat"], None),
        # Chinese, Japanese, Korean: a name is one word; the cue before it or the title after
        ("zh", "作者：陈晓明", ["陈晓明"], None),
        ("zh", "本报记者 王立群、刘芳", ["王立群", "刘芳"], None),
        ("ja", "投稿者: さくら", ["さくら"], None),
        ("ja", "文／佐藤和子（編集部）", ["佐藤和子"], None),
        ("ja", "鈴木一郎記者", ["鈴木一郎"], None),
        ("ko", "박지훈 기자 jihoon@example.kr", ["박지훈"], None),
        ("ko", "박지훈·이수민 기자", ["박지훈", "이수민"], None),
        # The credit among a stamp line's labelled fields, in either order.
        ("zh", "2024年05月20日 08:30 来源：海滨日报 作者：林晓雯", ["林晓雯"], None),
        ("zh", "2024-05-20 08:30 作者：林晓雯 来源：海滨日报", ["林晓雯"], None),
        ("zh", "时间：2024年05月20日 作者：林晓雯  我来说两句( 0 )", ["林晓雯"], None),
        ("en", "May 20, 2024 Author: Jane Doe Source: Harbour Daily", ["Jane Doe"], None),
        # names in scripts written with combining vowel signs
        ("th", "โดย มานี ศรีสุข", ["มานี ศรีสุข"], None),
        ("hi", "लेखक: सुनीता वर्मा", ["सुनीता वर्मा"], None),
    ],
)
def test_credit_lines_are_parsed(
    lang: str, line: str, authors: list[str], agency: str | None
) -> None:
    byline = parse_byline(line, byline_rules(lang))
    assert byline is not None
    assert (byline.authors, byline.agency, byline.raw) == (authors, agency, line)


@pytest.mark.parametrize(
    "line",
    [
        "Email the author",
        "Follow",
        "View all posts",
        "Author : Sports News Editor",  # a desk and its title, no person
        "BY HERALD REPORTER",
        "By clicking subscribe you agree to our terms",
        "By the time the polls closed, turnout had reached a record",
        "World",
        "Opinion",
        "Apple plans new phones",
        "JIM WATSON/AFP/Getty Images",
        "New York, Jan 16 06:49",
        "Paris, France",
        # a number before "by" is not a stamp before a credit
        "Top 10 Leading Australian Influencers by Followers",
        # a date opening a sentence is not a stamp before a credit
        "On 12 March 2023 the council heard evidence given by Mayor Smith",
        "Followers",
    ],
)
def test_labels_and_prose_are_not_bylines(line: str) -> None:
    assert parse_byline(line, byline_rules("en")) is None


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        # no cue: an uncased script's words have no shape to tell a name from a label
        ("he", "דנה כהן"),
        ("ar", "أحمد علي"),
        # a cue before a single word or a sentence
        ("he", "מאת המערכת"),
        ("ar", "بقلم"),
        # a reporter's title ending a sentence, or opening a compound word
        ("ko", "정부는 오늘 발표를 앞두고 기자"),
        ("ja", "記者会見で首相が述べた"),
        ("zh", "文化部发布新规定"),
    ],
)
def test_an_uncased_name_needs_a_cue_and_a_names_length(lang: str, line: str) -> None:
    assert parse_byline(line, byline_rules(lang)) is None


def test_the_outlet_name_is_never_an_author() -> None:
    assert parse_byline("By Example Times", byline_rules("en"), {"exampletimes"}) is None
    # After its writers, the outlet is passed over, not the reason to drop the credit.
    byline = parse_byline("By Jane Doe, Example Times", byline_rules("en"), {"exampletimes"})
    assert byline is not None
    assert byline.authors == ["Jane Doe"]


def byline_of(page: Page) -> tuple[Byline | None, Page]:
    """The byline stage's answer, given the headline's line as the pipeline passes it, and the
    page with its claims applied."""
    title = next((i for i, d in enumerate(page.decisions) if d.kind == "title"), None)
    found = find_byline(page, title)
    return found.value, page.claimed(found.claims)


def _authors(text: str) -> list[str] | None:
    """The authors of an English page whose first line is its headline; None without a byline."""
    byline, _ = byline_of(_page(text, "en", title_line=0))
    return None if byline is None else byline.authors


def _page(text: str, lang: str, title_line: int) -> Page:
    blocks, _ = split_blocks(text)
    decisions = [
        Decision(kind=BODY, reason="test", score=0.9)
        if len(b.text.split()) >= 10
        else Decision(kind="other", reason="test", score=0.1)
        for b in blocks
    ]
    decisions[title_line].kind = "title"
    return Page(
        blocks=blocks,
        decisions=decisions,
        language=lang,
        profile=profile(lang),
        reference_time=NOW,
    )


def test_credit_below_the_headline_is_found_and_marked() -> None:
    text = (
        "Política\nOrçamento aprovado\nPor Fulano de Tal\n"
        "O parlamento aprovou nesta terça-feira a proposta de orçamento para o próximo ano.\n"
    )
    page = _page(text, "pt", title_line=1)
    byline, page = byline_of(page)
    assert byline is not None
    assert byline.authors == ["Fulano de Tal"]
    assert page.decisions[2].kind == "byline_stamp"
    assert page.decisions[1].kind == "title"


@pytest.mark.parametrize(
    ("columns", "author"),
    [
        # A page laid out in columns: a sidebar's menu entry and the credit on one line.
        ("  Sport                          By JANE DOE -- Harbour Media          ", "JANE DOE"),
        # An uncued name in a column is as often a menu entry: no credit.
        ("  Sport                          Jane Doe          ", None),
    ],
)
def test_a_credit_in_one_column_of_a_line_is_found(columns: str, author: str | None) -> None:
    text = (
        f"Harbour wall approved\n{columns}\n"
        "The council approved the new harbour wall on Tuesday after a decade of storms.\n"
    )
    byline, page = byline_of(_page(text, "en", title_line=0))
    assert (byline.authors[0] if byline else None) == author
    assert (page.decisions[1].kind == "byline_stamp") == (author is not None)


def test_bare_cue_takes_the_names_from_the_next_line() -> None:
    text = (
        "Budget passed\nBy\nLily Katz\n"
        "The parliament passed the budget on Tuesday after a long debate on taxes.\n"
    )
    page = _page(text, "en", title_line=0)
    byline, page = byline_of(page)
    assert byline is not None
    assert byline.authors == ["Lily Katz"]
    assert [d.kind for d in page.decisions[1:3]] == ["byline_stamp", "byline_stamp"]


def test_bare_cue_takes_a_listed_name_from_the_next_line() -> None:
    text = (
        "Budget passed\nby\n* Lily Katz\n"
        "The parliament passed the budget on Tuesday after a long debate on taxes.\n"
    )
    byline, _ = byline_of(_page(text, "en", title_line=0))
    assert byline is not None
    assert byline.authors == ["Lily Katz"]


def _stamped(text: str, lang: str, stamp_line: int) -> Page:
    """A page whose headline is line 0 and whose ``stamp_line`` the stamps stage claimed."""
    page = _page(text, lang, title_line=0)
    page.decisions[stamp_line] = Decision(kind="byline_stamp", reason="stamp:published")
    return page


@pytest.mark.parametrize(
    ("lang", "text", "stamp_line", "author"),
    [
        (
            "en",
            "Harbour bridge reopens\nLily Katz\nFriday 22 November 2024 08:49 GMT\n"
            "The bridge reopened on Friday after eight months of repairs to its deck.\n",
            2,
            "Lily Katz",
        ),
        (
            "en",
            "Harbour bridge reopens\nDecember 13, 2025\n* Omar Haddad Lead Writer\n"
            "The bridge reopened on Friday after eight months of repairs to its deck.\n",
            1,
            "Omar Haddad",
        ),
        (
            "en",
            "Harbour bridge reopens\nLily Katz and agencies\nFriday 22 November 2024 08:49 GMT\n"
            "The bridge reopened on Friday after eight months of repairs to its deck.\n",
            2,
            "Lily Katz",
        ),
        (
            "de",
            "Brücke wieder offen\nAnna Weber\n06.01.2026, 14:05 Uhr\n"
            "Die Brücke ist nach acht Monaten Bauzeit am Freitag wieder geöffnet worden.\n",
            2,
            "Anna Weber",
        ),
    ],
)
def test_name_alone_beside_the_stamp_is_the_author(
    lang: str, text: str, stamp_line: int, author: str
) -> None:
    byline, page = byline_of(_stamped(text, lang, stamp_line))
    assert byline is not None
    assert byline.authors == [author]
    name_line = next(i for i, b in enumerate(page.blocks) if author in b.text)
    assert page.decisions[name_line].kind == "byline_stamp"


@pytest.mark.parametrize(
    "beside",
    [
        "Related Stories",
        "Share This",
        "Read More",
        "Monday Briefing",
        "Getty Images",
        "Top 10",
        "HR Strategy",
        "ChatGPT Tips",
        "Share Post.",
        "Expert Reviewer",
        "Thread Tools Display Modes",
    ],
)
def test_labels_beside_the_stamp_are_not_authors(beside: str) -> None:
    text = (
        f"Harbour bridge reopens\n{beside}\nFriday 22 November 2024 08:49 GMT\n"
        "The bridge reopened on Friday after eight months of repairs to its deck.\n"
    )
    assert byline_of(_stamped(text, "en", 2))[0] is None


def test_a_heading_in_the_pages_own_words_beside_the_stamp_is_no_author() -> None:
    # Every word of "Repair Schedule" is one the story prints in lower case; "Lily Katz" is not.
    story = "The repair schedule kept the bridge closed for eight months of work on its deck.\n"
    text = f"Harbour bridge reopens\nRepair Schedule\nFriday 22 November 2024 08:49 GMT\n{story}"
    assert byline_of(_stamped(text, "en", 2))[0] is None
    text = f"Harbour bridge reopens\nLily Katz\nFriday 22 November 2024 08:49 GMT\n{story}"
    byline = byline_of(_stamped(text, "en", 2))[0]
    assert byline is not None
    assert byline.authors == ["Lily Katz"]


def test_a_name_beside_a_line_that_is_no_stamp_is_not_read() -> None:
    # Three lines below the headline and not just above the story: no place of a credit.
    text = (
        "Harbour bridge reopens\nRepairs done\nTraffic back\nLily Katz\n"
        "Friday 22 November 2024 08:49 GMT\n"
        "The bridge reopened on Friday after eight months of repairs to its deck.\n"
    )
    assert byline_of(_page(text, "en", title_line=0))[0] is None


_BRIDGE = "The bridge reopened on Friday after eight months of repairs to its deck and start."


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("27 January 2026 • Lily Katz • 3 min read", "Lily Katz"),
        ("12/19/2025 • Friday Notes • Lily Katz", "Lily Katz"),
        ("Dec 26, 2025 • Lily Katz in Project Management", "Lily Katz"),
        ("Lily Katz · Harbour Daily · Posted: Aug 08, 2024 4:00 AM EDT", "Lily Katz"),
        ("12/19/2025 • Omar Haddad • Lily Katz", None),  # two names: which one wrote it?
        ("Apr 21, 2017 | Bridge Repairs", None),  # the story says "repairs": a section label
        ("Dec 19, 2025 • Lily Katz and the whole team of the weekly harbour newsletter", None),
    ],
)
def test_the_one_name_among_a_stamp_lines_parts_is_read(line: str, author: str | None) -> None:
    text = f"Harbour bridge reopens\n{line}\n{_BRIDGE}"
    byline = byline_of(_stamped(text, "en", 1))[0]
    assert (byline.authors if byline else None) == ([author] if author else None)


@pytest.mark.parametrize(
    ("lang", "text", "authors", "agency"),
    [
        ("en", f"Harbour bridge reopens\nLily Katz\n{_BRIDGE}", ["Lily Katz"], None),
        (
            "en",
            f"Harbour bridge reopens\nRepairs done\nLily Katz and Omar Haddad\n{_BRIDGE}",
            ["Lily Katz", "Omar Haddad"],
            None,
        ),
        (
            "en",
            f"Harbour bridge reopens\nLily Katz | Omar Haddad\n{_BRIDGE}",
            ["Lily Katz", "Omar Haddad"],
            None,
        ),
        (
            "en",
            f"Harbour bridge reopens\nLily Katz Associated Press\n{_BRIDGE}",
            ["Lily Katz"],
            "AP",
        ),
        (
            "en",
            f"Harbour bridge reopens\nLily Katz Contact Reporter\n{_BRIDGE}",
            ["Lily Katz"],
            None,
        ),
    ],
)
def test_names_alone_where_the_credit_goes_are_read(
    lang: str, text: str, authors: list[str], agency: str | None
) -> None:
    byline, page = byline_of(_page(text, lang, title_line=0))
    assert byline is not None
    assert (byline.authors, byline.agency) == (authors, agency)
    assert any(d.kind == "byline_stamp" for d in page.decisions)


@pytest.mark.parametrize(
    "line",
    [
        "Start Trial",  # "start" is a word the page prints in lower case
        "Ask Question",
        "Lily Katz Harbourpost Weekly",  # more than names
        "Monday Briefing",
        "* Lily Katz",  # a list item: a menu entry as often as a name
    ],
)
def test_capitalised_words_under_the_headline_that_the_page_uses_are_no_names(line: str) -> None:
    text = f"Harbour bridge reopens\n{line}\nAsk a question or start a trial.\n{_BRIDGE}"
    assert byline_of(_page(text, "en", title_line=0))[0] is None


@pytest.mark.parametrize(
    "lines",
    [
        "Lily Katz\nLily Katz walks over the bridge on Friday.",  # the caption names her
        "Omar Haddad",  # the headline names him
    ],
)
def test_a_name_the_story_is_about_is_no_credit(lines: str) -> None:
    text = f"Haddad reopens the harbour bridge\n{lines}\n{_BRIDGE} Lily Katz cheered."
    assert byline_of(_page(text, "en", title_line=0))[0] is None


@pytest.mark.parametrize(
    ("below", "author"),
    [
        ("Trending Editor", "Lily Katz"),  # an author box: the name over its job title
        ("Senior Reporter,", "Lily Katz"),
        ("RN, BSN, Certified Pediatric Sleep Consultant", "Lily Katz"),  # six words, as boxes do
        ("Traffic back", None),  # past the lines under the headline, names alone are not read
        ("+ View Profile", None),  # a forum poster's buttons are no job title
    ],
)
def test_a_job_title_on_the_next_line_vouches_for_names_further_down(
    below: str, author: str | None
) -> None:
    text = f"Harbour bridge reopens\nRepairs done\nTraffic back\nLily Katz\n{below}\n{_BRIDGE}"
    byline, _ = byline_of(_page(text, "en", title_line=0))
    assert (byline.authors if byline else None) == ([author] if author else None)


def test_a_heading_just_above_the_story_is_no_credit() -> None:
    text = f"Harbour bridge reopens\nRepairs done\nTraffic back\nCautionary Tale\n{_BRIDGE}"
    assert byline_of(_page(text, "en", title_line=0))[0] is None


def test_a_name_over_a_photo_credit_is_no_credit_even_without_a_stamp() -> None:
    text = f"Harbour bridge reopens\nLily Katz\nPhoto: Omar Haddad/Reuters\n{_BRIDGE}"
    assert byline_of(_page(text, "en", title_line=0))[0] is None


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("James Robert King", "James Robert King"),  # given names on the stop list
        ("Noam N. Levey", "Noam N. Levey"),  # an initial is no acronym
    ],
)
def test_names_holding_stop_list_words_or_initials_are_read(line: str, author: str) -> None:
    text = f"Harbour bridge reopens\n{line}\n{_BRIDGE}\nWrite to james.king@example.com"
    byline, _ = byline_of(_page(text, "en", title_line=0))
    assert byline is not None
    assert byline.authors == [author]


def test_a_name_spelt_in_lower_case_in_an_address_is_still_a_name() -> None:
    text = f"Harbour bridge reopens\nLily Katz\n{_BRIDGE}\nlily.katz@example.com @lilykatz"
    byline, _ = byline_of(_page(text, "en", title_line=0))
    assert byline is not None
    assert byline.authors == ["Lily Katz"]


def test_the_page_vocabulary_keeps_the_words_beside_an_address_but_not_the_address() -> None:
    text = (
        "Harbour bridge reopens\nwrite to lily.katz@example.com today\n"
        "see www.harbour.org/news and @omarhaddad\nKeep reading below"
    )
    vocabulary = _lowercase_words(_page(text, "en", title_line=0))
    assert {"bridge", "reopens", "write", "to", "today", "see", "and", "reading"} <= vocabulary
    assert vocabulary.isdisjoint({"lily", "katz", "example", "com", "www", "harbour", "org"})
    assert vocabulary.isdisjoint({"news", "omarhaddad", "keep"})


def test_a_stop_word_the_page_prints_in_lower_case_is_no_name() -> None:
    text = f"Harbour bridge reopens\nMore Stories\n{_BRIDGE} Read more stories."
    assert byline_of(_page(text, "en", title_line=0))[0] is None


def test_a_shouted_line_of_stop_words_is_no_name() -> None:
    text = f"Harbour bridge reopens\nCITY NEWS\n{_BRIDGE}"
    assert byline_of(_page(text, "en", title_line=0))[0] is None


@pytest.mark.parametrize(
    ("line", "authors", "agency"),
    [
        ("Lily Katz Contact Reporter", ["Lily Katz"], None),
        ("Lily Katz and Omar HaddadContact Reporters", ["Lily Katz", "Omar Haddad"], None),
        ("Lily Katz Associated Press", ["Lily Katz"], "AP"),
    ],
)
def test_names_vouched_by_a_job_title_are_read_below_photo_and_caption(
    line: str, authors: list[str], agency: str | None
) -> None:
    text = (
        "Harbour bridge reopens\nBridge works\nHarbour Photo Agency\n"
        "Workers on the bridge deck on Thursday evening, a day before it reopened to traffic.\n"
        f"{line}\n{_BRIDGE}"
    )
    byline, page = byline_of(_page(text, "en", title_line=0))
    assert byline is not None
    assert (byline.authors, byline.agency) == (authors, agency)
    assert page.decisions[4].kind == "byline_stamp"


def test_bare_names_below_photo_and_caption_are_not_read() -> None:
    text = (
        "Harbour bridge reopens\nBridge works\nHarbour Photo Agency\n"
        "Workers on the bridge deck on Thursday evening, a day before it reopened to traffic.\n"
        f"Lily Katz\n{_BRIDGE}"
    )
    assert byline_of(_page(text, "en", title_line=0))[0] is None


_TEASER = "A short look at what changed on the harbour front this year, in pictures and numbers."
_STORY = "\n".join([_BRIDGE] * 9)
"""A story long enough that its end lies past the lines read around the headline."""


@pytest.mark.parametrize(
    ("box", "author"),
    [
        ("Written by Lily Katz", "Lily Katz"),
        ("Author:\nLily Katz", "Lily Katz"),
        ("* by\nLily Katz", "Lily Katz"),
    ],
)
def test_the_one_author_box_of_the_page_is_the_credit(box: str, author: str) -> None:
    text = f"Harbour bridge reopens\nRepairs done\n{_STORY}\n{box}\nShare this"
    byline, page = byline_of(_page(text, "en", title_line=0))
    assert byline is not None
    assert byline.authors == [author]
    assert any(d.reason == "byline:author_box" for d in page.decisions)


@pytest.mark.parametrize(
    "tail",
    [
        # two teasers crediting two people: neither is the story's author
        f"Harbour news\nBy Lily Katz\n{_TEASER}\nHarbour sport\nBy Omar Haddad\n{_TEASER}",
        # a one-word "name" after a cue away from the headline is a menu's filter
        "Browse\nBy Topic\nBy Region",
        # words the page prints in lower case: a filter's label, not a person
        "Filter\nBy Company Size\nAny company size",
    ],
)
def test_cued_credits_that_disagree_or_name_no_person_are_no_author_box(tail: str) -> None:
    text = f"Harbour bridge reopens\nRepairs done\n{_STORY}\n{tail}"
    assert byline_of(_page(text, "en", title_line=0))[0] is None


def test_an_author_box_with_a_job_title_wins_over_teasers_credits() -> None:
    # The story's author box ("Written by", the name, the job title) over a teaser's credit.
    tail = f"Written by\nLily Katz\nSenior Reporter\nHarbour sport\nBy Omar Haddad\n{_TEASER}"
    text = f"Harbour bridge reopens\nRepairs done\n{_STORY}\n{tail}"
    byline = byline_of(_page(text, "en", title_line=0))[0]
    assert byline is not None
    assert byline.authors == ["Lily Katz"]


def test_a_commenters_cued_name_is_no_author_box() -> None:
    page = _page(f"Harbour bridge reopens\nRepairs done\n{_STORY}\nPosted by Lily Katz", "en", 0)
    page.decisions[11] = Decision(kind="comment", reason="test")
    assert byline_of(page)[0] is None


def test_the_section_after_a_name_is_cut_only_after_a_lower_case_word() -> None:
    rules = byline_rules("en")
    assert rules.section_end.search("Jane Doe in Harbour News")
    assert rules.section_end.search("Jane Doe | Tech In Asia") is None


def test_a_cue_repeated_after_a_slash_is_dropped() -> None:
    byline = parse_byline("Autorin/Autor Anna Weber", byline_rules("de"))
    assert byline is not None
    assert byline.authors == ["Anna Weber"]


def test_page_without_credit_has_no_byline() -> None:
    text = (
        "World\nMinisters meet in Jakarta\n"
        "The foreign ministers met on Thursday on the sidelines of the regional summit.\n"
    )
    assert byline_of(_page(text, "en", title_line=1))[0] is None


def test_seed_wire_credit_names_the_agency(seeds: dict[str, str]) -> None:
    name = next(n for n in seeds if n.startswith("001"))
    article = normalize(RawDocument(text=seeds[name]), now=NOW)
    assert article.byline is not None
    assert article.byline.agency == "AFP"
    assert article.byline.authors == []
    assert any(r.kind == "byline_stamp" and r.text.startswith("AFP") for r in article.removed)


def test_metadata_authors_are_trusted_and_the_printed_line_marked() -> None:
    text = (
        "Budget passed\nBy Lily Katz | Reuters\n"
        "The parliament passed the budget on Tuesday after a long debate on taxes.\n"
    )
    page = _page(text, "en", title_line=0)
    page = replace(page, metadata=PageMetadata(authors=["Lily Katz"]))
    byline, page = byline_of(page)
    assert byline is not None
    assert (byline.authors, byline.agency) == (["Lily Katz"], "Reuters")
    assert page.decisions[1].kind == "byline_stamp"


def test_metadata_authors_without_a_printed_credit() -> None:
    text = "Budget passed\nThe parliament passed the budget on Tuesday after a long debate.\n"
    page = _page(text, "en", title_line=0)
    page = replace(page, metadata=PageMetadata(authors=["Lily Katz", "Agence France-Presse"]))
    byline, page = byline_of(page)
    assert byline is not None
    assert (byline.authors, byline.agency) == (["Lily Katz"], "AFP")


def test_a_job_title_declared_after_an_author_is_no_author() -> None:
    text = "Budget passed\nThe parliament passed the budget on Tuesday after a long debate.\n"
    page = _page(text, "en", title_line=0)
    declared = ["Lily Katz", "Senior Editor", "Co-Founder", "Omar Haddad"]
    byline, _ = byline_of(replace(page, metadata=PageMetadata(authors=declared)))
    assert byline is not None
    assert byline.authors == ["Lily Katz", "Omar Haddad"]


@pytest.mark.parametrize("lang", ["en", "pt", "es", "fr", "de", "it", "nl", None])
def test_byline_data_compiles_for_every_language(lang: str | None) -> None:
    rules = byline_rules(lang)
    assert rules.cue.match("By Jane Doe")
    assert "email the author" in rules.ui_labels
    assert rules.agencies["agence france-presse"] == "AFP"


@pytest.mark.parametrize(
    ("lang", "text", "author"),
    [
        (
            "en",
            "Harbour bridge reopens\nLily Katz\nSenior Transport Reporter\nMay 6, 2025\n"
            "The bridge reopened on Friday after eight months of repairs to its deck.\n",
            "Lily Katz",
        ),
        (
            "en",
            "Harbour bridge reopens\nLily Katz\nCITY HERALD\nSaturday, April 8, 2017, 2:35 PM\n"
            "The bridge reopened on Friday after eight months of repairs to its deck.\n",
            "Lily Katz",
        ),
    ],
)
def test_name_above_its_job_title_and_the_stamp_is_the_author(
    lang: str, text: str, author: str
) -> None:
    byline, page = byline_of(_stamped(text, lang, 3))
    assert byline is not None
    assert byline.authors == [author]
    assert page.decisions[1].kind == "byline_stamp"
    assert page.decisions[2].kind != "byline_stamp"


def test_a_list_item_two_lines_above_the_stamp_is_not_read() -> None:
    text = (
        "Harbour bridge reopens\n* Start Trial\nBack to Blog\nPublished: Jan 23, 2024\n"
        "The bridge reopened on Friday after eight months of repairs to its deck.\n"
    )
    assert byline_of(_stamped(text, "en", 3))[0] is None


@pytest.mark.parametrize(
    ("lang", "line", "author"),
    [
        ("en", "Lily Katz October 14, 2025", "Lily Katz"),
        ("en", "Lily Katz | 5 hours ago", "Lily Katz"),
        ("en", "Lily Katz Updated May 6, 2025", "Lily Katz"),
        ("en", "Lily KatzPublished Jul 17, 2024, 11:21am", "Lily Katz"),
        ("de", "Anna Weber 06.01.2026, 14:05 Uhr", "Anna Weber"),
    ],
)
def test_name_on_the_stamps_own_line_is_the_author(lang: str, line: str, author: str) -> None:
    text = (
        f"Harbour bridge reopens\n{line}\n"
        "The bridge reopened on Friday after eight months of repairs to its deck.\n"
    )
    byline, page = byline_of(_page(text, lang, title_line=0))
    assert byline is not None
    assert byline.authors == [author]
    assert page.decisions[1].kind == "byline_stamp"


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("es", "Actualizado Lunes, 2 diciembre 2024 - 00:51"),
        ("fr", "Publié le 6 janvier 2026 à 14:05"),
        ("en", "DEEP DIVE (7 MIN)"),
        ("en", "Related Stories 3 hours ago"),
    ],
)
def test_a_stamp_or_a_label_before_a_stamp_is_no_author(lang: str, line: str) -> None:
    text = (
        f"Harbour bridge reopens\n{line}\n"
        "The bridge reopened on Friday after eight months of repairs to its deck.\n"
    )
    assert byline_of(_page(text, lang, title_line=0))[0] is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jane DoePublished Jul 17, 2024", "Jane Doe Published Jul 17, 2024"),
        ("Lesotho TimesNovember 24", "Lesotho Times November 24"),
        ("Amanda FurrerUpdated", "Amanda Furrer Updated"),
        ("McDonald Published", "McDonald Published"),
        ("Marchant", "Marchant"),
        ("JuneBug", "JuneBug"),
    ],
)
def test_stamp_words_glued_to_a_name_are_split(text: str, expected: str) -> None:
    assert unglued(text) == expected


def test_a_glued_stamp_word_is_cut_from_a_credit_line() -> None:
    byline = parse_byline("By Jane DoeUpdated 3 hours ago", byline_rules("en"))
    assert byline is not None
    assert byline.authors == ["Jane Doe"]


@pytest.mark.parametrize(
    ("piece", "expected"),
    [
        ("Jane Doe", True),
        ("Phil McKerracher", True),
        ("Jeff VanderMeer", True),
        ("Wedding ChecklistsJust EngagedWedding Planning", False),
        ("Fred LauziereFollow", False),
        ("jane doe", False),
    ],
)
def test_person_name_shape(piece: str, expected: bool) -> None:
    assert is_person_name(piece) is expected


def test_a_menu_entry_shaped_like_an_agency_code_is_no_credit() -> None:
    assert parse_byline("* MAP", byline_rules("en")) is None
    byline = parse_byline("AP", byline_rules("en"))
    assert byline is not None
    assert byline.agency == "AP"


def test_a_name_over_a_photo_credit_is_a_caption() -> None:
    text = (
        "Harbour bridge reopens\nUpdated: 19.04.2026 19:45\nLily Katz\nFoto: Harbour Wire/Jo Roe\n"
        "The bridge reopened on Friday after eight months of repairs to its deck.\n"
    )
    assert byline_of(_stamped(text, "en", 1))[0] is None


@pytest.mark.parametrize(
    ("lang", "lines", "author"),
    [
        ("en", "Lily Katz\n7 min read", "Lily Katz"),
        ("en", "Lily Katz 3 minutes read", "Lily Katz"),
        ("en", "Lily Katz\nMay 6, 2025 · 5 min read", "Lily Katz"),
        ("de", "Anna Weber\nLesezeit: 4 Min.", "Anna Weber"),
        ("en", "Related Stories\n7 min read", None),
    ],
)
def test_a_reading_time_vouches_for_the_name_beside_it(
    lang: str, lines: str, author: str | None
) -> None:
    story = {
        "en": "The bridge reopened on Friday after eight months of repairs to its deck.",
        "de": "Die Brücke ist nach acht Monaten Bauzeit am Freitag wieder geöffnet worden.",
    }[lang]
    text = f"Harbour bridge reopens\n{lines}\n{story}\n"
    byline = byline_of(_page(text, lang, title_line=0))[0]
    assert (byline.authors if byline else None) == ([author] if author else None)


@pytest.mark.parametrize(
    ("lines", "note"),
    [
        ("Lily Katz\n7 min read", "7 min read"),
        ("7 min read", "7 min read"),
        ("Lily Katz\nMay 6, 2025 · 5 min read", "May 6, 2025 · 5 min read"),
    ],
)
def test_a_reading_time_note_is_claimed_with_the_credit(lines: str, note: str) -> None:
    # Named with the byline whether or not a name stands beside it.
    text = (
        f"Harbour bridge reopens\n{lines}\n"
        "The bridge reopened on Friday after eight months of repairs to its deck.\n"
    )
    page = byline_of(_page(text, "en", title_line=0))[1]
    kinds = {block.text: d.kind for block, d in zip(page.blocks, page.decisions, strict=True)}
    assert kinds[note] == "byline_stamp"


def test_a_name_between_the_photo_credit_and_the_story_is_the_credit() -> None:
    # Photo, caption, the photo's credit, then the author over the story's first paragraph.
    text = (
        "Harbour bridge reopens\nPublished: 19.04.2026 19:05\nWorkers on the deck\n"
        "Foto: Harbour Wire/Jo Roe\nLily Katz\nAdvertisement\n"
        "The bridge reopened on Friday after eight months of repairs to its deck.\n"
    )
    page = _page(text, "en", title_line=0)
    page.decisions[5] = Decision(kind="advert", reason="lexicon:advert", score=0.05)
    byline = byline_of(page)[0]
    assert byline is not None
    assert byline.authors == ["Lily Katz"]
    # The same name with a line of prose between it and the story is a caption's subject.
    page.decisions[5] = Decision(kind="other", reason="test", score=0.1)
    assert byline_of(page)[0] is None


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("Lily Katz 7 hours", ["Lily Katz"]),
        ("Lily Katz 12 March 2024", ["Lily Katz"]),
        # A stamp inside the line, not at its end, leaves a line with digits: no credit.
        ("Lily Katz 7 hours Harbour", None),
        ("Seven Bridges 7 hours", None),  # the page prints these words in lower case
    ],
)
def test_a_name_under_the_headline_printed_with_its_age(
    line: str, authors: list[str] | None
) -> None:
    text = (
        f"Harbour bridge reopens\n{line}\n"
        "The bridge reopened on Friday after eight months of repairs to its seven bridges deck.\n"
    )
    assert _authors(text) == authors


@pytest.mark.parametrize("credit_first", [True, False])
def test_a_name_under_a_photos_caption_and_credit_is_the_credit(credit_first: bool) -> None:
    # The photo's credit names no photo ("Jo Roe / Harbour Tribune"), and its caption comes
    # before or after it; the author stands between the photo block and the story.
    caption = "Workers lift the last span of the deck into place"
    credit = "Jo Roe / Harbour Tribune"
    block = f"{credit}\n{caption}" if credit_first else f"{caption}\n{credit}"
    text = (
        f"Harbour bridge reopens\n{block}\nLily Katz\n"
        "The bridge reopened on Friday after eight months of repairs to its deck.\n"
    )
    page = _page(text, "en", title_line=0)
    at = 2 if credit_first else 1
    page.decisions[at] = Decision(kind="caption", reason="test", score=0.3)
    byline = byline_of(page)[0]
    assert byline is not None
    assert byline.authors == ["Lily Katz"]
    # Without a caption named so, two short lines over a name are no photo block.
    page.decisions[at] = Decision(kind="other", reason="test", score=0.1)
    assert byline_of(page)[0] is None


@pytest.mark.parametrize("gap", ["*", "\ue08a"])  # an empty bullet, an icon font's glyph
def test_a_line_that_prints_nothing_does_not_part_a_name_from_its_stamp(gap: str) -> None:
    text = (
        f"Harbour bridge reopens\n* Lily Katz\n{gap}\n* Jul. 11, 2017, 1:25 PM\n"
        "The bridge reopened on Friday after eight months of repairs to its deck.\n"
    )
    page = _stamped(text, "en", 3)
    assert (byline_of(page)[0] or Byline(authors=[])).authors == ["Lily Katz"]


def test_a_run_of_empty_bullets_parts_a_heading_from_the_stamp() -> None:
    text = (
        "Harbour bridge reopens\nDec 10\n*\n*\n*\nBridge Works\n"
        "The bridge reopened on Friday after eight months of repairs to its deck.\n"
    )
    assert byline_of(_stamped(text, "en", 1))[0] is None


def _rules_reading_time(monkeypatch: pytest.MonkeyPatch, patterns: list[str]) -> BylineRules:
    """English byline rules compiled afresh from bylines.toml with ``patterns`` as its list."""
    data = {**fields._bylines_data(), "reading_time": patterns}
    monkeypatch.setattr(fields, "_bylines_data", lambda: data)
    return fields.byline_rules.__wrapped__("en")


@pytest.mark.parametrize(
    ("patterns", "line", "matches"),
    [
        ([], "7 min read", False),
        ([], "Any line at all", False),
        ([r"\d+ min read"], "7 min read", True),
    ],
)
def test_the_reading_time_patterns_match_only_what_they_list(
    monkeypatch: pytest.MonkeyPatch, patterns: list[str], line: str, matches: bool
) -> None:
    # An empty list once compiled to a pattern that matched every line.
    rules = _rules_reading_time(monkeypatch, patterns)
    assert bool(rules.reading_time.search(line)) is matches


def test_a_broken_reading_time_pattern_names_its_file(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(fields.FieldDataError, match=r"bylines\.toml reading_time"):
        _rules_reading_time(monkeypatch, [r"(\d+ min"])


@pytest.mark.parametrize(
    ("credit", "author"),
    [
        ("By Nora Quill Harbour Gazette", "Nora Quill"),  # the outlet run into the name
        ("Written by: Nora Quill Executive Digital", "Nora Quill"),  # a job title cut short
    ],
)
def test_a_name_run_into_what_follows_it_is_cut_where_the_page_prints_it_alone(
    credit: str, author: str
) -> None:
    text = (
        f"Harbour expansion approved\n{credit}\n"
        "The port authority approved the plan to expand the harbour on Monday after a debate.\n"
        "About the author\n* Nora Quill\nNora covers the port and the city council.\n"
    )
    assert _authors(text) == [author]


def test_a_three_word_name_the_page_never_prints_shorter_is_kept() -> None:
    text = (
        "Harbour expansion approved\nBy Nora Ellen Quill\n"
        "The port authority approved the plan to expand the harbour on Monday after a debate.\n"
        "Nora Ellen Quill\n"
    )
    assert _authors(text) == ["Nora Ellen Quill"]


def test_a_contraction_in_the_story_leaves_a_name_of_its_piece_alone() -> None:
    # "don't" is no "don" the page prints in lower case: "Don Lee" stays a name.
    text = (
        "Trade talks stall\nDon Lee Staff Writer\n"
        "The talks don't look likely to resume before the summer, officials said on Tuesday.\n"
    )
    assert _authors(text) == ["Don Lee"]


def test_a_further_author_in_the_pages_own_words_is_a_topic() -> None:
    # "Digital Security" is two words the story prints in lower case; "Ann Lee" is none.
    story = "Good digital security starts with settings most people never open, experts said.\n"
    for credit, authors in [
        ("By Jane Doe and Digital Security", ["Jane Doe"]),
        ("By Jane Doe and Ann Lee", ["Jane Doe", "Ann Lee"]),
    ]:
        text = f"Passwords to drop this year\n{credit}\n{story}"
        assert _authors(text) == authors
