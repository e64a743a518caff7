"""The page types publishers declare (``data/page_types.toml``): articles, and pages that are not.

The JSON-LD reader takes its headline and dates from the first object of an article type, and a
page that declares itself a product, a collection or a list, and no article, is reported as not
an article rather than passed off as one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_DATA = resources.files(__package__) / "data"


class PageTypeDataError(ValueError):
    """``page_types.toml`` is malformed: a packaging error, caught by the test suite."""


@dataclass(frozen=True, slots=True)
class PageTypes:
    """Declared types that make a page an article, and those that make it something else."""

    article_schema_org: frozenset[str]
    article_opengraph: frozenset[str]
    other_schema_org: frozenset[str]
    other_opengraph_words: tuple[str, ...]

    def is_article(self, schema_org: set[str], opengraph: str | None) -> bool:
        return bool(schema_org & self.article_schema_org) or (
            opengraph is not None and opengraph.strip().lower() in self.article_opengraph
        )

    def is_not_article(self, schema_org: set[str], opengraph: str | None) -> bool:
        """Declared a non-article type and no article type."""
        if self.is_article(schema_org, opengraph):
            return False
        og = (opengraph or "").strip().lower()
        return bool(schema_org & self.other_schema_org) or any(
            word in og for word in self.other_opengraph_words
        )


def _strings(data: dict[str, Any], section: str, key: str) -> list[str]:
    values = data.get(section, {}).get(key)
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise PageTypeDataError(f"[{section}] {key} must be a non-empty list of strings")
    return values


def page_types_from(data: dict[str, Any]) -> PageTypes:
    """Validated page types: every list present, non-empty, strings only."""
    return PageTypes(
        article_schema_org=frozenset(_strings(data, "article", "schema_org")),
        article_opengraph=frozenset(v.lower() for v in _strings(data, "article", "opengraph")),
        other_schema_org=frozenset(_strings(data, "not_article", "schema_org")),
        other_opengraph_words=tuple(
            v.lower() for v in _strings(data, "not_article", "opengraph_words")
        ),
    )


@cache
def page_types() -> PageTypes:
    """The shipped page types, read once per process."""
    with (_DATA / "page_types.toml").open("rb") as handle:
        return page_types_from(tomllib.load(handle))
