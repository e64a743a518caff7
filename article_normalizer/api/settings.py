"""Service configuration, read once from the environment into a typed, frozen object.

Every knob has a default that is safe in production, so an empty environment is a valid one.
``gunicorn_conf`` and the app factory read the same object: one place defines the limits.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Literal

LogFormat = Literal["json", "console"]

_MB = 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Limits and process settings. Environment variable: the field name in upper case."""

    port: int = 8000
    """TCP port gunicorn binds on ``host`` (``PORT``)."""

    workers: int = 0
    """Worker processes (``WORKERS``); 0 means one per CPU core. Each worker is single-threaded
    for the pipeline, so more workers than cores only adds memory."""

    max_body_bytes: int = 10 * _MB
    """Largest request body accepted, in bytes (``MAX_BODY_BYTES``); larger bodies get 413.
    Does not apply to NDJSON streams, whose lines are bounded by ``max_document_bytes``."""

    max_document_bytes: int = 10 * _MB
    """Largest single document, in bytes of its JSON object or raw text (``MAX_DOCUMENT_BYTES``).
    In a batch or a stream an oversized document gets an error entry; alone it gets 413."""

    max_batch_documents: int = 1000
    """Most documents in one JSON batch (``MAX_BATCH_DOCUMENTS``); an NDJSON stream is
    unbounded in count because it is processed line by line."""

    document_time_budget_s: float = 10.0
    """Seconds one document may take before it is answered with a ``timeout`` problem
    (``DOCUMENT_TIME_BUDGET_S``). Keeps one hostile page from holding a worker."""

    pipeline_processes: int = 3
    """Worker processes each server worker keeps for the pipeline (``PIPELINE_PROCESSES``),
    started on demand. Every document runs in one of them under its time budget; more than one
    lets a small page pass while a slow one runs out its budget."""

    queue_length: int = 16
    """Requests each server worker holds waiting for a pipeline process (``QUEUE_LENGTH``),
    beyond those being processed. Past it requests get 503 ``overloaded`` with ``Retry-After``
    and ``/readyz`` answers 503 until the queue drains."""

    graceful_timeout_s: int = 30
    """Seconds a worker gets to finish in-flight requests after SIGTERM (``GRACEFUL_TIMEOUT_S``)."""

    log_level: str = "info"
    """Minimum level of log lines: debug, info, warning, error (``LOG_LEVEL``)."""

    log_format: LogFormat = "json"
    """``json`` for one JSON object per line (production, log shippers) or ``console`` for
    humans (``LOG_FORMAT``)."""

    # Serving edges: the bind address, proxy trust, and the limits on what a client may make a
    # worker hold (request head size, stalled reads).

    host: str = "127.0.0.1"
    """Address gunicorn binds (``HOST``). Loopback by default, so a developer's ``make serve``
    is not reachable from the network; the container image and the ConfigMap set ``0.0.0.0``."""

    forwarded_allow_ips: str = ""
    """Comma-separated peer addresses or networks whose ``X-Forwarded-For`` and
    ``X-Forwarded-Proto`` are believed (``FORWARDED_ALLOW_IPS``; ``*`` for any). Empty trusts
    none, so a client cannot choose the address the logs show by sending the header itself."""

    max_header_bytes: int = 64 * 1024
    """Largest request line plus headers, in bytes (``MAX_HEADER_BYTES``); a larger head gets
    400 and the connection closed before the server buffers more of it."""

    header_read_timeout_s: float = 10.0
    """Seconds a client has to send a complete request head once it connects or starts one on a
    kept-alive connection (``HEADER_READ_TIMEOUT_S``); then the connection is closed (408 if part
    of a head came). Keeps stalled or idle-after-connect clients from holding connections."""

    body_read_timeout_s: float = 30.0
    """Longest wait for the next piece of a request body (``BODY_READ_TIMEOUT_S``); past it the
    request ends with a ``request_timeout`` problem (408), or an error entry in an NDJSON
    stream. A gap, not a total: a slow but steady upload is fine."""

    @property
    def forwarded_allow_list(self) -> list[str]:
        """``forwarded_allow_ips`` as a list, the form gunicorn and uvicorn take."""
        return [part.strip() for part in self.forwarded_allow_ips.split(",") if part.strip()]

    @property
    def bind_address(self) -> str:
        """``host:port`` as gunicorn's ``bind`` takes it (IPv6 in brackets)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def worker_count(self) -> int:
        """``workers``, with 0 resolved to the number of cores."""
        return self.workers if self.workers > 0 else max(1, os.cpu_count() or 1)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read every field from its upper-case variable; unset or empty ones keep the default.

        Raises ``ValueError`` naming the variable when a value has the wrong type or range, so a
        misconfigured deployment fails at start rather than on the first large request.
        """
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f.name.upper(), "").strip()
            if not raw:
                continue
            default = f.default
            try:
                if isinstance(default, bool):
                    values[f.name] = raw.lower() in {"1", "true", "yes", "on"}
                elif isinstance(default, int):
                    values[f.name] = int(raw)
                elif isinstance(default, float):
                    values[f.name] = float(raw)
                else:
                    values[f.name] = raw.lower()
            except ValueError:
                raise ValueError(
                    f"{f.name.upper()}: expected {type(default).__name__}, got {raw!r}"
                ) from None
        settings = cls(**values)  # type: ignore[arg-type]
        settings.validate()
        return settings

    def validate(self) -> None:
        """Reject values no deployment could mean."""
        positive = {
            "MAX_BODY_BYTES": self.max_body_bytes,
            "MAX_DOCUMENT_BYTES": self.max_document_bytes,
            "MAX_BATCH_DOCUMENTS": self.max_batch_documents,
            "DOCUMENT_TIME_BUDGET_S": self.document_time_budget_s,
            "PIPELINE_PROCESSES": self.pipeline_processes,
            "MAX_HEADER_BYTES": self.max_header_bytes,
            "HEADER_READ_TIMEOUT_S": self.header_read_timeout_s,
            "BODY_READ_TIMEOUT_S": self.body_read_timeout_s,
        }
        for name, value in positive.items():
            if value <= 0:
                raise ValueError(f"{name}: expected a positive number, got {value!r}")
        if not 0 < self.port < 65536:
            raise ValueError(f"PORT: expected 1-65535, got {self.port!r}")
        if self.queue_length < 0:
            raise ValueError(f"QUEUE_LENGTH: expected 0 or more, got {self.queue_length!r}")
        if not self.host:
            raise ValueError("HOST: expected an address such as 127.0.0.1 or 0.0.0.0")
        for address in self.forwarded_allow_list:
            if address != "*":
                try:
                    ipaddress.ip_network(address)
                except ValueError:
                    raise ValueError(
                        f"FORWARDED_ALLOW_IPS: expected addresses or networks, got {address!r}"
                    ) from None
        if self.workers < 0:
            raise ValueError(f"WORKERS: expected 0 (one per core) or more, got {self.workers!r}")
        if self.log_format not in ("json", "console"):
            raise ValueError(f"LOG_FORMAT: expected 'json' or 'console', got {self.log_format!r}")
        if self.log_level not in ("debug", "info", "warning", "error", "critical"):
            raise ValueError(
                f"LOG_LEVEL: expected debug/info/warning/error, got {self.log_level!r}"
            )
