"""Service configuration, read once from the environment into a typed, frozen object.

Every knob has a default that is safe in production, so an empty environment is a valid one.
``gunicorn_conf`` and the app factory read the same object: one place defines the limits.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from article_normalizer.serving.allocator import MAX_MMAP_THRESHOLD

LogFormat = Literal["json", "console"]
LogLevel = Literal["debug", "info", "warning", "error", "critical"]
Positive = Meta(gt=0)
NotNegative = Meta(ge=0)

_MB = 1024 * 1024


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Limits and process settings. Environment variable: the field name in upper case.

    The types and their ranges are the validation: :meth:`from_env` hands the environment's
    strings to ``msgspec.convert``, which coerces and checks them in one pass.
    """

    port: Annotated[int, Meta(gt=0, lt=65536)] = 8000
    """TCP port gunicorn binds on ``host`` (``PORT``)."""

    workers: Annotated[int, NotNegative] = 0
    """Worker processes (``WORKERS``); 0 means one per CPU core. Each worker is single-threaded
    for the pipeline, so more workers than cores only adds memory."""

    max_body_bytes: Annotated[int, Positive] = 10 * _MB
    """Largest request body accepted, in bytes (``MAX_BODY_BYTES``); larger bodies get 413.
    Does not apply to NDJSON streams, whose lines are bounded by ``max_document_bytes``."""

    max_document_bytes: Annotated[int, Positive] = 10 * _MB
    """Largest single document, in bytes of its JSON object or raw text (``MAX_DOCUMENT_BYTES``).
    In a batch or a stream an oversized document gets an error entry; alone it gets 413."""

    max_batch_documents: Annotated[int, Positive] = 1000
    """Most documents in one JSON batch (``MAX_BATCH_DOCUMENTS``); an NDJSON stream is
    unbounded in count because it is processed line by line."""

    document_time_budget_s: Annotated[float, Positive] = 10.0
    """Seconds one document may take before it is answered with a ``timeout`` problem
    (``DOCUMENT_TIME_BUDGET_S``). Keeps one hostile page from holding a worker."""

    pipeline_processes: Annotated[int, Positive] = 3
    """Worker processes each server worker keeps for the pipeline (``PIPELINE_PROCESSES``),
    started on demand. Every document runs in one of them under its time budget; more than one
    lets a small page pass while a slow one runs out its budget."""

    queue_length: Annotated[int, NotNegative] = 16
    """Requests each server worker holds waiting for a pipeline process (``QUEUE_LENGTH``),
    beyond those being processed. Past it requests get 503 ``overloaded`` with ``Retry-After``
    and ``/readyz`` answers 503 until the queue drains."""

    malloc_mmap_threshold_bytes: Annotated[int, Meta(ge=0, le=MAX_MMAP_THRESHOLD)] = 128 * 1024
    """Request bodies at least this large get memory mappings of their own in each server
    worker, returned to the system when the request is done (``MALLOC_MMAP_THRESHOLD_BYTES``;
    glibc's ``mallopt``, see :mod:`article_normalizer.serving.allocator`). 128 KiB is glibc's
    starting value, which it otherwise raises as it frees larger blocks, letting a worker's
    memory creep up over thousands of documents; 0 leaves the allocator's own behaviour."""

    graceful_timeout_s: int = 30
    """Seconds a worker gets to finish in-flight requests after SIGTERM (``GRACEFUL_TIMEOUT_S``)."""

    log_level: LogLevel = "info"
    """Minimum level of log lines: debug, info, warning, error (``LOG_LEVEL``)."""

    log_format: LogFormat = "json"
    """``json`` for one JSON object per line (production, log shippers) or ``console`` for
    humans (``LOG_FORMAT``)."""

    # Serving edges: the bind address, proxy trust, and the limits on what a client may make a
    # worker hold (request head size, stalled reads).

    host: Annotated[str, Meta(min_length=1)] = "127.0.0.1"
    """Address gunicorn binds (``HOST``). Loopback by default, so a developer's ``make serve``
    is not reachable from the network; the container image and the ConfigMap set ``0.0.0.0``."""

    forwarded_allow_ips: str = ""
    """Comma-separated peer addresses or networks whose ``X-Forwarded-For`` and
    ``X-Forwarded-Proto`` are believed (``FORWARDED_ALLOW_IPS``; ``*`` for any). Empty trusts
    none, so a client cannot choose the address the logs show by sending the header itself."""

    max_header_bytes: Annotated[int, Positive] = 64 * 1024
    """Largest request line plus headers, in bytes (``MAX_HEADER_BYTES``); a larger head gets
    400 and the connection closed before the server buffers more of it."""

    header_read_timeout_s: Annotated[float, Positive] = 10.0
    """Seconds a client has to send a complete request head once it connects or starts one on a
    kept-alive connection (``HEADER_READ_TIMEOUT_S``); then the connection is closed (408 if part
    of a head came). Keeps stalled or idle-after-connect clients from holding connections."""

    body_read_timeout_s: Annotated[float, Positive] = 30.0
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
        values: dict[str, str] = {}
        for field in msgspec.structs.fields(cls):
            raw = env.get(field.name.upper(), "").strip()
            if raw:
                # Words (log levels, hosts) are case-insensitive; numbers are unaffected.
                values[field.name] = raw.lower()
        try:
            settings = msgspec.convert(values, cls, strict=False)
        except msgspec.ValidationError as exc:
            raise ValueError(_named_by_variable(str(exc), values)) from None
        settings.validate()
        return settings

    def validate(self) -> None:
        """What the field types cannot say: each trusted proxy is an address or a network."""
        for address in self.forwarded_allow_list:
            if address != "*":
                try:
                    ipaddress.ip_network(address)
                except ValueError:
                    raise ValueError(
                        f"FORWARDED_ALLOW_IPS: expected addresses or networks, got {address!r}"
                    ) from None


_AT_FIELD = re.compile(r"^(?P<what>.*) - at `\$\.(?P<field>\w+)`$")


def _named_by_variable(message: str, values: Mapping[str, str]) -> str:
    """msgspec's ``Expected `int` >= 1 - at `$.port``` as ``PORT='0': expected `int` >= 1``:
    the operator sets variables, not JSON paths."""
    match = _AT_FIELD.match(message)
    if match is None:
        return message
    name = match["field"]
    what = match["what"]
    return f"{name.upper()}={values.get(name)!r}: {what[:1].lower()}{what[1:]}"
