"""Bylines from HTML: declared authors (JSON-LD, meta tags) are vetted so only people become
authors; a credit printed beside the headline outside the extracted article is found."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.fields.byline import _declared_people
from article_normalizer.rules.fields import byline_rules

NOW = datetime(2024, 1, 1, tzinfo=UTC)
_PARAGRAPH = (
    "<p>The county council voted on Wednesday to keep the harbour footbridge open through the"
    " winter, after residents asked for a safer crossing to the station.</p>"
)


def _html(authors: list[str]) -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Harbour footbridge stays open",
        "datePublished": "2023-11-02T08:00:00Z",
        "author": [{"@type": "Person", "name": name} for name in authors],
    }
    return (
        '<!DOCTYPE html><html lang="en"><head><title>Harbour footbridge stays open</title>'
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head><body><main>'
        f"<article><h1>Harbour footbridge stays open</h1>{_PARAGRAPH * 3}</article></main>"
        "</body></html>"
    )


@pytest.mark.parametrize(
    "credit",
    [
        "STAFF PHOTO BY KATHY ANDERSON",
        "Photo: Jim Watson",
        "Foto Anna Weber",
        "Published January",
        "Updated",
        "File",
        "Agencies",
        "Newsroom",
        "12 March 2024",
        "August",
        "Sun Dec",
        "105092",
        "3d23d65-ddc6-4ce5",
        "@harbourdesk",
        "desk@harbourpost.example",
        "Email the author",
        "The Author",
        "admin",
        "Nachrichten",  # the section wire copy is filed under
        "News",
        # the site or its owner in the author field
        "HARBOURPOST.PL",
        "harbourpost.gr — Εκδοτικός Οργανισμός Λιμάνι Α.Ε.",
        "harbourpost.gr | Harbour Post",
        "Harbour Press Sp. z o.o.",
        "Harbour Media Ltd",
        "Harbour Post, Inc",
        "Harbourverein e. V.",
        "publisher",  # a CMS placeholder
    ],
)
def test_credits_that_name_no_person_are_refused(credit: str) -> None:
    assert _declared_people(credit, byline_rules("en"), set()) == []


@pytest.mark.parametrize(
    ("credit", "names"),
    [
        ("By Jane Doe", ["Jane Doe"]),
        ("Jane Doe, Staff Writer", ["Jane Doe"]),
        ("Jane Doe, Entertainment Writer", ["Jane Doe"]),
        ("Jane Doe, Sr. Director of Operations", ["Jane Doe"]),
        ("Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("Jane Doe, John Roe", ["Jane Doe", "John Roe"]),
        ("Jane Doe, John Roe, dpa", ["Jane Doe", "John Roe", "dpa"]),  # dpa: the agency
        ("Starts With A Bang", ["Starts With A Bang"]),  # a joiner word inside one name
        ("Jane Doe, MS, RD", ["Jane Doe, MS, RD"]),  # credentials stay with the name
        ("Doe, Jane", ["Doe, Jane"]),  # surname first
        ("Jane Doe Last Updated August 1", ["Jane Doe"]),
        ("desk@harbourpost.example (Jane Doe)", ["Jane Doe"]),  # RSS's author form
        ("Harbour Staff", ["Harbour Staff"]),  # a desk credit stays whole
        ("BR24 Redaktion", ["BR24 Redaktion"]),
        ("ggailey777", ["ggailey777"]),  # a handle is the only name a forum post has
        ("Vader 6", ["Vader"]),  # a forum's post count
        ("maria silva", ["maria silva"]),  # declared names keep their casing
        ("王小明", ["王小明"]),  # and their script
        ("牛镛, 岳弘彬", ["牛镛", "岳弘彬"]),
        ("On Yeung", ["On Yeung"]),  # a stamp word opening a name, no date after it
        ("June Smith", ["June Smith"]),  # a month opening a name, no number
        ("Fred Bildt", ["Fred Bildt"]),  # a photo word inside a longer word
        ("Read more about Jane Doe", ["Jane Doe"]),  # an author box's link words
        ("Mehr über Jane Doe", ["Jane Doe"]),
        ("About Jane Doe", ["Jane Doe"]),
        ("Read more about The Harbour Team", ["The Harbour Team"]),
        ("Overton Blake", ["Overton Blake"]),  # a link word opening a longer word
        ("Jane Doe Member Joined", ["Jane Doe"]),  # a forum post's header
        ("Jane Doe, Master Gardener", ["Jane Doe"]),
        # a profile's web address after the name
        ("Jane Doe (http://harbourpost.com/jane/)", ["Jane Doe"]),
        ("Jane Doe HarbourPost.ca", ["Jane Doe"]),
        ("Jane Doe, Harbour Media Ltd", ["Jane Doe"]),  # her employer
        ("Jan M. Olsen", ["Jan M. Olsen"]),  # an initial's dot is no host
        ("James S.A. Corey", ["James S.A. Corey"]),  # nor initials a company form
        ("Ao Li", ["Ao Li"]),
    ],
)
def test_people_are_kept(credit: str, names: list[str]) -> None:
    assert _declared_people(credit, byline_rules("en"), set()) == names


def test_the_outlet_is_never_an_author() -> None:
    assert _declared_people("Harbour Post", byline_rules("en"), {"harbourpost"}) == []


def test_junk_among_declared_authors_leaves_only_the_people() -> None:
    html = _html(["Lily Katz", "STAFF PHOTO BY KATHY ANDERSON", "File", "Reuters"])
    byline = normalize(RawDocument(html=html), now=NOW).byline
    assert byline is not None
    assert (byline.authors, byline.agency) == (["Lily Katz"], "Reuters")
    assert "STAFF PHOTO BY KATHY ANDERSON" in byline.raw  # the audit trail keeps what was declared


def test_markup_in_a_declared_name_is_dropped() -> None:
    html = _html(['<a data-track="Byline" href="https://example.org/lily"> Lily Katz </a>'])
    byline = normalize(RawDocument(html=html), now=NOW).byline
    assert byline is not None
    assert byline.authors == ["Lily Katz"]


def test_a_ui_label_of_the_page_s_language_is_no_author() -> None:
    # "Sign in", "Menu": a template's link words filled into the author field
    html = _html(["Lily Katz", "Sign in", "Menu"])
    byline = normalize(RawDocument(html=html), now=NOW).byline
    assert byline is not None
    assert byline.authors == ["Lily Katz"]


def test_declared_junk_alone_gives_no_byline() -> None:
    article = normalize(RawDocument(html=_html(["Published January", "Agencies"])), now=NOW)
    assert article.byline is None


def _credited_page(credit_block: str, aside: str = "") -> str:
    # The credit sits in a header band outside <article>, in an element no author markup names.
    return (
        '<!DOCTYPE html><html lang="en"><head><title>Harbour footbridge stays open</title>'
        '</head><body><nav><a href="/">Home</a> <a href="/local">Local</a></nav><header>'
        f"<h1>Harbour footbridge stays open</h1>{credit_block}</header><main><article>"
        f"{_PARAGRAPH * 3}</article></main><aside>{aside}</aside></body></html>"
    )


def test_a_credit_printed_beside_the_headline_outside_the_article() -> None:
    html = _credited_page('<div class="band"><span>By Lily Katz</span></div>')
    article = normalize(RawDocument(html=html), now=NOW)
    assert "By Lily Katz" not in article.body
    assert article.byline is not None
    assert (article.byline.authors, article.byline.raw) == (["Lily Katz"], "By Lily Katz")


def test_a_bare_cue_takes_the_name_from_the_next_line() -> None:
    html = _credited_page('<div class="band"><p>By</p><p>Lily Katz</p></div>')
    byline = normalize(RawDocument(html=html), now=NOW).byline
    assert byline is not None
    assert byline.authors == ["Lily Katz"]


def test_a_credit_away_from_the_headline_is_not_the_story_s() -> None:
    teaser = "<h3>Ferry timetable changes</h3><p>By Someone Else</p>"
    html = _credited_page("", aside=teaser * 6)
    assert normalize(RawDocument(html=html), now=NOW).byline is None


def test_declared_authors_win_over_the_page_lines() -> None:
    html = _credited_page('<div class="band"><span>By Lily Katz</span></div>').replace(
        "</title>", '</title><meta name="author" content="Tom Reed">'
    )
    byline = normalize(RawDocument(html=html), now=NOW).byline
    assert byline is not None
    assert byline.authors == ["Tom Reed"]


@pytest.mark.parametrize(
    ("credit", "names"),
    [
        ("This post was written by Jane Doe", ["Jane Doe"]),  # a sentence leads into the cue
        ("Recipe by Jane Doe", ["Jane Doe"]),  # a one-word label
        ("Jane Doe, DVM Reviewed by John Roe", ["Jane Doe, DVM"]),  # the reviewer is no author
        ("Jane Doe December", ["Jane Doe"]),  # a stamp's month cut off after the name
        ("Jane Doe • March", ["Jane Doe"]),
        ("JD Jane Doe", ["Jane Doe"]),  # an avatar's initials
        ("Jane Doe Jane Doe", ["Jane Doe"]),  # the avatar's alternative text, then the name
        ("Jane DoeJane Doe", ["Jane Doe"]),
        ("Jane DoeUpdated", ["Jane Doe"]),  # a stamp word glued to the name
        ("Theresa May", ["Theresa May"]),  # a month that is a surname stays
    ],
)
def test_declared_names_are_cleaned(credit: str, names: list[str]) -> None:
    assert _declared_people(credit, byline_rules("en"), set()) == names


@pytest.mark.parametrize("credit", ["page.head.extra.author", "jane.doe"])
def test_placeholders_and_logins_are_refused(credit: str) -> None:
    assert _declared_people(credit, byline_rules("en"), set()) == []


def _declared_page(author_markup: str) -> str:
    """A page declaring its title, date and site name but no author, and printing
    ``author_markup`` in the article."""
    return (
        '<!DOCTYPE html><html lang="en"><head><title>Harbour footbridge stays open</title>'
        '<meta property="og:title" content="Harbour footbridge stays open">'
        '<meta property="og:site_name" content="Harbour Post">'
        '<meta property="article:published_time" content="2023-11-02T08:00:00Z">'
        "</head><body><main><article><h1>Harbour footbridge stays open</h1>"
        f"{author_markup}{_PARAGRAPH * 3}</article></main></body></html>"
    )


def test_the_markup_author_is_read_when_the_page_declares_everything_else() -> None:
    html = _declared_page('<div class="author-name"><a rel="author">Lily Katz</a></div>')
    byline = normalize(RawDocument(html=html), now=NOW).byline
    assert byline is not None
    assert byline.authors == ["Lily Katz"]


@pytest.mark.parametrize(
    "found",
    [
        "harbourdesk",  # a handle
        "Gold Member Dearly Missed Messages Insights Author",  # a forum's member badge
        "S spikeymike macrumors",  # an avatar letter, a handle, the site
    ],
)
def test_a_markup_author_that_is_no_person_is_refused(found: str) -> None:
    html = _declared_page(f'<div class="author-name">{found}</div>')
    assert normalize(RawDocument(html=html), now=NOW).byline is None
