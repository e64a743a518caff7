"""JSON nested too deep for the decoder fails only the document that holds it, never with 500,
never cutting a stream."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from litestar.testing import TestClient

from article_normalizer.api.app import NormalizerApp
from article_normalizer.api.batch_split import split_documents
from tests.api.conftest import problem_code
from tests.api.test_normalize import ARTICLE_TEXT

DEPTH = 100_000
DEEP = b"[" * DEPTH + b"]" * DEPTH
UNCLOSED = b"[" * DEPTH


def _good(doc_id: str) -> bytes:
    return json.dumps({"id": doc_id, "text": ARTICLE_TEXT}).encode()


def _deep(doc_id: str, value: bytes = DEEP) -> bytes:
    return b'{"id": "' + doc_id.encode() + b'", "text": "x", "extra": ' + value + b"}"


def test_one_deep_document_is_a_400(client: TestClient[NormalizerApp]) -> None:
    response = client.post(
        "/v1/normalize", content=_deep("a"), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert problem_code(response.json()) == "invalid_document"
    assert response.json()["field"] == "$.extra"


def test_a_deep_document_in_a_batch_fails_alone(client: TestClient[NormalizerApp]) -> None:
    body = b'{"documents": [' + b",".join([_good("a"), _deep("b"), _good("c")]) + b"]}"
    response = client.post(
        "/v1/normalize/batch", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["index"], r["ok"]) for r in results] == [(0, True), (1, False), (2, True)]
    assert problem_code(results[1]["error"]) == "invalid_document"
    assert [r["id"] for r in results] == ["a", None, "c"]


def test_a_deep_batch_that_is_not_an_envelope_is_a_400(
    client: TestClient[NormalizerApp],
) -> None:
    for body, code in [
        (DEEP, "invalid_batch"),
        (b'{"documents": [' + _deep("a", UNCLOSED), "invalid_json"),
        (b'{"documents": [' + _good("a") + b'], "x": ' + DEEP + b"}", "invalid_batch"),
    ]:
        response = client.post(
            "/v1/normalize/batch", content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 400
        assert problem_code(response.json()) == code


def test_a_deep_ndjson_line_fails_alone(client: TestClient[NormalizerApp]) -> None:
    body = b"\n".join([_good("a"), _deep("b"), _good("c"), _deep("d", UNCLOSED)]) + b"\n"
    response = client.post(
        "/v1/normalize/batch", content=body, headers={"Content-Type": "application/x-ndjson"}
    )
    assert response.status_code == 200
    entries = [json.loads(line) for line in response.content.splitlines()]
    assert [(e["index"], e["ok"]) for e in entries] == [
        (0, True),
        (1, False),
        (2, True),
        (3, False),
    ]
    assert problem_code(entries[1]["error"]) == "invalid_document"
    assert problem_code(entries[3]["error"]) == "invalid_document"


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=12,
)


@given(st.lists(_json, max_size=6), st.booleans())
def test_splitting_an_envelope_gives_back_each_document(docs: list[Any], compact: bool) -> None:
    separators = (",", ":") if compact else (", ", ": ")
    body = json.dumps({"documents": docs}, separators=separators, ensure_ascii=False)
    pieces = split_documents(body.encode())
    assert pieces is not None
    assert [json.loads(piece) for piece in pieces] == docs


def test_a_deep_value_where_the_decoder_must_descend_is_invalid_json() -> None:
    from article_normalizer.serving.documents import DocumentFailure, parse_document, peek_id

    # A document is decoded as a RawDocument (no descent) and then, to report its id, as a
    # dict; the second goes as deep as the value does.
    assert peek_id(_deep("a")) is None
    doc = b'{"text": "x", "url": ' + DEEP + b"}"
    try:
        parse_document(doc, max_bytes=len(doc))
    except DocumentFailure as failure:
        assert failure.problem.status == 400
    else:
        raise AssertionError("a deep url was accepted")


def test_splitting_refuses_what_is_not_an_envelope() -> None:
    for body in (
        b"[1]",
        b'{"documents": [1,,2]}',
        b'{"x": 1, "documents": []}',
        b'{"documents": [1]',
    ):
        assert split_documents(body) is None
