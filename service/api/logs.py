"""Structured logs: one JSON object per line in production, readable lines for humans."""

from __future__ import annotations

import logging
from typing import Any

import structlog

from service.api.settings import Settings


def configure_logging(settings: Settings) -> None:
    """Configure structlog once per process from ``LOG_LEVEL`` and ``LOG_FORMAT``."""
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
        logger_factory=structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=False,
    )


def get_logger(name: str) -> Any:
    """A lazy structlog logger carrying ``logger_name``; it follows later configuration."""
    return structlog.get_logger(logger_name=name)
