"""A client generated from the committed spec reads answers without Unset or None checks.

openapi-python-client builds a client from ``openapi/openapi.json``; mypy (strict) then checks a
small program that reads ``article.title`` and ``article.removed[0].kind`` as a user would, and
the program runs on real answers of the app, so the spec's promises (required fields, enums,
the batch-entry union) are checked against what the server sends, not only against itself.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from litestar.testing import TestClient

from article_normalizer.api.app import NormalizerApp
from article_normalizer.api.spec_files import SPEC_DIR

pytest.importorskip("openapi_python_client", reason="openapi-python-client is not installed")

_PROGRAM = textwrap.dedent(
    """
    from __future__ import annotations

    import json
    import sys

    from client.models.article import Article
    from client.models.batch_article import BatchArticle
    from client.models.batch_error import BatchError
    from client.models.batch_response import BatchResponse
    from client.models.block_kind import BlockKind
    from client.models.problem_type import ProblemType
    from client.models.warning_code import WarningCode


    def headline(article: Article) -> str:
        title: str | None = article.title
        return title or "(none)"


    def first_kind(article: Article) -> BlockKind:
        return article.removed[0].kind


    def warnings(article: Article) -> list[WarningCode]:
        return article.warnings


    def outcomes(batch: BatchResponse) -> list[str]:
        seen: list[str] = []
        for entry in batch.results:
            if isinstance(entry, BatchArticle):
                seen.append(headline(entry.article))
            else:
                kind: ProblemType = entry.error.type_
                seen.append(kind.value)
        return seen


    def main() -> None:
        single, batch = (json.loads(arg) for arg in sys.argv[1:3])
        article = Article.from_dict(single)
        print(json.dumps({
            "title": headline(article),
            "kind": first_kind(article).value,
            "warnings": [code.value for code in warnings(article)],
            "batch": outcomes(BatchResponse.from_dict(batch)),
            "error_entry": isinstance(BatchResponse.from_dict(batch).results[1], BatchError),
        }))


    if __name__ == "__main__":
        main()
    """
)

_PAGE = (
    "World\n\nHarbour expansion approved by port authority\n\nBy Maria Silva\n\n"
    "LISBON (Reuters) - The port authority on Monday approved a plan to expand the city "
    "harbour, adding two container berths by 2026, officials said.\n\n"
    "The project will be financed by public funds and private investment, it said.\n\n"
    "Sign up for our newsletter"
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated client package in a fresh directory (``client/``) beside the program."""
    root = tmp_path_factory.mktemp("generated")
    generator = Path(sys.executable).with_name("openapi-python-client")
    if not generator.exists():
        pytest.skip("the openapi-python-client command is not installed")
    done = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(SPEC_DIR / "openapi.json"),
            "--meta",
            "none",
            "--output-path",
            str(root / "client"),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=root,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (root / "program.py").write_text(_PROGRAM, encoding="utf-8")
    return root


def test_generated_client_type_checks_without_unset_checks(generated: Path) -> None:
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent))
    if mypy is None:
        pytest.skip("mypy is not installed")
    checked = subprocess.run(
        [
            mypy,
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(generated / ".mypy_cache"),
            "--config-file",
            "",
            "program.py",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=generated,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_generated_client_reads_real_answers(
    generated: Path, client: TestClient[NormalizerApp]
) -> None:
    single = client.post("/v1/normalize", json={"text": _PAGE})
    assert single.status_code == 200
    batch = client.post("/v1/normalize/batch", json={"documents": [{"text": _PAGE}, {"text": ""}]})
    assert batch.status_code == 200
    ran = subprocess.run(
        [sys.executable, "program.py", single.text, batch.text],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=generated,
    )
    assert ran.returncode == 0, ran.stderr
    read = json.loads(ran.stdout)
    assert read["title"] == single.json()["title"]
    assert read["kind"] == single.json()["removed"][0]["kind"]
    assert read["warnings"] == single.json()["warnings"]
    assert read["batch"] == [
        single.json()["title"],
        "urn:article-normalizer:problem:empty_document",
    ]
    assert read["error_entry"] is True
