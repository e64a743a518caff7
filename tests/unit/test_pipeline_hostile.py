"""Hostile inputs to the pipeline: never an exception, bounded time and memory."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service.normalize import RawDocument, normalize

REFERENCE = datetime(2024, 1, 1, tzinfo=UTC)
STORY = (
    "The city council voted on Tuesday to approve the new transport budget after a long "
    "debate, officials told reporters outside the town hall late in the evening."
)


@pytest.mark.parametrize("form", ["text", "html"])
def test_lone_surrogates_from_a_python_caller_are_replaced_and_said(form: str) -> None:
    broken = STORY.replace("Tuesday", "Tue\ud800day")
    text = f"Council approves transport budget\n{STORY}\n{broken}"
    doc = (
        RawDocument(text=text)
        if form == "text"
        else RawDocument(html=f"<html><body><h1>Budget</h1><p>{text}</p></body></html>")
    )
    article = normalize(doc, now=REFERENCE)
    assert "Tue\ufffdday" in article.body
    assert "invalid_characters_replaced" in article.warnings
    article.body.encode("utf-8")
