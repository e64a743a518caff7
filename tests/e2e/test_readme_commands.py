"""The README's example commands, pasted into a shell, print what the README shows.

The API test checks the answers through litestar's test client; this one runs the very
commands (curl, printf, jq, python3 -m json.tool) against the real server, so the shell
quoting and the printers are checked too. Skipped where curl or jq is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import Server, running_server
from tests.readme_examples import (
    BASE,
    README,
    Example,
    command,
    load_examples,
    readme_blocks,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not (shutil.which("curl") and shutil.which("jq")), reason="needs curl and jq"
    ),
]


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("readme"), WORKERS="1") as running:
        yield running


def _printed(block: str) -> str:
    """The output part of a README example block (the second fenced block)."""
    output = block.split("```\n\n```", 1)[1]
    return output.split("\n", 1)[1].rsplit("\n```", 1)[0]


@pytest.mark.parametrize("example", load_examples(), ids=lambda example: example.name)
def test_readme_command_prints_the_readme_output(
    example: Example, one_worker: Server, tmp_path: Path
) -> None:
    if example.file:
        lines = "".join(line + "\n" for line in example.lines)
        (tmp_path / example.file).write_text(lines, encoding="utf-8")
    shell = command(example).replace(BASE, f"127.0.0.1:{one_worker.port}")
    ran = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    shown = dict(readme_blocks(README.read_text(encoding="utf-8")))[example.name]
    assert ran.stdout.rstrip("\n") == _printed(shown)
