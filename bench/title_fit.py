"""Fit the headline finder's evidence weights
(``article_normalizer.normalize.fields.title.WEIGHTS``).

Every headline-shaped candidate line of every dev page gets the features the title stage
computes; the line equal to ``gt_extra.title_human`` (after the corpus README's normalisation)
is the positive. A conditional-logit model (softmax over one page's candidates, L2-penalised)
is fitted by gradient descent. Pages enter twice: with the truth's body decisions and with the
pipeline's classifier, so the weights do not lean on one classifier's quirks. Reported:
top-1 exact accuracy in 5-fold cross-validation grouped by site, then the weights fitted on
everything, printed as the ``[weights]`` table of ``rules/data/title_weights.toml``.

With ``--pipeline-cv`` it also measures what the issue asks of any figure a dev-trained part
feeds: the whole pipeline's exact-title score on each fold's held-out sites, with weights fitted
on the other folds' sites only (text mode, url hint, the README's normalisation).

Usage: ``python -m bench.title_fit --shared ../shared [--every 2] [--pipeline-cv]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from article_normalizer.normalize.fields.outlet import site_names_of
from article_normalizer.normalize.fields.title import WEIGHTS, _story_start, candidate_features
from article_normalizer.normalize.language import detect_language
from article_normalizer.normalize.lines import blocks as blocks_mod
from article_normalizer.normalize.lines.classify import classify
from article_normalizer.normalize.page import Page
from article_normalizer.normalize.urls import host_and_domain
from article_normalizer.rules import profile
from bench.fields import _oracle_classifier, load, norm_title

Group = tuple[np.ndarray, np.ndarray, str]
"""(features of a page's candidates, which of them read as the headline, site)."""


def collect(rows: list[dict[str, Any]]) -> tuple[list[Group], list[str]]:
    from datetime import UTC, datetime

    groups: list[Group] = []
    names: list[str] = []
    for row in rows:
        human = (row.get("gt_extra") or {}).get("title_human")
        if not human:
            continue
        blocks, _ = blocks_mod.split_blocks(row["text_inscriptis"])
        lang = detect_language(blocks)
        site = _site(row)
        for decide in (_oracle_classifier(row["gt"]["body"]), classify):
            page = Page(
                blocks=blocks,
                decisions=decide(blocks, profile(lang)),
                language=lang,
                profile=profile(lang),
                reference_time=datetime(2024, 1, 1, tzinfo=UTC),
                url=row.get("url"),
            )
            sites = site_names_of(page)
            found = candidate_features(page, _story_start(page), sites)
            if not found:
                groups.append((np.zeros((0, 0)), np.zeros(0, dtype=bool), site))
                continue
            for _, _, features in found:
                for key in features:
                    if key not in names:
                        names.append(key)
            matrix = np.array([[f.get(k, 0.0) for k in names] for _, _, f in found])
            target = norm_title(human)
            labels = np.array([norm_title(t) == target for _, t, _ in found])
            groups.append((matrix, labels, site))
    width = len(names)
    padded = [
        (np.pad(m, ((0, 0), (0, width - m.shape[1]))) if m.size else np.zeros((0, width)), y, s)
        for m, y, s in groups
    ]
    return padded, names


def fit(groups: list[Group], width: int, l2: float = 0.01, steps: int = 600) -> np.ndarray:
    usable = [(m, y) for m, y, _ in groups if y.any() and not y.all()]
    w = np.zeros(width)
    m1 = np.zeros(width)
    m2 = np.zeros(width)
    rate, beta1, beta2 = 0.05, 0.9, 0.999
    for step in range(1, steps + 1):
        grad = 2 * l2 * w
        for matrix, label in usable:
            scores = matrix @ w
            scores -= scores.max()
            probs = np.exp(scores)
            probs /= probs.sum()
            # Several lines may read as the headline (it is often printed twice): the
            # likelihood is that of picking any of them.
            good = probs * label
            grad += (probs @ matrix - (good / good.sum()) @ matrix) / len(usable)
        m1 = beta1 * m1 + (1 - beta1) * grad
        m2 = beta2 * m2 + (1 - beta2) * grad**2
        w -= rate * (m1 / (1 - beta1**step)) / (np.sqrt(m2 / (1 - beta2**step)) + 1e-8)
    return w


def _site(row: dict[str, Any]) -> str:
    return host_and_domain(row.get("url"))[1] or str(row["id"])


def pipeline_titles(rows: list[dict[str, Any]], fitted: dict[str, float]) -> tuple[int, int]:
    """Exact titles of the whole pipeline on ``rows`` with ``fitted`` weights in force."""
    from datetime import UTC, datetime

    from article_normalizer.normalize import RawDocument, normalize
    from bench.scoring import title_exact

    saved = dict(WEIGHTS)
    WEIGHTS.update({k: float(v) for k, v in fitted.items()})
    try:
        hits = pages = 0
        for row in rows:
            human = (row.get("gt_extra") or {}).get("title_human")
            if not human:
                continue
            doc = RawDocument(text=row["text_inscriptis"], url=row.get("url"))
            article = normalize(doc, now=datetime(2024, 1, 1, tzinfo=UTC))
            hits += title_exact(article.title, human)
            pages += 1
        return hits, pages
    finally:
        WEIGHTS.clear()
        WEIGHTS.update(saved)


def accuracy(groups: list[Group], w: np.ndarray) -> float:
    hits = sum(1 for m, y, _ in groups if y.any() and y[int(np.argmax(m @ w))])
    return hits / len(groups) if groups else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--write", type=Path, help="write the fitted weights here as JSON")
    parser.add_argument(
        "--pipeline-cv",
        action="store_true",
        help="also score the whole pipeline's titles on held-out sites, per fold",
    )
    args = parser.parse_args(argv)
    rows = load(args.shared)[:: args.every]
    groups, names = collect(rows)
    ceiling = sum(1 for _, y, _ in groups if y.any()) / len(groups)
    print(f"pages x classifiers: {len(groups)}  headline among candidates: {ceiling:.3f}")
    current = np.array([WEIGHTS.get(n, 0.0) for n in names])
    print(f"current WEIGHTS top-1 exact: {accuracy(groups, current):.3f}")
    sites = sorted({s for _, _, s in groups})
    fold_of = {s: n % args.folds for n, s in enumerate(sites)}
    scores = []
    held_out_hits = held_out_pages = 0
    for fold in range(args.folds):
        train = [g for g in groups if fold_of[g[2]] != fold]
        test = [g for g in groups if fold_of[g[2]] == fold]
        weights = fit(train, len(names))
        scores.append(accuracy(test, weights))
        if args.pipeline_cv:
            test_rows = [r for r in rows if fold_of.get(_site(r)) == fold]
            hits, pages = pipeline_titles(test_rows, dict(zip(names, weights, strict=True)))
            held_out_hits += hits
            held_out_pages += pages
    print(f"cross-validated top-1 exact: {np.mean(scores):.3f} (folds {np.round(scores, 3)})")
    if args.pipeline_cv:
        rate = held_out_hits / held_out_pages if held_out_pages else 0.0
        print(
            f"pipeline title exact on held-out sites (url hint): {rate:.4f} "
            f"({held_out_hits}/{held_out_pages})"
        )
        hits, pages = pipeline_titles(rows, dict(WEIGHTS))
        print(f"the same pages with the shipped weights: {hits / pages:.4f} ({hits}/{pages})")
    w = fit(groups, len(names))
    print(f"fitted on all: {accuracy(groups, w):.3f}")
    print("[weights]")
    for name, value in zip(names, w, strict=True):
        print(f"{name} = {value:.2f}")
    if args.write:
        args.write.write_text(json.dumps(dict(zip(names, np.round(w, 2).tolist(), strict=True))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
