"""One version everywhere: package metadata, pyproject, the spec, ``GET /version``, the metric."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

from litestar.testing import TestClient

import article_normalizer
from article_normalizer.api.app import NormalizerApp
from article_normalizer.version import build_info, rules_digest

ROOT = Path(__file__).parents[2]


def _pyproject_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"])


def test_package_version_is_the_pyproject_version() -> None:
    assert article_normalizer.__version__ == _pyproject_version()


def test_version_endpoint_names_package_model_and_rules(
    client: TestClient[NormalizerApp],
) -> None:
    response = client.get("/version")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == _pyproject_version()
    model = json.loads(
        (ROOT / "article_normalizer/normalize/lines/model/line-classifier.json").read_text()
    )
    assert body["model_version"] == str(model["version"])
    assert body["model_feature_version"] == model["feature_version"]
    assert model["provenance"]["training_code_commit"].startswith(body["model_commit"])
    assert len(body["rules_version"]) == 12


def test_spec_version_is_the_package_version(client: TestClient[NormalizerApp]) -> None:
    assert (
        client.get("/schema/openapi.json").json()["info"]["version"]
        == article_normalizer.__version__
    )
    committed = json.loads((ROOT / "openapi/openapi.json").read_text())
    assert committed["info"]["version"] == article_normalizer.__version__


def test_build_info_metric_carries_the_same_versions(client: TestClient[NormalizerApp]) -> None:
    info = build_info()
    text = client.get("/metrics").text
    line = next(line for line in text.splitlines() if line.startswith("normalizer_build_info{"))
    assert f'version="{info.version}"' in line
    assert f'model_version="{info.model_version}"' in line
    assert f'rules_version="{info.rules_version}"' in line
    assert line.endswith(" 1.0")


def test_rules_version_follows_the_rules_data(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "article_normalizer/rules/data", tmp_path / "data")
    copy = tmp_path / "data"
    assert rules_digest(copy) == rules_digest() == build_info().rules_version
    stamps = copy / "stamps.toml"
    stamps.write_text(stamps.read_text() + "\n# an edit\n")
    assert rules_digest(copy) != rules_digest()
