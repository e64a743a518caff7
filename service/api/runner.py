"""The normalizer the API runs: the pipeline under the per-document time budget.

``service.execution`` owns the budget (HTML runs in a killable worker process; text runs
inline, bounded by the pipeline's own limits). This adapter binds the configured budget and
turns a crashed worker into a per-document failure, so one hostile page never fails a batch.
"""

from __future__ import annotations

from datetime import datetime

from service import execution
from service.normalize import Article, NormalizeError, RawDocument


class WorkerCrashedDocumentError(NormalizeError):
    """Raised when the process normalizing the document died (for example out of memory) or the
    pipeline failed on it in an unforeseen way; either way only this document is lost."""

    code = "worker_crashed"


class BudgetedNormalizer:
    """A :data:`~service.api.documents.Normalizer` that gives up after ``budget_s`` seconds."""

    def __init__(self, budget_s: float) -> None:
        self.budget_s = budget_s

    def __call__(self, doc: RawDocument, now: datetime) -> Article:
        try:
            return execution.run_document(doc, now=now, budget_s=self.budget_s)
        except execution.WorkerCrashedError as exc:
            raise WorkerCrashedDocumentError(
                f"expected the document to be processed; its worker failed on it ({exc})"
            ) from None

    def start(self) -> None:
        """Start the HTML worker process now, so the first HTML document does not wait for it."""
        execution.configure(workers=1).warm_up()

    def close(self) -> None:
        """Stop the HTML worker processes."""
        execution.shutdown()
