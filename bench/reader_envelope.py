"""What a reader service's header gives text mode: the dev pages as Jina Reader would send them.

No corpus holds a reader service's answers, so they are made: each dev page's HTML rendered to
Markdown by markdownify (the converters Jina Reader's turndown resembles), under a header of the
page's ``<title>`` and its url (``Title:``, ``URL Source:``, ``Markdown Content:``; no
``Published Time:``, since the corpus keeps no declared date apart from the truth). Each page is
read twice in one run, the header read (the service's path) and ignored (the header left as page
lines, as before it was read), and scored against ``title_human`` (exact), ``gt.outlet`` and
``gt.published`` (same day). The shipped models read every page: in sample for the line model,
but the header's reading fits nothing.

Usage: ``python -m bench.reader_envelope --shared ../shared [--every N]``
"""

from __future__ import annotations

import argparse
import html
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.errors import NormalizeError
from article_normalizer.normalize.models import Article
from bench.corpus import DevPage, load_dev
from bench.renderings import RENDERERS
from bench.scoring import norm_outlet, same_day, title_exact

REFERENCE = datetime(2026, 1, 1, tzinfo=UTC)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)


def enveloped(page: DevPage, markdown: str) -> str:
    """The page as the service would send it: its header, then its Markdown."""
    found = _TITLE.search(page.html or "")
    title = html.unescape(" ".join(found.group(1).split())) if found else ""
    return f"Title: {title}\n\nURL Source: {page.url}\n\nMarkdown Content:\n{markdown}"


def _read(text: str, *, header: bool) -> Article | None:
    try:
        if header:
            return normalize(RawDocument(text=text), now=REFERENCE)
        with mock.patch("article_normalizer.normalize.pipeline.read_envelope", lambda _: None):
            return normalize(RawDocument(text=text), now=REFERENCE)
    except NormalizeError:
        return None


def _scores(page: DevPage, article: Article | None) -> dict[str, bool | None]:
    """Right or wrong per field; None where the truth has no value."""
    title = article.title if article else None
    outlet = article.outlet.name if article and article.outlet else None
    published = article.published if article else None
    true_outlet = norm_outlet(page.gt.get("outlet"))
    true_published = page.gt.get("published")
    return {
        "title": title_exact(title, page.headline) if page.headline else None,
        "outlet": norm_outlet(outlet) == true_outlet if true_outlet else None,
        "published": same_day(published, true_published) if true_published else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--every", type=int, default=1, help="every N-th page (trial runs)")
    args = parser.parse_args(argv)
    render: Callable[[str], str] = RENDERERS["markdownify"]
    pages = [p for p in load_dev(args.shared, with_html=True)[:: args.every] if p.html and p.url]
    totals: dict[str, dict[str, list[int]]] = {"ignored": {}, "read": {}}
    for page in pages:
        try:
            text = enveloped(page, render(page.html or ""))
        except Exception:  # a converter's crash on one page leaves that page out
            continue
        for run, header in (("ignored", False), ("read", True)):
            for field, right in _scores(page, _read(text, header=header)).items():
                if right is not None:
                    counts = totals[run].setdefault(field, [0, 0])
                    counts[0] += int(right)
                    counts[1] += 1
    print(f"dev pages under a reader header (markdownify, <title>, url): {len(pages)}")
    print(f"{'field':<10} {'header ignored':>16} {'header read':>16}")
    for field in ("title", "outlet", "published"):
        cells = []
        for run in ("ignored", "read"):
            hits, total = totals[run].get(field, [0, 0])
            cells.append(f"{hits}/{total} {hits / total:.3f}" if total else "-")
        print(f"{field:<10} {cells[0]:>16} {cells[1]:>16}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
