"""What a hostile or clumsy client can make the real server hold: heads, stalls, huge bodies.

One server with short read timeouts (2 s) so stalls are tested in seconds; budgets around them
are generous because the machine is shared.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import requests

from tests.e2e.conftest import Server, running_server

pytestmark = pytest.mark.e2e

TIMEOUT_S = 2
TYPE_PREFIX = "urn:article-normalizer:problem:"


@pytest.fixture(scope="module")
def edge_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(
        tmp_path_factory.mktemp("edges"),
        WORKERS="1",
        HEADER_READ_TIMEOUT_S=str(TIMEOUT_S),
        BODY_READ_TIMEOUT_S=str(TIMEOUT_S),
    ) as running:
        yield running


def _worker_pid(server: Server) -> int:
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    pids = [int(pid) for pid in children.read_text().split()]
    assert len(pids) == 1, pids
    return pids[0]


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _read_until_closed(sock: socket.socket, budget_s: float) -> bytes:
    """Everything the server sends until it closes (or ``budget_s`` runs out)."""
    sock.settimeout(budget_s)
    out = b""
    deadline = time.monotonic() + budget_s
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except (TimeoutError, ConnectionResetError):
            break
        if not chunk:
            break
        out += chunk
    return out


def _exchange(server: Server, data: bytes, budget_s: float = 30) -> tuple[float, bytes]:
    """Send ``data``, then wait; the seconds until the server closed, and what it said."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(data)
        started = time.monotonic()
        answer = _read_until_closed(sock, budget_s)
        return time.monotonic() - started, answer


def _problem(answer: bytes) -> dict[str, object]:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"application/problem+json" in head, head
    if b"transfer-encoding: chunked" in head.lower():
        body = body.split(b"\r\n", 1)[1]
    return dict(json.loads(body[: body.rindex(b"}") + 1]))


def test_a_64_mib_header_is_refused_at_once_without_growing_the_worker(
    edge_server: Server,
) -> None:
    pid = _worker_pid(edge_server)
    before = _rss_kib(pid)
    chunk = b"a" * 65536
    sent = 0
    with socket.create_connection(("127.0.0.1", edge_server.port), timeout=10) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Huge: ")
        started = time.monotonic()
        try:
            while sent < 64 * 1024 * 1024 and time.monotonic() - started < 60:
                sock.sendall(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        elapsed = time.monotonic() - started
        answer = _read_until_closed(sock, 10)
    after = _rss_kib(pid)
    assert sent < 64 * 1024 * 1024, "the server took the whole 64 MiB header"
    # Refused after the limit plus what the kernel's socket buffers hold, not after 64 MiB.
    assert sent < 16 * 1024 * 1024, sent
    assert elapsed < 30
    assert answer == b"" or answer.startswith(b"HTTP/1.1 400"), answer[:200]
    assert after - before < 16 * 1024, (before, after)
    assert edge_server.get("/healthz")[0] == 200


def test_a_head_within_the_limit_is_served(edge_server: Server) -> None:
    status, _, _ = _request_with_header(edge_server, "x" * 32_000)
    assert status == 200


def _request_with_header(server: Server, value: str) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(server.url + "/healthz", headers={"X-Padding": value})
    with urllib.request.urlopen(req, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def test_half_a_head_gets_408_and_the_connection_closed(edge_server: Server) -> None:
    elapsed, answer = _exchange(edge_server, b"POST /v1/normalize HTTP/1.1\r\nHost: x\r\n")
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert TIMEOUT_S * 0.9 <= elapsed < TIMEOUT_S + 20


def test_a_silent_connection_is_closed(edge_server: Server) -> None:
    elapsed, answer = _exchange(edge_server, b"")
    assert answer == b""
    assert TIMEOUT_S * 0.9 <= elapsed < TIMEOUT_S + 20


def test_half_a_body_gets_a_request_timeout_problem(edge_server: Server) -> None:
    head = (
        b"POST /v1/normalize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\n\r\n"
    )
    elapsed, answer = _exchange(edge_server, head + b'{"text": "Half a')
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b"connection: close" in answer.lower()
    problem = _problem(answer)
    assert problem["type"] == TYPE_PREFIX + "request_timeout"
    assert problem["status"] == 408
    assert elapsed < TIMEOUT_S + 20


def test_a_stalled_ndjson_stream_ends_with_a_request_timeout_entry(edge_server: Server) -> None:
    lines = (
        b'{"id": "a", "text": "Harbour expansion approved\\n\\nThe port authority approved a '
        b'plan to expand the city harbour, officials said."}\n{"id": "b", "te'
    )
    head = (
        b"POST /v1/normalize/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    elapsed, answer = _exchange(edge_server, head + b"%x\r\n" % len(lines) + lines + b"\r\n")
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    entries = [json.loads(line) for line in answer.split(b"\r\n") if line.startswith(b'{"index"')]
    assert [(e["index"], e["ok"]) for e in entries] == [(0, True), (1, False)]
    assert entries[1]["error"]["type"] == TYPE_PREFIX + "request_timeout"
    assert answer.endswith(b"0\r\n\r\n")  # the chunked answer is terminated
    assert elapsed < TIMEOUT_S + 30


# 413 for clients that send the whole body before they read (default MAX_BODY_BYTES, 10 MiB).
_TOO_LARGE = b'{"text": "' + b"a" * (12 * 1024 * 1024) + b'"}'


def _pieces() -> Iterator[bytes]:
    for start in range(0, len(_TOO_LARGE), 1 << 16):
        yield _TOO_LARGE[start : start + (1 << 16)]


def _assert_too_large(status: int, body: bytes) -> None:
    assert status == 413
    assert json.loads(body)["type"] == TYPE_PREFIX + "document_too_large"


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_urllib_sees_the_413_problem(edge_server: Server, chunked: bool) -> None:
    data = _pieces() if chunked else _TOO_LARGE
    req = urllib.request.Request(
        edge_server.url + "/v1/normalize", data=data, headers={"Content-Type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(req, timeout=60)
    _assert_too_large(raised.value.code, raised.value.read())


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_requests_sees_the_413_problem(edge_server: Server, chunked: bool) -> None:
    response = requests.post(
        edge_server.url + "/v1/normalize",
        data=_pieces() if chunked else _TOO_LARGE,
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    _assert_too_large(response.status_code, response.content)


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_httpx_sees_the_413_problem(edge_server: Server, chunked: bool) -> None:
    response = httpx.post(
        edge_server.url + "/v1/normalize/batch",
        content=_pieces() if chunked else _TOO_LARGE,
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    _assert_too_large(response.status_code, response.content)


def test_expect_100_continue_gets_the_413_before_sending(edge_server: Server) -> None:
    head = (
        b"POST /v1/normalize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\nExpect: 100-continue\r\n\r\n" % len(_TOO_LARGE)
    )
    elapsed, answer = _exchange(edge_server, head)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert _problem(answer)["type"] == TYPE_PREFIX + "document_too_large"
    assert elapsed < 20


def test_a_body_far_over_the_limit_is_not_drained(edge_server: Server) -> None:
    head = (
        b"POST /v1/normalize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n" % (1024 * 1024 * 1024)
    )
    elapsed, answer = _exchange(edge_server, head)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert elapsed < 20


def _client_logged(server: Server, request_id: str) -> object:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for line in server.log_lines():
            if line.get("event") == "request" and line.get("request_id") == request_id:
                return line["client"]
        time.sleep(0.2)
    raise AssertionError(f"no access line for {request_id}")


def _get_forwarded(server: Server) -> str:
    req = urllib.request.Request(server.url + "/healthz", headers={"X-Forwarded-For": "1.2.3.4"})
    with urllib.request.urlopen(req, timeout=30) as response:
        return str(response.headers["x-request-id"])


def test_forwarded_for_from_loopback_is_not_believed_by_default(edge_server: Server) -> None:
    assert _client_logged(edge_server, _get_forwarded(edge_server)) == "127.0.0.1"


def test_forwarded_for_is_believed_from_configured_peers(tmp_path: Path) -> None:
    with running_server(tmp_path, WORKERS="1", FORWARDED_ALLOW_IPS="127.0.0.1") as trusting:
        assert _client_logged(trusting, _get_forwarded(trusting)) == "1.2.3.4"
