"""The compose project on the VPS: build and start it as the deploy account, bring it down, and read the
state and health of its containers."""

import contextlib
import json
import re

from . import engine
from .instance import ACCOUNT
from .util import DevstackError, output, run

SERVICES = ("proxy", "web", "worker", "postgres", "redis", "noise")
# Services that must report healthy (noise has no healthcheck: it only has to run).
HEALTHCHECKED = ("proxy", "web", "worker", "postgres", "redis")


def compose(inst, args, *, log=True, timeout=600, capture=False, check=True):
    """docker-compose in the stack dir as the deploy account, as an operator on the VPS runs it."""
    env = engine.docker_env(inst)
    env["COMPOSE_HTTP_TIMEOUT"] = "180"
    env.pop("COMPOSE_PROJECT_NAME", None)  # the stack's .env names the project
    kwargs = dict(cwd=inst.stack_dir, user=ACCOUNT, env=env, timeout=timeout, check=check)
    if capture:
        return run(["docker-compose"] + args, capture=True, **kwargs)
    return run(["docker-compose"] + args, log=inst.logfile("compose") if log else None, **kwargs)


def build(inst):
    compose(inst, ["build"], timeout=900)


def up(inst):
    compose(inst, ["up", "-d", "--remove-orphans"], timeout=600)


def down(inst, volumes=False):
    args = ["down", "--remove-orphans", "--timeout", "5"]
    if volumes:
        args.append("--volumes")
    compose(inst, args, timeout=300)


def images_present(inst):
    """True if every image the compose file names (as resolved with the VPS's .env) exists, so a build can
    be skipped."""
    config = compose(inst, ["config"], capture=True, timeout=60).stdout
    refs = re.findall(r"^\s+image:\s*['\"]?([^'\"\s]+)", config, flags=re.MULTILINE)
    if len(refs) < len(SERVICES):
        return False
    return all(run(["podman", "image", "exists", ref], check=False, quiet=True).returncode == 0 for ref in refs)


def containers(inst):
    """The project's containers, one dict each: name, service, id, state, health, image, revision."""
    listed = engine.project_containers(inst.project)
    details = engine.inspect_containers([c["Id"] for c in listed])
    rows = []
    for item in details:
        labels = item.get("Config", {}).get("Labels") or {}
        state = item.get("State", {})
        health = state.get("Health") or state.get("Healthcheck") or {}
        rows.append({
            "name": item.get("Name", "").lstrip("/"),
            "service": labels.get("com.docker.compose.service", "?"),
            "id": item.get("Id", ""),
            "state": state.get("Status", "?"),
            "health": health.get("Status") or ("" if not item.get("Config", {}).get("Healthcheck") else "starting"),
            "image": item.get("ImageName") or item.get("Config", {}).get("Image", ""),
            "revision": labels.get("org.opencontainers.image.revision", ""),
            "restarts": item.get("RestartCount", 0),
        })
    rows.sort(key=lambda r: (SERVICES.index(r["service"]) if r["service"] in SERVICES else 99, r["name"]))
    return rows


def service_container(inst, service):
    """The running container id of a service, or a DevstackError saying the stack is not up."""
    ids = output(["podman", "ps", "--quiet", "--no-trunc",
                  "--filter", f"label=com.docker.compose.project={inst.project}",
                  "--filter", f"label=com.docker.compose.service={service}"]).split()
    if not ids:
        raise DevstackError(f"no running {service} container in {inst.project}",
                            f"start the stack: devstack --instance {inst.name} up")
    return ids[0]


def unhealthy(rows):
    """Names of expected services that are missing, not running, or not healthy."""
    problems = []
    by_service = {r["service"]: r for r in rows}
    for service in SERVICES:
        row = by_service.get(service)
        if row is None:
            problems.append(f"{service}: no container")
        elif row["state"] != "running":
            problems.append(f"{service}: {row['state']}")
        elif service in HEALTHCHECKED and row["health"] != "healthy":
            problems.append(f"{service}: {row['health'] or 'no health'}")
    return problems


def crashing(rows):
    """Services whose container has exited or keeps restarting: (service, description) pairs."""
    found = []
    for row in rows:
        if row["service"] not in SERVICES:
            continue
        if row["state"] in ("exited", "dead", "stopped") or row["restarts"] >= 3:
            found.append((row["service"], f"{row['state']}, restarted {row['restarts']} times"))
    return found


def log_tail(inst, service, lines=25):
    result = compose(inst, ["logs", "--no-color", f"--tail={lines}", service], capture=True, check=False,
                     timeout=60)
    return (result.stdout or "") + (result.stderr or "")


def exec_in(inst, service, cmd, *, input=None, timeout=60, check=True):
    """Runs a command in a service's container (docker exec through the engine) and returns the result."""
    container = service_container(inst, service)
    args = ["docker", "exec"] + (["-i"] if input is not None else []) + [container] + cmd
    return run(args, env=engine.docker_env(inst), capture=True, input=input, timeout=timeout, check=check)


def logs(inst, service, tail, follow):
    args = ["logs", "--no-color", "--timestamps", f"--tail={tail}"]
    if follow:
        args.append("--follow")
    if service:
        args.append(service)
    env = engine.docker_env(inst)
    env.pop("COMPOSE_PROJECT_NAME", None)
    with contextlib.suppress(KeyboardInterrupt):
        run(["docker-compose"] + args, cwd=inst.stack_dir, env=env, user=ACCOUNT, timeout=None if follow else 120,
            check=False)


def parse_json_line(text):
    """The last line of text that parses as a JSON object."""
    for line in reversed(text.strip().splitlines()):
        with contextlib.suppress(json.JSONDecodeError):
            value = json.loads(line)
            if isinstance(value, dict):
                return value
    return None
