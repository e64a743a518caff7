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
	podman volume rm --force "$container-tmp" >/dev/null 2>&1 || true
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
		"$tarball" "$qualified_base" >"$work/import.log" 2>&1 ||
		{ cat "$work/import.log" >&2; die "podman import failed"; }
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
# Names only: an index URL or a proxy may carry credentials, and this log is CI's.
log "pip settings passed to the build: $(sed -n 's/ = .*//p' "$work/pip.conf" | tr '\n' ' ')"
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
previous=$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
podman build --format docker --network host --pull=never --layers \
	--build-arg "BASE_IMAGE=$base_image" \
	--build-arg "REVISION=$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
	--build-arg "CREATED=$(git log -1 --format=%cI 2>/dev/null || echo unknown)" \
	"${secrets[@]}" --tag "$image" "$repo" >"$work/build.log" 2>&1 ||
	{ tail -40 "$work/build.log" >&2; die "podman build failed"; }
size=$(podman image inspect "$image" --format '{{.Size}}')
# The previous build, now untagged, would pile up run after run.
if [ -n "$previous" ] && [ "$previous" != "$(podman image inspect --format '{{.Id}}' "$image")" ]; then
	podman rmi "$previous" >/dev/null 2>&1 || true
fi
log "built in $(($(date +%s) - build_started))s, $((size / 1000000)) MB"

# Secrets must not have reached any layer; the HEALTHCHECK must have survived (docker format).
history=$(podman history --no-trunc --format '{{.CreatedBy}}' "$image")
if grep -q -e 'pip.conf' -e 'ca-certificates.crt' <<<"$history"; then
	die "a build secret path appears in the image history"
fi
podman image inspect "$image" --format '{{.HealthCheck}}' | grep -q healthz ||
	die "the image has no HEALTHCHECK (built without --format docker?)"
podman run --rm --health-interval disable --user 0 --entrypoint /bin/sh "$image" -c \
	'test ! -e /etc/pip.conf && test ! -e /run/secrets/pipconf && test ! -e /root/.cache/pip' ||
	die "pip configuration or cache left in the image"


# --- 4. run it as production does ----------------------------------------------------------
# Documents: the seeds when ../shared is there, and generated news pages (the graceful
# shutdown test's generator) large enough to still be in flight when SIGTERM arrives: twelve
# of them keep two workers busy for seconds, far longer than the wait for the accept queue.
mkdir -p "$work/docs"
if compgen -G "$shared/seeds/*.txt" >/dev/null; then
	cp "$shared"/seeds/*.txt "$work/docs/"
else
	log "no seeds in $shared/seeds: generated pages only"
fi
PYTHONPATH=$repo "$host_python" - "$work/big" <<'PY'
import random
import sys
from pathlib import Path

from tests.deploy.test_graceful_shutdown import news_page

rng = random.Random(7)
out = Path(sys.argv[1])
out.mkdir()
for i in range(6):
    (out / f"page{i}.txt").write_text(news_page(rng, paragraphs=1500), encoding="utf-8")
PY
compgen -G "$work/docs/*.txt" >/dev/null || cp "$work/big/page0.txt" "$work/docs/"

# post FILE PORT OUT: POST one text document; prints the HTTP status.
post() {
	curl --silent --show-error --max-time 120 --output "$3" --write-out '%{http_code}' \
		--header 'Content-Type: text/plain; charset=utf-8' --data-binary "@$1" \
		"http://127.0.0.1:$2/v1/normalize"
}
# answer_complete FILE: the whole Article came back (whatever its quality).
answer_complete() {
	"$host_python" -c 'import json, sys; a = json.load(open(sys.argv[1])); sys.exit(0 if {"body", "removed"} <= a.keys() else 1)' "$1"
}
# article_ok FILE: a complete JSON article with a title and a body (asked of real pages only).
article_ok() {
	"$host_python" -c 'import json, sys; a = json.load(open(sys.argv[1])); sys.exit(0 if a.get("title") and a.get("body") else 1)' "$1"
}
show_logs() { # CONTAINER: its last log lines, without the readiness polls
	podman logs "$1" 2>&1 | grep -v -e '"path": "/readyz"' | tail -40 | cut -c1-600 >&2
}
wait_ready() { # PORT: poll /readyz for up to 120 s
	local i
	for i in $(seq 240); do
		curl --silent --fail --max-time 2 "http://127.0.0.1:$1/readyz" >/dev/null && return 0
		sleep 0.5
	done
	return 1
}

port=$(free_port)
log "running $image read-only, tmpfs /tmp, published on 127.0.0.1:$port"
# No systemd here to schedule the HEALTHCHECK: it is run by hand below instead. A generous
# document budget: on a crowded machine a 422 `timeout` would be the budget's doing, and this
# run is about serving and draining.
podman run --detach --name "$container" \
	--read-only --read-only-tmpfs=false --tmpfs /tmp:rw,nosuid,nodev,size=256m \
	--cap-drop ALL --security-opt no-new-privileges --health-interval disable \
	--env WORKERS=2 --env DOCUMENT_TIME_BUDGET_S=60 \
	--publish "127.0.0.1:$port:8000" "$image" >/dev/null
run_started=$(date +%s)
wait_ready "$port" || { show_logs "$container"; die "the container never became ready"; }
log "ready after $(($(date +%s) - run_started))s"

[ "$(podman exec "$container" id -u)" = 10001 ] || die "the server does not run as uid 10001"
podman exec "$container" sh -c 'touch /srv/x' 2>/dev/null && die "the root filesystem is writable"
podman exec "$container" sh -c 'touch /tmp/x && rm /tmp/x' || die "/tmp is not writable"
podman healthcheck run "$container" >/dev/null || die "the image's HEALTHCHECK fails"

for doc in "$work"/docs/*.txt; do
	status=$(post "$doc" "$port" "$work/answer.json") || die "POST $(basename "$doc") failed"
	[ "$status" = 200 ] || { head -c 600 "$work/answer.json" >&2; die "POST $(basename "$doc"): HTTP $status"; }
	case $doc in
	*/page*.txt) answer_complete "$work/answer.json" || die "$(basename "$doc"): incomplete answer" ;;
	*) article_ok "$work/answer.json" || die "$(basename "$doc"): no title or body in the answer" ;;
	esac
done
log "answered $(find "$work/docs" -name '*.txt' | wc -l) documents; memory $(podman stats --no-stream --format '{{.MemUsage}}' "$container")"

# SIGTERM with requests in flight: every one must get its complete answer, and the server must
# exit 0. The clients connect first; the signal goes once the accept queue is empty, so every
# request counted had been accepted (the Deployment's preStop delay covers the rest).
pids=()
for i in $(seq 0 11); do
	post "$work/big/page$((i % 6)).txt" "$port" "$work/inflight$i.json" >"$work/inflight$i.code" 2>&1 &
	pids+=($!)
done
# The container's network namespace, seen from here: its listening socket's accept queue.
container_pid=$(podman inspect --format '{{.State.Pid}}' "$container")
accept_queue() {
	local n=0 state queues
	while read -r _ _ _ state queues _; do
		[ "$state" = 0A ] && n=$((n + 16#${queues#*:}))
	done <"/proc/$container_pid/net/tcp"
	echo "$n"
}
sleep 0.2
for _ in $(seq 100); do
	[ "$(accept_queue)" = 0 ] && break
	sleep 0.02
done
in_flight=0
for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && in_flight=$((in_flight + 1)); done
((in_flight > 0)) || die "no request was in flight at SIGTERM: the check proved nothing"
podman kill --signal TERM "$container" >/dev/null
failed=0
for i in "${!pids[@]}"; do
	wait "${pids[$i]}" || true
	code=$(cat "$work/inflight$i.code")
	if [ "$code" != 200 ] || ! answer_complete "$work/inflight$i.json"; then
		log "in-flight request $i: HTTP $code"
		failed=$((failed + 1))
	fi
done
exit_code=$(podman wait "$container")
((failed == 0)) || die "$failed of ${#pids[@]} in-flight requests failed after SIGTERM"
[ "$exit_code" = 0 ] || { show_logs "$container"; die "the server exited $exit_code after SIGTERM"; }
log "SIGTERM with $in_flight requests in flight: all ${#pids[@]} answered, exit code 0"
podman rm "$container" >/dev/null

# --- 5. the Kubernetes Deployment under podman kube play ------------------------------------
kube_port=$(free_port)
kube_volume=$container-tmp
"$host_python" - "$repo/k8s" "$image" "$kube_port" "$kube_volume" "$work/kube.yaml" <<'PY'
import sys
from pathlib import Path

import yaml

k8s, image, port, volume, out = sys.argv[1:]
k8s = Path(k8s)
configmap = yaml.safe_load((k8s / "configmap.yaml").read_text())
deployment = yaml.safe_load((k8s / "deployment.yaml").read_text())
# A test copy: one replica, the image just built, a host port on loopback only, and a volume
# name of its own (podman 4.3 turns an emptyDir into a named volume).
deployment["spec"]["replicas"] = 1
pod = deployment["spec"]["template"]["spec"]
(api,) = pod["containers"]
api["image"] = image
api["imagePullPolicy"] = "Never"
api["ports"][0].update(hostPort=int(port), hostIP="127.0.0.1")
(tmp,) = pod["volumes"]
(mount,) = api["volumeMounts"]
tmp["name"] = mount["name"] = volume
Path(out).write_text(yaml.safe_dump_all([configmap, deployment], sort_keys=False))
PY
log "podman kube play of k8s/deployment.yaml (+ configmap) on 127.0.0.1:$kube_port"
podman kube play "$work/kube.yaml" >"$work/kube.log" 2>&1 || { cat "$work/kube.log" >&2; die "kube play failed"; }
kube_container=$(podman ps --filter label=io.kubernetes.pod.name --format '{{.Names}}' |
	grep -m1 -- '-api$' || true)
[ -n "$kube_container" ] || kube_container=$(podman ps --format '{{.Names}}' | grep -m1 -- '-api$')
wait_ready "$kube_port" || { show_logs "$kube_container"; die "the pod never became ready"; }
[ "$(podman inspect "$kube_container" --format '{{.HostConfig.ReadonlyRootfs}}')" = true ] ||
	die "the pod's root filesystem is not read-only"
[ "$(podman exec "$kube_container" id -u)" = 10001 ] || die "the pod does not run as uid 10001"
doc=$(find "$work/docs" -name '*.txt' | sort | head -1)
status=$(post "$doc" "$kube_port" "$work/answer.json") || die "POST to the pod failed"
if [ "$status" != 200 ] || ! answer_complete "$work/answer.json"; then
	die "the pod answered HTTP $status"
fi
log "the Deployment's pod answered $(basename "$doc")"
podman kube down "$work/kube.yaml" >/dev/null 2>&1
rm "$work/kube.yaml"
podman volume rm --force "$kube_volume" >/dev/null 2>&1 || true

log "PASS: image $image ($((size / 1000000)) MB) built, run read-only, drained on SIGTERM, played as a pod"
