"""Headlines from page text, measured out of fold on both dev corpora, and the one command that
refits the title stage's weights, ranker and null threshold (``rules/data/title_weights.toml``,
``rules/data/title_ranker.json``).

Every page of ``dev.jsonl.gz`` and ``multidev.jsonl.xz`` runs through the text pipeline up to
the title stage (line model, language, opener), once per rendering of its text: the
HTML-to-text one (``text_inscriptis``) and the browser ``innerText`` cached by
``bench.render_browser``. Each page's headline-shaped candidates and their features are kept;
the stage's choice among them (:func:`title.choose`) is then replayed under any weights and
threshold, so a refit costs seconds and scores exactly what the stage would answer.

A candidate is the headline when it equals the headline a person marked (``title_human``; in
multidev the truth's first line where it is the headline) after the corpus README's
normalisation, or, on pages without one, when its token F1 against the declared title
(``gt_meta.title``, ``gt.title``) is at least 0.8.

Out of fold: sites (registrable domains, :attr:`DevPage.site`) fall in the same five folds as the
line model's (:func:`bench.corpus.fold_of`); with ``--fold-models`` each page is classified by the
fold model that never saw its site, and for each fold the weights (a conditional logit over each
page's candidates, L2-penalised), the ranker (a LightGBM lambdarank forest, each page a query:
:func:`fit_ranker`) and the null threshold are fitted on the other folds' pages and score the
held-out ones, twice: ranked by the linear score alone (the stage before the ranker) and by the
forest, the linear evidence deciding null in both. The threshold is the score under which
answering costs more than it gains on the training pages: a wrong title costs ``--wrong-cost``
right ones.

Printed per corpus, source and rendering: pages, title exact against the marked headline, token
F1 >= 0.8 against the declared title, wrong (a title under 0.8 against the marked headline, the
declared one where none is marked) and null, and the same two on the pages whose candidates lack
the headline ("absent"). Rows for the shipped weights (in sample: they were fitted on these
pages) and out of fold. Before them, candidate recall: on how many pages with a true title a
candidate is the headline, and for the others why none is (:func:`recall_reason`: the text
lacks it, a rendering split it over lines or merged it into a longer one, its line lies outside
the window the stage looks in, or which shape rule refused it). After each out-of-fold table,
the ranking failures: on pages whose headline was a candidate but not answered, what kind of
line won instead (:data:`RANK_CLASSES`).

``--write`` fits on every page and rewrites ``rules/data/title_weights.toml`` and
``rules/data/title_ranker.json``; the same cache rewrites both byte for byte. ``--check N``
compares the replayed titles with ``normalize()``'s on N pages under the shipped weights and
ranker.

Usage: ``python -m bench.title_cv --shared ../shared --fold-models DIR [--every N]
[--corpus dev,multidev] [--renderings inscriptis,innertext] [--url] [--processes 2]
[--cache PATH] [--fixed-threshold T] [--drop F,G] [--linear] [--write] [--check N]
[--show-wrong N] [--by-half]``. ``--by-half`` prints the out-of-fold
table and ranking failures again for each half of the sites (:func:`site_half`), and the
half's losses by cause (:func:`losses`). ``--linear``
skips the forest out of fold (the linear table only).
``--drop`` leaves features out of the fit (their weight is 0), to measure what each adds.
``--fixed-threshold`` keeps the null threshold at ``T`` in every fold and in ``--write``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import pickle
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import numpy as np

from article_normalizer.normalize.fields.headline_text import clean_title
from article_normalizer.normalize.fields.title import answered
from bench.corpus import DevPage, fold_of, load_dev, load_multidev
from bench.fold_gates import use_fold_line_model, use_fold_text_gate
from bench.scoring import norm_title, title_exact, title_token_f1, tokens

REFERENCE = datetime(2024, 1, 1, tzinfo=UTC)
FOLDS = 5
FUZZY = 0.8
"""Token F1 at which a title counts as the declared one (as ``bench.quality_multi``)."""
WEIGHTS_FILE = (
    Path(__file__).resolve().parent.parent
    / "article_normalizer"
    / "rules"
    / "data"
    / "title_weights.toml"
)
L2 = 0.01
STEPS = 600

Found = list[tuple[int, str, str, int, dict[str, float]]]


@dataclass(slots=True)
class Record:
    """One page in one rendering: what the title stage chooses from, and the truth."""

    page_id: str
    corpus: str
    source: str
    site: str
    rendering: str
    headline: str | None
    meta_title: str | None
    anchor: int | None = None
    found: Found = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    """The page's lines near the candidates, for ``--show-wrong``."""
    recall: str = ""
    """Whether the headline is among the candidates, and if not why: :func:`recall_reason`."""
    kinds: list[str] = field(default_factory=list)
    """The line model's kind of each line of :attr:`lines` (``body`` or a removed kind)."""
    trail_ends: dict[int, str] = field(default_factory=dict)
    """Per candidate line that is a breadcrumb trail run into the headline, the text of the line
    printing the headline alone: the title stage answers it instead (``title.trail_end_line``)."""


@dataclass(slots=True)
class Task:
    page_id: str
    corpus: str
    source: str
    site: str
    rendering: str
    text: str
    url: str | None
    headline: str | None
    meta_title: str | None
    fold_model: Path | None


def _use_fold_model(path: Path | None) -> None:
    if path is None:
        return
    use_fold_line_model(path)
    use_fold_text_gate(path)


def title_inputs(text: str, url: str | None) -> tuple[Any, int | None, int | None]:
    """The page the title stage reads, the story's start and the opener, as the pipeline builds
    them for text input (``normalize_text``)."""
    from article_normalizer.normalize.language import detect_language
    from article_normalizer.normalize.lines import blocks as blocks_mod
    from article_normalizer.normalize.lines.classify import classify
    from article_normalizer.normalize.page import Page
    from article_normalizer.normalize.pipeline import (
        DEFAULT_LIMITS,
        _opener_stage,
        run_field_stages,
    )
    from article_normalizer.rules import profile

    lines, _ = blocks_mod.split_blocks(text, max_blocks=DEFAULT_LIMITS.max_blocks)
    blocks = blocks_mod.unwrap(lines)
    lang = detect_language(blocks, None)
    rules = profile(lang)
    page = Page(
        blocks=tuple(blocks),
        decisions=tuple(classify(blocks, rules)),
        language=lang,
        profile=rules,
        reference_time=REFERENCE,
        url=url,
    )
    page, fields = run_field_stages(page, (_opener_stage,))
    from article_normalizer.normalize.fields.title import _story_start

    return page, _story_start(page), fields.opener


def collect_one(task: Task) -> Record:
    from article_normalizer.normalize.fields.outlet import site_names_of
    from article_normalizer.normalize.fields.title import (
        Candidate,
        candidate_features,
        trail_end_line,
    )

    _use_fold_model(task.fold_model)
    record = Record(
        task.page_id,
        task.corpus,
        task.source,
        task.site,
        task.rendering,
        task.headline,
        task.meta_title,
    )
    if not task.text.strip():
        return record
    page, anchor, opener = title_inputs(task.text, task.url)
    record.anchor = anchor
    if anchor is None:
        record.recall = "no_story"
        return record
    record.found = candidate_features(page, anchor, site_names_of(page), opener=opener)
    for index, text, _, _, features in record.found:
        end = (
            None
            if features.get("cell")
            else trail_end_line(page, Candidate(index=index, text=text, score=0.0))
        )
        if end is not None:
            record.trail_ends[index] = page.blocks[end].text.strip()
    record.recall = recall_reason(page, anchor, opener, record)
    lo = max(0, min((c[0] for c in record.found), default=anchor) - 1)
    record.lines = [b.text for b in page.blocks[lo : anchor + 3]]
    record.lines.insert(0, str(lo))
    record.kinds = [d.kind for d in page.decisions[lo : anchor + 3]]
    return record


def _matches(text: str, record: Record) -> bool:
    return bool(record.headline or record.meta_title) and is_right(text, record)


def _contains(line: str, record: Record) -> bool:
    """The line holds the headline with other text (cut or merged by the rendering)."""
    if record.headline:
        gold = norm_title(record.headline)
        return bool(gold) and f" {gold} " in f" {norm_title(line)} "
    gold_tokens = tokens(norm_title(record.meta_title))
    have = set(tokens(norm_title(line)))
    return bool(gold_tokens) and sum(t in have for t in gold_tokens) >= FUZZY * len(gold_tokens)


def recall_reason(page: Any, anchor: int, opener: int | None, record: Record) -> str:
    """``candidate`` when a candidate is the headline; otherwise why none is.

    ``absent``: no line of the text holds the headline; ``split``: it runs over two or three
    lines; ``merged``: a longer line holds it; ``above`` / ``below``: a line printing it lies
    outside the window the stage looks in; ``skipped``: the line is the opener or a stamp or
    dateline line; ``rejected:<rule>``: the rule of :func:`title.headline_text_of` that refused
    it; ``no_truth`` where the page has none.
    """
    from article_normalizer.normalize.fields.outlet import site_names_of
    from article_normalizer.normalize.fields.title import (
        _SKIP_KINDS,
        Rejected,
        _story_starts,
        _window,
        headline_text_of,
    )
    from article_normalizer.rules.fields import byline_rules

    if not (record.headline or record.meta_title):
        return "no_truth"
    if labels(record).any():
        return "candidate"
    sites = site_names_of(page)
    rules = byline_rules(page.language)
    lo, hi = _window(page, anchor, _story_starts(page)[1])
    reasons: list[tuple[int, str]] = []
    texts = [b.text for b in page.blocks]
    for i, block in enumerate(page.blocks):
        for raw in (block.text, *block.cells):
            if not _matches(clean_title(raw, sites), record) and not _matches(raw, record):
                continue
            if i < lo:
                reasons.append((3, "above"))
            elif i >= hi:
                reasons.append((3, "below"))
            elif page.decisions[i].kind in _SKIP_KINDS or i == opener:
                reasons.append((1, "skipped"))
            else:
                shaped = headline_text_of(raw, sites, rules, page.language)
                reasons.append(
                    (0, f"rejected:{shaped.reason}" if isinstance(shaped, Rejected) else "other")
                )
    if reasons:
        return min(reasons)[1]
    for i in range(len(texts)):
        for span in (2, 3):
            if i + span <= len(texts) and _matches(" ".join(texts[i : i + span]), record):
                return "split"
    if any(_contains(t, record) for t in texts):
        return "merged"
    return "absent"


def _innertext(shared: Path, corpus: str) -> dict[str, str]:
    from bench.render_browser import renderings

    return renderings(shared, corpus) or {}


def load_pages(shared: Path, corpora: list[str], every: int) -> list[DevPage]:
    pages: list[DevPage] = []
    if "dev" in corpora:
        pages += load_dev(shared)[::every]
    if "multidev" in corpora:
        pages += load_multidev(shared)[::every]
    return pages


def tasks(
    shared: Path,
    pages: list[DevPage],
    renderings: list[str],
    fold_models: Path | None,
    use_url: bool,
) -> Iterator[Task]:
    inner = (
        {c: _innertext(shared, c) for c in {p.corpus for p in pages}}
        if ("innertext" in renderings)
        else {}
    )
    for page in pages:
        texts = []
        if "inscriptis" in renderings:
            texts.append(("inscriptis", page.text))
        if "innertext" in renderings and page.id in inner.get(page.corpus, {}):
            texts.append(("innertext", inner[page.corpus][page.id]))
        for rendering, text in texts:
            yield Task(
                page.id,
                page.corpus,
                page.source,
                page.site,
                rendering,
                text,
                page.url if use_url else None,
                page.headline,
                page.meta_title,
                fold_models / f"fold{fold_of(page.site, FOLDS)}.json" if fold_models else None,
            )


def collect(work: list[Task], processes: int) -> list[Record]:
    started = time.perf_counter()
    records: list[Record] = []
    with Pool(processes, maxtasksperchild=300) as pool:
        for k, record in enumerate(pool.imap(collect_one, work, 8)):
            records.append(record)
            if (k + 1) % 1000 == 0:
                print(
                    f"  {k + 1}/{len(work)}, {time.perf_counter() - started:.0f}s", file=sys.stderr
                )
    return records


# --- the fit ---------------------------------------------------------------------------------


def feature_names(records: list[Record]) -> list[str]:
    from article_normalizer.normalize.fields.title import CHOICE_FEATURES

    names = {k for r in records for *_, f in r.found for k in f}
    return sorted(names - CHOICE_FEATURES)


def is_right(text: str | None, record: Record) -> bool:
    """The answer reads as the page's headline (exact; the declared title where none is marked)."""
    if text is None:
        return False
    if record.headline:
        return title_exact(text, record.headline)
    return title_token_f1(text, record.meta_title) >= FUZZY


def labels(record: Record) -> np.ndarray:
    return np.array([is_right(c[1], record) for c in record.found], dtype=bool)


@dataclass(slots=True)
class Design:
    """All candidates of the usable pages stacked, with each page's slice."""

    matrix: np.ndarray
    label: np.ndarray
    starts: np.ndarray


def design(records: list[Record], names: list[str]) -> Design:
    rows: list[list[float]] = []
    label: list[bool] = []
    starts: list[int] = []
    for record in records:
        y = labels(record)
        if not y.any() or y.all():
            continue
        starts.append(len(rows))
        rows.extend([f.get(k, 0.0) for k in names] for *_, f in record.found)
        label.extend(y.tolist())
    return Design(
        np.array(rows, dtype=float).reshape(-1, len(names)),
        np.array(label, dtype=bool),
        np.array(starts, dtype=int),
    )


def fit(data: Design, width: int) -> np.ndarray:
    """Conditional logit (softmax over each page's candidates, any true line counts), Adam."""
    w = np.zeros(width)
    if not len(data.starts):
        return w
    m1 = np.zeros(width)
    m2 = np.zeros(width)
    rate, beta1, beta2 = 0.05, 0.9, 0.999
    pages = len(data.starts)
    group = np.zeros(len(data.matrix), dtype=int)
    group[data.starts[1:]] = 1
    group = np.cumsum(group)
    for step in range(1, STEPS + 1):
        scores = data.matrix @ w
        scores -= np.maximum.reduceat(scores, data.starts)[group]
        e = np.exp(scores)
        probs = e / np.add.reduceat(e, data.starts)[group]
        good = probs * data.label
        good = good / np.add.reduceat(good, data.starts)[group]
        grad = 2 * L2 * w + ((probs - good) @ data.matrix) / pages
        m1 = beta1 * m1 + (1 - beta1) * grad
        m2 = beta2 * m2 + (1 - beta2) * grad**2
        w -= rate * (m1 / (1 - beta1**step)) / (np.sqrt(m2 / (1 - beta2**step)) + 1e-8)
    return np.round(w, 2)


RANKER_FILE = WEIGHTS_FILE.with_name("title_ranker.json")
RANKER_TREES = 200
RANKER_PARAMS: dict[str, Any] = {
    "objective": "lambdarank",
    "lambdarank_truncation_level": 10,
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.9,
    "lambda_l2": 1.0,
    "num_threads": 1,
    "seed": 7,
    "deterministic": True,
    "force_row_wise": True,
    "verbose": -1,
}
"""The title ranker's forest: small (200 trees of 15 leaves), one thread and pinned seeds, so
the same cache rebuilds it byte for byte."""


def fit_ranker(records: list[Record], names: list[str]) -> dict[str, Any]:
    """A lambdarank forest over each usable page's candidates (each page a query, its true
    lines relevant), exported as the arrays :class:`title.Ranker` walks."""
    import lightgbm as lgb

    from bench.train_classifier import export_forest

    matrices: list[np.ndarray] = []
    label: list[np.ndarray] = []
    for record in records:
        y = labels(record)
        if not y.any() or y.all():
            continue
        matrices.append(
            np.array([[f.get(k, 0.0) for k in names] for *_, f in record.found], dtype=np.float32)
        )
        label.append(y.astype(int))
    dataset = lgb.Dataset(
        np.vstack(matrices),
        np.concatenate(label),
        group=[len(y) for y in label],
        feature_name=names,
        free_raw_data=False,
    )
    booster = lgb.train(RANKER_PARAMS, dataset, num_boost_round=RANKER_TREES)
    return export_forest(booster, names)


TITLE_CODE = (
    "bench/title_cv.py",
    "article_normalizer/normalize/fields/title.py",
    "article_normalizer/normalize/fields/headline_text.py",
    # The story opener claims its line before the title stage reads the page, and the title
    # stage reads stamps and site names through these.
    "article_normalizer/normalize/fields/dateline.py",
    "article_normalizer/normalize/fields/stamp_lexicon.py",
    "article_normalizer/normalize/fields/outlet.py",
)
"""What the title files depend on besides the corpora and the fold line models (whose own
training code :data:`bench.train_classifier.TRAINING_CODE` also names, as
:data:`bench.train_classifier.TEXT_DECISION_CODE` names the text-mode rules they see)."""


def title_provenance(shared: Path) -> dict[str, Any]:
    from bench.train_classifier import TEXT_DECISION_CODE, TRAINING_CODE, provenance

    code = (*TRAINING_CODE, *TEXT_DECISION_CODE, *TITLE_CODE)
    return provenance(shared, ("dev", "multidev"), code)


def ranker_json(
    names: list[str], forest: dict[str, Any], pages: int, origin: dict[str, Any]
) -> str:
    """The ranker file: what it is, who reads it and where it comes from, then the forest."""
    import lightgbm as lgb

    from bench.train_classifier import _rounded

    document = {
        "about": (
            "The title stage's ranker: which of a page's headline candidates is its headline. "
            "A LightGBM lambdarank forest over the candidate features of "
            "article_normalizer/normalize/fields/title.py (candidate_features), exported as "
            "arrays and run with numpy by title.Ranker. Version 1."
        ),
        "generated_by": (
            "python -m bench.title_cv --fold-models DIR --write: every page of both dev corpora "
            "(dev.jsonl.gz, multidev.jsonl.xz) in both text renderings, each classified by the "
            "line model of the fold that never saw its site; a page is a query, its candidates "
            "equal to the headline relevant"
        ),
        "training_pages": pages,
        "lightgbm": lgb.__version__,
        "params": {**RANKER_PARAMS, "num_boost_round": RANKER_TREES},
        "provenance": origin,
        "feature_names": names,
        "forest": forest,
    }
    return json.dumps(_rounded(document), separators=(",", ":")) + "\n"


def ranker_of(forest: dict[str, Any], names: list[str]) -> Any:
    from article_normalizer.normalize.fields.title import Ranker

    return Ranker.from_dict({"feature_names": names, "forest": forest})


def choice(record: Record, weights: dict[str, float], ranker: Any = None) -> Any:
    """What the title stage picks on ``record`` under ``weights`` and ``ranker`` (a
    :class:`title.Ranker`; None ranks by the linear score) before its null threshold: the
    candidate and the linear evidence the threshold reads (:func:`title.pick`), or None."""
    from article_normalizer.normalize.fields.title import pick, scored

    if record.anchor is None or not record.found:
        return None
    clutter = {(c[0], c[2]) for c in record.found if c[4].get("clutter")}
    return pick(
        scored(record.found, weights, ranker),
        record.anchor,
        lambda c: (c.index, c.raw) in clutter,
    )


def answer(
    record: Record, weights: dict[str, float], min_score: float, ranker: Any = None
) -> tuple[str | None, float]:
    """What the title stage answers on ``record`` under ``weights`` and ``ranker``, and the
    evidence its null threshold reads."""
    picked = choice(record, weights, ranker)
    if picked is None:
        return None, float("-inf")
    return final_text(record, answered(picked, min_score)), picked[1]


def final_text(record: Record, best: Any) -> str | None:
    """The title the stage answers with ``best`` (an answered candidate, or None): its text, or
    the headline's own line where ``best`` is a trail run into it."""
    if best is None:
        return None
    if not best.cell and best.index in record.trail_ends:
        return record.trail_ends[best.index]
    return str(best.text)


def threshold(
    records: list[Record], weights: dict[str, float], wrong_cost: float, ranker: Any = None
) -> float:
    """The score under which an answer costs more (``wrong_cost`` a wrong one) than it gains."""
    outcomes = []
    for record in records:
        text, score = answer(record, weights, float("-inf"), ranker)
        if text is not None and (record.headline or record.meta_title):
            outcomes.append((score, 1.0 if is_right(text, record) else -wrong_cost))
    outcomes.sort(reverse=True)
    best_gain, best_t, gain = 0.0, outcomes[0][0] + 1.0 if outcomes else 0.0, 0.0
    for k, (score, value) in enumerate(outcomes):
        gain += value
        nxt = outcomes[k + 1][0] if k + 1 < len(outcomes) else float("-inf")
        if gain > best_gain and nxt < score:
            best_gain = gain
            best_t = round((score + max(nxt, score - 1.0)) / 2, 2)
    return best_t


# --- scoring ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Tally:
    pages: int = 0
    human: int = 0
    exact: int = 0
    meta: int = 0
    fuzzy: int = 0
    wrong: int = 0
    null: int = 0
    absent: int = 0
    absent_wrong: int = 0
    absent_null: int = 0

    def add(self, record: Record, title: str | None) -> None:
        self.pages += 1
        if record.headline:
            self.human += 1
            self.exact += title_exact(title, record.headline)
        if record.meta_title:
            self.meta += 1
            self.fuzzy += title_token_f1(title, record.meta_title) >= FUZZY
        truth = record.headline or record.meta_title
        if not truth:
            return
        wrong = title is not None and title_token_f1(title, truth) < FUZZY
        self.wrong += wrong
        self.null += title is None
        if not labels(record).any():
            self.absent += 1
            self.absent_wrong += wrong
            self.absent_null += title is None


def _rate(hits: int, total: int) -> str:
    return f"{hits / total:.3f}" if total else "  -  "


def print_table(label: str, answers: list[tuple[Record, str | None]]) -> None:
    groups: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for record, title in answers:
        for key in ((record.corpus, "all"), (record.corpus, record.source)):
            groups[(key[0] + "/" + key[1], record.rendering)].add(record, title)
    print(f"\n{label}")
    print(
        f"{'pages':<30} {'render':<10} {'n':>5} {'exact':>6} {'(of)':>5} {'F1>=.8':>6} "
        f"{'(of)':>5} {'wrong':>5} {'null':>5} {'absent':>6} {'a.wrong':>7} {'a.null':>6}"
    )
    for (name, rendering), t in sorted(groups.items()):
        if t.pages < 20 and not name.endswith("/all"):
            continue
        print(
            f"{name[:30]:<30} {rendering:<10} {t.pages:>5} {_rate(t.exact, t.human):>6} "
            f"{t.human:>5} {_rate(t.fuzzy, t.meta):>6} {t.meta:>5} {t.wrong:>5} {t.null:>5} "
            f"{t.absent:>6} {t.absent_wrong:>7} {t.absent_null:>6}"
        )


_RECALL_COLUMNS = ("absent", "merged", "split", "above", "below", "skipped", "rejected", "other")


def print_recall(records: list[Record]) -> None:
    """Candidate recall per corpus, source and rendering, and why the headline was missed."""
    groups: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    rejected: dict[str, Counter[str]] = defaultdict(Counter)
    for record in records:
        if getattr(record, "recall", "") in ("", "no_truth"):
            continue
        reason = record.recall.split(":")[0]
        for name in (record.corpus + "/all", f"{record.corpus}/{record.source}"):
            groups[(name, record.rendering)][reason] += 1
        if reason == "rejected":
            rejected[record.rendering][record.recall.split(":", 1)[1]] += 1
    print("\ncandidate recall (pages with a true title; why the headline is no candidate)")
    head = " ".join(f"{c:>8}" for c in ("recall", *_RECALL_COLUMNS, "no_story"))
    print(f"{'pages':<30} {'render':<10} {'n':>5} {head}")
    for (name, rendering), count in sorted(groups.items()):
        n = sum(count.values())
        if n < 20 and not name.endswith("/all"):
            continue
        cells = " ".join(f"{count[c]:>8}" for c in (*_RECALL_COLUMNS, "no_story"))
        print(f"{name[:30]:<30} {rendering:<10} {n:>5} {_rate(count['candidate'], n):>8} {cells}")
    for rendering, count in sorted(rejected.items()):
        print(
            f"rejected by rule, {rendering}: "
            + ", ".join(f"{k} {v}" for k, v in count.most_common())
        )


RANK_CLASSES = (
    "null",
    "dropped",
    "headline_plus",
    "headline_part",
    "table_row",
    "body_sentence",
    "caption",
    "teaser",
    "outlet_name",
    "section_label",
    "ui_string",
    "deck",
    "other_above",
    "other_below",
)
"""What won over the headline when it was a candidate, checked in this order (first that fits):
nothing answered (``null``); the headline itself dropped by the clutter lexicon; a line holding
the headline and more (a ``<title>``-like line with a site suffix, a trail) or a part of it; a
table row or cell; a sentence of the story (in it, body, or ending with a full stop after a
dozen words); a caption; a teaser (in a run of headline-shaped lines, a list item, or a line
the model named ``related``); the outlet's name (a known outlet's, or a short line of capitalised
words without a stop word sitting in a masthead); a section label or menu item (three words or
fewer, or named so); another UI string (a line named navigation, share, newsletter and so on);
the headline's deck (the line after it, before the story); any other line above or below it."""

_UI_KINDS = frozenset(
    {
        "navigation",
        "breadcrumb",
        "share",
        "newsletter",
        "paywall",
        "cookie",
        "comment_box",
        "comment",
        "advert",
        "footer",
        "legal",
        "ticker",
    }
)


def _known_outlets() -> frozenset[str]:
    from article_normalizer.normalize.textkeys import squash
    from article_normalizer.rules.fields import outlet_rules

    return frozenset(squash(n) for n in outlet_rules(None).by_domain.values())


def _line_kind(record: Record, index: int) -> str:
    lo = int(record.lines[0]) if record.lines else 0
    k = index - lo
    return record.kinds[k] if 0 <= k < len(record.kinds) else ""


def rank_class(record: Record, best: Any, truth_rows: list[int], outlets: frozenset[str]) -> str:
    """Which of :data:`RANK_CLASSES` the line chosen over a candidate headline is."""
    from article_normalizer.normalize.textkeys import squash

    if best is None:
        return "null"
    features = next(
        (f for i, _, raw, _, f in record.found if i == best.index and raw == best.raw), {}
    )
    gold = norm_title(record.headline or record.meta_title)
    won = norm_title(best.text)
    kind = _line_kind(record, best.index)
    if gold and won and f" {gold} " in f" {won} ":
        return "headline_plus"
    if gold and won and f" {won} " in f" {gold} ":
        return "headline_part"
    if features.get("cell") or features.get("has_cells"):
        return "table_row"
    words = len(won.split())
    if (
        features.get("in_story")
        or kind == "body"
        or (features.get("ends_with_period") and words >= 12)
    ):
        return "body_sentence"
    if kind == "caption":
        return "caption"
    if features.get("teaser_run") or features.get("list_item") or kind == "related":
        return "teaser"
    if squash(best.text) in outlets:
        return "outlet_name"
    if words <= 3 or kind in ("section_label", "breadcrumb"):
        return "section_label"
    if kind in _UI_KINDS:
        return "ui_string"
    first = min(truth_rows)
    if 0 < best.index - first <= 3:
        return "deck"
    return "other_above" if best.index < first else "other_below"


Pick = tuple[Record, Any, dict[str, float], Any, float]
"""A held-out page, what :func:`choice` picked on it, and the weights, ranker and threshold."""


def ranking_failures(picks: list[Pick]) -> dict[tuple[str, str], Counter[str]]:
    """Per corpus/source and rendering, what won on pages whose headline was a candidate but
    not answered."""
    outlets = _known_outlets()
    groups: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for record, picked, weights, ranker, min_score in picks:
        y = labels(record)
        if not y.any():
            continue
        chosen = answered(picked, min_score)
        if chosen is not None and is_right(final_text(record, chosen) or "", record):
            continue
        rows = [c[0] for c, good in zip(record.found, y, strict=True) if good]
        cls = (
            "dropped"
            if _dropped(record, weights, ranker, y)
            else rank_class(record, chosen, rows, outlets)
        )
        for name in (record.corpus + "/all", f"{record.corpus}/{record.source}"):
            groups[(name, record.rendering)][cls] += 1
    return groups


def losses(picks: list[Pick]) -> dict[tuple[str, str], Counter[str]]:
    """Per corpus/source and rendering, every page with a true title not answered right: what
    won where the headline was a candidate (``candidate:`` and a :data:`RANK_CLASSES` name),
    otherwise why it was none (:func:`recall_reason`) and whether the page answered a wrong
    line or null. One table for both kinds of loss, so a half's losses are read at a glance."""
    outlets = _known_outlets()
    groups: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for (record, picked, _, _, min_score), failure in zip(
        picks, _failure_classes(picks), strict=True
    ):
        if not (record.headline or record.meta_title):
            continue
        chosen = answered(picked, min_score)
        if chosen is not None and is_right(final_text(record, chosen) or "", record):
            continue
        if failure is not None:
            cls = f"candidate:{failure}"
        elif labels(record).any():
            rows = [c[0] for c, good in zip(record.found, labels(record), strict=True) if good]
            cls = f"candidate:{rank_class(record, chosen, rows, outlets)}"
        else:
            cls = f"{record.recall or 'no_story'}:{'null' if chosen is None else 'wrong'}"
        for name in (record.corpus + "/all", f"{record.corpus}/{record.source}"):
            groups[(name, record.rendering)][cls] += 1
    return groups


def _failure_classes(picks: list[Pick]) -> list[str | None]:
    """``dropped`` where the clutter lexicon took a front-running true headline out of the
    running (as :func:`ranking_failures` counts it), else None."""
    out: list[str | None] = []
    for record, _, weights, ranker, _ in picks:
        y = labels(record)
        out.append("dropped" if y.any() and _dropped(record, weights, ranker, y) else None)
    return out


def _dropped(record: Record, weights: dict[str, float], ranker: Any, y: np.ndarray) -> bool:
    """Whether a true headline (``y``) that would have led the ranking was a candidate the
    clutter lexicon had taken out of the running."""
    from article_normalizer.normalize.fields.title import scored

    ranked = scored(record.found, weights, ranker)
    top = max((c.rank for c in ranked), default=float("-inf"))
    return any(
        c[4].get("clutter") and r.rank >= top
        for c, r, good in zip(record.found, ranked, y, strict=True)
        if good
    )


def print_losses(groups: dict[tuple[str, str], Counter[str]], label: str) -> None:
    print(f"\nlosses, {label} (pages with a true title not answered right, by cause)")
    for (name, rendering), count in sorted(groups.items()):
        if not name.endswith("/all"):
            continue
        cells = ", ".join(f"{cls} {n}" for cls, n in count.most_common())
        print(f"{name:<14} {rendering:<10} {sum(count.values()):>5}: {cells}")


def print_ranking(groups: dict[tuple[str, str], Counter[str]], label: str) -> None:
    print(f"\nranking failures, {label} (headline a candidate, not answered; what won instead)")
    short = {c: c.replace("_", "")[:7] for c in RANK_CLASSES}
    head = " ".join(f"{short[c]:>7}" for c in RANK_CLASSES)
    print(f"{'pages':<26} {'render':<10} {'n':>5} {head}")
    for (name, rendering), count in sorted(groups.items()):
        n = sum(count.values())
        if n < 10 and not name.endswith("/all"):
            continue
        cells = " ".join(f"{count[c]:>7}" for c in RANK_CLASSES)
        print(f"{name[:26]:<26} {rendering:<10} {n:>5} {cells}")


def weights_toml(
    names: list[str],
    w: np.ndarray,
    min_score: float,
    fixed: bool = False,
    origin: dict[str, Any] | None = None,
) -> str:
    head = [
        "# The headline finder's evidence weights: log-odds of a line being the headline among its",
        "# page's candidate lines, one per feature of article_normalizer/normalize/fields/title.py",
        "# (candidate_features), and the score under which the page has no headline (null and",
        "# no_title_found): when no candidate reaches it. Which candidate is the headline is the",
        "# ranker's choice (title_ranker.json). Read by that module. Version 3.",
        "# Generated by `python -m bench.title_cv --fold-models DIR --write"
        + (f" --fixed-threshold {min_score:.2f}`:" if fixed else "`:"),
        "# a conditional logit over the candidates of every page of both dev corpora",
        "# (dev.jsonl.gz, multidev.jsonl.xz) in both text renderings, each page classified by the",
        "# line model of the fold that never saw its site; "
        + (
            "the threshold is given, not fitted."
            if fixed
            else "the threshold is where a wrong title costs more than a right one gains."
        ),
        "# A publisher's declared title needs no weight: it is the answer. The clutter lexicon's",
        "# verdict is not weighed: the stage drops a front-runner it names.",
        *_provenance_lines(origin),
        "",
        "[weights]",
    ]
    body = [f"{name} = {value:.2f}" for name, value in zip(names, w, strict=True)]
    return "\n".join([*head, *body, "", "[threshold]", f"min_score = {min_score:.2f}", ""])


def _provenance_lines(origin: dict[str, Any] | None) -> list[str]:
    if not origin:
        return []
    lines = ["# Provenance:"]
    for name, digest in origin["corpora_sha256"].items():
        lines.append(f"#   {name} sha256 {digest}")
    lines.append(
        f"#   training code commit {origin['training_code_commit']}"
        + (" (with uncommitted changes)" if origin["training_code_dirty"] else "")
    )
    lines.append(f"#   python {origin['python']}, numpy {origin['numpy']}")
    return lines


def site_half(site: str) -> int:
    """0 or 1 for a site (registrable domain), from a hash independent of the folds': a change
    is studied on the losses of one half and its effect read, unseen, on the other."""
    return int(hashlib.md5(site.encode(), usedforsecurity=False).hexdigest(), 16) % 2


def show_wrong(answers: list[tuple[Record, str | None]], limit: int) -> None:
    shown = 0
    for record, title in answers:
        truth = record.headline or record.meta_title
        if title is None or not truth or title_token_f1(title, truth) >= FUZZY:
            continue
        print(f"\n--- {record.corpus}/{record.source} {record.rendering} {record.page_id}")
        print(f"  chose: {title!r}\n  truth: {truth!r}")
        lo = int(record.lines[0]) if record.lines else 0
        for k, line in enumerate(record.lines[1:]):
            mark = (
                "T"
                if title_token_f1(line, truth) >= FUZZY
                else ("C" if norm_title(title) and norm_title(title) in norm_title(line) else " ")
            )
            print(f"  {mark} {lo + k:>4} {line[:110]}")
        shown += 1
        if shown >= limit:
            return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--corpus", default="dev,multidev")
    parser.add_argument("--renderings", default="inscriptis,innertext")
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--url", action="store_true", help="pass each page's url as the hint")
    parser.add_argument("--fold-models", type=Path)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--cache", type=Path, help="keep the collected candidates here")
    parser.add_argument("--wrong-cost", type=float, default=1.0)
    parser.add_argument(
        "--fixed-threshold",
        type=float,
        help="keep the null threshold at this score (the shipped one is 1.0), not fitted",
    )
    parser.add_argument(
        "--drop", default="", help="features to leave out of the fit (comma-separated): ablation"
    )
    parser.add_argument(
        "--write", action="store_true", help="rewrite title_weights.toml and title_ranker.json"
    )
    parser.add_argument(
        "--linear", action="store_true", help="out of fold, rank by the linear score only"
    )
    parser.add_argument("--check", type=int, default=0)
    parser.add_argument("--show-wrong", type=int, default=0)
    parser.add_argument(
        "--by-half",
        action="store_true",
        help="also the out-of-fold tables on each half of the sites (site_half)",
    )
    args = parser.parse_args(argv)
    corpora = [c for c in args.corpus.split(",") if c]
    renderings = [r for r in args.renderings.split(",") if r]
    pages = load_pages(args.shared, corpora, args.every)
    work = list(tasks(args.shared, pages, renderings, args.fold_models, args.url))
    if args.cache and args.cache.exists():
        with gzip.open(args.cache, "rb") as handle:
            records: list[Record] = pickle.load(handle)
        print(f"{len(records)} page renderings from {args.cache}")
    else:
        records = collect(work, args.processes)
        if args.cache:
            with gzip.open(args.cache, "wb") as handle:
                pickle.dump(records, handle)
    if args.check:
        check(work[: args.check], records[: args.check])
    from article_normalizer.normalize.fields.title import MIN_SCORE, WEIGHTS

    print(
        f"{len(records)} page renderings; headline among the candidates: "
        f"{sum(bool(labels(r).any()) for r in records)}"
    )
    print_recall(records)
    shipped_ranker = _shipped_ranker()
    shipped = [(r, answer(r, WEIGHTS, MIN_SCORE, shipped_ranker)[0]) for r in records]
    print_table("shipped weights, ranker and threshold (in sample: fitted on these pages)", shipped)
    dropped = {d for d in args.drop.split(",") if d}
    names = [n for n in feature_names(records) if n not in dropped]
    folds = [fold_of(r.site, FOLDS) for r in records]
    held_out: dict[str, list[tuple[Record, str | None]]] = {"linear": [], "ranker": []}
    picks: dict[str, list[Pick]] = {"linear": [], "ranker": []}
    for fold in range(FOLDS):
        train = [r for r, f in zip(records, folds, strict=True) if f != fold]
        w = dict(zip(names, fit(design(train, names), len(names)).tolist(), strict=True))
        rankers = {
            "linear": None,
            "ranker": None if args.linear else ranker_of(fit_ranker(train, names), names),
        }
        t = (
            args.fixed_threshold
            if args.fixed_threshold is not None
            else threshold(train, w, args.wrong_cost)
        )
        print(f"fold {fold}: threshold {t:.2f}", file=sys.stderr)
        for r, f in zip(records, folds, strict=True):
            if f != fold:
                continue
            for how, ranker in rankers.items():
                if how == "ranker" and args.linear:
                    continue
                picked = choice(r, w, ranker)
                picks[how].append((r, picked, w, ranker, t))
                held_out[how].append((r, final_text(r, answered(picked, t))))
    for how, label in (
        ("linear", "ranked by the linear score"),
        ("ranker", "ranked by the forest"),
    ):
        if not held_out[how]:
            continue
        print_table(
            f"out of fold ({FOLDS} folds by site; weights, ranker and threshold refitted), {label}",
            held_out[how],
        )
        print_ranking(ranking_failures(picks[how]), f"out of fold, {label}")
    if args.by_half:
        how = "linear" if args.linear else "ranker"
        for part in (0, 1):
            print_table(
                f"out of fold, the sites of half {part} only (site_half)",
                [(r, t) for r, t in held_out[how] if site_half(r.site) == part],
            )
            print_ranking(
                ranking_failures([p for p in picks[how] if site_half(p[0].site) == part]),
                f"out of fold, the sites of half {part}",
            )
            print_losses(
                losses([p for p in picks[how] if site_half(p[0].site) == part]),
                f"out of fold, the sites of half {part}",
            )
    if args.show_wrong:
        show_wrong(held_out["linear" if args.linear else "ranker"], args.show_wrong)
    if args.write:
        origin = title_provenance(args.shared)
        w_all = fit(design(records, names), len(names))
        t_all = (
            args.fixed_threshold
            if args.fixed_threshold is not None
            else threshold(records, dict(zip(names, w_all.tolist(), strict=True)), args.wrong_cost)
        )
        WEIGHTS_FILE.write_text(
            weights_toml(names, w_all, t_all, args.fixed_threshold is not None, origin),
            encoding="utf-8",
        )
        print(f"wrote {WEIGHTS_FILE} (threshold {t_all:.2f})")
        usable = sum(bool(labels(r).any()) and not labels(r).all() for r in records)
        RANKER_FILE.write_text(
            ranker_json(names, fit_ranker(records, names), usable, origin), encoding="utf-8"
        )
        print(f"wrote {RANKER_FILE}")
    return 0


def _shipped_ranker() -> Any:
    """The shipped ranker, or None before ``--write`` has made one."""
    from article_normalizer.normalize.fields.title import ranker

    try:
        return ranker()
    except FileNotFoundError:
        return None


def check(work: list[Task], records: list[Record]) -> None:
    """Replayed titles against ``normalize()``'s under the shipped weights and threshold."""
    from article_normalizer.normalize import RawDocument, normalize
    from article_normalizer.normalize.fields.title import MIN_SCORE, WEIGHTS

    same = 0
    for task, record in zip(work, records, strict=True):
        _use_fold_model(task.fold_model)
        article = normalize(RawDocument(text=task.text, url=task.url), now=REFERENCE)
        replay = answer(record, WEIGHTS, MIN_SCORE, _shipped_ranker())[0]
        same += replay == article.title
        if replay != article.title:
            print(f"  differs {task.page_id} {task.rendering}: {replay!r} vs {article.title!r}")
    print(f"check: {same}/{len(work)} replayed titles equal normalize()'s")


if __name__ == "__main__":
    sys.exit(main())
