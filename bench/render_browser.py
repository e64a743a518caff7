"""Render the dev pages' HTML in headless Chromium and keep each page's ``document.body.innerText``.

Scrapers send page text in two shapes: an HTML-to-text rendering (the corpora's
``text_inscriptis``) and a browser's ``innerText`` (Playwright, Selenium). Text mode is measured
on the second from the renderings this tool caches; ``bench.quality_multi --rendering innertext``
and ``bench.titles`` read them and skip cleanly where the cache is absent.

The browser sees the page as a crawler's offline copy: JavaScript off and every request blocked
(the page's own document is answered from the corpus, stylesheets, images, fonts and frames are
aborted), so what it renders is the markup and its inline styles alone. One browser and one tab
serve every page; a page that does not render within ``--timeout`` seconds, or crashes its tab,
is recorded with its error and the tab is replaced.

The cache lives outside the repository (``$XDG_CACHE_HOME/article-normalizer/innertext/
<corpus>.jsonl.gz``, else ``~/.cache/...``): one JSON row per page, keyed by page id and the
SHA-1 of its HTML, so a changed corpus page is rendered again. Rows are appended in small gzip
members, so an interrupted run resumes where it stopped (a truncated last member is dropped).

Usage: ``python -m bench.render_browser --shared ../shared [--corpus dev,multidev]
[--limit N] [--timeout 15] [--chromium /usr/bin/chromium] [--cache DIR]``; run it under
``nice -n 10`` on a shared machine.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import os
import sys
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import DevPage, iter_dev, iter_multidev

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT = 15.0
"""Seconds a page may take to render before it is recorded as failed."""
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
)
"""Flags under which Chromium starts on this kind of machine (closed network, root, no GPU);
without the networking ones it keeps trying to reach Google's hosts."""
PAGE_URL = "https://page.invalid/"
"""Where the page is "loaded" from: a reserved name, answered by the route handler alone."""
VIEWPORT = {"width": 1280, "height": 2000}
"""A desktop window: ``innerText`` depends on layout (hidden elements, line breaks)."""
CORPORA = {"dev": iter_dev, "multidev": iter_multidev}
FLUSH_EVERY = 20
"""Rows per appended gzip member: small enough that an interruption loses little."""


def cache_dir() -> Path:
    """The renderings' home, outside any clone, shared by every clone on the machine."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "article-normalizer" / "innertext"


def html_digest(html: str) -> str:
    return hashlib.sha1(html.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Rendering:
    """One cached row: the page's ``innerText``, or why there is none."""

    id: str
    html_sha1: str
    text: str | None
    error: str | None
    seconds: float


def read_cache(path: Path) -> dict[str, Rendering]:
    """Every complete row of a cache file by page id (an interrupted last member is dropped)."""
    found: dict[str, Rendering] = {}
    if not path.is_file():
        return found
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    break
                found[row["id"]] = Rendering(
                    row["id"], row["html_sha1"], row.get("text"), row.get("error"), row["seconds"]
                )
    except (EOFError, OSError, zlib.error):
        pass  # an interrupted write: keep what came before it
    return found


def renderings(shared: Path, corpus: str, cache: Path | None = None) -> dict[str, str] | None:
    """Page id -> ``innerText`` for ``corpus``, None when it has not been rendered.

    Rows whose HTML digest no longer matches the corpus, and failed renderings, are left out,
    so a caller scores only pages whose text is the rendering of the page it has.
    """
    rows = read_cache((cache or cache_dir()) / f"{corpus}.jsonl.gz")
    if not rows:
        return None
    return _current(rows, _pages(shared, corpus))


def _pages(shared: Path, corpus: str) -> Iterator[DevPage]:
    return CORPORA[corpus](shared, with_html=True)


def _rewrite(path: Path, rows: dict[str, Rendering]) -> None:
    """Rewrite the cache with its complete rows (after an interruption left a broken tail)."""
    tmp = path.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8") as handle:
        for row in rows.values():
            handle.write(_line(row))
    tmp.replace(path)


def _line(row: Rendering) -> str:
    return (
        json.dumps(
            {
                "id": row.id,
                "html_sha1": row.html_sha1,
                "text": row.text,
                "error": row.error,
                "seconds": round(row.seconds, 3),
            },
            ensure_ascii=False,
        )
        + "\n"
    )


def _append(path: Path, rows: list[Rendering]) -> None:
    if not rows:
        return
    with gzip.open(path, "at", encoding="utf-8") as handle:
        for row in rows:
            handle.write(_line(row))


class Renderer:
    """One headless Chromium and one tab, reused page after page; replaced when they fail."""

    def __init__(self, chromium: Path, timeout: float) -> None:
        from playwright.sync_api import sync_playwright

        self._timeout_ms = timeout * 1000
        self._chromium = chromium
        self._manager = sync_playwright()
        self._playwright = self._manager.start()
        self._html: str | None = None
        self._browser: Any = None
        self._page: Any = None
        self._launch()

    def _launch(self) -> None:
        self._browser = self._playwright.chromium.launch(
            executable_path=str(self._chromium), headless=True, args=list(CHROMIUM_ARGS)
        )
        self._context = self._browser.new_context(
            java_script_enabled=False, viewport=VIEWPORT, service_workers="block"
        )
        self._context.route("**/*", self._route)
        self._new_page()

    def _new_page(self) -> None:
        self._page = self._context.new_page()
        self._page.set_default_timeout(self._timeout_ms)

    def _route(self, route: Any) -> None:
        request = route.request
        if self._html is not None and request.url == PAGE_URL and request.is_navigation_request():
            # Served once: a <meta http-equiv="refresh"> to itself must not reload the page
            # under the text being read (JavaScript off does not stop a refresh).
            body, self._html = self._html, None
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)
        else:
            route.abort()

    def render(self, html: str) -> str:
        self._html = html
        self._page.goto(PAGE_URL, wait_until="load", timeout=self._timeout_ms)
        text = self._page.evaluate("() => document.body ? document.body.innerText : ''")
        return str(text or "")

    def recover(self) -> None:
        """A fresh tab after a failure; a fresh browser when the tab cannot be replaced."""
        try:
            self._page.close()
            self._new_page()
        except Exception:
            with contextlib.suppress(Exception):
                self._browser.close()
            self._launch()

    def close(self) -> None:
        try:
            self._browser.close()
        finally:
            self._manager.__exit__(None, None, None)


def render_corpus(
    shared: Path,
    corpus: str,
    cache: Path,
    chromium: Path,
    timeout: float,
    limit: int | None,
    retry_failed: bool = False,
) -> dict[str, Any]:
    """Render every page of ``corpus`` missing from its cache (and those that failed, with
    ``retry_failed``); returns counts for the log."""
    cache.mkdir(parents=True, exist_ok=True)
    pages = list(_pages(shared, corpus))[:limit]
    return render_pages(pages, cache / f"{corpus}.jsonl.gz", chromium, timeout, retry_failed)


def render_pages(
    pages: list[DevPage],
    path: Path,
    chromium: Path,
    timeout: float,
    retry_failed: bool = False,
) -> dict[str, Any]:
    """Render the ``pages`` missing from the cache file ``path`` (and those that failed, with
    ``retry_failed``); returns counts for the log. Also what ``bench.external`` renders the
    public benchmarks' pages with."""
    from tqdm import tqdm

    path.parent.mkdir(parents=True, exist_ok=True)
    corpus = path.name.removesuffix(".jsonl.gz")
    done = read_cache(path)
    if path.is_file():
        _rewrite(path, done)  # drops a broken tail before appending after it
    todo = [
        p
        for p in pages
        if p.id not in done or _stale(done[p.id], p) or (retry_failed and done[p.id].text is None)
    ]
    stats: dict[str, Any] = {
        "corpus": corpus,
        "pages": len(pages),
        "cached": len(pages) - len(todo),
        "rendered": 0,
        "failed": 0,
        "seconds": 0.0,
    }
    if not todo:
        return stats
    renderer = Renderer(chromium, timeout)
    pending: list[Rendering] = []
    started = time.perf_counter()
    try:
        for page in tqdm(todo, desc=f"innerText {corpus}", unit="page", file=sys.stderr):
            html = page.html or ""
            t0 = time.perf_counter()
            text: str | None
            try:
                text, error = renderer.render(html), None
            except Exception as exc:
                text, error = None, f"{type(exc).__name__}: {exc}"[:300]
                renderer.recover()
                stats["failed"] += 1
            pending.append(
                Rendering(page.id, html_digest(html), text, error, time.perf_counter() - t0)
            )
            stats["rendered"] += 1
            if len(pending) >= FLUSH_EVERY:
                _append(path, pending)
                pending = []
    finally:
        _append(path, pending)
        renderer.close()
        stats["seconds"] = round(time.perf_counter() - started, 1)
    return stats


def page_renderings(pages: list[DevPage], path: Path) -> dict[str, str]:
    """Page id -> ``innerText`` of the ``pages`` whose rendering the cache file ``path`` holds
    for their present HTML (failed renderings left out)."""
    return _current(read_cache(path), pages)


def _current(rows: dict[str, Rendering], pages: Iterable[DevPage]) -> dict[str, str]:
    """Page id -> ``innerText`` of each page whose row holds a rendering of its present HTML."""
    return {
        page.id: text
        for page in pages
        if (row := rows.get(page.id)) is not None
        and (text := row.text) is not None
        and not _stale(row, page)
    }


def _stale(row: Rendering, page: DevPage) -> bool:
    return row.html_sha1 != html_digest(page.html or "")


def summary(cache: Path, corpus: str) -> dict[str, Any]:
    """What a cache file holds: rows, failures (by error kind) and render time."""
    rows = read_cache(cache / f"{corpus}.jsonl.gz")
    errors: dict[str, int] = {}
    for row in rows.values():
        if row.error:
            kind = row.error.split(":", 1)[0]
            errors[kind] = errors.get(kind, 0) + 1
    seconds = [row.seconds for row in rows.values()]
    return {
        "corpus": corpus,
        "rows": len(rows),
        "failed": sum(errors.values()),
        "errors": errors,
        "empty_text": sum(1 for row in rows.values() if row.text is not None and not row.text),
        "render_seconds_total": round(sum(seconds), 1),
        "render_seconds_max": round(max(seconds), 2) if seconds else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--corpus", default="dev,multidev", help="comma list: dev, multidev")
    parser.add_argument("--cache", type=Path, default=None, help="default: " + str(cache_dir()))
    parser.add_argument("--chromium", type=Path, default=CHROMIUM)
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per page")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--summary", action="store_true", help="only describe the cache")
    parser.add_argument("--retry-failed", action="store_true", help="render failed pages again")
    args = parser.parse_args(argv)
    if not args.summary and not args.chromium.exists():
        parser.error(
            f"no Chromium at {args.chromium}: install Debian's (apt-get install chromium) "
            "or pass --chromium PATH"
        )
    cache = args.cache or cache_dir()
    for corpus in args.corpus.split(","):
        if corpus not in CORPORA:
            parser.error(f"unknown corpus {corpus!r}")
        if not args.summary:
            stats = render_corpus(
                args.shared,
                corpus,
                cache,
                args.chromium,
                args.timeout,
                args.limit,
                args.retry_failed,
            )
            print(json.dumps(stats))
        print(json.dumps(summary(cache, corpus)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
