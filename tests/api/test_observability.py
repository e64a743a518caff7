"""What the metrics count: failures as errors (not misses or probes), each document's time."""

from __future__ import annotations

from litestar.testing import TestClient
from prometheus_client import REGISTRY

from article_normalizer.api.app import NormalizerApp, create_app
from article_normalizer.serving.settings import Settings
from tests.api.conftest import client_for

_TEXT = (
    "Bridge reopens after repairs\n\nThe old bridge reopened to traffic on Tuesday after two "
    "years of repairs, the city said in a statement."
)
_HTML = "<h1>Bridge reopens</h1><p>" + _TEXT.split("\n\n")[1] + "</p>"


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def _errors(code: str) -> float:
    return _value("normalizer_errors_total", type=code)


def _documents_timed(kind: str) -> float:
    return _value("normalizer_document_duration_seconds_count", input_kind=kind)


def test_misses_and_not_ready_probes_are_not_errors() -> None:
    with client_for(create_app(Settings(), warm=False)) as client:
        before = {code: _errors(code) for code in ("not_found", "not_ready", "method_not_allowed")}
        assert client.get("/no/such/path").status_code == 404
        assert client.get("/readyz").status_code == 503
        assert client.delete("/healthz").status_code == 405
        for code, count in before.items():
            assert _errors(code) == count, code
        # They are still in the request counter, under their status.
        text = client.get("/metrics").text
        assert 'route="/readyz",status="503"' in text


def test_document_failures_are_still_errors(client: TestClient[NormalizerApp]) -> None:
    before = _errors("empty_document")
    assert client.post("/v1/normalize", json={"text": " "}).status_code == 422
    assert _errors("empty_document") == before + 1


def test_every_document_is_timed_by_input_kind(client: TestClient[NormalizerApp]) -> None:
    text, html = _documents_timed("text"), _documents_timed("html")
    assert client.post("/v1/normalize", json={"text": _TEXT}).status_code == 200
    assert client.post("/v1/normalize", json={"html": _HTML}).status_code == 200
    batch = {"documents": [{"text": _TEXT}, {"text": _TEXT}, {"html": _HTML}]}
    assert client.post("/v1/normalize/batch", json=batch).status_code == 200
    lines = b'{"text": "%s"}\n{"html": "%s"}\n' % (
        _TEXT.replace("\n", "\\n").encode(),
        _HTML.encode(),
    )
    streamed = client.post(
        "/v1/normalize/batch", content=lines, headers={"content-type": "application/x-ndjson"}
    )
    assert streamed.status_code == 200
    assert _documents_timed("text") == text + 4
    assert _documents_timed("html") == html + 3
    exposed = client.get("/metrics").text
    assert 'normalizer_document_duration_seconds_bucket{input_kind="html",le="0.5"}' in exposed
