"""The contract: the committed spec is what the app generates, and it documents everything."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from litestar.testing import TestClient

from article_normalizer.api.app import NormalizerApp
from article_normalizer.api.openapi import to_json, to_yaml
from article_normalizer.api.spec_files import SPEC_DIR, generate


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return generate()


def test_committed_json_spec_is_what_the_app_generates(spec: dict[str, Any]) -> None:
    committed = (SPEC_DIR / "openapi.json").read_text(encoding="utf-8")
    assert committed == to_json(spec), "openapi/openapi.json is stale: run `make openapi`"


def test_committed_yaml_spec_is_what_the_app_generates(spec: dict[str, Any]) -> None:
    committed = (SPEC_DIR / "openapi.yaml").read_text(encoding="utf-8")
    assert committed == to_yaml(spec), "openapi/openapi.yaml is stale: run `make openapi`"


def test_served_spec_is_the_committed_one(client: TestClient[NormalizerApp]) -> None:
    served = client.get("/schema/openapi.json")
    assert served.status_code == 200
    assert served.json() == json.loads((SPEC_DIR / "openapi.json").read_text(encoding="utf-8"))
    assert client.get("/schema/openapi.yaml").status_code == 200


def test_docs_page_is_swagger_ui_from_local_assets(client: TestClient[NormalizerApp]) -> None:
    page = client.get("/schema")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "SwaggerUIBundle(" in page.text
    assert "/v1/normalize/batch" in page.text  # the spec is inlined
    references = re.findall(r"""(?:src|href)=['"]([^'"]+)['"]""", page.text)
    assert references, "the page loads no assets at all"
    for reference in references:
        assert reference.startswith("/schema/assets/"), reference  # nothing from elsewhere
        asset = client.get(reference)
        assert asset.status_code == 200, reference
        assert len(asset.content) > 100, reference


def test_docs_page_inlines_the_completed_spec(client: TestClient[NormalizerApp]) -> None:
    page = client.get("/schema").text
    for marker in ("BlockKind", "x-enum-descriptions", "BatchArticle", "examples"):
        assert marker in page, marker


@pytest.mark.parametrize(
    "path",
    [
        "/schema/swagger",
        "/schema/redoc",
        "/schema/elements",
        "/schema/x.json",
        "/schema/assets/x.js",
    ],
)
def test_unknown_docs_paths_are_problem_404s(client: TestClient[NormalizerApp], path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "urn:article-normalizer:problem:not_found"


def test_every_operation_has_summary_description_and_documented_errors(
    spec: dict[str, Any],
) -> None:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            assert operation.get("summary"), (path, method)
            assert operation.get("description"), (path, method)
            for status, response in operation["responses"].items():
                assert response.get("description"), (path, method, status)
                if status.startswith(("4", "5")):
                    assert "application/problem+json" in response["content"], (path, status)
    normalize = spec["paths"]["/v1/normalize"]["post"]
    assert {"200", "400", "413", "415", "422", "500"} <= set(normalize["responses"])
    assert set(normalize["requestBody"]["content"]) == {
        "application/json",
        "text/plain",
        "text/markdown",
        "text/html",
    }
    batch = spec["paths"]["/v1/normalize/batch"]["post"]
    assert {"200", "400", "413", "415"} <= set(batch["responses"])
    assert "application/x-ndjson" in batch["requestBody"]["content"]
    assert "application/x-ndjson" in batch["responses"]["200"]["content"]


def test_every_schema_field_has_a_description_and_an_example(spec: dict[str, Any]) -> None:
    missing = []
    for name, schema in spec["components"]["schemas"].items():
        if not schema.get("description"):
            missing.append(name)
        for field, sub in schema.get("properties", {}).items():
            for key in ("description", "examples"):
                if key not in sub:
                    missing.append(f"{name}.{field}: {key}")
    assert not missing, missing
