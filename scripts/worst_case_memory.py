"""Worst-case memory of a server: documents at the size limit in flight beside the largest pages.

Starts the real server (``make serve``'s command, two workers, production defaults otherwise),
loads it with 300 dev pages from six clients so every pipeline process has started and warmed
up, then for each kind of size-limit document sends four of them and the four largest HTML
pages at once, sampling the PSS of the whole process tree (shared pages counted once, as the
kernel charges a container) every 0.1 s. ``docs/capacity.md`` quotes its output.

Usage: ``.venv/bin/python scripts/worst_case_memory.py --shared ../shared``
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.conftest import Server, memory_of, process_tree, request, running_server

MIB = 1 << 20


def tree_pss(pid: int) -> int:
    return sum(memory_of(p, "Pss") for p in process_tree(pid))


def _sample(root: int, peaks: list[int], done: threading.Event) -> None:
    while not done.is_set():
        peaks[0] = max(peaks[0], tree_pss(root))
        time.sleep(0.1)


def post(server: Server, document: dict[str, Any]) -> int:
    if "raw" in document:
        body, content_type = document["raw"], "text/plain; charset=iso-8859-1"
    else:
        body, content_type = json.dumps(document).encode(), "application/json"
    return request(server.url + "/v1/normalize", body, {"Content-Type": content_type}, 120)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    args = parser.parse_args()
    pages = []
    with gzip.open(args.shared / "corpus" / "dev.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            pages.append(json.loads(line))
            if len(pages) == 300:
                break
    largest = sorted(pages, key=lambda page: -len(page["html"]))[:4]
    rng = random.Random(0)
    at_the_limit = {
        "'a\\n' x 5 M": b"a\n" * 5_000_000,
        "one 10 MB line": b"word " * 2_000_000,
        "10 MB of random bytes": rng.randbytes(10_000_000),
    }
    with running_server(Path(tempfile.mkdtemp()), WORKERS="2") as server:
        root = server.process.pid
        warm = [
            {"html": page["html"]} if index % 2 else {"text": page["text_inscriptis"]}
            for index, page in enumerate(pages)
        ]
        with ThreadPoolExecutor(6) as clients:
            list(clients.map(lambda doc: post(server, doc), warm))
        print(f"after 300 dev pages from 6 clients: PSS {tree_pss(root) / MIB:.0f} MiB")
        for name, body in at_the_limit.items():
            peaks = [0]
            done = threading.Event()
            sampler = threading.Thread(target=_sample, args=(root, peaks, done))
            sampler.start()
            jobs = [{"raw": body}] * 4 + [{"html": page["html"]} for page in largest]
            started = time.perf_counter()
            with ThreadPoolExecutor(len(jobs)) as clients:
                statuses = list(clients.map(lambda doc: post(server, doc), jobs))
            done.set()
            sampler.join()
            print(
                f"{name}: 4 of them and the 4 largest HTML pages at once -> {statuses} in "
                f"{time.perf_counter() - started:.1f} s; peak PSS {peaks[0] / MIB:.0f} MiB, "
                f"after {tree_pss(root) / MIB:.0f} MiB"
            )


if __name__ == "__main__":
    main()
