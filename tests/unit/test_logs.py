"""The JSON log stream stays one object per line when several workers share it."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest
import structlog

from article_normalizer.api.logs import configure_logging, get_logger
from article_normalizer.serving.settings import Settings


class _WriteRecorder(io.StringIO):
    """A stdout that remembers each ``write`` call, as the file descriptor would see it."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def write(self, text: str) -> int:
        self.calls.append(text)
        return super().write(text)


@pytest.fixture(autouse=True)
def _restore_structlog() -> Iterator[None]:
    saved = structlog.get_config()
    yield
    structlog.configure(**saved)


def test_each_line_reaches_stdout_in_one_write(monkeypatch: pytest.MonkeyPatch) -> None:
    # With PYTHONUNBUFFERED (the image sets it) every write is a syscall: a line written as
    # message and newline apart lets another worker's line land between the two halves.
    recorder = _WriteRecorder()
    monkeypatch.setattr("sys.stdout", recorder)
    configure_logging(Settings(log_format="json"))
    get_logger("tests.logs").info("request", status=200)
    get_logger("tests.logs").info("request", status=404)
    assert len(recorder.calls) == 2
    for call in recorder.calls:
        assert call.endswith("\n") and call.count("\n") == 1
        assert json.loads(call)["logger_name"] == "tests.logs"
