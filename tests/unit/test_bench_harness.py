"""The performance harness (bench/perf) on three tiny documents: it runs, counts and restores.

No timing is asserted: only that the harness measures what it says, attributes time to the
stages it names, leaves the pipeline as it found it, and parses what wrk prints.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import socketserver
import threading
from pathlib import Path
from typing import Any

import pytest

from article_normalizer.normalize import pipeline
from article_normalizer.normalize.lines import blocks as blocks_module
from bench.perf import memory, procfs, report, scaling, server, speed, stages, wrk
from bench.perf.__main__ import run_speed
from bench.perf.corpus import BenchPage, load_pages, typical_page

_TEXTS = [
    "Home | World | Business\n\nHarbour cranes idle as dockers strike\n\nBy Ana Ruiz\n\n"
    "March 3, 2024\n\nVALENCIA (Reuters) - Dock workers walked out on Monday over pay, leaving "
    "container cranes idle along the quay for a second day, the union said.\n\n"
    "Subscribe to our newsletter\n",
    "Menu\nSign in\n\nCity council approves new bike lanes\n\nThe council voted nine to two on "
    "Tuesday to paint protected lanes on four avenues before the summer holidays begin.\n\n"
    "Opponents said the plan would slow deliveries in the old town.\n\nShare this article\n",
    "Sport\n\nLate goal sends underdogs through\n\nA header in the ninety-third minute sent the "
    "second-division side into the quarter-finals on Wednesday night.\n\n© 2024 Example Media\n",
]


def _page(i: int, text: str) -> BenchPage:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    html = f"<html><head><title>Doc {i}</title></head><body><article>{paragraphs}</article>"
    return BenchPage(id=f"doc-{i}", url=f"https://news.example.org/{i}", text=text, html=html)


@pytest.fixture
def pages() -> list[BenchPage]:
    return [_page(i, text) for i, text in enumerate(_TEXTS)]


def test_corpus_subsample_strides_over_the_file_and_keeps_both_modes(tmp_path: Path) -> None:
    path = tmp_path / "dev.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for i in range(10):
            row = {
                "id": f"p{i}",
                "url": None,
                "text_inscriptis": "x " * (i + 1),
                "html": "<p>x</p>",
            }
            handle.write(json.dumps(row) + "\n")
    assert [p.id for p in load_pages(path, 5)] == ["p0", "p2", "p4", "p6", "p8"]
    assert len(load_pages(path)) == 10
    assert typical_page(load_pages(path, 3)).id == "p3"


def test_rounds_time_every_contender_each_round_and_count_errors(pages: list[BenchPage]) -> None:
    def failing(page: BenchPage) -> object:
        raise ValueError(page.id)

    contenders = {"ours_text": speed.pipeline_text, "failing": failing}
    result = speed.run_rounds(contenders, pages, rounds=2, warmup=1)
    assert {name: len(t) for name, t in result.timings.items()} == {"ours_text": 2, "failing": 2}
    assert all(t.docs == 3 for t in result.timings["ours_text"])
    assert result.timings["failing"][0].errors == 3
    assert result.timings["failing"][0].first_error == "ValueError: doc-0"
    assert result.ratio("ours_text", "ours_text") == pytest.approx(1.0)
    assert set(result.as_json()) == {"ours_text", "failing"}


def test_justext_contender_reads_each_line_as_a_paragraph(pages: list[BenchPage]) -> None:
    assert speed.lines_as_paragraphs("a < b\n\nc") == "<p>a &lt; b</p><p>c</p>"
    run = speed.justext_contender(pages)
    assert len(list(run(pages[0]))) == 6  # type: ignore[call-overload]


def test_stage_profile_names_stages_and_restores_the_pipeline(pages: list[BenchPage]) -> None:
    originals = (pipeline.classify, blocks_module.split_blocks, pipeline.find_title)
    times = stages.profile_stages(speed.pipeline_text, pages)
    assert (pipeline.classify, blocks_module.split_blocks, pipeline.find_title) == originals
    assert times.docs == 3
    labels = {row[0] for row in times.shares()}
    assert {"segmentation", stages.GLUE} <= labels
    assert sum(share for _label, _s, share, _calls in times.shares()) == pytest.approx(1.0)


def test_stage_wrappers_attribute_nested_time_to_the_inner_stage() -> None:
    times = stages.StageTimes()
    timer = stages._Timer(times)
    inner = timer.wrap("inner", lambda: sum(range(20_000)))
    outer = timer.wrap("outer", lambda: inner() + inner())
    outer()
    assert times.calls == {"inner": 2, "outer": 1}
    assert times.seconds["inner"] > 0 and times.seconds["outer"] >= 0


def test_wrk_script_posts_the_payload_file_and_its_summary_parses(tmp_path: Path) -> None:
    script = wrk.lua_script(tmp_path / "payload.json")
    assert str(tmp_path / "payload.json") in script and 'wrk.method = "POST"' in script
    line = (
        'BENCHJSON {"requests": 200, "duration_us": 2000000, "bytes": 1, "connect_errors": 0, '
        '"read_errors": 0, "write_errors": 0, "status_errors": 10, "timeouts": 0, '
        '"p50_us": 4000, "p90_us": 6000, "p99_us": 9000, "max_us": 12000, "mean_us": 4500}'
    )
    result = wrk.parse_output(f"Running 2s test\n{line}\n")
    assert (result.docs_per_s, result.p50_ms, result.p99_ms) == (95.0, 4.0, 9.0)
    with pytest.raises(RuntimeError):
        wrk.parse_output("no summary here")


def test_load_generator_refuses_anything_but_loopback(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        wrk.run_wrk("http://10.0.0.1:80/", tmp_path / "x.lua", seconds=1, connections=1)


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (
            {
                "/v1/normalize/batch": {"post": {"requestBody": {}}},
                "/v1/normalize": {
                    "post": {
                        "requestBody": {
                            "content": {
                                "application/json": {
                                    "schema": {"oneOf": [{"$ref": "#/c/s/RawDocument"}]}
                                }
                            }
                        }
                    }
                },
            },
            "/v1/normalize",
        ),
        ({"/healthz": {"get": {}}, "/api/normalize": {"post": {}}}, "/api/normalize"),
        ({"/v1/normalize/batch": {"post": {}}}, None),
    ],
)
def test_normalize_route_is_read_from_the_openapi_spec(
    paths: dict[str, Any], expected: str | None
) -> None:
    assert server.normalize_route({"paths": paths}) == expected


def test_proc_memory_and_parents_are_read_from_proc(tmp_path: Path) -> None:
    own = procfs.memory(os.getpid())
    assert own is not None and own.rss_kib > 0 and own.peak_kib >= own.rss_kib
    for pid, parent, name in ((10, 1, "gunicorn"), (11, 10, "odd ) name"), (12, 11, "pool")):
        (tmp_path / str(pid)).mkdir()
        (tmp_path / str(pid) / "stat").write_text(f"{pid} ({name}) S {parent} 0 0\n")
    assert procfs.children(10, tmp_path) == [11]
    assert procfs.descendants(10, tmp_path) == [11, 12]
    assert procfs.memory(99, tmp_path) is None


def _sample(n: int, rss: float, pid: int = 7) -> dict[str, Any]:
    worker = {"pid": pid, "rss_mib": rss, "peak_rss_mib": rss + 5, "descendants": 0,
              "descendants_rss_mib": 0.0, "descendants_peak_rss_mib": 0.0}  # fmt: skip
    return {"documents": n, "workers": [worker]}


def test_memory_growth_stops_where_gunicorn_replaced_the_worker() -> None:
    samples = [_sample(1_000, 100.0), _sample(10_000, 108.0), _sample(25_000, 90.0, pid=8)]
    judged = memory.growth(samples, 1_000)
    assert judged["to"] == 10_000 and judged["workers"][0]["to"] == 10_000
    assert judged["max_growth"] == pytest.approx(0.08)
    replaced = memory.growth([_sample(1_000, 100.0), _sample(25_000, 90.0, pid=8)], 1_000)
    assert replaced["max_growth"] is None


def test_memory_growth_is_judged_from_the_baseline_checkpoint() -> None:
    samples = [_sample(100, 50.0), _sample(1_000, 100.0), _sample(10_000, 105.0)]
    judged = memory.growth(samples, 1_000)
    assert judged["max_growth"] == pytest.approx(0.05)
    assert judged["workers"][0]["growth_worker"] == pytest.approx(0.05)
    body = json.loads(memory.document(BenchPage("a", None, "t", "<p>h</p>"), 10, 10))
    assert body["html"] == "<p>h</p>" and "text" not in body and body["id"] == "mem-10"


class _OneAnswerPerConnection(socketserver.BaseRequestHandler):
    """Answers a connection's first request as if keeping it alive, then drops it, as gunicorn
    does to a kept-alive connection when it replaces the worker (``max_requests``)."""

    def handle(self) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            data += self.request.recv(65536)
        head, _, rest = data.partition(b"\r\n\r\n")
        length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))  # type: ignore[union-attr]
        while len(rest) < length:
            rest += self.request.recv(65536)
        self.server.connections += 1  # type: ignore[attr-defined]
        self.request.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")


def test_memory_client_reopens_a_connection_the_server_dropped() -> None:
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), _OneAnswerPerConnection) as tcp:
        tcp.connections = 0  # type: ignore[attr-defined]
        threading.Thread(target=tcp.serve_forever, daemon=True).start()
        client = memory.Client(tcp.server_address[1], timeout=10)
        try:
            assert [client.post("/v1/normalize", b"{}") for _ in range(3)] == [200, 200, 200]
        finally:
            client.close()
            tcp.shutdown()
    assert tcp.connections == 3  # type: ignore[attr-defined]


def test_report_prints_pass_fail_per_target() -> None:
    results = {
        "speed": {"ratios": {"text_vs_traf": 4.5, "text_vs_justext": 0.5, "html_vs_traf": 0.9}},
        "memory": {"growth": {"max_growth": 0.02}},
    }
    lines = [t.line() for t in report.targets(results)]
    assert [line.split("]")[0] for line in lines] == [
        "  [PASS",
        "  [FAIL",
        "  [FAIL",
        "  [SKIP",
        "  [SKIP",
        "  [SKIP",
        "  [PASS",
    ]


def test_speed_part_compares_all_contenders_and_renders_a_table(pages: list[BenchPage]) -> None:
    results = {"speed": run_speed(pages, rounds=1, metadata_baseline=True)}
    contenders = set(results["speed"]["contenders"])
    required = {
        "ours_text",
        "ours_html",
        "trafilatura_bare",
        "trafilatura_fast",
        "trafilatura_bare_metadata",
        "justext_text",
    }
    # resiliparse joins when the compare extra is installed.
    assert required <= contenders <= required | {"resiliparse"}
    for data in results["speed"]["contenders"].values():
        assert data["median_cpu_ms_per_doc"] > 0 and data["errors"] == 0
    text = report.render(results)
    assert "| ours_text" in text and "| trafilatura_fast" in text and "[SKIP] 4" in text


def test_synthetic_page_repeats_real_lines_up_to_its_size(pages: list[BenchPage]) -> None:
    page = scaling.synthetic_page(pages, 0.002)
    assert (
        2_000
        <= len(page.text)
        < 2_000 + max(len(line) for p in pages for line in p.text.splitlines()) + 1
    )
    real = {line for p in pages for line in p.text.splitlines()}
    assert set(page.text.splitlines()) <= real
    assert page.text.count("Harbour cranes idle") >= 2


def test_scaling_buckets_pages_by_processed_lines_and_renders(pages: list[BenchPage]) -> None:
    sizes = scaling.run_scaling(pages, pages, rounds=1, synthetic_mb=(0.003,))
    rows = {b["bucket"]: b for b in sizes["buckets"]}
    assert set(rows) == {"0-100 lines", "synthetic 0.003 MB"}
    assert rows["0-100 lines"]["pages"] == 3
    assert rows["0-100 lines"]["lines"] == sum(scaling.processed_lines(p.text) for p in pages)
    assert all(b["ms_per_1000_lines"] > 0 and b["errors"] == 0 for b in rows.values())
    assert sizes["largest_vs_smallest"] is not None and sizes["largest_vs_smallest"] >= 1.0
    text = report.render({"scaling": sizes})
    assert "| synthetic 0.003 MB" in text and "3c text mode cost" in text
