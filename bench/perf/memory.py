"""Worker memory over many documents: peak RSS, and RSS after 1,000 and after 10,000 documents.

A fresh server with one worker gets every document, so "after N documents" is that worker's
count (give or take the one request in flight on the other connection). Documents cycle
through the whole corpus, mostly text with every k-th one as HTML, each with its own id: a
leak in the web layer (per-request state, metrics labels, logging context) shows here as well
as one in the pipeline. RSS is read from ``/proc``.
"""

from __future__ import annotations

import http.client
import itertools
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from bench.perf import server as srv
from bench.perf.corpus import BenchPage

_ENCODER = msgspec.json.Encoder()


@dataclass(frozen=True, slots=True)
class MemoryPlan:
    """How many documents, where to read RSS, how often HTML."""

    documents: int = 10_000
    checkpoints: tuple[int, ...] = (100, 1_000, 2_500, 5_000, 10_000)
    html_every: int = 10
    """Every k-th document is sent as HTML (0: never)."""
    baseline: int = 1_000
    """RSS growth is judged from this checkpoint to the last one."""
    connections: int = 2
    """Concurrent clients: a text document in the worker while an HTML one is in its pool,
    as under real load, and the 10,000 documents take half the time."""
    config: str = srv.GUNICORN_CONFIG


def document(page: BenchPage, n: int, html_every: int) -> bytes:
    """Request body of the ``n``-th document (1-based)."""
    as_html = html_every > 0 and n % html_every == 0
    doc: dict[str, Any] = {"id": f"mem-{n}", "reference_time": "2024-01-01T00:00:00Z"}
    if page.url:
        doc["url"] = page.url
    doc["html" if as_html else "text"] = page.html if as_html else page.text
    return _ENCODER.encode(doc)


_DROPPED = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)
"""How a kept-alive connection ends when gunicorn replaces its worker (``max_requests``)."""


class Client:
    """One keep-alive connection that reopens once when the server dropped it.

    gunicorn recycles a worker after its ``max_requests``; the connection it held is closed
    under the client, and a run longer than that would otherwise stop there.
    """

    def __init__(self, port: int, timeout: float = 120) -> None:
        self._port = port
        self._timeout = timeout
        self._conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def post(self, route: str, body: bytes) -> int:
        """The status of POSTing ``body`` to ``route``, on a fresh connection if need be."""
        try:
            return self._send(route, body)
        except _DROPPED:
            self._conn.close()
            self._conn = http.client.HTTPConnection("127.0.0.1", self._port, timeout=self._timeout)
            return self._send(route, body)

    def _send(self, route: str, body: bytes) -> int:
        self._conn.request("POST", route, body=body, headers={"Content-Type": "application/json"})
        response = self._conn.getresponse()
        response.read()
        return response.status

    def close(self) -> None:
        self._conn.close()


def run_memory(
    root: Path,
    work: Path,
    pages: Sequence[BenchPage],
    plan: MemoryPlan,
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Send ``plan.documents`` documents to a one-worker server, reading RSS at checkpoints."""
    work.mkdir(parents=True, exist_ok=True)
    usable = [p for p in pages if p.text.strip() and p.html.strip()]
    checkpoints = sorted(c for c in set(plan.checkpoints) | {plan.documents} if c <= plan.documents)
    samples: list[dict[str, Any]] = []
    statuses: dict[int, int] = {}
    server = srv.Server(srv.REAL_APP, 1, root, work / "gunicorn-memory.log", config=plan.config)
    lock = threading.Lock()
    sent = itertools.count(1)
    failures: list[BaseException] = []

    def client(port: int, route: str, start: float) -> None:
        conn = Client(port)
        try:
            while not failures:
                with lock:
                    n = next(sent)
                if n > plan.documents:
                    return
                body = document(usable[(n - 1) % len(usable)], n, plan.html_every)
                status = conn.post(route, body)
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1
                    if n not in checkpoints:
                        continue
                    workers = server.worker_memory()
                    samples.append({"documents": n, "workers": workers})
                rss = ", ".join(f"{w['rss_mib']:.1f}" for w in workers)
                pool = ", ".join(f"{w['descendants_rss_mib']:.1f}" for w in workers)
                progress(
                    f"memory: {n} documents, worker RSS {rss} MiB, pool {pool} MiB "
                    f"({n / (time.perf_counter() - start):.1f} docs/s)"
                )
        except BaseException as exc:
            failures.append(exc)
        finally:
            conn.close()

    with server:
        route = srv.discover_route(server.port)
        start = time.perf_counter()
        threads = [
            threading.Thread(target=client, args=(server.port, route, start), daemon=True)
            for _ in range(plan.connections)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    if failures:
        raise failures[0]
    samples.sort(key=lambda s: int(s["documents"]))
    return {
        "documents": plan.documents,
        "html_every": plan.html_every,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "samples": samples,
        "growth": growth(samples, plan.baseline),
        "elapsed_s": time.perf_counter() - start,
    }


def growth(samples: list[dict[str, Any]], baseline: int) -> dict[str, Any]:
    """Relative RSS change of each worker from the ``baseline`` checkpoint to the last one it
    lived to (gunicorn replaces a worker after ``max_requests``: its successor is no
    like-for-like comparison).

    Judged on the worker alone and on the worker with the processes below it (its HTML
    pool), whichever grew more: a leak in the HTML path lives in the pool, and memory that
    moved into a pool child is still memory the worker costs.
    """
    base = next((s for s in samples if s["documents"] == baseline), None)
    if base is None or not samples:
        return {}
    per_worker = []
    for before in base["workers"]:
        lived = [
            (sample, worker)
            for sample in samples
            if sample["documents"] > baseline
            for worker in sample["workers"]
            if worker["pid"] == before["pid"]
        ]
        if not lived:
            continue
        last, after = lived[-1]
        alone = _relative(before["rss_mib"], after["rss_mib"])
        with_pool = _relative(
            before["rss_mib"] + before["descendants_rss_mib"],
            after["rss_mib"] + after["descendants_rss_mib"],
        )
        per_worker.append(
            {
                "pid": before["pid"],
                "to": last["documents"],
                f"rss_at_{baseline}_mib": before["rss_mib"],
                f"rss_at_{last['documents']}_mib": after["rss_mib"],
                f"pool_rss_at_{baseline}_mib": before["descendants_rss_mib"],
                f"pool_rss_at_{last['documents']}_mib": after["descendants_rss_mib"],
                "peak_rss_mib": after["peak_rss_mib"],
                "pool_peak_rss_mib": after["descendants_peak_rss_mib"],
                "growth_worker": alone,
                "growth_with_pool": with_pool,
                "growth": max(alone, with_pool),
            }
        )
    return {
        "from": baseline,
        "to": max((w["to"] for w in per_worker), default=baseline),
        "workers": per_worker,
        "max_growth": max((w["growth"] for w in per_worker), default=None),
    }


def _relative(before: float, after: float) -> float:
    return (after - before) / before if before else 0.0
