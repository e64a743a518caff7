"""Running documents in killable processes, each under a hard time budget counted from its start.

Both text and HTML documents run in a small pool of worker processes. A hostile page can keep
lxml, trafilatura or a regular expression busy inside C code, where no signal or cooperative
check interrupts it, and it can grow a process's heap far past what one document should cost.
A process can be killed: when a document overruns its budget its process gets SIGKILL (nothing
in it needs cleaning up), the caller gets :class:`ExtractionTimeoutError`, and a fresh process
takes its place, so the serving process keeps serving. The budget starts when a process takes the
document, not while it waits for one: how long documents may queue is the caller's admission
policy (the API answers 503 beyond a bounded queue), not a reason to fail a document that was
accepted.

Public API (stable; the litestar layer and the CLI call it):

``run_document(doc, *, now, budget_s, limits=DEFAULT_LIMITS) -> Article``
    Normalize ``doc``. Raises what :func:`article_normalizer.normalize.normalize` raises
    (:class:`~article_normalizer.normalize.errors.NormalizeError` subclasses),
    :class:`~article_normalizer.normalize.errors.ExtractionTimeoutError` when the document is not
    done
    within ``budget_s`` seconds of a process taking it, and :class:`WorkerCrashedError` when the
    process died or the pipeline failed on the document in an unforeseen way (the traceback is
    logged; the error's message carries none of it). Thread-safe: concurrent calls share the
    pool's processes and wait for a free one.

``await run_document_async(...)``
    The same from an event loop, without blocking it (the wait runs in a thread).

``configure(processes=1, start_method="forkserver", recycle_rss_mb=...)``
    Replace the process-wide pool (call once at start-up; it is created lazily otherwise).
    ``shutdown()`` stops it.

Processes start through ``forkserver``: the fork server imports the normalizer and runs a
sample document once, so every (re)started process begins warm in milliseconds without
inheriting the serving process's threads and sockets the way a plain fork would.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import multiprocessing
import os
import queue
import threading
import traceback
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any

import structlog

from article_normalizer.normalize import (
    DEFAULT_LIMITS,
    Article,
    ExtractionTimeoutError,
    Limits,
    NormalizeError,
    RawDocument,
    normalize,
)
from article_normalizer.serving.model_cache import model_cache_from_environment

_PRELOAD = ["article_normalizer.worker_preload"]
"""Imported once by the fork server: it runs :func:`warm_up`, so each (re)started process
begins warm."""

DEFAULT_RECYCLE_RSS_MB = 384
"""A process whose resident memory is above this after a document is replaced by a fresh one.
CPython keeps freed arenas of a huge document's objects; a new fork from the warm server gives
the memory back and costs milliseconds. Sized to leave every ordinary page (the dev corpora's
largest stay well under it) on a long-lived process."""

LARGE_DOCUMENT_CHARS = 2_000_000
"""Documents longer than this run one at a time per pool, each in a process replaced after it.
Memory grows with a document's size, and a pool of several processes could otherwise hold
several documents at the size limit at once, or keep what one of them left behind. Half a
percent of the dev corpora's pages (23 HTML pages, 2 texts of 4,910) are this long."""

_log = structlog.get_logger(logger_name="article_normalizer.serving.execution")


class WorkerCrashedError(NormalizeError):
    """The process normalizing the document died, or the pipeline failed on it unexpectedly.

    Only this document is lost; the message is safe to show a client, and the server log has the
    traceback (``diagnosis``) when there is one.
    """

    code = "worker_crashed"

    def __init__(self, message: str, diagnosis: str | None = None) -> None:
        super().__init__(message)
        self.diagnosis = diagnosis


@dataclass(frozen=True, slots=True)
class PoolLoad:
    """How busy a pool is: its processes, how many hold a document, how many documents wait."""

    processes: int
    busy: int
    waiting: int


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
    """Load every lazy resource once, so a fresh process's first document is not slow.

    Runs in the fork server (through :mod:`article_normalizer.worker_preload`) and, for the
    ``spawn``
    start method, in each process; a second call costs one small document.
    """
    from datetime import UTC

    model_cache_from_environment()
    try:
        normalize(RawDocument(html=_WARM_UP_HTML), now=datetime(2024, 1, 3, tzinfo=UTC))
        # Text mode's page threshold gate, kind model and title ranker, which an HTML page
        # with a declared title does not use.
        from article_normalizer.normalize.fields.title import ranker
        from article_normalizer.normalize.lines.kind_model import kind_model
        from article_normalizer.normalize.lines.page_threshold import page_threshold_gate

        page_threshold_gate()
        kind_model()
        ranker()
        # htmldate's extensive search, which the warm-up page does not reach.
        from article_normalizer.normalize.html.metadata import load_every_date_locale

        load_every_date_locale()
    except Exception:  # a broken warm-up must not stop the process: real documents report it
        return


def _resident_bytes() -> int | None:
    """This process's resident memory now (Linux), or None where /proc does not say."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _serve(conn: Connection, recycle_rss_bytes: int | None, warm: bool) -> None:
    """Process loop: one job in, one ``(status, payload, retiring)`` out, until the pipe closes.

    ``retiring`` tells the pool that this process exits after the reply because it holds more
    memory than ``recycle_rss_bytes``.
    """
    if warm:
        warm_up()
    try:
        conn.send(_READY)  # the budget of the first document counts from here
    except (OSError, ValueError):
        return
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
            reply = ("crash", "MemoryError: out of memory")
        except BaseException:  # anything else is a bug: report it, keep serving
            reply = ("crash", traceback.format_exc(limit=30))
        rss = _resident_bytes() if recycle_rss_bytes is not None else None
        retiring = rss is not None and recycle_rss_bytes is not None and rss > recycle_rss_bytes
        try:
            conn.send((*reply, retiring))
        except (OSError, ValueError):
            return
        if retiring:
            return


_READY = ("ready", None, False)
"""What a process sends once it can take documents (after its warm-up, if it runs one)."""

START_TIMEOUT_S = 120.0
"""How long a new process may take to become ready. Not part of any document's budget: a
process from a fork server that is still loading the models (seconds on a loaded machine)
is not a document running late."""


class _Process:
    """One worker process and the pool's end of its pipe."""

    def __init__(self, context: BaseContext, recycle_rss_bytes: int | None) -> None:
        self.conn, child = multiprocessing.Pipe(duplex=True)
        # Processes from the fork server inherit its warm state and plain forks their parent's
        # (warming each fork would cost a short command-line run the whole HTML path);
        # spawned ones start empty and load it themselves.
        warm = context.get_start_method() == "spawn"
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_serve,
            args=(child, recycle_rss_bytes, warm),
            daemon=True,
            name="normalize-worker",
        )
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float = START_TIMEOUT_S) -> bool:
        """Wait until the process can take a document; False when it died or took too long."""
        if self.ready:
            return True
        try:
            if self.conn.poll(timeout) and self.conn.recv() == _READY:
                self.ready = True
        except (EOFError, OSError):
            return False
        return self.ready

    def run(self, job: _Job, timeout: float) -> tuple[str, Any, bool]:
        """The process's reply, or ``("timeout", None, True)`` when it is not back in time.

        The time a new process takes to start is not counted: ``timeout`` runs from when
        the process has the document."""
        if not self.wait_ready():
            return "died", None, True
        try:
            self.conn.send(job)
        except (OSError, ValueError):
            return "died", None, True
        if not self.conn.poll(max(0.0, timeout)):
            return "timeout", None, True
        try:
            reply: tuple[str, Any, bool] = self.conn.recv()
        except (EOFError, OSError):
            return "died", None, True
        return reply

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        with contextlib.suppress(OSError):  # a shutdown racing a caller that closed it already
            self.conn.close()


class DocumentPool:
    """A fixed number of process slots; a process that overran its budget is replaced.

    Slots start their process on first use, so an idle pool costs one fork server. A caller
    waits for a free slot for as long as it takes: every document in a slot ends within its
    budget, so the wait is bounded by the queue in front of it. At most one document over
    :data:`LARGE_DOCUMENT_CHARS` runs at a time, and its process is replaced after it, which
    bounds the pool's memory by one document at the size limit plus ordinary ones.
    """

    def __init__(
        self,
        processes: int = 1,
        *,
        start_method: str = "forkserver",
        recycle_rss_mb: int | None = DEFAULT_RECYCLE_RSS_MB,
    ) -> None:
        if processes < 1:
            raise ValueError(f"processes must be >= 1, got {processes}")
        self._context = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            self._context.set_forkserver_preload(_PRELOAD)
        self._recycle = None if recycle_rss_mb is None else recycle_rss_mb * 1024 * 1024
        self._size = processes
        self._idle: queue.LifoQueue[_Process | None] = queue.LifoQueue()
        for _ in range(processes):
            self._idle.put(None)  # a slot; its process starts on first use
        self._lock = threading.Lock()
        self._all: set[_Process] = set()
        self._waiting = 0
        self._busy = 0
        self._large = threading.Lock()

    @property
    def load(self) -> PoolLoad:
        with self._lock:
            return PoolLoad(processes=self._size, busy=self._busy, waiting=self._waiting)

    def run(self, doc: RawDocument, *, now: datetime, budget_s: float, limits: Limits) -> Article:
        large = len(doc.text or doc.html or "") > LARGE_DOCUMENT_CHARS
        with self._lock:
            self._waiting += 1
        try:
            if large:
                self._large.acquire()
            try:
                process = self._take()
            except BaseException:
                if large:
                    self._large.release()
                raise
        finally:
            with self._lock:
                self._waiting -= 1
        try:
            return self._run_in(
                process, doc, now=now, budget_s=budget_s, limits=limits, retire=large
            )
        finally:
            if large:
                self._large.release()

    def _run_in(
        self,
        process: _Process | None,
        doc: RawDocument,
        *,
        now: datetime,
        budget_s: float,
        limits: Limits,
        retire: bool = False,
    ) -> Article:
        """Run ``doc`` in the slot's process (started if it has none); give the slot back, with
        a fresh process when the old one says it holds too much memory or ``retire`` asks."""
        try:
            if process is None or not process.process.is_alive():
                if process is not None:
                    self._retire(process)
                process = self._start()
            status, payload, retiring = process.run(_Job(doc, now, limits), budget_s)
        except BaseException:
            if process is not None:
                self._retire(process)
            self._release(None)
            raise
        if retiring or retire:
            self._retire(process)
            self._release(self._replacement())
        else:
            self._release(process)
        if status == "ok":
            assert isinstance(payload, Article)
            return payload
        if status == "error":
            assert isinstance(payload, NormalizeError)
            raise payload
        if status == "timeout":
            raise ExtractionTimeoutError(
                f"the document was not processed within its {budget_s:g} s budget"
            )
        if status == "died":
            raise WorkerCrashedError(
                "the process normalizing the document died (for example out of memory); "
                "only this document is lost"
            )
        _log.error("pipeline_failed", diagnosis=str(payload))
        raise WorkerCrashedError(
            "the pipeline failed on this document; the server log has the details",
            diagnosis=str(payload),
        )

    def warm_up(self) -> None:
        """Start one process now rather than on the first document; the others start on
        demand, so a pool that never sees concurrent documents costs one process."""
        process = self._take()
        if process is None:
            try:
                process = self._start()
            except BaseException:
                self._release(None)
                raise
        self._release(process)

    def start_all(self) -> None:
        """Start every slot's process now and wait until each can take a document. A caller
        about to feed the pool from several threads calls this first, so no process is forked
        while those threads run."""
        taken = [self._take() for _ in range(self._size)]
        try:
            for index, process in enumerate(taken):
                if process is None or not process.process.is_alive():
                    if process is not None:
                        self._retire(process)
                    taken[index] = self._start()
            for process in taken:
                if process is not None:
                    process.wait_ready()
        finally:
            for process in taken:
                self._release(process)

    def close(self) -> None:
        with self._lock:
            processes = list(self._all)
            self._all.clear()
        for process in processes:
            process.kill()

    def _take(self) -> _Process | None:
        """A free slot (its process, or None when it has none yet), waiting for one."""
        process = self._idle.get()
        with self._lock:
            self._busy += 1
        return process

    def _release(self, process: _Process | None) -> None:
        with self._lock:
            self._busy -= 1
        self._idle.put(process)

    def _start(self) -> _Process:
        process = _Process(self._context, self._recycle)
        with self._lock:
            self._all.add(process)
        return process

    def _replacement(self) -> _Process | None:
        """A new process started at once, so it is warm when the next document comes."""
        try:
            return self._start()
        except OSError:
            return None  # started again on next use

    def _retire(self, process: _Process) -> None:
        process.kill()
        with self._lock:
            self._all.discard(process)


_pool: DocumentPool | None = None
_pool_lock = threading.Lock()


def configure(
    processes: int = 1,
    *,
    start_method: str = "forkserver",
    recycle_rss_mb: int | None = DEFAULT_RECYCLE_RSS_MB,
) -> DocumentPool:
    """Replace the process-wide pool (see the module docstring)."""
    global _pool
    new = DocumentPool(processes, start_method=start_method, recycle_rss_mb=recycle_rss_mb)
    with _pool_lock:
        old, _pool = _pool, new
    if old is not None:
        old.close()
    return new


def shutdown() -> None:
    """Stop the process-wide pool's processes (a later call starts a new pool)."""
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
    """Normalize ``doc`` within ``budget_s`` seconds of a process taking it."""
    if (doc.html is None) == (doc.text is None):
        # Both or neither: normalize rejects it at once, no process needed.
        return normalize(doc, now=now, limits=limits)
    return _default_pool().run(doc, now=now, budget_s=budget_s, limits=limits)


async def run_document_async(
    doc: RawDocument, *, now: datetime, budget_s: float, limits: Limits = DEFAULT_LIMITS
) -> Article:
    """:func:`run_document` from an event loop, in a thread so the loop keeps serving."""
    return await asyncio.to_thread(run_document, doc, now=now, budget_s=budget_s, limits=limits)
