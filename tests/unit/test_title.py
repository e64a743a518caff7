"""The headline finder: shape, position, repetition, url slug and metadata evidence."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.fields import title as title_module
from article_normalizer.normalize.fields.headline_text import clean_title
from article_normalizer.normalize.fields.title import (
    REJECTIONS,
    Candidate,
    Ranker,
    Rejected,
    _is_clutter,
    candidate_features,
    choose,
    find_title,
    headline_text_of,
    ranker,
    scored,
)
from article_normalizer.normalize.lines.blocks import split_blocks
from article_normalizer.normalize.lines.char_classes import has_digit, has_letter
from article_normalizer.normalize.models import BLOCK_KINDS
from article_normalizer.normalize.page import BODY, Decision, Page, PageMetadata
from article_normalizer.rules import profile
from article_normalizer.rules.fields import byline_rules

NOW = datetime(2023, 8, 8, 10, 0, tzinfo=UTC)
PROSE = 10
"""Lines of at least this many words play the body in these fixtures (no classifier needed)."""


def take_title(page: Page) -> tuple[str | None, Page]:
    """The title stage's answer, and the page with its claims applied as the pipeline does."""
    found = find_title(page)
    return found.value, page.claimed(found.claims)


def make_page(text: str, *, url: str | None = None, metadata: PageMetadata | None = None) -> Page:
    blocks, _ = split_blocks(text)
    decisions = [
        Decision(kind=BODY, reason="test", score=0.9)
        if sum(any(ch.isalpha() for ch in w) for w in b.text.split()) >= PROSE
        else Decision(kind="other", reason="test", score=0.1)
        for b in blocks
    ]
    return Page(
        blocks=blocks,
        decisions=decisions,
        language="en",
        profile=profile("en"),
        reference_time=NOW,
        url=url,
        metadata=metadata,
    )


STORY_EN = (
    "The city council voted on Tuesday to extend the night bus network to the outer suburbs.\n"
    "The plan, debated for two years, will cost about four million euros a year to run.\n"
)
STORY_PT = (
    "O parlamento aprovou nesta terça-feira a proposta de orçamento para o próximo ano.\n"
    "A votação contou com o apoio de três partidos e a abstenção de outros dois.\n"
)
STORY_FR = (
    "Le conseil municipal a voté mardi l'extension du réseau de bus de nuit vers la banlieue.\n"
    "Le projet, discuté depuis deux ans, coûtera environ quatre millions d'euros par an.\n"
)
STORY_DE = (
    "Der Stadtrat hat am Dienstag beschlossen, das Nachtbusnetz bis in die Vororte auszubauen.\n"
    "Der Plan wurde zwei Jahre lang diskutiert und kostet jährlich rund vier Millionen Euro.\n"
)


@pytest.mark.parametrize(
    ("text", "url", "title"),
    [
        (
            "Home\nNews\nCity\nNight buses to reach the suburbs\nBy Jane Doe\n" + STORY_EN,
            None,
            "Night buses to reach the suburbs",
        ),
        (
            "Início » Política\nOrçamento aprovado com apoio de três partidos\n" + STORY_PT,
            None,
            "Orçamento aprovado com apoio de três partidos",
        ),
        (
            "Accueil › Ville › Les bus de nuit iront jusqu'en banlieue\n\n"
            "Les bus de nuit iront jusqu'en banlieue\nPar Jean Dupont\n" + STORY_FR,
            None,
            "Les bus de nuit iront jusqu'en banlieue",
        ),
        (
            "Startseite\nNachtbusse fahren bald bis in die Vororte\n"
            "Aktualisiert am 8. August 2023\n" + STORY_DE,
            None,
            "Nachtbusse fahren bald bis in die Vororte",
        ),
        (
            # Two headline-shaped lines: the one the url's slug spells wins.
            "Weather warning for the weekend coast\nNight buses to reach the suburbs\n"
            "Share this article\n" + STORY_EN,
            "https://news.example.org/city/night-buses-to-reach-the-suburbs-1234",
            "Night buses to reach the suburbs",
        ),
    ],
)
def test_headline_is_found_and_cleaned(text: str, url: str | None, title: str) -> None:
    page = make_page(text, url=url)
    found, page = take_title(page)
    assert found == title
    marked = [b.text for b, d in zip(page.blocks, page.decisions, strict=True) if d.kind == "title"]
    assert len(marked) == 1
    assert title in marked[0]


def test_breadcrumb_repeating_the_headline_points_at_the_standalone_line() -> None:
    page = make_page(
        "Home » World » Night buses to reach the suburbs\n\n"
        "Night buses to reach the suburbs\n" + STORY_EN
    )
    title, page = take_title(page)
    assert title == "Night buses to reach the suburbs"
    assert page.decisions[1].kind == "title"
    assert page.decisions[0].kind == "other"


GLUED = "Home Transport City Hall Night buses to reach the suburbs"


@pytest.mark.parametrize(
    ("lines", "headline"),
    [
        # A trail run into the headline, the headline printed again below it.
        ([GLUED, "Night buses to reach the suburbs"], 1),
        ([GLUED, "Share", "Night buses to reach the suburbs"], 2),
        # No trail root first: a kicker or a label run into the headline stays as it is.
        (
            [
                "Transport City Hall Night buses to reach the suburbs",
                "Night buses to reach the suburbs",
            ],
            None,
        ),
        # The repeated end is too short to be a headline, or too far away.
        (["Home News Sport Weather", "Sport Weather"], None),
        ([GLUED, "Share", "Print", "Email", "Night buses to reach the suburbs"], None),
    ],
)
def test_a_trail_run_into_the_headline_gives_way_to_the_headline_on_its_own_line(
    lines: list[str], headline: int | None
) -> None:
    page = make_page("\n".join(lines) + "\n" + STORY_EN)
    glued = Candidate(index=0, text=lines[0], score=0.0)
    assert title_module.trail_end_line(page, glued) == headline


def test_the_headline_after_a_glued_trail_is_claimed_and_the_trail_is_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = make_page(GLUED + "\nNight buses to reach the suburbs\n" + STORY_EN)
    # The ranker's pick on real pages: the longer line, trail and all.
    monkeypatch.setattr(
        title_module, "choose", lambda *args: Candidate(index=0, text=GLUED, score=5.0)
    )
    title, page = take_title(page)
    assert title == "Night buses to reach the suburbs"
    assert page.decisions[1].kind == "title"
    assert page.decisions[0].kind != "title"


@pytest.mark.parametrize(
    "row",
    [
        "Local News                Night buses to reach the suburbs",
        "Night buses to reach the suburbs              More videos   Weather   Traffic",
        "* Top Stories      Night buses to reach the suburbs      Most read",
    ],
)
def test_headline_in_a_row_of_table_cells_is_cut_out_of_it(row: str) -> None:
    page = make_page("Menu\n" + row + "\nBy Jane Doe\n" + STORY_EN)
    title, page = take_title(page)
    assert title == "Night buses to reach the suburbs"
    assert page.decisions[1].kind == "title"


def test_a_headline_cell_of_a_body_line_leaves_the_line_in_the_body() -> None:
    # A rendering that ran the page into one line of cells: the headline is one cell of it,
    # and the rest of the line is the story, so the line is not claimed as the title.
    story = STORY_EN.replace("\n", " ") * 2
    page = make_page("Menu\nNight buses to reach the suburbs      By Jane Doe      " + story)
    title, claimed = take_title(page)
    assert title == "Night buses to reach the suburbs"
    assert claimed.decisions[1].is_body


def test_words_set_one_space_apart_are_never_cut_into_cells() -> None:
    blocks, _ = split_blocks("Night buses  to reach the suburbs\nLocal News   Night buses\n")
    assert blocks[0].cells == ()
    assert blocks[1].cells == ("Local News", "Night buses")


def test_an_issue_line_naming_the_site_loses_to_the_headline() -> None:
    page = make_page(
        "The Example Times Thursday 17th January 2008 Issue 1365\n"
        "Night buses to reach the suburbs\n" + STORY_EN,
        url="https://www.exampletimes.com/story.php?id=4593",
    )
    title, page = take_title(page)
    assert title == "Night buses to reach the suburbs"


def test_sentence_and_menu_lines_are_not_headlines() -> None:
    page = make_page("Menu\nLog in\nThis is a sentence that ends.\n" + STORY_EN)
    title, page = take_title(page)
    assert title is None


def test_headline_taken_for_body_is_taken_out_of_it() -> None:
    text = "Night buses will reach the outer suburbs from next spring, council says\n" + STORY_EN
    page = make_page(text)
    assert page.decisions[0].is_body
    title, page = take_title(page)
    assert title == text.splitlines()[0]
    assert page.decisions[0].kind == "title"


def test_metadata_title_prefers_the_matching_line() -> None:
    metadata = PageMetadata(
        title="Night buses to reach the suburbs | The Example Times", site_name="The Example Times"
    )
    page = make_page(
        "Weather warning for the weekend coast\nBy Jane Doe\n"
        "Night buses to reach the suburbs\n" + STORY_EN,
        metadata=metadata,
    )
    title, page = take_title(page)
    assert title == "Night buses to reach the suburbs"
    assert page.decisions[2].kind == "title"


def test_metadata_title_without_matching_line_is_returned_cleaned() -> None:
    metadata = PageMetadata(
        title="Buses at night - The Example Times", site_name="The Example Times"
    )
    page = make_page("Menu\n" + STORY_EN, metadata=metadata)
    title, page = take_title(page)
    assert title == "Buses at night"


def test_a_one_word_metadata_title_still_marks_its_line() -> None:
    # One word fails the scoring path's shape tests; the publisher's word still decides, and
    # the line printing it leaves the body.
    metadata = PageMetadata(title="Obituaries")
    page = make_page("Obituaries\n" + STORY_EN, metadata=metadata)
    title, page = take_title(page)
    assert title == "Obituaries"
    assert [d.kind for d in page.decisions][:1] == ["title"]


def test_metadata_title_printed_twice_marks_the_copy_nearest_the_story() -> None:
    metadata = PageMetadata(title="Night buses to reach the suburbs")
    page = make_page(
        "Night buses to reach the suburbs\nMenu\nWeather\n"
        "Night buses to reach the suburbs\n" + STORY_EN,
        metadata=metadata,
    )
    title, page = take_title(page)
    assert title == "Night buses to reach the suburbs"
    assert [d.kind for d in page.decisions][:4] == ["other", "other", "other", "title"]


@pytest.mark.parametrize(
    ("raw", "sites", "clean"),
    [
        (
            "Night buses to reach the suburbs | City | Example Times",
            ["exampletimes"],
            "Night buses to reach the suburbs",
        ),
        (
            "Night buses to reach the suburbs - Example Times",
            ["exampletimes"],
            "Night buses to reach the suburbs",
        ),
        (
            "Minecraft 1.8 - The Bountiful Update",
            ["mcupdate"],
            "Minecraft 1.8 - The Bountiful Update",
        ),
        (
            "China – Russia: “Our cooperation contributes to world peace”",
            [],
            "China – Russia: “Our cooperation contributes to world peace”",
        ),
        (
            "Início » MFA of China and Russia underscore cooperation",
            [],
            "MFA of China and Russia underscore cooperation",
        ),
    ],
)
def test_clean_title_strips_only_site_parts(raw: str, sites: list[str], clean: str) -> None:
    assert clean_title(raw, sites) == clean


SEED_TITLES = {
    "000": "MFA of China and Russia underscore “practical and strategic cooperation”",
    "001": "China, Russia foreign ministers hail cooperation in call",
    "002": "China – Russia: “Our cooperation contributes to world peace”",
    "003": "Wang Yi: China, Russia are each other's reliable friends, partners",
    "004": "China’s top diplomat says Beijing, Moscow to deepen ties",
}


def test_seed_titles_through_the_pipeline(seeds: dict[str, str]) -> None:
    for name, text in seeds.items():
        article = normalize(RawDocument(text=text), now=NOW)
        assert article.title == SEED_TITLES[name[:3]], name
        assert [r.text for r in article.removed if r.kind == "title"][-1].endswith(
            article.title or "?"
        )


@pytest.mark.parametrize(
    ("trail", "clutter"),
    [
        ("Home > Transport > Story", True),
        ("Home » Transport » City »", True),
        ("Home » Transport » Night buses to reach the suburbs", False),
    ],
)
def test_a_trail_is_clutter_unless_it_ends_in_a_headline(trail: str, clutter: bool) -> None:
    page = make_page(trail + "\n" + STORY_EN)
    assert _is_clutter(page, 0) is clutter


def test_leaked_markup_is_never_a_headline_candidate() -> None:
    page = make_page(
        "Night buses to reach the suburbs\n"
        "<SCRIPT LANGUAGE='JavaScript1.1'>if (document.layers) {document.write('x')}\n" + STORY_EN
    )
    indexes = [c[0] for c in candidate_features(page, 2, [])]
    assert 0 in indexes
    assert 1 not in indexes


@pytest.mark.parametrize(
    ("line", "language"),
    [
        ("10 hours ago 2:36 AM", "en"),
        ("17:24 GMT, Mar 29, 2017", "en"),
        ("Wed 16 Jan 2008", "en"),
        ("Associated Press - January 11, 2008 4:13 PM ET", "en"),
        ("Sábado, 12 de enero de 2008", "es"),
        ("vor 3 Stunden", "de"),
        # A stamp opening a line of credits: the story's stamp line below its headline.
        ("January 11, 2008 By Jane Doe, Staff Writer", "en"),
        ("2019-09-26 12:11 来源：晚报网 作者：李明", "zh"),
        ("12 octobre 2023 par Jean Dupont", "fr"),
    ],
)
def test_a_line_that_is_only_a_stamp_is_never_a_headline_candidate(
    line: str, language: str
) -> None:
    page = make_page("Night buses to reach the suburbs\n" + line + "\n" + STORY_EN)
    page = replace(page, language=language)
    texts = [c[1] for c in candidate_features(page, 2, [])]
    assert "Night buses to reach the suburbs" in texts
    assert line not in texts


@pytest.mark.parametrize(
    "control", ["Back to front page »", "Search: [ Go ]", "Forgot your password? |"]
)
def test_a_control_with_an_arrow_or_a_button_is_never_a_headline(control: str) -> None:
    page = make_page(control + "\nNight buses to reach the suburbs\n" + STORY_EN)
    title, page = take_title(page)
    assert title == "Night buses to reach the suburbs"
    assert control not in [c[1] for c in candidate_features(page, 2, [])]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Film/TV directors plan contract talks", "Film/TV directors plan contract talks"),
        ("Home / Transport / Night buses to reach the suburbs", "Night buses to reach the suburbs"),
    ],
)
def test_a_slash_separates_a_trail_only_between_spaces(raw: str, clean: str) -> None:
    assert clean_title(raw, []) == clean


@pytest.mark.parametrize(
    "caption",
    [
        "Commuters wait for the last bus on Tuesday. REUTERS/Jane Roe",
        "The new night bus at the depot (Photo by Jane Roe)",
        "Der neue Nachtbus im Depot. Foto: Jane Roe",
        "Commuters at the depot on Tuesday night. Jane Roe/Getty Images",
        "AP – Commuters wait for the last bus of the night in the city centre",
        "Commuters wait for the last bus of the night in the city centre. AFP",
        "Der neue Nachtbus im Depot am Dienstagabend. dpa",
        "Commuters wait for the last bus of the night in the city centre. (AP)",
        "20230808T064242Zexample.com20230808urn:newsml:example.com:20230808:0808064",
    ],
)
def test_captions_and_identifiers_are_never_headline_candidates(caption: str) -> None:
    page = make_page("Night buses to reach the suburbs\n" + caption + "\n" + STORY_EN)
    texts = [c[1] for c in candidate_features(page, 2, [])]
    assert "Night buses to reach the suburbs" in texts
    assert caption not in texts


@pytest.mark.parametrize(
    "headline",
    [
        # A score and a time are not a stamp line; the credit forms' punctuation is no credit.
        "Celtics (29-4) at Nets (18-17), 7:30 p.m.",
        "Film/TV directors plan contract talks",
        "Night buses: the suburbs wait (again) for a timetable",
        "Ministers back the night buses – and the unions agree too",
        # An agency's initials after an abbreviation are no caption's credit.
        "Ministers cut the night bus grant of the U.S. EPA",
    ],
)
def test_a_headline_with_a_score_or_a_credits_punctuation_stays_a_candidate(headline: str) -> None:
    page = make_page(headline + "\n" + STORY_EN)
    assert headline in [c[1] for c in candidate_features(page, 1, [])]


def test_a_front_runner_the_clutter_lexicon_names_is_out_of_the_running() -> None:
    page = make_page(
        "Home > Transport > City\nNight buses to reach the suburbs\n" + STORY_EN,
        url="https://www.example.com/home-transport-city",
    )
    title, page = take_title(page)
    assert title == "Night buses to reach the suburbs"


def test_a_remark_in_parentheses_is_never_a_headline() -> None:
    page = make_page("(From the last 12 hours)\nNight buses to reach the suburbs\n" + STORY_EN)
    texts = [c[1] for c in candidate_features(page, 2, [])]
    assert "(From the last 12 hours)" not in texts
    title, page = take_title(page)
    assert title == "Night buses to reach the suburbs"


def test_a_headline_beside_a_section_cell_is_taken_without_the_label() -> None:
    # The url spells the section too, so the whole row scores a little above its cell.
    page = make_page(
        "Transport                          Night buses extended again\n" + STORY_EN,
        url="https://www.example.com/transport/city/night-buses",
    )
    title, page = take_title(page)
    assert title == "Night buses extended again"
    assert page.decisions[0].kind == "title"


def _candidate(
    index: int,
    text: str,
    score: float,
    *,
    cell: bool = False,
    row_cells: bool = False,
    row_length: int | None = None,
    rank: float | None = None,
) -> Candidate:
    return Candidate(
        index=index,
        text=text,
        score=score,
        rank=score if rank is None else rank,
        cell=cell,
        raw=text,
        row_cells=row_cells,
        row_length=len(text) if row_length is None else row_length,
    )


def test_choose_answers_null_under_the_threshold() -> None:
    lines = [_candidate(3, "Council extends the night bus network", 0.4)]
    assert choose(lines, 5, lambda c: False, 0.5) is None
    chosen = choose(lines, 5, lambda c: False, 0.3)
    assert chosen is not None and chosen.text == "Council extends the night bus network"


def test_choose_drops_a_front_runner_the_clutter_lexicon_names() -> None:
    lines = [
        _candidate(2, "Continue reading the main story", 3.0),
        _candidate(3, "Council extends the night bus network", 2.0),
    ]
    chosen = choose(lines, 5, lambda c: c.text.startswith("Continue"), 0.0)
    assert chosen is not None and chosen.index == 3


def test_choose_prefers_the_copy_that_is_only_the_headline() -> None:
    headline = "Council extends the night bus network"
    trail = _candidate(1, headline, 2.0, row_length=len("Home > Transport > " + headline))
    alone = _candidate(3, headline, 1.5)
    chosen = choose([trail, alone], 5, lambda c: False, 0.0)
    assert chosen is not None and chosen.index == 3


def test_choose_takes_a_cell_scoring_near_its_row() -> None:
    row = _candidate(2, "Transport Council extends the night bus network", 2.0, row_cells=True)
    cell = _candidate(2, "Council extends the night bus network", 1.5, cell=True, row_cells=True)
    chosen = choose([row, cell], 5, lambda c: False, 0.0)
    assert chosen is not None and chosen.cell


def test_scores_ignore_the_clutter_feature_and_weigh_the_rest() -> None:
    found = [
        (1, "A headline of the day", "A headline of the day", 21, {"bias": 1.0, "clutter": 1.0})
    ]
    (candidate,) = scored(found, {"bias": 0.5, "clutter": -9.0})
    assert candidate.score == 0.5


def test_a_page_whose_best_line_scores_under_the_threshold_has_no_title(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "Council extends the night bus network\n\n" + STORY_EN + STORY_EN
    assert normalize(RawDocument(text=text), now=NOW).title == (
        "Council extends the night bus network"
    )
    monkeypatch.setattr(title_module, "MIN_SCORE", 1e6)
    article = normalize(RawDocument(text=text), now=NOW)
    assert article.title is None
    assert "no_title_found" in article.warnings


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("Home", "word_count"),
        ("Posted: 4:37 pm", "stamp_cue"),
        ("Back to front page »", "ui_glyph"),
        ("Politics › Transport", "label_trail"),
        ("Thời sự › Giao thông", "label_trail"),
        ("World / Europe / Spain", "label_trail"),
        ("Wed 16 Jan 2008", "stamp_only"),
        ("x" * 301, "long"),
    ],
)
def test_a_refused_line_says_which_rule_refused_it(raw: str, reason: str) -> None:
    shaped = headline_text_of(raw, [], byline_rules("en"), "en")
    assert isinstance(shaped, Rejected)
    assert shaped.reason == reason
    assert reason in REJECTIONS


@pytest.mark.parametrize(
    ("language", "headline"),
    [
        # Longer than any space-free token a spaced script prints: still one headline.
        (
            "ja",
            "港湾の拡張計画を市議会が承認、夜間バスの路線も来春から郊外の三つの団地と駅前まで延長",
        ),
        (
            "zh",
            "市议会批准港口扩建计划——夜间公交线路明年春季起延伸至郊区三个住宅区并增加周末班次",
        ),
    ],
)
def test_a_long_headline_in_a_script_without_spaces_is_a_candidate(
    language: str, headline: str
) -> None:
    assert len(headline) > 40
    shaped = headline_text_of(headline, [], byline_rules(language), language)
    assert not isinstance(shaped, Rejected)
    assert shaped.text == headline


def test_a_run_of_latin_letters_without_spaces_is_still_no_headline() -> None:
    shaped = headline_text_of(
        "港湾 session=8f3a9c0d1e2b4a5f6c7d8e9f0a1b2c3d4e5f6a7b8c9d", [], byline_rules("ja"), "ja"
    )
    assert shaped == Rejected("long_token")


@pytest.mark.parametrize(
    "caption",
    [
        "港湾を視察する市長＝13日、市役所で（山田太郎撮影）",
        "写真＝共同",
        "사진=연합뉴스",
        "图片：新华社",
        # Cleaning cuts the credit at its slash; what is left is still the credit.
        "(Photos by Jane Roe; photo illustration by John Doe / Harbour Daily)",
    ],
)
def test_a_credit_is_no_candidate_in_any_script_nor_after_cleaning(caption: str) -> None:
    assert isinstance(headline_text_of(caption, [], byline_rules("en"), "en"), Rejected)


def test_what_cleaning_leaves_of_a_line_is_asked_of_the_clutter_lexicon() -> None:
    # A stamp and its source on one line: the separator split keeps the source, a credit.
    story = "市议会周二批准了港口扩建计划，夜间公交线路将从明年春季起延伸至郊区的三个住宅区。" * 3
    text = "港口扩建计划获批 夜间公交延伸至郊区\n2024年04月24日23:52 | 来源：新华网\n" + story
    page = make_page(text)
    page = replace(page, language="zh", profile=profile("zh"))
    found = {c[1]: c[4]["clutter"] for c in candidate_features(page, 2, [])}
    assert found.get("来源：新华网") == 1.0


def test_a_menu_run_into_one_line_is_a_list_of_terms() -> None:
    page = make_page("影音│行動│理財│追星│時尚│電子報│數位閱讀\n" + STORY_EN)
    features = {c[1]: c[4] for c in candidate_features(page, 1, [])}
    assert features["影音│行動│理財│追星│時尚│電子報│數位閱讀"]["term_list"] == 1.0


def test_a_headline_shaped_line_is_cleaned_and_counted() -> None:
    shaped = headline_text_of(
        "Night buses to reach the suburbs | Daily", ["daily"], byline_rules("en"), "en"
    )
    assert shaped == ("Night buses to reach the suburbs", 6, False, True)


@pytest.mark.parametrize("marker", ["* ", "• ", "4. ", "- "])
def test_a_list_item_is_a_candidate_without_its_marker(marker: str) -> None:
    shaped = headline_text_of(
        marker + "Night buses to reach the suburbs", [], byline_rules("en"), "en"
    )
    assert shaped == ("Night buses to reach the suburbs", 6, True, False)
    page = make_page("Menu\n" + marker + "Night buses to reach the suburbs\n" + STORY_EN)
    features = {c[1]: c[4] for c in candidate_features(page, 2, [])}
    assert features["Night buses to reach the suburbs"]["list_item"] == 1.0


@pytest.mark.parametrize(
    "headline",
    [
        "«Die Zurückhaltung hat viel mit den Wahlen zu tun»",
        "Le maire met en garde sur la « gravité de la situation »",
        "‹Wir bleiben› sagt der Verband der Bäcker",
    ],
)
def test_a_headline_quoted_in_guillemets_is_a_candidate(headline: str) -> None:
    assert not isinstance(headline_text_of(headline, [], byline_rules("de"), "de"), Rejected)
    page = make_page("Weiter »\n" + headline + "\n" + STORY_EN)
    assert find_title(page).value == headline


@pytest.mark.parametrize(
    ("language", "headline"),
    [
        ("en", "[Video] Night buses to reach the suburbs from May"),
        ("en", "Night buses to the suburbs: the complete guide [2025]"),
        ("zh", "[快讯]市议会批准港口扩建计划 夜班公交延长至郊区"),
    ],
)
def test_a_bracketed_tag_opening_or_closing_a_headline_is_no_button(
    language: str, headline: str
) -> None:
    shaped = headline_text_of(headline, [], byline_rules(language), language)
    assert not isinstance(shaped, Rejected)


@pytest.mark.parametrize("control", ["Search: [ Go ]", "[Video] Watch", "Login [ OK ] to read on"])
def test_a_bracketed_word_with_few_words_besides_is_a_button(control: str) -> None:
    shaped = headline_text_of(control, [], byline_rules("en"), "en")
    assert isinstance(shaped, Rejected)
    assert shaped.reason == "ui_glyph"


def test_a_stamp_line_crediting_no_one_may_be_a_headline() -> None:
    headline = "Jan. 5: holiday sales up by 3% on last year"
    assert not isinstance(headline_text_of(headline, [], byline_rules("en"), "en"), Rejected)


def test_a_lone_guillemet_is_still_an_arrow() -> None:
    for control in ("Alle Meldungen »", "« Zurück zur Übersicht"):
        shaped = headline_text_of(control, [], byline_rules("de"), "de")
        assert isinstance(shaped, Rejected)
        assert shaped.reason == "ui_glyph"


def test_a_closing_guillemet_inside_a_headline_is_no_trail_separator() -> None:
    headline = "Macron : « pas de retour » après le vote des députés"
    assert clean_title(headline, []) == headline
    assert clean_title("Accueil » Politique » " + headline, []) == headline


def test_the_window_above_the_story_counts_worded_lines_not_menu_items() -> None:
    menu = "".join(f"* Topic{n}\n" for n in range(60))
    page = make_page("Night buses to reach the suburbs\n" + menu + STORY_EN)
    assert 0 in [c[0] for c in candidate_features(page, 61, [])]
    teasers = "".join(f"Teaser number {n} about the weather\n" for n in range(45))
    page = make_page("Night buses to reach the suburbs\n" + teasers + STORY_EN)
    assert 0 not in [c[0] for c in candidate_features(page, 46, [])]


def test_lede_overlap_is_measured_on_word_stems_and_character_pairs() -> None:
    stop = frozenset({"в", "и"})
    lede = set(title_module._keys("в челябинской области растёт заболеваемость гриппом", stop))
    headline = "челябинская область заболеваемость растет"
    assert title_module._keys_share(title_module._keys(headline, stop), lede) >= 0.75
    chinese = set(title_module._keys("北京市政府今天宣布新的公交计划", frozenset()))
    none: frozenset[str] = frozenset()
    assert title_module._keys_share(
        title_module._keys("北京公交计划", none), chinese
    ) == pytest.approx(0.8)
    assert title_module._keys_share(title_module._keys("上海天气晴朗", none), chinese) == 0.0


def test_a_run_of_headline_shaped_lines_is_a_teaser_list() -> None:
    teasers = (
        "Related stories\n"
        "* Ferry strike ends after two weeks of talks\n"
        "* Tram line to the airport opens in spring\n"
        "* Cyclists get a new bridge over the river\n"
    )
    page = make_page("Night buses to reach the suburbs\nJane Doe\n" + STORY_EN + teasers)
    features = {c[1]: c[4] for c in candidate_features(page, 2, [])}
    assert features["Night buses to reach the suburbs"]["teaser_run"] == 0.0
    page = make_page(teasers + "Night buses to reach the suburbs\n" + STORY_EN)
    features = {c[1]: c[4] for c in candidate_features(page, 5, [])}
    assert features["Ferry strike ends after two weeks of talks"]["teaser_run"] == 1.0
    assert features["Cyclists get a new bridge over the river"]["teaser_run"] == 1.0


def _stump(feature: int, split: float, low: float, high: float) -> dict[str, object]:
    """A forest of one tree splitting once, in the arrays :class:`Ranker` reads."""
    return {
        "max_depth": 1,
        "roots": [0],
        "feature": [feature, 0, 0],
        "split": [split, None, None],
        "left": [1, 1, 2],
        "right": [2, 1, 2],
        "value": [0.0, low, high],
    }


def test_the_ranker_scores_candidates_by_its_trees_and_names() -> None:
    ranked = Ranker.from_dict(
        {"feature_names": ["bias", "stamp_below"], "forest": _stump(1, 0.5, -1.0, 2.0)}
    )
    # Features the forest does not name are ignored; one it names but a line lacks is 0.
    assert ranked.rank([{"stamp_below": 1.0, "other": 5.0}, {"bias": 1.0}, {}]) == [
        2.0,
        -1.0,
        -1.0,
    ]
    assert ranked.rank([]) == []


def test_scored_ranks_by_the_ranker_and_keeps_the_linear_evidence() -> None:
    found = [
        (1, "Teaser one of a list here", "Teaser one of a list here", 25, {"bias": 1.0}),
        (
            4,
            "Council extends the bus network",
            "Council extends the bus network",
            31,
            {
                "bias": 1.0,
                "stamp_below": 1.0,
            },
        ),
    ]
    ranked = Ranker.from_dict(
        {"feature_names": ["bias", "stamp_below"], "forest": _stump(1, 0.5, -1.0, 2.0)}
    )
    teaser, headline = scored(found, {"bias": 0.5}, ranked)
    assert (teaser.rank, headline.rank) == (-1.0, 2.0)
    assert teaser.score == headline.score == 0.5
    linear = scored(found, {"bias": 0.5})
    assert [c.rank for c in linear] == [c.score for c in linear]


def test_choose_takes_the_best_ranked_line_and_nulls_on_the_linear_evidence() -> None:
    teaser = _candidate(1, "Teaser one of a list here", 2.5, rank=-1.0)
    headline = _candidate(4, "Council extends the bus network", 1.2, rank=2.0)
    chosen = choose([teaser, headline], 6, lambda c: False, 1.0)
    assert chosen is not None and chosen.index == 4
    # The page answers when any line it kept is evidence enough of a headline...
    assert choose([teaser, headline], 6, lambda c: False, 2.0) is headline
    # ... and null when none is, whatever the ranks.
    assert choose([teaser, headline], 6, lambda c: False, 3.0) is None
    # A front-runner the lexicon drops takes its evidence with it.
    assert choose([teaser, headline], 6, lambda c: c.index == 1, 2.0) is None


def test_the_shipped_ranker_reads_the_features_the_stage_computes() -> None:
    text = "Menu\nCouncil extends the night bus network\nBy Jane Doe\n\n" + STORY_EN + STORY_EN
    page = make_page(text)
    found = candidate_features(page, 4, [])
    computed = {k for *_, f in found for k in f} - title_module.CHOICE_FEATURES
    names = set(ranker().names)
    # One feature per kind the body stage names a line: a page computes those of its lines.
    kinds = {name for name in names if name.startswith("kind_")}
    assert names - kinds == {k for k in computed if not k.startswith("kind_")}
    assert {k for k in computed if k.startswith("kind_")} <= kinds
    assert {name.removeprefix("kind_") for name in kinds} <= {*BLOCK_KINDS, BODY}


def test_warm_up_loads_the_ranker() -> None:
    from article_normalizer.serving.execution import warm_up

    ranker.cache_clear()
    warm_up()
    assert ranker.cache_info().currsize == 1


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Storm hits 2024",
        "Storm hits",
        "...!",
        "x² squared",
        "٣ أيام",
        "① first",
        "Élection présidentielle",
        "Straße",
        "123",
    ],
)
def test_character_tests_agree_with_the_str_methods_in_every_script(text: str) -> None:
    assert has_digit(text) == any(ch.isdigit() for ch in text)
    assert has_letter(text) == any(ch.isalpha() for ch in text)


@pytest.mark.parametrize(
    "text",
    [
        "BREAKING: Storm hits the coast",
        "lower start of a line",
        "123 !!!",
        "",
        "A",
        "Ⓐ circled capitals Ⓑ",
        "Élection: le Président parle",
        "ǅemal Bijedić",
    ],
)
def test_letter_case_counts_as_the_character_by_character_definition(text: str) -> None:
    letters = [ch for ch in text if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0
    first = next((ch for ch in text if ch.isalpha()), "")
    assert title_module._letter_case(text) == (upper, first.islower())


def test_linear_score_is_summed_in_the_features_order_to_the_last_bit() -> None:
    weights = {"big": 1.0, "one": 1.0, "minus_big": 1.0, "clutter": 5.0}
    # (1e16 + 1) - 1e16 is 0.0 in floats, (1e16 - 1e16) + 1 is 1.0: the order is the answer.
    features = {"big": 1e16, "one": 1.0, "minus_big": -1e16, "unweighted": 3.0}
    expected = sum(weights.get(k, 0.0) * v for k, v in features.items())
    assert title_module._linear(weights, features).hex() == expected.hex() == (0.0).hex()
    reordered = {"big": 1e16, "minus_big": -1e16, "one": 1.0}
    assert title_module._linear(weights, reordered) == 1.0
    assert title_module._linear(weights, {**features, "clutter": 1.0}) == expected


def test_repeat_buckets_leave_out_only_lines_too_short_to_end_in_a_headline() -> None:
    blocks, _ = split_blocks("Short line\nHome » Night buses to reach the suburbs\n㍿㍿㍿\n")
    tails, normals = title_module._tails(blocks)
    assert normals[0] == ""
    assert normals[1] == "home night buses to reach the suburbs"
    # Three characters whose NFKC form is twelve: a short line outside ASCII is normalised.
    assert normals[2] == "株式会社株式会社株式会社"
    assert tails == {" the suburbs": [1], "株式会社株式会社株式会社": [2]}


def test_a_stamp_or_credit_line_counts_below_each_candidate_within_reach() -> None:
    page = make_page(
        "Night buses to reach the suburbs\nCouncil backs the plan\nBy Jane Doe\n"
        "March 3, 2023 10:15\n" + STORY_EN
    )
    below = title_module._Below(page, byline_rules("en").cue)
    assert (below.of(0)["credit_below"], below.of(0)["stamp_below"]) == (1.0, 1.0)
    assert (below.of(1)["credit_below"], below.of(1)["stamp_below"]) == (1.0, 1.0)
    assert (below.of(2)["credit_below"], below.of(2)["stamp_below"]) == (0.0, 1.0)
    assert below.of(3)["next_is_body"] == 1.0


def test_an_article_region_without_its_headline_answers_null() -> None:
    # The text starts with the story: the best headline-shaped line is a sub-heading below the
    # first paragraph, which the story has begun above (its words in the url and blank lines
    # around it make it look like a headline all the same).
    opening = (
        "The city council voted on Tuesday to extend the night bus network to the outer suburbs,"
        " after two years of debate over its cost, its routes and the drivers it would need to"
        " hire before the first buses run next spring.\n"
    )
    page = make_page(
        opening + "\nWho pays for the new night buses\n\n" + STORY_EN,
        url="https://www.example.com/news/who-pays-for-the-new-night-buses",
    )
    title, claimed = take_title(page)
    assert title is None
    assert all(d.kind != "title" for d in claimed.decisions)


def test_a_sentence_is_no_headline() -> None:
    first = "The council said on Monday that it would extend the night bus network this year."
    page = make_page("Menu\n" + first + "\n" + STORY_EN)
    assert take_title(page)[0] is None


def test_a_headline_ending_in_an_abbreviation_is_still_a_headline() -> None:
    headline = "Council extends the night bus network to the outer suburbs of the U.S."
    page = make_page("Menu\n" + headline + "\nBy Jane Doe\n" + STORY_EN)
    assert take_title(page)[0] == headline


def test_a_headline_under_a_teaser_block_cut_off_by_a_menu_is_still_answered() -> None:
    teaser = (
        "Read our guide to the city's parks, where the council plans new playgrounds and paths."
    )
    page = make_page(
        teaser
        + "\n* News\n* Sport\nCouncil extends the night bus network\nBy Jane Doe\n"
        + STORY_EN
    )
    assert take_title(page)[0] == "Council extends the night bus network"


def test_a_headline_under_a_photo_caption_is_answered_for_the_credit_below_it() -> None:
    caption = (
        "The mayor waves to passengers boarding the first night bus at the central station in"
        " the early hours of Monday morning.\n"
    )
    page = make_page(caption + "Council extends the night bus network\nBy Jane Doe\n" + STORY_EN)
    assert take_title(page)[0] == "Council extends the night bus network"
