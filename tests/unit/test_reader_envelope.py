"""A reader service's header above a page's Markdown gives the page's address, and says the
rest is Markdown."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.reader_envelope import read_envelope

STORY = (
    Path(__file__).resolve().parents[1] / "fixtures" / "markdown" / "harbour_story.md"
).read_text(encoding="utf-8")
NOW = datetime(2026, 1, 1, tzinfo=UTC)
ADDRESS = "https://www.coastalcourier.com/news/2025/03/03/harbour-rebuild-to-start-in-spring"


def _envelope(content: str, *, url: str = ADDRESS, title: str = "Harbour rebuild | Courier") -> str:
    return (
        f"Title: {title}\n\nURL Source: {url}\n\nPublished Time: 2025-03-03T09:30:00Z\n\n"
        f"Markdown Content:\n{content}"
    )


def test_the_header_gives_the_page_address_date_and_content() -> None:
    envelope = read_envelope(_envelope("Some text.\n\nMore text."))
    assert envelope is not None
    assert envelope.url == ADDRESS
    assert envelope.published == "2025-03-03T09:30:00Z"
    assert envelope.content == "Some text.\n\nMore text."
    assert envelope.lines == (
        "Title: Harbour rebuild | Courier",
        f"URL Source: {ADDRESS}",
        "Published Time: 2025-03-03T09:30:00Z",
        "Markdown Content:",
    )


def test_a_title_holding_a_colon_or_no_title_is_still_a_header() -> None:
    assert read_envelope(_envelope("x", title="Review: the new quay")) is not None
    assert read_envelope(_envelope("x", title="")) is not None


def test_an_address_that_is_no_web_address_is_not_taken() -> None:
    envelope = read_envelope(_envelope("x", url="javascript:void(0)"))
    assert envelope is not None and envelope.url is None


def test_page_text_opening_with_a_labelled_line_has_no_header() -> None:
    assert (
        read_envelope("Note: the harbour office is closed.\nThe ministers met on Monday.") is None
    )
    assert read_envelope("Title: Harbour\nURL Source: https://a.com/x\nThe story starts.") is None
    assert read_envelope(STORY) is None


def test_a_header_past_its_line_bound_is_no_header() -> None:
    labels = "".join(f"Field {n}: value\n" for n in range(40))
    assert read_envelope(f"{labels}Markdown Content:\nstory") is None


def test_an_enveloped_page_reads_its_outlet_and_slug_off_the_header_address() -> None:
    article = normalize(RawDocument(text=_envelope(STORY)), now=NOW)
    assert article.outlet is not None and article.outlet.domain == "coastalcourier.com"
    assert article.title == "Harbour rebuild to start in spring after ministers agree on funding"
    assert "markdown_rendered" in article.warnings
    header = [(block.kind, block.text) for block in article.removed[:4]]
    assert header[1] == ("envelope", f"URL Source: {ADDRESS}")
    assert header[3] == ("envelope", "Markdown Content:")
    assert all(block.kind != "envelope" for block in article.removed[4:])


def test_the_date_the_header_declares_wins_over_a_printed_stamp() -> None:
    story = STORY.replace("March 3, 2025", "March 2, 2025")
    article = normalize(RawDocument(text=_envelope(story)), now=NOW)
    assert article.published == "2025-03-03T09:30:00Z"
    future = _envelope(story).replace("2025-03-03T09:30:00Z", "2031-01-01T00:00:00Z")
    assert normalize(RawDocument(text=future), now=NOW).published == "2025-03-02"


def test_the_request_url_wins_over_the_header_address() -> None:
    doc = RawDocument(text=_envelope(STORY), url="https://www.harbournews.org/story/1")
    article = normalize(doc, now=NOW)
    assert article.outlet is not None and article.outlet.domain == "harbournews.org"


def test_content_under_a_header_is_read_as_markdown_with_a_single_link() -> None:
    content = (
        "The ministers met on Monday and agreed on a plan to rebuild the harbour, which "
        "storms damaged badly last winter. The work will cost **four million euros** over five "
        "years, [the ministry](https://www.gov.example/transport) said.\n\n"
        "Work on the north quay will begin in the spring, once the engineers have finished "
        "their survey of the old walls and the council has approved the plans."
    )
    plain = normalize(RawDocument(text=content), now=NOW)
    assert "markdown_rendered" not in plain.warnings
    article = normalize(RawDocument(text=_envelope(content)), now=NOW)
    assert "markdown_rendered" in article.warnings
    assert "**" not in article.body and "](" not in article.body
