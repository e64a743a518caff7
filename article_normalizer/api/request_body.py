"""Reading a request body under the service's limits: its size, and how long it may stall.

The server hands bodies to the app unread (the gunicorn worker bounds only the request head),
because only the app knows whether it still wants the rest of one: an over-limit body is
drained so the client can read its 413, a stalled one ends with 408.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import anyio
from litestar import Request

from article_normalizer.api.errors import ProblemError
from article_normalizer.serving.problems import (
    DOCUMENT_TOO_LARGE,
    REQUEST_TIMEOUT,
    Problem,
    problem,
)

_DISCARD_FLOOR = 1 * 1024 * 1024
_DISCARD_CEILING = 64 * 1024 * 1024
_CLOSE = {"Connection": "close"}


def discard_cap(limit: int) -> int:
    """Most bytes of an over-limit body read (and dropped) so the client can see its 413.

    Python's HTTP clients (urllib, requests, httpx) send the whole body before they read the
    answer; closing on them mid-upload resets the connection and they never see the problem.
    Draining a few times the limit lets them; past that, a client is not owed the bandwidth.
    """
    return min(max(4 * limit, _DISCARD_FLOOR), _DISCARD_CEILING)


async def body_chunks(request: Request[Any, Any, Any], gap_s: float) -> AsyncGenerator[bytes, None]:
    """The body's chunks, ending the request with 408 when the next one is ``gap_s`` late."""
    stream = request.stream()
    try:
        while True:
            try:
                with anyio.fail_after(gap_s):
                    chunk = await anext(stream)
            except StopAsyncIteration:
                return
            except TimeoutError:
                raise ProblemError(
                    problem(
                        REQUEST_TIMEOUT,
                        f"expected the next part of the body within {gap_s:g} s; none came",
                    ),
                    headers=_CLOSE,
                ) from None
            yield chunk
    finally:
        await stream.aclose()


async def read_body(request: Request[Any, Any, Any], limit: int, gap_s: float) -> bytes:
    """The whole body; 413 when it exceeds ``limit`` bytes, 408 when it stalls for ``gap_s``.

    An over-limit body is drained (up to :func:`discard_cap`) before the 413, unless the client
    asked first with ``Expect: 100-continue``: then it has sent nothing and hears at once.
    """
    cap = discard_cap(limit)
    announced_header = request.headers.get("content-length")
    announced = int(announced_header) if announced_header and announced_header.isdigit() else None
    if announced is not None and announced > limit:
        waiting = "100-continue" in request.headers.get("expect", "").lower()
        if not waiting and announced <= cap:
            async with contextlib.aclosing(body_chunks(request, gap_s)) as rest:
                await _drain(rest, cap)
        raise ProblemError(_too_large(limit, announced), headers=_CLOSE)
    chunks: list[bytes] = []
    total = 0
    async with contextlib.aclosing(body_chunks(request, gap_s)) as stream:
        async for chunk in stream:
            total += len(chunk)
            if total > limit:
                await _drain(stream, cap - total)
                raise ProblemError(_too_large(limit, total, at_least=True), headers=_CLOSE)
            chunks.append(chunk)
    return b"".join(chunks)


async def _drain(chunks: AsyncIterator[bytes], budget: int) -> None:
    """Drop chunks until the body ends, ``budget`` bytes are dropped, or the client stalls."""
    with contextlib.suppress(ProblemError):
        async for chunk in chunks:
            budget -= len(chunk)
            if budget < 0:
                return


def _too_large(limit: int, size: int, *, at_least: bool = False) -> Problem:
    got = f"{'at least ' if at_least else ''}{size} bytes"
    return problem(DOCUMENT_TOO_LARGE, f"expected a body of at most {limit} bytes, got {got}")
