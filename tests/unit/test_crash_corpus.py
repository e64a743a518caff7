"""A seeded sample of both dev corpora, in every input form, normalizes without a crash.

``make crash-test`` runs every page (``bench.crash``); this is the sample that runs with the
suite. Skipped when ../shared is absent.
"""

from __future__ import annotations

import random

import pytest

from bench.crash import FORMS, crash_test, mangle, summary
from tests.conftest import CORPUS, SHARED

pytestmark = pytest.mark.corpus

SAMPLE = 60
"""Pages per corpus: 480 documents, about 25 s on two cores."""


def test_sampled_pages_in_every_form_never_crash() -> None:
    if not ((CORPUS / "dev.jsonl.gz").is_file() and (CORPUS / "multidev.jsonl.xz").is_file()):
        pytest.skip("../shared/corpus is not present")
    outcomes = crash_test(SHARED, sample=SAMPLE, jobs=2, seed=0)
    assert {o.form for o in outcomes} == set(FORMS)
    assert len(outcomes) >= 2 * SAMPLE * len(FORMS) - 20  # a page may lack HTML
    assert not [o for o in outcomes if o.crash], summary(outcomes, 0.0)


def test_mangling_is_repeatable_and_keeps_a_prefix_of_the_words() -> None:
    text = "\n".join(f"Line {i} of a page, with some words." for i in range(200))
    first = mangle(text, random.Random("0:dev:page-1"))
    assert first == mangle(text, random.Random("0:dev:page-1"))
    assert first != mangle(text, random.Random("0:dev:page-2"))
    assert len(first) <= len(text)
    assert text.replace("\n", " ").startswith(first.replace("\n", " ")[:20])
