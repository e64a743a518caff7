"""POST /v1/normalize/batch with a JSON body: one entry per document, in order, never failing
the batch for one bad document."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from article_normalizer.api.app import NormalizerApp, create_app
from article_normalizer.serving.settings import Settings
from tests.api.conftest import PROBLEM, client_for, problem_code
from tests.api.test_normalize import ARTICLE_HTML, ARTICLE_TEXT

MAX_DOCUMENT_BYTES = 4096


@pytest.fixture(scope="module")
def batch_client() -> Iterator[TestClient[NormalizerApp]]:
    settings = Settings(max_document_bytes=MAX_DOCUMENT_BYTES, max_batch_documents=1000)
    with client_for(create_app(settings, warm=False)) as client:
        yield client


# (document, expected ok, expected error code) for each kind of document in the mixed batch.
KINDS: list[tuple[Any, bool, str | None]] = [
    ({"text": ARTICLE_TEXT}, True, None),
    ({"html": ARTICLE_HTML}, True, None),
    ({"text": ""}, False, "empty_document"),
    ({"text": "   \n  "}, False, "empty_document"),
    ({"text": "a" * (MAX_DOCUMENT_BYTES + 10)}, False, "document_too_large"),
    ({"text": 42}, False, "invalid_document"),
    ({"text": "a", "html": "<p>a</p>"}, False, "ambiguous_input"),
    ({}, False, "ambiguous_input"),
    ({"text": "x", "language": "english"}, False, "invalid_document"),
    ("just a string", False, "invalid_document"),
    (None, False, "invalid_document"),
    ([1, 2], False, "invalid_document"),
]


def test_a_thousand_mixed_documents_give_a_thousand_entries_in_order(
    batch_client: TestClient[NormalizerApp],
) -> None:
    documents = []
    expected = []
    for i in range(1000):
        doc, ok, code = KINDS[i % len(KINDS)]
        if isinstance(doc, dict):
            doc = {**doc, "id": f"doc-{i}"}
        documents.append(doc)
        expected.append((ok, code))
    response = batch_client.post("/v1/normalize/batch", json={"documents": documents})
    assert response.status_code == 200, response.text[:500]
    results = response.json()["results"]
    assert len(results) == 1000
    for i, (entry, (ok, code)) in enumerate(zip(results, expected, strict=True)):
        assert entry["index"] == i
        assert entry["ok"] is ok, (i, entry)
        if isinstance(documents[i], dict):
            assert entry["id"] == f"doc-{i}"
        if ok:
            assert "practical cooperation" in entry["article"]["body"]
            assert "error" not in entry
        else:
            assert "article" not in entry
            assert problem_code(entry["error"]) == code, (i, entry)
            assert entry["error"]["detail"]


def test_field_errors_name_the_field_inside_the_document(
    batch_client: TestClient[NormalizerApp],
) -> None:
    response = batch_client.post(
        "/v1/normalize/batch", json={"documents": [{"text": "x", "language": "EN", "id": "z"}]}
    )
    entry = response.json()["results"][0]
    assert entry["id"] == "z"
    assert entry["error"]["field"] == "$.language"


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b'"documents"',
        b"{}",
        b'{"documents": {"text": "a"}}',
        b'{"documents": "a"}',
        b'{"documents": [], "extra": 1}',
        b'{"documents": [',
        b"",
    ],
)
def test_only_a_body_that_is_not_a_batch_is_a_400(
    batch_client: TestClient[NormalizerApp], body: bytes
) -> None:
    response = batch_client.post(
        "/v1/normalize/batch", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == PROBLEM
    assert problem_code(response.json()) in ("invalid_batch", "invalid_json")


def test_empty_batch_is_an_empty_answer(batch_client: TestClient[NormalizerApp]) -> None:
    response = batch_client.post("/v1/normalize/batch", json={"documents": []})
    assert response.status_code == 200
    assert response.json() == {"results": []}


def test_too_many_documents_or_bytes_is_a_413() -> None:
    settings = Settings(max_batch_documents=3, max_body_bytes=2000)
    with client_for(create_app(settings, warm=False)) as small:
        many = small.post("/v1/normalize/batch", json={"documents": [{"text": "a"}] * 4})
        assert many.status_code == 413
        assert problem_code(many.json()) == "too_many_documents"
        big = small.post("/v1/normalize/batch", json={"documents": [{"text": "a" * 2000}]})
        assert big.status_code == 413
        assert problem_code(big.json()) == "document_too_large"


def test_other_content_types_are_a_415(batch_client: TestClient[NormalizerApp]) -> None:
    response = batch_client.post(
        "/v1/normalize/batch", content=b"hello", headers={"content-type": "text/plain"}
    )
    assert response.status_code == 415
    assert problem_code(response.json()) == "unsupported_media_type"


def test_invalid_utf8_is_reported_on_the_document_that_had_it(
    batch_client: TestClient[NormalizerApp],
) -> None:
    good = json.dumps({"text": ARTICLE_TEXT, "id": "good"}).encode()
    bad = json.dumps({"text": ARTICLE_TEXT, "id": "bad"}).encode().replace(b"Monday", b"Mon\xffday")
    body = b'{"documents": [' + good + b", " + bad + b"]}"
    response = batch_client.post(
        "/v1/normalize/batch", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text
    first, second = response.json()["results"]
    assert "invalid_bytes_replaced" not in first["article"]["warnings"]
    assert "invalid_bytes_replaced" in second["article"]["warnings"]
