"""Body quality on both corpora, by source and language, beside jusText and trafilatura.

For every page of ``multidev.jsonl.xz`` and ``dev.jsonl.gz`` (``../shared/corpus``), in one run:

- **ours**: :func:`article_normalizer.normalize.normalize` on the page's ``text_inscriptis`` (text
mode, no
  url hint), the dateline put back in front of the body as the truths keep it;
- **ours-html**: the same on the page's HTML (HTML mode, no url hint);
- **jusText** on the same text, one ``<p>`` per line, with the stoplist of the page's language
  (the corpus label) where jusText has one, else English (the table says which);
- **trafilatura** ``bare_extraction`` with its defaults on the same page's HTML;
- **ours-innertext** / **justext-innertext**: ours and jusText on the page's browser
  ``innerText`` (headless Chromium, JavaScript off, no network: ``bench.render_browser``), the
  other text scrapers send. ``--innertext`` runs them beside the HTML-to-text rendering on the
  pages both renderings exist for; a corpus with no cached renderings is skipped with a note.

Scores (:mod:`bench.scoring`): full-truth pages get body P/R/F1 over 4-token shingles (the
truth's first line dropped where ``gt_headline_first``), averaged per page as the corpus README
says, plus the count of empty bodies on pages whose truth has one; Chinese and Japanese pages
also get the character-level F1 (each Han/kana character a token, :func:`scoring.char_tokens`),
since ``\\w+`` makes a whole sentence of those scripts one token. Pages with ``gt.with`` /
``gt.without`` snippets (the snippet-only sources, and WCXB besides its full truth) get the share
of ``with`` snippets found in the body and of ``without`` snippets absent from it (per-page means).

Titles (ours in each input): against the headline a person marked (``title_human`` in dev, the
truth's dropped first line in multidev) exact after the corpus README's normalisation, and
against the page's declared title (``gt.title``, ``gt_meta.title``) right when the token F1 is at
least 0.8; a title is *wrong* when it is given and under 0.8 against the marked headline (the
declared one where none is marked), *null* when none is given.

Rows: each corpus, each source, and each multidev language with at least ``--min-lang`` pages
(the rest pooled as ``other``). Two worker processes by default (``--processes``).

With ``--fold-models DIR`` (written by ``bench.train_classifier --fold-models DIR``) each page
runs with the model of the cross-validation fold that never saw its site (and with that fold's
HTML page gate and text page threshold gate, ``gate-fold<k>.json`` and ``text-gate-fold<k>.json``,
where the directory holds them), so ours (text and HTML) is out of sample through the whole
pipeline; without it the shipped model, trained on every page here, scores in sample.

Usage: ``python -m bench.quality_multi --shared ../shared [--corpus multidev,dev] [--limit N]
[--sample N] [--systems ours,ours-html,justext,trafilatura] [--processes 2]
[--fold-models DIR] [--innertext] [--json PATH]``.
"""

from __future__ import annotations

import argparse
import html as html_lib
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from bench.corpus import DevPage, fold_of, load_dev, load_multidev, subsample
from bench.fold_gates import use_fold_models
from bench.scoring import (
    BodyCounts,
    body_counts,
    body_scores,
    char_tokens,
    mean,
    snippet_counts,
    title_exact,
    title_token_f1,
    tokens,
    with_dateline,
)

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = datetime(2024, 1, 1, tzinfo=UTC)
SYSTEMS = ("ours", "ours-html", "justext", "trafilatura", "ours-innertext", "justext-innertext")
DEFAULT_SYSTEMS = ("ours", "ours-html", "justext", "trafilatura")
INNERTEXT_SYSTEMS = ("ours", "ours-innertext", "justext", "justext-innertext")
"""What ``--innertext`` compares: each text system on both renderings of the same pages."""
HTML_SYSTEMS = frozenset({"ours-html", "trafilatura"})
"""Systems that read the page's HTML rather than its text."""
BROWSER_SYSTEMS = frozenset({"ours-innertext", "justext-innertext"})
"""Systems that read the page's browser ``innerText`` (bench.render_browser's cache)."""
TITLE_SYSTEMS = ("ours", "ours-html", "ours-innertext")
FUZZY_TITLE = 0.8
"""Token F1 at which a title counts as the declared one (site suffixes, subtitles)."""
CHAR_LANGS = frozenset({"zh", "ja"})
"""Languages scored at the character level too (unspaced scripts)."""
JUSTEXT_STOPLISTS = {
    "ar": "Arabic",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "hi": "Hindi",
    "id": "Indonesian",
    "is": "Icelandic",
    "it": "Italian",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "nl": "Dutch",
    "no": "Norwegian_Bokmal",
    "pl": "Polish",
    "pt": "Portuguese",
    "ru": "Russian",
    "sv": "Swedish",
    "sw": "Swahili",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
}
"""jusText's stoplist per ISO 639-1 code; languages missing here (zh, ja, th, my, ...) get
English, which jusText has no better substitute for."""


def justext_stoplist_name(lang: str | None) -> str:
    return JUSTEXT_STOPLISTS.get(lang or "en", "English")


@dataclass(frozen=True, slots=True)
class Task:
    """What a worker needs of one page (the page object minus what it does not read)."""

    index: int
    text: str
    html: str | None
    lang: str | None
    truth: str
    with_: tuple[str, ...]
    without: tuple[str, ...]
    systems: tuple[str, ...]
    fold_model: Path | None = None
    """The model of the cross-validation fold that never saw this page's site, if asked for."""
    innertext: str | None = None
    """The page's browser ``innerText``, for the systems that read it."""


@dataclass(slots=True)
class Result:
    index: int
    counts: dict[str, BodyCounts | None] = field(default_factory=dict)
    chars: dict[str, BodyCounts | None] = field(default_factory=dict)
    snippets: dict[str, tuple[float, float] | None] = field(default_factory=dict)
    """Per system: share of ``with`` found, share of ``without`` absent (None: no snippets)."""
    empty: dict[str, bool] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str | None] = field(default_factory=dict)


def _use_fold_model(task: Task) -> None:
    """Run the pipeline with ``task``'s fold model and gates instead of the shipped ones."""
    if task.fold_model is not None:
        use_fold_models(task.fold_model)


Output = tuple[str, str | None]
"""A system's body and, for ours, its title."""


def _ours_on(document: Any) -> Output:
    from article_normalizer.normalize import NormalizeError, normalize

    try:
        article = normalize(document, now=REFERENCE)
    except NormalizeError:
        return "", None
    body = with_dateline(article.body, article.dateline.text if article.dateline else None)
    return body, article.title


def _ours(task: Task) -> Output:
    from article_normalizer.normalize import RawDocument

    return _ours_on(RawDocument(text=task.text))


def _ours_innertext(task: Task) -> Output:
    from article_normalizer.normalize import RawDocument

    if task.innertext is None:
        return "", None
    return _ours_on(RawDocument(text=task.innertext))


def _ours_html(task: Task) -> Output:
    from article_normalizer.normalize import RawDocument

    if not task.html:
        return "", None
    return _ours_on(RawDocument(html=task.html))


def _justext(task: Task) -> Output:
    return _justext_on(task.text, task.lang), None


def _justext_innertext(task: Task) -> Output:
    return _justext_on(task.innertext or "", task.lang), None


def _justext_on(text: str, lang: str | None) -> str:
    import justext

    wrapped = "".join(
        f"<p>{html_lib.escape(line)}</p>" for line in text.splitlines() if line.strip()
    )
    if not wrapped:
        return ""
    stoplist = justext.get_stoplist(justext_stoplist_name(lang))
    paragraphs = justext.justext(wrapped, stoplist)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _trafilatura(task: Task) -> Output:
    import trafilatura

    if not task.html:
        return "", None
    doc = trafilatura.bare_extraction(task.html)
    if doc is None:
        return "", None
    text = doc.get("text") if isinstance(doc, dict) else getattr(doc, "text", None)
    return str(text or ""), None


_RUNNERS = {
    "ours": _ours,
    "ours-html": _ours_html,
    "justext": _justext,
    "trafilatura": _trafilatura,
    "ours-innertext": _ours_innertext,
    "justext-innertext": _justext_innertext,
}


def score_task(task: Task) -> Result:
    """Run each system on one page and score it (in a worker: only numbers travel back)."""
    _use_fold_model(task)
    result = Result(task.index)
    for system in task.systems:
        started = time.perf_counter()
        title: str | None = None
        try:
            body, title = _RUNNERS[system](task)
        except Exception as exc:  # a contender's crash is scored as an empty body
            body = ""
            result.errors[system] = f"{type(exc).__name__}: {exc}"[:200]
        if system in TITLE_SYSTEMS:
            result.titles[system] = title
        result.seconds[system] = time.perf_counter() - started
        result.empty[system] = not tokens(body)
        if task.truth:
            result.counts[system] = body_counts(body, task.truth)
            if task.lang in CHAR_LANGS:
                result.chars[system] = body_counts(body, task.truth, char_tokens)
        if task.with_ or task.without:
            snip = snippet_counts(body, task.with_, task.without)
            result.snippets[system] = (
                snip.with_found / snip.with_total if snip.with_total else 1.0,
                snip.without_absent / snip.without_total if snip.without_total else 1.0,
            )
    return result


def _warm() -> None:
    from article_normalizer.normalize.lines.classify import model

    model()


def tasks(
    pages: Sequence[DevPage],
    systems: tuple[str, ...],
    fold_models: Path | None = None,
    innertext: dict[str, str] | None = None,
) -> Iterator[Task]:
    folds = len(list(fold_models.glob("fold*.json"))) if fold_models else 0
    for i, page in enumerate(pages):
        yield Task(
            index=i,
            text=page.text,
            html=page.html if HTML_SYSTEMS.intersection(systems) else None,
            lang=page.lang,
            truth=page.truth if page.gt_kind == "full" else "",
            with_=tuple(page.gt.get("with") or ()),
            without=tuple(page.gt.get("without") or ()),
            systems=systems,
            fold_model=(
                fold_models / f"fold{fold_of(page.site, folds)}.json" if fold_models else None
            ),
            innertext=innertext.get(page.id) if innertext else None,
        )


def run(
    pages: Sequence[DevPage],
    systems: tuple[str, ...],
    processes: int,
    fold_models: Path | None = None,
    innertext: dict[str, str] | None = None,
) -> list[Result]:
    results: list[Result] = []
    started = time.perf_counter()
    if processes <= 1:
        _warm()
        results = [score_task(task) for task in tasks(pages, systems, fold_models, innertext)]
    else:
        with Pool(processes, initializer=_warm, maxtasksperchild=400) as pool:
            work = tasks(pages, systems, fold_models, innertext)
            for k, result in enumerate(pool.imap_unordered(score_task, work, 4)):
                results.append(result)
                if (k + 1) % 500 == 0:
                    print(
                        f"  {k + 1}/{len(pages)} pages, {time.perf_counter() - started:.0f}s",
                        file=sys.stderr,
                    )
    results.sort(key=lambda r: r.index)
    return results


def groups(
    pages: Sequence[DevPage], min_lang: int, *, page_types: bool = False
) -> dict[str, list[int]]:
    """Row name -> page indexes: corpora, sources, with ``page_types`` the page types a source
    labels (WCXB's articles, forums, listings, products...), then multidev languages.

    The line model's file records its CV table by these rows, so the type rows are asked for
    (by this bench's own table) rather than given to every caller.
    """
    out: dict[str, list[int]] = defaultdict(list)
    lang_pages: dict[str, list[int]] = defaultdict(list)
    type_pages: dict[str, list[int]] = defaultdict(list)
    for i, page in enumerate(pages):
        out[f"{page.corpus}"].append(i)
    for i, page in enumerate(pages):
        out[f"{page.corpus} / {page.source}"].append(i)
        if page_types and (page_type := page.gt_meta.get("page_type")):
            type_pages[f"{page.corpus} / {page.source} / {page_type}"].append(i)
        if page.corpus == "multidev":
            lang_pages[page.lang or "?"].append(i)
    out.update(sorted(type_pages.items(), key=lambda kv: (-len(kv[1]), kv[0])))
    ordered = sorted(lang_pages.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    for lang, idx in ordered:
        if len(idx) >= min_lang:
            out[f"multidev lang {lang}"] = idx
        else:
            out["multidev lang other"].extend(idx)
    return dict(out)


def summarise(
    results: Sequence[Result], idx: Sequence[int], systems: Sequence[str]
) -> dict[str, Any]:
    row: dict[str, Any] = {"pages": len(idx)}
    chosen = [results[i] for i in idx]
    for system in systems:
        counts = [c for r in chosen if (c := r.counts.get(system)) is not None]
        chars = [c for r in chosen if (c := r.chars.get(system)) is not None]
        snips = [sn for r in chosen if (sn := r.snippets.get(system)) is not None]
        s: dict[str, Any] = {"full_pages": len(counts)}
        if counts:
            scores = body_scores(counts)
            s.update(
                precision=round(scores.precision, 4),
                recall=round(scores.recall, 4),
                f1=round(scores.f1, 4),
            )
        s["empty"] = sum(1 for r in chosen if r.empty.get(system) and r.counts.get(system))
        if chars:
            s["char_f1"] = round(body_scores(chars).f1, 4)
        if snips:
            s["snippet_pages"] = len(snips)
            s["with_found"] = round(mean([a for a, _ in snips]), 4)
            s["without_absent"] = round(mean([b for _, b in snips]), 4)
            s["snippets_right"] = round(mean([float(a == 1.0 and b == 1.0) for a, b in snips]), 4)
        s["seconds"] = round(sum(r.seconds.get(system, 0.0) for r in chosen), 2)
        s["errors"] = sum(1 for r in chosen if system in r.errors)
        row[system] = s
    return row


def title_row(
    pages: Sequence[DevPage], results: Sequence[Result], idx: Sequence[int], systems: Sequence[str]
) -> dict[str, Any]:
    """Title scores of ``systems`` on the pages ``idx`` (see the module docstring)."""
    row: dict[str, Any] = {}
    human = [i for i in idx if pages[i].headline]
    meta = [i for i in idx if pages[i].meta_title]
    known = [i for i in idx if pages[i].headline or pages[i].meta_title]
    row["pages"] = {"human": len(human), "meta": len(meta), "known": len(known)}
    for system in systems:
        if system not in TITLE_SYSTEMS:
            continue
        titles = [results[i].titles.get(system) for i in range(len(results))]
        exact = sum(title_exact(titles[i], pages[i].headline) for i in human)
        fuzzy = sum(title_token_f1(titles[i], pages[i].meta_title) >= FUZZY_TITLE for i in meta)
        null = sum(titles[i] is None for i in known)
        wrong = sum(
            titles[i] is not None
            and title_token_f1(titles[i], pages[i].headline or pages[i].meta_title) < FUZZY_TITLE
            for i in known
        )
        row[system] = {
            "exact_human": round(exact / len(human), 4) if human else None,
            "fuzzy_meta": round(fuzzy / len(meta), 4) if meta else None,
            "wrong": wrong,
            "null": null,
        }
    return row


def print_titles(rows: dict[str, dict[str, Any]], systems: Sequence[str]) -> None:
    shown = [s for s in systems if s in TITLE_SYSTEMS]
    if not shown:
        return
    header = f"{'titles':<28} {'human':>5} {'meta':>5}"
    for system in shown:
        header += f" | {LABELS.get(system, system):^26}"
    print(header)
    sub = f"{'':<28} {'':>5} {'':>5}"
    for _ in shown:
        sub += f" | {'exact':>6}{'F1>=.8':>7}{'wrong':>6}{'null':>6}"
    print(sub)
    print("-" * len(sub))
    for name, row in rows.items():
        if not row["pages"]["known"]:
            continue
        line = f"{name:<28} {row['pages']['human']:>5} {row['pages']['meta']:>5}"
        for system in shown:
            t = row[system]
            line += (
                f" | {_num(t['exact_human'])}{_num(t['fuzzy_meta'], 7)}"
                f"{t['wrong']:>6}{t['null']:>6}"
            )
        print(line)


def load_innertext(
    shared: Path, pages: list[DevPage], corpora: Sequence[str]
) -> tuple[list[DevPage], dict[str, str]]:
    """The pages with a cached browser rendering, and those renderings by page id.

    Pages without one (a corpus not rendered yet, a page whose rendering failed) are left out,
    so every system scores the same pages.
    """
    from bench.render_browser import cache_dir, renderings

    found: dict[str, str] = {}
    for corpus in corpora:
        texts = renderings(shared, corpus)
        if texts is None:
            print(
                f"no innerText renderings of {corpus} in {cache_dir()} "
                "(python -m bench.render_browser): its pages are skipped",
                file=sys.stderr,
            )
            continue
        found.update(texts)
    kept = [page for page in pages if page.id in found]
    if len(kept) < len(pages):
        print(f"innerText: {len(pages) - len(kept)} pages without a rendering left out")
    return kept, found


def _num(value: float | None, width: int = 6) -> str:
    return f"{value:>{width}.3f}" if value is not None else f"{'-':>{width}}"


def _percent(value: float | None, width: int) -> str:
    return f"{f'{100 * value:.0f}%' if value is not None else '-':>{width}}"


LABELS = {
    "ours": "ours (text)",
    "ours-html": "ours (html)",
    "justext": "jusText (text)",
    "trafilatura": "trafilatura (html)",
    "ours-innertext": "ours (innerText)",
    "justext-innertext": "jusText (innerText)",
}


def print_table(
    rows: dict[str, dict[str, Any]], systems: Sequence[str], out: Any = sys.stdout
) -> None:
    header = f"{'group':<28} {'pages':>5}"
    for system in systems:
        label = LABELS.get(system, system)
        header += f" | {label:^34}"
    print(header, file=out)
    sub = f"{'':<28} {'':>5}"
    for _ in systems:
        sub += f" | {'P':>6}{'R':>6}{'F1':>6}{'empty':>6}{'charF1':>7}{'with':>5}{'right':>6}"
    print(sub, file=out)
    print("-" * len(sub), file=out)
    for name, row in rows.items():
        line = f"{name:<28} {row['pages']:>5}"
        for system in systems:
            s = row[system]
            line += (
                f" | {_num(s.get('precision'))}{_num(s.get('recall'))}{_num(s.get('f1'))}"
                f"{s['empty'] if s['full_pages'] else '-':>6}{_num(s.get('char_f1'), 7)}"
                f"{_percent(s.get('with_found'), 5)}{_percent(s.get('snippets_right'), 6)}"
            )
        print(line, file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--corpus", default="multidev,dev", help="comma list: multidev, dev")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each")
    parser.add_argument("--sample", type=int, default=None, help="N pages spread over each")
    parser.add_argument("--systems", default=None, help=f"default {','.join(DEFAULT_SYSTEMS)}")
    parser.add_argument(
        "--innertext",
        action="store_true",
        help="also score the pages' browser innerText (bench.render_browser's cache), on the "
        f"pages it has; default systems {','.join(INNERTEXT_SYSTEMS)}",
    )
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--min-lang", type=int, default=40)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--fold-models",
        type=Path,
        default=None,
        help="run each page with the model of its site's fold (bench.train_classifier "
        "--fold-models): out-of-fold figures for the whole pipeline, text and HTML mode",
    )
    args = parser.parse_args(argv)
    chosen = args.systems or ",".join(INNERTEXT_SYSTEMS if args.innertext else DEFAULT_SYSTEMS)
    systems = tuple(s for s in chosen.split(",") if s)
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        parser.error(f"unknown systems {sorted(unknown)}")

    started = time.perf_counter()
    pages: list[DevPage] = []
    with_html = bool(HTML_SYSTEMS.intersection(systems))
    for corpus in args.corpus.split(","):
        loader = {"multidev": load_multidev, "dev": load_dev}[corpus]
        some = loader(args.shared, limit=args.limit, with_html=with_html)
        if args.sample:
            some = subsample(some, args.sample)
        pages.extend(some)
    print(f"loaded {len(pages)} pages, {time.perf_counter() - started:.0f}s", file=sys.stderr)
    innertext: dict[str, str] | None = None
    if BROWSER_SYSTEMS.intersection(systems):
        pages, innertext = load_innertext(args.shared, pages, args.corpus.split(","))
        if not pages:
            print("innerText: no rendered pages to score (python -m bench.render_browser)")
            return 0
    results = run(pages, systems, args.processes, args.fold_models, innertext)
    grouped = groups(pages, args.min_lang, page_types=True)
    rows = {name: summarise(results, idx, systems) for name, idx in grouped.items()}
    title_rows = {name: title_row(pages, results, idx, systems) for name, idx in grouped.items()}
    print(
        f"body quality: {len(pages)} pages ({args.corpus}), "
        f"{time.perf_counter() - started:.0f}s with {args.processes} processes"
    )
    print_table(rows, systems)
    print(
        "\nP/R/F1: 4-token shingles on full-truth pages; empty: empty bodies where the truth has "
        "one; charF1: each Han/kana character a token (zh, ja); with: share of gt.with snippets "
        "found (snippet pages and WCXB); right: share of those pages with every gt.with snippet "
        "found and every gt.without snippet absent."
    )
    print()
    print_titles(title_rows, systems)
    print(
        "\ntitles: exact against the marked headline (title_human; multidev: the truth's first "
        "line); F1>=.8: token F1 against the declared title (gt.title, gt_meta.title); wrong: "
        "given and under 0.8 against the marked (else declared) headline; null: none given."
    )
    if "justext" in systems:
        langs = sorted({p.lang or "en" for p in pages})
        named = ", ".join(f"{lang}={justext_stoplist_name(lang)}" for lang in langs)
        print(f"jusText stoplists: {named}")
    errors = {s: sum(1 for r in results if s in r.errors) for s in systems}
    print(f"errors (scored as empty bodies): {errors}")
    target = args.json or ROOT / "bench" / "results" / "quality-multi.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    detail = [
        {
            "id": page.id,
            "f1": {s: round(c.f1, 4) for s in systems if (c := result.counts.get(s)) is not None},
            "empty": result.empty,
            "titles": result.titles,
        }
        for page, result in zip(pages, results, strict=True)
    ]
    target.write_text(
        json.dumps(
            {"rows": rows, "titles": title_rows, "pages": detail}, indent=1, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
