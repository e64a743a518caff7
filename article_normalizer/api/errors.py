"""One mapping from every exception to an RFC 9457 ``application/problem+json`` answer."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    MethodNotAllowedException,
    NotFoundException,
    ValidationException,
)
from litestar.status_codes import HTTP_413_REQUEST_ENTITY_TOO_LARGE
from litestar.types import ExceptionHandlersMap

from article_normalizer.api.logs import get_logger
from article_normalizer.api.metrics import observe_problem
from article_normalizer.normalize import NormalizeError
from article_normalizer.serving.problems import (
    DOCUMENT_TOO_LARGE,
    HTTP_ERROR,
    INTERNAL,
    INVALID_PARAMETER,
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    PROBLEM_MEDIA_TYPE,
    Problem,
    ProblemKind,
    from_normalize_error,
    problem,
)

_log = get_logger("article_normalizer.api.errors")
_encoder = msgspec.json.Encoder()


class ProblemError(Exception):
    """Raised by handlers to answer with ``problem`` (its ``status`` is the HTTP status)."""

    def __init__(self, problem: Problem, headers: dict[str, str] | None = None) -> None:
        super().__init__(problem.detail)
        self.problem = problem
        self.headers = headers or {}


def problem_response(
    request: Request[Any, Any, Any],
    body: Problem,
    headers: dict[str, str] | None = None,
) -> Response[bytes]:
    """Render ``body`` for ``request``, filling in where and which request it was."""
    body.instance = request.url.path
    body.request_id = request.scope.get("state", {}).get("request_id")
    observe_problem(body)
    return Response(
        content=_encoder.encode(body),
        status_code=body.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _on_problem(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    assert isinstance(exc, ProblemError)
    return problem_response(request, exc.problem, exc.headers)


def _on_normalize_error(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    assert isinstance(exc, NormalizeError)
    return problem_response(request, from_normalize_error(exc))


def _on_validation(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    # Litestar validates declared query parameters before the handler runs.
    assert isinstance(exc, ValidationException)
    field: str | None = None
    messages: list[str] = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if isinstance(item, dict):
            field = field or item.get("key")
            messages.append(f"{item.get('key')}: {item.get('message')}")
    detail = "; ".join(messages) or exc.detail
    return problem_response(request, problem(INVALID_PARAMETER, detail, field=field))


def _on_http(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    assert isinstance(exc, HTTPException)
    kind: ProblemKind
    headers: dict[str, str] = {}
    if isinstance(exc, NotFoundException):
        kind = NOT_FOUND
        detail = f"no resource at {request.url.path}; see /schema for the API"
    elif isinstance(exc, MethodNotAllowedException):
        kind = METHOD_NOT_ALLOWED
        detail = f"{request.method} is not allowed on {request.url.path}"
        headers = {k: v for k, v in (exc.headers or {}).items() if k.lower() == "allow"}
    elif exc.status_code == HTTP_413_REQUEST_ENTITY_TOO_LARGE:
        kind = DOCUMENT_TOO_LARGE
        detail = exc.detail
    elif exc.status_code >= 500:
        # The framework's own server-side failures: their text describes our internals.
        return _on_unexpected(request, exc)
    else:
        # Whatever else the framework refuses keeps its status; its type stays in the enum.
        kind = msgspec.structs.replace(HTTP_ERROR, status=exc.status_code)
        detail = exc.detail
    return problem_response(request, problem(kind, detail), headers)


def _on_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    """A generic problem for the client; the exception and its traceback go to the log only."""
    request_id = request.scope.get("state", {}).get("request_id")
    _log.error("unhandled_exception", request_id=request_id, exc_info=exc)
    return problem_response(
        request,
        problem(
            INTERNAL,
            "an unexpected error occurred; the server log has it under this request id",
        ),
    )


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    ProblemError: _on_problem,
    NormalizeError: _on_normalize_error,
    ValidationException: _on_validation,
    HTTPException: _on_http,
    Exception: _on_unexpected,
}
