"""Regression gate: body F1 on fixed subsamples of both dev corpora, text and HTML mode.

Reads ``../shared/corpus`` at test time (skipped when absent). The floors are the out-of-sample
figures of ``bench/baselines/quality_gate.toml`` (written by ``python -m bench.quality_gate
--write``) less a small margin; the gate measures with the shipped model, which saw these
pages, so it fails on a real regression, not on the gap between in-sample and unseen sites.
A corpus whose digest the baseline does not know is skipped with the command to run.
"""

from __future__ import annotations

import pytest

from bench.quality_gate import GATES, Gate, body_f1, floors, gate_pages
from tests.conftest import CORPUS, SHARED

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def gate_floors() -> dict[str, float]:
    if not (CORPUS / "dev.jsonl.gz").is_file() or not (CORPUS / "multidev.jsonl.xz").is_file():
        pytest.skip("../shared/corpus is not present")
    return floors(SHARED)


@pytest.mark.parametrize("gate", GATES, ids=lambda gate: gate.key)
def test_body_f1_stays_above_its_out_of_sample_floor(
    gate: Gate, gate_floors: dict[str, float]
) -> None:
    floor = gate_floors.get(gate.key)
    if floor is None:
        pytest.skip(
            f"no baseline for this {gate.corpus} corpus: run python -m bench.quality_gate "
            "--write --fold-models DIR"
        )
    f1 = body_f1(gate_pages(SHARED, gate.corpus), gate.mode)
    assert f1 >= floor, f"{gate.key}: body F1 {f1:.3f} under its floor {floor:.3f}"


def test_every_gate_has_a_baseline_for_the_shipped_corpora(gate_floors: dict[str, float]) -> None:
    assert sorted(gate_floors) == sorted(gate.key for gate in GATES)
