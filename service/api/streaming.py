"""A streaming response that may be sent while the request body is still being read.

Litestar's stock streaming response listens for a client disconnect by calling ``receive()``
concurrently, which would swallow request-body chunks that the NDJSON handler is still reading.
This one leaves ``receive`` to the body reader, which itself notices a disconnect.
"""

from __future__ import annotations

from litestar.response.streaming import ASGIStreamingResponse
from litestar.types import Receive, Send


class DuplexStreamingResponse(ASGIStreamingResponse):
    """Streams the iterator's chunks; the iterator may consume the request body as it goes."""

    async def send_body(self, send: Send, receive: Receive) -> None:
        await self._stream(send)
