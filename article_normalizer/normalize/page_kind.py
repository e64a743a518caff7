"""Whether a page is a shop's page rather than an article, from its text alone.

HTML pages may declare what they are (``html/metadata.py``); page text declares nothing, but a
shop prints its controls: a cart button beside prices. The body is still the page's main
content as found; the warning tells the caller not to take it for a story.
"""

from __future__ import annotations

from collections.abc import Iterable

from article_normalizer.rules.shop_controls import ShopControls


def shows_shop_controls(lines: Iterable[str], controls: ShopControls) -> bool:
    """True when enough short lines are cart buttons and enough are prices.

    Most pages print no cart button anywhere: one search of the whole page's folded text
    settles those (a phrase inside any line is inside the page, and folding goes character by
    character) before any line is read on its own.
    """
    texts = list(lines)
    page = "\n".join(texts).casefold()
    if not any(phrase in page for phrase in controls.cart_phrases):
        return False
    carts = prices = 0
    for line in texts:
        text = line.strip()
        if not text or len(text) > controls.max_line_chars:
            continue
        folded = text.casefold()
        if any(phrase in folded for phrase in controls.cart_phrases):
            carts += 1
        if controls.price.search(folded):
            prices += 1
        if carts >= controls.min_cart_lines and prices >= controls.min_price_lines:
            return True
    return False
