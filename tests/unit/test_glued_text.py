"""Page text whose lines run page elements together is cut at the seams before the stages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.glued_text import unglue

GLUED = Path(__file__).resolve().parents[1] / "fixtures" / "text" / "harbour_story_glued.txt"
STORY = [
    "Lisbon's port authority said on Tuesday that it would extend the container terminal on "
    "the southern bank by 400 metres, the largest expansion since the harbour was dredged.",
    "The project is financed by a consortium of three banks and the regional government, "
    "which holds a majority of the shares in the company that runs the terminal.",
    "Shipping lines have complained for years about congestion at the quays, where ships "
    "often wait several days for a berth during the busy summer months.",
    "Work is due to start in the autumn and to take two years, the authority said, adding "
    "that the terminal would stay open while the new berths are built.",
    "Dock workers' unions welcomed the plan but asked for guarantees that the new cranes "
    "would not cost jobs, and said they would meet the authority next week.",
    "The city council, which opposed an earlier version of the project over its effect on "
    "the river, said it would study the plans before taking a position.",
]


def _glued_page() -> str:
    """A page as BeautifulSoup's get_text() gives it when the HTML came without line breaks:
    the source's indentation left as wide gaps, elements run into each other (the paragraphs
    are :data:`STORY`'s)."""
    return GLUED.read_text(encoding="utf-8")


def test_a_glued_page_is_cut_into_its_elements() -> None:
    text = unglue(_glued_page())
    assert text is not None
    lines = text.split("\n")
    for paragraph in STORY:
        assert paragraph in lines
    assert "Harbour authority extends container terminal" in lines
    assert "By Ana Costa" in lines
    assert "Harbour Gazette" in lines
    assert "Contact usTerms of usePrivacy policy" in lines  # short words: no seam is sure


def test_the_pipeline_reads_the_pieces_and_says_so() -> None:
    article = normalize(RawDocument(text=_glued_page()), now=datetime(2024, 5, 4, tzinfo=UTC))
    assert "glued_lines_cut" in article.warnings
    assert article.paragraphs[:2] == STORY[:2]
    assert "Related stories" not in article.body
    removed = [block.text for block in article.removed]
    assert any("Privacy policy" in text for text in removed)


def test_long_paragraphs_of_a_well_rendered_page_are_left_alone() -> None:
    paragraph = " ".join(STORY * 2)
    page = "\n\n".join(
        ["Harbour Gazette", "Harbour authority extends container terminal"] + [paragraph] * 3
    )
    assert len(paragraph) > 1000
    assert unglue(page) is None


def test_a_small_glued_list_in_a_well_rendered_page_is_left_alone() -> None:
    countries = "Select a country" + "".join(
        ["Albania", "Algeria", "Andorra", "Angola", "Argentina", "Armenia", "Australia"] * 22
    )
    page = "\n\n".join(["Harbour authority extends container terminal", *STORY * 8, countries])
    assert len(countries) > 1000
    assert unglue(page) is None
    assert unglue(countries) is not None  # the same list alone is the page's text


def test_names_abbreviations_and_a_typists_double_space_are_no_seams() -> None:
    sentence = (
        "The JavaScript library from McDonald and the WordPress plugin on YouTube were shown "
        "to the U.S.Army in a PlayStation demo.  The team said so. "
    )
    assert unglue(sentence * 12) is None


def test_the_cut_pieces_keep_every_character_but_the_gaps() -> None:
    page = _glued_page()
    text = unglue(page)
    assert text is not None
    assert "".join(text.split()) == "".join(page.split())
