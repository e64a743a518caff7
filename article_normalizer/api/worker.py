"""The gunicorn worker: uvicorn on h11, with bounds on what a client can make a worker hold.

uvicorn's default HTTP parser (httptools) buffers a request line or header of any size, and
neither parser gives up on a client that stops half-way through a request head. h11 refuses a
head over ``h11_max_incomplete_event_size`` before buffering more of it; the protocol below adds
the head deadline. Bodies are the app's business (:mod:`article_normalizer.api.request_body`),
because only the app knows whether it still wants the rest of one.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn_worker import UvicornWorker

from article_normalizer.serving.settings import Settings

_TIMEOUT_BODY = b"request head not received in time"
_TIMEOUT_RESPONSE = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(_TIMEOUT_BODY), _TIMEOUT_BODY)
)


class ReadTimeoutH11Protocol(H11Protocol):
    """uvicorn's h11 protocol plus a deadline for the request head.

    The timer runs from the connection's start, or from the first byte of a later request on a
    kept-alive connection, until the head is complete; uvicorn's own keep-alive timer covers the
    idle time between requests. After the answer is sent, body bytes the app never read are
    discarded by uvicorn; a client that stalls in the middle of those gets the same deadline
    per gap, because uvicorn stops its keep-alive timer on any data.
    """

    head_timeout_s: ClassVar[float] = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._read_timer is None and self.conn.their_state is h11.IDLE:
            self._arm()
        super().data_received(data)
        if self.conn.their_state is h11.IDLE:
            return  # still waiting for (the rest of) a head: keep the deadline
        if self.conn.their_state is h11.SEND_BODY and self.conn.our_state in (
            h11.DONE,
            h11.MUST_CLOSE,
        ):
            self._arm()  # answered already; what still comes is discarded, one gap at a time
        else:
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._read_timer = self.loop.call_later(self.head_timeout_s, self._on_read_timeout)

    def _disarm(self) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
            self._read_timer = None

    def _on_read_timeout(self) -> None:
        self._read_timer = None
        if self.transport.is_closing():
            return
        pending, _closed = self.conn.trailing_data
        if self.conn.their_state is h11.IDLE and pending:
            # Part of a head came: say why before closing (h11 cannot frame an answer to a
            # request it has not parsed, so the bytes are written as they are).
            self.transport.write(_TIMEOUT_RESPONSE)
        self.logger.info("Closing a connection: no complete request head within the deadline.")
        self.transport.close()


class NormalizerWorker(UvicornWorker):  # type: ignore[misc]
    """``uvicorn_worker.UvicornWorker`` on h11 with the limits from :class:`Settings`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        settings = Settings.from_env()
        protocol = type(
            "ConfiguredReadTimeoutH11Protocol",
            (ReadTimeoutH11Protocol,),
            {"head_timeout_s": settings.header_read_timeout_s},
        )
        # Read by UvicornWorker.__init__ when it builds uvicorn's Config. gunicorn passes its
        # own ``forwarded_allow_ips`` (set from the same setting in gunicorn_conf); with none
        # trusted the proxy-headers middleware is left out altogether.
        self.CONFIG_KWARGS = {
            "loop": "auto",
            "http": protocol,
            "h11_max_incomplete_event_size": settings.max_header_bytes,
            "proxy_headers": bool(settings.forwarded_allow_list),
        }
        super().__init__(*args, **kwargs)
