"""A document at the size limit costs bounded memory and gets a bounded answer, through the real
server: the worker and its pipeline process are sampled from /proc while the request runs, on a
fresh server per case so that one case's retained memory does not hide the next one's growth."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import Server, memory_of, process_tree, request, running_server

pytestmark = pytest.mark.e2e

MIB = 1024 * 1024


def _tree_rss(pid: int) -> int:
    return sum(memory_of(p, "VmRSS") for p in process_tree(pid))


@pytest.fixture
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(
        tmp_path_factory.mktemp("memory"), WORKERS="1", PIPELINE_PROCESSES="1"
    ) as running:
        yield running


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("ten million short lines", "a\n" * 5_000_000),
        ("one ten-megabyte line", "word " * 2_000_000),
    ],
)
def test_a_document_at_the_size_limit_has_bounded_memory_and_answer(
    server: Server, name: str, text: str
) -> None:
    master = server.process.pid
    workers = [p for p in process_tree(master) if p != master]
    assert workers, "no gunicorn worker found"
    worker = workers[0]
    body = text.encode()
    baseline = _tree_rss(worker)
    peak = baseline
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(worker))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        status, _, answer = request(
            server.url + "/v1/normalize", body, {"Content-Type": "text/plain"}, timeout=120
        )
    finally:
        done.set()
        sampler.join()
    growth = peak - baseline
    print(
        f"\n{name}: {len(body) / MIB:.1f} MiB in -> {status}, {len(answer) / MIB:.2f} MiB out; "
        f"worker + pipeline process RSS {baseline / MIB:.0f} MiB, peak +{growth / MIB:.0f} MiB"
    )
    assert status in (200, 422), answer[:300]
    if status == 200:
        assert isinstance(json.loads(answer)["removed"], list)
    # An article carries its body twice, joined (`body`) and split (`paragraphs`); every other
    # line once, in `removed`. So a page that is all body answers a little over twice its size.
    assert len(answer) < 2 * len(body) + 64 * 1024
    assert growth < 300 * MIB
