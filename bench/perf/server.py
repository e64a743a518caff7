"""Start, probe and stop a gunicorn server exactly as ``make serve`` does, on loopback only."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.perf import procfs

GUNICORN_CONFIG = "python:article_normalizer.api.gunicorn_conf"
REAL_APP = "article_normalizer.api.app:app"
ECHO_APP = "bench.perf.echo_app:app"
READY_PATH = "/readyz"
ECHO_PATH = "/echo"
"""The echo app's only route (see :mod:`bench.perf.echo_app`)."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request(
    port: int, method: str, path: str, body: bytes | None = None, timeout: float = 60.0
) -> tuple[int, bytes]:
    """One HTTP request on a fresh connection: status and body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@dataclass(slots=True)
class Server:
    """One gunicorn master started by the benchmark, with its log file."""

    app: str
    workers: int
    root: Path
    log: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    env_extra: dict[str, str] = field(default_factory=dict)
    config: str = GUNICORN_CONFIG
    """gunicorn ``--config``: the service's module, so both servers run with its settings."""
    extra_args: tuple[str, ...] = ()
    """Command-line settings that override the config module's (the command line wins)."""

    def command(self) -> list[str]:
        """The ``make serve`` recipe, with the bind pinned to loopback."""
        gunicorn = self.root / ".venv" / "bin" / "gunicorn"
        return [
            str(gunicorn if gunicorn.exists() else "gunicorn"),
            "--config",
            self.config,
            "--bind",
            f"127.0.0.1:{self.port}",
            *self.extra_args,
            self.app,
        ]

    def start(self, ready_timeout: float = 90.0) -> None:
        """Start the master and wait until every worker has answered a request."""
        self.port = self.port or free_port()
        env = dict(os.environ)
        env.update(
            PORT=str(self.port), WORKERS=str(self.workers), HOST="127.0.0.1", **self.env_extra
        )
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=self.root,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode}; see {self.log}"
                )
            if len(self.workers_pids()) >= self.workers and self._ready_streak(2 * self.workers):
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not become ready in {ready_timeout:.0f}s; see {self.log}")

    def _ready_streak(self, needed: int) -> bool:
        """Whether ``needed`` fresh connections in a row found a ready worker.

        ``/readyz`` answers 503 until a worker's warm-up is done; an app without it (the
        echo) answers 404, which means the same: a worker is serving. Fresh connections land
        on workers at random, so a streak makes it likely every worker has been asked.
        """
        for _ in range(needed):
            try:
                status, body = request(self.port, "GET", READY_PATH, timeout=5.0)
            except OSError:
                return False
            if status == 503:
                if b"warm-up failed" in body:
                    raise RuntimeError(f"the app's warm-up failed: {body.decode(errors='replace')}")
                return False
        return True

    def workers_pids(self) -> list[int]:
        """The worker processes (the master's children)."""
        return procfs.children(self.process.pid) if self.process else []

    def worker_memory(self) -> list[dict[str, Any]]:
        """RSS and peak RSS of each worker, and of the processes below it (a pool), in MiB."""
        rows = []
        for pid in self.workers_pids():
            mem = procfs.memory(pid)
            if mem is None:
                continue
            below = [m for m in (procfs.memory(p) for p in procfs.descendants(pid)) if m]
            rows.append(
                {
                    "pid": pid,
                    "rss_mib": mem.rss_mib,
                    "peak_rss_mib": mem.peak_mib,
                    "descendants": len(below),
                    "descendants_rss_mib": sum(m.rss_mib for m in below),
                    "descendants_peak_rss_mib": sum(m.peak_mib for m in below),
                }
            )
        return rows

    def stop(self) -> None:
        """SIGTERM the master (gunicorn's graceful stop), SIGKILL its group if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def normalize_route(openapi: dict[str, Any]) -> str | None:
    """The path that takes one ``RawDocument`` as its POST body, read from the OpenAPI spec.

    Read from the spec rather than hard-coded, so the benchmark follows the API's routes:
    first a POST whose JSON body is a ``RawDocument`` (directly or as one of its
    alternatives), else a POST path whose last segment is ``normalize``. A route taking a
    list of documents (a batch) is never chosen.
    """
    posts = [
        (str(path), ops["post"])
        for path, ops in sorted(openapi.get("paths", {}).items())
        if isinstance(ops, dict) and isinstance(ops.get("post"), dict)
    ]
    for path, post in posts:
        content = post.get("requestBody", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema", {})
        options = [schema, *schema.get("oneOf", []), *schema.get("anyOf", [])]
        if any(str(o.get("$ref", "")).rsplit("/", 1)[-1] == "RawDocument" for o in options):
            return path
    for path, _post in posts:
        if path.rstrip("/").rsplit("/", 1)[-1] == "normalize":
            return path
    return None


def discover_route(port: int) -> str:
    """The real app's normalize path, from its served OpenAPI document."""
    for schema_path in ("/schema/openapi.json", "/openapi.json", "/docs/openapi.json"):
        try:
            status, body = request(port, "GET", schema_path, timeout=30.0)
        except OSError:
            continue
        if status == 200:
            route = normalize_route(json.loads(body))
            if route:
                return route
    raise RuntimeError("no POST route taking a RawDocument found in the app's OpenAPI spec")
