"""Streaming 10,000 NDJSON documents through one gunicorn worker keeps its memory flat.

The client sends and reads at the same time over a raw socket (chunked upload in a thread),
as a scraper piping a large file would: a client that sent everything before reading would
deadlock any streaming server once the socket buffers filled. Peak RSS is the worker's
``VmHWM`` from /proc, read after warm-up and again after the stream.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import Server, running_server

pytestmark = pytest.mark.e2e

DOCUMENTS = 10_000


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def _worker_pid(server: Server) -> int:
    workers = [
        pid
        for pid in _children(server.process.pid)
        if "gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    ]
    assert len(workers) == 1, workers
    return workers[0]


def _documents() -> Iterator[bytes]:
    for i in range(DOCUMENTS):
        doc = {
            "text": f"World\n\nHeadline number {i} about the talks\n\nBy Jane Doe\n\n"
            f"The ministers met on day {i} and agreed to keep talking about trade.\n\n"
            "Leave a Reply",
            "id": f"doc-{i}",
        }
        yield json.dumps(doc).encode() + b"\n"


def _stream(port: int) -> tuple[list[dict[str, object]], float]:
    sock = socket.create_connection(("127.0.0.1", port), timeout=120)
    started = time.perf_counter()

    def send() -> None:
        sock.sendall(
            b"POST /v1/normalize/batch HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        batch = b""
        for line in _documents():
            batch += line
            if len(batch) > 16_384:
                sock.sendall(b"%x\r\n%s\r\n" % (len(batch), batch))
                batch = b""
        if batch:
            sock.sendall(b"%x\r\n%s\r\n" % (len(batch), batch))
        sock.sendall(b"0\r\n\r\n")

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    reader = sock.makefile("rb")
    status_line = reader.readline()
    assert b" 200 " in status_line, status_line
    while reader.readline() not in (b"\r\n", b""):
        pass
    body = bytearray()
    while True:  # chunked response
        size = int(reader.readline().strip().split(b";")[0], 16)
        if size == 0:
            reader.readline()
            break
        body += reader.read(size)
        reader.readline()
    elapsed = time.perf_counter() - started
    sender.join(timeout=30)
    sock.close()
    return [json.loads(line) for line in body.splitlines()], elapsed


def test_ten_thousand_documents_stream_with_flat_memory(tmp_path: Path) -> None:
    with running_server(tmp_path, WORKERS="1") as server:
        worker = _worker_pid(server)
        # Warm every code path once, then take the baseline.
        server.post("/v1/normalize/batch", next(_documents()), "application/x-ndjson")
        baseline_kb = _status_kb(worker, "VmHWM")
        entries, elapsed = _stream(server.port)
        peak_kb = _status_kb(worker, "VmHWM")
        current_kb = _status_kb(worker, "VmRSS")
    print(
        f"\nNDJSON {DOCUMENTS} documents through gunicorn (1 worker): {elapsed:.1f} s, "
        f"{DOCUMENTS / elapsed:.0f} docs/s; worker peak RSS {baseline_kb / 1024:.1f} MiB before, "
        f"{peak_kb / 1024:.1f} MiB after (growth {(peak_kb - baseline_kb) / 1024:.1f} MiB), "
        f"RSS now {current_kb / 1024:.1f} MiB"
    )
    assert len(entries) == DOCUMENTS
    assert [e["index"] for e in entries] == list(range(DOCUMENTS))
    assert all(e["ok"] for e in entries)
    # Flat: 10,000 documents (about 2.3 MB in, 6 MB out) must not grow the worker by more
    # than a small fraction of holding them all.
    assert peak_kb - baseline_kb < 40 * 1024
