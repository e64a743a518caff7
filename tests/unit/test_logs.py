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


def test_a_library_line_through_the_root_logger_stays_in_the_servers_json_stream() -> None:
    # Gunicorn configures the root logger with the JSON handler before a worker imports the
    # app; creating the app must leave it so, or a library's warning would leave the stream as
    # Litestar's default text ("WARNING - 2026-... - trafilatura - ...").
    import logging
    import logging.config

    from article_normalizer.api.app import create_app
    from article_normalizer.api.logs import stdlib_logging_config

    root = logging.getLogger()
    saved = root.handlers[:], root.level
    stream = io.StringIO()
    try:
        logging.config.dictConfig(stdlib_logging_config(Settings(log_format="json")))
        for handler in root.handlers:
            if isinstance(handler, logging.StreamHandler):
                handler.setStream(stream)
        create_app(Settings(log_format="json"))
        logging.getLogger("some.library").warning("a library's warning")
        for handler in root.handlers:
            handler.flush()
    finally:
        root.handlers[:], root.level = saved[0], saved[1]
    lines = [line for line in stream.getvalue().splitlines() if line.strip()]
    assert lines, "the line never reached the server's handler"
    parsed = json.loads(lines[-1])
    assert parsed["event"] == "a library's warning"
    assert parsed["logger_name"] == "some.library"
