"""The datatrove integration: a real local pipeline, WARC in, articles as JSONL out."""

from __future__ import annotations

import gzip
import io
import json
import pickle
from pathlib import Path

import pytest

pytest.importorskip("datatrove")
pytest.importorskip("magic")  # datatrove's WarcReader sniffs payloads without a declared type

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import WarcReader
from datatrove.pipeline.writers import JsonlWriter
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from article_normalizer import Normalizer
from article_normalizer.integrations.datatrove import ArticleNormalizer

SLOW = "<html><body>" + "<p>A short paragraph here.</p>" * 200_000 + "</body></html>"


def _page(headline: str, body: str) -> bytes:
    return (
        "<!DOCTYPE html><html lang='en'><head><title>" + headline + " | Harbour Gazette</title>"
        "<meta property='article:published_time' content='2023-08-07T09:00:00Z'></head><body>"
        "<nav>Home News Sport Weather Contact</nav><article><h1>"
        + headline
        + "</h1><p>"
        + body
        + "</p><p>The council will publish the full plan next month, a spokeswoman said.</p>"
        "</article><footer>Sign up for our newsletter</footer></body></html>"
    ).encode()


ARCHIVES = {
    "a.warc.gz": [
        (
            "https://www.harbour-gazette.com/news/ferry",
            _page(
                "Ferry fares frozen for the winter",
                "The ferry operator said on Tuesday that fares would not rise this winter, after "
                "a year in which passenger numbers grew by a fifth.",
            ),
        ),
        ("https://www.harbour-gazette.com/blank", b"<html><head></head><body></body></html>"),
    ],
    "b.warc.gz": [
        (
            "https://www.harbour-gazette.com/news/bridge",
            _page(
                "Old bridge reopens after repairs",
                "The old bridge reopened to traffic on Tuesday after two years of repairs, the "
                "city said, ending long detours for commuters.",
            ),
        ),
        ("https://www.harbour-gazette.com/slow", SLOW.encode()),
    ],
}


def _write_archives(folder: Path) -> None:
    folder.mkdir()
    for name, pages in ARCHIVES.items():
        with (folder / name).open("wb") as handle:
            writer = WARCWriter(handle, gzip=True)
            for url, payload in pages:
                http = StatusAndHeaders(
                    "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
                )
                record = writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(payload),
                    length=len(payload),
                    http_headers=http,
                    warc_headers_dict={
                        "WARC-Date": "2023-08-08T10:00:00Z",
                        "WARC-Identified-Payload-Type": "text/html",
                    },
                )
                writer.write_record(record)


def _read_jsonl(folder: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle)
    return rows


def test_a_local_pipeline_turns_warc_pages_into_articles(tmp_path: Path) -> None:
    warcs = tmp_path / "warc"
    _write_archives(warcs)
    step = ArticleNormalizer(
        Normalizer(time_budget_s=2.0),
        exclusion_writer=JsonlWriter(str(tmp_path / "excluded")),
    )
    LocalPipelineExecutor(
        pipeline=[
            WarcReader(str(warcs), glob_pattern="*.warc.gz"),
            step,
            JsonlWriter(str(tmp_path / "articles")),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    articles = sorted(_read_jsonl(tmp_path / "articles"), key=lambda row: str(row["id"]))
    by_title = {row["metadata"]["title"]: row for row in articles}  # type: ignore[index]
    assert set(by_title) == {
        "Ferry fares frozen for the winter",
        "Old bridge reopens after repairs",
    }
    ferry = by_title["Ferry fares frozen for the winter"]
    assert str(ferry["text"]).startswith("The ferry operator said on Tuesday")
    assert "newsletter" not in str(ferry["text"]) and "Weather" not in str(ferry["text"])
    meta = ferry["metadata"]
    assert meta["url"] == "https://www.harbour-gazette.com/news/ferry"  # type: ignore[index]
    assert meta["published"] == "2023-08-07T09:00:00+00:00"  # type: ignore[index]
    assert meta["language"] == "en"  # type: ignore[index]
    assert meta["outlet_domain"] == "harbour-gazette.com"  # type: ignore[index]
    excluded = {
        row["metadata"]["url"]: row["metadata"]["normalizer_error"]["type"]  # type: ignore[index]
        for row in _read_jsonl(tmp_path / "excluded")
    }
    assert {url.rsplit("/", 1)[-1]: kind.rsplit(":", 1)[-1] for url, kind in excluded.items()} == {
        "blank": "empty_document",
        "slow": "timeout",
    }


def test_the_step_pickles_without_models_or_processes() -> None:
    step = ArticleNormalizer(Normalizer(time_budget_s=5.0, max_lines=1000), keep_removed=True)
    copy = pickle.loads(pickle.dumps(step))
    assert repr(copy.normalizer) == repr(step.normalizer)
    assert len(pickle.dumps(step)) < 4096


def test_removed_lines_are_kept_on_request() -> None:
    from datatrove.data import Document

    step = ArticleNormalizer(Normalizer(), keep_removed=True)
    text = (
        "News\n\nLibrary extends its opening hours\n\nThe town library will open until nine in "
        "the evening from next month, the council said on Friday, after a survey of readers."
        "\n\nShare this article\n"
    )
    docs = list(step.run(iter([Document(text=text, id="x", metadata={})])))
    assert len(docs) == 1
    assert docs[0].metadata["title"] == "Library extends its opening hours"
    removed = docs[0].metadata["removed"]
    assert {"kind": "share", "text": "Share this article"} in removed
