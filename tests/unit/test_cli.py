"""The command line: same pipeline, decoding and error shapes as the API."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from article_normalizer.cli import looks_like_html, main

ARTICLE = (
    "World\n\nMinisters hail cooperation in telephone call\n\nBy Jane Doe\n\n"
    "BEIJING (Reuters) - The foreign ministers of the two countries spoke by telephone on "
    "Monday and agreed to deepen their practical cooperation, the ministry said.\n\n"
    "The ministers also discussed the situation in the region and agreed to keep in close "
    "contact in the months ahead, according to the statement.\n\nLeave a Reply\n"
)
PAGE = (
    "<html><head><title>Ministers hail cooperation</title></head><body><article>"
    "<h1>Ministers hail cooperation in telephone call</h1><p>The foreign ministers of the two "
    "countries spoke by telephone on Monday and agreed to deepen their practical cooperation, "
    "the ministry said in a statement after the call.</p></article></body></html>"
)


def _run(argv: list[str], stdin: bytes = b"") -> tuple[int, bytes]:
    out = io.BytesIO()
    status = main(argv, stdin=io.BytesIO(stdin), stdout=out)
    return status, out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.html", b"just text", True),
        ("a.txt", b"<html><body>x</body></html>", False),
        ("-", b"  <!DOCTYPE html><html>", True),
        ("-", b"<p>Paragraph</p>", True),
        ("-", b"World\n\nHeadline", False),
        ("-", b"<<< not markup", False),
    ],
)
def test_html_is_told_by_extension_then_by_markup(name: str, data: bytes, expected: bool) -> None:
    assert looks_like_html(name, data) is expected


def test_one_text_file_gives_one_indented_article(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    status, out = _run(["normalize", str(path)])
    assert status == 0
    article = json.loads(out)
    assert article["id"] == str(path)
    assert "practical cooperation" in article["body"]
    assert out.startswith(b"{\n")


def test_stdin_html_is_sniffed(tmp_path: Path) -> None:
    status, out = _run(["normalize", "-"], stdin=PAGE.encode())
    assert status == 0
    assert "practical cooperation" in json.loads(out)["body"]


def test_several_files_give_one_result_line_each_in_order(tmp_path: Path) -> None:
    text, html, empty = tmp_path / "a.txt", tmp_path / "b.html", tmp_path / "c.txt"
    text.write_text(ARTICLE, encoding="utf-8")
    html.write_text(PAGE, encoding="utf-8")
    empty.write_text("   \n", encoding="utf-8")
    status, out = _run(["normalize", str(text), str(html), str(empty)])
    entries = [json.loads(line) for line in out.splitlines()]
    assert status == 1  # one document failed
    assert [e["index"] for e in entries] == [0, 1, 2]
    assert [e["ok"] for e in entries] == [True, True, False]
    assert entries[2]["error"]["type"].endswith(":empty_document")
    assert entries[2]["id"] == str(empty)


def test_ndjson_in_gives_ndjson_out_one_line_per_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": ARTICLE, "id": "a"}),
        "",
        "{broken",
        json.dumps({"html": PAGE, "id": "b"}),
        json.dumps({"text": 3}),
    ]
    status, out = _run(["normalize", "--ndjson", "-"], stdin="\n".join(lines).encode())
    entries = [json.loads(line) for line in out.splitlines()]
    assert status == 1
    assert [e["index"] for e in entries] == [0, 1, 2, 3, 4]
    assert [e["ok"] for e in entries] == [True, False, False, True, False]
    assert entries[4]["error"]["field"] == "$.text"


def test_invalid_bytes_are_replaced_and_warned(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(ARTICLE.replace("Monday", "Mon\udcffday").encode("utf-8", "surrogateescape"))
    status, out = _run(["normalize", "--charset", "utf-8", str(path)])
    assert status == 0
    assert "invalid_bytes_replaced" in json.loads(out)["warnings"]


def test_a_missing_file_fails_alone_and_the_run_goes_on(tmp_path: Path) -> None:
    present = tmp_path / "a.txt"
    present.write_text(ARTICLE, encoding="utf-8")
    missing = tmp_path / "nope.txt"
    status, out = _run(["normalize", str(missing), str(present)])
    entries = [json.loads(line) for line in out.splitlines()]
    assert status == 1
    assert [e["ok"] for e in entries] == [False, True]
    assert entries[0]["id"] == str(missing)
    assert entries[0]["error"]["type"].endswith(":not_found")


def test_a_lone_missing_file_is_its_problem_and_exit_status_1(tmp_path: Path) -> None:
    status, out = _run(["normalize", str(tmp_path / "nope.txt")])
    assert status == 1
    assert json.loads(out)["type"].endswith(":not_found")


@pytest.mark.parametrize(
    "argv",
    [
        ["normalize", "--language", "English", "a.txt"],
        ["normalize", "--charset", "no-such-charset", "a.txt"],
        ["normalize", "--jobs", "0", "a.txt"],
        ["normalize", "--reference-time", "yesterday", "a.txt"],
        ["normalize"],
    ],
)
def test_bad_options_are_usage_errors(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        _run(argv)
    assert caught.value.code == 2


def test_module_entry_point_runs(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "article_normalizer", "normalize", str(path)],
        capture_output=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr.decode()
    assert "practical cooperation" in json.loads(done.stdout)["body"]


def test_a_deep_ndjson_line_fails_alone() -> None:
    deep = '{"text": "x", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}"
    lines = [json.dumps({"text": ARTICLE, "id": "a"}), deep, json.dumps({"text": ARTICLE})]
    status, out = _run(["normalize", "--ndjson", "-"], stdin="\n".join(lines).encode())
    entries = [json.loads(line) for line in out.splitlines()]
    assert status == 1
    assert [e["ok"] for e in entries] == [True, False, True]
    assert entries[1]["error"]["type"].endswith(":invalid_document")
