"""Running one document under a per-document time budget that holds even inside C code.

HTML extraction spends its time in lxml and trafilatura: a parse of a hostile page cannot be
interrupted by a signal while it is inside C, and trafilatura's own timeout only works on the
main thread of its command line. So HTML documents run in a separate worker process; when the
budget runs out the worker is killed (SIGKILL: nothing in it needs cleaning up) and a fresh one
takes its place, so the serving process keeps serving. Text documents run inline: the pure-
Python text pipeline bounds its own work through :class:`service.normalize.Limits`.

Public API (stable; the litestar layer and the CLI call it):

``run_document(doc, *, now, budget_s, limits=DEFAULT_LIMITS) -> Article``
    Normalize ``doc``. Raises what :func:`service.normalize.normalize` raises
    (:class:`~service.normalize.errors.NormalizeError` subclasses) and
    :class:`~service.normalize.errors.ExtractionTimeoutError` when an HTML document is not
    done within ``budget_s`` seconds (waiting for a free worker counts), and
    :class:`WorkerCrashedError` when the worker died for another reason (out of memory).
    Thread-safe: concurrent calls share the pool's workers.

``await run_document_async(doc, *, now, budget_s, limits=DEFAULT_LIMITS) -> Article``
    The same from an event loop, without blocking it (the wait runs in a thread).

``configure(workers=1, start_method="forkserver", memory_limit_mb=None)``
    Replace the process-wide pool (call once at start-up; it is created lazily otherwise).
    ``shutdown()`` stops it.

Workers start through ``forkserver`` by default: forking the server preloaded with the
normalizer makes a replacement worker ready in milliseconds without inheriting the serving
process's threads and sockets the way a plain fork would.
"""

from __future__ import annotations

import asyncio
import atexit
import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any

from service.normalize import (
    DEFAULT_LIMITS,
    Article,
    ExtractionTimeoutError,
    Limits,
    NormalizeError,
    RawDocument,
    normalize,
)

_PRELOAD = ["service.worker_preload"]
"""Imported once by the fork server: it runs :func:`warm_up`, so each (re)started worker begins
warm."""


class WorkerCrashedError(RuntimeError):
    """Raised when the worker process died on a document for a reason other than the budget."""

    code = "worker_crashed"


@dataclass(frozen=True, slots=True)
class _Job:
    doc: RawDocument
    now: datetime
    limits: Limits


_WARM_UP_HTML = (
    "<html><head><title>Warm-up</title></head><body><article><h1>Warm-up page</h1>"
    "<p>Published 3 January 2024. This paragraph exists so that every lazily loaded part of the"
    " normalizer (parsers, language identification, the line model) loads before the first"
    " real document arrives.</p></article></body></html>"
)


def warm_up() -> None:
    """Load every lazy resource once, so a fresh worker's first document is not slow.

    Runs in the fork server (through :mod:`service.worker_preload`) and, for the ``spawn``
    start method, in each worker; a second call costs one small document.
    """
    from datetime import UTC

    try:
        normalize(RawDocument(html=_WARM_UP_HTML), now=datetime(2024, 1, 3, tzinfo=UTC))
    except Exception:  # a broken warm-up must not stop the worker: real documents will report it
        return


def _serve(conn: Connection, memory_limit_mb: int | None, warm: bool) -> None:
    """Worker loop: one job in, one ``(status, payload)`` out, until the pipe closes."""
    if memory_limit_mb is not None:
        import resource

        limit = memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if warm:
        warm_up()
    while True:
        try:
            job: _Job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any] = ("ok", normalize(job.doc, now=job.now, limits=job.limits))
        except NormalizeError as error:
            reply = ("error", error)
        except MemoryError:
            reply = ("crash", "out of memory")
        except Exception as error:  # anything else is a bug: report it, keep the worker
            reply = ("crash", f"{type(error).__name__}: {error}")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


class _Worker:
    """One worker process and its end of the pipe."""

    def __init__(self, context: BaseContext, memory_limit_mb: int | None) -> None:
        self.conn, child = multiprocessing.Pipe(duplex=True)
        # Forked workers inherit the fork server's warm state; spawned ones load it themselves.
        warm = context.get_start_method() != "forkserver"
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_serve,
            args=(child, memory_limit_mb, warm),
            daemon=True,
            name="normalize-worker",
        )
        self.process.start()
        child.close()

    def run(self, job: _Job, timeout: float) -> tuple[str, Any]:
        """The worker's reply, or ``("timeout", None)`` when it is not back within ``timeout``."""
        try:
            self.conn.send(job)
        except (OSError, ValueError):
            return "died", None
        if not self.conn.poll(max(0.0, timeout)):
            return "timeout", None
        try:
            reply: tuple[str, Any] = self.conn.recv()
        except (EOFError, OSError):
            return "died", None
        return reply

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class DocumentPool:
    """A fixed number of worker processes; a worker that overran its budget is replaced."""

    def __init__(
        self,
        workers: int = 1,
        *,
        start_method: str = "forkserver",
        memory_limit_mb: int | None = None,
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be >= 1, got {workers}")
        self._context = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            self._context.set_forkserver_preload(_PRELOAD)
        self._memory_limit_mb = memory_limit_mb
        self._size = workers
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _ in range(workers):
            self._idle.put(None)  # a slot; its process starts on first use
        self._closed = False
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()

    def run(self, doc: RawDocument, *, now: datetime, budget_s: float, limits: Limits) -> Article:
        deadline = time.monotonic() + budget_s
        try:
            worker = self._idle.get(timeout=max(0.0, budget_s))
        except queue.Empty:
            raise ExtractionTimeoutError(
                f"no worker became free within the {budget_s:g} s budget"
            ) from None
        try:
            if worker is None or not worker.process.is_alive():
                worker = self._start()
            status, payload = worker.run(_Job(doc, now, limits), deadline - time.monotonic())
        except BaseException:
            if worker is not None:
                self._retire(worker)
            self._idle.put(None)
            raise
        if status in ("timeout", "died"):
            self._retire(worker)
            self._idle.put(self._replacement())
            if status == "timeout":
                raise ExtractionTimeoutError(
                    f"the document was not processed within its {budget_s:g} s budget"
                )
            raise WorkerCrashedError("the worker process died while processing the document")
        self._idle.put(worker)
        if status == "ok":
            assert isinstance(payload, Article)
            return payload
        if status == "error":
            assert isinstance(payload, NormalizeError)
            raise payload
        raise WorkerCrashedError(str(payload))

    def warm_up(self) -> None:
        """Start every worker now rather than on its first document."""
        slots = [self._idle.get() for _ in range(self._size)]
        for worker in slots:
            self._idle.put(worker if worker is not None else self._start())

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()

    def _start(self) -> _Worker:
        worker = _Worker(self._context, self._memory_limit_mb)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replacement(self) -> _Worker | None:
        """A new worker started at once, so it is warm when the next document comes."""
        try:
            return self._start()
        except OSError:
            return None  # started again on next use

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)


_pool: DocumentPool | None = None
_pool_lock = threading.Lock()


def configure(
    workers: int = 1, *, start_method: str = "forkserver", memory_limit_mb: int | None = None
) -> DocumentPool:
    """Replace the process-wide pool (see the module docstring)."""
    global _pool
    with _pool_lock:
        old, _pool = (
            _pool,
            DocumentPool(workers, start_method=start_method, memory_limit_mb=memory_limit_mb),
        )
    if old is not None:
        old.close()
    return _pool


def shutdown() -> None:
    """Stop the process-wide pool's workers (a later call starts a new pool)."""
    global _pool
    with _pool_lock:
        old, _pool = _pool, None
    if old is not None:
        old.close()


atexit.register(shutdown)


def _default_pool() -> DocumentPool:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = DocumentPool()
        return _pool


def run_document(
    doc: RawDocument, *, now: datetime, budget_s: float, limits: Limits = DEFAULT_LIMITS
) -> Article:
    """Normalize ``doc`` within ``budget_s`` seconds (see the module docstring)."""
    if doc.html is None or doc.text is not None:
        # Text documents, and invalid ones (both or neither) that normalize rejects at once.
        return normalize(doc, now=now, limits=limits)
    return _default_pool().run(doc, now=now, budget_s=budget_s, limits=limits)


async def run_document_async(
    doc: RawDocument, *, now: datetime, budget_s: float, limits: Limits = DEFAULT_LIMITS
) -> Article:
    """:func:`run_document` from an event loop, in a thread so the loop keeps serving."""
    return await asyncio.to_thread(run_document, doc, now=now, budget_s=budget_s, limits=limits)
