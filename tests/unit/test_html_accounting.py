"""HTML mode accounts for every visible line of the page, in page order, each named."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.html import rendering_choice
from article_normalizer.normalize.html.accounting import Fields, account_for_page
from article_normalizer.normalize.html.parse import parse_html
from article_normalizer.normalize.html.visible import VisibleLine, visible_lines
from article_normalizer.normalize.models import RemovedBlock
from article_normalizer.normalize.textkeys import line_key
from article_normalizer.rules import profile
from tests.conftest import FIXTURES
from tests.unit.gates import ACTING_ON_DOUBT, constant_rendering_gate

PAGE = (FIXTURES / "html" / "en_page_with_chrome.html").read_text(encoding="utf-8")
NOW = datetime(2024, 3, 6, tzinfo=UTC)


def _line(text: str, kind: str | None = None, *, linked: bool = False) -> VisibleLine:
    return VisibleLine(text=text, kind=kind, reason=f"markup:{kind}" if kind else "", linked=linked)


def test_every_visible_line_is_in_the_body_or_removed_in_page_order() -> None:
    article = normalize(RawDocument(html=PAGE), now=NOW)
    visible = [line.text for line in visible_lines(parse_html(PAGE))]
    body = "\n".join(line_key(p) for p in article.paragraphs)
    removed = [line_key(entry.text) for entry in article.removed]
    missing = [t for t in visible if line_key(t) not in body and line_key(t) not in removed]
    assert missing == []
    position = 0
    for text in visible:
        if line_key(text) in removed[position:]:
            position += removed[position:].index(line_key(text))
        else:
            assert line_key(text) in body, f"{text!r} is out of page order"


@pytest.mark.parametrize("reading", ["extraction", "page text"])
def test_lines_out_of_the_body_are_named_by_markup_and_fields(
    reading: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = constant_rendering_gate(1.0 if reading == "page text" else -1.0)
    monkeypatch.setattr(rendering_choice, "rendering_gate", lambda: gate)
    article = normalize(RawDocument(html=PAGE), now=NOW)
    kinds = {entry.text: entry.kind for entry in article.removed}
    assert kinds["Who will pay for the maintenance once it is built?"] == "comment"
    assert kinds["Leave a Reply"] == "comment_box"
    assert kinds["Get the Courier's morning briefing in your inbox"] == "newsletter"
    assert kinds["Email"] == "share"  # a share bar's item, though "Email" alone is ambiguous
    assert kinds["© 2024 The Coastal Courier. All rights reserved."] == "legal"
    assert kinds["By Ana Ribeiro March 5, 2024"] == "byline_stamp"
    assert sum(kind == "other" for kind in kinds.values()) <= 1
    unextracted = [e for e in article.removed if e.reason.startswith("html:unextracted")]
    assert bool(unextracted) == (reading == "extraction")


def test_pipeline_entries_keep_their_place_and_unlisted_ones_follow_their_predecessor() -> None:
    removed = [
        RemovedBlock(kind="title", text="Declared headline", reason="title:metadata"),
        RemovedBlock(kind="other", text="Menu", reason="model:0.1"),
        RemovedBlock(kind="share", text="Share", reason="lexicon:share"),
    ]
    page = [
        _line("Menu", "navigation"),
        _line("A body paragraph long enough to be recognised as one."),
        _line("Share"),
        _line("Footer words", "footer"),
    ]
    out = account_for_page(
        removed,
        ["A body paragraph long enough to be recognised as one."],
        page,
        Fields(),
        profile("en"),
    )
    assert [(e.kind, e.text) for e in out] == [
        ("title", "Declared headline"),
        ("navigation", "Menu"),  # the pipeline's "other" takes its markup's name
        ("share", "Share"),
        ("footer", "Footer words"),
    ]


def test_the_markup_renames_the_text_rules_verdicts_but_not_a_fields_line() -> None:
    body = "A body paragraph long enough to be recognised as one."
    removed = [
        RemovedBlock(kind="title", text="Pier vote", reason="title:metadata"),
        RemovedBlock(kind="related", text="Who pays for it?", reason="model:0.1 context:x"),
        RemovedBlock(kind="comment_box", text="Email", reason="lexicon:comment_box"),
        RemovedBlock(
            kind="newsletter", text="Sign up for our newsletter", reason="lexicon:newsletter"
        ),
        RemovedBlock(kind="related", text="Opinion", reason="model:0.02"),
    ]
    page = [
        _line("Pier vote", "comment"),
        _line(body),
        _line("Who pays for it?", "comment"),
        _line("Email", "share"),
        _line("Sign up for our newsletter", "footer"),
        _line("Opinion", "navigation", linked=True),
    ]
    out = account_for_page(removed, [body], page, Fields(), profile("en"))
    assert [(e.kind, e.text) for e in out] == [
        ("title", "Pier vote"),  # a field's line stands
        ("comment", "Who pays for it?"),
        ("share", "Email"),
        ("newsletter", "Sign up for our newsletter"),  # its own words beat a footer's kind
        ("navigation", "Opinion"),  # a menu names what the text rules guessed
    ]


def test_a_short_line_inside_the_body_text_but_alone_among_clutter_is_not_body() -> None:
    paragraph = "Ministers met in Lisbon on Monday to discuss the World Cup bid and its costs."
    page = [_line("World", "navigation"), _line(paragraph), _line("Sport", "navigation")]
    out = account_for_page([], [paragraph], page, Fields(), profile("en"))
    assert [e.text for e in out] == ["World", "Sport"]


def test_the_opening_paragraph_with_its_dateline_counts_as_body() -> None:
    opener = (
        "The port authority on Monday approved a plan to expand the city harbour, officials said."
    )
    page = [_line(f"LISBON (Reuters) - {opener}")]
    assert account_for_page([], [opener], page, Fields(), profile("en")) == []


def test_link_only_lines_without_markup_are_menus_or_teasers() -> None:
    page = [
        _line("A long body paragraph that the extraction kept for the article text."),
        _line("Zzyzx", linked=True),
        _line("Council votes to rebuild the old ferry terminal next year", linked=True),
    ]
    out = account_for_page([], [page[0].text], page, Fields(), profile("en"))
    assert [e.kind for e in out] == ["navigation", "related"]


def test_a_short_link_of_a_menu_or_footer_keeps_the_containers_kind() -> None:
    body = "A long body paragraph that the extraction kept for the article text."
    page = [
        _line(body),
        _line("Newsletters", "navigation", linked=True),
        _line("Facebook", "navigation", linked=True),
        _line("Privacy Policy", "footer", linked=True),
        _line("Sign up for our newsletter", "footer"),
        _line("Newsletters", "related", linked=True),
    ]
    out = account_for_page([], [body], page, Fields(), profile("en"))
    assert [e.kind for e in out] == [
        "navigation",
        "navigation",
        "footer",
        "newsletter",
        "newsletter",
    ]


def test_a_line_of_numbers_in_a_menu_is_its_pager_not_a_gallery_counter() -> None:
    body = "A long body paragraph that the extraction kept for the article text."
    page = [
        _line(body),
        _line("3/18", "navigation"),
        _line("3/18", "related"),
        _line("Photo gallery", "navigation"),
    ]
    out = account_for_page([], [body], page, Fields(), profile("en"))
    assert [e.kind for e in out] == ["navigation", "caption", "caption"]


def test_a_bare_form_label_in_a_sidebar_or_footer_is_not_a_comment_form() -> None:
    body = "A long body paragraph that the extraction kept for the article text."
    page = [
        _line(body),
        _line("Submit", "footer"),
        _line("Your name", "related"),
        _line("Leave a Reply", "related"),
        _line("Submit", "comment"),
        _line("Submit"),
    ]
    out = account_for_page([], [body], page, Fields(), profile("en"))
    assert [e.kind for e in out] == ["footer", "related", "comment_box", "comment", "comment_box"]


def test_a_breadcrumb_trail_in_a_menu_is_still_a_breadcrumb() -> None:
    body = "A long body paragraph that the extraction kept for the article text."
    page = [_line("Home > World > Europe", "navigation", linked=True), _line(body)]
    out = account_for_page([], [body], page, Fields(), profile("en"))
    assert [e.kind for e in out] == ["breadcrumb"]


def test_extracted_lines_leave_the_body_on_model_doubt_only_below_their_evidence_floor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At the same doubt, a line the page names or repeats leaves; a linked, plain or unmatched
    one stays when its class's floor is lower than the doubt."""
    from article_normalizer.normalize.html import extract as html
    from article_normalizer.normalize.lines import classify as classify_mod
    from article_normalizer.normalize.lines.blocks import Block
    from article_normalizer.normalize.page import Decision
    from article_normalizer.rules.html_floors import BodyFloors

    floors = BodyFloors(named=0.3, repeated=0.2, linked=0.0, unmatched=0.0, plain=0.0)
    monkeypatch.setattr(html, "body_floors", lambda: floors)
    texts = [
        "Screening exams",
        "Related story",
        "Cleanings",
        "Riverside branch",
        "Unmatched line",
        "Opening hours",
    ]
    blocks = [
        Block(index=i, line_no=i, text=t, indent=0, blank_before=False) for i, t in enumerate(texts)
    ]

    def doubted(blocks: list[Block], profile: object, **_: object) -> list[Decision]:
        return [Decision("other", "model", 0.1) for _ in blocks]

    monkeypatch.setattr(classify_mod, "classify", doubted)
    markup = [
        _line("Screening exams"),
        _line("Related story", linked=True),
        _line("Cleanings", "navigation"),
        replace(_line("Riverside branch"), repeated=True),
        None,
        _line("Opening hours", "footer", linked=True),
    ]
    decisions = html.classify_extracted(blocks, profile("en"), markup, ACTING_ON_DOUBT)
    assert [d.is_body for d in decisions] == [True, True, False, False, True, False]
    assert decisions[0].reason.startswith("html:extracted")


def test_a_lexicon_hit_takes_an_extracted_line_out_whatever_its_floor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from article_normalizer.normalize.html import extract as html
    from article_normalizer.normalize.lines import classify as classify_mod
    from article_normalizer.normalize.lines.blocks import Block
    from article_normalizer.normalize.page import Decision
    from article_normalizer.rules.html_floors import BodyFloors

    monkeypatch.setattr(html, "body_floors", lambda: BodyFloors(0.0, 0.0, 0.0, 0.0, 0.0))
    text = "Sign up to our newsletter"
    blocks = [Block(index=0, line_no=0, text=text, indent=0, blank_before=False)]

    def doubted(blocks: list[Block], profile: object, **_: object) -> list[Decision]:
        return [Decision("newsletter", "lexicon:newsletter", 0.6) for _ in blocks]

    monkeypatch.setattr(classify_mod, "classify", doubted)
    decisions = html.classify_extracted(blocks, profile("en"), [_line(text)], ACTING_ON_DOUBT)
    assert [d.kind for d in decisions] == ["newsletter"]


def test_lines_every_rule_leaves_unnamed_get_the_kind_models_name_and_only_those(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from article_normalizer.normalize.html import accounting as html_accounting
    from article_normalizer.normalize.lines.blocks import Block
    from article_normalizer.normalize.page import Decision

    def footer_for_others(blocks: list[Block], decisions: list[Decision], profile: object) -> None:
        for decision in decisions:
            if decision.kind == "other":
                decision.kind, decision.reason = "footer", f"{decision.reason} kind_model:0.90"

    monkeypatch.setattr(html_accounting, "rename_kinds", footer_for_others)
    body = "A long body paragraph that the extraction kept for the article text."
    page = [_line(body), _line("Qwzx vrrp"), _line("Zqq plonk", "comment")]
    out = account_for_page([], [body], page, Fields(), profile("en"))
    assert [(e.kind, e.reason.endswith("kind_model:0.90")) for e in out] == [
        ("footer", True),
        ("comment", False),
    ]
