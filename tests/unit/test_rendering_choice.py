"""HTML mode's choice of reading: its figures, its file format, and what each verdict gives."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.html import rendering_choice
from article_normalizer.normalize.html.parse import parse_html
from article_normalizer.normalize.html.visible import visible_lines
from article_normalizer.normalize.lines.forest import ModelFormatError
from article_normalizer.normalize.models import Article
from article_normalizer.normalize.pipeline import DEFAULT_LIMITS, read_html
from article_normalizer.normalize.textkeys import line_key
from tests.conftest import FIXTURES
from tests.unit.gates import constant_rendering_gate, rendering_gate_document

NOW = datetime(2024, 3, 6, tzinfo=UTC)
PAGE = (FIXTURES / "html" / "en_page_with_chrome.html").read_text(encoding="utf-8")

_STORY = [
    "Councillors in the harbour town voted on Monday night to rebuild the Victorian pier.",
    "The repairs will take two years and cost more than the town first planned.",
]


def _features(extracted: list[str], page_text: list[str], visible: list[str]) -> dict[str, float]:
    values = rendering_choice.choice_features(extracted, page_text, visible)
    return dict(zip(rendering_choice.FEATURE_NAMES, values.tolist(), strict=True))


def test_the_shipped_gate_loads_and_answers_for_any_page() -> None:
    gate = rendering_choice.rendering_gate()
    assert gate.forest.roots.size > 0
    features = rendering_choice.choice_features(_STORY, _STORY[:1], ["Menu", *_STORY])
    assert isinstance(gate.prefers_page_text(features), bool)
    assert math.isfinite(gate.gain(features))


@pytest.mark.parametrize(
    "changes",
    [
        {"format": "gbdt-arrays/1"},
        {"feature_version": rendering_choice.GATE_FEATURE_VERSION + 1},
        {"feature_names": list(reversed(rendering_choice.FEATURE_NAMES))},
    ],
)
def test_a_gate_for_other_features_is_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ModelFormatError):
        rendering_choice.RenderingGate.from_dict(rendering_gate_document(0.1, **changes))


def test_the_figures_compare_the_two_bodies_with_the_visible_page() -> None:
    visible = ["Home", "News", *_STORY, "Sign up to our newsletter"]
    visible_chars = sum(map(len, visible))
    same = _features(_STORY, _STORY, visible)
    assert same["extracted_in_page_text"] == same["page_text_in_extracted"] == 1.0
    assert same["extracted_visible_share"] == pytest.approx(sum(map(len, _STORY)) / visible_chars)
    assert same["log_visible_chars"] == pytest.approx(math.log1p(visible_chars))
    assert same["extracted_paragraphs"] == 2.0
    half = _features(_STORY, _STORY[:1], visible)
    assert half["page_text_in_extracted"] == 1.0
    assert 0.3 < half["extracted_in_page_text"] < 0.7
    apart = _features(_STORY[:1], ["Home News Sport Weather Travel"], visible)
    assert apart["extracted_in_page_text"] == apart["page_text_in_extracted"] == 0.0
    empty = _features([], [], visible)
    assert empty["extracted_mean_chars"] == empty["extracted_in_page_text"] == 0.0


def test_text_without_spaces_is_compared_character_by_character() -> None:
    """A Chinese paragraph cut at another place is still the same passage."""
    story = "市议会周一晚投票决定重建维多利亚时代的码头。修复工作将耗时两年。"
    cut = ["市议会周一晚投票决定重建维多利亚时代的码头。", "修复工作将耗时两年。"]
    features = _features([story], cut, [story])
    assert features["extracted_in_page_text"] > 0.8
    assert features["page_text_in_extracted"] > 0.8


def _article(**fields: Any) -> Article:
    return Article(**fields)


def test_a_gate_expecting_no_gain_keeps_the_extraction_as_it_is() -> None:
    extracted = _article(title="Pier vote", paragraphs=_STORY[:1], body=_STORY[0])
    page_text = _article(title="Home", paragraphs=_STORY, body="\n\n".join(_STORY))
    assert not rendering_choice.prefers_page_text(
        extracted.paragraphs, page_text.paragraphs, _STORY, constant_rendering_gate(-0.1)
    )


_BOUNDED = {"min_extraction_kept": 0.5, "max_page_text_held": 0.95}
_TEASERS = [
    "Ferry fares will rise in spring, the operator said on Tuesday after a long review.",
    "The old lighthouse on the point reopens to visitors next month after its restoration.",
]


@pytest.mark.parametrize(
    ("extracted", "page_text", "taken"),
    [
        (_STORY[:1], _STORY, True),  # the page text adds the story's second paragraph
        (_STORY, _STORY[:1], False),  # it only cuts a paragraph the extraction kept
        (_STORY, _STORY, False),  # the same body: nothing to gain
        (_STORY, _TEASERS, False),  # another text altogether: a swap, not an addition
        ([], _TEASERS, True),  # an empty extraction has nothing to lose
    ],
)
def test_the_page_text_is_taken_only_where_it_adds_to_the_extraction(
    extracted: list[str], page_text: list[str], taken: bool
) -> None:
    """A gate expecting a gain everywhere still keeps trafilatura's lines unless the page text
    holds the extraction's story and brings more."""
    gate = constant_rendering_gate(1.0, **_BOUNDED)
    visible = ["Home", *_STORY, *_TEASERS]
    features = rendering_choice.choice_features(extracted, page_text, visible)
    assert gate.prefers_page_text(features) is taken
    assert constant_rendering_gate(1.0).prefers_page_text(features)


def test_the_shipped_gate_records_its_bounds() -> None:
    gate = rendering_choice.rendering_gate()
    assert 0.0 < gate.min_extraction_kept <= 1.0
    assert 0.0 < gate.max_page_text_held <= 1.0


@pytest.mark.parametrize("bound", ["min_extraction_kept", "max_page_text_held"])
def test_a_gate_file_without_its_bounds_is_refused(bound: str) -> None:
    document = rendering_gate_document(0.1)
    del document[bound]
    with pytest.raises(ModelFormatError, match=bound):
        rendering_choice.RenderingGate.from_dict(document)


def test_the_page_text_reading_keeps_the_extraction_fields_and_warnings() -> None:
    extracted = _article(
        title="Pier vote", language="en", paragraphs=[], warnings=["no_main_content", "empty_body"]
    )
    page_text = _article(
        title=None,
        language=None,
        paragraphs=_STORY,
        body="\n\n".join(_STORY),
        warnings=["no_title_found", "language_undetected", "body_may_be_truncated"],
    )
    assert rendering_choice.prefers_page_text(
        extracted.paragraphs, page_text.paragraphs, _STORY, constant_rendering_gate(0.1)
    )
    chosen = rendering_choice.with_extraction_fields(page_text, extracted)
    assert chosen.paragraphs == _STORY
    assert (chosen.title, chosen.language) == ("Pier vote", "en")
    assert chosen.warnings == ["no_main_content", "body_may_be_truncated"]


def test_html_mode_reads_the_page_twice_and_both_readings_account_for_it() -> None:
    readings = read_html(RawDocument(html=PAGE), reference_time=NOW, limits=DEFAULT_LIMITS)
    assert readings.page_text is not None and readings.visible is not None
    assert readings.visible == [line.text for line in visible_lines(parse_html(PAGE)) if line.text]
    for article in (readings.extracted, readings.page_text):
        accounted = {line_key(p) for p in article.paragraphs}
        accounted |= {line_key(entry.text) for entry in article.removed}
        body = " ".join(line_key(p) for p in article.paragraphs)
        missing = [t for t in readings.visible if line_key(t) not in accounted | {body}]
        assert not [t for t in missing if line_key(t) not in body]
    assert readings.page_text.title == readings.extracted.title


def test_normalize_returns_the_reading_the_gate_chooses(monkeypatch: pytest.MonkeyPatch) -> None:
    readings = read_html(RawDocument(html=PAGE), reference_time=NOW, limits=DEFAULT_LIMITS)
    assert readings.page_text is not None
    for gain, expected in ((-1.0, readings.extracted), (1.0, readings.page_text)):
        gate = constant_rendering_gate(gain)
        monkeypatch.setattr(rendering_choice, "rendering_gate", lambda gate=gate: gate)
        article = normalize(RawDocument(html=PAGE), now=NOW)
        assert article.paragraphs == expected.paragraphs
        assert article.removed == expected.removed
        assert article.title == readings.extracted.title


def test_only_the_reading_kept_accounts_for_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    from article_normalizer.normalize import pipeline

    calls: list[int] = []
    account = pipeline.account_for_page

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return account(*args, **kwargs)

    monkeypatch.setattr(pipeline, "account_for_page", counted)
    drafts = pipeline.read_html_drafts(
        RawDocument(html=PAGE), reference_time=NOW, limits=DEFAULT_LIMITS
    )
    assert drafts.page_text is not None and not calls
    normalize(RawDocument(html=PAGE), now=NOW)
    assert len(calls) == 1


def test_a_page_longer_than_the_limit_is_read_by_its_extraction_alone() -> None:
    limits = replace(DEFAULT_LIMITS, max_page_text_lines=5)
    readings = read_html(RawDocument(html=PAGE), reference_time=NOW, limits=limits)
    assert readings.page_text is None and readings.visible is None
    article = normalize(RawDocument(html=PAGE), now=NOW, limits=limits)
    assert article == readings.extracted
