"""The Python API: one document, many documents in order, limits, budgets and pickling."""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime

import pytest

import article_normalizer
from article_normalizer import (
    AmbiguousInputError,
    Article,
    DocumentTooLargeError,
    EmptyDocumentError,
    InvalidDocumentError,
    Normalizer,
    Problem,
    RawDocument,
    Source,
    Unreadable,
)
from article_normalizer.library import problem_for

NOW = datetime(2024, 1, 3, 12, 0, tzinfo=UTC)
ARTICLE = (
    "World\n\nLighthouse keeper's cottage reopens to visitors\n\nBy Ana Ruiz\n\n"
    "PORTO (Reuters) - The restored cottage beside the old lighthouse opened to visitors on "
    "Saturday after two years of work by volunteers, who rebuilt its roof by hand.\n\n"
    "The volunteers plan to restore the keeper's boat next, the trust said in a statement.\n\n"
    "Share this article\n"
)
PAGE = (
    "<!DOCTYPE html><html lang='en'><head><title>Ferry fares frozen | Bay Post</title></head>"
    "<body><nav>Home News Sport</nav><article><h1>Ferry fares frozen for the winter</h1>"
    "<p>The ferry operator said on Tuesday that fares would not rise this winter, after a year "
    "in which passenger numbers grew by a fifth.</p></article></body></html>"
)
SLOW = "<html><body>" + "<p>A short paragraph here.</p>" * 200_000 + "</body></html>"
"""Several seconds of parsing: longer than the budgets used here."""


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer()


@pytest.fixture(scope="module")
def budgeted() -> Iterator[Normalizer]:
    with Normalizer(time_budget_s=1.0, processes=2, start_method="fork") as pooled:
        pooled.warm_up()
        yield pooled


def test_the_package_exports_the_api() -> None:
    for name in article_normalizer.__all__:
        assert hasattr(article_normalizer, name), name


@pytest.mark.parametrize(
    "doc",
    [
        {"text": ARTICLE, "id": "a"},
        RawDocument(text=ARTICLE, id="a"),
        Source(content=ARTICLE.encode(), id="a", name="page.txt"),
        Source(content=ARTICLE, id="a", kind="text"),
        Source(content=json.dumps({"text": ARTICLE, "id": "a"}).encode(), kind="json"),
    ],
    ids=["mapping", "raw_document", "bytes_source", "str_source", "json_source"],
)
def test_one_document_in_any_form_gives_one_article(normalizer: Normalizer, doc: object) -> None:
    article = normalizer.normalize(doc, now=NOW)  # type: ignore[arg-type]
    assert isinstance(article, Article)
    assert article.id == "a"
    assert article.title == "Lighthouse keeper's cottage reopens to visitors"
    assert "rebuilt its roof by hand" in article.body
    assert "Share this article" not in article.body


def test_a_bare_page_is_read_as_html_or_text_by_its_markup(normalizer: Normalizer) -> None:
    assert normalizer.normalize(PAGE, now=NOW).title == "Ferry fares frozen for the winter"
    assert "grew by a fifth" in normalizer.normalize(PAGE.encode(), now=NOW).body
    as_text = Normalizer(kind="text").normalize(PAGE, now=NOW)
    assert "<p>" in as_text.body or "<p>" in "".join(r.text for r in as_text.removed)


def test_bytes_are_decoded_with_the_charset_and_replacements_are_warned(
    normalizer: Normalizer,
) -> None:
    latin = ARTICLE.replace("PORTO", "PORTO – São João").encode("utf-8")
    article = normalizer.normalize(Source(content=latin + b"\xff\n", kind="text", charset="utf-8"))
    assert "invalid_bytes_replaced" in article.warnings
    with pytest.raises(InvalidDocumentError) as caught:
        normalizer.normalize(Source(content=b"x", kind="text", charset="no-such-charset"))
    assert problem_for(caught.value).status == 415


def test_the_language_hint_applies_to_documents_without_their_own() -> None:
    hinted = Normalizer(language="pt")
    assert hinted.normalize({"text": ARTICLE}, now=NOW).language == "pt"
    assert hinted.normalize({"text": ARTICLE, "language": "en"}, now=NOW).language == "en"


@pytest.mark.parametrize(
    ("doc", "error", "status"),
    [
        ({"text": "   \n"}, EmptyDocumentError, 422),
        ({"text": "a", "html": "<p>a</p>"}, AmbiguousInputError, 422),
        ({}, AmbiguousInputError, 422),
        ({"text": 3}, InvalidDocumentError, 400),
        ({"text": "a", "colour": "red"}, InvalidDocumentError, 400),
        ({"text": "a", "language": "English"}, InvalidDocumentError, 400),
        ({"text": "a", "reference_time": "1066-10-14T09:00:00Z"}, InvalidDocumentError, 400),
        (Source(content=b"{broken", kind="json"), InvalidDocumentError, 400),
    ],
)
def test_bad_documents_raise_the_error_tree_with_the_api_problem(
    normalizer: Normalizer, doc: object, error: type[Exception], status: int
) -> None:
    with pytest.raises(error) as caught:
        normalizer.normalize(doc, now=NOW)  # type: ignore[arg-type]
    assert problem_for(caught.value).status == status  # type: ignore[arg-type]


def test_the_size_limits_refuse_a_document_before_normalizing_it() -> None:
    small = Normalizer(max_document_chars=100, max_document_bytes=200)
    with pytest.raises(DocumentTooLargeError) as caught:
        small.normalize({"text": ARTICLE})
    assert problem_for(caught.value).status == 413
    with pytest.raises(DocumentTooLargeError):
        small.normalize(Source(content=ARTICLE.encode(), kind="text"))


def test_the_line_limit_is_reported_in_the_article() -> None:
    article = Normalizer(max_lines=3).normalize({"text": ARTICLE}, now=NOW)
    assert "body_may_be_truncated" in article.warnings


def test_many_documents_give_one_entry_each_in_order(normalizer: Normalizer) -> None:
    gone = Problem(
        type="urn:article-normalizer:problem:not_found",
        title="No such resource",
        status=404,
        detail="no such file",
    )
    docs = [
        {"text": ARTICLE, "id": "a"},
        {"text": ""},
        PAGE,
        {"text": 3, "id": "typed"},
        Unreadable(id="missing.html", problem=gone),
        Source(content=b'{"id": "j", "text": 5}', kind="json"),
    ]
    entries = list(normalizer.normalize_many(docs, now=NOW))
    assert [e.index for e in entries] == list(range(len(docs)))
    assert [e.ok for e in entries] == [True, False, True, False, False, False]
    assert [e.id for e in entries] == ["a", None, None, "typed", "missing.html", "j"]
    assert entries[1].error is not None and entries[1].error.type.endswith(":empty_document")
    assert entries[3].error is not None and entries[3].error.field == "$.text"
    assert entries[4].error == gone


def test_a_pipeline_bug_fails_its_document_only(
    normalizer: Normalizer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from article_normalizer import library

    real = library.normalize

    def flaky(doc: RawDocument, **kwargs: object) -> Article:
        if doc.id == "bad":
            raise KeyError("internal detail")
        return real(doc, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(library, "normalize", flaky)
    docs = [{"text": ARTICLE, "id": "bad"}, {"text": ARTICLE, "id": "good"}]
    entries = list(normalizer.normalize_many(docs, now=NOW))
    assert [e.ok for e in entries] == [False, True]
    assert entries[0].error is not None and entries[0].error.type.endswith(":worker_crashed")
    assert "internal detail" not in entries[0].error.detail


def test_parallel_documents_come_back_in_input_order(budgeted: Normalizer) -> None:
    docs: list[object] = []
    for i in range(24):
        docs.append({"text": ARTICLE, "id": f"t{i}"} if i % 3 else {"html": PAGE, "id": f"h{i}"})
    docs[5] = {"text": "", "id": "empty"}
    entries = list(budgeted.normalize_many(docs, now=NOW))  # type: ignore[arg-type]
    assert [e.index for e in entries] == list(range(24))
    assert [e.id for e in entries] == [d["id"] for d in docs]  # type: ignore[index]
    assert sum(not e.ok for e in entries) == 1 and not entries[5].ok


def test_a_document_over_its_budget_times_out_and_the_rest_go_on(budgeted: Normalizer) -> None:
    docs = [{"html": PAGE, "id": "a"}, {"html": SLOW, "id": "slow"}, {"html": PAGE, "id": "b"}]
    entries = list(budgeted.normalize_many(docs, now=NOW))
    assert [e.ok for e in entries] == [True, False, True]
    assert entries[1].error is not None and entries[1].error.type.endswith(":timeout")
    with pytest.raises(article_normalizer.ExtractionTimeoutError):
        budgeted.normalize({"html": SLOW})


def test_stopping_early_stops_the_work(budgeted: Normalizer) -> None:
    read: list[int] = []

    def endless() -> Iterator[dict[str, str]]:
        i = 0
        while True:
            read.append(i)
            yield {"text": ARTICLE, "id": str(i)}
            i += 1

    entries = budgeted.normalize_many(endless(), now=NOW)
    first = [next(entries) for _ in range(3)]
    entries.close()
    assert [e.id for e in first] == ["0", "1", "2"]
    assert len(read) <= 3 + 2 * budgeted.processes  # read ahead by a bounded window only


def test_a_normalizer_pickles_as_its_configuration_only(budgeted: Normalizer) -> None:
    data = pickle.dumps(budgeted)
    assert len(data) < 1024  # no pool, no models
    copy = pickle.loads(data)
    assert repr(copy) == repr(budgeted)
    assert copy._pool is None


def _title_in_worker(normalizer: Normalizer) -> str | None:
    return normalizer.normalize({"text": ARTICLE}, now=NOW).title


def test_a_pickled_normalizer_works_in_another_process() -> None:
    with ProcessPoolExecutor(1) as executor:
        title = executor.submit(_title_in_worker, Normalizer(max_lines=500)).result(timeout=120)
    assert title == "Lighthouse keeper's cottage reopens to visitors"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"time_budget_s": 0},
        {"processes": 0},
        {"processes": 2},
        {"kind": "pdf"},
        {"max_lines": 0},
        {"language": "English"},
        {"start_method": "thread"},
    ],
)
def test_bad_configuration_is_refused_at_once(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Normalizer(**kwargs)  # type: ignore[arg-type]
