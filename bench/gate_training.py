"""What the three page gates' training scripts share: folds by site, and the policy table.

Each gate (text mode's page threshold, HTML mode's trust in the extraction and its choice of
reading) chooses per page between two policies whose body counts are known for every training
page; it is cross-validated with the line model's folds by site, and judged by the body F1 of
each policy alone and of its choices, per corpus, source and language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from bench.corpus import fold_of
from bench.scoring import BodyCounts, body_scores

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
