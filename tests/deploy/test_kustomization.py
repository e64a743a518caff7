"""The deployment files agree with each other and with the code they deploy.

kubernetes-validate (make lint-deploy) checks each manifest against the Kubernetes schema;
these tests check what no schema can: that kustomize deploys every manifest, that selectors
select the pods, that the ConfigMap carries the settings the service reads, that the shutdown
budget adds up, and that the Dockerfile, the Makefile and the Deployment describe the same
process.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from msgspec.structs import fields

from article_normalizer.api.health import healthz, readyz
from article_normalizer.serving.settings import Settings

REPO = Path(__file__).resolve().parents[2]
K8S = REPO / "k8s"
APP_LABEL = {"app.kubernetes.io/name": "article-normalizer"}


def load(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def kustomization() -> dict[str, Any]:
    (doc,) = load(K8S / "kustomization.yaml")
    return doc


def manifest_files() -> list[Path]:
    return sorted(p for p in K8S.glob("*.y*ml") if p.name != "kustomization.yaml")


def by_kind() -> dict[str, dict[str, Any]]:
    kinds: dict[str, dict[str, Any]] = {}
    for path in manifest_files():
        for doc in load(path):
            assert doc["kind"] not in kinds, f"two {doc['kind']} manifests"
            kinds[doc["kind"]] = doc
    return kinds


def container() -> dict[str, Any]:
    (api,) = by_kind()["Deployment"]["spec"]["template"]["spec"]["containers"]
    return api


def config() -> dict[str, str]:
    data: dict[str, str] = by_kind()["ConfigMap"]["data"]
    return data


def dockerfile_instructions(name: str) -> list[str]:
    """Arguments of every ``name`` instruction, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (REPO / "Dockerfile").read_text(encoding="utf-8"))
    return [m.group(1).strip() for m in re.finditer(rf"^{name}\s+(.*)$", text, re.MULTILINE)]


def test_kustomization_lists_every_manifest_once() -> None:
    resources = kustomization()["resources"]
    assert len(resources) == len(set(resources)), f"duplicates in {resources}"
    assert sorted(resources) == [p.name for p in manifest_files()]


@pytest.mark.parametrize("path", manifest_files(), ids=lambda p: p.name)
def test_each_manifest_is_one_labelled_resource(path: Path) -> None:
    (doc,) = load(path)
    assert doc["metadata"]["name"] == "article-normalizer"
    assert APP_LABEL.items() <= doc["metadata"]["labels"].items()


@pytest.mark.parametrize(
    ("kind", "selector_path"),
    [
        ("Deployment", ["spec", "selector", "matchLabels"]),
        ("Service", ["spec", "selector"]),
        ("PodDisruptionBudget", ["spec", "selector", "matchLabels"]),
        ("NetworkPolicy", ["spec", "podSelector", "matchLabels"]),
    ],
)
def test_selectors_select_the_deployments_pods(kind: str, selector_path: list[str]) -> None:
    kinds = by_kind()
    selector: Any = kinds[kind]
    for key in selector_path:
        selector = selector[key]
    pod_labels = kinds["Deployment"]["spec"]["template"]["metadata"]["labels"]
    assert selector, f"{kind} selects everything"
    assert selector.items() <= pod_labels.items()


def test_autoscaler_scales_the_deployment_on_cpu_from_two_pods() -> None:
    kinds = by_kind()
    hpa = kinds["HorizontalPodAutoscaler"]
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"]["kind"] == "Deployment"
    assert hpa["spec"]["scaleTargetRef"]["name"] == kinds["Deployment"]["metadata"]["name"]
    assert hpa["spec"]["minReplicas"] >= 2
    assert [m["resource"]["name"] for m in hpa["spec"]["metrics"]] == ["cpu"]
    # With a fixed replica count the HPA and every `kubectl apply` would fight.
    assert "replicas" not in kinds["Deployment"]["spec"]


def test_only_the_api_port_is_exposed_and_admitted() -> None:
    kinds = by_kind()
    (port,) = container()["ports"]
    (service_port,) = kinds["Service"]["spec"]["ports"]
    assert service_port["targetPort"] in (port["name"], port["containerPort"])
    (rule,) = kinds["NetworkPolicy"]["spec"]["ingress"]
    assert [p["port"] for p in rule["ports"]] in ([port["name"]], [port["containerPort"]])
    assert kinds["NetworkPolicy"]["spec"]["egress"] == []


def test_configmap_sets_exactly_the_settings_the_service_reads() -> None:
    data = config()
    assert set(data) == {f.name.upper() for f in fields(Settings)}
    settings = Settings.from_env(data)  # raises on a value the service would reject
    assert settings.port == container()["ports"][0]["containerPort"]
    refs = [e["configMapRef"]["name"] for e in container()["envFrom"]]
    assert refs == [by_kind()["ConfigMap"]["metadata"]["name"]]


def test_one_worker_per_cpu_of_the_limit() -> None:
    """os.cpu_count() in a pod is the node's, so WORKERS must be explicit and match the limit."""
    limits = container()["resources"]["limits"]
    assert int(config()["WORKERS"]) == int(limits["cpu"])
    requests = container()["resources"]["requests"]
    assert set(requests) == set(limits) == {"cpu", "memory"}


def test_shutdown_budget_covers_prestop_delay_and_graceful_timeout() -> None:
    pod = by_kind()["Deployment"]["spec"]["template"]["spec"]
    command = container()["lifecycle"]["preStop"]["exec"]["command"]
    assert command[0] == "sleep"
    pre_stop = int(command[1])
    graceful = Settings.from_env(config()).graceful_timeout_s
    assert pre_stop >= 5, "endpoint removal needs a few seconds to reach every proxy"
    assert pod["terminationGracePeriodSeconds"] > pre_stop + graceful


def test_pod_runs_locked_down_with_only_tmp_writable() -> None:
    pod = by_kind()["Deployment"]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    security = container()["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    mounts = {m["mountPath"]: m["name"] for m in container()["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert list(mounts) == ["/tmp"]
    assert "emptyDir" in volumes[mounts["/tmp"]]


def test_spread_across_nodes() -> None:
    pod = by_kind()["Deployment"]["spec"]["template"]["spec"]
    keys = [c["topologyKey"] for c in pod["topologySpreadConstraints"]]
    assert "kubernetes.io/hostname" in keys


def test_probes_ask_the_health_routes() -> None:
    api = container()
    assert api["readinessProbe"]["httpGet"]["path"] in readyz.paths
    assert api["livenessProbe"]["httpGet"]["path"] in healthz.paths
    assert api["startupProbe"]["httpGet"]["path"] in healthz.paths | readyz.paths


def test_image_user_and_port_match_the_pod() -> None:
    pod = by_kind()["Deployment"]["spec"]["template"]["spec"]
    (user,) = dockerfile_instructions("USER")
    assert user == f"{pod['securityContext']['runAsUser']}:{pod['securityContext']['runAsGroup']}"
    (expose,) = dockerfile_instructions("EXPOSE")
    assert expose == str(container()["ports"][0]["containerPort"])


def test_image_starts_gunicorn_like_make_serve() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    serve = re.search(r"^serve:.*\n\t(.*)$", makefile, re.MULTILINE)
    assert serve is not None
    (cmd,) = dockerfile_instructions("CMD")
    command = yaml.safe_load(cmd)  # the exec form is a JSON list
    assert command[0] == "gunicorn"
    assert " ".join(command[1:]) in serve.group(1)


def test_kustomize_image_override_names_the_deployments_image() -> None:
    """An overlay retags through `images:`; a name that matches no container does nothing."""
    names = {entry["name"] for entry in kustomization()["images"]}
    assert container()["image"].split(":")[0].split("@")[0] in names
