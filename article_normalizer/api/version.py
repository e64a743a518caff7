"""``GET /version`` and the ``normalizer_build_info`` metric: which build answered.

Two answers for the same page differ when the package, the line model or the rules data differ,
so a client comparing results, and a dashboard comparing pods during a rollout, need all three.
The values come from :func:`article_normalizer.version.build_info`, the same the CLI's
``--version`` and
the spec's ``info.version`` report.
"""

from __future__ import annotations

from typing import Annotated

from litestar import get
from msgspec import Meta, Struct
from prometheus_client import Gauge

from article_normalizer.version import build_info

BUILD_INFO = Gauge(
    "normalizer_build_info",
    "Always 1; the labels name the build: package version, line model version and training "
    "commit, rules data digest.",
    ["version", "model_version", "model_commit", "rules_version"],
    multiprocess_mode="max",
)


def publish_build_info() -> None:
    """Set the build-info sample (each worker does at start; workers agree on the labels)."""
    info = build_info()
    BUILD_INFO.labels(info.version, info.model_version, info.model_commit, info.rules_version).set(
        1
    )


class VersionInfo(Struct, kw_only=True):
    """The versions that decide an answer: package, line model and rules data."""

    version: Annotated[
        str,
        Meta(
            description="The package version (also the spec's `info.version`).", examples=["0.1.0"]
        ),
    ]
    model_version: Annotated[
        str, Meta(description="Version of the line classifier model.", examples=["2"])
    ]
    model_feature_version: Annotated[
        int, Meta(description="Version of the line features the model reads.", examples=[2])
    ]
    model_commit: Annotated[
        str,
        Meta(
            description="Commit of the code the model was trained with (from the model file's "
            "own provenance record).",
            examples=["a5894bbd67d4"],
        ),
    ]
    rules_version: Annotated[
        str,
        Meta(
            description="Digest of the rules data files (lexicons, patterns, outlets): changes "
            "with any edit to them.",
            examples=["a407bc776098"],
        ),
    ]


@get(
    "/version",
    operation_id="version",
    summary="Build versions",
    tags=["operations"],
    response_description="The package, model and rules versions of this server.",
)
async def version() -> VersionInfo:
    """Which build answers: compare it across pods during a rollout, or store it with results."""
    info = build_info()
    return VersionInfo(
        version=info.version,
        model_version=info.model_version,
        model_feature_version=info.model_feature_version,
        model_commit=info.model_commit,
        rules_version=info.rules_version,
    )


VERSION_ROUTES = [version]
