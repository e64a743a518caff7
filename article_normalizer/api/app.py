"""The application factory: settings in, a ready-to-serve litestar app out.

``app`` at module level is what gunicorn serves (``article_normalizer.api.app:app``); tests build
their own
with :func:`create_app` and a :class:`Settings` of their choosing.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from datetime import UTC, datetime
from typing import Any, cast

from litestar import Litestar
from litestar.datastructures import State
from litestar.enums import ScopeType
from litestar.types import (
    HTTPScope,
    LifeSpanReceive,
    LifeSpanScope,
    LifeSpanSend,
    Message,
    Receive,
    Scope,
    Send,
)

from article_normalizer.api.errors import EXCEPTION_HANDLERS
from article_normalizer.api.health import HEALTH_ROUTES, Readiness
from article_normalizer.api.logs import configure_logging, get_logger
from article_normalizer.api.metrics import REQUEST_SECONDS, REQUESTS
from article_normalizer.api.openapi import openapi_config
from article_normalizer.api.routes import ROUTES
from article_normalizer.api.version import VERSION_ROUTES, publish_build_info
from article_normalizer.normalize import RawDocument
from article_normalizer.serving.documents import Normalizer
from article_normalizer.serving.runner import Admission, BudgetedNormalizer
from article_normalizer.serving.settings import Settings

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
"""Methods that get their own metric label; any other token a client sends counts as "other",
so clients cannot add label sets (and metric file pages) without bound."""
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,128}$")
_access_log = get_logger("article_normalizer.api.access")
_log = get_logger("article_normalizer.api")

_WARM_UP_TEXT = (
    "World\n\nMinisters hail cooperation in call\n\nBy Jane Doe\n\n"
    "August 7, 2023 9:26 PM\n\n"
    "BEIJING (Reuters) - The two ministers spoke by telephone on Monday, the ministry said.\n\n"
    "They agreed to keep in close contact.\n\nLeave a Reply"
)


class NormalizerApp(Litestar):
    """Litestar plus what must see every request, routed or not: the request id and access log.

    Route-level middleware never sees a 404 or 405; wrapping ``__call__`` does.
    """

    async def __call__(
        self,
        scope: Scope | LifeSpanScope,
        receive: Receive | LifeSpanReceive,
        send: Send | LifeSpanSend,
    ) -> None:
        if scope["type"] != ScopeType.HTTP:
            await super().__call__(scope, receive, send)
            return
        http_scope = cast("HTTPScope", scope)
        downstream = cast("Send", send)
        request_id = _request_id(http_scope)
        state: dict[str, Any] = http_scope.setdefault("state", {})
        state["request_id"] = request_id
        started = time.perf_counter()
        status = 500
        sent = 0
        counted = False
        method = http_scope["method"]
        metric_method = method if method in _METHODS else "other"

        def count() -> None:
            # Before the response leaves: a client that reads /metrics right after its last
            # answer (possibly from another worker) must find that request counted.
            nonlocal counted
            if not counted:
                counted = True
                REQUESTS.labels(metric_method, _route(http_scope, state), str(status)).inc()

        async def send_with_id(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
                message = {**message, "headers": headers}
                count()
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await downstream(message)

        try:
            await super().__call__(http_scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = _route(http_scope, state)
            count()
            REQUEST_SECONDS.labels(metric_method, route).observe(elapsed)
            _access_log.info(
                "request",
                request_id=request_id,
                method=method,
                path=http_scope["path"],
                route=route,
                status=status,
                duration_ms=round(elapsed * 1000, 2),
                bytes_sent=sent,
                client=(http_scope.get("client") or ("", 0))[0],
            )


def _route(scope: HTTPScope, state: dict[str, Any]) -> str:
    return str(state.get("path_template") or scope.get("path_template") or "unmatched")


def _request_id(scope: HTTPScope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            candidate = value.decode("latin-1").strip()
            if _REQUEST_ID.match(candidate):
                return candidate
            break
    return uuid.uuid4().hex


def warm_up(readiness: Readiness, normalizer: BudgetedNormalizer) -> None:
    """Start the pipeline's first process, run a text document through it, then mark ready.

    Runs in a background thread so liveness answers at once while readiness waits for it. The
    sample goes through the same pool and budget as real documents, so readiness means the path
    a request takes works, not only that the libraries import.
    """
    started = time.perf_counter()
    try:
        normalizer.start()
        normalizer(RawDocument(text=_WARM_UP_TEXT), datetime.now(UTC))
    except Exception as exc:  # a broken pipeline must show in /readyz, not kill the worker
        readiness.error = "the sample document did not go through the pipeline"
        _log.error("warm_up_failed", exc_info=exc)
        return
    readiness.event.set()
    _log.info("warm_up_done", seconds=round(time.perf_counter() - started, 3))


def create_app(
    settings: Settings | None = None,
    *,
    normalizer: Normalizer | None = None,
    warm: bool = True,
) -> NormalizerApp:
    """Build the app. ``normalizer`` replaces the budgeted pipeline (tests of timeouts);
    ``warm=False`` skips warm-up, leaving the app not ready."""
    settings = settings or Settings.from_env()
    configure_logging(settings)
    publish_build_info()
    budgeted = BudgetedNormalizer(
        settings.document_time_budget_s, processes=settings.pipeline_processes
    )
    admission = Admission(settings.pipeline_processes + settings.queue_length)
    readiness = Readiness(admission)

    def start_warm_up() -> None:
        if warm:
            threading.Thread(
                target=warm_up, args=(readiness, budgeted), name="warm-up", daemon=True
            ).start()

    def stop() -> None:
        budgeted.close()

    state: dict[str, Any] = {
        "settings": settings,
        "normalizer": normalizer or budgeted,
        "readiness": readiness,
        "admission": admission,
    }
    return NormalizerApp(
        route_handlers=[*ROUTES, *HEALTH_ROUTES, *VERSION_ROUTES],
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=openapi_config(settings),
        state=State(state),
        on_startup=[start_warm_up],
        on_shutdown=[stop],
        request_max_body_size=None,
        # The process's logging is the server's (gunicorn's JSON handlers, or none in a test):
        # Litestar's default configuration would replace the root logger's handlers with its
        # own text-format queue, and library lines would leave the JSON stream.
        logging_config=None,
    )


app = create_app()
