"""Reading rendered Kubernetes objects (tests/deploy/test_kubernetes.py): `kubectl kustomize` of a
folder of deploy/kubernetes, and what a workload's pods and containers get."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from typing import Any

import pytest
import yaml

from tests.deploy.deployment import ROOT

KUSTOMIZATIONS = ROOT / "deploy" / "kubernetes"
Object = dict[str, Any]


@cache
def render(folder: str) -> tuple[Object, ...]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.fail(
            "kubectl is missing: these tests render deploy/kubernetes with `kubectl kustomize` "
            "(kubectl 1.27 or newer, with kustomize v5); install it, e.g. from Kubernetes' or "
            "Google Cloud's apt repository"
        )
    result = subprocess.run(
        [kubectl, "kustomize", str(KUSTOMIZATIONS / folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return tuple(doc for doc in yaml.safe_load_all(result.stdout) if doc)


def of_kind(objects: tuple[Object, ...], kind: str) -> dict[str, Object]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def pod_spec(workload: Object) -> Object:
    spec = workload["spec"]
    if workload["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]["spec"]


def pod_labels(workload: Object) -> dict[str, str]:
    spec = workload["spec"]
    if workload["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]["metadata"]["labels"]


def workloads(objects: tuple[Object, ...]) -> list[Object]:
    return [o for o in objects if o["kind"] in ("Deployment", "Job", "CronJob")]


def only_container(workload: Object) -> Object:
    [container] = pod_spec(workload)["containers"]
    return container


def environment(objects: tuple[Object, ...], container: Object) -> dict[str, Object]:
    """A container's variables: {"value": …} (literal or from a ConfigMap), or their valueFrom."""
    maps = of_kind(objects, "ConfigMap")
    env: dict[str, Object] = {}
    for source in container.get("envFrom", []):
        assert set(source) == {"configMapRef"}, f"envFrom {source}: only ConfigMaps, key by key"
        for name, value in maps[source["configMapRef"]["name"]]["data"].items():
            env[name] = {"value": value}
    for item in container.get("env", []):
        env[item["name"]] = item.get("valueFrom") or {"value": item.get("value", "")}
    return env


def secret_files(workload: Object, container: Object) -> dict[str, tuple[str, str]]:
    """The files a container has from Secrets: path -> (secret, key)."""
    volumes = {v["name"]: v for v in pod_spec(workload).get("volumes", [])}
    files = {}
    for mount in container.get("volumeMounts", []):
        volume = volumes[mount["name"]]
        sources = [s["secret"] for s in volume.get("projected", {}).get("sources", [])]
        if "secret" in volume:
            sources.append({"name": volume["secret"]["secretName"], **volume["secret"]})
        for source in sources:
            assert source.get("items"), f"{mount['name']}: name the keys, so the files are known"
            for item in source["items"]:
                files[f"{mount['mountPath']}/{item['path']}"] = (source["name"], item["key"])
    return files
