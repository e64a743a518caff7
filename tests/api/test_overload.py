"""Overload: beyond the processes and the queue a request is refused at once, and readiness says
so, while liveness keeps answering and nothing accepted is lost."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import Any

import pytest
from litestar.testing import TestClient

from article_normalizer.api.app import NormalizerApp, create_app
from article_normalizer.normalize import Article, RawDocument, normalize
from article_normalizer.serving.runner import Admission
from article_normalizer.serving.settings import Settings
from tests.api.conftest import PROBLEM, client_for, problem_code
from tests.api.test_normalize import ARTICLE_TEXT


class HeldNormalizer:
    """Normalizes in-process, but only once ``release`` is set: documents pile up as they would
    behind busy pipeline processes."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Semaphore(0)

    def __call__(self, doc: RawDocument, now: datetime) -> Article:
        self.started.release()
        assert self.release.wait(timeout=60)
        return normalize(doc, now=now)


@pytest.fixture
def held() -> Iterator[tuple[TestClient[NormalizerApp], HeldNormalizer]]:
    normalizer = HeldNormalizer()
    app = create_app(
        Settings(pipeline_processes=1, queue_length=1), normalizer=normalizer, warm=False
    )
    app.state.readiness.event.set()  # as if warm: only saturation can make it not ready
    with client_for(app) as client:
        yield client, normalizer
        normalizer.release.set()


def _post(client: TestClient[NormalizerApp], path: str = "/v1/normalize", **kwargs: Any) -> Any:
    return client.post(path, **({"json": {"text": ARTICLE_TEXT}} | kwargs))


def test_a_full_queue_refuses_at_once_and_readiness_follows(
    held: tuple[TestClient[NormalizerApp], HeldNormalizer],
) -> None:
    client, normalizer = held
    assert client.get("/readyz").status_code == 200
    with ThreadPoolExecutor(2) as pool:
        # One request in the (only) process, one in the queue of one.
        accepted: list[Future[Any]] = [pool.submit(_post, client) for _ in range(2)]
        assert normalizer.started.acquire(timeout=30)
        deadline = time.monotonic() + 30
        while client.get("/readyz").status_code == 200:
            assert time.monotonic() < deadline, "the worker never reported saturation"
            time.sleep(0.05)

        started = time.perf_counter()
        refused = _post(client)
        assert time.perf_counter() - started < 5  # prompt, not after the queue
        assert refused.status_code == 503
        assert refused.headers["content-type"] == PROBLEM
        assert refused.headers["retry-after"].isdigit()
        assert problem_code(refused.json()) == "overloaded"
        batch = _post(client, "/v1/normalize/batch", json={"documents": [{"text": "x"}]})
        assert batch.status_code == 503

        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert "busy" in ready.json()["detail"]
        assert client.get("/healthz").status_code == 200

        normalizer.release.set()
        answers = [future.result(timeout=60) for future in accepted]
    assert [answer.status_code for answer in answers] == [200, 200]
    assert client.get("/readyz").status_code == 200
    assert _post(client).status_code == 200


def test_an_ndjson_stream_gives_its_place_back_when_it_ends(
    held: tuple[TestClient[NormalizerApp], HeldNormalizer],
) -> None:
    client, normalizer = held
    normalizer.release.set()
    admission: Admission = client.app.state.admission
    for _ in range(3):  # more streams than places: each one's place came back
        response = client.post(
            "/v1/normalize/batch",
            content=b'{"text": "Harbour plan approved. The port authority said so."}\n',
            headers={"content-type": "application/x-ndjson"},
        )
        assert response.status_code == 200
        assert response.text.count("\n") == 1
    assert admission.inside == 0


def test_admission_counts_places() -> None:
    admission = Admission(2)
    assert admission.try_enter() and admission.try_enter()
    assert admission.saturated and not admission.try_enter()
    admission.leave()
    assert not admission.saturated and admission.inside == 1
    with pytest.raises(ValueError):
        Admission(0)
