"""HTML input: article text from trafilatura, metadata from what the publisher declared."""

from __future__ import annotations

import socket
import time
from typing import Any

import pytest

from article_normalizer.normalize.errors import EmptyDocumentError
from article_normalizer.normalize.html.author import search_author
from article_normalizer.normalize.html.charset import decode_html
from article_normalizer.normalize.html.extract import ExtractOptions, extract_html
from article_normalizer.normalize.html.headline import clean_title
from article_normalizer.normalize.html.metadata import language_code, normalize_date, read_metadata
from article_normalizer.normalize.html.parse import looks_binary, parse_html
from tests.conftest import FIXTURES
from tests.hostile_html import BINARY, NESTED_DIVS, ONE_HUGE_TAG, SINGLE_SCRIPT

HTML = FIXTURES / "html"
PIER_URL = "https://www.coastalcourier.example/news/harbour-town-pier-vote"


def _page(head: str, body: str = "", lang: str = "en") -> str:
    paragraph = (
        "<p>The regional transport authority said on Tuesday that the new timetable would add"
        " early morning services on the coastal line from the first week of next month.</p>"
    )
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body><main><article>'
        f"{body}{paragraph * 3}</article></main></body></html>"
    )


@pytest.fixture(scope="module")
def pier() -> str:
    return (HTML / "en_jsonld_graph.html").read_text(encoding="utf-8")


def test_jsonld_graph_article_supplies_the_metadata(pier: str) -> None:
    meta = extract_html(pier, PIER_URL).metadata
    assert meta.title == "Harbour town votes to rebuild its storm-wrecked pier"
    # JSON-LD beats the (deliberately different) article:published_time meta tag.
    assert meta.published == "2023-03-14T09:05:00+00:00"
    assert meta.modified == "2023-03-14T11:40:00+00:00"
    assert meta.site_name == "The Coastal Courier"  # resolved through the publisher's @id
    assert meta.authors == ["Maggie Trelawny", "Owen Pascoe"]
    assert meta.language == "en"
    assert meta.url == PIER_URL


def test_body_keeps_paragraph_lines_and_leaves_out_comments(pier: str) -> None:
    text = extract_html(pier, PIER_URL).text
    lines = text.splitlines()
    assert lines[0] == "Harbour town votes to rebuild its storm-wrecked pier"
    assert lines[1].startswith("PORTHLEVEN, England (Courier) - Councillors")
    assert any(line.startswith("Opponents argued") for line in lines)
    assert "walked that pier every Sunday" not in text
    assert "council tax" not in text


def _review_page() -> str:
    reviews = [
        "The second half drags, but the two leads carry every scene they share and the ending"
        " earns its quiet mood without a single speech.",
        "I watched it with my mother and we argued about the last episode for an hour on the"
        " drive home, which is the best thing I can say about any series.",
        "Beautifully shot on the harbour front; the script is thinner than the cinematography"
        " and the subplot about the brother goes nowhere at all.",
    ]
    items = "".join(
        f'<div class="comment-item"><span class="comment-info">reader{i} 2024-04-0{i}</span>'
        f'<p class="comment-content">{review}</p></div>'
        for i, review in enumerate(reviews, 1)
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><title>Harbour Lights: short reviews</title>'
        '</head><body><div id="wrapper"><h1>Harbour Lights: short reviews</h1>'
        f'<div id="comments" class="comments">{items}</div></div></body></html>'
    )


def test_a_page_made_of_comment_containers_keeps_them() -> None:
    # trafilatura prunes comment containers before it looks for the article; on a review page
    # that leaves only the heading, so the page is read again with them in place.
    text = extract_html(_review_page()).text
    assert "the two leads carry every scene" in text
    assert "the subplot about the brother goes nowhere" in text


def test_title_line_is_given_once_even_when_the_extraction_has_it(pier: str) -> None:
    title = "Harbour town votes to rebuild its storm-wrecked pier"
    for prepend in (True, False):
        text = extract_html(pier, PIER_URL, options=ExtractOptions(prepend_title=prepend)).text
        assert text.splitlines().count(title) <= 1


def test_title_line_is_prepended_when_the_extraction_lacks_it() -> None:
    head = '<meta property="og:title" content="Ferry fares frozen for the winter">'
    with_title = extract_html(_page(head)).text.splitlines()
    without = extract_html(_page(head), options=ExtractOptions(prepend_title=False)).text
    assert with_title[0] == "Ferry fares frozen for the winter"
    assert "Ferry fares" not in without


def test_url_is_never_fetched(pier: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert extract_html(pier, PIER_URL).metadata.site_name == "The Coastal Courier"


def test_opengraph_is_read_when_there_is_no_jsonld() -> None:
    head = (
        '<meta property="og:title" content="Night trains return to the coast | Rail Daily">'
        '<meta property="og:site_name" content="Rail Daily">'
        '<meta property="article:published_time" content="2022-11-02T06:15:00+01:00">'
        '<meta property="article:modified_time" content="2022-11-02T08:00:00+01:00">'
        '<meta name="author" content="Ines Duarte">'
    )
    meta = extract_html(_page(head)).metadata
    assert meta.title == "Night trains return to the coast"
    assert meta.site_name == "Rail Daily"
    assert meta.published == "2022-11-02T06:15:00+01:00"
    assert meta.modified == "2022-11-02T08:00:00+01:00"
    assert meta.authors == ["Ines Duarte"]


def test_jsonld_in_a_list_with_string_author_and_plain_date() -> None:
    head = (
        '<script type="application/ld+json">[{"@type": "WebSite", "name": "Ignored"},'
        '{"@type": "BlogPosting", "headline": "Ten years of the allotment", '
        '"datePublished": "2019-05-04", "author": "Ruth Penhale", '
        '"publisher": {"@type": "Organization", "name": "Garden Notes"}, '
        '"inLanguage": {"@type": "Language", "alternateName": "en"}}]</script>'
    )
    meta = extract_html(_page(head)).metadata
    assert (meta.title, meta.published, meta.site_name) == (
        "Ten years of the allotment",
        "2019-05-04",
        "Garden Notes",
    )
    assert meta.authors == ["Ruth Penhale"]


def test_broken_jsonld_is_skipped() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
        '<meta property="og:title" content="Ferry fares frozen for winter">'
    )
    assert extract_html(_page(head)).metadata.title == "Ferry fares frozen for winter"


def test_visible_headline_wins_over_a_shortened_social_title() -> None:
    head = '<meta property="og:title" content="Ferry fares frozen">'
    body = "<h1>Ferry fares frozen for the winter months</h1>"
    assert extract_html(_page(head, body)).metadata.title == (
        "Ferry fares frozen for the winter months"
    )


def test_unrelated_heading_does_not_replace_the_declared_title() -> None:
    head = '<meta property="og:title" content="Ferry fares frozen for the winter">'
    body = "<h1>Most read</h1><h2>Weather</h2>"
    assert extract_html(_page(head, body)).metadata.title == "Ferry fares frozen for the winter"


def test_document_title_without_metadata_loses_section_and_site_parts() -> None:
    head = (
        "<title>Local news -- Lifeboat crew rescue three walkers cut off by tide - Bay Post</title>"
    )
    meta = extract_html(_page(head), "https://www.baypost.example/local/1").metadata
    assert meta.title == "Lifeboat crew rescue three walkers cut off by tide"


def test_undeclared_fields_come_from_the_page_markup() -> None:
    # No JSON-LD, no OpenGraph: the date is in the url, the author in a byline element.
    body = '<h1>Harbour lights switched on early</h1><p class="author">By Tamsin Jory</p>'
    url = "https://www.baypost.example/2021/12/03/harbour-lights"
    head = "<title>Harbour lights switched on early</title>"
    meta = extract_html(_page(head, body), url).metadata
    assert meta.title == "Harbour lights switched on early"
    assert meta.published == "2021-12-03"
    assert meta.authors == ["Tamsin Jory"]


def test_declared_fields_skip_the_markup_search(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fallback heuristics (htmldate above all) cost as much as the extraction: a page that
    # declares title, date and site name never runs them.
    import htmldate
    import trafilatura.metadata

    def fail(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("fallback metadata search ran")

    monkeypatch.setattr(htmldate, "find_date", fail)
    monkeypatch.setattr(trafilatura.metadata, "examine_meta", fail)
    head = (
        '<meta property="og:title" content="Night trains return to the coast">'
        '<meta property="og:site_name" content="Rail Daily">'
        '<meta property="article:published_time" content="2022-11-02T06:15:00+01:00">'
    )
    meta = extract_html(_page(head)).metadata
    assert (meta.title, meta.site_name) == ("Night trains return to the coast", "Rail Daily")


def test_declared_date_skips_the_date_search(monkeypatch: pytest.MonkeyPatch) -> None:
    import htmldate

    def fail(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("htmldate ran for a declared date")

    monkeypatch.setattr(htmldate, "find_date", fail)
    head = '<meta property="article:published_time" content="2022-11-02T06:15:00+01:00">'
    meta = extract_html(_page(head, "<h1>Night trains return</h1>")).metadata
    assert meta.published == "2022-11-02T06:15:00+01:00"


def _spy_cascade(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The ``fast`` flag of every trafilatura extraction, which still runs for real."""
    import trafilatura

    calls: list[bool] = []
    real = trafilatura.bare_extraction

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs["fast"])
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", spy)
    return calls


_MORE = "".join(
    f"<p>Passengers at stop {stop} on the coastal line had asked for earlier trains for"
    f" {years} years, the authority's spokesperson told the regional council.</p>"
    for stop, years in zip("ABCDEFGH", range(2, 10), strict=True)
)
"""Paragraphs that differ (trafilatura keeps a repeated paragraph once), so the page's text is
longer than any minimum the extraction checks."""


def test_a_long_fast_extraction_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _spy_cascade(monkeypatch)
    adaptive = ExtractOptions(cascade="adaptive")
    text = extract_html(_page("<title>Timetable</title>", _MORE), options=adaptive).text
    assert len(text) > adaptive.rescue_below
    assert calls == [True]


def test_a_short_fast_extraction_is_retried_with_the_full_cascade(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _spy_cascade(monkeypatch)
    short = (
        "<!DOCTYPE html><html><body><article><h1>Ferry strike called off</h1>"
        "<p>The ferry unions called off Friday's strike after a late offer on pay.</p>"
        "</article></body></html>"
    )
    assert "ferry unions" in extract_html(short, options=ExtractOptions(cascade="adaptive")).text
    # The third reading is the comment-container rescue of a text this short, in full too.
    assert calls == [True, False, False]


@pytest.mark.parametrize(("cascade", "expected"), [("full", [False]), ("fast", [True])])
def test_the_cascade_can_be_pinned(
    monkeypatch: pytest.MonkeyPatch, cascade: str, expected: list[bool]
) -> None:
    calls = _spy_cascade(monkeypatch)
    extract_html(_page("", _MORE), options=ExtractOptions(cascade=cascade))
    assert calls == expected


_BYLINE_MARKUP = [
    '<div class="meta"><span class="author-name">Tamsin Jory</span></div>',
    '<p class="byline">By <a href="/staff/jory">Tamsin Jory</a> and Idris Penrose</p>',
    '<p class="byline">By Tamsin Jory<time datetime="2021-12-03">3 Dec</time>, Bay Post</p>',
    '<p class="byline">By Tamsin<span class="date">3 Dec</span>Jory</p>',
    '<div class="comments"><span class="author">Angry Reader</span></div>'
    '<div class="writer-box"><b>Tamsin Jory</b> reports</div>',
    '<section><div class="sidebar-author">Not Her</div></section><author>Tamsin Jory</author>',
    '<span itemprop="author">Tamsin Jory</span><div class="PostAuthor">Idris Penrose</div>',
    '<a rel="author" href="/jory">Tamsin Jory</a><h4 id="zuozhe">Li Wei</h4>',
    '<div data-component="Byline">Tamsin Jory</div>',
    '<figure><figcaption class="author">Photo: Agency</figcaption></figure>'
    '<div class="writer">Tamsin Jory</div>',
    '<div class="author">' + "x" * 130 + '</div><p class="screenname">Tamsin Jory</p>',
    '<p class="intro">Nobody signs this story.</p>',
]


@pytest.mark.parametrize("markup", _BYLINE_MARKUP)
def test_author_search_finds_what_trafilatura_finds(markup: str) -> None:
    from trafilatura.metadata import extract_author

    tree = parse_html(_page("<title>Harbour lights</title>", markup))
    assert search_author(tree) == extract_author(tree)


@pytest.mark.parametrize(
    "html",
    [
        '<p>Lights on</p><p class="author">Tamsin Jory</p>',
        '<time class="author">Tamsin Jory</time>',
        '<figure><p class="byline">Tamsin Jory</p></figure>',
    ],
    ids=["fragment", "time-root", "figure-root"],
)
def test_author_search_on_fragments_matches_trafilatura(html: str) -> None:
    from trafilatura.metadata import extract_author

    tree = parse_html(html)
    assert search_author(tree) == extract_author(tree)


def test_author_search_skips_the_comments() -> None:
    assert search_author(parse_html(_page("", _BYLINE_MARKUP[4]))) == "Tamsin Jory reports"


def test_dates_marked_in_the_page_fill_what_jsonld_leaves_out() -> None:
    body = (
        '<time itemprop="datePublished" datetime="2021-12-03T08:00:00Z">3 Dec</time>'
        '<time itemprop="dateModified" datetime="2021-12-04T09:30:00Z">4 Dec</time>'
    )
    only_published = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Lights on",'
        ' "datePublished": "2021-12-01"}</script>'
    )
    meta = read_metadata(parse_html(_page(only_published, body)))
    assert (meta.published, meta.modified) == ("2021-12-01", "2021-12-04T09:30:00+00:00")
    both = only_published.replace('"}', '", "dateModified": "2021-12-02"}')
    meta = read_metadata(parse_html(_page(both, body)))
    assert (meta.published, meta.modified) == ("2021-12-01", "2021-12-02")


def test_the_declared_summary_is_read_from_jsonld_first_then_the_meta_tags() -> None:
    tags = (
        '<meta name="description" content="A site for the coast.">'
        '<meta property="og:description" content="Early trains on the coastal line.">'
    )
    assert read_metadata(parse_html(_page(tags))).description == "Early trains on the coastal line."
    plain = '<meta name="description" content="A site for the coast.">'
    assert read_metadata(parse_html(_page(plain))).description == "A site for the coast."
    jsonld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Early trains",'
        ' "description": "New morning services from next month."}</script>'
    )
    meta = read_metadata(parse_html(_page(jsonld + tags)))
    assert meta.description == "New morning services from next month."
    assert read_metadata(parse_html(_page(""))).description is None


def test_escaped_entities_in_metadata_are_unescaped() -> None:
    head = '<meta property="og:title" content="Rates &amp;#8212; and what they mean">'
    assert extract_html(_page(head)).metadata.title == "Rates — and what they mean"


def test_declared_language_contradicted_by_the_text_is_dropped() -> None:
    body = (
        "<p>O governo anunciou nesta terça-feira um novo programa de apoio aos pequenos"
        " agricultores, com crédito a juros reduzidos e assistência técnica nas regiões mais"
        " afetadas pela seca dos últimos anos.</p>"
        "<p>Segundo o ministério, as inscrições começam no próximo mês e podem ser feitas nas"
        " agências bancárias públicas e nas prefeituras de todo o país.</p>"
    ) * 2
    html = f'<html lang="en"><head></head><body><article>{body}</article></body></html>'
    extracted = extract_html(html)
    assert extracted.metadata.language is None
    assert "declared_language_mismatch" in extracted.warnings


@pytest.mark.parametrize(
    ("title", "site", "url", "expected"),
    [
        ("Pier vote | The Coastal Courier", "The Coastal Courier", None, "Pier vote"),
        ("Pier vote - Coastal Courier", "The Coastal Courier", None, "Pier vote"),
        ("Coastal Courier: Pier vote", "Coastal Courier", None, "Pier vote"),
        ("CNN.com - Levees hold - Sep 22", None, "https://www.cnn.com/x", "Levees hold - Sep 22"),
        ("Swiss fight appeal - CNN.com", None, "http://edition.cnn.com/x", "Swiss fight appeal"),
        ("Biden - a profile", "Rail Daily", None, "Biden - a profile"),
        ("Rail Daily", "Rail Daily", None, "Rail Daily"),
        ("  spaced   out  ", None, None, "spaced out"),
        (None, "Rail Daily", None, None),
    ],
)
def test_clean_title_drops_only_the_site_name(
    title: str | None, site: str | None, url: str | None, expected: str | None
) -> None:
    assert clean_title(title, site, url) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-03-14T09:05:00Z", "2023-03-14T09:05:00+00:00"),
        ("2023-03-14T09:05:00+02:00", "2023-03-14T09:05:00+02:00"),
        ("2023-03-14", "2023-03-14"),
        ("2023-03-14T09:05:00.000-0500", "2023-03-14T09:05:00-05:00"),
        ("2023-3-4 garbage", "2023-03-04"),
        ("March 14, 2017", "2017-03-14"),
        ("14 March 2017 10:30", "2017-03-14T10:30:00"),
        ("yesterday", None),
        ("", None),
        (None, None),
        ("2023-13-45", None),
    ],
)
def test_normalize_date(value: str | None, expected: str | None) -> None:
    assert normalize_date(value) == expected


@pytest.mark.parametrize(
    ("tag", "code"),
    [("en-GB", "en"), ("pt_BR", "pt"), ("DE", "de"), ("zh-Hant-TW", "zh"), ("english", None)],
)
def test_language_code(tag: str, code: str | None) -> None:
    assert language_code(tag) == code


def test_read_metadata_without_any_declaration_is_empty() -> None:
    meta = read_metadata(parse_html("<html><body><p>Nothing declared here.</p></body></html>"))
    assert (meta.title, meta.published, meta.site_name, meta.authors) == (None, None, None, [])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ru_windows1251.html", "Строительство моста длиной около восьмисот метров"),
        ("ja_shift_jis.html", "気象台によると、雪は十三日の昼過ぎまで続く見込みで"),
        ("pt_iso8859-1.html", "Segundo a organização, a programação incluiu concertos"),
    ],
)
def test_decoded_pages_in_other_scripts_extract(name: str, expected: str) -> None:
    text = decode_html((HTML / name).read_bytes()).text
    assert expected in extract_html(text).text


# --- hostile input: a clear error or an empty body, fast ---------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        pytest.param("", id="empty"),
        pytest.param("   \n\t ", id="whitespace"),
        SINGLE_SCRIPT,
        BINARY,
        pytest.param("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + "\x00\x01\xff" * 20000, id="png"),
        pytest.param("<html><head><style>p{}</style></head><body></body></html>", id="no-text"),
    ],
)
def test_documents_without_visible_text_are_rejected(html: str) -> None:
    with pytest.raises(EmptyDocumentError):
        extract_html(html)


@pytest.mark.parametrize("html", [NESTED_DIVS, ONE_HUGE_TAG])
def test_pathological_markup_ends_quickly_with_an_answer_or_a_clear_error(html: str) -> None:
    start = time.perf_counter()
    try:
        extracted = extract_html(html)
    except EmptyDocumentError:
        pass
    else:
        assert extracted.text == "" or "no_main_content" not in extracted.warnings
    assert time.perf_counter() - start < 30  # seconds alone; the bound catches a hang


def test_plain_text_sent_as_html_still_extracts() -> None:
    text = (
        "The harbour master said the storm had moved north overnight and that the ferries "
        "would run again from noon, although passengers should expect delays."
    )
    extracted = extract_html(text)
    assert "the ferries would run again from noon" in extracted.text


@pytest.mark.parametrize(
    "html",
    [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        "<html><body><p>Ferries run at noon.</p></body></html>",
        "<html><body><form><label>Name <input name=q></label></form>"
        "<p>Ferries run.</p></body></html>",
        "<!DOCTYPE html>\n<html/>\n<body><p>Ferries run again.</p></body>",
    ],
    ids=["xml-declaration", "form-elements", "self-closing-html"],
)
def test_parsed_pages_are_html_elements_throughout(html: str) -> None:
    # One element class for the whole tree (no per-element Python lookup of form classes),
    # and pages lxml refuses as a str (an encoding declaration) are read as bytes.
    tree = parse_html(html)
    assert {type(element).__name__ for element in tree.iter()} == {"HtmlElement"}
    assert "Ferries run" in tree.text_content()


def test_binary_detector_passes_real_text() -> None:
    assert not looks_binary("Zürich, 東京, Москва — plain text\n\twith tabs\r\n")
    assert looks_binary("\x00\x01\x02\x03 abc")


def test_layout_table_cells_become_separate_lines() -> None:
    story = (
        "The county council has approved the new cycle route along the river after a public"
        " consultation in which most residents supported the plan."
    )
    html = (
        "<html><head><title>Cycle route approved</title></head><body><table><tr>"
        "<td><a href='/'>Home</a> | <a href='/news'>News</a></td>"
        f"<td><p>{story}</p></td><td>Weather: rain</td></tr></table></body></html>"
    )
    lines = extract_html(html).text.splitlines()
    assert story in lines
    assert "Home | News" in lines  # a pipe printed in a cell is not a cell border
    assert not any(line.startswith("|") for line in lines)
    unsplit = extract_html(html, options=ExtractOptions(split_table_cells=False)).text
    assert story in unsplit


def test_extracted_lines_stay_in_the_body_unless_confidently_clutter() -> None:
    from article_normalizer.normalize.html.extract import classify_extracted
    from article_normalizer.normalize.lines.blocks import split_blocks
    from article_normalizer.rules import profile

    paragraph = (
        "Councillors in the harbour town voted on Monday night to rebuild the Victorian pier"
        " that was torn apart by storms last winter, ending months of argument."
    )
    text = "\n".join(
        [paragraph, "Sign up to our newsletter for the day's top stories", paragraph, paragraph]
    )
    blocks, _ = split_blocks(text)
    decisions = classify_extracted(blocks, profile("en"))
    assert [d.is_body for d in decisions] == [True, False, True, True]


def test_html_document_through_the_pipeline(pier: str) -> None:
    from datetime import UTC, datetime

    from article_normalizer.normalize import RawDocument, normalize

    article = normalize(RawDocument(html=pier, url=PIER_URL), now=datetime(2024, 1, 1, tzinfo=UTC))
    assert article.title == "Harbour town votes to rebuild its storm-wrecked pier"
    assert article.published is not None and article.published.startswith("2023-03-14")
    assert article.outlet is not None and article.outlet.name == "The Coastal Courier"
    assert "insurers had already raised premiums" in article.body
    assert "council tax" not in article.body
    assert "newsletter" not in article.body
    assert any(r.kind == "title" for r in article.removed)
