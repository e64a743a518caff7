"""Prometheus metrics, safe under gunicorn's pre-fork workers.

With ``PROMETHEUS_MULTIPROC_DIR`` set (``gunicorn_conf`` sets it to a fresh temporary directory
before any worker starts), every worker writes its samples to files there and ``/metrics``
aggregates them, so a scrape sees the whole server whichever worker answers. Without it (tests,
a single process) the default in-process registry is used.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import datetime

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as _multiprocess

from article_normalizer.api import metrics_files
from article_normalizer.normalize import Article, RawDocument
from article_normalizer.serving.problems import Problem, counts_as_error

REQUESTS = Counter(
    "normalizer_http_requests_total",
    "HTTP requests answered, by method, route template and status code.",
    ["method", "route", "status"],
)
REQUEST_SECONDS = Histogram(
    "normalizer_http_request_duration_seconds",
    "Time from request start to the last byte of the answer, by method and route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
DOCUMENTS = Counter(
    "normalizer_documents_total",
    "Documents processed, by input kind (text, html, unknown) and outcome (ok, error).",
    ["input_kind", "outcome"],
)
DOCUMENT_SECONDS = Histogram(
    "normalizer_document_duration_seconds",
    "Time one document spends in the pipeline (queue wait excluded), by input kind (text, html); "
    "single documents, batch members and NDJSON lines alike.",
    ["input_kind"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
ERRORS = Counter(
    "normalizer_errors_total",
    "Problems reported (whole requests and single documents of a batch), by problem code. "
    "Answers that are no failure (a path or method that does not exist, a not-ready probe) "
    "are not counted: see normalizer_http_requests_total for those.",
    ["type"],
)
REMOVED_BLOCKS = Counter(
    "normalizer_removed_blocks_total",
    "Input lines kept out of article bodies, by kind.",
    ["kind"],
)
WARNINGS = Counter(
    "normalizer_article_warnings_total",
    "Warnings attached to articles, by code.",
    ["code"],
)


def observe_article(input_kind: str, article: Article) -> None:
    """Count one normalized article, its removed lines and its warnings."""
    DOCUMENTS.labels(input_kind, "ok").inc()
    counts: dict[str, int] = {}
    for block in article.removed:
        counts[block.kind] = counts.get(block.kind, 0) + 1
    for kind, count in counts.items():
        REMOVED_BLOCKS.labels(kind).inc(count)
    for code in article.warnings:
        WARNINGS.labels(code).inc()


def observe_problem(problem: Problem, *, input_kind: str | None = None) -> None:
    """Count one problem; with ``input_kind`` it is also a failed document.

    A 404 or a 503 from ``/readyz`` during a rollout is the system working as designed; an
    alert on ``normalizer_errors_total`` must not fire on them, so they are left out.
    """
    if counts_as_error(problem):
        ERRORS.labels(problem.type.rsplit(":", 1)[-1]).inc()
    if input_kind is not None:
        DOCUMENTS.labels(input_kind, "error").inc()


DocumentRunner = Callable[[RawDocument, datetime], Article]


def timed(normalizer: DocumentRunner) -> DocumentRunner:
    """``normalizer`` observing each document's time in ``normalizer_document_duration_seconds``.

    Wrapped around the one callable every route runs documents through, so batch members and
    NDJSON lines are timed one by one, the same as single documents; failed documents count too
    (a timeout is the slowest kind of document there is).
    """

    def run(doc: RawDocument, now: datetime) -> Article:
        started = time.perf_counter()
        try:
            return normalizer(doc, now)
        finally:
            kind = "html" if doc.html is not None else "text"
            DOCUMENT_SECONDS.labels(kind).observe(time.perf_counter() - started)

    return run


def render() -> tuple[bytes, str]:
    """The exposition text and its content type, aggregated over workers when multiprocess."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or metrics_files.read_only_dir
    if directory:
        registry = CollectorRegistry()
        _multiprocess.MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
