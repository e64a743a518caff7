"""The per-document time budget: a runaway document is cut off and the pool keeps serving."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest

from article_normalizer.normalize import (
    DEFAULT_LIMITS,
    AmbiguousInputError,
    EmptyDocumentError,
    ExtractionTimeoutError,
    RawDocument,
)
from article_normalizer.serving import execution
from article_normalizer.serving.execution import (
    DocumentPool,
    PoolLoad,
    WorkerCrashedError,
    run_document,
    run_document_async,
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


def _concurrently(pool: DocumentPool, first: tuple[str, float], second: tuple[str, float]) -> Any:
    """Run ``first`` and, 0.2 s later, ``second`` (html, budget) on ``pool``; both outcomes."""

    async def both() -> list[tuple[float, object]]:
        slow = asyncio.to_thread(_run, pool, *first)
        await asyncio.sleep(0.2)
        quick = asyncio.to_thread(_run, pool, *second)
        return list(await asyncio.gather(slow, quick))

    return asyncio.run(both())


def test_the_budget_counts_from_when_a_process_takes_the_document() -> None:
    pool = DocumentPool(1)
    try:
        (_, first), (_, second) = _concurrently(pool, (SLOW, 2.0), (ARTICLE, 30.0))
        assert isinstance(first, ExtractionTimeoutError)
        # The second document waited for the only process, then got its whole budget.
        assert not isinstance(second, Exception), second
    finally:
        pool.close()


def test_a_small_document_passes_while_a_slow_one_holds_another_process() -> None:
    pool = DocumentPool(2)
    pool.warm_up()
    try:
        (_, first), (elapsed, second) = _concurrently(pool, (SLOW, 4.0), (ARTICLE, 30.0))
        assert isinstance(first, ExtractionTimeoutError)
        assert not isinstance(second, Exception), second
        assert elapsed < 4.0  # did not wait for the slow document's budget to run out
        assert pool.load == PoolLoad(processes=2, busy=0, waiting=0)
    finally:
        pool.close()


def test_text_documents_run_in_a_process_under_the_budget_too() -> None:
    pool = DocumentPool(1)
    try:
        text = "Ferry fares frozen\n\n" + "The operator said fares would not rise this winter. " * 5
        article = pool.run(RawDocument(text=text), now=NOW, budget_s=30, limits=DEFAULT_LIMITS)
        assert "would not rise this winter" in article.body
        # A text the pipeline cannot finish in time is cut off like an HTML page.
        endless = "word " * 2_000_000
        start = time.perf_counter()
        with pytest.raises(ExtractionTimeoutError):
            pool.run(RawDocument(text=endless), now=NOW, budget_s=0.05, limits=DEFAULT_LIMITS)
        assert time.perf_counter() - start < 0.05 + SLACK
    finally:
        pool.close()


def test_ambiguous_documents_are_refused_without_a_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_pool() -> DocumentPool:
        raise AssertionError("an invalid document must not reach the pool")

    monkeypatch.setattr(execution, "_default_pool", no_pool)
    with pytest.raises(AmbiguousInputError):
        run_document(RawDocument(text="a", html="<p>a</p>"), now=NOW, budget_s=BUDGET)
    with pytest.raises(AmbiguousInputError):
        run_document(RawDocument(), now=NOW, budget_s=BUDGET)


def test_an_unexpected_failure_is_reported_without_its_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pool = DocumentPool(1, start_method="fork")
    try:
        monkeypatch.setattr(execution, "normalize", lambda *a, **k: {}["secret internal detail"])
        with pytest.raises(WorkerCrashedError) as caught:
            pool.run(RawDocument(text="x"), now=NOW, budget_s=30, limits=DEFAULT_LIMITS)
        assert "secret" not in str(caught.value)
        assert caught.value.diagnosis is not None
        assert "secret internal detail" in caught.value.diagnosis
    finally:
        pool.close()


def test_a_process_holding_too_much_memory_is_replaced_after_its_document() -> None:
    pool = DocumentPool(1, recycle_rss_mb=1)  # every process is over 1 MiB
    try:
        pool.warm_up()
        text = "Ferry fares frozen\n\n" + "The operator said fares would not rise this winter. " * 5
        pids = []
        for _ in range(2):
            pool.run(RawDocument(text=text), now=NOW, budget_s=30, limits=DEFAULT_LIMITS)
            pids.append({p.process.pid for p in pool._all})
        assert pids[0] != pids[1] and len(pids[1]) == 1
    finally:
        pool.close()


def test_module_level_pool_and_async_variant() -> None:
    execution.configure(1)
    try:
        article = asyncio.run(run_document_async(RawDocument(html=ARTICLE), now=NOW, budget_s=30))
        assert "volunteers, who rebuilt its roof" in article.body
    finally:
        execution.shutdown()


def test_pool_rejects_a_size_below_one() -> None:
    with pytest.raises(ValueError, match="processes must be >= 1"):
        DocumentPool(0)


def test_documents_over_the_large_size_run_one_at_a_time() -> None:
    pool = DocumentPool(2)
    pool.warm_up()
    large = RawDocument(text="Harbour plans approved after a long debate.\n" * 50_000)
    assert len(large.text or "") > execution.LARGE_DOCUMENT_CHARS
    seen: list[PoolLoad] = []
    try:
        with ThreadPoolExecutor(2) as threads:
            futures = [
                threads.submit(pool.run, large, now=NOW, budget_s=60, limits=DEFAULT_LIMITS)
                for _ in range(2)
            ]
            while not all(future.done() for future in futures):
                seen.append(pool.load)
                time.sleep(0.005)
            for future in futures:
                future.result()
    finally:
        pool.close()
    assert max(load.busy for load in seen) == 1
    assert any(load.waiting == 1 for load in seen)


def test_the_process_of_a_large_document_is_replaced_after_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(execution, "LARGE_DOCUMENT_CHARS", 100)
    pool = DocumentPool(1)
    try:
        pool.warm_up()
        small = RawDocument(text="Ferry fares frozen")
        large = RawDocument(text="The operator said fares would not rise this winter. " * 5)
        pids = []
        for doc in (small, small, large, small):
            pool.run(doc, now=NOW, budget_s=30, limits=DEFAULT_LIMITS)
            pids.append({p.process.pid for p in pool._all})
        assert pids[0] == pids[1] != pids[2] == pids[3]
    finally:
        pool.close()
