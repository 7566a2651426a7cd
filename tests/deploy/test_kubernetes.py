"""deploy/kubernetes without a cluster: the base and the production overlay rendered with
`kubectl kustomize`, every object checked against Kubernetes' own schemas (kubernetes-validate,
strict: no unknown field, no removed API version), then what a schema cannot see: the settings
the services really read and refuse, secrets, probes, the locked-down pods, the network policies,
and the parts compose also has (the commands, the migrations, the backup script)."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import kubernetes_validate
import pytest

from gateway.config import GatewaySettings
from shouhu_common.events import EventSettings
from shouhu_common.identity import private_key_from_setting, public_key_hex
from shouhu_common.settings import is_loopback_url
from tests.deploy.deployment import (
    ROOT,
    SETTINGS,
    all_secrets,
    prefix,
    required_secrets,
    variables,
    with_defaults,
)
from tests.deploy.deployment import services as compose_services
from tests.deploy.manifests import (
    KUSTOMIZATIONS,
    Object,
    environment,
    of_kind,
    only_container,
    pod_labels,
    pod_spec,
    render,
    secret_files,
    workloads,
)

FOLDERS = ["base", "overlays/production"]
# The newest Kubernetes kubernetes-validate 1.37.0 ships schemas for.
KUBERNETES_VERSION = "1.37"
NOT_SETTINGS = {"FORWARDED_ALLOW_IPS"}  # read by uvicorn (--proxy-headers)
# Secret without being a secret field: the URLs carry passwords.
CREDENTIALS = {"DATABASE_URL", "REDIS_URL", "EVENT_REDIS_URL"}
PORT = 8000


@pytest.fixture(params=FOLDERS)
def objects(request: pytest.FixtureRequest) -> tuple[Object, ...]:
    return render(request.param)


def test_every_object_matches_the_kubernetes_schemas(objects: tuple[Object, ...]) -> None:
    problems = []
    for obj in objects:
        where = f"{obj['kind']}/{obj['metadata']['name']}"
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            problems.append(f"{where}: {'.'.join(map(str, exc.path))}: {exc.message}")
        except kubernetes_validate.SchemaNotFoundError as exc:  # e.g. a removed apiVersion
            problems.append(f"{where}: {exc.message}")
    assert problems == []
    kinds = sorted(o["kind"] for o in objects if o["kind"] not in ("ConfigMap", "Namespace"))
    assert kinds == sorted(
        ["Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"] * 3
        + ["Job", "CronJob", "PersistentVolumeClaim", "Ingress", "Ingress"]
        + ["NetworkPolicy"] * 4
    )


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_each_service_runs_as_compose_runs_it(objects: tuple[Object, ...], name: str) -> None:
    deployment = of_kind(objects, "Deployment")[name]
    container = only_container(deployment)
    assert container["command"] == compose_services()[name]["command"]
    assert container["ports"] == [{"name": "http", "containerPort": PORT}]
    assert re.fullmatch(r"(.+/)?shouhu:[\w.-]+", container["image"]), container["image"]
    service = of_kind(objects, "Service")[name]
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
    assert service["spec"]["selector"].items() <= pod_labels(deployment).items()
    assert [(p["port"], p["targetPort"]) for p in service["spec"]["ports"]] == [(PORT, "http")]
    assert service["spec"].get("type", "ClusterIP") == "ClusterIP"


def test_probes_and_shutdown_let_requests_finish(objects: tuple[Object, ...]) -> None:
    longest = GatewaySettings.model_fields["long_request_timeout_s"].default
    for name, deployment in of_kind(objects, "Deployment").items():
        container = only_container(deployment)
        # A gateway is ready on its own: one service restarting must not take every gateway
        # (the PWA, sign-in, the other service) out of the Service.
        ready = "/readyz?scope=self" if name == "gateway" else "/readyz"
        for probe, path in (("readinessProbe", ready), ("livenessProbe", "/healthz")):
            assert container[probe]["httpGet"] == {"path": path, "port": "http"}, (name, probe)
        assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
        sleep = container["lifecycle"]["preStop"]["exec"]["command"]
        assert sleep[0] == "sleep", name
        grace = pod_spec(deployment)["terminationGracePeriodSeconds"]
        assert grace >= int(sleep[1]) + longest, f"{name}: a long import is cut off"
        assert pod_spec(deployment)["topologySpreadConstraints"], name
        assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0


def test_every_container_is_locked_down(objects: tuple[Object, ...]) -> None:
    shouhu_user = 10001  # the Dockerfile's USER
    for workload in workloads(objects):
        name, pod = workload["metadata"]["name"], pod_spec(workload)
        assert pod["automountServiceAccountToken"] is False, name
        assert pod["enableServiceLinks"] is False, f"{name}: service links add REGISTRY_… variables"
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        volumes = {v["name"]: v for v in pod["volumes"]}
        for container in pod["containers"]:
            context = container["securityContext"]
            assert context["runAsNonRoot"] is True, name
            assert context["readOnlyRootFilesystem"] is True, name
            assert context["allowPrivilegeEscalation"] is False, name
            assert context["capabilities"] == {"drop": ["ALL"]}, name
            tmp = next(m for m in container["volumeMounts"] if m["mountPath"] == "/tmp")
            assert "emptyDir" in volumes[tmp["name"]], name
            resources = container["resources"]
            for kind in ("requests", "limits"):
                assert set(resources[kind]) == {"cpu", "memory"}, (name, kind)
            if "shouhu" in container["image"]:
                assert pod["securityContext"]["runAsUser"] == shouhu_user, name


def test_replicas_are_the_autoscalers_and_disruptions_are_budgeted(
    objects: tuple[Object, ...],
) -> None:
    scalers = of_kind(objects, "HorizontalPodAutoscaler")
    budgets = of_kind(objects, "PodDisruptionBudget")
    for name, deployment in of_kind(objects, "Deployment").items():
        assert "replicas" not in deployment["spec"], f"{name}: every apply would undo the HPA"
        scaler = scalers[name]["spec"]
        target = {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}
        assert scaler["scaleTargetRef"] == target, name
        assert 2 <= scaler["minReplicas"] < scaler["maxReplicas"], name
        [metric] = scaler["metrics"]
        assert metric["resource"]["name"] == "cpu", name
        budget = budgets[name]["spec"]
        assert budget["selector"] == deployment["spec"]["selector"], name
        assert budget.get("maxUnavailable", 0) < scaler["minReplicas"], name


@pytest.mark.parametrize("name", [*sorted(SETTINGS), "migrate"])
def test_environment_is_what_the_settings_read(objects: tuple[Object, ...], name: str) -> None:
    workload = {**of_kind(objects, "Deployment"), **of_kind(objects, "Job")}[name]
    readers = [SETTINGS[name]] if name in SETTINGS else list(SETTINGS.values())
    known = set().union(*map(variables, readers)) | NOT_SETTINGS
    env = environment(objects, only_container(workload))
    unknown = {v for v in env if v.removesuffix("_FILE") not in known}
    assert not unknown, f"{name} sets variables no settings read: {sorted(unknown)}"
    named = {v.removesuffix("_FILE") for v in env}
    for settings in readers:
        missing = required_secrets(settings) | {f"{prefix(settings)}DATABASE_URL"}
        assert missing <= named, f"{name}: production refuses to start without {missing - named}"
        assert env[f"{prefix(settings)}ENV"] == {"value": "production"}
    assert "GATEWAY_DEMO_PASSWORD" not in env


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_production_starts_on_these_settings(
    objects: tuple[Object, ...], name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The service's own settings class, with made-up secrets where the manifests read Secrets."""
    settings_class = SETTINGS[name]
    signing_key = "ed25519:" + secrets.token_hex(32)
    made_up = {
        "INTERNAL_SIGNING_KEY": signing_key,
        "INTERNAL_PUBLIC_KEY": public_key_hex(private_key_from_setting(signing_key)),
        "DATABASE_URL": f"postgresql://shouhu_{name}:{secrets.token_hex(16)}@db.internal/{name}",
        "REDIS_URL": f"redis://:{secrets.token_hex(16)}@redis.internal:6379/0",
    }
    for variable in list(os.environ):
        if variable.startswith(prefix(settings_class)):
            monkeypatch.delenv(variable)
    container = only_container(of_kind(objects, "Deployment")[name])
    for variable, source in environment(objects, container).items():
        setting = variable.removesuffix("_FILE").removeprefix(prefix(settings_class))
        value = next((v for k, v in made_up.items() if setting.endswith(k)), secrets.token_hex(32))
        if "value" in source and variable.endswith("_FILE"):
            path = tmp_path / Path(source["value"]).name
            path.write_text(value + "\n")
            monkeypatch.setenv(variable, str(path))
        elif "value" in source:
            monkeypatch.setenv(variable, source["value"])
        elif not source["secretKeyRef"].get("optional"):
            monkeypatch.setenv(variable, value)
    try:
        settings = settings_class()
    except ValueError as exc:  # pydantic's ValidationError, or a _FILE that cannot be read
        pytest.fail(f"{name} refuses to start on the manifests' settings: {exc}")
    assert settings.env == "production"
    if name == "gateway":
        assert isinstance(settings, GatewaySettings)
        for upstream in ("registry", "supplies"):
            url = urlsplit(getattr(settings, f"{upstream}_url"))
            assert (url.hostname, url.port) == (upstream, PORT), "the Service's name and port"
            assert upstream in of_kind(objects, "Service")
        assert settings.redis_url.startswith("redis://")
    else:
        # Redis Streams: the replicas of supplies share one consumer group.
        assert isinstance(settings, EventSettings)
        assert settings.event_transport == "redis"


def test_secrets_come_from_secrets_only(objects: tuple[Object, ...]) -> None:
    assert not of_kind(objects, "Secret"), "secret values never go into the repository"
    sensitive = set().union(*map(all_secrets, SETTINGS.values())) | {"PGPASSWORD"}
    sensitive |= {f"{prefix(s)}{c}" for s in SETTINGS.values() for c in CREDENTIALS}
    for config_map in of_kind(objects, "ConfigMap").values():
        assert not sensitive & set(config_map.get("data", {})), config_map["metadata"]["name"]
    for workload in workloads(objects):
        for container in pod_spec(workload)["containers"]:
            files = secret_files(workload, container)
            for variable, source in environment(objects, container).items():
                where = f"{workload['metadata']['name']}: {variable}"
                if variable.endswith("_FILE"):
                    assert source["value"] in files, f"{where}: no Secret is mounted there"
                elif variable in sensitive:
                    assert set(source) == {"secretKeyRef"}, f"{where} is not read from a Secret"
                else:
                    value = source.get("value", "")
                    assert not re.search(r"://[^/@]*:[^/@]*@|dev-only", value), where


def secret_references(objects: tuple[Object, ...]) -> set[tuple[str, str]]:
    refs = set()
    for workload in workloads(objects):
        for container in pod_spec(workload)["containers"]:
            refs |= set(secret_files(workload, container).values())
            for source in environment(objects, container).values():
                if "secretKeyRef" in source:
                    refs.add((source["secretKeyRef"]["name"], source["secretKeyRef"]["key"]))
    return refs


def test_the_readme_names_every_secret_to_create(objects: tuple[Object, ...]) -> None:
    lines = (KUSTOMIZATIONS / "README.md").read_text().splitlines()
    for secret, key in sorted(secret_references(objects)):
        row = next((line for line in lines if line.startswith(f"| `{secret}` |")), None)
        assert row is not None, f"README.md: no row for the Secret {secret}"
        assert f"`{key}`" in row, f"README.md: {secret} has no key {key}"


def selected_rules(objects: tuple[Object, ...], labels: dict[str, str]) -> list[Object]:
    rules = []
    for policy in of_kind(objects, "NetworkPolicy").values():
        spec = policy["spec"]
        assert "matchExpressions" not in spec["podSelector"]
        if spec["podSelector"].get("matchLabels", {}).items() <= labels.items():
            assert spec["policyTypes"] == ["Ingress"], policy["metadata"]["name"]
            rules += spec.get("ingress", [])
    return rules


def test_network_policies_let_only_the_gateway_reach_the_services(
    objects: tuple[Object, ...],
) -> None:
    policies = of_kind(objects, "NetworkPolicy").values()
    assert any(p["spec"]["podSelector"] == {} and "ingress" not in p["spec"] for p in policies)
    gateway = {"app.kubernetes.io/name": "gateway"}
    port = [{"protocol": "TCP", "port": PORT}]
    controller = {
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}},
        "podSelector": {"matchLabels": {"app.kubernetes.io/name": "ingress-nginx"}},
    }
    expected = {
        "registry": [{"from": [{"podSelector": {"matchLabels": gateway}}], "ports": port}],
        "supplies": [{"from": [{"podSelector": {"matchLabels": gateway}}], "ports": port}],
        "gateway": [{"from": [controller], "ports": port}],
        "migrate": [],
        "backup": [],
    }
    for workload in workloads(objects):
        name = workload["metadata"]["name"]
        assert selected_rules(objects, pod_labels(workload)) == expected[name], name


def test_the_ingress_serves_the_gateway_over_tls(objects: tuple[Object, ...]) -> None:
    ingresses = of_kind(objects, "Ingress")
    main, metrics = ingresses["gateway"], ingresses["gateway-metrics"]
    [rule] = main["spec"]["rules"]
    [tls] = main["spec"]["tls"]
    assert tls["hosts"] == [rule["host"]]
    assert tls["secretName"]
    assert main["metadata"]["annotations"]["cert-manager.io/cluster-issuer"]
    for ingress in ingresses.values():
        for path in (p for r in ingress["spec"]["rules"] for p in r["http"]["paths"]):
            assert path["backend"] == {"service": {"name": "gateway", "port": {"number": PORT}}}
    annotations = {
        k.removeprefix("nginx.ingress.kubernetes.io/"): v
        for k, v in main["metadata"]["annotations"].items()
    }
    upload = GatewaySettings.model_fields["max_upload_bytes"].default
    assert int(annotations["proxy-body-size"].removesuffix("m")) * 2**20 > upload
    longest = GatewaySettings.model_fields["long_request_timeout_s"].default
    assert int(annotations["proxy-read-timeout"]) > longest
    assert int(annotations["proxy-send-timeout"]) > longest
    [metrics_rule] = metrics["spec"]["rules"]
    assert metrics_rule["host"] == rule["host"]
    assert [p["path"] for p in metrics_rule["http"]["paths"]] == ["/metrics"]
    deny = metrics["metadata"]["annotations"]["nginx.ingress.kubernetes.io/denylist-source-range"]
    assert set(deny.split(",")) == {"0.0.0.0/0", "::/0"}


def test_the_security_headers_are_the_caddyfiles(objects: tuple[Object, ...]) -> None:
    caddyfile = (ROOT / "deploy" / "caddy" / "Caddyfile").read_text()
    block = caddyfile.split("(security_headers) {", 1)[1].split("\n}", 1)[0]
    caddy = dict(re.findall(r'^\t\t([A-Z][\w-]+) "(.*)"$', block, re.MULTILINE))
    assert "Content-Security-Policy" in caddy
    assert of_kind(objects, "ConfigMap")["security-headers"]["data"] == caddy


def test_production_is_one_namespace_one_host_one_release() -> None:
    objects = render("overlays/production")
    [namespace] = of_kind(objects, "Namespace")
    labels = of_kind(objects, "Namespace")[namespace]["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    for obj in objects:
        if obj["kind"] != "Namespace":
            assert obj["metadata"]["namespace"] == namespace, obj["metadata"]["name"]
    ingress = of_kind(objects, "Ingress")["gateway"]
    host = ingress["spec"]["rules"][0]["host"]
    headers = ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/custom-headers"]
    assert headers == f"{namespace}/security-headers"
    registry = environment(objects, only_container(of_kind(objects, "Deployment")["registry"]))
    public = registry["REGISTRY_PUBLIC_BASE_URL"]["value"]
    assert public == f"https://{host}"
    assert not is_loopback_url(public)
    for workload in workloads(objects):
        image = only_container(workload)["image"]
        assert not image.endswith((":local", ":latest")), image
    base_scalers = of_kind(render("base"), "HorizontalPodAutoscaler")
    for name, scaler in of_kind(objects, "HorizontalPodAutoscaler").items():
        assert scaler["spec"]["maxReplicas"] > base_scalers[name]["spec"]["maxReplicas"], name


def test_migrations_run_with_every_services_settings(objects: tuple[Object, ...]) -> None:
    job = of_kind(objects, "Job")["migrate"]
    container = only_container(job)
    command = " ".join(container["command"])
    positions = [command.index(f"python -m {name}.cli migrate") for name in SETTINGS]
    assert positions == sorted(positions), "compose's order"
    assert "seed-demo" not in command
    assert pod_spec(job)["restartPolicy"] == "Never"
    env, files = environment(objects, container), secret_files(job, container)
    for name, deployment in of_kind(objects, "Deployment").items():
        server = only_container(deployment)
        assert container["image"] == server["image"], "the Job migrates to the image that runs"
        for variable, source in environment(objects, server).items():
            assert env.get(variable) == source, f"{variable}: the CLIs read {name}'s settings"
        for path, secret in secret_files(deployment, server).items():
            assert files.get(path) == secret, f"{path}: the CLIs read {name}'s secrets"
    # README.md applies all but the Deployments first, with this label selector.
    component = "app.kubernetes.io/component"
    servers = [o for o in objects if o["metadata"].get("labels", {}).get(component) == "server"]
    assert {o["kind"] for o in servers} == {"Deployment"}
    assert len(servers) == len(SETTINGS)
    assert "app.kubernetes.io/component!=server" in (KUSTOMIZATIONS / "README.md").read_text()


def test_backups_run_composes_script_nightly(objects: tuple[Object, ...]) -> None:
    compose = compose_services()["backup"]
    cron = of_kind(objects, "CronJob")["backup"]
    container = only_container(cron)
    assert container["image"] == compose["image"], "pg_dump of the server's major version"
    volumes = {v["name"]: v for v in pod_spec(cron)["volumes"]}
    mounts = {m["mountPath"]: volumes[m["name"]] for m in container["volumeMounts"]}
    assert container["command"][:2] == ["sh", "/backup/backup.sh"]
    assert container["command"][2:] == ["once"], "the CronJob is the schedule; one round a run"
    script = of_kind(objects, "ConfigMap")[mounts["/backup"]["configMap"]["name"]]
    assert script["data"]["backup.sh"] == (ROOT / "deploy" / "backup" / "backup.sh").read_text()
    env = environment(objects, container)
    backups = mounts[env["SHOUHU_BACKUP_DIR"]["value"]]["persistentVolumeClaim"]["claimName"]
    assert backups in of_kind(objects, "PersistentVolumeClaim")
    defaults = {k: with_defaults(v) for k, v in compose["environment"].items()}
    assert env["SHOUHU_BACKUP_KEEP_DAYS"] == {"value": defaults["SHOUHU_BACKUP_KEEP_DAYS"]}
    hour, minute = defaults["SHOUHU_BACKUP_AT"].split(":")
    assert cron["spec"]["schedule"] == f"{int(minute)} {int(hour)} * * *"
    assert cron["spec"]["timeZone"] == defaults["TZ"] == env["TZ"]["value"]
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    assert set(env["PGPASSWORD"]) == {"secretKeyRef"}
