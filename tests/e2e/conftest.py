"""The real server: gunicorn started with ``make serve``'s command on a free port.

Every server is stopped in a ``finally``: SIGTERM to its process group (graceful), then
SIGKILL to the group if it is not gone in time, so no test run leaves a server behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
SERVE_COMMAND = [
    str(GUNICORN),
    "--config",
    "python:article_normalizer.api.gunicorn_conf",
    "article_normalizer.api.app:app",
]
"""What ``make serve`` runs (see the Makefile)."""


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
        return request(self.url + path, timeout=timeout)

    def post(
        self, path: str, body: bytes, content_type: str, timeout: float = 60
    ) -> tuple[int, dict[str, str], bytes]:
        return request(self.url + path, body, {"Content-Type": content_type}, timeout)

    def log_lines(self) -> list[dict[str, object]]:
        lines = []
        for line in self.log.read_text(encoding="utf-8", errors="replace").splitlines():
            with contextlib.suppress(ValueError):
                lines.append(json.loads(line))
        return lines


def request(
    url: str, body: bytes | None = None, headers: dict[str, str] | None = None, timeout: float = 10
) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process below it, from /proc (children are listed per thread)."""
    found = [pid]
    for current in found:
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                found.extend(int(child) for child in (task / "children").read_text().split())
            except OSError:
                continue
    return list(dict.fromkeys(found))


def memory_of(pid: int, field: str) -> int:
    """Bytes of one memory figure of a process: ``VmRSS`` from status, ``Pss`` from
    smaps_rollup; 0 when the process is gone."""
    source = "status" if field.startswith("Vm") else "smaps_rollup"
    try:
        for line in Path(f"/proc/{pid}/{source}").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def running_server(tmp_dir: Path, **env: str) -> Iterator[Server]:
    """Start gunicorn, wait until ready, yield it, and always stop it."""
    port = free_port()
    log = tmp_dir / f"server-{port}.log"
    environment = {**os.environ, "PORT": str(port), "LOG_FORMAT": "json"}
    environment.pop("PROMETHEUS_MULTIPROC_DIR", None)  # unless the test names one
    environment.update(env)
    with log.open("wb") as sink:
        process = subprocess.Popen(
            SERVE_COMMAND,
            cwd=REPO,
            env=environment,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(process=process, port=port, log=log)
    try:
        _wait_ready(server)
        yield server
    finally:
        stop(server)


def _wait_ready(server: Server, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    ready_in_a_row = 0
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {server.log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            status, _, _ = server.get("/readyz", timeout=5)
            ready_in_a_row = ready_in_a_row + 1 if status == 200 else 0
            if ready_in_a_row >= 4:  # several answers: likely every worker is warm
                return
        time.sleep(0.25)
    raise RuntimeError(f"gunicorn not ready in {timeout} s: {server.log.read_text()[-3000:]}")


def stop(server: Server, grace: float = 40) -> int | None:
    """SIGTERM the process group, wait, then SIGKILL whatever is left; return the exit code."""
    if server.process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.process.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.process.wait(timeout=10)
    return server.process.returncode


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("e2e"), WORKERS="2") as running:
        yield running
