"""What the three page gates' training scripts share: the command line, the regression forest,
the gate file, folds by site, the policy table, and the export.

Each gate (text mode's page threshold, HTML mode's trust in the extraction and its choice of
reading) chooses per page between two policies whose body counts are known for every training
page; it is cross-validated with the line model's folds by site, and judged by the body F1 of
each policy alone and of its choices, per corpus, source and language.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from article_normalizer.normalize.lines.forest import GateSpec
from bench.corpus import DevPage, fold_of, load_dev, load_multidev
from bench.scoring import BodyCounts, body_scores
from bench.train_classifier import _rounded, export_forest, provenance

MIN_LANGUAGE_PAGES = 40
"""A multidev language gets its own row from this many pages."""


class GatePage(Protocol):
    @property
    def group(self) -> str:
        """``corpus/source``."""
        ...

    @property
    def language(self) -> str | None: ...

    @property
    def site(self) -> str: ...


Page = TypeVar("Page", bound=GatePage)
Prepared = TypeVar("Prepared")


def arguments(description: str, fold_gate_file: str) -> argparse.ArgumentParser:
    """The options every gate script takes; ``fold_gate_file`` names its fold gates' files."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--shared", type=Path, required=True)
    parser.add_argument("--fold-models", type=Path, required=True)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--trees", type=int, default=200)
    parser.add_argument("--leaves", type=int, default=7)
    parser.add_argument("--version", default="1")
    parser.add_argument("--fold-gates", action="store_true", help=f"write {fold_gate_file} too")
    parser.add_argument("--no-export", action="store_true")
    return parser


def parse(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """The parsed options, once ``--fold-models`` is known to hold a model for every fold."""
    args = parser.parse_args(argv)
    available = len(list(args.fold_models.glob("fold*.json")))
    if available != args.folds:
        parser.error(
            f"{args.fold_models} holds {available} fold models, not {args.folds}: "
            "run bench.train_classifier --fold-models first (make bench-cv)"
        )
    return args


def html_pages(
    shared: Path,
    fold_models: Path,
    folds: int,
    processes: int,
    every: int,
    prepare: Callable[[tuple[DevPage, Path]], Prepared | None],
) -> list[Prepared]:
    """``prepare`` over every full-truth page of both corpora with HTML and its fold's line
    model (every ``every``-th page), in ``processes`` processes; the pages it answers None for
    are left out."""
    pages = [
        page
        for loader in (load_dev, load_multidev)
        for page in loader(shared, with_html=True)
        if page.gt_kind == "full" and page.html and page.truth.strip()
    ][::every]
    items = [(page, fold_models / f"fold{fold_of(page.site, folds)}.json") for page in pages]
    started = time.perf_counter()
    with ProcessPoolExecutor(processes) as pool:
        prepared = list(pool.map(prepare, items, chunksize=8))
    print(f"{len(pages)} pages read in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return [p for p in prepared if p is not None]


def params(leaves: int, seed: int = 7) -> dict[str, Any]:
    return {
        "objective": "regression",
        "learning_rate": 0.05,
        "num_leaves": leaves,
        "min_data_in_leaf": 20,
        "num_threads": 1,
        "verbose": -1,
        "seed": seed,
        "data_random_seed": seed,
        "deterministic": True,
        "force_row_wise": True,
    }


def fit(
    figures: Iterable[npt.NDArray[np.float32]],
    gains: Iterable[float],
    spec: GateSpec,
    trees: int,
    leaves: int,
) -> dict[str, Any]:
    """One regression forest of per-page gains over their figures, exported as the arrays the
    gate of ``spec`` reads (deterministic: one thread, pinned seeds)."""
    import lightgbm as lgb

    dataset = lgb.Dataset(
        np.vstack(list(figures)),
        label=np.array(list(gains)),
        feature_name=list(spec.feature_names),
        free_raw_data=True,
    )
    booster = lgb.train(params(leaves), dataset, num_boost_round=trees)
    return export_forest(booster, spec.feature_names)


def gate_file(
    spec: GateSpec,
    version: str,
    settings: dict[str, Any],
    forest: dict[str, Any],
    extra: dict[str, Any],
) -> dict[str, Any]:
    """A gate file: ``spec``'s header, the gate's own ``settings`` (its threshold or margin),
    the forest, then ``extra`` (figures and provenance)."""
    return {
        "format": spec.format,
        "version": version,
        "feature_version": spec.feature_version,
        "feature_names": list(spec.feature_names),
        **settings,
        "forest": forest,
        **extra,
    }


def write_json(path: Path, document: dict[str, Any]) -> None:
    """A fitted file as compact JSON, floats at their shortest round trip."""
    path.write_text(json.dumps(_rounded(document), separators=(",", ":")) + "\n", encoding="utf-8")


def export_extra(
    args: argparse.Namespace, pages: int, rows: dict[str, dict[str, float]], code: Sequence[str]
) -> dict[str, Any]:
    """What the shipped gate file records besides its forest: its data, out-of-fold figures,
    training parameters and provenance."""
    return {
        "trained_on": {"pages": pages, "folds": args.folds},
        "cv_body_f1": {name: _rounded(row) for name, row in rows.items()},
        "params": {"trees": args.trees, **params(args.leaves)},
        "provenance": provenance(args.shared, ("dev", "multidev"), code),
    }


def cross_validate(
    data: Sequence[Page],
    folds: int,
    fit: Callable[[Sequence[Page]], dict[str, Any]],
    gate: Callable[[dict[str, Any], int], Callable[[Page], bool]],
) -> tuple[list[bool], list[dict[str, Any]]]:
    """Per page, the choice of its fold's gate (fitted without its site), and each fold's forest.

    ``fit`` exports a forest for a set of pages; ``gate(forest, fold)`` is that fold's gate, the
    verdict it gives a page.
    """
    fold_ids = [fold_of(d.site, folds) for d in data]
    choices = [False] * len(data)
    forests = []
    for fold in range(folds):
        forest = fit([d for d, f in zip(data, fold_ids, strict=True) if f != fold])
        forests.append(forest)
        verdict = gate(forest, fold)
        for i, f in enumerate(fold_ids):
            if f == fold:
                choices[i] = verdict(data[i])
    return choices, forests


def report_groups(data: Sequence[GatePage]) -> dict[str, list[int]]:
    """Row name -> page indexes: corpora, then sources, then multidev languages, each sorted."""
    groups: dict[str, list[int]] = defaultdict(list)
    languages: dict[str, int] = defaultdict(int)
    for d in data:
        if d.group.startswith("multidev/"):
            languages[d.language or "?"] += 1
    for i, d in enumerate(data):
        corpus = d.group.split("/")[0]
        groups[corpus].append(i)
        groups[d.group].append(i)
        if corpus == "multidev" and languages[d.language or "?"] >= MIN_LANGUAGE_PAGES:
            groups[f"multidev lang={d.language}"].append(i)
    ordered = sorted(groups, key=lambda g: (g.count("/") + g.count("="), g))
    return {name: groups[name] for name in ordered}


def policy_table(
    data: Sequence[Page],
    choices: Sequence[bool],
    base: Callable[[Page], BodyCounts],
    chosen: Callable[[Page], BodyCounts],
    keys: tuple[str, str],
    labels: tuple[str, str, str],
) -> dict[str, dict[str, float]]:
    """Print and return body F1 per row: the ``base`` policy, the ``chosen`` one everywhere, and
    the gate's choices; ``keys`` name the two policies in the returned rows, ``labels`` head the
    printed columns (the two policies and the share of pages choosing the second)."""
    rows: dict[str, dict[str, float]] = {}
    print(f"{'group':28} {'pages':>5} {labels[0]:>7} {labels[1]:>7} {'gated':>7} {labels[2]:>6}")
    for name, members in report_groups(data).items():
        first = body_scores(base(data[i]) for i in members).f1
        second = body_scores(chosen(data[i]) for i in members).f1
        gated = body_scores(chosen(data[i]) if choices[i] else base(data[i]) for i in members).f1
        share = sum(choices[i] for i in members) / len(members)
        rows[name] = {"pages": len(members), keys[0]: first, keys[1]: second, "gated": gated}
        print(f"{name:28} {len(members):5d} {first:7.3f} {second:7.3f} {gated:7.3f} {share:6.1%}")
    return rows
