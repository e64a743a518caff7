"""Structured logs: one JSON object per line in production, readable lines for humans."""

from __future__ import annotations

import logging
from typing import Any

import structlog

from article_normalizer.serving.settings import Settings


def configure_logging(settings: Settings) -> None:
    """Configure structlog once per process from ``LOG_LEVEL`` and ``LOG_FORMAT``.

    Lines go out through a write logger, message and newline in one write: ``print`` writes
    them apart, and with unbuffered output (the image sets ``PYTHONUNBUFFERED``) a line from
    another worker sharing the stream can land between the two, breaking both JSON lines.
    """
    level = logging.getLevelNamesMapping()[settings.log_level.upper()]
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if settings.log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.WriteLoggerFactory(),
        cache_logger_on_first_use=False,
    )


def _logger_name(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    """Name a stdlib record's logger under the key our own lines use (``logger_name``)."""
    record = event.get("_record")
    if record is not None:
        event["logger_name"] = record.name
    return event


def stdlib_logging_config(settings: Settings) -> dict[str, Any]:
    """``logging.config.dictConfig`` for lines that do not come through structlog.

    Gunicorn's master and workers (and uvicorn inside them, which shares gunicorn's handlers)
    log through the standard library; in production those lines are rendered as the same JSON
    objects as ours (``event``, ``level``, ``timestamp``, ``logger_name``), so a log pipeline
    parses every line of the stream. The console format keeps gunicorn's own text (empty dict).
    gunicorn's access logger stays without a handler: the app writes one access line itself.
    """
    if settings.log_format != "json":
        return {}
    level = settings.log_level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": structlog.stdlib.ProcessorFormatter,
                "foreign_pre_chain": [
                    structlog.stdlib.add_log_level,
                    _logger_name,
                    structlog.processors.TimeStamper(fmt="iso", utc=True),
                ],
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info,
                    structlog.processors.JSONRenderer(),
                ],
            }
        },
        "handlers": {
            "json": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"level": level, "handlers": ["json"]},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": ["json"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
        },
    }


def get_logger(name: str) -> Any:
    """A lazy structlog logger carrying ``logger_name``; it follows later configuration."""
    return structlog.get_logger(logger_name=name)
