"""Body quality on both corpora, by source and language, beside jusText and trafilatura.

For every page of ``multidev.jsonl.xz`` and ``dev.jsonl.gz`` (``../shared/corpus``), in one run:

- **ours**: :func:`article_normalizer.normalize.normalize` on the page's ``text_inscriptis`` (text
mode, no
  url hint), the dateline put back in front of the body as the truths keep it;
- **ours-html**: the same on the page's HTML (HTML mode, no url hint);
- **jusText** on the same text, one ``<p>`` per line, with the stoplist of the page's language
  (the corpus label) where jusText has one, else English (the table says which);
- **trafilatura** ``bare_extraction`` with its defaults on the same page's HTML.

Scores (:mod:`bench.scoring`): full-truth pages get body P/R/F1 over 4-token shingles (the
truth's first line dropped where ``gt_headline_first``), averaged per page as the corpus README
says, plus the count of empty bodies on pages whose truth has one; Chinese and Japanese pages
also get the character-level F1 (each Han/kana character a token, :func:`scoring.char_tokens`),
since ``\\w+`` makes a whole sentence of those scripts one token. Pages with ``gt.with`` /
``gt.without`` snippets (the snippet-only sources, and WCXB besides its full truth) get the share
of ``with`` snippets found in the body and of ``without`` snippets absent from it (per-page means).

Rows: each corpus, each source, and each multidev language with at least ``--min-lang`` pages
(the rest pooled as ``other``). Two worker processes by default (``--processes``).

With ``--fold-models DIR`` (written by ``bench.train_classifier --fold-models DIR``) each page
runs with the model of the cross-validation fold that never saw its site, so ours (text and
HTML) is out of sample through the whole pipeline; without it the shipped model, trained on
every page here, scores in sample.

Usage: ``python -m bench.quality_multi --shared ../shared [--corpus multidev,dev] [--limit N]
[--sample N] [--systems ours,ours-html,justext,trafilatura] [--processes 2]
[--fold-models DIR] [--json PATH]``.
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
from bench.scoring import (
    BodyCounts,
    body_counts,
    body_scores,
    char_tokens,
    mean,
    snippet_counts,
    tokens,
    with_dateline,
)

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = datetime(2024, 1, 1, tzinfo=UTC)
SYSTEMS = ("ours", "ours-html", "justext", "trafilatura")
HTML_SYSTEMS = frozenset({"ours-html", "trafilatura"})
"""Systems that read the page's HTML rather than its text."""
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


_FOLD_MODELS: dict[Path, Any] = {}


def _use_fold_model(task: Task) -> None:
    """Run the pipeline with ``task``'s fold model instead of the shipped one."""
    if task.fold_model is None:
        return
    from article_normalizer.normalize.lines import classify

    fold_model = _FOLD_MODELS.get(task.fold_model)
    if fold_model is None:
        document = json.loads(task.fold_model.read_text(encoding="utf-8"))
        fold_model = _FOLD_MODELS[task.fold_model] = classify.LineModel.from_dict(document)
    classify.model = lambda: fold_model  # type: ignore[assignment]


def _ours(task: Task) -> str:
    from article_normalizer.normalize import NormalizeError, RawDocument, normalize

    try:
        article = normalize(RawDocument(text=task.text), now=REFERENCE)
    except NormalizeError:
        return ""
    return with_dateline(article.body, article.dateline.text if article.dateline else None)


def _ours_html(task: Task) -> str:
    from article_normalizer.normalize import NormalizeError, RawDocument, normalize

    if not task.html:
        return ""
    try:
        article = normalize(RawDocument(html=task.html), now=REFERENCE)
    except NormalizeError:
        return ""
    return with_dateline(article.body, article.dateline.text if article.dateline else None)


def _justext(task: Task) -> str:
    import justext

    wrapped = "".join(
        f"<p>{html_lib.escape(line)}</p>" for line in task.text.splitlines() if line.strip()
    )
    if not wrapped:
        return ""
    stoplist = justext.get_stoplist(justext_stoplist_name(task.lang))
    paragraphs = justext.justext(wrapped, stoplist)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _trafilatura(task: Task) -> str:
    import trafilatura

    if not task.html:
        return ""
    doc = trafilatura.bare_extraction(task.html)
    if doc is None:
        return ""
    text = doc.get("text") if isinstance(doc, dict) else getattr(doc, "text", None)
    return str(text or "")


_RUNNERS = {
    "ours": _ours,
    "ours-html": _ours_html,
    "justext": _justext,
    "trafilatura": _trafilatura,
}


def score_task(task: Task) -> Result:
    """Run each system on one page and score it (in a worker: only numbers travel back)."""
    _use_fold_model(task)
    result = Result(task.index)
    for system in task.systems:
        started = time.perf_counter()
        try:
            body = _RUNNERS[system](task)
        except Exception as exc:  # a contender's crash is scored as an empty body
            body = ""
            result.errors[system] = f"{type(exc).__name__}: {exc}"[:200]
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
    pages: Sequence[DevPage], systems: tuple[str, ...], fold_models: Path | None = None
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
        )


def run(
    pages: Sequence[DevPage],
    systems: tuple[str, ...],
    processes: int,
    fold_models: Path | None = None,
) -> list[Result]:
    results: list[Result] = []
    started = time.perf_counter()
    if processes <= 1:
        _warm()
        results = [score_task(task) for task in tasks(pages, systems, fold_models)]
    else:
        with Pool(processes, initializer=_warm, maxtasksperchild=400) as pool:
            work = tasks(pages, systems, fold_models)
            for k, result in enumerate(pool.imap_unordered(score_task, work, 4)):
                results.append(result)
                if (k + 1) % 500 == 0:
                    print(
                        f"  {k + 1}/{len(pages)} pages, {time.perf_counter() - started:.0f}s",
                        file=sys.stderr,
                    )
    results.sort(key=lambda r: r.index)
    return results


def groups(pages: Sequence[DevPage], min_lang: int) -> dict[str, list[int]]:
    """Row name -> page indexes: corpora, sources, then multidev languages."""
    out: dict[str, list[int]] = defaultdict(list)
    lang_pages: dict[str, list[int]] = defaultdict(list)
    for i, page in enumerate(pages):
        out[f"{page.corpus}"].append(i)
    for i, page in enumerate(pages):
        out[f"{page.corpus} / {page.source}"].append(i)
        if page.corpus == "multidev":
            lang_pages[page.lang or "?"].append(i)
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
        snips = [s for r in chosen if (s := r.snippets.get(system)) is not None]
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
        s["seconds"] = round(sum(r.seconds.get(system, 0.0) for r in chosen), 2)
        s["errors"] = sum(1 for r in chosen if system in r.errors)
        row[system] = s
    return row


def _num(value: float | None, width: int = 6) -> str:
    return f"{value:>{width}.3f}" if value is not None else f"{'-':>{width}}"


LABELS = {
    "ours": "ours (text)",
    "ours-html": "ours (html)",
    "justext": "jusText (text)",
    "trafilatura": "trafilatura (html)",
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
        sub += f" | {'P':>6}{'R':>6}{'F1':>6}{'empty':>6}{'charF1':>7}{'with':>5}"
    print(sub, file=out)
    print("-" * len(sub), file=out)
    for name, row in rows.items():
        line = f"{name:<28} {row['pages']:>5}"
        for system in systems:
            s = row[system]
            with_found = s.get("with_found")
            line += (
                f" | {_num(s.get('precision'))}{_num(s.get('recall'))}{_num(s.get('f1'))}"
                f"{s['empty'] if s['full_pages'] else '-':>6}{_num(s.get('char_f1'), 7)}"
                f"{f'{100 * with_found:.0f}%' if with_found is not None else '-':>5}"
            )
        print(line, file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--corpus", default="multidev,dev", help="comma list: multidev, dev")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each")
    parser.add_argument("--sample", type=int, default=None, help="N pages spread over each")
    parser.add_argument("--systems", default=",".join(SYSTEMS))
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
    systems = tuple(s for s in args.systems.split(",") if s)
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
    results = run(pages, systems, args.processes, args.fold_models)
    rows = {
        name: summarise(results, idx, systems) for name, idx in groups(pages, args.min_lang).items()
    }
    print(
        f"body quality: {len(pages)} pages ({args.corpus}), "
        f"{time.perf_counter() - started:.0f}s with {args.processes} processes"
    )
    print_table(rows, systems)
    print(
        "\nP/R/F1: 4-token shingles on full-truth pages; empty: empty bodies where the truth has "
        "one; charF1: each Han/kana character a token (zh, ja); with: share of gt.with snippets "
        "found (snippet pages and WCXB)."
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
        }
        for page, result in zip(pages, results, strict=True)
    ]
    target.write_text(
        json.dumps({"rows": rows, "pages": detail}, indent=1, ensure_ascii=False),
        encoding="utf-8",
    )
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
