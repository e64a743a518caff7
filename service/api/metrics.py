"""Prometheus metrics, safe under gunicorn's pre-fork workers.

With ``PROMETHEUS_MULTIPROC_DIR`` set (``gunicorn_conf`` sets it to a fresh temporary directory
before any worker starts), every worker writes its samples to files there and ``/metrics``
aggregates them, so a scrape sees the whole server whichever worker answers. Without it (tests,
a single process) the default in-process registry is used.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as _multiprocess

from service.api import metrics_files
from service.api.problems import Problem
from service.normalize import Article

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
ERRORS = Counter(
    "normalizer_errors_total",
    "Problems reported (whole requests and single documents of a batch), by problem code.",
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
    """Count one problem; with ``input_kind`` it is also a failed document."""
    ERRORS.labels(problem.type.rsplit(":", 1)[-1]).inc()
    if input_kind is not None:
        DOCUMENTS.labels(input_kind, "error").inc()


def render() -> tuple[bytes, str]:
    """The exposition text and its content type, aggregated over workers when multiprocess."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or metrics_files.read_only_dir
    if directory:
        registry = CollectorRegistry()
        _multiprocess.MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
