"""Which of an HTML page's headings, declared titles and ``<title>`` parts is the headline."""

from __future__ import annotations

import pytest
from lxml.html import HtmlElement

from service.normalize.html import parse_html
from service.normalize.html_headline import choose_headline, clean_title
from service.normalize.page import PageMetadata

_STORY = (
    "<p>The harbour board voted on Tuesday to rebuild the storm-wrecked pier with money from the"
    " regional resilience fund, ending a year of argument over its future.</p>"
)


def _tree(title: str, body: str) -> HtmlElement:
    return parse_html(
        f"<!DOCTYPE html><html><head><title>{title}</title></head>"
        f"<body><main>{body}{_STORY}</main></body></html>"
    )


@pytest.mark.parametrize(
    ("title", "site", "url", "expected"),
    [
        ("Coastal Courier: Pier vote", "Coastal Courier", None, "Pier vote"),
        ("CoastalCourier.com: Pier vote", None, None, "Pier vote"),
        ("news.courier.co.uk: Pier vote", None, None, "Pier vote"),
        ("Courier: Pier vote", None, "https://www.courier.example/a", "Pier vote"),
        # A kicker naming a person or a topic is part of the headline.
        ("Mayor: Pier will be rebuilt", "Coastal Courier", None, "Mayor: Pier will be rebuilt"),
        ("Storm damage: Pier vote today", None, None, "Storm damage: Pier vote today"),
    ],
)
def test_a_site_naming_itself_before_a_colon_is_dropped(
    title: str, site: str | None, url: str | None, expected: str
) -> None:
    assert clean_title(title, site, url) == expected


def test_visible_heading_repeating_the_document_title_beats_a_reworded_social_title() -> None:
    tree = _tree(
        "Harbour board votes to rebuild storm-wrecked pier | Coastal Courier",
        "<h2>Regional news</h2><h1>Harbour board votes to rebuild storm-wrecked pier</h1>",
    )
    meta = PageMetadata(title="Pier saved!", site_name="Coastal Courier")
    chosen = choose_headline(tree, meta, declared_title=True)
    assert chosen == "Harbour board votes to rebuild storm-wrecked pier"


def test_declared_title_matching_a_heading_still_wins() -> None:
    tree = _tree(
        "Pier vote: what it means | Coastal Courier",
        "<h1>Harbour board votes to rebuild storm-wrecked pier</h1>",
    )
    meta = PageMetadata(
        title="Harbour board votes to rebuild storm-wrecked pier", site_name="Coastal Courier"
    )
    chosen = choose_headline(tree, meta, declared_title=True)
    assert chosen == "Harbour board votes to rebuild storm-wrecked pier"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://courier.example/news/harbour-board-votes-to-rebuild-storm-wrecked-pier",
            "Harbour board votes to rebuild storm-wrecked pier",
        ),
        ("https://courier.example/news/pier-saved-at-last", "Pier saved at last"),
    ],
)
def test_the_title_that_spells_the_url_slug_wins_when_no_heading_decides(
    url: str, expected: str
) -> None:
    tree = _tree("Harbour board votes to rebuild storm-wrecked pier | Coastal Courier", "")
    meta = PageMetadata(title="Pier saved at last", site_name="Coastal Courier", url=url)
    assert choose_headline(tree, meta, declared_title=True) == expected
