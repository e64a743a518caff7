"""End to end through gunicorn + uvicorn workers, as ``make serve`` runs it."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import Server, running_server, stop

pytestmark = pytest.mark.e2e


def test_a_seed_posted_as_text_comes_back_as_an_article(
    server: Server, seeds: dict[str, str]
) -> None:
    name, text = next(iter(seeds.items()))
    status, headers, body = server.post(
        "/v1/normalize", text.encode("utf-8"), "text/plain; charset=utf-8"
    )
    assert status == 200, body[:500]
    article = json.loads(body)
    assert article["title"], name
    assert article["body"], name
    assert re.fullmatch(r"[0-9a-f]{32}", headers["x-request-id"])


def test_a_markdown_page_comes_back_as_a_plain_article(server: Server) -> None:
    story = Path(__file__).resolve().parents[1] / "fixtures" / "markdown" / "harbour_story.md"
    status, _, body = server.post(
        "/v1/normalize", story.read_bytes(), "text/markdown; charset=utf-8"
    )
    assert status == 200, body[:500]
    article = json.loads(body)
    assert "markdown_rendered" in article["warnings"]
    assert article["paragraphs"] and "](" not in article["body"]


def test_an_html_page_accounts_for_its_visible_lines_through_the_real_server(
    server: Server,
) -> None:
    page = Path(__file__).resolve().parents[1] / "fixtures" / "html" / "en_page_with_chrome.html"
    status, _, body = server.post("/v1/normalize", page.read_bytes(), "text/html; charset=utf-8")
    assert status == 200, body[:500]
    article = json.loads(body)
    assert article["title"] == "Harbour town approves new pier"
    assert any(p.startswith("The town council of Porto Velho") for p in article["paragraphs"])
    kinds = {entry["text"]: entry["kind"] for entry in article["removed"]}
    assert kinds["Who will pay for the maintenance once it is built?"] == "comment"
    assert kinds["Get the Courier's morning briefing in your inbox"] == "newsletter"
    assert kinds["© 2024 The Coastal Courier. All rights reserved."] == "legal"


def test_errors_are_problem_details_through_the_real_server(server: Server) -> None:
    status, headers, body = server.post("/v1/normalize", b'{"text": 1}', "application/json")
    assert status == 400
    assert headers["content-type"] == "application/problem+json"
    assert json.loads(body)["field"] == "$.text"


def test_ndjson_streams_through_the_real_server(server: Server) -> None:
    lines = b"\n".join(
        json.dumps(
            {"text": f"Headline {i}\n\nA paragraph with some words {i}.", "id": str(i)}
        ).encode()
        for i in range(50)
    )
    status, _, body = server.post("/v1/normalize/batch", lines, "application/x-ndjson")
    assert status == 200
    entries = [json.loads(line) for line in body.splitlines()]
    assert [e["id"] for e in entries] == [str(i) for i in range(50)]


def test_metrics_aggregate_all_workers(server: Server) -> None:
    for _ in range(10):
        server.get("/healthz")
    status, _headers, body = server.get("/metrics")
    assert status == 200
    text = body.decode()
    counts = re.findall(
        r'normalizer_http_requests_total\{method="GET",route="/healthz",status="200"\} (\S+)',
        text,
    )
    assert counts and float(counts[0]) >= 10


def test_access_log_has_one_json_line_per_request(server: Server) -> None:
    server.get("/healthz")
    _status, headers, _ = server.get("/healthz")
    request_id = headers["x-request-id"]
    time.sleep(0.5)
    matching = [
        line
        for line in server.log_lines()
        if line.get("event") == "request" and line.get("request_id") == request_id
    ]
    assert len(matching) == 1
    assert matching[0]["status"] == 200


def test_sigterm_shuts_down_gracefully(tmp_path: Path) -> None:
    with running_server(tmp_path, WORKERS="1") as single:
        assert single.get("/healthz")[0] == 200
        started = time.monotonic()
        code = stop(single)
        elapsed = time.monotonic() - started
    assert code == 0
    assert elapsed < 30
    assert "Shutting down" in single.log.read_text() or "Handling signal" in single.log.read_text()


def test_every_log_line_is_json_gunicorn_and_uvicorn_lines_included(server: Server) -> None:
    server.get("/healthz")
    server.get("/no/such/path")
    time.sleep(0.5)
    lines = [
        line
        for line in server.log.read_text(encoding="utf-8", errors="replace").splitlines()
        if line.strip()
    ]
    not_json = []
    for line in lines:
        try:
            parsed = json.loads(line)
        except ValueError:
            not_json.append(line)
            continue
        assert {"event", "level", "timestamp", "logger_name"} <= set(parsed), parsed
    assert not not_json, not_json[:5]
    loggers = {json.loads(line)["logger_name"] for line in lines}
    assert {"gunicorn.error", "uvicorn.error", "article_normalizer.api.access"} <= loggers
