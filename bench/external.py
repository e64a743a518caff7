"""Body quality on public benchmarks outside the corpora, beside trafilatura and jusText.

The models and rules of this project are fitted and checked on ``../shared``'s two corpora, with
cross-validation by site; a check on pages from elsewhere tells whether what held out of fold
holds for pages nobody chose alike. Two public benchmarks are read from local checkouts:

- ``--aeb DIR``: the scrapinghub article-extraction benchmark
  (github.com/scrapinghub/article-extraction-benchmark, MIT): 181 English pages,
  ``ground-truth.json`` (``articleBody`` per page) and ``html/<key>.html.gz``; scored like the
  corpora's full truths (body P/R/F1 over 4-token shingles, averaged per page);
- ``--trafilatura-eval DIR``: trafilatura's multilingual evaluation (its repository's
  ``tests`` folder, Apache-2.0): ``evaldata.json`` (``with`` / ``without`` snippets per page) and
  ``eval/<file>``, about 900 pages, two thirds German; scored by the share of ``with`` snippets
  found and the share of pages fully right (every ``with`` found, every ``without`` absent).
  trafilatura's own settings were tuned on these pages, so its figures there are in sample;
- ``--magic-html DIR``: the benchmark of opendatalab's magic-html extractor (its repository's
  ``benchmark/data`` folder, Apache-2.0): ``article/base.json`` and ``forum/base.json``
  (``content`` per page) with ``htmls/<key>.html``, 158 articles and 103 forum threads, two
  pages a site, about half of them Chinese; scored like the corpora's full truths (character
  F1 beside it for Chinese and Japanese pages).

Each page runs through the same systems as :mod:`bench.quality_multi`: ours on the page's
``inscriptis`` rendering (text mode, as the corpora's ``text_inscriptis``), ours on the HTML,
jusText on the same text (the stoplist of the language ours detects), and trafilatura
``bare_extraction`` on the HTML. The shipped models run: no page here was trained on.
``--innertext`` renders the pages in headless Chromium as :mod:`bench.render_browser` renders
the corpora (cached beside them, ``external-<benchmark>.jsonl.gz``, resumable) and adds ours
and jusText on that browser text, the other page text scrapers send; pages without a
rendering are then left out of every column.

Usage: ``python -m bench.external [--aeb DIR] [--trafilatura-eval DIR] [--magic-html DIR]
[--innertext] [--processes 2]
[--systems ours,ours-html,justext,trafilatura] [--json PATH]``. Needs the ``dev`` extra
(inscriptis).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import quality_multi, render_browser
from bench.corpus import DevPage

MIN_LANGUAGE_PAGES = 20
"""Languages with fewer pages than this are pooled as ``other`` in the table."""


def _decode(raw: bytes) -> str:
    """The page's text, decoded as the service decodes an HTML upload (BOM, ``<meta charset>``,
    UTF-8, detection)."""
    from article_normalizer.normalize.html.charset import decode_html

    return decode_html(raw).text


def _rendered(html: str) -> str:
    import inscriptis

    return str(inscriptis.get_text(html))


def _language(text: str) -> str | None:
    """The language ours detects in the page text (for jusText's stoplist and the rows): read
    off the text's blocks as the pipeline reads them, split at its line limit and unwrapped."""
    from article_normalizer.normalize.language import detect_language
    from article_normalizer.normalize.lines.blocks import split_blocks, unwrap
    from article_normalizer.normalize.pipeline import DEFAULT_LIMITS

    lines, _ = split_blocks(text, max_blocks=DEFAULT_LIMITS.max_blocks)
    return detect_language(unwrap(lines))


def _page(
    page_id: str,
    source: str,
    corpus: str,
    raw: bytes,
    url: str | None,
    gt: dict[str, Any],
    *,
    lang: str | None = None,
    gt_kind: str = "full",
) -> DevPage:
    """A benchmark page from its raw HTML: decoded as the service decodes an upload, rendered
    to text as the corpora's ``text_inscriptis``, its language detected unless ``lang`` says."""
    html = _decode(raw)
    text = _rendered(html)
    return DevPage(
        id=page_id,
        source=source,
        url=url,
        text=text,
        gt=gt,
        html=html,
        corpus=corpus,
        lang=lang or _language(text),
        gt_kind=gt_kind,
    )


def aeb_pages(root: Path) -> Iterator[DevPage]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for key, row in sorted(truth.items()):
        path = root / "html" / f"{key}.html.gz"
        if path.exists():
            body = {"body": row.get("articleBody") or ""}
            raw = gzip.decompress(path.read_bytes())
            yield _page(f"aeb:{key[:16]}", "aeb", "aeb", raw, row.get("url"), body, lang="en")


def trafilatura_eval_pages(root: Path) -> Iterator[DevPage]:
    entries = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    for url, row in sorted(entries.items()):
        path = root / "eval" / str(row.get("file", ""))
        if row.get("file") and path.exists():
            snippets = {
                "with": list(row.get("with") or ()),
                "without": list(row.get("without") or ()),
            }
            page_id = f"trafilatura-eval:{row['file']}"
            raw = path.read_bytes()
            source = "trafilatura-eval"
            yield _page(page_id, source, source, raw, url, snippets, gt_kind="snippets")


def magic_html_pages(root: Path) -> Iterator[DevPage]:
    for layout in ("article", "forum"):
        folder = root / layout
        if not (folder / "base.json").exists():
            continue
        truth = json.loads((folder / "base.json").read_text(encoding="utf-8"))
        for key, row in sorted(truth.items()):
            path = folder / "htmls" / f"{key}.html"
            if path.exists():
                page_id = f"magic-html:{layout}/{key[:16]}"
                body = {"body": row.get("content") or ""}
                raw = path.read_bytes()
                corpus = f"magic-html {layout}"
                yield _page(page_id, "magic-html", corpus, raw, row.get("url"), body)


def _browser_texts(pages: list[DevPage], chromium: Path) -> tuple[list[DevPage], dict[str, str]]:
    """Each benchmark's pages rendered in Chromium (cached, resumable), and the pages that
    have a rendering."""
    texts: dict[str, str] = {}
    for source in sorted({page.source for page in pages}):
        members = [page for page in pages if page.source == source]
        path = render_browser.cache_dir() / f"external-{source}.jsonl.gz"
        stats = render_browser.render_pages(members, path, chromium, render_browser.TIMEOUT)
        print(f"innerText {source}: {stats}", file=sys.stderr)
        texts.update(render_browser.page_renderings(members, path))
    kept = [page for page in pages if page.id in texts]
    if len(kept) < len(pages):
        print(f"innerText: {len(pages) - len(kept)} pages without a rendering left out")
    return kept, texts


def groups(pages: list[DevPage]) -> dict[str, list[int]]:
    """Row name -> page indexes: each benchmark, and its languages with enough pages."""
    out: dict[str, list[int]] = {}
    for i, page in enumerate(pages):
        out.setdefault(page.corpus, []).append(i)
    for corpus in list(out):
        by_language: dict[str, list[int]] = {}
        for i in out[corpus]:
            by_language.setdefault(pages[i].lang or "none", []).append(i)
        if len(by_language) < 2:
            continue
        for language, idx in sorted(by_language.items(), key=lambda kv: -len(kv[1])):
            name = language if len(idx) >= MIN_LANGUAGE_PAGES else "other"
            out.setdefault(f"{corpus} / {name}", []).extend(idx)
    return out


def print_snippet_shares(rows: dict[str, dict[str, Any]], systems: tuple[str, ...]) -> None:
    """The snippet rows' shares to a tenth of a point (the table rounds them to whole points)."""
    for name, row in rows.items():
        cells = [
            f"{quality_multi.LABELS.get(system, system)} {100 * s['snippets_right']:.1f} % right, "
            f"{100 * s['with_found']:.1f} % with"
            for system in systems
            if "snippets_right" in (s := row[system])
        ]
        if cells:
            print(f"{name} ({row['pages']}): " + "; ".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aeb", type=Path, default=None, help="article-extraction-benchmark")
    parser.add_argument(
        "--trafilatura-eval", type=Path, default=None, help="trafilatura's tests folder"
    )
    parser.add_argument(
        "--magic-html", type=Path, default=None, help="magic-html's benchmark/data folder"
    )
    parser.add_argument(
        "--innertext", action="store_true", help="also ours and jusText on Chromium's innerText"
    )
    parser.add_argument("--chromium", type=Path, default=render_browser.CHROMIUM)
    parser.add_argument("--systems", default=None)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.aeb is None and args.trafilatura_eval is None and args.magic_html is None:
        parser.error("give --aeb DIR, --trafilatura-eval DIR, --magic-html DIR or several")
    default: tuple[str, ...] = quality_multi.DEFAULT_SYSTEMS
    if args.innertext:
        default = (*default, *sorted(quality_multi.BROWSER_SYSTEMS, reverse=True))
    systems = tuple(s for s in (args.systems or ",".join(default)).split(",") if s)
    allowed = set(quality_multi.SYSTEMS)
    if not args.innertext:
        allowed -= quality_multi.BROWSER_SYSTEMS
    unknown = set(systems) - allowed
    if unknown:
        parser.error(f"unknown systems {sorted(unknown)} (innerText ones need --innertext)")

    started = time.perf_counter()
    pages: list[DevPage] = []
    if args.aeb is not None:
        pages.extend(aeb_pages(args.aeb))
    if args.trafilatura_eval is not None:
        pages.extend(trafilatura_eval_pages(args.trafilatura_eval))
    if args.magic_html is not None:
        pages.extend(magic_html_pages(args.magic_html))
    print(f"loaded {len(pages)} pages, {time.perf_counter() - started:.0f}s", file=sys.stderr)
    innertext: dict[str, str] | None = None
    if args.innertext:
        pages, innertext = _browser_texts(pages, args.chromium)
    results = quality_multi.run(pages, systems, args.processes, innertext=innertext)
    rows = {
        name: quality_multi.summarise(results, idx, systems) for name, idx in groups(pages).items()
    }
    print(f"body quality outside the corpora: {len(pages)} pages, shipped models")
    quality_multi.print_table(rows, systems)
    print(
        "\nP/R/F1: 4-token shingles against the full truth (aeb, magic-html); with: share of "
        "gt.with snippets found; right: share of pages with every with snippet found and "
        "every without snippet absent (trafilatura-eval). Languages: as ours detects them."
    )
    print_snippet_shares(rows, systems)
    errors = {s: sum(1 for r in results if s in r.errors) for s in systems}
    print(f"errors (scored as empty bodies): {errors}")
    if args.json is not None:
        detail = [
            {
                "id": page.id,
                "lang": page.lang,
                "f1": {s: round(c.f1, 4) for s in systems if (c := result.counts.get(s))},
                "empty": result.empty,
            }
            for page, result in zip(pages, results, strict=True)
        ]
        args.json.write_text(
            json.dumps({"rows": rows, "pages": detail}, indent=1), encoding="utf-8"
        )
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
