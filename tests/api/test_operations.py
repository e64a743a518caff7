"""Liveness, readiness, metrics and the access log."""

from __future__ import annotations

import json
import time

import pytest
from litestar.testing import TestClient

from article_normalizer.api.app import NormalizerApp, create_app
from article_normalizer.serving.settings import Settings
from tests.api.conftest import PROBLEM, client_for, problem_code
from tests.api.test_normalize import ARTICLE_TEXT


def test_liveness_answers_at_once(client: TestClient[NormalizerApp]) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_not_ready_until_warm_up_has_run() -> None:
    with client_for(create_app(Settings(), warm=False)) as cold:
        response = cold.get("/readyz")
        assert response.status_code == 503
        assert response.headers["content-type"] == PROBLEM
        assert problem_code(response.json()) == "not_ready"


def test_ready_once_warm_up_is_done() -> None:
    with client_for(create_app(Settings())) as warm:
        deadline = time.monotonic() + 120
        while (response := warm.get("/readyz")).status_code != 200:
            assert time.monotonic() < deadline, response.text
            time.sleep(0.2)
        assert response.json() == {"status": "ready"}
        started = time.perf_counter()
        first = warm.post("/v1/normalize", json={"text": ARTICLE_TEXT})
        assert first.status_code == 200
        print(f"\nfirst request after warm-up: {time.perf_counter() - started:.3f} s")


def test_metrics_count_documents_errors_and_removed_lines(
    client: TestClient[NormalizerApp],
) -> None:
    client.post("/v1/normalize", json={"text": ARTICLE_TEXT})
    client.post("/v1/normalize", json={"text": 1})
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'normalizer_documents_total{input_kind="text",outcome="ok"}' in text
    assert 'normalizer_errors_total{type="invalid_document"}' in text
    assert "normalizer_removed_blocks_total{kind=" in text
    assert (
        'normalizer_http_requests_total{method="POST",route="/v1/normalize",status="200"}' in text
    )
    assert "normalizer_http_request_duration_seconds_bucket" in text


def test_one_json_access_line_per_request_with_its_request_id(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with client_for(create_app(Settings(log_format="json"), warm=False)) as logged:
        capsys.readouterr()
        response = logged.get("/healthz", headers={"X-Request-ID": "trace-42"})
        out = capsys.readouterr().out
    assert response.headers["x-request-id"] == "trace-42"
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    access = [line for line in lines if line.get("event") == "request"]
    assert len(access) == 1
    assert access[0]["request_id"] == "trace-42"
    assert access[0]["status"] == 200
    assert access[0]["route"] == "/healthz"
    assert access[0]["level"] == "info"
    assert isinstance(access[0]["duration_ms"], float)


def test_unknown_methods_share_one_metric_label(client: TestClient[NormalizerApp]) -> None:
    for i in range(3):
        assert client.request(f"BREW{i}", "/healthz").status_code == 405
    text = client.get("/metrics").text
    assert 'method="other"' in text
    assert "BREW" not in text
