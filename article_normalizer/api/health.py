"""Liveness, readiness and metrics: what an orchestrator and a scraper of metrics ask."""

from __future__ import annotations

import threading
from typing import Annotated, Literal

from litestar import Response, get
from litestar.datastructures import State
from litestar.openapi.datastructures import ResponseSpec
from msgspec import Meta, Struct

from article_normalizer.api.errors import ProblemError
from article_normalizer.api.metrics import render
from article_normalizer.serving.problems import NOT_READY, PROBLEM_MEDIA_TYPE, Problem, problem
from article_normalizer.serving.runner import Admission


class Health(Struct, kw_only=True):
    """The process's state."""

    status: Annotated[
        Literal["ok", "ready"],
        Meta(
            description="`ok`: the process answers (liveness). `ready`: warm-up is done and "
            "documents are normalized at full speed (readiness).",
            examples=["ready"],
        ),
    ]


class Readiness:
    """Ready once warm-up has run and while the worker can take more work.

    ``error`` says why warm-up did not finish. A saturated worker (every pipeline process busy
    and its queue full) is not ready: it would refuse the next request anyway, and an
    orchestrator that stops routing to it lets the queue drain.
    """

    def __init__(self, admission: Admission | None = None) -> None:
        self.event = threading.Event()
        self.error: str | None = None
        self.admission = admission

    @property
    def warm(self) -> bool:
        return self.event.is_set()

    @property
    def saturated(self) -> bool:
        return self.admission is not None and self.admission.saturated

    @property
    def ready(self) -> bool:
        return self.warm and not self.saturated


@get(
    "/healthz",
    operation_id="liveness",
    summary="Liveness probe",
    tags=["operations"],
    response_description="The process is up and its event loop answers.",
)
async def healthz() -> Health:
    """Answers 200 as long as the worker's event loop runs; restart the container when not."""
    return Health(status="ok")


@get(
    "/readyz",
    operation_id="readiness",
    summary="Readiness probe",
    tags=["operations"],
    response_description="Warm-up is done; send traffic.",
    responses={
        503: ResponseSpec(
            data_container=Problem,
            media_type=PROBLEM_MEDIA_TYPE,
            description="Still warming up, warm-up failed, or the worker is saturated "
            "(`detail` says which).",
            generate_examples=False,
        )
    },
)
async def readyz(state: State) -> Health:
    """Answers 200 once a sample document went through the pipeline, and while the worker's
    queue has room."""
    readiness: Readiness = state.readiness
    if not readiness.ready:
        if readiness.error:
            detail = f"warm-up failed ({readiness.error}); the server log has the traceback"
        elif not readiness.warm:
            detail = "expected warm-up to be done; it is still running"
        else:
            detail = "every pipeline process is busy and the queue is full; retry shortly"
        raise ProblemError(problem(NOT_READY, detail), headers={"Retry-After": "1"})
    return Health(status="ready")


@get(
    "/metrics",
    operation_id="metrics",
    summary="Prometheus metrics",
    tags=["operations"],
    media_type="text/plain; version=0.0.4; charset=utf-8",
    response_description="Prometheus text exposition format, aggregated over all workers.",
)
async def metrics() -> Response[bytes]:
    """Requests, latencies, documents by input kind, errors by type, removed lines by kind."""
    body, content_type = render()
    return Response(content=body, media_type=content_type)


HEALTH_ROUTES = [healthz, readyz, metrics]
