"""A full metrics filesystem: workers keep answering, say so once, and do not crash-loop.

Needs a small tmpfs (root can mount one); skipped where mounting is not allowed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from article_normalizer.api import metrics, metrics_files
from tests.e2e.conftest import Server, running_server

pytestmark = pytest.mark.e2e


def test_the_preallocated_kinds_are_the_kinds_of_the_service_metrics() -> None:
    kinds = {
        collector._type  # type: ignore[attr-defined]
        for collector in vars(metrics).values()
        if hasattr(collector, "_type") and hasattr(collector, "_labelnames")
    }
    assert kinds == set(metrics_files.METRIC_TYPES)


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(directory: Path) -> None:
    with (directory / "filler").open("wb") as sink, contextlib.suppress(OSError):
        while True:
            sink.write(b"\0" * 65536)
            sink.flush()
            os.fsync(sink.fileno())


def _workers(server: Server) -> list[int]:
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    return [int(pid) for pid in children.read_text().split()]


def _exercise(server: Server) -> list[int]:
    """Requests that touch many label sets: documents, errors of several kinds, 404s."""
    statuses = []
    for i in range(40):
        statuses.append(server.post("/v1/normalize", b'{"text": 1}', "application/json")[0])
        statuses.append(server.get(f"/nowhere/{i}")[0])
        statuses.append(server.post("/v1/normalize", b"{", "application/json")[0])
        statuses.append(server.post("/v1/normalize", b"x", "application/x-unknown")[0])
        body = json.dumps({"text": f"Headline {i}\n\nA paragraph of the story {i}."}).encode()
        statuses.append(server.post("/v1/normalize", body, "application/json")[0])
    return statuses


def _wait_all_ready(server: Server, deadline: float) -> None:
    ready_in_a_row = 0
    while ready_in_a_row < 6:  # new connections each time: both workers answered ready
        assert time.monotonic() < deadline
        ready_in_a_row = ready_in_a_row + 1 if server.get("/readyz")[0] == 200 else 0
        time.sleep(0.2)


def test_a_full_metrics_disk_neither_crashes_workers_nor_fails_requests(
    small_tmpfs: Path, tmp_path: Path
) -> None:
    metrics_dir = small_tmpfs / "metrics"
    metrics_dir.mkdir()
    with running_server(
        tmp_path, WORKERS="2", TMPDIR=str(small_tmpfs), PROMETHEUS_MULTIPROC_DIR=str(metrics_dir)
    ) as server:
        _fill(small_tmpfs)
        assert set(_exercise(server)) == {200, 400, 404, 415}

        assert "metrics_dir_full" not in server.log.read_text()  # room for both at start

        # A replacement worker starts on the full disk.
        old_worker = _workers(server)[0]
        os.kill(old_worker, signal.SIGTERM)
        deadline = time.monotonic() + 120
        while "metrics_dir_full" not in server.log.read_text():
            assert time.monotonic() < deadline, server.log.read_text()[-3000:]
            time.sleep(0.5)
        while len(_workers(server)) != 2 or old_worker in _workers(server):
            assert time.monotonic() < deadline
            time.sleep(0.5)
        _wait_all_ready(server, deadline)
        assert set(_exercise(server)) == {200, 400, 404, 415}
        assert server.get("/metrics")[0] == 200
        log = server.log.read_text()
    boots = re.findall(r"Booting worker", log)
    assert len(boots) == 3, log[-3000:]  # the first two and one replacement: no crash loop
    assert log.count("metrics_dir_full") == 1
    assert "SIGBUS" not in log
