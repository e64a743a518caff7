"""A litestar app that only decodes a document and sends it back: the framework's ceiling.

Served by the same gunicorn config module as the real app, it shows what the web layer alone
costs (HTTP, msgspec validation of the same ``RawDocument``, JSON encoding), so the real
server's figure can be read as "pipeline plus this". It lives in ``bench/`` on purpose: the
production app gets no echo route.
"""

from __future__ import annotations

from litestar import Litestar, post
from litestar.params import JSONBody

from article_normalizer.normalize.models import RawDocument
from bench.perf.server import ECHO_PATH


@post(ECHO_PATH, status_code=200)
async def echo(data: JSONBody[RawDocument]) -> RawDocument:
    """The document as received."""
    return data


app = Litestar(route_handlers=[echo], openapi_config=None)
