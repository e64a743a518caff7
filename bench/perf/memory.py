"""Worker memory over many documents: peak RSS, and RSS after 1,000 and after 10,000 documents.

A fresh server with one worker gets every document, so "after N documents" is exact for that
worker. Documents cycle through the whole corpus, mostly text with every k-th one as HTML,
each with its own id: a leak in the web layer (per-request state, metrics labels, logging
context) shows here as well as one in the pipeline. RSS is read from ``/proc``.
"""

from __future__ import annotations

import http.client
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
    config: str = srv.GUNICORN_CONFIG


def document(page: BenchPage, n: int, html_every: int) -> bytes:
    """Request body of the ``n``-th document (1-based)."""
    as_html = html_every > 0 and n % html_every == 0
    doc: dict[str, Any] = {"id": f"mem-{n}", "reference_time": "2024-01-01T00:00:00Z"}
    if page.url:
        doc["url"] = page.url
    doc["html" if as_html else "text"] = page.html if as_html else page.text
    return _ENCODER.encode(doc)


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
    with server:
        route = srv.discover_route(server.port)
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        headers = {"Content-Type": "application/json"}
        start = time.perf_counter()
        try:
            for n in range(1, plan.documents + 1):
                body = document(usable[(n - 1) % len(usable)], n, plan.html_every)
                conn.request("POST", route, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                statuses[response.status] = statuses.get(response.status, 0) + 1
                if n in checkpoints:
                    workers = server.worker_memory()
                    samples.append({"documents": n, "workers": workers})
                    rss = ", ".join(f"{w['rss_mib']:.1f}" for w in workers)
                    progress(
                        f"memory: {n} documents, worker RSS {rss} MiB "
                        f"({n / (time.perf_counter() - start):.1f} docs/s)"
                    )
        finally:
            conn.close()
    return {
        "documents": plan.documents,
        "html_every": plan.html_every,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "samples": samples,
        "growth": growth(samples, plan.baseline),
        "elapsed_s": time.perf_counter() - start,
    }


def growth(samples: list[dict[str, Any]], baseline: int) -> dict[str, Any]:
    """Relative RSS change of each worker from the ``baseline`` checkpoint to the last one.

    The worker and the processes below it (a pool) are judged together: memory that moved
    into a pool child is still memory the worker costs.
    """
    base = next((s for s in samples if s["documents"] == baseline), None)
    if base is None or not samples:
        return {}
    last = samples[-1]
    per_worker = []
    for before in base["workers"]:
        after = next((w for w in last["workers"] if w["pid"] == before["pid"]), None)
        if after is None:
            continue
        rss_before = before["rss_mib"] + before["descendants_rss_mib"]
        rss_after = after["rss_mib"] + after["descendants_rss_mib"]
        per_worker.append(
            {
                "pid": before["pid"],
                f"rss_at_{baseline}_mib": rss_before,
                f"rss_at_{last['documents']}_mib": rss_after,
                "peak_rss_mib": after["peak_rss_mib"] + after["descendants_peak_rss_mib"],
                "growth": (rss_after - rss_before) / rss_before if rss_before else 0.0,
            }
        )
    return {
        "from": baseline,
        "to": last["documents"],
        "workers": per_worker,
        "max_growth": max((w["growth"] for w in per_worker), default=0.0),
    }
