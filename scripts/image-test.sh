#!/usr/bin/env bash
# Build the production image and run it the way production runs it, on a machine with no
# Docker engine and no access to container registries (only package registries):
#
#   1. podman, buildah, runc... come from Debian when missing (CI machines are fresh).
#   2. When the base image is absent, a stand-in is built from Debian packages
#      (debootstrap minbase + python3 + python3-venv), cached as a tarball outside the repo,
#      and imported under the base image's name. It differs from the official image (Debian's
#      /usr/bin/python3, an EXTERNALLY-MANAGED marker): the Dockerfile must work on both.
#   3. The image is built with this machine's pip configuration and CA bundle as build secrets.
#   4. The container runs with a read-only root, a tmpfs /tmp, as its non-root user: it must
#      answer a seed document, pass its HEALTHCHECK, and on SIGTERM finish every in-flight
#      request and exit 0.
#   5. The Kubernetes Deployment runs under `podman kube play` and must answer too.
#
# Everything it starts is removed on exit; the base tarball and the images stay as a cache.
# Environment: IMAGE, BASE_IMAGE, IMAGE_TEST_CACHE, SHARED, DEBIAN_MIRROR.
set -euo pipefail

started=$(date +%s)
cd "$(dirname "$0")/.."
repo=$PWD

image=${IMAGE:-localhost/article-normalizer:test}
base_image=${BASE_IMAGE:-python:3.11-slim-bookworm}
cache_dir=${IMAGE_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/article-normalizer/image-test}
shared=${SHARED:-$repo/../shared}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
export CONTAINERS_CONF=$repo/scripts/containers.conf

# The repo's venv has PyYAML (kubernetes-validate needs it) and pip; plain python3 otherwise.
host_python=python3
[ -x "$repo/.venv/bin/python" ] && host_python=$repo/.venv/bin/python

log() { printf '[image-test %4ss] %s\n' "$(($(date +%s) - started))" "$*" >&2; }
die() {
	log "FAIL: $*"
	exit 1
}

work=$(mktemp -d)
container=article-normalizer-test-$$
cleanup() {
	local rc=$?
	podman rm --force --time 0 "$container" >/dev/null 2>&1 || true
	if [ -f "$work/kube.yaml" ]; then
		podman kube down "$work/kube.yaml" >/dev/null 2>&1 || true
	fi
	rm -rf "$work"
	log "exit code $rc after $(($(date +%s) - started))s"
}
trap cleanup EXIT

free_port() {
	"$host_python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- 1. tools -------------------------------------------------------------------------------
missing=()
for tool in podman:podman buildah:buildah runc:runc debootstrap:debootstrap \
	slirp4netns:slirp4netns newuidmap:uidmap fuse-overlayfs:fuse-overlayfs curl:curl; do
	command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
done
if ((${#missing[@]})); then
	[ "$(id -u)" = 0 ] || die "missing ${missing[*]}: apt-get install them, or run as root"
	log "installing ${missing[*]} from Debian"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >"$work/apt.log" 2>&1 ||
		{ tail -20 "$work/apt.log" >&2; die "apt-get install failed"; }
fi
log "$(podman --version), $(buildah --version | cut -d' ' -f1-3), $(runc --version | head -1)"

# --- 2. base image --------------------------------------------------------------------------
# A short name means Docker Hub's library, which is what FROM resolves it to.
qualified_base=$base_image
case $base_image in
*/*) [[ ${base_image%%/*} == *[.:]* || ${base_image%%/*} == localhost ]] ||
	qualified_base=docker.io/$base_image ;;
*) qualified_base=docker.io/library/$base_image ;;
esac
if podman image exists "$qualified_base"; then
	log "base image $qualified_base present"
else
	mkdir -p "$cache_dir"
	tarball=$cache_dir/bookworm-minbase-python3-v1.tar
	if [ ! -s "$tarball" ]; then
		log "building a stand-in for $base_image with debootstrap (cached in $cache_dir)"
		rootfs=$(mktemp -d "$cache_dir/rootfs.XXXXXX")
		debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
			bookworm "$rootfs" "$mirror" >"$cache_dir/debootstrap.log" 2>&1 ||
			{ tail -20 "$cache_dir/debootstrap.log" >&2; rm -rf "$rootfs"; die "debootstrap failed"; }
		rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
		tar --numeric-owner -C "$rootfs" -cf "$tarball.part" .
		mv "$tarball.part" "$tarball"
		rm -rf "$rootfs"
	fi
	log "importing the stand-in as $qualified_base"
	podman import \
		--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		--change 'ENV LANG=C.UTF-8' \
		--change 'CMD ["python3"]' \
		--change 'LABEL org.opencontainers.image.description="local stand-in for python:3.11-slim-bookworm (Debian bookworm minbase + python3), built by scripts/image-test.sh"' \
		"$tarball" "$qualified_base" >/dev/null
fi

# --- 3. build -------------------------------------------------------------------------------
# pip's configuration without what only exists on this machine (local paths, file:// indexes,
# constraint files), so the build sees the same package index and proxy settings.
"$host_python" - "$work/pip.conf" <<'PY'
import subprocess
import sys

KEEP = {"index-url", "extra-index-url", "trusted-host", "timeout", "default-timeout",
        "retries", "proxy", "client-cert"}
out = subprocess.run([sys.executable, "-m", "pip", "config", "list"],
                     capture_output=True, text=True, check=False).stdout
settings: dict[str, str] = {}
for line in out.splitlines():
    key, _, value = line.partition("=")
    name = key.rpartition(".")[2]
    if name not in KEEP:
        continue
    value = value.strip().strip("'\"")
    if name.endswith("url") or name == "trusted-host":
        value = " ".join(v for v in value.split() if not v.startswith(("file:", "/")))
    if value:
        settings[name] = value
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("[global]\n" + "".join(f"{k} = {v}\n" for k, v in sorted(settings.items())))
PY
log "pip configuration passed to the build: $(tr '\n' ' ' <"$work/pip.conf")"
secrets=(--secret "id=pipconf,src=$work/pip.conf")
pip_cert=$("$host_python" -m pip config get global.cert 2>/dev/null || true)
for ca in "${PIP_CERT:-}" "$pip_cert" "${SSL_CERT_FILE:-}" "${REQUESTS_CA_BUNDLE:-}" \
	/etc/ssl/certs/ca-certificates.crt; do
	if [ -n "$ca" ] && [ -s "$ca" ]; then
		secrets+=(--secret "id=cacert,src=$ca")
		log "CA bundle passed to the build: $ca"
		break
	fi
done

log "building $image"
build_started=$(date +%s)
podman build --format docker --network host --pull=never --layers \
	--build-arg "BASE_IMAGE=$base_image" \
	--build-arg "REVISION=$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
	--build-arg "CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
	"${secrets[@]}" --tag "$image" "$repo" >"$work/build.log" 2>&1 ||
	{ tail -40 "$work/build.log" >&2; die "podman build failed"; }
size=$(podman image inspect "$image" --format '{{.Size}}')
log "built in $(($(date +%s) - build_started))s, $((size / 1000000)) MB"

# Secrets must not have reached any layer; the HEALTHCHECK must have survived (docker format).
history=$(podman history --no-trunc --format '{{.CreatedBy}}' "$image")
if grep -q -e 'pip.conf' -e 'ca-certificates.crt' <<<"$history"; then
	die "a build secret path appears in the image history"
fi
podman image inspect "$image" --format '{{.HealthCheck}}' | grep -q healthz ||
	die "the image has no HEALTHCHECK (built without --format docker?)"
podman run --rm --entrypoint /bin/sh "$image" -c \
	'test ! -e /etc/pip.conf && test ! -e /run/secrets/pipconf && ! ls /root/.cache/pip 2>/dev/null' ||
	die "pip configuration or cache left in the image"

echo "image-test: the build and run steps follow" >/dev/null
