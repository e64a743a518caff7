"""Text mode on the page texts scrapers actually send, beside jusText on the same texts.

The dev corpora give each page's text as one HTML-to-text rendering (``text_inscriptis``), but
scrapers send others: Markdown from the converters built for language models (html2text,
markdownify; Firecrawl, Jina Reader and crawl4ai print the same constructs) and the naive
``BeautifulSoup(html).get_text()``, which keeps the source's own line breaks and indentation
(and its ``get_text("\\n", strip=True)``, one text node a line: ``soup-lines``), and an
article's region alone (what a reader-mode export or an earlier extractor gives: here the
page's true body, without its headline). This bench renders every page's HTML each of those ways
and scores text mode (no url hint) and jusText (one ``<p>`` a line, the page language's
stoplist) on each rendering, out of fold with ``--fold-models``, by the same scorer and rows as
:mod:`bench.quality_multi`. It also prints the
share of each rendering that the service reads as Markdown (``markdown_rendered``): all of the
Markdown renderings and none of the plain ones is the aim of the detector's thresholds. On the
region, body F1 is the share of a clean article the service keeps, and ``titled`` (the share of
pages answered with a title, printed for every rendering) should be near zero: the region
prints no headline, so any title is a line of the story taken out of it.

Usage: ``python -m bench.renderings --shared ../shared [--corpus multidev,dev] [--sample N]
[--renderings inscriptis,html2text,markdownify,soup,soup-lines,region] [--fold-models DIR]
[--processes 2] [--plain]``. ``--plain`` is the ablation: every text read as plain text, as
before the service read Markdown (the workers are forked after the switch, so they inherit it).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from bench import quality_multi
from bench.corpus import DevPage, load_dev, load_multidev, subsample

ROOT = Path(__file__).resolve().parent.parent
_SYSTEMS = ("ours-innertext", "justext-innertext")
"""quality_multi's systems that read a page's second rendering (``Task.innertext``): here,
the rendering under test."""


def _html2text(html: str) -> str:
    import html2text

    converter = html2text.HTML2Text()
    converter.body_width = 0  # no hard wrapping: what LLM scrapers configure
    return str(converter.handle(html))


def _visible_soup(html: str) -> Any:
    """The page parsed by BeautifulSoup without the elements no browser shows as text."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    return soup


def _markdownify(html: str) -> str:
    from markdownify import markdownify

    return str(markdownify(str(_visible_soup(html)), heading_style="ATX"))


def _soup(html: str) -> str:
    return str(_visible_soup(html).get_text())


def _soup_lines(html: str) -> str:
    """The other common recipe, ``get_text("\\n", strip=True)``: every text node a line, so a
    link or an emphasis inside a sentence breaks it into three lines."""
    return str(_visible_soup(html).get_text("\n", strip=True))


RENDERERS: dict[str, Callable[[str], str]] = {
    "html2text": _html2text,
    "markdownify": _markdownify,
    "soup": _soup,
    "soup-lines": _soup_lines,
}
"""Rendering name -> HTML in, page text out. ``inscriptis`` is the corpus's own text and
``region`` the page's true body alone."""


def render(job: tuple[str, str, str]) -> tuple[str, str | None]:
    """``(page id, rendering, html)`` -> ``(page id, text)``; None where the renderer fails."""
    page_id, name, html = job
    try:
        return page_id, RENDERERS[name](html)
    except Exception:  # a converter's crash on one page leaves that page out
        return page_id, None


def rendered(pages: list[DevPage], name: str, processes: int) -> dict[str, str]:
    """Every page's ``name`` rendering by page id (the corpus's own text for inscriptis)."""
    if name == "inscriptis":
        return {page.id: page.text for page in pages}
    if name == "region":
        return {page.id: page.truth for page in pages if page.truth.strip()}
    jobs = [(page.id, name, page.html) for page in pages if page.html]
    with Pool(processes) as pool:
        done = pool.imap_unordered(render, jobs, 8)
        return {page_id: text for page_id, text in done if text is not None}


def markdown_share(texts: dict[str, str]) -> float:
    """The share of ``texts`` the service reads as Markdown."""
    from article_normalizer.normalize.markdown import looks_like_markdown

    return sum(map(looks_like_markdown, texts.values())) / len(texts) if texts else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--corpus", default="multidev,dev", help="comma list: multidev, dev")
    parser.add_argument("--sample", type=int, default=None, help="N pages spread over each")
    parser.add_argument("--renderings", default="inscriptis," + ",".join(RENDERERS) + ",region")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--min-lang", type=int, default=40)
    parser.add_argument("--fold-models", type=Path, default=None)
    parser.add_argument(
        "--plain",
        action="store_true",
        help="read every text as plain text, Markdown too: the service before it read Markdown",
    )
    args = parser.parse_args(argv)
    if args.plain:
        from article_normalizer.normalize import pipeline

        pipeline.looks_like_markdown = lambda text: False  # type: ignore[attr-defined]
    names = [n for n in args.renderings.split(",") if n]
    unknown = set(names) - {"inscriptis", "region", *RENDERERS}
    if unknown:
        parser.error(f"unknown renderings {sorted(unknown)}")

    started = time.perf_counter()
    pages: list[DevPage] = []
    for corpus in args.corpus.split(","):
        loader = {"multidev": load_multidev, "dev": load_dev}[corpus]
        some = [p for p in loader(args.shared, with_html=True) if p.gt_kind == "full"]
        pages.extend(subsample(some, args.sample) if args.sample else some)
    print(f"loaded {len(pages)} full-truth pages, {time.perf_counter() - started:.0f}s")
    texts = {name: rendered(pages, name, args.processes) for name in names}
    # Every rendering is scored on the same pages: those each renderer could render.
    pages = [page for page in pages if all(page.id in texts[name] for name in names)]
    print(f"rendered ({', '.join(names)}) {len(pages)} pages, {time.perf_counter() - started:.0f}s")
    for name in names:
        print(f"read as Markdown: {name} {100 * markdown_share(texts[name]):.1f} %")

    grouped = quality_multi.groups(pages, args.min_lang)
    rows: dict[str, dict[str, tuple[float, float, int, float]]] = {row: {} for row in grouped}
    for name in names:
        results = quality_multi.run(pages, _SYSTEMS, args.processes, args.fold_models, texts[name])
        ours_system = _SYSTEMS[0]
        for row, idx in grouped.items():
            summary = quality_multi.summarise(results, idx, _SYSTEMS)
            ours, justext = summary[ours_system], summary[_SYSTEMS[1]]
            titled = sum(results[i].titles.get(ours_system) is not None for i in idx) / len(idx)
            rows[row][name] = (ours.get("f1", 0.0), justext.get("f1", 0.0), ours["empty"], titled)
    print(f"\nbody F1, ours / jusText, {time.perf_counter() - started:.0f}s")
    print(f"{'group':<28} {'pages':>5}" + "".join(f" | {n:^27}" for n in names))
    for row, idx in grouped.items():
        cells = "".join(" | {:.3f} / {:.3f} e{:<3} t{:>3.0%}".format(*rows[row][n]) for n in names)
        print(f"{row:<28} {len(idx):>5}{cells}")
    print(
        "\nF1: 4-token shingles (bench.scoring); eN: empty bodies where the truth has one; "
        "tN%: share of pages answered with a title."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
