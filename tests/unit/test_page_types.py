"""Declared page types: which pages say they are articles, and which say they are not."""

from __future__ import annotations

import json
from typing import Any

import pytest

from article_normalizer.normalize.html.extract import extract_html
from article_normalizer.rules.page_types import PageTypeDataError, page_types, page_types_from


def test_shipped_page_types_load() -> None:
    types = page_types()
    assert "NewsArticle" in types.article_schema_org
    assert "Product" in types.other_schema_org


@pytest.mark.parametrize(
    ("schema_org", "opengraph", "expected"),
    [
        ({"Product", "Offer"}, None, True),
        (set(), "product.group", True),
        ({"CollectionPage", "ItemList"}, "website", True),
        ({"Product", "NewsArticle"}, None, False),
        ({"Product"}, "review", False),
        ({"WebPage", "Organization"}, "website", False),
        (set(), None, False),
    ],
)
def test_a_page_is_not_an_article_only_when_it_declares_so_and_no_article(
    schema_org: set[str], opengraph: str | None, expected: bool
) -> None:
    assert page_types().is_not_article(schema_org, opengraph) is expected


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"article": {"schema_org": ["Article"], "opengraph": ["article"]}},
        {
            "article": {"schema_org": [], "opengraph": ["article"]},
            "not_article": {"schema_org": ["Product"], "opengraph_words": ["product"]},
        },
        {
            "article": {"schema_org": ["Article"], "opengraph": "article"},
            "not_article": {"schema_org": ["Product"], "opengraph_words": ["product"]},
        },
    ],
)
def test_malformed_page_type_data_is_refused(data: dict[str, Any]) -> None:
    with pytest.raises(PageTypeDataError):
        page_types_from(data)


def _page(jsonld: dict[str, Any] | None, og_type: str | None) -> str:
    head = "<title>Oak side table, hand finished | Timber & Twine</title>"
    if jsonld is not None:
        head += f'<script type="application/ld+json">{json.dumps(jsonld)}</script>'
    if og_type is not None:
        head += f'<meta property="og:type" content="{og_type}">'
    description = (
        "<p>Our oak side table is cut from a single board of European oak, oiled by hand and "
        "finished with beeswax, so each one carries its own grain. It stands 55 cm tall.</p>"
    )
    return f"<html><head>{head}</head><body><main><h1>Oak side table</h1>{description * 3}"


def test_a_declared_product_page_carries_not_an_article() -> None:
    product = {"@context": "https://schema.org", "@type": "Product", "name": "Oak side table"}
    assert "not_an_article" in extract_html(_page(product, None)).warnings
    assert "not_an_article" in extract_html(_page(None, "product")).warnings


def test_an_article_about_a_product_is_an_article() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Product", "name": "Oak side table"},
            {"@type": "Review", "name": "Oak side table, tested"},
            {"@type": "NewsArticle", "headline": "We tested an oak side table for a month"},
        ],
    }
    assert "not_an_article" not in extract_html(_page(graph, "article")).warnings
    assert "not_an_article" not in extract_html(_page(None, None)).warnings
