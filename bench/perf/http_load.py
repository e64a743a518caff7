"""HTTP throughput and latency of the real gunicorn server beside a framework-only echo.

Both servers run the same gunicorn config with the same number of workers; wrk loads one of
them at a time, with the same payload, for a fixed duration. Each round also re-measures the
pipeline in this process on the same document, so "HTTP with N workers over one process"
is a ratio of two figures taken a few seconds apart, not minutes.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from bench.perf import server as srv
from bench.perf import wrk
from bench.perf.corpus import BenchPage
from bench.perf.speed import pipeline_html, pipeline_text

MODES = ("text", "html")


@dataclass(frozen=True, slots=True)
class HttpPlan:
    """How hard and how long to load."""

    workers: int = 2
    rounds: int = 5
    seconds: float = 8.0
    connections: int = 0
    """0 means two per worker: enough to keep every worker busy, little queueing beyond that."""
    inprocess_seconds: float = 2.0
    config: str = srv.GUNICORN_CONFIG

    @property
    def load_connections(self) -> int:
        return self.connections or 2 * self.workers


def payload(page: BenchPage, mode: str) -> bytes:
    """The request body: one document the way a scraper sends it."""
    doc: dict[str, Any] = {"url": page.url, "reference_time": "2024-01-01T00:00:00Z"}
    doc[mode] = page.text if mode == "text" else page.html
    return msgspec.json.encode({k: v for k, v in doc.items() if v is not None})


def inprocess_rate(page: BenchPage, mode: str, seconds: float) -> float:
    """Docs/s of the pipeline on ``page`` in this process, repeated for about ``seconds``."""
    run = pipeline_text if mode == "text" else pipeline_html
    run(page)
    count, start = 0, time.perf_counter()
    while True:
        run(page)
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return count / elapsed


def run_http(
    root: Path,
    work: Path,
    page: BenchPage,
    plan: HttpPlan,
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Load the real server and the echo server in interleaved rounds; medians and ratios."""
    wrk.ensure_wrk()
    work.mkdir(parents=True, exist_ok=True)
    scripts: dict[str, Path] = {}
    for mode in MODES:
        body = work / f"payload-{mode}.json"
        body.write_bytes(payload(page, mode))
        scripts[mode] = work / f"post-{mode}.lua"
        scripts[mode].write_text(wrk.lua_script(body))

    real = srv.Server(srv.REAL_APP, plan.workers, root, work / "gunicorn-real.log")
    echo = srv.Server(srv.ECHO_APP, plan.workers, root, work / "gunicorn-echo.log")
    real.config = echo.config = plan.config
    # The echo answers thousands of requests a second: gunicorn's max_requests recycling
    # would restart its workers mid-run and understate the ceiling. The real app keeps it.
    echo.extra_args = ("--max-requests", "0")
    with real, echo:
        route = srv.discover_route(real.port)
        urls = {
            "real": f"http://127.0.0.1:{real.port}{route}",
            "echo": f"http://127.0.0.1:{echo.port}{srv.ECHO_PATH}",
        }
        first: dict[str, float] = {}
        for mode in MODES:
            start = time.perf_counter()
            status, answer = srv.request(real.port, "POST", route, payload(page, mode))
            first[mode] = 1000 * (time.perf_counter() - start)
            if not 200 <= status < 300:
                raise RuntimeError(f"{route} answered {status} to the {mode} payload: {answer!r}")
        for target in urls:
            for mode in MODES:
                wrk.run_wrk(
                    urls[target], scripts[mode], seconds=2, connections=plan.load_connections
                )
        rounds: list[dict[str, Any]] = []
        for round_no in range(plan.rounds):
            row: dict[str, Any] = {}
            for mode in MODES:
                row[f"inprocess_{mode}"] = inprocess_rate(page, mode, plan.inprocess_seconds)
                for target in urls:
                    result = wrk.run_wrk(
                        urls[target],
                        scripts[mode],
                        seconds=plan.seconds,
                        connections=plan.load_connections,
                    )
                    row[f"{target}_{mode}"] = result.as_json()
                progress(
                    f"http round {round_no + 1}/{plan.rounds} {mode}: "
                    f"server {row[f'real_{mode}']['docs_per_s']:.1f} docs/s "
                    f"(p50 {row[f'real_{mode}']['p50_ms']:.1f} ms, "
                    f"p99 {row[f'real_{mode}']['p99_ms']:.1f} ms), "
                    f"echo {row[f'echo_{mode}']['docs_per_s']:.0f} docs/s, "
                    f"in-process {row[f'inprocess_{mode}']:.1f} docs/s"
                )
            rounds.append(row)
        workers_after = real.worker_memory()
    return {
        "route": route,
        "workers": plan.workers,
        "connections": plan.load_connections,
        "seconds_per_run": plan.seconds,
        "page": {"id": page.id, "text_chars": len(page.text), "html_chars": len(page.html)},
        "first_request_ms": first,
        "summary": summarize(rounds),
        "rounds": rounds,
        "worker_memory_after_load": workers_after,
    }


def summarize(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over rounds, and medians of the per-round ratios the targets are judged on."""
    out: dict[str, Any] = {}
    for mode in MODES:
        real = [r[f"real_{mode}"] for r in rounds]
        echo = [r[f"echo_{mode}"] for r in rounds]
        inproc = [r[f"inprocess_{mode}"] for r in rounds]
        out[mode] = {
            "server_docs_per_s": statistics.median(x["docs_per_s"] for x in real),
            "server_p50_ms": statistics.median(x["p50_ms"] for x in real),
            "server_p99_ms": statistics.median(x["p99_ms"] for x in real),
            "server_errors": sum(x["errors"] for x in real),
            "echo_docs_per_s": statistics.median(x["docs_per_s"] for x in echo),
            "echo_p50_ms": statistics.median(x["p50_ms"] for x in echo),
            "echo_p99_ms": statistics.median(x["p99_ms"] for x in echo),
            "inprocess_docs_per_s": statistics.median(inproc),
            "server_over_inprocess": statistics.median(
                x["docs_per_s"] / i if i else 0.0 for x, i in zip(real, inproc, strict=True)
            ),
            "server_over_echo": statistics.median(
                x["docs_per_s"] / e["docs_per_s"] if e["docs_per_s"] else 0.0
                for x, e in zip(real, echo, strict=True)
            ),
            "p99_over_p50": statistics.median(
                x["p99_ms"] / x["p50_ms"] if x["p50_ms"] else 0.0 for x in real
            ),
        }
    return out
