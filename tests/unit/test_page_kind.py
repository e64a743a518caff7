"""A shop's page told from an article by its text: cart buttons beside prices."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.page_kind import shows_shop_controls
from article_normalizer.rules.shop_controls import (
    ShopControlsDataError,
    shop_controls,
    shop_controls_from,
)

NOW = datetime(2026, 6, 1, tzinfo=UTC)

GOOD: dict[str, Any] = {
    "cart_buttons": {"phrases": ["Add to cart"]},
    "prices": {"signs": ["$", "€"], "words_after": ["zł"]},
    "thresholds": {"max_line_chars": 40, "min_cart_lines": 1, "min_price_lines": 2},
}

PRODUCT_PAGE = "\n\n".join(
    [
        "Shop",
        "Kitchen",
        "Garden",
        "Sale",
        "Stoneware Breakfast Mug, Speckled Oat",
        "$24.00",
        "Was $30.00",
        "Quantity",
        "1",
        "Add to Cart",
        "A wide, heavy mug thrown on the wheel and glazed by hand in a speckled oat colour, "
        "so every piece differs a little from the next one on the shelf.",
        "Holds about 350 ml. Safe in the dishwasher and the microwave.",
        "Customers also bought",
        "Stoneware Bowl $18.00",
        "© 2026 Example Pottery",
    ]
)

NEWS_STORY = "\n\n".join(
    [
        "Home",
        "Business",
        "Bakery chain raises bread prices for the second time this year",
        "By Jane Doe",
        "The regional bakery chain said on Tuesday that a standard loaf will cost $4.50 from "
        "next month, up from $4.10, blaming the price of flour and energy.",
        "Shoppers interviewed outside two of its stores said they would buy less, while the "
        "company said demand had held up so far.",
        "$4.50",
        "Buy now",
        "Related: Flour prices at a ten-year high",
    ]
)


def test_shipped_controls_load() -> None:
    controls = shop_controls()
    assert "add to cart" in controls.cart_phrases
    assert "in den warenkorb" in controls.cart_phrases
    assert controls.min_price_lines >= 1


@pytest.mark.parametrize(
    "line",
    ["$24.00", "Was $30.00", "19,90 €", "€ 5", "49 zł", "1 299,00 zł", "¥3,200", "2.480円"],
)
def test_prices_in_any_currency_are_found(line: str) -> None:
    assert shop_controls().price.search(line.casefold())


@pytest.mark.parametrize("line", ["Page 2", "5 kroner", "1999", "20 krankenhäuser", "chapter 11"])
def test_numbers_without_a_currency_are_no_prices(line: str) -> None:
    assert not shop_controls().price.search(line.casefold())


def test_cart_button_and_prices_make_a_shop_page() -> None:
    lines = ["Home", "Wool socks", "€12,00", "€9,00", "In den Warenkorb"]
    assert shows_shop_controls(lines, shop_controls())


def test_prices_alone_or_a_cart_alone_do_not() -> None:
    controls = shop_controls()
    assert not shows_shop_controls(["Menu", "$12.00", "$9.00", "$5.00"], controls)
    assert not shows_shop_controls(["Menu", "Add to cart", "$12.00"], controls)


def test_a_sentence_about_a_cart_is_no_button() -> None:
    sentence = "Shoppers who add to cart more than they can afford regret it later, she said."
    assert not shows_shop_controls([sentence, "$12.00", "$9.00"], shop_controls())


def test_text_of_a_product_page_is_not_an_article() -> None:
    article = normalize(RawDocument(text=PRODUCT_PAGE), now=NOW)
    assert "not_an_article" in article.warnings
    assert "wheel" in article.body


def test_a_story_quoting_prices_is_an_article() -> None:
    article = normalize(RawDocument(text=NEWS_STORY), now=NOW)
    assert "not_an_article" not in article.warnings
    assert "bakery chain" in article.body


def test_html_product_page_without_declared_type_is_not_an_article() -> None:
    body = "".join(f"<p>{line}</p>" for line in PRODUCT_PAGE.split("\n\n"))
    html = f"<html><head><title>Mug | Example Pottery</title></head><body>{body}</body></html>"
    assert "not_an_article" in normalize(RawDocument(html=html), now=NOW).warnings


def test_good_file_is_read() -> None:
    controls = shop_controls_from(copy.deepcopy(GOOD))
    assert controls.cart_phrases == ("add to cart",)
    assert controls.price.search("49 zł")


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        ("cart_buttons", "phrases", []),
        ("cart_buttons", "phrases", [""]),
        ("prices", "signs", "$"),
        ("thresholds", "min_price_lines", 0),
        ("thresholds", "max_line_chars", True),
    ],
)
def test_bad_files_are_refused(section: str, key: str, value: object) -> None:
    data = copy.deepcopy(GOOD)
    data[section][key] = value
    with pytest.raises(ShopControlsDataError):
        shop_controls_from(data)
