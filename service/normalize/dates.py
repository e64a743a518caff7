"""Publication and modification stamps printed in the page."""

from __future__ import annotations

from dataclasses import dataclass

from service.normalize.page import Page


@dataclass(slots=True)
class DateStamps:
    published: str | None = None
    published_raw: str | None = None
    modified: str | None = None
    modified_raw: str | None = None


def find_dates(page: Page) -> DateStamps:
    """Stamps found in the page; lines that only carried a stamp are marked ``byline_stamp``."""
    return DateStamps()
