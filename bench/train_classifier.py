"""Train the line classifier on the dev corpus, cross-validate it, and export it for numpy.

Steps:

1. every dev page's ``text_inscriptis`` is split into blocks exactly as the pipeline does, its
   language detected the same way, and each line labelled body when most of its tokens lie in a
   4-token shingle that also occurs in ``gt.body`` (shingles run across line ends, so a short
   sub-heading inside the article is matched through its neighbours);
2. LightGBM is cross-validated with folds grouped by site (no site in two folds), and the
   out-of-fold probabilities go through the real decision code (:func:`classify.decide`); the
   body lines are scored with :mod:`bench.scoring` (shingles ignore line breaks, so how lines
   are joined into paragraphs does not change the score). The threshold
   that maximises that F1 is chosen;
3. the final model is trained on all pages and exported to ``service/normalize/model/`` as plain
   arrays (see :mod:`service.normalize.classify`), so inference needs numpy only.

Usage: ``python -m bench.train_classifier --shared ../shared [--folds 5] [--limit N]
[--trees 200 --leaves 31] [--no-export]``. Needs the ``train`` extra (lightgbm).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bench.corpus import DevPage, load_dev
from bench.scoring import BodyScores, body_counts, body_scores, shingles, tokens
from service.normalize import classify as classify_mod
from service.normalize import features
from service.normalize.blocks import Block, split_blocks
from service.normalize.kinds import strong_clutter
from service.normalize.language import detect_language
from service.normalize.pipeline import DEFAULT_LIMITS
from service.rules import LanguageProfile, profile

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
    gold = set(shingles(truth))
    line_of: list[int] = []
    stream: list[str] = []
    for i, block in enumerate(blocks):
        toks = tokens(block.text)
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


def prepare(pages: Sequence[DevPage]) -> list[Prepared]:
    out: list[Prepared] = []
    for page in pages:
        blocks, _ = split_blocks(page.text, max_blocks=DEFAULT_LIMITS.max_blocks)
        if not blocks:
            continue
        prof = profile(detect_language(blocks))
        x = features.extract(blocks, prof)
        y = line_labels(blocks, page.gt.get("body") or "")
        out.append(Prepared(page, blocks, prof, x, y))
    return out


def fold_of(site: str, folds: int) -> int:
    """A stable fold per site (hash), so re-runs and subsamples agree."""
    return int(hashlib.sha1(site.encode()).hexdigest(), 16) % folds


def score_bodies(
    data: Sequence[Prepared],
    probas: Sequence[npt.NDArray[np.float64]],
    threshold: float,
    *,
    teaser_rule: bool = True,
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
        )
        chosen = [i for i, d in enumerate(decisions) if d.is_body]
        body = "\n\n".join(item.blocks[i].text for i in chosen)
        counts.append(body_counts(body, item.page.gt.get("body") or ""))
    return body_scores(counts)


def oracle_scores(data: Sequence[Prepared]) -> BodyScores:
    """The body F1 perfect line labels would reach (the ceiling of a line classifier)."""
    counts = []
    for item in data:
        chosen = [int(i) for i in np.flatnonzero(item.y)]
        body = "\n\n".join(item.blocks[i].text for i in chosen)
        counts.append(body_counts(body, item.page.gt.get("body") or ""))
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
        "deterministic": True,
        "force_row_wise": True,
    }


def train(
    matrices: Sequence[npt.NDArray[np.float32]],
    labels: Sequence[npt.NDArray[np.int8]],
    names: Sequence[str],
    trees: int,
    leaves: int,
) -> Any:
    import lightgbm as lgb

    dataset = lgb.Dataset(
        np.vstack(matrices),
        label=np.concatenate(labels),
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
) -> list[npt.NDArray[np.float64]]:
    """Out-of-fold body probabilities per page: each page is predicted by a model that never
    saw its site, evaluated with the exported numpy forest so CV measures what ships."""
    fold_ids = [fold_of(d.page.site, folds) for d in data]
    probas: list[npt.NDArray[np.float64]] = [np.zeros(0)] * len(data)
    for fold in range(folds):
        started = time.perf_counter()
        part = [i for i, f in enumerate(fold_ids) if f != fold]
        booster = train(
            [matrices[i] for i in part], [data[i].y for i in part], names, trees, leaves
        )
        forest = classify_mod.Forest.from_dict(export_forest(booster, names))
        for i, f in enumerate(fold_ids):
            if f == fold:
                probas[i] = forest.predict(matrices[i])
        print(
            f"  fold {fold}: {len(part)} train pages, {time.perf_counter() - started:.1f}s",
            file=sys.stderr,
        )
    return probas


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


def load_prepared(shared: Path, limit: int | None) -> list[Prepared]:
    started = time.perf_counter()
    pages = load_dev(shared, limit=limit)
    data = prepare(pages)
    print(
        f"prepared {len(data)} pages, {sum(len(d.blocks) for d in data)} lines, "
        f"{time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--trees", type=int, default=200)
    parser.add_argument("--leaves", type=int, default=31)
    parser.add_argument("--stage2-trees", type=int, default=100, help="0: no second stage")
    parser.add_argument("--stage2-leaves", type=int, default=15)
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--version", default="1")
    args = parser.parse_args(argv)

    data = load_prepared(args.shared, args.limit)
    oracle = oracle_scores(data)
    print(f"oracle (perfect line labels): F1 {oracle.f1:.4f}")
    lines = [d.x for d in data]
    names1 = features.FEATURE_NAMES
    names2 = features.CONTEXT_NAMES
    probas = cross_validate(data, lines, names1, args.folds, args.trees, args.leaves)
    OOF_PATH.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        OOF_PATH, ids=np.array([d.page.id for d in data]), proba=np.concatenate(probas)
    )
    threshold, scores = sweep(data, probas, "stage 1")
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
        threshold, scores = sweep(data, probas, "stage 2")
        print(
            f"CV stage 2 at {threshold:.2f}: "
            f"P {scores.precision:.4f} R {scores.recall:.4f} F1 {scores.f1:.4f}"
        )
    plain = score_bodies(data, probas, threshold, teaser_rule=False)
    print(
        f"  without the inner-teaser rule: P {plain.precision:.4f} "
        f"R {plain.recall:.4f} F1 {plain.f1:.4f}"
    )
    if args.no_export:
        return 0
    labels = [d.y for d in data]
    stages = [export_forest(train(lines, labels, names1, args.trees, args.leaves), names1)]
    if args.stage2_trees:
        booster = train(contexts, labels, names2, args.stage2_trees, args.stage2_leaves)
        stages.append(export_forest(booster, names2))
    document = {
        "format": classify_mod.MODEL_FORMAT,
        "version": args.version,
        "feature_version": features.FEATURE_VERSION,
        "feature_names": list(names1),
        "context_names": list(names2),
        "threshold": threshold,
        "cv": {
            "folds": args.folds,
            "grouping": "site",
            "pages": len(data),
            "precision": round(scores.precision, 4),
            "recall": round(scores.recall, 4),
            "f1": round(scores.f1, 4),
            "f1_without_teaser_rule": round(plain.f1, 4),
            "oracle_f1": round(oracle.f1, 4),
            "trees": [args.trees, args.stage2_trees],
            "leaves": [args.leaves, args.stage2_leaves],
        },
        "stages": stages,
    }
    MODEL_PATH.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
