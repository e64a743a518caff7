"""Train the line classifier on the dev and multidev corpora, cross-validate it, export it.

Steps:

1. every page's ``text_inscriptis`` is split into blocks exactly as the pipeline does (hard
   wraps undone), its language detected the same way, and each line labelled body when most of
   its tokens lie in a 4-token shingle that also occurs in the truth (the headline line dropped
   where the corpus says ``gt_headline_first``; shingles run across line ends, so a short
   sub-heading inside the article is matched through its neighbours; each character of an
   unspaced script is a token here, so Chinese and Japanese lines, and truths hard-wrapped
   mid-sentence, are labelled by their characters rather than as one whole-sentence token);
2. LightGBM is cross-validated with folds grouped by site (registrable domain, see
   :attr:`bench.corpus.DevPage.site`: no site in two folds, across both corpora), and the
   out-of-fold probabilities go through the real decision code (:func:`classify.decide`); the
   body lines are scored with :mod:`bench.scoring` (shingles ignore line breaks, so how lines
   are joined into paragraphs does not change the score). The threshold that maximises that
   F1 over the training pages is chosen. Pages not trained on (snippet-only truths, sources
   named by ``--score-only``) are predicted out of fold too and only scored;
   With ``--innertext``, each trained page's browser ``innerText`` (``bench.render_browser``'s
   cache) is trained on as well, as a second page of the same site and so of the same fold:
   scrapers send both renderings, and a model that has seen only one leans on what that one
   prints (list markers, blank lines between blocks). The threshold and every figure are
   still those of the HTML-to-text rendering;
3. the final model is trained on all training pages and exported to
   ``article_normalizer/normalize/lines/model/`` as plain arrays (see
   :mod:`article_normalizer.normalize.lines.classify`), so
   inference needs numpy only. The export is deterministic (one thread, pinned seeds, fixed
   float formatting), so ``make model`` rebuilds the shipped file byte for byte, and it records
   its provenance (corpus digests, library versions, the training code's commit).

Usage: ``python -m bench.train_classifier --shared ../shared [--corpora dev,multidev]
[--folds 5] [--limit N] [--trees 200 --leaves 31] [--score-only SOURCES] [--innertext]
[--no-export]``.
Needs the ``train`` extra (lightgbm).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from article_normalizer.normalize.language import detect_language
from article_normalizer.normalize.lines import classify as classify_mod
from article_normalizer.normalize.lines import features
from article_normalizer.normalize.lines.blocks import Block, split_blocks, unwrap
from article_normalizer.normalize.lines.forest import Forest
from article_normalizer.normalize.lines.kinds import strong_clutter
from article_normalizer.normalize.pipeline import DEFAULT_LIMITS
from article_normalizer.rules import LanguageProfile, profile
from bench.corpus import DEV_FILE, MULTIDEV_FILE, DevPage, fold_of, load_dev, load_multidev
from bench.quality_multi import CHAR_LANGS, LABELS, Result, print_table, summarise
from bench.scoring import (
    BodyScores,
    body_counts,
    body_scores,
    char_tokens,
    shingles,
    snippet_counts,
    tokens,
)

ROOT = Path(__file__).resolve().parents[1]
MODEL_PATH = classify_mod.MODEL_PATH
OOF_PATH = ROOT / "bench" / "results" / "classifier-oof.npz"
"""Out-of-fold stage-1 probabilities of the last run, for tuning the rules after the model."""


@dataclass(slots=True)
class Prepared:
    """One page ready for training: blocks, features, labels."""

    page: DevPage
    blocks: list[Block]
    profile: LanguageProfile
    x: npt.NDArray[np.float32]
    y: npt.NDArray[np.int8]
    train: bool = True
    """Whether the page's labels are trained on (else it is only predicted out of fold)."""
    clutter: list[tuple[str, str] | None] | None = None
    """:func:`kinds.strong_clutter` per line, computed on first use (it is threshold-free)."""

    def certain_clutter(self) -> list[tuple[str, str] | None]:
        if self.clutter is None:
            self.clutter = [strong_clutter(b.text, self.profile) for b in self.blocks]
        return self.clutter


def line_labels(blocks: Sequence[Block], truth: str) -> npt.NDArray[np.int8]:
    """1 for lines whose tokens mostly sit in a shingle of ``truth``, else 0.

    The page's tokens are shingled as one stream across line ends, like the truth's paragraphs
    are, so a line too short for a shingle of its own is judged by the run it belongs to.
    """
    gold = set(shingles(truth, tokenize=char_tokens))
    line_of: list[int] = []
    stream: list[str] = []
    for i, block in enumerate(blocks):
        toks = char_tokens(block.text)
        stream.extend(toks)
        line_of.extend([i] * len(toks))
    n = len(stream)
    covered = np.zeros(n, dtype=bool)
    size = 4
    for start in range(max(0, n - size + 1)):
        if tuple(stream[start : start + size]) in gold:
            covered[start : start + size] = True
    if 0 < n < size and tuple(stream) in gold:
        covered[:] = True
    hits = np.zeros(len(blocks), dtype=np.float64)
    totals = np.zeros(len(blocks), dtype=np.float64)
    owners = np.asarray(line_of, dtype=np.int64)
    np.add.at(totals, owners, 1.0)
    np.add.at(hits, owners, covered.astype(np.float64))
    share = np.divide(hits, totals, out=np.zeros_like(hits), where=totals > 0)
    return (share >= 0.5).astype(np.int8)


def prepare(pages: Sequence[DevPage], score_only: frozenset[str] = frozenset()) -> list[Prepared]:
    """Blocks, features and labels of every page, as the pipeline segments it (unwrapped)."""
    out: list[Prepared] = []
    for page in pages:
        lines, _ = split_blocks(page.text, max_blocks=DEFAULT_LIMITS.max_blocks)
        blocks = unwrap(lines)
        if not blocks:
            continue
        prof = profile(detect_language(blocks))
        x = features.extract(blocks, prof)
        full = page.gt_kind == "full" and bool(page.truth.strip())
        y = line_labels(blocks, page.truth) if full else np.zeros(len(blocks), dtype=np.int8)
        out.append(Prepared(page, blocks, prof, x, y, train=full and page.source not in score_only))
    return out


def score_bodies(
    data: Sequence[Prepared],
    probas: Sequence[npt.NDArray[np.float64]],
    threshold: float,
    *,
    teaser_rule: bool = True,
    fallback_ratio: float | None = classify_mod.FALLBACK_RATIO,
) -> BodyScores:
    """Corpus body scores of the pages decided by the runtime decision code at ``threshold``."""
    counts = []
    for item, proba in zip(data, probas, strict=True):
        decisions = classify_mod.decide(
            item.blocks,
            proba,
            item.profile,
            threshold=threshold,
            teaser_rule=teaser_rule,
            clutter=item.certain_clutter(),
            name=False,
            fallback_ratio=fallback_ratio,
        )
        chosen = [i for i, d in enumerate(decisions) if d.is_body]
        body = "\n\n".join(item.blocks[i].text for i in chosen)
        counts.append(body_counts(body, item.page.truth))
    return body_scores(counts)


def body_text(item: Prepared, proba: npt.NDArray[np.float64], threshold: float) -> str:
    """The body the runtime decision code keeps from ``proba`` (lines joined)."""
    decisions = classify_mod.decide(
        item.blocks,
        proba,
        item.profile,
        threshold=threshold,
        clutter=item.certain_clutter(),
        name=False,
    )
    return "\n\n".join(b.text for b, d in zip(item.blocks, decisions, strict=True) if d.is_body)


def page_results(
    data: Sequence[Prepared],
    bodies: Sequence[str],
    system: str,
) -> list[Result]:
    """Per-page scores of ``bodies`` in the form :mod:`bench.quality_multi` tabulates."""
    results: list[Result] = []
    for k, (item, body) in enumerate(zip(data, bodies, strict=True)):
        result = Result(k)
        page = item.page
        result.empty[system] = not tokens(body)
        if page.gt_kind == "full" and page.truth:
            result.counts[system] = body_counts(body, page.truth)
            if page.lang in CHAR_LANGS:
                result.chars[system] = body_counts(body, page.truth, char_tokens)
        with_, without = page.gt.get("with") or (), page.gt.get("without") or ()
        if with_ or without:
            snip = snippet_counts(body, with_, without)
            result.snippets[system] = (
                snip.with_found / snip.with_total if snip.with_total else 1.0,
                snip.without_absent / snip.without_total if snip.without_total else 1.0,
            )
        results.append(result)
    return results


def report_groups(data: Sequence[Prepared], min_lang: int = 40) -> dict[str, list[int]]:
    """Rows of the CV table: corpora, sources, multidev languages (small ones pooled)."""
    from bench.quality_multi import groups

    return groups([d.page for d in data], min_lang)


def oracle_scores(data: Sequence[Prepared]) -> BodyScores:
    """The body F1 perfect line labels would reach (the ceiling of a line classifier)."""
    counts = []
    for item in data:
        chosen = [int(i) for i in np.flatnonzero(item.y)]
        body = "\n\n".join(item.blocks[i].text for i in chosen)
        counts.append(body_counts(body, item.page.truth))
    return body_scores(counts)


def params(leaves: int, seed: int = 7) -> dict[str, Any]:
    return {
        "objective": "binary",
        "learning_rate": 0.08,
        "num_leaves": leaves,
        "max_depth": 9,
        "min_data_in_leaf": 100,
        "feature_fraction": 0.5,
        "bagging_fraction": 0.8,
        "bagging_freq": 1,
        "lambda_l2": 1.0,
        "num_threads": 1,  # OpenMP threads stall badly on a shared, oversubscribed machine
        "verbose": -1,
        "seed": seed,
        "bagging_seed": seed,
        "feature_fraction_seed": seed,
        "data_random_seed": seed,
        "deterministic": True,
        "force_row_wise": True,
    }


def train(
    matrices: Sequence[npt.NDArray[np.floating[Any]]],
    labels: Sequence[npt.NDArray[np.int8]],
    names: Sequence[str],
    trees: int,
    leaves: int,
    weight_power: float = 0.0,
) -> Any:
    """One booster; each page's lines weigh ``lines ** -weight_power`` (0: every line alike,
    1: every page alike, as the scorer averages), scaled to a mean line weight of 1."""
    import lightgbm as lgb

    weight = None
    if weight_power:
        sizes = np.concatenate([np.full(len(y), float(len(y))) for y in labels])
        weight = sizes**-weight_power
        weight *= len(weight) / weight.sum()
    dataset = lgb.Dataset(
        np.vstack(matrices),
        label=np.concatenate(labels),
        weight=weight,
        feature_name=list(names),
        free_raw_data=True,
    )
    return lgb.train(params(leaves), dataset, num_boost_round=trees)


def cross_validate(
    data: Sequence[Prepared],
    matrices: Sequence[npt.NDArray[np.float32]],
    names: Sequence[str],
    folds: int,
    trees: int,
    leaves: int,
    weight_power: float = 0.0,
    exported: list[dict[str, Any]] | None = None,
    extra: Sequence[Prepared] = (),
) -> list[npt.NDArray[np.float64]]:
    """Out-of-fold body probabilities per page: each page is predicted by a model that never
    saw its site, evaluated with the exported numpy forest so CV measures what ships.

    ``exported`` receives each fold's forest, for running the whole pipeline out of fold;
    ``extra`` pages (other renderings) are trained on in the folds of their sites, never
    predicted."""
    fold_ids = [fold_of(d.page.site, folds) for d in data]
    extra_folds = [fold_of(e.page.site, folds) for e in extra]
    probas: list[npt.NDArray[np.float64]] = [np.zeros(0)] * len(data)
    for fold in range(folds):
        started = time.perf_counter()
        part = [i for i, f in enumerate(fold_ids) if f != fold and data[i].train]
        more = [e for e, f in zip(extra, extra_folds, strict=True) if f != fold]
        booster = train(
            [matrices[i] for i in part] + [e.x for e in more],
            [data[i].y for i in part] + [e.y for e in more],
            names,
            trees,
            leaves,
            weight_power,
        )
        forest_doc = export_forest(booster, names)
        if exported is not None:
            exported.append(forest_doc)
        forest = Forest.from_dict(forest_doc)
        for i, f in enumerate(fold_ids):
            if f == fold:
                probas[i] = forest.predict(matrices[i])
        print(
            f"  fold {fold}: {len(part)} train pages (+{len(more)} renderings), "
            f"{time.perf_counter() - started:.1f}s",
            file=sys.stderr,
        )
    return probas


def write_fold_models(
    directory: Path, forests: Sequence[dict[str, Any]], threshold: float, version: str
) -> None:
    """Each fold's model as a loadable model file: the pipeline run page by page with the
    model that never saw the page's site gives out-of-fold figures for every stage after the
    model too (the HTML mode, the rules, the fields)."""
    directory.mkdir(parents=True, exist_ok=True)
    for fold, forest in enumerate(forests):
        document = {
            "format": classify_mod.MODEL_FORMAT,
            "version": f"{version}-fold{fold}",
            "feature_version": features.FEATURE_VERSION,
            "feature_names": list(features.FEATURE_NAMES),
            "context_names": list(features.CONTEXT_NAMES),
            "threshold": threshold,
            "stages": [forest],
        }
        path = directory / f"fold{fold}.json"
        path.write_text(json.dumps(_rounded(document), separators=(",", ":")) + "\n")
    print(f"wrote {len(forests)} fold models to {directory}", file=sys.stderr)


def _flatten(tree: dict[str, Any], nodes: list[list[Any]]) -> int:
    """Append ``tree``'s nodes (pre-order) as [feature, threshold, left, right, value]."""
    me = len(nodes)
    nodes.append([0, float("inf"), me, me, 0.0])
    if "split_feature" not in tree:
        nodes[me][4] = float(tree["leaf_value"])
        return me
    if tree.get("decision_type", "<=") != "<=":
        raise ValueError(f"unsupported split {tree.get('decision_type')}")
    left = _flatten(tree["left_child"], nodes)
    right = _flatten(tree["right_child"], nodes)
    nodes[me] = [int(tree["split_feature"]), float(tree["threshold"]), left, right, 0.0]
    return me


def _depth(tree: dict[str, Any]) -> int:
    if "split_feature" not in tree:
        return 0
    return 1 + max(_depth(tree["left_child"]), _depth(tree["right_child"]))


def export_forest(booster: Any, names: Sequence[str]) -> dict[str, Any]:
    """A LightGBM booster as the plain arrays :class:`classify.Forest` reads.

    Features are never NaN at runtime (``features`` replaces them), so LightGBM's missing-value
    routing is not exported; categorical splits are refused.
    """
    dumped = booster.dump_model()
    if dumped.get("feature_names") != list(names):
        raise ValueError("booster features differ from the names given")
    roots: list[int] = []
    nodes: list[list[Any]] = []
    depth = 0
    for info in dumped["tree_info"]:
        roots.append(_flatten(info["tree_structure"], nodes))
        depth = max(depth, _depth(info["tree_structure"]))
    return {
        "max_depth": depth,
        "roots": roots,
        "feature": [n[0] for n in nodes],
        "split": [n[1] if n[1] != float("inf") else None for n in nodes],
        "left": [n[2] for n in nodes],
        "right": [n[3] for n in nodes],
        "value": [n[4] for n in nodes],
    }


def sweep(
    data: Sequence[Prepared], probas: Sequence[npt.NDArray[np.float64]], label: str
) -> tuple[float, BodyScores]:
    """The threshold with the best corpus body F1 (the real scorer on the bodies)."""
    best: tuple[float, BodyScores] | None = None
    for threshold in np.arange(0.35, 0.71, 0.05):
        scores = score_bodies(data, probas, float(threshold))
        print(
            f"  {label} threshold {threshold:.2f}: P {scores.precision:.4f} "
            f"R {scores.recall:.4f} F1 {scores.f1:.4f}",
            file=sys.stderr,
        )
        if best is None or scores.f1 > best[1].f1:
            best = (round(float(threshold), 3), scores)
    assert best is not None
    return best


def load_prepared(
    shared: Path,
    limit: int | None,
    corpora: Sequence[str] = ("dev", "multidev"),
    score_only: frozenset[str] = frozenset(),
) -> list[Prepared]:
    started = time.perf_counter()
    pages: list[DevPage] = []
    for corpus in corpora:
        loader = {"dev": load_dev, "multidev": load_multidev}[corpus]
        pages.extend(loader(shared, limit=limit))
    data = prepare(pages, score_only)
    print(
        f"prepared {len(data)} pages ({sum(d.train for d in data)} trained on), "
        f"{sum(len(d.blocks) for d in data)} lines, {time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )
    return data


def innertext_pages(
    shared: Path, corpora: Sequence[str], data: Sequence[Prepared]
) -> list[Prepared]:
    """The browser ``innerText`` of every trained page that has one, prepared like its page.

    The renderings come from ``bench.render_browser``'s cache (``make render-browser``); a
    corpus without one stops the run, since a model silently trained on fewer pages would not
    be the recipe's."""
    from bench.render_browser import renderings

    rendered: dict[str, str] = {}
    for corpus in corpora:
        texts = renderings(shared, corpus)
        if not texts:
            raise SystemExit(f"no innerText renderings of {corpus}: run make render-browser first")
        rendered.update(texts)
    pages = [
        replace(d.page, text=rendered[d.page.id]) for d in data if d.train and d.page.id in rendered
    ]
    extra = [e for e in prepare(pages) if e.train]
    print(f"prepared {len(extra)} innerText renderings of trained pages", file=sys.stderr)
    return extra


def renderings_digest(extra: Sequence[Prepared]) -> str:
    """One digest over the renderings trained on (page id and text, in order): Chromium's
    output can change with its version, and the model is the same only on the same texts."""
    digest = hashlib.sha256()
    for e in extra:
        digest.update(e.page.id.encode() + b"\0" + e.page.text.encode() + b"\0")
    return digest.hexdigest()


TRAINING_CODE = (
    "bench/train_classifier.py",
    "bench/corpus.py",
    "bench/scoring.py",
    "bench/quality_multi.py",
    "article_normalizer/normalize/lines/features.py",
    "article_normalizer/normalize/lines/classify.py",
    "article_normalizer/normalize/lines/body_runs.py",
    "article_normalizer/normalize/lines/blocks.py",
    "article_normalizer/normalize/lines/kinds.py",
    "article_normalizer/normalize/lines/item_lines.py",
    "article_normalizer/normalize/language.py",
    "article_normalizer/rules",
)
"""What the exported model depends on besides the corpora: its provenance names the last
commit that touched any of it (not HEAD, so committing the model does not change its record)."""

TEXT_DECISION_CODE = (
    "article_normalizer/normalize/lines/page_threshold.py",
    "article_normalizer/normalize/lines/thread_posts.py",
    "article_normalizer/normalize/lines/comment_section.py",
    "article_normalizer/normalize/lines/related_section.py",
    "article_normalizer/normalize/lines/prose_less.py",
    "article_normalizer/normalize/lines/consent_dialog.py",
    "article_normalizer/normalize/lines/off_topic.py",
    "article_normalizer/normalize/lines/paywall_box.py",
    "article_normalizer/normalize/lines/table_rows.py",
)
"""The rules after the page threshold gate in text mode: not the line model's training, but the
body decisions that the kind model and the title files learn from."""


def _git(*args: str) -> str:
    import subprocess

    done = subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=30
    )
    return done.stdout.strip() if done.returncode == 0 else ""


GENERATED = (
    "article_normalizer/rules/data/title_weights.toml",
    "article_normalizer/rules/data/title_ranker.json",
)
"""Fitted files that live among the rules: committing one is no change to any training code,
so the commit that names the code looks past them."""


def provenance(
    shared: Path, corpora: Sequence[str], code: Sequence[str] = TRAINING_CODE
) -> dict[str, Any]:
    """Where the model comes from: corpus digests, library versions, the training code's commit
    (the last one touching ``code``, fitted files among it left out)."""
    import lightgbm

    files = {"dev": DEV_FILE, "multidev": MULTIDEV_FILE}
    digests = {}
    for corpus in corpora:
        digest = hashlib.sha256()
        with (shared / files[corpus]).open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        digests[files[corpus].name] = digest.hexdigest()
    paths = [*code, *(f":(exclude){path}" for path in GENERATED)]
    dirty = _git("status", "--porcelain", "--", *paths)
    return {
        "corpora_sha256": digests,
        "lightgbm": lightgbm.__version__,
        "numpy": np.__version__,
        "python": ".".join(map(str, sys.version_info[:3])),
        "feature_version": features.FEATURE_VERSION,
        "training_code_commit": _git("log", "-1", "--format=%H", "--", *paths),
        "training_code_dirty": bool(dirty),
    }


def cv_table(
    data: Sequence[Prepared], probas: Sequence[npt.NDArray[np.float64]], threshold: float
) -> dict[str, dict[str, Any]]:
    """Out-of-fold scores per corpus, source and language, printed like bench.quality_multi."""
    bodies = [body_text(d, p, threshold) for d, p in zip(data, probas, strict=True)]
    oracle = [
        "\n\n".join(d.blocks[int(i)].text for i in np.flatnonzero(d.y)) if d.train else ""
        for d in data
    ]
    results = page_results(data, bodies, "oof")
    for result, extra in zip(results, page_results(data, oracle, "oracle"), strict=True):
        result.counts["oracle"] = extra.counts.get("oracle")
        result.chars["oracle"] = extra.chars.get("oracle")
        result.empty["oracle"] = extra.empty["oracle"]
    rows = {
        name: summarise(results, idx, ("oof", "oracle"))
        for name, idx in report_groups(data).items()
    }
    LABELS.update(oof="out of fold (text)", oracle="perfect line labels")
    print_table(rows, ("oof", "oracle"))
    return rows


def _rounded(value: Any) -> Any:
    """Floats as the shortest decimal that round-trips (Python's repr), recursively: the JSON
    text then depends on the values alone."""
    if isinstance(value, float):
        return float(repr(value))
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--corpora", default="dev,multidev")
    parser.add_argument("--score-only", default="", help="sources predicted and scored only")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each corpus")
    parser.add_argument("--trees", type=int, default=200)
    parser.add_argument("--leaves", type=int, default=31)
    parser.add_argument("--stage2-trees", type=int, default=0, help="0: no second stage")
    parser.add_argument("--stage2-leaves", type=int, default=15)
    parser.add_argument(
        "--page-weight", type=float, default=0.0, help="line weight = page lines ** -this"
    )
    parser.add_argument("--oof", type=Path, default=OOF_PATH, help="out-of-fold output")
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    parser.add_argument("--cv-json", type=Path, default=None, help="write the CV table here")
    parser.add_argument("--version", default="1")
    parser.add_argument(
        "--innertext",
        action="store_true",
        help="also train on each page's browser innerText (make render-browser's cache)",
    )
    parser.add_argument(
        "--fold-models",
        type=Path,
        default=None,
        help="write each fold's model here (fold0.json ...), for bench.quality_multi --fold-models",
    )
    args = parser.parse_args(argv)
    corpora = tuple(c for c in args.corpora.split(",") if c)
    score_only = frozenset(s for s in args.score_only.split(",") if s)

    data = load_prepared(args.shared, args.limit, corpora, score_only)
    trained = [d for d in data if d.train]
    if args.innertext and args.stage2_trees:
        parser.error("--innertext trains the first stage only")
    extra = innertext_pages(args.shared, corpora, data) if args.innertext else []
    oracle = oracle_scores(trained)
    print(f"oracle (perfect line labels, trained pages): F1 {oracle.f1:.4f}")
    lines = [d.x for d in data]
    names1 = features.FEATURE_NAMES
    names2 = features.CONTEXT_NAMES
    fold_forests: list[dict[str, Any]] = []
    probas = cross_validate(
        data,
        lines,
        names1,
        args.folds,
        args.trees,
        args.leaves,
        args.page_weight,
        fold_forests,
        extra,
    )
    args.oof.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.oof, ids=np.array([d.page.id for d in data]), proba=np.concatenate(probas)
    )
    train_idx = [i for i, d in enumerate(data) if d.train]

    def on_trained(values: Sequence[npt.NDArray[np.float64]]) -> list[npt.NDArray[np.float64]]:
        return [values[i] for i in train_idx]

    threshold, scores = sweep(trained, on_trained(probas), "stage 1")
    print(
        f"CV stage 1 ({args.folds} folds by site) at {threshold:.2f}: "
        f"P {scores.precision:.4f} R {scores.recall:.4f} F1 {scores.f1:.4f}"
    )
    contexts: list[npt.NDArray[np.float32]] = []
    if args.stage2_trees:
        contexts = [features.context(p, d.x) for p, d in zip(probas, data, strict=True)]
        probas = cross_validate(
            data, contexts, names2, args.folds, args.stage2_trees, args.stage2_leaves
        )
        threshold, scores = sweep(trained, on_trained(probas), "stage 2")
        print(
            f"CV stage 2 at {threshold:.2f}: "
            f"P {scores.precision:.4f} R {scores.recall:.4f} F1 {scores.f1:.4f}"
        )
    plain = score_bodies(trained, on_trained(probas), threshold, teaser_rule=False)
    print(
        f"  without the inner-teaser rule: P {plain.precision:.4f} "
        f"R {plain.recall:.4f} F1 {plain.f1:.4f}"
    )
    for ratio in (None, 0.4, 0.5, 0.6, 0.7, 0.8):
        fb = score_bodies(trained, on_trained(probas), threshold, fallback_ratio=ratio)
        print(
            f"  empty-body fallback ratio {ratio}: P {fb.precision:.4f} R {fb.recall:.4f} "
            f"F1 {fb.f1:.4f} empty {fb.empty_predictions}"
        )
    if args.fold_models and not args.stage2_trees:
        write_fold_models(args.fold_models, fold_forests, threshold, args.version)
    print(f"\nout-of-fold by corpus, source and language (threshold {threshold:.2f}):")
    rows = cv_table(data, probas, threshold)
    if args.cv_json:
        args.cv_json.parent.mkdir(parents=True, exist_ok=True)
        args.cv_json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    if args.no_export:
        return 0
    labels = [d.y for d in trained] + [e.y for e in extra]
    train_lines = [d.x for d in trained] + [e.x for e in extra]
    booster = train(train_lines, labels, names1, args.trees, args.leaves, args.page_weight)
    stages = [export_forest(booster, names1)]
    if args.stage2_trees:
        train_contexts = on_trained(contexts)  # type: ignore[arg-type]
        booster = train(train_contexts, labels, names2, args.stage2_trees, args.stage2_leaves)
        stages.append(export_forest(booster, names2))
    by_group = {
        name: {k: row["oof"].get(k) for k in ("precision", "recall", "f1", "empty", "char_f1")}
        | {"pages": row["pages"]}
        for name, row in rows.items()
    }
    document = {
        "format": classify_mod.MODEL_FORMAT,
        "version": args.version,
        "feature_version": features.FEATURE_VERSION,
        "feature_names": list(names1),
        "context_names": list(names2),
        "threshold": threshold,
        "cv": {
            "folds": args.folds,
            "grouping": "site (registrable domain)",
            "corpora": list(corpora),
            "score_only": sorted(score_only),
            "limit": args.limit,
            "pages": len(data),
            "trained_pages": len(trained),
            "innertext_pages": len(extra),
            "precision": round(scores.precision, 4),
            "recall": round(scores.recall, 4),
            "f1": round(scores.f1, 4),
            "f1_without_teaser_rule": round(plain.f1, 4),
            "oracle_f1": round(oracle.f1, 4),
            "trees": [args.trees, args.stage2_trees],
            "leaves": [args.leaves, args.stage2_leaves],
            "params": params(args.leaves),
            "page_weight_power": args.page_weight,
            "by_group": by_group,
        },
        "provenance": provenance(args.shared, corpora)
        | ({"innertext_sha256": renderings_digest(extra)} if extra else {}),
        "stages": stages,
    }
    text = json.dumps(_rounded(document), separators=(",", ":"), sort_keys=False)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.output} ({args.output.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
