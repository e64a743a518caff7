"""A shop's controls in page text (``data/shop_controls.toml``): cart buttons and prices.

A product page or a category grid prints them in any language, and they tell such a page from
an article where nothing in the text declares what the page is.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_DATA = resources.files(__package__) / "data"


class ShopControlsDataError(ValueError):
    """``shop_controls.toml`` is malformed: a packaging error, caught by the test suite."""


@dataclass(frozen=True, slots=True)
class ShopControls:
    cart_phrases: tuple[str, ...]
    """Case-folded add-to-cart labels."""
    price: re.Pattern[str]
    """Finds a price in a case-folded line."""
    max_line_chars: int
    """Longer lines are sentences about buying, not controls."""
    min_cart_lines: int
    min_price_lines: int


def _strings(data: dict[str, Any], section: str, key: str) -> list[str]:
    values = data.get(section, {}).get(key)
    if not isinstance(values, list) or not values:
        raise ShopControlsDataError(f"[{section}] {key} must be a non-empty list of strings")
    if not all(isinstance(v, str) and v for v in values):
        raise ShopControlsDataError(f"[{section}] {key} must be a non-empty list of strings")
    return values


def _whole(data: dict[str, Any], key: str) -> int:
    value = data.get("thresholds", {}).get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ShopControlsDataError(
            f"[thresholds] {key} must be a whole number >= 1, got {value!r}"
        )
    return value


def _price_pattern(signs: list[str], words: list[str]) -> re.Pattern[str]:
    sign = "|".join(re.escape(s) for s in signs)
    word = "|".join(re.escape(w.casefold()) for w in words)
    return re.compile(rf"(?:{sign})\s?\d|\d(?:\s?(?:{sign})|\s?(?:{word})(?![^\W\d_]))")


def shop_controls_from(data: dict[str, Any]) -> ShopControls:
    """Validated shop controls: every list non-empty, every threshold a positive whole number."""
    return ShopControls(
        cart_phrases=tuple(p.casefold() for p in _strings(data, "cart_buttons", "phrases")),
        price=_price_pattern(
            _strings(data, "prices", "signs"), _strings(data, "prices", "words_after")
        ),
        max_line_chars=_whole(data, "max_line_chars"),
        min_cart_lines=_whole(data, "min_cart_lines"),
        min_price_lines=_whole(data, "min_price_lines"),
    )


@cache
def shop_controls() -> ShopControls:
    """The shipped shop controls, read once per process."""
    with (_DATA / "shop_controls.toml").open("rb") as handle:
        return shop_controls_from(tomllib.load(handle))
