"""The headline of the page."""

from __future__ import annotations

from service.normalize.page import Page


def find_title(page: Page) -> str | None:
    """The headline, and its block marked ``title``; None when no line looks like one."""
    first_body = next((i for i, d in enumerate(page.decisions) if d.is_body), None)
    if first_body is None:
        return None
    for index in range(first_body - 1, -1, -1):
        text = page.blocks[index].text
        if 2 <= len(text.split()) <= 30 and not text.endswith("."):
            page.mark(index, "title", "title:nearest_headline_above_body")
            return text
    return None
