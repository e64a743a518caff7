"""Gunicorn configuration shared by ``make serve`` and the container image.

``gunicorn --config python:article_normalizer.api.gunicorn_conf article_normalizer.api.app:app``.
Values come from
the same :class:`~article_normalizer.serving.settings.Settings` the app reads, so one environment
configures
both. Loaded once in the gunicorn master, before any worker is forked.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from article_normalizer.api.logs import stdlib_logging_config
from article_normalizer.serving.settings import Settings

_settings = Settings.from_env()

bind = [_settings.bind_address]
workers = _settings.worker_count
# uvicorn on h11 with a bounded request head and a head deadline (see
# article_normalizer.api.worker).
worker_class = "article_normalizer.api.worker.NormalizerWorker"
# Whose X-Forwarded-* headers to believe; the worker passes this on to uvicorn. gunicorn's own
# default (loopback) would let any local client choose the address the logs show.
forwarded_allow_ips = ",".join(_settings.forwarded_allow_list)
graceful_timeout = _settings.graceful_timeout_s
# A worker silent this long is killed; budgets keep requests far below it, except huge
# batches, which is why it is generous.
timeout = max(120, int(_settings.document_time_budget_s * 4))
keepalive = 5
# The app writes one structured access line per request; gunicorn's own would duplicate it.
accesslog = None
errorlog = "-"
loglevel = _settings.log_level
# gunicorn's own lines (and uvicorn's, which share its handlers) as JSON like ours in production.
logconfig_dict = stdlib_logging_config(_settings)
# Recycle workers now and then so slow leaks in parsing libraries cannot accumulate.
max_requests = 20_000
max_requests_jitter = 2_000
proc_name = "article-normalizer"

# Metrics from all workers are aggregated through files in one directory per server run.
# An operator may choose the directory; otherwise a fresh one is made and removed at exit.
_metrics_dir_owned = "PROMETHEUS_MULTIPROC_DIR" not in os.environ
if _metrics_dir_owned:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="article-normalizer-metrics-")
else:
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)


def post_fork(server: Any, worker: Any) -> None:
    """Fix this worker's allocator threshold (:mod:`article_normalizer.serving.allocator`) and
    allocate its metric files, or keep its metrics in memory when there is no room (see
    :mod:`article_normalizer.api.metrics_files`)."""
    from article_normalizer.api import metrics_files
    from article_normalizer.serving.allocator import fix_mmap_threshold

    threshold = _settings.malloc_mmap_threshold_bytes
    if threshold and not fix_mmap_threshold(threshold):
        worker.log.info(
            "malloc_mmap_threshold_unset: this C library takes no mmap threshold; "
            "MALLOC_MMAP_THRESHOLD_BYTES has no effect"
        )
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        return
    try:
        metrics_files.allocate(directory, os.getpid())
    except OSError as error:
        worker.log.error(
            "metrics_dir_full: cannot allocate this worker's metric files in %s (%s); its "
            "metrics stay in memory and are not exported. Free space there or restart.",
            directory,
            error.strerror or error,
        )
        metrics_files.keep_in_memory(directory)


def child_exit(server: Any, worker: Any) -> None:
    """Drop a dead worker's live gauges from the aggregate (counters keep their totals)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


def on_exit(server: Any) -> None:
    """Remove the metrics directory this configuration created."""
    if _metrics_dir_owned:
        shutil.rmtree(os.environ.get("PROMETHEUS_MULTIPROC_DIR", ""), ignore_errors=True)
