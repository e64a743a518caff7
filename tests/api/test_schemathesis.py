"""Property-based contract testing: schemathesis generates requests from the served spec
and checks every answer against it with all its checks (status documented, media type,
response schema, no 5xx, schema-violating input rejected, schema-valid input accepted).

Two passes: schemathesis's own per-operation run (explicit examples, boundary coverage, then
fuzzing), and a fuzzing pass per operation *and request media type*, positive and negative,
so each body type gets its share of cases.

Runs in-process against the ASGI app. ``positive_data_acceptance`` also accepts 422: the
schema cannot say "has visible text", so a schema-valid empty or junk document is a
documented 422, not a violation.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import negative_data_rejection

from article_normalizer.api.app import create_app, warm_up
from article_normalizer.serving.settings import Settings

MAX_EXAMPLES = 200
EXPLORE = os.environ.get("CONTRACT_EXPLORE") == "1"
"""By default the generated cases are the same on every run (a stable gate for CI); set
CONTRACT_EXPLORE=1 to draw fresh random cases and hunt for new failures."""
_TEXT_BODIES = {"text/plain", "text/markdown", "text/html", "application/x-ndjson"}

_config = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2XX", "422"]},
            # 413 (too many documents, too many bytes) is a rejection too.
            "negative_data_rejection": {
                "expected-statuses": [400, 404, 405, 406, 413, 415, 422],
            },
        },
        "generation": {"mode": "all", "max-examples": MAX_EXAMPLES},
        # Fuzzing runs per media type below; here the explicit examples and the boundary
        # coverage phase.
        "phases": {"fuzzing": {"enabled": False}},
    }
)
_app = create_app(Settings(document_time_budget_s=10.0), warm=False)
# The ASGI transport runs no lifespan, so warm up here: /readyz is then 200 as in production.
warm_up(_app.state.readiness, _app.state.normalizer)
# NDJSON and Markdown bodies are generated as strings (the schema says so); send them as they are.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")
schemathesis.serializer.alias("text/markdown", "text/plain")
CONTRACT_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=not EXPLORE,
    database=None,
)
"""One set of generation settings for every contract test: both draw the same way."""
schema = schemathesis.openapi.from_asgi("/schema/openapi.json", _app, config=_config)


@schema.parametrize()
@CONTRACT_SETTINGS
def test_api_conforms_to_its_contract(case: Any) -> None:
    _validate(case)


def _validate(case: Any) -> None:
    if _negative_text_body(case):
        # A "wrongly typed" text body is still just text once on the wire: there is nothing
        # for the server to reject. Every other check still applies.
        case.call_and_validate(excluded_checks=[negative_data_rejection])
    else:
        case.call_and_validate()


def _negative_text_body(case: Any) -> bool:
    media_type = (case.media_type or "").split(";")[0].strip()
    return (
        media_type in _TEXT_BODIES
        and case.meta is not None
        and case.meta.is_negative_at(ParameterLocation.BODY)
    )


def _body_targets() -> list[tuple[str, str, str]]:
    spec = _app.openapi_schema.to_schema()
    from article_normalizer.api.openapi import patch_spec

    spec = patch_spec(spec, Settings())
    return [
        (path, method.upper(), media)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        for media in operation.get("requestBody", {}).get("content", {})
    ]


@pytest.mark.parametrize(("path", "method", "media_type"), _body_targets())
def test_each_request_media_type_conforms(path: str, method: str, media_type: str) -> None:
    operation = schema[path][method]
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE, media_type=media_type),
        operation.as_strategy(GenerationMode.NEGATIVE, media_type=media_type),
    )

    @given(case=strategy)
    @CONTRACT_SETTINGS
    def check(case: Any) -> None:
        _validate(case)

    check()
