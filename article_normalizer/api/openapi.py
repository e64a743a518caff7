"""The API contract: litestar's generated OpenAPI document plus what it cannot infer.

Litestar derives operations, parameters, responses and the response schemas from the handlers.
The request bodies are read by hand (three content types on one operation, NDJSON streamed),
so their schemas are added here from the same msgspec Structs the handlers decode with.
:mod:`article_normalizer.api.spec_files` writes the committed copy of the result.
"""

from __future__ import annotations

import inspect
import json
from typing import Annotated, Any

import msgspec
import yaml  # type: ignore[import-untyped]
from litestar import Request
from litestar.enums import OpenAPIMediaType
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, OpenAPIRenderPlugin
from litestar.openapi.spec import Tag
from msgspec import Meta, Struct

from article_normalizer.api.contract import tighten
from article_normalizer.api.docs_page import DOCS_PATH, DocsPage, docs_router
from article_normalizer.normalize import RawDocument
from article_normalizer.serving.documents import RFC3339_PATTERN
from article_normalizer.serving.settings import Settings
from article_normalizer.version import __version__

TITLE = "Article Normalizer"
VERSION = __version__
"""The package version: one version for the package, the spec and ``GET /version``."""
DESCRIPTION = (
    "Turns scraped news pages (the page's text, clutter and all, or its HTML) into one clean "
    "JSON article: title, dateline, dates, outlet, byline, language, body paragraphs, and "
    "`removed`: every input line not in the body, in order, with its kind. Nothing is "
    "silently lost. Errors are RFC 9457 problem details (`application/problem+json`)."
)


class BatchRequest(Struct, forbid_unknown_fields=True):
    """A JSON batch of documents."""

    documents: Annotated[
        list[Any],
        Meta(
            description="The documents, each shaped like `RawDocument`. A document that is not "
            "(wrong types, empty, too large) gets an error entry in the answer and never fails "
            "the batch, so any JSON value is accepted here.",
            examples=[[{"text": "World\n\nMinisters hail cooperation\n\nBEIJING - ..."}]],
        ),
    ]


_REFERENCE_TIME = {"pattern": RFC3339_PATTERN}
"""msgspec takes RFC 3339 with the offset optional, which `format: date-time` would not allow:
the pattern says exactly what is accepted."""


def _component_schemas(settings: Settings) -> dict[str, Any]:
    _, components = msgspec.json.schema_components(
        [RawDocument, BatchRequest], ref_template="#/components/schemas/{name}"
    )
    documents = components["BatchRequest"]["properties"]["documents"]
    documents["maxItems"] = settings.max_batch_documents
    documents["items"] = {"anyOf": [{"$ref": "#/components/schemas/RawDocument"}, {}]}
    reference_time = components["RawDocument"]["properties"]["reference_time"]
    reference_time["anyOf"][0].update(_REFERENCE_TIME)
    components["RawDocument"]["description"] = (
        "One scraped document: exactly one of `text` and `html`; the rest are hints."
    )
    return components


def _documented_structs() -> dict[str, str]:
    from article_normalizer.api.health import Health
    from article_normalizer.api.version import VersionInfo
    from article_normalizer.normalize.models import Article, Byline, Dateline, Outlet, RemovedBlock
    from article_normalizer.serving.documents import BatchEntry, BatchResponse
    from article_normalizer.serving.problems import Problem

    types: list[type[Struct]] = [
        Article,
        BatchEntry,
        BatchResponse,
        Byline,
        Dateline,
        Health,
        Outlet,
        Problem,
        RemovedBlock,
        VersionInfo,
    ]
    return {t.__name__: inspect.cleandoc(t.__doc__ or "").split("\n\n")[0] for t in types}


def patch_spec(spec: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """Add the hand-read request bodies and the NDJSON answer to litestar's document."""
    # A JSON round trip leaves plain data only (litestar may hold Structs in examples).
    spec = msgspec.json.decode(msgspec.json.encode(spec))
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(_component_schemas(settings))
    for name, schema in schemas.items():
        # Litestar drops Struct docstrings; their first paragraph is the schema's description.
        doc = _documented_structs().get(name)
        if doc and "description" not in schema:
            schema["description"] = doc
    tighten(spec)
    raw_ref = {"$ref": "#/components/schemas/RawDocument"}
    single = spec["paths"]["/v1/normalize"]["post"]
    for parameter in single.get("parameters", []):
        if parameter["name"] == "reference_time":  # read as a string, validated as RFC 3339
            parameter["schema"]["oneOf"][0].update(_REFERENCE_TIME)
    single["requestBody"] = {
        "required": True,
        "description": "The document as JSON, or the raw page as text or HTML with its "
        f"charset. At most {settings.max_body_bytes} bytes.",
        "content": {
            "application/json": {
                "schema": raw_ref,
                "examples": {
                    "text": {
                        "summary": "Page text with hints",
                        "value": {
                            "text": "World\n\nMinisters hail cooperation in call\n\nBy Jane "
                            "Doe\n\nBEIJING (Reuters) - The two ministers spoke on Monday.\n\n"
                            "Leave a Reply",
                            "url": "https://www.example-news.com/world/ministers-call",
                            "reference_time": "2023-08-08T10:00:00Z",
                            "id": "doc-42",
                        },
                    },
                    "html": {
                        "summary": "HTML",
                        "value": {
                            "html": "<html><head><title>Ministers hail cooperation</title>"
                            "</head><body><h1>Ministers hail cooperation</h1><p>BEIJING - "
                            "The two ministers spoke on Monday.</p></body></html>"
                        },
                    },
                },
            },
            "text/plain": {
                "schema": {
                    "type": "string",
                    "description": "The page text, in the `charset` of the Content-Type "
                    "(UTF-8 when absent). Hints go in the query string.",
                    "examples": ["World\n\nMinisters hail cooperation in call\n\nBEIJING - ..."],
                },
            },
            "text/markdown": {
                "schema": {
                    "type": "string",
                    "description": "The page as Markdown (what Firecrawl, Jina Reader or "
                    "html2text give), in the `charset` of the Content-Type (UTF-8 when absent): "
                    "read as the text it shows. Hints go in the query string.",
                    "examples": ["[World](/world)\n\n# Ministers hail cooperation\n\nBEIJING ..."],
                },
            },
            "text/html": {
                "schema": {
                    "type": "string",
                    "description": "The page's HTML, in the `charset` of the Content-Type, else "
                    "its own `<meta charset>`, else detected. Hints go in the query string.",
                    "examples": ["<html><body><h1>Ministers hail cooperation</h1></body></html>"],
                },
            },
        },
    }
    batch = spec["paths"]["/v1/normalize/batch"]["post"]
    batch["requestBody"] = {
        "required": True,
        "description": "A JSON batch, or NDJSON with one `RawDocument` per line.",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/BatchRequest"}},
            "application/x-ndjson": {
                "schema": {
                    "type": "string",
                    "description": "One JSON `RawDocument` per line, any number of lines, each "
                    f"at most {settings.max_document_bytes} bytes.",
                    "examples": ['{"text": "World\\n\\nMinisters hail cooperation", "id": "a"}\n'],
                },
            },
        },
    }
    answer = batch["responses"]["200"]["content"]
    answer["application/x-ndjson"] = {
        "schema": {
            "type": "string",
            "description": "One `BatchEntry` JSON object per input line, in input order.",
            "examples": ['{"index":0,"id":"a","ok":true,"article":{"title":"..."}}\n'],
        }
    }
    return spec


class _PatchedJson(JsonRenderPlugin):
    def __init__(self, settings: Settings) -> None:
        super().__init__(path="/openapi.json")
        self.settings = settings

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return self.render_json(request, patch_spec(openapi_schema, self.settings))


class _PatchedYaml(OpenAPIRenderPlugin):
    def __init__(self, settings: Settings) -> None:
        super().__init__(path="/openapi.yaml", media_type=OpenAPIMediaType.OPENAPI_YAML)
        self.settings = settings

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return to_yaml(patch_spec(openapi_schema, self.settings)).encode("utf-8")


def openapi_config(settings: Settings) -> OpenAPIConfig:
    """The OpenAPI configuration: Swagger UI at ``/schema``, ``/schema/openapi.json|yaml``."""
    return OpenAPIConfig(
        title=TITLE,
        version=VERSION,
        description=DESCRIPTION,
        use_handler_docstrings=True,
        path=DOCS_PATH,
        openapi_router=docs_router(),
        tags=[
            Tag(name="normalize", description="Scraped pages in, clean articles out."),
            Tag(name="operations", description="Probes and metrics for orchestrators."),
        ],
        render_plugins=[
            DocsPage(lambda schema: patch_spec(schema, settings)),
            _PatchedJson(settings),
            _PatchedYaml(settings),
        ],
    )


def to_yaml(spec: dict[str, Any]) -> str:
    text: str = yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=100)
    return text


def to_json(spec: dict[str, Any]) -> str:
    return json.dumps(spec, indent=2, ensure_ascii=False) + "\n"
