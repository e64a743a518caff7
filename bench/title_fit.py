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

With ``--renderings inscriptis,innertext`` each page enters once per rendering of its text: the
HTML-to-text one (``text_inscriptis``) and the browser's ``innerText`` cached by
``bench.render_browser`` (pages it has no rendering of enter once). A page's renderings share
its site, hence its fold; the held-out scores are printed per rendering.

Usage: ``python -m bench.title_fit --shared ../shared [--every 2] [--pipeline-cv]
[--renderings inscriptis,innertext]``.
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
from bench.fields import _oracle_classifier, load
from bench.scoring import norm_title

Group = tuple[np.ndarray, np.ndarray, str]
"""(features of a page's candidates, which of them read as the headline, site)."""
TEXT_FIELD = {"inscriptis": "text_inscriptis", "innertext": "text_innertext"}
"""The row field each rendering's text is read from (``innertext`` added by :func:`load_rows`)."""


def load_rows(shared: Path, renderings: list[str]) -> list[dict[str, Any]]:
    """The dev rows, each with its browser ``innerText`` where it is asked for and cached."""
    rows = load(shared)
    if "innertext" in renderings:
        from bench.render_browser import renderings as cached

        texts = cached(shared, "dev") or {}
        if not texts:
            print("no innerText renderings cached (python -m bench.render_browser)")
        for row in rows:
            row["text_innertext"] = texts.get(row["id"])
    return rows


def texts_of(row: dict[str, Any], renderings: list[str]) -> list[tuple[str, str]]:
    """``(rendering, text)`` of each asked-for rendering the row has."""
    return [(r, row[TEXT_FIELD[r]]) for r in renderings if row.get(TEXT_FIELD[r])]


def collect(
    rows: list[dict[str, Any]],
    renderings: list[str] | None = None,
    tags: list[str] | None = None,
) -> tuple[list[Group], list[str]]:
    """Every page's candidates; ``tags`` (if given) receives each group's rendering."""
    groups: list[Group] = []
    names: list[str] = []
    for row in rows:
        human = (row.get("gt_extra") or {}).get("title_human")
        if not human:
            continue
        for rendering, text in texts_of(row, renderings or ["inscriptis"]):
            before = len(groups)
            _collect_page(row, text, human, groups, names)
            if tags is not None:
                tags.extend([rendering] * (len(groups) - before))
    width = len(names)
    padded = [
        (np.pad(m, ((0, 0), (0, width - m.shape[1]))) if m.size else np.zeros((0, width)), y, s)
        for m, y, s in groups
    ]
    return padded, names


def _collect_page(
    row: dict[str, Any], text: str, human: str, groups: list[Group], names: list[str]
) -> None:
    from datetime import UTC, datetime

    blocks, _ = blocks_mod.split_blocks(text)
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
        for *_, features in found:
            for key in features:
                if key not in names:
                    names.append(key)
        matrix = np.array([[f.get(k, 0.0) for k in names] for *_, f in found])
        target = norm_title(human)
        labels = np.array([norm_title(c[1]) == target for c in found])
        groups.append((matrix, labels, site))


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


def pipeline_titles(
    rows: list[dict[str, Any]], fitted: dict[str, float], rendering: str = "inscriptis"
) -> tuple[int, int]:
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
            if not human or not row.get(TEXT_FIELD[rendering]):
                continue
            doc = RawDocument(text=row[TEXT_FIELD[rendering]], url=row.get("url"))
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
    parser.add_argument(
        "--renderings",
        default="inscriptis",
        help="comma list of the page texts to fit on: inscriptis, innertext",
    )
    args = parser.parse_args(argv)
    renderings = [r for r in args.renderings.split(",") if r]
    if set(renderings) - set(TEXT_FIELD):
        parser.error(f"unknown renderings {sorted(set(renderings) - set(TEXT_FIELD))}")
    rows = load_rows(args.shared, renderings)[:: args.every]
    tags: list[str] = []
    groups, names = collect(rows, renderings, tags)
    ceiling = sum(1 for _, y, _ in groups if y.any()) / len(groups)
    print(f"pages x classifiers: {len(groups)}  headline among candidates: {ceiling:.3f}")
    current = np.array([WEIGHTS.get(n, 0.0) for n in names])
    print(f"current WEIGHTS top-1 exact: {accuracy(groups, current):.3f}")
    sites = sorted({s for _, _, s in groups})
    fold_of = {s: n % args.folds for n, s in enumerate(sites)}
    scores = []
    held_out = {r: [0, 0] for r in renderings}
    top1 = {r: [0, 0] for r in renderings}
    for fold in range(args.folds):
        train = [g for g in groups if fold_of[g[2]] != fold]
        test = [g for g in groups if fold_of[g[2]] == fold]
        weights = fit(train, len(names))
        scores.append(accuracy(test, weights))
        for rendering in renderings:
            part = [g for g, t in zip(groups, tags, strict=True) if t == rendering]
            part = [g for g in part if fold_of[g[2]] == fold]
            top1[rendering][0] += round(accuracy(part, weights) * len(part))
            top1[rendering][1] += len(part)
        if args.pipeline_cv:
            test_rows = [r for r in rows if fold_of.get(_site(r)) == fold]
            fitted = dict(zip(names, weights, strict=True))
            for rendering in renderings:
                hits, pages = pipeline_titles(test_rows, fitted, rendering)
                held_out[rendering][0] += hits
                held_out[rendering][1] += pages
    print(f"cross-validated top-1 exact: {np.mean(scores):.3f} (folds {np.round(scores, 3)})")
    for rendering, (hits, total) in top1.items():
        shipped = [g for g, t in zip(groups, tags, strict=True) if t == rendering]
        print(
            f"  {rendering}: cross-validated top-1 {hits / max(total, 1):.3f} of {total}, "
            f"current WEIGHTS {accuracy(shipped, current):.3f}"
        )
    if args.pipeline_cv:
        for rendering, (hits, pages) in held_out.items():
            rate = hits / pages if pages else 0.0
            print(
                f"pipeline title exact on held-out sites, {rendering} (url hint): {rate:.4f} "
                f"({hits}/{pages})"
            )
            hits, pages = pipeline_titles(rows, dict(WEIGHTS), rendering)
            print(
                f"the same pages with the shipped weights, {rendering}: "
                f"{hits / pages:.4f} ({hits}/{pages})"
            )
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
