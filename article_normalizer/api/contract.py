"""What a generated client needs from the spec that litestar's schemas do not say.

Litestar derives each Struct's schema from its fields, so a field with a default looks optional
and a ``str`` that only ever holds a handful of values looks free. Clients generated from that
(openapi-python-client, openapi-generator) type every answer field ``X | None | Unset`` and
every kind as a bare string. :func:`tighten` says what the encoder really does:

- an answer Struct that does not omit defaults writes every field, so every field is required
  (nullable ones stay nullable);
- the kinds of removed lines, the warning codes and the problem types are named enums, each
  value described, from the same types and registry the pipeline and the error handlers use;
- a batch entry is one of two shapes told apart by ``ok``: an article or an error.
"""

from __future__ import annotations

import copy
from typing import Any

import msgspec
from msgspec import Struct

from article_normalizer.api.health import Health
from article_normalizer.normalize.models import (
    BLOCK_KINDS,
    ISO_STAMP_PATTERN,
    WARNING_CODES,
    Article,
    Byline,
    Dateline,
    Outlet,
    RemovedBlock,
)
from article_normalizer.rules.vocabulary import block_kind_descriptions, warning_descriptions
from article_normalizer.serving.documents import BatchResponse
from article_normalizer.serving.problems import HTTP_ERROR, PROBLEM_KINDS, Problem

_REF = "#/components/schemas/"

ANSWER_STRUCTS: tuple[type[Struct], ...] = (
    Article,
    Dateline,
    Outlet,
    Byline,
    RemovedBlock,
    Health,
    BatchResponse,
    Problem,
)
"""Structs the service encodes; their schemas' ``required`` follows the encoder's behaviour."""


def encoded_always(struct: type[Struct]) -> list[str]:
    """The JSON names of the fields ``struct``'s encoder writes in every answer.

    Every field unless the Struct omits defaults; then only those without a default.
    """
    omit = struct.__struct_config__.omit_defaults
    return [
        field.encode_name for field in msgspec.structs.fields(struct) if not omit or field.required
    ]


def _enum_schema(title: str, intro: str, values: dict[str, str]) -> dict[str, Any]:
    listing = "\n".join(f"- `{value}`: {text}" for value, text in values.items())
    return {
        "type": "string",
        "enum": list(values),
        "title": title,
        "description": f"{intro}\n\n{listing}",
        "x-enum-descriptions": list(values.values()),
    }


def enum_schemas() -> dict[str, dict[str, Any]]:
    """The named enums: ``BlockKind``, ``WarningCode`` and ``ProblemType``."""
    kinds = block_kind_descriptions()
    warnings = warning_descriptions()
    return {
        "BlockKind": _enum_schema(
            "BlockKind",
            "Why a line is not in the body. The first three name lines that fed a field of the "
            "article.",
            {kind: kinds[kind] for kind in BLOCK_KINDS},
        ),
        "WarningCode": _enum_schema(
            "WarningCode",
            "A non-fatal note on an article: something was repaired, guessed or not found.",
            {code: warnings[code] for code in WARNING_CODES},
        ),
        "ProblemType": _enum_schema(
            "ProblemType",
            "The stable type URI of a problem; branch on it, not on `detail`.",
            {
                # http_error keeps the status of whatever the framework refused.
                kind.type: f"{'4xx' if kind is HTTP_ERROR else kind.status} {kind.title}. "
                f"{kind.description}"
                for kind in PROBLEM_KINDS
            },
        ),
    }


def _with_ref(schema: dict[str, Any], name: str) -> dict[str, Any]:
    """``schema`` (a property) pointing at the named enum, keeping its own description and
    examples (OpenAPI 3.1 allows siblings of ``$ref``)."""
    kept = {k: v for k, v in schema.items() if k in ("description", "examples", "default")}
    return {"$ref": _REF + name, **kept}


def _batch_union(entry: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``BatchEntry`` as ``BatchArticle | BatchError``, told apart by the constant ``ok``."""
    properties = entry["properties"]
    common = {k: properties[k] for k in ("index", "id")}

    def variant(title: str, ok: bool, field: str, ref: str, description: str) -> dict[str, Any]:
        ok_schema = {**properties["ok"], "const": ok, "examples": [ok]}
        ok_schema.pop("type", None)
        ok_schema = {"type": "boolean", **ok_schema}
        value = {
            "$ref": _REF + ref,
            "description": properties[field]["description"],
            "examples": properties[field]["examples"],
        }
        return {
            "type": "object",
            "title": title,
            "description": description,
            "properties": {**copy.deepcopy(common), "ok": ok_schema, field: value},
            "required": ["index", "id", "ok", field],
        }

    return {
        "BatchArticle": variant(
            "BatchArticle", True, "article", "Article", "A document that became an article."
        ),
        "BatchError": variant(
            "BatchError",
            False,
            "error",
            "Problem",
            "A document that did not become an article, and why; the other documents are "
            "unaffected.",
        ),
        "BatchEntry": {
            "title": "BatchEntry",
            "description": entry.get("description", "")
            + " Either `BatchArticle` (`ok` true) or `BatchError` (`ok` false).",
            "oneOf": [{"$ref": _REF + "BatchArticle"}, {"$ref": _REF + "BatchError"}],
        },
    }


def tighten(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with required fields, named enums and the batch-entry union (in place)."""
    schemas: dict[str, Any] = spec["components"]["schemas"]
    for struct in ANSWER_STRUCTS:
        schema = schemas.get(struct.__name__)
        if schema is not None:
            schema["required"] = sorted(encoded_always(struct))
    schemas.update(enum_schemas())
    removed_kind = schemas["RemovedBlock"]["properties"]["kind"]
    schemas["RemovedBlock"]["properties"]["kind"] = _with_ref(removed_kind, "BlockKind")
    for stamp in ("published", "modified"):
        # Litestar drops the pattern of a nullable string; the shapes are part of the contract.
        for branch in schemas["Article"]["properties"][stamp].get("oneOf", []):
            if branch.get("type") == "string":
                branch["pattern"] = ISO_STAMP_PATTERN
    warnings = schemas["Article"]["properties"]["warnings"]
    warnings["items"] = {"$ref": _REF + "WarningCode"}
    problem_type = schemas["Problem"]["properties"]["type"]
    schemas["Problem"]["properties"]["type"] = _with_ref(problem_type, "ProblemType")
    if "BatchEntry" in schemas and "properties" in schemas["BatchEntry"]:
        schemas.update(_batch_union(schemas["BatchEntry"]))
    spec["components"]["schemas"] = dict(sorted(schemas.items()))
    return spec


__all__ = ["ANSWER_STRUCTS", "encoded_always", "enum_schemas", "tighten"]
