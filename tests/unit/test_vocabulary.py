"""The answer's closed vocabularies: typed once, described once, listed whole in the spec."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest

from article_normalizer.api.contract import encoded_always, enum_schemas
from article_normalizer.normalize import normalize
from article_normalizer.normalize.models import (
    BLOCK_KINDS,
    ISO_STAMP_PATTERN,
    WARNING_CODES,
    Article,
    RawDocument,
)
from article_normalizer.rules.vocabulary import block_kind_descriptions, warning_descriptions
from article_normalizer.serving import problems

_SERVICE = Path(__file__).resolve().parents[2] / "article_normalizer"


def test_every_kind_and_warning_is_described_exactly_once() -> None:
    assert list(block_kind_descriptions()) == list(BLOCK_KINDS)
    assert sorted(warning_descriptions()) == sorted(WARNING_CODES)
    for text in [*block_kind_descriptions().values(), *warning_descriptions().values()]:
        assert text.strip() and "\n" not in text


def test_every_warning_code_in_the_source_is_in_the_enum() -> None:
    # mypy checks every list the codes go through; this catches a code written where the
    # typed lists do not reach (a plain string that happens to look like one).
    written = set()
    for path in _SERVICE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        written |= set(re.findall(r"warnings\.append\(\s*\"([a-z_]+)\"", source))
    assert written, "the scan found no warning codes at all"
    assert written <= set(WARNING_CODES)


def test_every_problem_kind_is_registered_and_described() -> None:
    defined = {
        value.code for value in vars(problems).values() if isinstance(value, problems.ProblemKind)
    }
    registered = [kind.code for kind in problems.PROBLEM_KINDS]
    assert len(registered) == len(set(registered))
    assert defined == set(registered)
    assert all(kind.description for kind in problems.PROBLEM_KINDS)


def test_enum_schemas_list_every_value_with_its_description() -> None:
    schemas = enum_schemas()
    assert schemas["BlockKind"]["enum"] == list(BLOCK_KINDS)
    assert schemas["WarningCode"]["enum"] == list(WARNING_CODES)
    assert schemas["ProblemType"]["enum"] == [k.type for k in problems.PROBLEM_KINDS]
    for schema in schemas.values():
        assert len(schema["x-enum-descriptions"]) == len(schema["enum"])
        for value in schema["enum"]:
            assert f"- `{value}`: " in schema["description"]


def test_an_article_writes_every_field_even_when_empty() -> None:
    article = Article()
    assert set(msgspec.json.decode(msgspec.json.encode(article))) == set(encoded_always(Article))
    assert len(encoded_always(Article)) == len(msgspec.structs.fields(Article))


@pytest.mark.parametrize(
    ("stamp", "shape"),
    [
        ("August 7, 2023", "2023-08-07"),
        ("August 7, 2023 9:26 PM", "2023-08-07T21:26:00"),
        ("August 7, 2023 9:26 PM GMT+1", "2023-08-07T21:26:00+01:00"),
        ("3 hours ago", "2023-08-08T07:00:00+00:00"),
    ],
)
def test_published_takes_one_of_the_documented_shapes(stamp: str, shape: str) -> None:
    text = (
        "Harbour expansion approved by the port authority\n\n"
        f"Published {stamp}\n\n"
        "LISBON - The port authority on Monday approved a plan to expand the city harbour, "
        "adding two container berths by 2026, officials said on Monday.\n\n"
        "The project will be financed by a mix of public funds and private investment."
    )
    article = normalize(RawDocument(text=text), now=datetime(2023, 8, 8, 10, 0, tzinfo=UTC))
    assert article.published == shape
    assert re.match(ISO_STAMP_PATTERN, article.published)


@pytest.mark.corpus
def test_dev_pages_stamps_take_the_documented_shapes() -> None:
    """Text and HTML of dev pages: every published/modified value fits the spec's pattern."""
    from bench.corpus import load_dev
    from tests.conftest import CORPUS, SHARED

    if not (CORPUS / "dev.jsonl.gz").is_file():
        pytest.skip("../shared/corpus/dev.jsonl.gz is not present")
    stamps = []
    for page in load_dev(SHARED, limit=40, with_html=True):
        docs = [RawDocument(text=page.text)]
        if page.html:
            docs.append(RawDocument(html=page.html))
        for doc in docs:
            article = normalize(doc, now=datetime(2026, 1, 1, tzinfo=UTC))
            stamps += [s for s in (article.published, article.modified) if s is not None]
    assert len(stamps) >= 20, "too few stamps on the sample to say anything"
    assert [s for s in stamps if not re.match(ISO_STAMP_PATTERN, s)] == []
