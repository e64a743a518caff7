"""Reading request bodies: stalls end in 408, over-limit bodies are drained (boundedly) for 413.

The handlers' readers are driven with a fake request whose chunks arrive on a script, so a
stall costs a fraction of a second; the real server is in tests/e2e/test_serving_edges.py.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, cast

import pytest

from article_normalizer.api.errors import ProblemError
from article_normalizer.api.request_body import discard_cap, read_body
from article_normalizer.api.routes import _ndjson_entries
from article_normalizer.normalize import Article, RawDocument
from article_normalizer.serving.settings import Settings

GAP_S = 0.2
STALL = None


class _ScriptedRequest:
    """Yields ``chunks`` in order; ``STALL`` in the list means no further chunk ever comes."""

    def __init__(self, chunks: list[bytes | None], headers: dict[str, str] | None = None) -> None:
        self.chunks = chunks
        self.headers = headers or {}
        self.consumed = 0

    async def stream(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            if chunk is STALL:
                await asyncio.Event().wait()
                return
            self.consumed += 1
            yield chunk


def _read(request: _ScriptedRequest, limit: int) -> bytes:
    return asyncio.run(read_body(cast(Any, request), limit, GAP_S))


def _failure(request: _ScriptedRequest, limit: int) -> ProblemError:
    with pytest.raises(ProblemError) as raised:
        _read(request, limit)
    return raised.value


def test_a_complete_body_is_returned() -> None:
    assert _read(_ScriptedRequest([b"ab", b"cd"]), limit=10) == b"abcd"


def test_a_stalled_body_is_a_request_timeout_closing_the_connection() -> None:
    failure = _failure(_ScriptedRequest([b"ab", STALL]), limit=10)
    assert failure.problem.status == 408
    assert failure.problem.type.endswith(":request_timeout")
    assert failure.headers == {"Connection": "close"}


def test_an_over_limit_body_is_read_to_its_end_before_the_413() -> None:
    request = _ScriptedRequest([b"x" * 600] * 5)
    failure = _failure(request, limit=1000)
    assert failure.problem.status == 413
    assert failure.headers == {"Connection": "close"}
    assert request.consumed == 5


def test_draining_stops_at_the_cap() -> None:
    limit = 1000
    pieces = discard_cap(limit) // 10_000 + 10
    request = _ScriptedRequest([b"x" * 10_000] * pieces)
    assert _failure(request, limit).problem.status == 413
    assert request.consumed < pieces


def test_draining_stops_when_the_client_stalls() -> None:
    failure = _failure(_ScriptedRequest([b"x" * 600] * 2 + [STALL]), limit=1000)
    assert failure.problem.status == 413


def test_an_announced_over_limit_body_is_drained_without_expect() -> None:
    request = _ScriptedRequest([b"x" * 600] * 2, headers={"content-length": "1200"})
    assert _failure(request, limit=1000).problem.status == 413
    assert request.consumed == 2


def test_expect_100_continue_gets_the_413_without_reading() -> None:
    headers = {"content-length": "1200", "expect": "100-continue"}
    request = _ScriptedRequest([b"x" * 600] * 2, headers=headers)
    assert _failure(request, limit=1000).problem.status == 413
    assert request.consumed == 0


def test_an_announced_body_over_the_cap_is_not_read() -> None:
    headers = {"content-length": str(discard_cap(1000) + 1)}
    request = _ScriptedRequest([b"x" * 600] * 2, headers=headers)
    assert _failure(request, limit=1000).problem.status == 413
    assert request.consumed == 0


def _echo(doc: RawDocument, now: datetime) -> Article:
    return Article(id=doc.id, body=doc.text or "")


def test_a_stalled_ndjson_stream_ends_with_a_request_timeout_entry() -> None:
    request = _ScriptedRequest([b'{"id": "a", "text": "one"}\n{"id": "b", "te', STALL])
    settings = Settings(body_read_timeout_s=GAP_S)

    async def collect() -> bytes:
        out = b""
        async for piece in _ndjson_entries(cast(Any, request), settings, _echo):
            out += piece
        return out

    entries = [json.loads(line) for line in asyncio.run(collect()).splitlines()]
    assert [(e["index"], e["ok"]) for e in entries] == [(0, True), (1, False)]
    assert entries[1]["error"]["type"].endswith(":request_timeout")
