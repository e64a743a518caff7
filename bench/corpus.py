"""Loading the dev corpus (``../shared/corpus``) for benchmarks and training.

The corpus is read, never copied into the repository: every benchmark takes the path of the
shared directory and fails with a clear message when it is absent.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import lzma
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

DEV_FILE = Path("corpus") / "dev.jsonl.gz"
DATELINES_FILE = Path("corpus") / "datelines-dev.jsonl.gz"
MULTIDEV_FILE = Path("corpus") / "multidev.jsonl.xz"

_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go"})
"""Second-level labels under which country domains register names (``bbc.co.uk``)."""
_DANIEL_HOST = re.compile(r"^daniel:\d{8}_([^_]+)_")
"""DAnIEL page ids carry the crawled host: ``daniel:20111101_www.express.gr_<hash>``."""


def fold_of(site: str, folds: int) -> int:
    """A stable cross-validation fold per site (hash), so re-runs and subsamples agree."""
    return int(hashlib.sha1(site.encode()).hexdigest(), 16) % folds


def registrable_domain(host: str) -> str:
    """``host`` cut to its registrable domain (``news.bbc.co.uk`` -> ``bbc.co.uk``).

    A heuristic without the public-suffix list: the last two labels, or three when the second
    last is a generic second-level label under a two-letter country code.
    """
    host = re.sub(r"^www\d*\.", "", host.lower().strip("."))
    labels = host.split(".")
    if len(labels) <= 2 or re.fullmatch(r"[\d.]+", host):
        return host
    if len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


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
    corpus: str = "dev"
    """``dev`` or ``multidev``."""
    lang: str | None = None
    """The corpus's language label (multidev); None for dev (almost all English)."""
    gt_kind: str = "full"
    """``full`` (``gt.body`` is the whole main text) or ``snippets`` (only ``gt.with``)."""
    headline_first: bool = False
    """The truth's first line is the headline: :attr:`truth` drops it."""
    gt_meta: dict[str, Any] = field(default_factory=dict)
    """The source's own title / byline / published (multidev), where it has them."""

    @property
    def truth(self) -> str:
        """The true body to score against (headline line dropped where the corpus says so)."""
        body = str(self.gt.get("body") or "")
        if self.headline_first:
            body = body.split("\n", 1)[1] if "\n" in body else ""
        return body

    @property
    def headline(self) -> str | None:
        """The headline a person marked: ``title_human`` (dev), the truth's dropped first line
        (multidev pages whose truth starts with it)."""
        if self.gt_extra.get("title_human"):
            return str(self.gt_extra["title_human"])
        if self.headline_first:
            first = str(self.gt.get("body") or "").split("\n", 1)[0].strip()
            return first or None
        return None

    @property
    def meta_title(self) -> str | None:
        """The page's declared title: ``gt.title`` (dev) or ``gt_meta.title`` (multidev)."""
        title = self.gt.get("title") or self.gt_meta.get("title")
        return str(title) if title else None

    @property
    def site(self) -> str:
        """A grouping key for cross-validation: pages of one site must not straddle folds.

        The registrable domain of the url when known (of the crawled host in DAnIEL's page ids
        when its url is not); otherwise the dataset's own grouping (the MSV "big5" pages are
        named ``<topic>_(n)`` per outlet year, so the source is the site proxy), and for the rest
        the page id itself (which names its source).
        """
        host = urlsplit(self.url).hostname or "" if self.url else ""
        if not host and (match := _DANIEL_HOST.match(self.id)):
            host = match.group(1)
        if host:
            return registrable_domain(host)
        if self.source.startswith("msv-big5"):
            return self.source
        return self.id


def rows(path: Path, name: str) -> Iterator[dict[str, Any]]:
    """The JSON rows of a corpus file (gzip or xz, by its suffix), in file order."""
    if not path.is_file():
        raise FileNotFoundError(f"{name} corpus not found at {path} (pass --shared <dir>)")
    opener: Any = lzma.open if path.suffix == ".xz" else gzip.open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def _page(row: dict[str, Any], with_html: bool, **extra: Any) -> DevPage:
    """The fields every corpus row has, plus the corpus's own ``extra`` ones."""
    return DevPage(
        id=row["id"],
        source=row["source"],
        url=row.get("url"),
        text=row.get("text_inscriptis") or "",
        gt=row.get("gt") or {},
        html=row.get("html") if with_html else None,
        **extra,
    )


def iter_dev(shared: Path, *, with_html: bool = False) -> Iterator[DevPage]:
    """The dev pages in file order."""
    for row in rows(shared / DEV_FILE, "dev"):
        yield _page(row, with_html, gt_extra=row.get("gt_extra") or {})


def iter_multidev(shared: Path, *, with_html: bool = False) -> Iterator[DevPage]:
    """The multidev pages in file order (``gt.with`` / ``gt.without`` stay in ``gt``)."""
    for row in rows(shared / MULTIDEV_FILE, "multidev"):
        yield _page(
            row,
            with_html,
            corpus="multidev",
            lang=row.get("lang"),
            gt_kind=row.get("gt_kind") or "full",
            headline_first=bool(row.get("gt_headline_first")),
            gt_meta=row.get("gt_meta") or {},
        )


def _first(pages: Iterator[DevPage], limit: int | None) -> list[DevPage]:
    return list(islice(pages, None if limit is None else max(limit, 0)))


def load_multidev(
    shared: Path, *, limit: int | None = None, with_html: bool = False
) -> list[DevPage]:
    """The first ``limit`` multidev pages (all when None)."""
    return _first(iter_multidev(shared, with_html=with_html), limit)


def load_dev(shared: Path, *, limit: int | None = None, with_html: bool = False) -> list[DevPage]:
    """The first ``limit`` dev pages (all when None)."""
    return _first(iter_dev(shared, with_html=with_html), limit)


def subsample(pages: list[DevPage], n: int) -> list[DevPage]:
    """A fixed, evenly spread subsample of ``n`` pages (every k-th), the same on every run.

    Spread over the file rather than its head because the file is ordered by source.
    """
    if n >= len(pages):
        return list(pages)
    step = len(pages) / n
    return [pages[int(i * step)] for i in range(n)]


def by_group(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Per-page records by their ``group`` (``corpus/source``), sorted, then ``all`` of them."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        groups[record["group"]].append(record)
    return {**{group: groups[group] for group in sorted(groups)}, "all": list(records)}
