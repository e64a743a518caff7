"""The pipeline's own glue: which paragraph the dateline is split from."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from article_normalizer.normalize import normalize_text
from article_normalizer.normalize import pipeline as pipeline_mod
from article_normalizer.normalize.lines.blocks import Block
from article_normalizer.normalize.page import BODY, Decision, Found, Page
from article_normalizer.rules import LanguageProfile

WIRE = (
    "HARBOUR FERRIES INC <HFRY> 4TH QTR LOSS\n"
    "\n"
    "PORTLAND, Ore., March 6 - Harbour Ferries Inc said its fourth quarter loss widened as\n"
    "fuel costs rose and two of its vessels were out of service for repairs over the winter.\n"
    "\n"
    "    The company said it expects to return to profit in the second half of the year once\n"
    "the new terminal opens and the repaired vessels are back on the river crossing routes.\n"
)
WHEN = datetime(1987, 3, 7, tzinfo=UTC)


def test_a_wire_headline_with_a_ticker_is_the_title_and_the_dateline_is_split() -> None:
    article = normalize_text(WIRE, reference_time=WHEN)
    assert article.title == "HARBOUR FERRIES INC <HFRY> 4TH QTR LOSS"
    assert article.dateline is not None
    assert article.dateline.location == "PORTLAND, Ore."
    assert article.paragraphs[0].startswith("Harbour Ferries Inc said")


def test_the_dateline_is_split_from_the_story_opener_below_an_untaken_headline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_title(page: Page, opener: int | None = None) -> Found[str | None]:
        return Found(None)

    def all_body(blocks: list[Block], profile: LanguageProfile) -> list[Decision]:
        return [Decision(kind=BODY, reason="test") for _ in blocks]

    # The headline stays in the body above the story, as when the classifier keeps it.
    monkeypatch.setattr(pipeline_mod, "find_title", no_title)
    monkeypatch.setattr(pipeline_mod, "classify", all_body)
    article = normalize_text(WIRE, reference_time=WHEN)
    assert article.dateline is not None
    assert article.dateline.text == "PORTLAND, Ore., March 6 -"
    assert article.paragraphs[0] == "HARBOUR FERRIES INC <HFRY> 4TH QTR LOSS"
    assert article.paragraphs[1].startswith("Harbour Ferries Inc said")
    kinds = [block.kind for block in article.removed]
    assert kinds == ["dateline"]
