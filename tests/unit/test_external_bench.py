"""bench.external reads the public benchmarks' checkouts and scores them like the corpora."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from bench.external import aeb_pages, groups, magic_html_pages, main, trafilatura_eval_pages

STORY = (
    "The harbour board voted on Monday to rebuild the old pier before the summer season. "
    "Repairs will take two years and cost more than the town first planned, officials said."
)
HTML = (
    "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
    "<h1>Pier to be rebuilt</h1><p>{story}</p><footer>Contact us</footer></body></html>"
)


def _aeb(root: Path) -> Path:
    (root / "html").mkdir(parents=True)
    (root / "ground-truth.json").write_text(
        json.dumps({"k1": {"articleBody": STORY, "url": "https://example.org/pier"}}),
        encoding="utf-8",
    )
    (root / "html" / "k1.html.gz").write_bytes(gzip.compress(HTML.format(story=STORY).encode()))
    return root


def _trafilatura_eval(root: Path) -> Path:
    (root / "eval").mkdir(parents=True)
    entries = {
        "https://example.de/pier": {
            "file": "pier.html",
            "with": ["rebuild the old pier"],
            "without": ["Contact us"],
        },
        "https://example.de/missing": {"file": "missing.html", "with": ["x"], "without": []},
    }
    (root / "evaldata.json").write_text(json.dumps(entries), encoding="utf-8")
    # Not UTF-8: the reader falls back to detecting the charset.
    (root / "eval" / "pier.html").write_bytes(HTML.format(story=STORY + " Grüße.").encode("cp1252"))
    return root


def _magic_html(root: Path) -> Path:
    for layout in ("article", "forum"):
        (root / layout / "htmls").mkdir(parents=True)
        truth = {f"{layout}1": {"url": f"https://example.org/{layout}", "content": STORY}}
        (root / layout / "base.json").write_text(json.dumps(truth), encoding="utf-8")
        page = HTML.format(story=STORY).encode()
        (root / layout / "htmls" / f"{layout}1.html").write_bytes(page)
    return root


def test_magic_html_pages_are_read_per_layout(tmp_path: Path) -> None:
    article, forum = magic_html_pages(_magic_html(tmp_path / "data"))
    assert article.corpus == "magic-html article" and forum.corpus == "magic-html forum"
    assert article.truth == STORY and article.gt_kind == "full" and article.lang == "en"
    assert "Pier to be rebuilt" in forum.text and "<p>" not in forum.text


def test_the_benchmark_pages_are_read_with_their_text_rendering(tmp_path: Path) -> None:
    (aeb,) = aeb_pages(_aeb(tmp_path / "aeb"))
    assert aeb.truth == STORY and aeb.gt_kind == "full" and aeb.html is not None
    assert "Pier to be rebuilt" in aeb.text and "<p>" not in aeb.text
    (snippets,) = trafilatura_eval_pages(_trafilatura_eval(tmp_path / "tests"))
    assert snippets.gt_kind == "snippets" and snippets.truth == ""
    assert snippets.gt["with"] == ["rebuild the old pier"]
    assert "Grüße" in snippets.text and snippets.lang == "en"


def test_rows_name_each_benchmark(tmp_path: Path) -> None:
    pages = [
        *aeb_pages(_aeb(tmp_path / "aeb")),
        *trafilatura_eval_pages(_trafilatura_eval(tmp_path / "tests")),
    ]
    assert groups(pages) == {"aeb": [0], "trafilatura-eval": [1]}


def test_the_bench_scores_ours_on_both(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.json"
    args = ["--aeb", str(_aeb(tmp_path / "aeb")), "--systems", "ours,ours-html"]
    args += ["--trafilatura-eval", str(_trafilatura_eval(tmp_path / "tests"))]
    assert main([*args, "--processes", "1", "--json", str(out)]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    assert rows["aeb"]["ours"]["f1"] > 0.9 and rows["aeb"]["ours-html"]["f1"] > 0.9
    assert rows["trafilatura-eval"]["ours"]["snippets_right"] == 1.0
    pages = json.loads(out.read_text(encoding="utf-8"))["pages"]
    assert [p["id"][:4] for p in pages] == ["aeb:", "traf"] and pages[0]["f1"]["ours"] > 0.9
    printed = capsys.readouterr().out
    assert "trafilatura-eval (1): ours (text) 100.0 % right, 100.0 % with;" in printed


@pytest.mark.skipif(
    shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists(),
    reason="no Chromium on this machine",
)
def test_the_browser_text_is_rendered_cached_and_scored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("playwright")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out = tmp_path / "out.json"
    args = ["--aeb", str(_aeb(tmp_path / "aeb")), "--innertext", "--processes", "1"]
    assert main([*args, "--systems", "ours,ours-innertext", "--json", str(out)]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    assert rows["aeb"]["ours-innertext"]["f1"] > 0.9
    assert (
        tmp_path / "cache" / "article-normalizer" / "innertext" / "external-aeb.jsonl.gz"
    ).exists()
