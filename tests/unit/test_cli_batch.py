"""The command line as a batch tool: directories, archives, parallel jobs, progress, errors."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import article_normalizer
from article_normalizer.cli import main
from tests.conftest import CORPUS

ROOT = Path(__file__).parents[2]
CLI = [sys.executable, "-m", "article_normalizer"]


def _page(headline: str, body: str) -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{headline} | Bay Post</title></head>"
        f"<body><nav>Home News Sport Weather</nav><article><h1>{headline}</h1><p>{body}</p>"
        "</article><footer>Copyright Bay Post</footer></body></html>"
    )


PAGES = {
    "a/01-ferry.html": _page(
        "Ferry fares frozen for the winter",
        "The ferry operator said on Tuesday that fares would not rise this winter, after a "
        "year in which passenger numbers grew by a fifth.",
    ),
    "a/02-library.txt": "Local\n\nLibrary extends its opening hours\n\nThe town library will "
    "open until nine in the evening from next month, the council said on Friday, after a "
    "survey of readers.\n\nShare this article\n",
    "b/03-empty.txt": "   \n",
    "b/04-bridge.htm": _page(
        "Old bridge reopens after repairs",
        "The old bridge reopened to traffic on Tuesday after two years of repairs, the city "
        "said, ending long detours for commuters.",
    ),
    "c/05-market.html": _page(
        "Market square to be paved again",
        "Work on the market square starts in March and will last six months, the council "
        "said, with the weekly market moving to the harbour meanwhile.",
    ),
}


def _write_pages(root: Path) -> list[Path]:
    paths = []
    for name, content in PAGES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        paths.append(path)
    (root / ".hidden.html").write_text(PAGES["a/01-ferry.html"], encoding="utf-8")
    return sorted(paths)


def _lines(data: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in data.splitlines()]


def test_a_directory_with_two_jobs_gives_one_line_per_file_in_path_order(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    paths = _write_pages(pages)
    out = tmp_path / "out.ndjson"
    done = subprocess.run(
        [*CLI, "normalize", str(pages), "--jobs", "2", "-o", str(out)],
        capture_output=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 1, done.stderr.decode()  # the empty page failed
    assert done.stdout == b""
    entries = _lines(out.read_bytes())
    assert [e["index"] for e in entries] == list(range(len(paths)))
    assert [e["id"] for e in entries] == [str(p) for p in paths]
    assert [e["ok"] for e in entries] == [True, True, False, True, True]
    titles = [e["article"]["title"] for e in entries if e["ok"]]  # type: ignore[index]
    assert titles == [
        "Ferry fares frozen for the winter",
        "Library extends its opening hours",
        "Old bridge reopens after repairs",
        "Market square to be paved again",
    ]


@pytest.mark.corpus
@pytest.mark.timeout(1800)  # 1,445 pages: about a minute idle, far more on a loaded machine
def test_every_dev_page_as_an_html_file_gives_one_line_with_two_jobs(tmp_path: Path) -> None:
    """The issue's acceptance run: the 1,445 dev pages' HTML, --jobs 2, progress, -o."""
    dev = CORPUS / "dev.jsonl.gz"
    if not dev.is_file():
        pytest.skip("../shared/corpus is not present")
    pages = tmp_path / "dev"
    pages.mkdir()
    with gzip.open(dev, "rt", encoding="utf-8") as rows:
        written = 0
        for row in map(json.loads, rows):
            if row.get("html"):
                (pages / f"{written:05d}.html").write_text(row["html"], encoding="utf-8")
                written += 1
    out = tmp_path / "dev.ndjson"
    done = subprocess.run(
        [*CLI, "normalize", str(pages), "--jobs", "2", "--progress", "-o", str(out)],
        capture_output=True,
        timeout=1800,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode in (0, 1), done.stderr.decode()[-2000:]
    assert f"{written}/{written}" in done.stderr.decode()  # the bar reached the known total
    entries = _lines(out.read_bytes())
    assert len(entries) == written > 1000
    assert [e["id"] for e in entries] == [str(pages / f"{i:05d}.html") for i in range(written)]
    assert sum(bool(e["ok"]) for e in entries) >= written - 5


def _warc(path: Path, *, truncate: bool = False) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)

        def response(url: str, status: str, content_type: str, payload: bytes) -> None:
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(payload),
                length=len(payload),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2023-08-08T10:00:00Z"},
            )
            writer.write_record(record)

        writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
        get = b"GET /ferry HTTP/1.1\r\nHost: www.bay-post.com\r\n\r\n"
        request = writer.create_warc_record(
            "https://www.bay-post.com/ferry", "request", payload=io.BytesIO(get), length=len(get)
        )
        writer.write_record(request)
        ferry = PAGES["a/01-ferry.html"].replace("winter", "winter – café")
        response(
            "https://www.bay-post.com/ferry",
            "200 OK",
            "text/html; charset=iso-8859-1",
            ferry.replace("–", "-").encode("iso-8859-1"),
        )
        response("https://www.bay-post.com/logo.png", "200 OK", "image/png", b"\x89PNG....")
        response("https://www.bay-post.com/gone", "404 Not Found", "text/html", b"<p>gone</p>")
        text = PAGES["a/02-library.txt"].encode()
        conversion = writer.create_warc_record(
            "https://www.bay-post.com/library",
            "conversion",
            payload=io.BytesIO(text),
            length=len(text),
            warc_content_type="text/plain",
            warc_headers_dict={"WARC-Date": "2023-08-09T10:00:00Z"},
        )
        writer.write_record(conversion)
    if truncate:
        data = path.read_bytes()
        path.write_bytes(data + gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n")[:-9])


def test_a_warc_archive_gives_its_pages_and_reports_what_it_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "crawl.warc.gz"
    _warc(archive)
    out = io.BytesIO()
    status = main(["normalize", str(archive)], stdin=io.BytesIO(), stdout=out)
    entries = _lines(out.getvalue())
    assert status == 0
    assert [e["ok"] for e in entries] == [True, True]
    ferry, library = (e["article"] for e in entries)
    assert ferry["title"] == "Ferry fares frozen for the winter - café"  # type: ignore[index]
    assert ferry["outlet"]["domain"] == "bay-post.com"  # type: ignore[index]
    assert library["title"] == "Library extends its opening hours"  # type: ignore[index]
    assert all(str(e["id"]).startswith("<urn:uuid:") for e in entries)
    skipped = capsys.readouterr().err
    for reason in ("HTTP 404 responses", "image/png payloads", "request records", "warcinfo"):
        assert f"skipped 1 archive {reason}" in skipped


def test_a_markdown_payload_in_an_archive_is_read_as_page_text(tmp_path: Path) -> None:
    archive = tmp_path / "markdown.warc.gz"
    story = Path(__file__).resolve().parents[1] / "fixtures" / "markdown" / "harbour_story.md"
    payload = story.read_bytes()
    with archive.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/markdown; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                "https://www.coastalcourier.example/harbour",
                "response",
                payload=io.BytesIO(payload),
                length=len(payload),
                http_headers=http,
            )
        )
    out = io.BytesIO()
    assert main(["normalize", str(archive)], stdin=io.BytesIO(), stdout=out) == 0
    (entry,) = _lines(out.getvalue())
    assert entry["ok"]
    assert "markdown_rendered" in entry["article"]["warnings"]  # type: ignore[index,operator]


def test_a_truncated_archive_ends_in_an_error_entry(tmp_path: Path) -> None:
    archive = tmp_path / "broken.warc.gz"
    _warc(archive, truncate=True)
    page = tmp_path / "after.txt"
    page.write_text(PAGES["a/02-library.txt"], encoding="utf-8")
    out = io.BytesIO()
    status = main(["normalize", str(archive), str(page)], stdin=io.BytesIO(), stdout=out)
    entries = _lines(out.getvalue())
    assert status == 1
    assert [e["ok"] for e in entries] == [True, True, False, True]
    assert entries[2]["id"] == str(archive)
    assert str(entries[2]["error"]["type"]).endswith(":unreadable_input")  # type: ignore[index]
    assert entries[3]["id"] == str(page)


def test_gzipped_ndjson_is_read_by_its_extension(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl.gz"
    lines = [
        json.dumps({"id": "a", "html": PAGES["a/01-ferry.html"]}),
        json.dumps({"id": "b", "text": 3}),
    ]
    docs.write_bytes(gzip.compress("\n".join(lines).encode()))
    out = io.BytesIO()
    status = main(["normalize", str(docs)], stdin=io.BytesIO(), stdout=out)
    entries = _lines(out.getvalue())
    assert status == 1
    assert [(e["id"], e["ok"]) for e in entries] == [("a", True), ("b", False)]


def test_progress_goes_to_stderr_only_when_asked_or_on_a_terminal(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    _write_pages(pages)
    shown = subprocess.run(
        [*CLI, "normalize", str(pages), "--progress"],
        capture_output=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    stderr = shown.stderr.decode()
    assert "5/5" in stderr and "doc" in stderr  # tqdm's bar with the known total
    assert "4 normalized, 1 failed" in stderr
    assert len(shown.stdout.splitlines()) == 5
    quiet = subprocess.run(
        [*CLI, "normalize", str(pages)], capture_output=True, timeout=300, check=False, cwd=ROOT
    )
    assert quiet.stderr == b""  # not a terminal: no bar, no summary
    assert quiet.stdout.splitlines() == shown.stdout.splitlines()


def test_version_names_the_package_model_and_rules() -> None:
    done = subprocess.run(
        [*CLI, "--version"], capture_output=True, timeout=120, check=True, cwd=ROOT
    )
    text = done.stdout.decode()
    info = article_normalizer.build_info()
    assert text.startswith(f"article-normalizer {article_normalizer.__version__} ")
    assert info.rules_version in text and f"model {info.model_version}" in text


def test_every_option_has_help_text() -> None:
    from article_normalizer.cli import _parser

    parser = _parser()
    normalize = parser._subparsers._group_actions[0].choices["normalize"]  # type: ignore[union-attr]
    for action in [*parser._actions, *normalize._actions]:
        assert action.help, action.option_strings or action.dest


def test_an_unwritable_output_is_a_usage_error(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text(PAGES["a/02-library.txt"], encoding="utf-8")
    status = main(["normalize", str(page), "-o", str(tmp_path / "no" / "such" / "dir" / "o")])
    assert status == 2


def test_an_ndjson_line_over_the_limit_fails_alone_without_being_read_whole(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs.ndjson"
    big = json.dumps({"id": "big", "text": "x" * 5_000_000})
    small = json.dumps({"id": "small", "html": PAGES["a/01-ferry.html"]})
    docs.write_text(f"{small}\n{big}\n{small}\n", encoding="utf-8")
    out = io.BytesIO()
    status = main(["normalize", str(docs), "--max-document-bytes", "100000"], stdout=out)
    entries = _lines(out.getvalue())
    assert status == 1
    assert [(e["id"], e["ok"]) for e in entries] == [
        ("small", True),
        (None, False),
        ("small", True),
    ]
    assert str(entries[1]["error"]["type"]).endswith(":document_too_large")  # type: ignore[index]
