# Article normalization service: two stages. The first installs every dependency from
# requirements.lock (hashes checked) and the service itself as a wheel into a virtual
# environment; the second is the same slim base with only that environment copied in, run as a
# non-root numeric user.
#
# Build (BuildKit or buildah/podman):
#   docker build -t article-normalizer .
# Production pins the base by digest:
#   docker build --build-arg BASE_IMAGE=python:3.11-slim-bookworm@sha256:<digest> ...
# Behind a private index or a TLS-intercepting proxy, pass pip's configuration and the CA
# bundle as build secrets; they are mounted for the pip steps only and never stored in a layer:
#   docker build --secret id=pipconf,src=/etc/pip.conf --secret id=cacert,src=/path/ca.pem ...

ARG BASE_IMAGE=python:3.11-slim-bookworm

FROM ${BASE_IMAGE} AS build

# `python3` rather than `python`: Debian's own interpreter (a stand-in base built from
# bookworm packages) has no `python` alias. The venv marks itself as not externally managed,
# so Debian's EXTERNALLY-MANAGED marker does not apply inside it.
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PYTHONDONTWRITEBYTECODE=1
RUN python3 -m venv /opt/venv
WORKDIR /src

# A C compiler for the package's Cython extension (setup.py), in this stage only: the runtime
# stage copies the built virtual environment and carries no compiler. The official image has
# the Python headers; a base built from Debian packages gets them from python3-dev.
# hadolint ignore=DL3008
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    headers=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["include"])') \
    && set -- gcc libc6-dev \
    && { [ -f "$headers/Python.h" ] || set -- "$@" python3-dev; } \
    && apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"

# Dependencies first, from the lock alone (exact versions, every file's hash checked: two
# builds ship the same libraries), so editing the service does not rebuild them. pip's cache
# lives in a cache mount: fast rebuilds, nothing cached inside the image. pip is upgraded
# first: Debian's 23.0 does not normalise extra names (PEP 685).
COPY requirements.lock ./
RUN --mount=type=secret,id=pipconf,required=false \
    --mount=type=secret,id=cacert,required=false \
    --mount=type=cache,target=/root/.cache/pip,sharing=locked \
    if [ -s /run/secrets/pipconf ]; then export PIP_CONFIG_FILE=/run/secrets/pipconf; fi; \
    if [ -s /run/secrets/cacert ]; then export PIP_CERT=/run/secrets/cacert; fi; \
    /opt/venv/bin/pip install 'pip>=24.2,<27' \
    && /opt/venv/bin/pip install --require-hashes -r requirements.lock

# The service itself, as a wheel (package data included, the Cython extension compiled: pip
# fetches Cython and setuptools into an isolated build environment, so neither joins the
# venv). The glob keeps the build working while README.md (the package's long description) is
# absent. The imports prove the wheel is complete and its extension built; pip and setuptools
# then leave the venv (21 MB the runtime never uses).
COPY pyproject.toml setup.py README.md* ./
COPY article_normalizer ./article_normalizer
RUN --mount=type=secret,id=pipconf,required=false \
    --mount=type=secret,id=cacert,required=false \
    --mount=type=cache,target=/root/.cache/pip,sharing=locked \
    if [ -s /run/secrets/pipconf ]; then export PIP_CONFIG_FILE=/run/secrets/pipconf; fi; \
    if [ -s /run/secrets/cacert ]; then export PIP_CERT=/run/secrets/cacert; fi; \
    /opt/venv/bin/pip wheel --no-deps --wheel-dir /wheels/app . \
    && /opt/venv/bin/pip install --no-index --no-deps /wheels/app/*.whl \
    && /opt/venv/bin/python -m compileall -q /opt/venv/lib \
    && /opt/venv/bin/python -P -c 'import article_normalizer.api.app' \
    && /opt/venv/bin/python -P -c 'import article_normalizer.normalize.lines._forest_walk, article_normalizer.normalize._language_walk' \
    && /opt/venv/bin/python -m pip uninstall --yes --quiet pip setuptools


FROM ${BASE_IMAGE} AS runtime

ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
ARG BASE_IMAGE
LABEL org.opencontainers.image.title="article-normalizer" \
      org.opencontainers.image.description="Stateless REST service that turns scraped news pages (text or HTML) into one clean, structured article." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="Proprietary" \
      org.opencontainers.image.base.name="${BASE_IMAGE}"

# A fixed numeric uid/gid so Kubernetes' runAsNonRoot can verify it without /etc/passwd.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid 10001 --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin app

COPY --from=build /opt/venv /opt/venv

# The root filesystem is read-only in production: bytecode is precompiled above, and HOME
# points at the /tmp volume so anything that writes under ~ (gunicorn's control socket,
# library caches) lands on the one writable mount.
ENV PATH=/opt/venv/bin:$PATH \
    HOME=/tmp \
    TMPDIR=/tmp \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 \
    PORT=8000
WORKDIR /srv
USER 10001:10001
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"]

# gunicorn is PID 1: it handles SIGTERM itself (stop accepting, finish in-flight requests,
# exit 0) and reaps its workers, so no init shim is needed.
STOPSIGNAL SIGTERM
CMD ["gunicorn", "--config", "python:article_normalizer.api.gunicorn_conf", "article_normalizer.api.app:app"]
