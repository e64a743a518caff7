"""A streaming response that may be sent while the request body is still being read.

Litestar's stock streaming response listens for a client disconnect by calling ``receive()``
concurrently, which would swallow request-body chunks that the NDJSON handler is still reading.
This one leaves ``receive`` to the body reader, which itself notices a disconnect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar.response.streaming import ASGIStreamingResponse
from litestar.types import Receive, Scope, Send


class DuplexStreamingResponse(ASGIStreamingResponse):
    """Streams the iterator's chunks; the iterator may consume the request body as it goes.

    ``on_close`` runs once the response is done, however it ends (sent, failed, or the client
    gone before the first byte), so a place the handler took in the admission queue is always
    given back.
    """

    def __init__(self, *, on_close: Callable[[], None] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_close = on_close

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            if self._on_close is not None:
                self._on_close()

    async def send_body(self, send: Send, receive: Receive) -> None:
        await self._stream(send)
