"""An app per test module, built with :func:`create_app` and explicit settings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from article_normalizer.api.app import NormalizerApp, create_app
from article_normalizer.serving.settings import Settings

PROBLEM = "application/problem+json"
TYPE_PREFIX = "urn:article-normalizer:problem:"


def client_for(app: NormalizerApp) -> TestClient[NormalizerApp]:
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[NormalizerApp]]:
    """Default settings; warm-up skipped (readiness is tested on its own)."""
    with client_for(create_app(Settings(), warm=False)) as test_client:
        yield test_client


def post_body(
    client: TestClient[NormalizerApp], body: bytes, content_type: str | None, query: str = ""
) -> Any:
    """POST ``body`` as it is to the single-document operation, with ``content_type`` if any."""
    headers = {"content-type": content_type} if content_type else {}
    return client.post(f"/v1/normalize{query}", content=body, headers=headers)


def article_for(client: TestClient[NormalizerApp], text: str) -> Any:
    """The article the service answers for ``text``, after checking it answered."""
    response = client.post("/v1/normalize", json={"text": text})
    assert response.status_code == 200, response.text
    return response.json()


def problem_code(body: dict[str, object]) -> str:
    """The stable code at the end of a problem's ``type`` URI."""
    kind = str(body["type"])
    assert kind.startswith(TYPE_PREFIX), kind
    return kind.removeprefix(TYPE_PREFIX)
