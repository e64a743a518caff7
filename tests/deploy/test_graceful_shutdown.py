"""SIGTERM while requests are in flight: every request gets its full answer, gunicorn exits 0.

This is what a Kubernetes rolling update relies on. The preStop delay in k8s/deployment.yaml
keeps new connections away from a terminating pod; what remains is the server's part, pinned
here against the real gunicorn command (`make serve`, the image's CMD): stop accepting, finish
what was accepted, exit cleanly.

The clients stop opening connections just before the signal, and the test waits until the
kernel's accept queue is empty, so every request it counts was accepted by a worker: a
connection still in the backlog when the listeners close is the load balancer's problem
(that is what the preStop delay is for), not a request in flight.
"""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
GUNICORN_CONFIG = "python:article_normalizer.api.gunicorn_conf"
APP = "article_normalizer.api.app:app"
CLIENTS = 6
MAX_REQUESTS = 120
WARM_REQUESTS = 2 * CLIENTS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def news_page(rng: random.Random, paragraphs: int) -> str:
    """A scraped page in the shape of the seeds: menu and ticker lines, title, byline and date,
    a dateline lead, body paragraphs with a related-story line inside, then page furniture."""
    places = ["GENEVA", "NAIROBI", "OSLO", "LIMA", "HANOI"]
    subjects = [
        "The regional water authority",
        "A coalition of farmers",
        "The port operator",
        "City council members",
        "The national statistics office",
    ]
    verbs = ["said on Tuesday that", "warned that", "announced that", "confirmed that"]
    objects = [
        "reservoir levels had fallen to their lowest point in a decade",
        "new tariffs on fertiliser would take effect next month",
        "container traffic rose by a fifth compared with last year",
        "the budget for road repairs would be doubled",
        "inflation eased slightly for the third month in a row",
    ]
    tails = [
        "according to a statement published late in the evening.",
        "citing figures that have not been independently verified.",
        "adding that further talks were planned before the end of the year.",
        "in remarks to reporters outside the ministry.",
    ]

    def sentence() -> str:
        return (
            f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(objects)}, {rng.choice(tails)}"
        )

    lines = [
        "Home | World | Business | Markets | Opinion | Sport",
        "MARKETS  IDX 1,204.5 ▲ +0.4%  FX 3.71 ▼ -0.1%",
        "Business",
        f"Officials weigh next steps as {rng.choice(objects).split(' had ')[0]} worries grow",
        "By Staff Reporter   Published 12 Mar, 2024 08:15am",
        f"{rng.choice(places)}: {sentence()} {sentence()}",
    ]
    for i in range(paragraphs):
        lines.append(" ".join(sentence() for _ in range(3)))
        if i == paragraphs // 2:
            lines.append("Read more: Exporters brace for a difficult season")
    lines += [
        "Share on Facebook  Share on X  Copy link",
        "Subscribe to our newsletter for the morning briefing",
        "© 2024 Example Media Group. All rights reserved.",
    ]
    return "\n\n".join(lines) + "\n"


@dataclass
class Outcome:
    started: float
    finished: float
    status: int | None = None
    error: str | None = None


class Load:
    """Client threads, each posting one document per fresh connection until told to stop.

    ``connecting`` counts requests between the stop check and the end of sending, so the test
    can tell when no more connections can appear.
    """

    def __init__(self, port: int, documents: list[bytes]) -> None:
        self.port = port
        self.documents = documents
        self.lock = threading.Lock()
        self.stop = False
        self.connecting = 0
        self.issued = 0
        self.outcomes: list[Outcome] = []
        self.threads = [threading.Thread(target=self._run, args=(i,)) for i in range(CLIENTS)]

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def halt(self) -> None:
        with self.lock:
            self.stop = True

    def quiet(self) -> bool:
        with self.lock:
            return self.connecting == 0

    def done(self) -> int:
        with self.lock:
            return len(self.outcomes)

    def join(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        for t in self.threads:
            t.join(max(0.0, deadline - time.monotonic()))

    def _run(self, index: int) -> None:
        n = index
        while True:
            with self.lock:
                if self.stop or self.issued >= MAX_REQUESTS:
                    return
                self.issued += 1
                self.connecting += 1
            self.outcomes_append(self._one(self.documents[n % len(self.documents)]))
            n += CLIENTS

    def outcomes_append(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)

    def _one(self, body: bytes) -> Outcome:
        started = time.monotonic()
        outcome = Outcome(started=started, finished=started)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = False
        try:
            conn.request(
                "POST",
                "/v1/normalize",
                body=body,
                headers={"Content-Type": "text/plain; charset=utf-8", "Connection": "close"},
            )
            sent = True
            with self.lock:
                self.connecting -= 1
            response = conn.getresponse()
            payload = response.read()
            outcome.status = response.status
            article = json.loads(payload)
            # Complete, not good: the whole Article came back (extraction quality is other
            # tests' business; a cut-off answer would not parse or would lack the last field).
            if response.status != 200 or not {"body", "removed"} <= article.keys():
                outcome.error = f"status {response.status}: {payload[:300]!r}"
        except (OSError, http.client.HTTPException, ValueError) as exc:
            outcome.error = f"{type(exc).__name__}: {exc}"
        finally:
            if not sent:
                with self.lock:
                    self.connecting -= 1
            conn.close()
            outcome.finished = time.monotonic()
        return outcome


def accept_queue(port: int) -> int | None:
    """Connections waiting in the listening socket's accept queue (Linux), else None."""
    try:
        rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return None
    waiting = 0
    for row in rows:
        fields = row.split()
        local, state, queues = fields[1], fields[3], fields[4]
        if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
            waiting += int(queues.split(":")[1], 16)
    return waiting


def wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"expected {what} within {timeout} s")
        time.sleep(0.02)


def readiness(port: int) -> tuple[int, str]:
    """``/readyz``'s status and body; status 0 while nothing listens yet."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", "/readyz")
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    except OSError:
        return 0, ""
    finally:
        conn.close()


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM when the test process dies, even by SIGKILL or a
    timeout, so no server outlives an interrupted run."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, Path]]:
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "PORT": str(port),
        "WORKERS": "2",
        "GRACEFUL_TIMEOUT_S": "30",
        # On a crowded CI machine a large page can take seconds; a 422 `timeout` here would be
        # the budget's doing, not the shutdown's.
        "DOCUMENT_TIME_BUDGET_S": "60",
        "LOG_LEVEL": "warning",
        "TMPDIR": str(tmp_path),
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    # The image's CMD and `make serve`, bound to loopback only for the test.
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        GUNICORN_CONFIG,
        "--bind",
        f"127.0.0.1:{port}",
        APP,
    ]
    with log.open("wb") as out:
        # Its own process group: a failed test must not leave workers behind.
        proc = subprocess.Popen(
            cmd,
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    try:
        deadline = time.monotonic() + 120
        while (answer := readiness(port))[0] != 200:
            # A failed warm-up never recovers: say so now rather than at the deadline.
            if "warm-up failed" in answer[1] or proc.poll() is not None:
                pytest.fail(
                    f"gunicorn did not become ready: {answer[1]}\n{log.read_text()[-2000:]}"
                )
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn not ready in 120 s:\n{log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield proc, port, log
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


def test_sigterm_finishes_every_accepted_request_and_exits_zero(
    server: tuple[subprocess.Popen[bytes], int, Path],
) -> None:
    proc, port, log = server
    rng = random.Random(20240312)
    documents = [news_page(rng, paragraphs=150).encode() for _ in range(4)]
    load = Load(port, documents)
    load.start()
    try:
        wait_until(lambda: load.done() >= WARM_REQUESTS, 120, f"{WARM_REQUESTS} answers")
        load.halt()
        wait_until(load.quiet, 10, "every client to have sent its request")
        wait_until(lambda: accept_queue(port) in (0, None), 10, "an empty accept queue")
        in_flight = sum(1 for t in load.threads if t.is_alive())
        signalled = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        load.join(60)
        code = proc.wait(45)
    finally:
        load.halt()
        load.join(5)

    failures = [o.error for o in load.outcomes if o.error]
    assert not failures, f"{len(failures)} requests failed: {failures[:5]}"
    finished_after = sum(1 for o in load.outcomes if o.finished > signalled)
    assert in_flight > 0 and finished_after > 0, (
        "no request was in flight at SIGTERM: the test proved nothing (documents too small?)"
    )
    assert code == 0, f"gunicorn exited {code}:\n{log.read_text()[-3000:]}"
    assert "Traceback" not in log.read_text()


def test_idle_server_exits_zero_promptly_on_sigterm(
    server: tuple[subprocess.Popen[bytes], int, Path],
) -> None:
    """Nothing to finish: no waiting out the graceful timeout, and the port is released."""
    proc, port, log = server
    signalled = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(45)
    assert code == 0, f"gunicorn exited {code}:\n{log.read_text()[-3000:]}"
    assert time.monotonic() - signalled < 10
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), 2):
        pass
