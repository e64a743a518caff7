"""The normalizer the API runs: the pipeline in killable processes, behind bounded admission.

:mod:`article_normalizer.serving.execution` owns the budget (every document runs in a pool
process that is killed when it overruns). This module adds what a server needs on top: how many
processes a worker keeps, and how many requests may wait for them. Beyond that queue a request is
refused at once with 503 and ``Retry-After``, and ``/readyz`` reports the worker saturated, so an
orchestrator routes new work elsewhere instead of piling it onto a worker whose answers would
come late.
"""

from __future__ import annotations

import threading
from datetime import datetime

from article_normalizer.normalize import Article, RawDocument
from article_normalizer.serving import execution


class Admission:
    """Counts the requests a worker is normalizing or holding in its queue.

    A batch or stream counts once: it runs its documents one after another, so it never holds
    more than one process. ``limit`` is the pool's processes plus the queue length.
    """

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"limit must be >= 1, got {limit}")
        self.limit = limit
        self._inside = 0
        self._lock = threading.Lock()

    def try_enter(self) -> bool:
        """Take a place, or say there is none (the caller answers 503)."""
        with self._lock:
            if self._inside >= self.limit:
                return False
            self._inside += 1
            return True

    def leave(self) -> None:
        with self._lock:
            self._inside = max(0, self._inside - 1)

    @property
    def inside(self) -> int:
        with self._lock:
            return self._inside

    @property
    def saturated(self) -> bool:
        return self.inside >= self.limit


class BudgetedNormalizer:
    """A :data:`~article_normalizer.serving.documents.Normalizer` whose documents each get
    ``budget_s`` seconds in one of ``processes`` worker processes."""

    def __init__(self, budget_s: float, processes: int = 1) -> None:
        self.budget_s = budget_s
        self.processes = processes

    def __call__(self, doc: RawDocument, now: datetime) -> Article:
        return execution.run_document(doc, now=now, budget_s=self.budget_s)

    def start(self) -> None:
        """Create the pool and start its first process, so the first document does not wait."""
        execution.configure(processes=self.processes).warm_up()

    def close(self) -> None:
        """Stop the worker processes."""
        execution.shutdown()
