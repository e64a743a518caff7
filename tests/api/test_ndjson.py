"""POST /v1/normalize/batch with NDJSON: one result line per input line, streamed."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from article_normalizer.api.app import NormalizerApp, create_app
from article_normalizer.api.routes import _ndjson_entries
from article_normalizer.normalize import Article, RawDocument
from article_normalizer.serving.settings import Settings
from tests.api.conftest import client_for, problem_code
from tests.api.test_normalize import ARTICLE_TEXT

NDJSON = {"content-type": "application/x-ndjson"}
LIMIT = 2048


@pytest.fixture(scope="module")
def stream_client() -> Iterator[TestClient[NormalizerApp]]:
    with client_for(create_app(Settings(max_document_bytes=LIMIT), warm=False)) as client:
        yield client


def _lines(response_text: str) -> list[dict[str, Any]]:
    assert response_text.endswith("\n")
    return [json.loads(line) for line in response_text.splitlines()]


def test_each_input_line_gets_one_result_line_in_order(
    stream_client: TestClient[NormalizerApp],
) -> None:
    body = (
        json.dumps({"text": ARTICLE_TEXT, "id": "a"}) + "\n"
        "\n"
        "not json\n"
        + json.dumps({"text": "x" * (LIMIT + 1), "id": "big"})
        + "\r\n"
        + json.dumps({"text": 5, "id": "typed"})
        + "\n"
        + json.dumps({"text": ARTICLE_TEXT, "id": "last, no newline"})
    ).encode()
    response = stream_client.post("/v1/normalize/batch", content=body, headers=NDJSON)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    entries = _lines(response.text)
    assert [e["index"] for e in entries] == [0, 1, 2, 3, 4, 5]
    assert [e["ok"] for e in entries] == [True, False, False, False, False, True]
    assert entries[0]["id"] == "a"
    assert problem_code(entries[1]["error"]) == "invalid_json"
    assert problem_code(entries[2]["error"]) == "invalid_json"
    assert problem_code(entries[3]["error"]) == "document_too_large"
    assert problem_code(entries[4]["error"]) == "invalid_document"
    assert entries[4]["id"] == "typed"
    assert entries[5]["id"] == "last, no newline"


def test_empty_stream_gives_empty_answer(stream_client: TestClient[NormalizerApp]) -> None:
    response = stream_client.post("/v1/normalize/batch", content=b"", headers=NDJSON)
    assert response.status_code == 200
    assert response.text == ""


def test_thousands_of_small_documents_stream_through_in_order(
    stream_client: TestClient[NormalizerApp],
) -> None:
    lines = [
        json.dumps({"text": f"Headline {i}\n\nParagraph {i} has a few words in it.", "id": str(i)})
        for i in range(3_000)
    ]
    started = time.perf_counter()
    response = stream_client.post(
        "/v1/normalize/batch", content=("\n".join(lines) + "\n").encode(), headers=NDJSON
    )
    elapsed = time.perf_counter() - started
    entries = _lines(response.text)
    print(f"\nNDJSON 3,000 small documents in-process: {elapsed:.1f} s")
    assert len(entries) == 3_000
    assert [e["index"] for e in entries] == list(range(3_000))
    assert [e["id"] for e in entries] == [str(i) for i in range(3_000)]
    assert all(e["ok"] for e in entries)


# --- Properties of the framing, independent of the pipeline: a fast fake normalizer and a
# --- request body delivered in arbitrary chunks.


def _echo(doc: RawDocument, now: datetime) -> Article:
    return Article(id=doc.id, body=doc.text or "")


class _ChunkedRequest:
    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks

    async def stream(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk


def _run_stream(chunks: list[bytes], limit: int) -> list[dict[str, Any]]:
    async def collect() -> bytes:
        request = cast(Any, _ChunkedRequest(chunks))
        out = b""
        async for piece in _ndjson_entries(request, Settings(max_document_bytes=limit), _echo):
            out += piece
        return out

    output = asyncio.run(collect())
    return [json.loads(line) for line in output.splitlines()]


_line = st.one_of(
    st.builds(
        lambda t, i: json.dumps({"text": t, "id": i}),
        st.text(min_size=1, max_size=60).filter(lambda t: t.strip()),
        st.text(max_size=8),
    ),
    st.text(max_size=40).filter(lambda t: "\n" not in t and "\r" not in t),
    st.just(""),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(_line, max_size=25),
    cuts=st.lists(st.integers(min_value=0, max_value=4000), max_size=12),
    limit=st.integers(min_value=8, max_value=200),
    trailing_newline=st.booleans(),
)
def test_stream_framing_is_one_entry_per_line_whatever_the_chunking(
    lines: list[str], cuts: list[int], limit: int, trailing_newline: bool
) -> None:
    body = "\n".join(lines).encode("utf-8")
    if trailing_newline and lines:
        body += b"\n"
    points = sorted({c % (len(body) + 1) for c in cuts})
    chunks = [body[a:b] for a, b in zip([0, *points], [*points, len(body)], strict=True)]
    entries = _run_stream(chunks, limit)

    expected_lines = body.split(b"\n")
    if body.endswith(b"\n") or not body:
        expected_lines = expected_lines[:-1]
    assert [e["index"] for e in entries] == list(range(len(expected_lines)))
    for entry, raw in zip(entries, expected_lines, strict=True):
        if len(raw) > limit:
            assert problem_code(entry["error"]) == "document_too_large"
            continue
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict) and parsed.get("text", "").strip():
            assert entry["ok"] is True
            assert entry["id"] == parsed["id"]
            assert entry["article"]["body"] == parsed["text"]
        else:
            assert entry["ok"] is False
            assert entry["error"]["status"] in (400, 413, 422)


@settings(max_examples=200, deadline=None)
@given(junk=st.binary(max_size=300))
def test_arbitrary_bytes_never_break_the_stream(junk: bytes) -> None:
    entries = _run_stream([junk], limit=100)
    expected = junk.split(b"\n")
    if junk.endswith(b"\n") or not junk:
        expected = expected[:-1]
    assert len(entries) == len(expected)
    assert all(isinstance(e["ok"], bool) for e in entries)
