"""Shared helpers of the devstack system tests: the environment `devstack env` exported, the real OpenSSH
client logged in as the VPS account, plain HTTP to the proxy, and deadline-bounded waits."""

import json
import os
import shlex
import subprocess
import time
import urllib.error
import urllib.request

REQUIRED = ("RAGDESK_API_URL", "RAGDESK_SSH_HOST", "RAGDESK_SSH_PORT", "RAGDESK_SSH_USER", "RAGDESK_SSH_KEY",
            "RAGDESK_KNOWN_HOSTS", "RAGDESK_STACK_DIR", "RAGDESK_TOKEN", "RAGDESK_COMPOSE_PROJECT",
            "RAGDESK_STACK_ORIGIN")
SERVICES = ("proxy", "web", "worker", "postgres", "redis", "noise")
HEALTHCHECKED = ("proxy", "web", "worker", "postgres", "redis")


def env(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: run these tests with the output of `devstack env` exported "
                           f"(eval \"$(devstack/devstack env)\")")
    return value


def check_env():
    for name in REQUIRED:
        env(name)


def ssh_options():
    """OpenSSH client options for the VPS: the instance's key and known_hosts only, nothing from ~/.ssh."""
    return ["-F", "/dev/null", "-i", env("RAGDESK_SSH_KEY"), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
            "-o", "StrictHostKeyChecking=yes", "-o", f"UserKnownHostsFile={env('RAGDESK_KNOWN_HOSTS')}",
            "-o", "ConnectTimeout=10"]


def ssh_command():
    """The OpenSSH client logging in as the VPS account."""
    return (["ssh", "-p", env("RAGDESK_SSH_PORT")] + ssh_options()
            + [f"{env('RAGDESK_SSH_USER')}@{env('RAGDESK_SSH_HOST')}"])


def ssh(remote, *, input=None, timeout=120, check=True):
    """Runs a shell command on the VPS; returns the CompletedProcess (text)."""
    result = subprocess.run(ssh_command() + ["--", remote], input=input, capture_output=True, text=True,
                            timeout=timeout, stdin=None if input is not None else subprocess.DEVNULL)
    if check and result.returncode != 0:
        raise AssertionError(f"ssh {remote!r} exited {result.returncode}\nstdout: {result.stdout[-3000:]}\n"
                             f"stderr: {result.stderr[-3000:]}")
    return result


def git_ssh_env():
    """Environment for git over SSH to the VPS's origin, as the deploy account with the instance key."""
    # git adds the port and destination from the ssh:// URL.
    return dict(os.environ, GIT_SSH_COMMAND=shlex.join(["ssh"] + ssh_options()), GIT_TERMINAL_PROMPT="0",
                GIT_AUTHOR_NAME="devstack test", GIT_AUTHOR_EMAIL="test@ragdesk.invalid",
                GIT_COMMITTER_NAME="devstack test", GIT_COMMITTER_EMAIL="test@ragdesk.invalid")


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http(method, path, *, token=None, timeout=15, body=None):
    """Request through the proxy: (status, headers, body bytes); status None if the server is unreachable."""
    headers = {}
    data = None
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(env("RAGDESK_API_URL") + path, data=data, headers=headers, method=method)
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()
    except OSError as exc:
        return None, {}, str(exc).encode()


def wait_until(predicate, *, timeout, what, interval=0.2):
    """Polls predicate until it returns a true value (returned) or fails with AssertionError at the deadline."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        last = predicate()
        if last:
            return last
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def project_containers():
    """docker inspect (over SSH) of every container of the compose project."""
    project = env("RAGDESK_COMPOSE_PROJECT")
    ids = ssh(f"docker ps --all --quiet --no-trunc --filter label=com.docker.compose.project={project}").stdout.split()
    if not ids:
        return []
    return json.loads(ssh("docker inspect " + " ".join(ids)).stdout)


def service_container(service):
    """Id of the running container of a compose service, found over SSH."""
    project = env("RAGDESK_COMPOSE_PROJECT")
    ids = ssh(f"docker ps --quiet --no-trunc --filter label=com.docker.compose.project={project} "
              f"--filter label=com.docker.compose.service={service}").stdout.split()
    if len(ids) != 1:
        raise AssertionError(f"expected one running {service} container, found {ids}")
    return ids[0]


def unhealthy_services():
    """Services that are missing, not running, or (when they have a healthcheck) not healthy."""
    by_service = {}
    for item in project_containers():
        by_service[item["Config"]["Labels"].get("com.docker.compose.service")] = item
    problems = []
    for service in SERVICES:
        item = by_service.get(service)
        if item is None:
            problems.append(f"{service}: missing")
            continue
        state = item["State"]
        if state.get("Status") != "running":
            problems.append(f"{service}: {state.get('Status')}")
        elif service in HEALTHCHECKED and (state.get("Health") or {}).get("Status") != "healthy":
            problems.append(f"{service}: health {(state.get('Health') or {}).get('Status')}")
    return problems


def wait_stack_healthy(timeout=90):
    last = {}

    def healthy():
        last["problems"] = unhealthy_services()
        return not last["problems"]

    try:
        wait_until(healthy, timeout=timeout, what="every service healthy", interval=1.0)
    except AssertionError as exc:
        raise AssertionError(f"{exc}: {last.get('problems')}") from exc
