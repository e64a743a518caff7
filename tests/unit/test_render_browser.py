"""The innerText renderer's cache (bench/render_browser): resumable, keyed by page and HTML.

The browser itself is exercised only where Chromium and Playwright are installed: a tiny page
must come back as the browser lays it out, with its scripts unrun and its requests blocked.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from bench import render_browser
from bench.render_browser import Rendering, html_digest, read_cache


def _write(path: Path, rows: list[Rendering]) -> None:
    render_browser._append(path, rows)


def _corpus(shared: Path, pages: dict[str, str]) -> None:
    corpus = shared / "corpus"
    corpus.mkdir(parents=True)
    with gzip.open(corpus / "dev.jsonl.gz", "wt", encoding="utf-8") as handle:
        for page_id, html in pages.items():
            row = {"id": page_id, "source": "t", "url": None, "text_inscriptis": "", "html": html}
            handle.write(json.dumps(row) + "\n")


def test_cache_appends_members_and_reads_them_back(tmp_path: Path) -> None:
    path = tmp_path / "dev.jsonl.gz"
    _write(path, [Rendering("a", "1", "Alpha", None, 0.1)])
    _write(path, [Rendering("b", "2", None, "TimeoutError: slow", 15.0)])
    rows = read_cache(path)
    assert list(rows) == ["a", "b"]
    assert rows["a"].text == "Alpha"
    assert rows["b"].error == "TimeoutError: slow"


def test_an_interrupted_last_member_keeps_the_rows_before_it(tmp_path: Path) -> None:
    path = tmp_path / "dev.jsonl.gz"
    _write(path, [Rendering("a", "1", "Alpha", None, 0.1)])
    complete = path.stat().st_size
    _write(path, [Rendering(f"p{i}", "2", "x" * 500, None, 0.1) for i in range(50)])
    with path.open("r+b") as handle:  # a kill in the middle of the second member
        handle.truncate(complete + 40)
    assert list(read_cache(path)) == ["a"]


def test_renderings_leave_out_failures_and_pages_whose_html_changed(tmp_path: Path) -> None:
    shared, cache = tmp_path / "shared", tmp_path / "cache"
    _corpus(shared, {"same": "<p>one</p>", "changed": "<p>new</p>", "failed": "<p>x</p>"})
    cache.mkdir()
    _write(
        cache / "dev.jsonl.gz",
        [
            Rendering("same", html_digest("<p>one</p>"), "one", None, 0.1),
            Rendering("changed", html_digest("<p>old</p>"), "old", None, 0.1),
            Rendering("failed", html_digest("<p>x</p>"), None, "Error: crashed", 0.1),
        ],
    )
    assert render_browser.renderings(shared, "dev", cache) == {"same": "one"}
    assert render_browser.renderings(shared, "multidev", cache) is None


def test_page_renderings_match_the_pages_html(tmp_path: Path) -> None:
    from bench.corpus import DevPage

    def page(page_id: str, html: str) -> DevPage:
        return DevPage(id=page_id, source="t", url=None, text="", gt={}, html=html)

    path = tmp_path / "external-t.jsonl.gz"
    _write(
        path,
        [
            Rendering("same", html_digest("<p>one</p>"), "one", None, 0.1),
            Rendering("changed", html_digest("<p>old</p>"), "old", None, 0.1),
            Rendering("failed", html_digest("<p>x</p>"), None, "Error: crashed", 0.1),
        ],
    )
    pages = [page("same", "<p>one</p>"), page("changed", "<p>new</p>"), page("failed", "<p>x</p>")]
    assert render_browser.page_renderings([*pages, page("new", "<p>n</p>")], path) == {
        "same": "one"
    }


@pytest.mark.skipif(
    shutil.which("chromium") is None and not render_browser.CHROMIUM.exists(),
    reason="no Chromium on this machine",
)
def test_a_page_renders_as_the_browser_lays_it_out(tmp_path: Path) -> None:
    pytest.importorskip("playwright")
    html = (
        "<html><head><link rel='stylesheet' href='https://cdn.example.org/a.css'></head><body>"
        "<h1>Harbour cranes idle</h1><p>Dock workers <b>walked</b> out.</p>"
        "<script>document.body.innerHTML = 'replaced'</script>"
        "<div style='display:none'>hidden</div><table><tr><td>A</td><td>B</td></tr></table>"
        "<img src='https://cdn.example.org/i.png'></body></html>"
    )
    shared, cache = tmp_path / "shared", tmp_path / "cache"
    _corpus(shared, {"p": html})
    stats = render_browser.render_corpus(
        shared, "dev", cache, render_browser.CHROMIUM, timeout=20.0, limit=None
    )
    assert stats["failed"] == 0
    text = render_browser.renderings(shared, "dev", cache)
    assert text is not None
    lines = [line for line in text["p"].splitlines() if line.strip()]
    assert lines == ["Harbour cranes idle", "Dock workers walked out.", "A\tB"]
    again = render_browser.render_corpus(
        shared, "dev", cache, render_browser.CHROMIUM, timeout=20.0, limit=None
    )
    assert again["cached"] == 1 and again["rendered"] == 0


def test_a_missing_browser_is_named_before_any_page_is_read(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        render_browser.main(
            ["--shared", str(tmp_path), "--chromium", str(tmp_path / "no-chromium"), "--limit", "1"]
        )
    assert stopped.value.code == 2
