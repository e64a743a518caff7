"""The per-document time budget: a runaway HTML document is cut off and the pool keeps serving."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from service import execution
from service.execution import DocumentPool, run_document, run_document_async
from service.normalize import (
    DEFAULT_LIMITS,
    AmbiguousInputError,
    EmptyDocumentError,
    ExtractionTimeoutError,
    RawDocument,
)
from tests.hostile_html import BINARY, NESTED_DIVS, ONE_HUGE_TAG, SINGLE_SCRIPT

NOW = datetime(2024, 1, 3, 12, 0, tzinfo=UTC)
BUDGET = 1.0
SLACK = 1.5
"""Killing and replacing a worker may take this long beyond the budget on a loaded machine."""

ARTICLE = (
    "<!DOCTYPE html><html lang='en'><head><title>Lighthouse keeper's cottage reopens | Bay Post"
    "</title><meta property='og:site_name' content='Bay Post'></head><body><article>"
    "<h1>Lighthouse keeper's cottage reopens</h1>"
    + "<p>The restored cottage beside the old lighthouse opened to visitors on Saturday after"
    " two years of work by volunteers, who rebuilt its roof and chimney by hand.</p>"
    * 3
    + "</article></body></html>"
)
SLOW = "<html><body>" + "<p>A short paragraph here.</p>" * 200_000 + "</body></html>"
"""Several seconds of lxml and trafilatura work: longer than any budget used here."""


@pytest.fixture(scope="module")
def pool() -> Iterator[DocumentPool]:
    pool = DocumentPool(1)
    pool.warm_up()
    yield pool
    pool.close()


def _run(pool: DocumentPool, html: str, budget: float = BUDGET) -> tuple[float, object]:
    start = time.perf_counter()
    try:
        result: object = pool.run(
            RawDocument(html=html), now=NOW, budget_s=budget, limits=DEFAULT_LIMITS
        )
    except Exception as error:
        result = error
    return time.perf_counter() - start, result


def test_html_document_is_normalized_in_the_worker(pool: DocumentPool) -> None:
    _, article = _run(pool, ARTICLE, budget=30)
    assert not isinstance(article, Exception), article
    assert "volunteers, who rebuilt its roof" in article.body  # type: ignore[attr-defined]


def test_runaway_document_times_out_within_the_budget_and_the_pool_keeps_serving(
    pool: DocumentPool,
) -> None:
    elapsed, result = _run(pool, SLOW)
    assert isinstance(result, ExtractionTimeoutError)
    assert elapsed < BUDGET + SLACK
    # The killed worker was replaced: the next document is served normally.
    _, article = _run(pool, ARTICLE, budget=30)
    assert not isinstance(article, Exception), article


def test_errors_raised_in_the_worker_reach_the_caller_with_their_type(
    pool: DocumentPool,
) -> None:
    _, result = _run(pool, "<script>var tracking = true;</script>", budget=30)
    assert isinstance(result, EmptyDocumentError)


@pytest.mark.parametrize("html", [NESTED_DIVS, ONE_HUGE_TAG, SINGLE_SCRIPT, BINARY])
def test_hostile_html_ends_in_an_answer_or_a_clear_error_within_the_budget(
    pool: DocumentPool, html: str
) -> None:
    budget = 5.0
    elapsed, result = _run(pool, html, budget=budget)
    assert elapsed < budget + SLACK
    if isinstance(result, Exception):
        assert isinstance(result, EmptyDocumentError | ExtractionTimeoutError), result
    else:
        # Past the parser's nesting limit the page is read as stripped text.
        assert result.body in ("", "deep text") and result.warnings  # type: ignore[attr-defined]
    _, article = _run(pool, ARTICLE, budget=30)
    assert not isinstance(article, Exception), article


def test_a_waiting_document_times_out_when_no_worker_frees_up() -> None:
    pool = DocumentPool(1)
    try:
        results: list[object] = []

        async def both() -> None:
            slow = asyncio.to_thread(_run, pool, SLOW, 3.0)
            await asyncio.sleep(0.2)
            quick = asyncio.to_thread(_run, pool, ARTICLE, 0.5)
            results.extend(await asyncio.gather(slow, quick))

        asyncio.run(both())
        (_, first), (waited, second) = results  # type: ignore[misc]
        assert isinstance(first, ExtractionTimeoutError)
        assert isinstance(second, ExtractionTimeoutError)
        assert waited < 0.5 + SLACK
    finally:
        pool.close()


def test_text_documents_run_inline_without_a_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool() -> DocumentPool:
        raise AssertionError("a text document must not use the worker pool")

    monkeypatch.setattr(execution, "_default_pool", no_pool)
    text = "Ferry fares frozen\n\n" + "The operator said fares would not rise this winter. " * 5
    article = run_document(RawDocument(text=text), now=NOW, budget_s=BUDGET)
    assert "would not rise this winter" in article.body
    with pytest.raises(AmbiguousInputError):
        run_document(RawDocument(text="a", html="<p>a</p>"), now=NOW, budget_s=BUDGET)


def test_module_level_pool_and_async_variant() -> None:
    execution.configure(1)
    try:
        article = asyncio.run(run_document_async(RawDocument(html=ARTICLE), now=NOW, budget_s=30))
        assert "volunteers, who rebuilt its roof" in article.body
    finally:
        execution.shutdown()


def test_pool_rejects_a_size_below_one() -> None:
    with pytest.raises(ValueError, match="workers must be >= 1"):
        DocumentPool(0)
