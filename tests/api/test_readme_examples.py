"""The README's request examples show what the app answers now (``make readme`` rewrites them)."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from article_normalizer.api.app import NormalizerApp
from tests.readme_examples import README, generate, load_examples, readme_blocks


@pytest.fixture(scope="module")
def current(client: TestClient[NormalizerApp]) -> dict[str, str]:
    return generate(client)


def test_every_example_has_one_block_in_the_readme() -> None:
    names = [name for name, _ in readme_blocks(README.read_text(encoding="utf-8"))]
    assert sorted(names) == sorted(example.name for example in load_examples())
    assert len(names) == len(set(names))


@pytest.mark.parametrize("name", [example.name for example in load_examples()])
def test_readme_block_is_what_the_app_answers(name: str, current: dict[str, str]) -> None:
    shown = dict(readme_blocks(README.read_text(encoding="utf-8")))[name]
    assert shown == current[name], f"README example {name} is stale: run `make readme`"
