"""POST /v1/normalize: both content types, every error status, hostile inputs."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from article_normalizer.api.app import NormalizerApp, create_app
from article_normalizer.normalize import ExtractionTimeoutError, RawDocument
from article_normalizer.serving.settings import Settings
from tests.api.conftest import PROBLEM, client_for, post_body, problem_code

ARTICLE_TEXT = (
    "Home\n\nWorld\n\nMinisters hail cooperation in telephone call\n\n"
    "By Jane Doe\n\n"
    "BEIJING (Reuters) - The foreign ministers of the two countries spoke by telephone on "
    "Monday and agreed to deepen their practical cooperation, the ministry said in a statement.\n\n"
    "The ministers also discussed the situation in the region and agreed to keep in close "
    "contact in the months ahead, according to the statement released after the call.\n\n"
    "Leave a Reply\n\nSubscribe to our newsletter"
)
ARTICLE_HTML = (
    "<!doctype html><html><head><title>Ministers hail cooperation | Example News</title></head>"
    "<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>"
    "<h1>Ministers hail cooperation in telephone call</h1>"
    "<p>The foreign ministers of the two countries spoke by telephone on Monday and agreed to "
    "deepen their practical cooperation, the ministry said in a statement.</p>"
    "<p>The ministers also discussed the situation in the region and agreed to keep in close "
    "contact in the months ahead, according to the statement released after the call.</p>"
    "</article><footer>© Example News</footer></body></html>"
)


def test_json_text_document_comes_back_as_article(client: TestClient[NormalizerApp]) -> None:
    response = client.post("/v1/normalize", json={"text": ARTICLE_TEXT, "id": "doc-1"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    article = response.json()
    assert article["id"] == "doc-1"
    assert "practical cooperation" in article["body"]
    assert article["paragraphs"]
    removed_texts = [block["text"] for block in article["removed"]]
    assert "Leave a Reply" in removed_texts  # nothing silently lost: clutter is listed


def test_json_html_document_comes_back_as_article(client: TestClient[NormalizerApp]) -> None:
    response = client.post("/v1/normalize", json={"html": ARTICLE_HTML, "url": "https://ex.com/a"})
    assert response.status_code == 200, response.text
    assert "practical cooperation" in response.json()["body"]


def test_html_page_lines_the_extraction_left_out_are_listed_with_their_kinds(
    client: TestClient[NormalizerApp],
) -> None:
    response = post_body(client, ARTICLE_HTML.encode("utf-8"), "text/html; charset=utf-8")
    assert response.status_code == 200, response.text
    removed = [(entry["kind"], entry["text"]) for entry in response.json()["removed"]]
    assert removed[0] == ("navigation", "Home World")  # the <nav>, in page order
    assert removed[-1] == ("legal", "© Example News")  # a copyright line in the <footer>


def test_text_plain_body_takes_hints_from_the_query(client: TestClient[NormalizerApp]) -> None:
    response = post_body(
        client,
        ARTICLE_TEXT.encode("utf-8"),
        "text/plain; charset=utf-8",
        "?id=q-7&language=en&reference_time=2023-08-08T10:00:00Z&url=https://ex.com/world/a",
    )
    assert response.status_code == 200, response.text
    article = response.json()
    assert article["id"] == "q-7"
    assert article["language"] == "en"


def test_a_page_read_from_a_web_archive_is_dated_from_its_capture(
    client: TestClient[NormalizerApp],
) -> None:
    """A relative stamp ("3 hours ago") on a page captured in 2013 names a day of 2013, unless
    the request says when the page was read."""
    archived = "https://web.archive.org/web/20130224004209/http://ex.com/world/a"
    text = ARTICLE_TEXT.replace("By Jane Doe", "By Jane Doe\n\nUpdated 3 hours ago")
    response = client.post("/v1/normalize", json={"text": text, "url": archived})
    assert response.status_code == 200, response.text
    assert response.json()["published"].startswith("2013-02-23T21:42")
    told = client.post(
        "/v1/normalize",
        json={"text": text, "url": archived, "reference_time": "2020-05-01T12:00:00Z"},
    )
    assert told.json()["published"].startswith("2020-05-01T09:00")


def test_text_html_body_is_extracted(client: TestClient[NormalizerApp]) -> None:
    response = post_body(client, ARTICLE_HTML.encode("utf-8"), "text/html; charset=utf-8")
    assert response.status_code == 200, response.text
    assert "practical cooperation" in response.json()["body"]


STORY_BESIDE_COMMENTS = (
    Path(__file__).resolve().parents[1] / "fixtures" / "html" / "en_story_outside_article.html"
).read_bytes()


def test_an_html_page_gets_the_story_its_summary_and_headline_declare(
    client: TestClient[NormalizerApp],
) -> None:
    """trafilatura takes the readers' comments in the page's only ``<article>``; the page text
    holds the story and leaves the comments out, so the two bodies share nothing and the
    rendering gate keeps the extraction. The page's description is the story's first sentence
    and its headline's words come back in the story, not in the comments: with either the story
    comes back, without both the comments do."""
    response = post_body(client, STORY_BESIDE_COMMENTS, "text/html; charset=utf-8")
    assert response.status_code == 200, response.text
    article = response.json()
    assert article["paragraphs"][0].startswith("The town council of Porto Velho voted")
    assert "Construction is expected to begin in the autumn" in article["body"]
    assert "ferry timetable" not in article["body"]
    assert article["title"] == "Harbour town approves new pier"
    undeclared = STORY_BESIDE_COMMENTS.replace(b'<meta name="description"', b'<meta name="x"')
    response = post_body(client, undeclared, "text/html; charset=utf-8")
    assert response.json()["paragraphs"] == article["paragraphs"]
    unheaded = undeclared.replace(b"Harbour town approves new pier", b"Local news")
    response = post_body(client, unheaded, "text/html; charset=utf-8")
    assert "Porto Velho" not in response.json()["body"]


MARKDOWN_STORY = (
    Path(__file__).resolve().parents[1] / "fixtures" / "markdown" / "harbour_story.md"
).read_text(encoding="utf-8")


@pytest.mark.parametrize("content_type", ["text/markdown; charset=utf-8", "text/plain", "json"])
def test_markdown_page_text_is_read_as_the_text_it_shows(
    client: TestClient[NormalizerApp], content_type: str
) -> None:
    if content_type == "json":
        response = client.post("/v1/normalize", json={"text": MARKDOWN_STORY})
    else:
        response = post_body(client, MARKDOWN_STORY.encode("utf-8"), content_type)
    assert response.status_code == 200, response.text
    article = response.json()
    assert "markdown_rendered" in article["warnings"]
    assert article["title"].startswith("Harbour rebuild to start in spring")
    assert "four million euros over five years" in article["body"]
    assert "](" not in article["body"]
    assert ("newsletter", "Sign up for our morning newsletter") in [
        (entry["kind"], entry["text"][:34]) for entry in article["removed"]
    ]


def test_a_reader_services_header_gives_the_page_address(client: TestClient[NormalizerApp]) -> None:
    address = "https://www.coastalcourier.com/news/2025/03/03/harbour-rebuild-to-start-in-spring"
    page = f"Title: Harbour rebuild\n\nURL Source: {address}\n\nMarkdown Content:\n{MARKDOWN_STORY}"
    response = post_body(client, page.encode("utf-8"), "text/markdown; charset=utf-8")
    assert response.status_code == 200, response.text
    article = response.json()
    assert article["outlet"]["domain"] == "coastalcourier.com"
    assert "markdown_rendered" in article["warnings"]
    assert {"kind": "envelope", "text": f"URL Source: {address}", "reason": "reader_envelope"} in (
        article["removed"]
    )


GLUED_STORY = (
    Path(__file__).resolve().parents[1] / "fixtures" / "text" / "harbour_story_glued.txt"
).read_text(encoding="utf-8")


def test_page_text_run_together_is_cut_at_its_seams(client: TestClient[NormalizerApp]) -> None:
    response = post_body(client, GLUED_STORY.encode("utf-8"), "text/plain; charset=utf-8")
    assert response.status_code == 200, response.text
    article = response.json()
    assert "glued_lines_cut" in article["warnings"]
    assert article["title"] == "Harbour authority extends container terminal"
    assert article["paragraphs"][0].startswith("Lisbon's port authority said on Tuesday")
    assert len(article["paragraphs"]) == 6
    assert article["byline"]["authors"] == ["Ana Costa"]
    assert article["published"].startswith("2024-05-03")
    removed = {entry["text"]: entry["kind"] for entry in article["removed"]}
    assert removed["Related stories"] == "related"
    # The glued footer links are accounted for; their name comes from the kind model, which
    # reads them after the related heading (`related`) or as the page's foot (`footer`).
    assert removed["Contact usTerms of usePrivacy policy"] in {"footer", "related"}
    assert "Ferry fares" not in article["body"]
    assert "Contact us" not in article["body"]


def test_json_body_fields_win_over_query_hints(client: TestClient[NormalizerApp]) -> None:
    response = client.post("/v1/normalize?id=from-query", json={"text": ARTICLE_TEXT, "id": "b"})
    assert response.json()["id"] == "b"
    response = client.post("/v1/normalize?id=from-query", json={"text": ARTICLE_TEXT})
    assert response.json()["id"] == "from-query"


def test_seeds_posted_as_text_plain_without_hints(
    client: TestClient[NormalizerApp], seeds: dict[str, str]
) -> None:
    for name, text in seeds.items():
        response = post_body(client, text.encode("utf-8"), "text/plain; charset=utf-8")
        assert response.status_code == 200, (name, response.text)
        article = response.json()
        assert article["body"], name
        assert article["title"], name


@pytest.mark.parametrize(
    ("body", "content_type", "query", "status", "code", "field"),
    [
        (b'{"text": ', "application/json", "", 400, "invalid_json", None),
        (b"not json at all", "application/json", "", 400, "invalid_json", None),
        (b'{"text": 1}', "application/json", "", 400, "invalid_document", "$.text"),
        (b'{"text": "a", "txet": "b"}', "application/json", "", 400, "invalid_document", "$.txet"),
        (
            b'{"text": "a", "language": "EN"}',
            "application/json",
            "",
            400,
            "invalid_document",
            "$.language",
        ),
        (
            b'{"text": "a", "language": "eng"}',
            "application/json",
            "",
            400,
            "invalid_document",
            "$.language",
        ),
        (
            b'{"text": "a", "reference_time": "yesterday"}',
            "application/json",
            "",
            400,
            "invalid_document",
            "$.reference_time",
        ),
        (b'["text"]', "application/json", "", 400, "invalid_document", None),
        (b"some text", "text/plain", "?language=english", 400, "invalid_parameter", "language"),
        (
            b"some text",
            "text/plain",
            "?reference_time=soon",
            400,
            "invalid_parameter",
            "reference_time",
        ),
        (b"\x89PNG", "image/png", "", 415, "unsupported_media_type", None),
        (b"text=a", "application/x-www-form-urlencoded", "", 415, "unsupported_media_type", None),
        (b"some text", None, "", 415, "unsupported_media_type", None),
        (b"some text", "text/plain; charset=klingon-8", "", 415, "unsupported_media_type", None),
        (
            b'{"text": "a", "html": "<p>a</p>"}',
            "application/json",
            "",
            422,
            "ambiguous_input",
            None,
        ),
        (b"{}", "application/json", "", 422, "ambiguous_input", None),
        (b'{"text": ""}', "application/json", "", 422, "empty_document", None),
        (b'{"text": " \\n\\t\\n "}', "application/json", "", 422, "empty_document", None),
        (b"  \n\n \t ", "text/plain; charset=utf-8", "", 422, "empty_document", None),
        (b"", "text/plain", "", 422, "empty_document", None),
        (
            b'{"html": "<html><body> </body></html>"}',
            "application/json",
            "",
            422,
            "empty_document",
            None,
        ),
        (
            b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 T',
            "text/html",
            "",
            422,
            "empty_document",
            None,
        ),
    ],
)
def test_bad_input_is_a_problem_naming_what_was_expected(
    client: TestClient[NormalizerApp],
    body: bytes,
    content_type: str | None,
    query: str,
    status: int,
    code: str,
    field: str | None,
) -> None:
    response = post_body(client, body, content_type, query)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem_code(problem) == code
    assert problem["status"] == status
    assert problem["title"]
    assert problem["detail"]
    assert problem.get("field") == field
    assert problem["instance"] == "/v1/normalize"
    assert problem["request_id"] == response.headers["x-request-id"]


def test_body_over_the_limit_is_413() -> None:
    with client_for(create_app(Settings(max_body_bytes=1000), warm=False)) as small:
        for content_type in ("application/json", "text/plain", "text/html"):
            response = post_body(small, b"a" * 1001, content_type)
            assert response.status_code == 413, response.text
            assert problem_code(response.json()) == "document_too_large"
            assert "1000" in response.json()["detail"]
        assert post_body(small, b'{"text": "' + b"a" * 900 + b'"}', "application/json").status_code


def test_bytes_invalid_in_the_declared_charset_are_replaced_and_reported(
    client: TestClient[NormalizerApp],
) -> None:
    body = ARTICLE_TEXT.replace("practical", "pr\udcffactical").encode("utf-8", "surrogateescape")
    response = post_body(client, body, "text/plain; charset=utf-8")
    assert response.status_code == 200, response.text
    article = response.json()
    assert "invalid_bytes_replaced" in article["warnings"]
    assert "pr\ufffdactical cooperation" in article["body"]  # only the bad byte is lost


def test_invalid_utf8_inside_json_strings_is_replaced_and_reported(
    client: TestClient[NormalizerApp],
) -> None:
    body = b'{"text": "' + ARTICLE_TEXT.encode().replace(b"\n", b"\\n") + b' \xff\xfe"}'
    response = post_body(client, body, "application/json")
    assert response.status_code == 200, response.text
    assert "invalid_bytes_replaced" in response.json()["warnings"]


def test_declared_legacy_charset_is_honoured(client: TestClient[NormalizerApp]) -> None:
    text = ARTICLE_TEXT.replace("Monday", "lundi à Genève")
    response = post_body(client, text.encode("iso-8859-1"), "text/plain; charset=ISO-8859-1")
    assert response.status_code == 200
    assert "lundi à Genève" in response.json()["body"]
    assert "invalid_bytes_replaced" not in response.json()["warnings"]


def test_request_id_is_echoed_or_generated(client: TestClient[NormalizerApp]) -> None:
    given = client.post(
        "/v1/normalize", json={"text": ARTICLE_TEXT}, headers={"X-Request-ID": "abc-123"}
    )
    assert given.headers["x-request-id"] == "abc-123"
    generated = client.get("/healthz")
    assert len(generated.headers["x-request-id"]) == 32
    hostile = client.get("/healthz", headers={"X-Request-ID": "a b\tc" * 100})
    assert hostile.headers["x-request-id"] != "a b\tc" * 100


def test_unknown_path_and_wrong_method_are_problems(client: TestClient[NormalizerApp]) -> None:
    missing = client.get("/v2/nothing")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == PROBLEM
    assert problem_code(missing.json()) == "not_found"
    wrong = client.get("/v1/normalize")
    assert wrong.status_code == 405
    assert problem_code(wrong.json()) == "method_not_allowed"
    assert "POST" in wrong.headers["allow"]


def test_document_over_its_time_budget_is_a_422_timeout_problem() -> None:
    def too_slow(doc: RawDocument, now: object) -> Any:
        raise ExtractionTimeoutError("expected the document within 0.1 s; it was not")

    with client_for(create_app(Settings(), normalizer=too_slow, warm=False)) as slow:
        response = slow.post("/v1/normalize", json={"text": ARTICLE_TEXT})
    assert response.status_code == 422
    assert problem_code(response.json()) == "timeout"


def test_unexpected_error_is_a_500_problem_without_internals() -> None:
    def broken(doc: RawDocument, now: object) -> Any:
        raise RuntimeError("secret internal state")

    with client_for(create_app(Settings(), normalizer=broken, warm=False)) as failing:
        response = failing.post("/v1/normalize", json={"text": ARTICLE_TEXT})
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    assert "secret" not in response.text
    assert problem_code(response.json()) == "internal_error"


def _hostile_inputs() -> list[tuple[str, bytes, str]]:
    sentence = "The ministers met on Monday and agreed to deepen their cooperation. "
    return [
        ("5 MB single line", (sentence * 75_000).encode()[: 5 * 1024 * 1024], "text/plain"),
        ("1,000,000 short lines", b"ok\n" * 1_000_000, "text/plain"),
        ("2 MB binary junk as text", os.urandom(2 * 1024 * 1024), "text/plain"),
        ("2 MB binary junk as html", os.urandom(2 * 1024 * 1024), "text/html"),
        ("5 MB repeated punctuation", b"!?.,;:-" * 700_000, "text/plain"),
        ("2 MB nested brackets", b"(" * 1_000_000 + b")" * 1_000_000, "text/plain"),
        ("1 MB unclosed tags", b"<div>" * 200_000, "text/html"),
        ("1 MB nested quotes html", b"<p>" + b'"' * 1_000_000 + b"</p>", "text/html"),
    ]


@pytest.mark.parametrize(
    ("name", "body", "content_type"),
    _hostile_inputs(),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_hostile_input_under_the_limit_comes_back_within_the_budget(
    client: TestClient[NormalizerApp], name: str, body: bytes, content_type: str
) -> None:
    budget = Settings().document_time_budget_s
    started = time.perf_counter()
    response = post_body(client, body, content_type)
    elapsed = time.perf_counter() - started
    print(
        f"\nhostile input {name!r}: {len(body)} bytes -> {response.status_code} in {elapsed:.2f} s"
    )
    # An article (possibly empty, with a warning) or, past the budget, a timeout problem:
    # never a 5xx, never a hang. Request time includes decoding, transfer and, past the budget,
    # killing the process, all slower on a busy machine: hence the generous slack.
    assert response.status_code in (200, 422), response.text[:500]
    if response.status_code == 422:
        assert problem_code(response.json()) in ("timeout", "empty_document")
    else:
        assert isinstance(response.json()["removed"], list)
    assert elapsed < budget + 10


def test_page_text_without_a_stamp_is_dated_by_its_url(client: TestClient[NormalizerApp]) -> None:
    text = (
        "Harbour ferry returns after six weeks\n\nBy Jane Doe\n\n"
        "The harbour ferry resumed service on Monday after a six-week repair, the operator said, "
        "with the first boat leaving the north pier on time and every seat taken.\n\n"
        "Both engines were replaced during the repair and the hull was strengthened, the company "
        "said, at a cost above the council's budget for the whole year."
    )
    url = "https://news.example.com/2024/05/20/harbour-ferry/"
    response = client.post("/v1/normalize", json={"text": text, "url": url})
    assert response.status_code == 200, response.text
    article = response.json()
    assert (article["published"], article["published_raw"]) == ("2024-05-20", "/2024/05/20")
