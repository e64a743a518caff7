"""Unexpected errors reach the client as a generic problem with the request id; the exception
text and traceback go to the log only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from litestar.exceptions import InternalServerException

from article_normalizer.api.app import create_app, warm_up
from article_normalizer.api.health import Readiness
from article_normalizer.normalize import RawDocument
from article_normalizer.serving.settings import Settings
from tests.api.conftest import client_for, problem_code
from tests.api.test_normalize import ARTICLE_TEXT

SECRET = "secret /srv/internal/path"


@pytest.mark.parametrize("error", [RuntimeError(SECRET), InternalServerException(SECRET)])
def test_a_server_side_failure_is_generic_for_the_client_and_whole_in_the_log(
    error: Exception, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(doc: RawDocument, now: object) -> Any:
        raise error

    with client_for(create_app(Settings(), normalizer=broken, warm=False)) as failing:
        capsys.readouterr()
        response = failing.post("/v1/normalize", json={"text": ARTICLE_TEXT})
        out = capsys.readouterr().out
    assert response.status_code == 500
    assert SECRET not in response.text
    body = response.json()
    assert problem_code(body) == "internal_error"
    assert body["request_id"] == response.headers["x-request-id"]
    logged = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    failures = [line for line in logged if line.get("event") == "unhandled_exception"]
    assert failures and failures[0]["request_id"] == body["request_id"]
    assert SECRET in failures[0]["exception"]
    assert "Traceback" in failures[0]["exception"]


class _BrokenStart:
    def start(self) -> None:
        raise RuntimeError(SECRET)


def test_a_failed_warm_up_does_not_put_its_exception_in_readyz(
    capsys: pytest.CaptureFixture[str],
) -> None:
    create_app(Settings(), warm=False)  # configures logging
    readiness = Readiness()
    warm_up(readiness, _BrokenStart())  # type: ignore[arg-type]
    assert readiness.error is not None
    assert SECRET not in readiness.error
    assert SECRET in capsys.readouterr().out
