"""Loading the dev corpus (``../shared/corpus``) for benchmarks and training.

The corpus is read, never copied into the repository: every benchmark takes the path of the
shared directory and fails with a clear message when it is absent.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

DEV_FILE = Path("corpus") / "dev.jsonl.gz"
DATELINES_FILE = Path("corpus") / "datelines-dev.jsonl.gz"


@dataclass(slots=True)
class DevPage:
    """One page of ``dev.jsonl.gz`` with the fields the benchmarks read."""

    id: str
    source: str
    url: str | None
    text: str
    """``text_inscriptis``: the whole page as plain text."""
    gt: dict[str, Any]
    gt_extra: dict[str, Any] = field(default_factory=dict)
    html: str | None = None
    """Only loaded on request (``with_html=True``): it is most of the file's size."""

    @property
    def site(self) -> str:
        """A grouping key for cross-validation: pages of one site must not straddle folds.

        The url's host without ``www.`` when known; otherwise the dataset's own grouping (the
        MSV "big5" pages are named ``<topic>_(n)`` per outlet year, so the source is the site
        proxy), and for the rest the page id itself.
        """
        if self.url:
            host = urlsplit(self.url).hostname or ""
            host = re.sub(r"^www\d*\.", "", host.lower())
            if host:
                return host
        if self.source.startswith("msv-big5"):
            return self.source
        return self.id


def iter_dev(shared: Path, *, with_html: bool = False) -> Iterator[DevPage]:
    """The dev pages in file order."""
    path = shared / DEV_FILE
    if not path.is_file():
        raise FileNotFoundError(f"dev corpus not found at {path} (pass --shared <dir>)")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            yield DevPage(
                id=row["id"],
                source=row["source"],
                url=row.get("url"),
                text=row.get("text_inscriptis") or "",
                gt=row.get("gt") or {},
                gt_extra=row.get("gt_extra") or {},
                html=row.get("html") if with_html else None,
            )


def load_dev(shared: Path, *, limit: int | None = None, with_html: bool = False) -> list[DevPage]:
    """The first ``limit`` dev pages (all when None)."""
    pages: list[DevPage] = []
    for page in iter_dev(shared, with_html=with_html):
        if limit is not None and len(pages) >= limit:
            break
        pages.append(page)
    return pages


def subsample(pages: list[DevPage], n: int) -> list[DevPage]:
    """A fixed, evenly spread subsample of ``n`` pages (every k-th), the same on every run.

    Spread over the file rather than its head because the file is ordered by source.
    """
    if n >= len(pages):
        return list(pages)
    step = len(pages) / n
    return [pages[int(i * step)] for i in range(n)]
