"""The container engine of one instance: `podman system service` serving the Docker API on a socket in the
instance's run dir, group-accessible for the deploy account. Podman keeps containers in one machine-wide
store, so every instance's service sees the same containers; each instance has its own service so that
instances start and stop independently (no refcount)."""

import contextlib
import http.client
import json
import os
import socket

from .instance import ENGINE_GROUP
from .system import ensure_group
from .util import DevstackError, info, make_dir, output, read_pid, run, spawn_daemon, stop_pidfile, wait_until

class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self._path)


def api_get(inst, path, timeout=5.0):
    """GET on the instance's Docker API socket; returns (status, parsed JSON or text), or None if unreachable."""
    conn = _UnixConnection(inst.socket, timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        body = resp.read().decode(errors="replace")
    except OSError:
        return None
    finally:
        conn.close()
    with contextlib.suppress(json.JSONDecodeError):
        return resp.status, json.loads(body)
    return resp.status, body


def answering(inst):
    reply = api_get(inst, "/_ping", timeout=2.0)
    return reply is not None and reply[0] == 200


def pid(inst):
    return read_pid(inst.pidfile("engine"), inst.socket)


def docker_env(inst):
    env = dict(os.environ)
    env["DOCKER_HOST"] = inst.docker_host
    env.pop("DOCKER_CONTEXT", None)
    return env


def start(inst):
    """Starts the instance's engine service unless it already answers; returns True if it started one."""
    if pid(inst) is not None and answering(inst):
        return False
    stop(inst)  # a half-dead service or a stale socket from a crash
    gid = ensure_group()
    make_dir(inst.run_dir, 0o750, 0, gid)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(inst.socket)
    proc = spawn_daemon(["podman", "system", "service", "--time=0", inst.docker_host],
                        inst.logfile("engine"), inst.pidfile("engine"))
    wait_until(lambda: os.path.exists(inst.socket) or proc.poll() is not None, timeout=30, what="the engine socket")
    if proc.poll() is not None:
        raise DevstackError("the container engine exited right after starting",
                            f"see {inst.logfile('engine')}")
    # Podman creates the socket 0600 root:root on every start; the deploy account reaches it through the group.
    os.chown(inst.socket, 0, gid)
    os.chmod(inst.socket, 0o660)
    wait_until(lambda: answering(inst), timeout=30, what="the engine to answer /_ping")
    info(f"engine: podman system service on {inst.socket} (group {ENGINE_GROUP})")
    return True


def stop(inst):
    """Stops the engine service (containers keep running without it) and removes its socket."""
    stopped = stop_pidfile(inst.pidfile("engine"), inst.socket, "engine service", timeout=15)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(inst.socket)
    return stopped


def version(inst):
    reply = api_get(inst, "/version")
    if reply and reply[0] == 200 and isinstance(reply[1], dict):
        return reply[1].get("Version", "?")
    return None


# ---- the podman CLI: reaches the same store without the service (used when it is down, and for health) ----

def podman_json(args, timeout=60):
    text = output(["podman"] + args, timeout=timeout)
    return json.loads(text) if text else []


def project_containers(project, all_states=True):
    """Containers labelled with the compose project: list of dicts (Id, Names, State, Labels)."""
    args = ["ps", "--format", "json", "--filter", f"label=com.docker.compose.project={project}"]
    if all_states:
        args.insert(1, "--all")
    return podman_json(args)


def inspect_containers(ids):
    if not ids:
        return []
    return podman_json(["container", "inspect"] + list(ids))


def project_volumes(project):
    names = output(["podman", "volume", "ls", "--quiet", "--filter", f"label=com.docker.compose.project={project}"])
    return names.split()


def project_networks(project):
    names = output(["podman", "network", "ls", "--quiet", "--filter", f"label=com.docker.compose.project={project}"],
                   check=False)
    return names.split()


def remove_project_objects(project, volumes):
    """Force-removes whatever the project left in the store (containers, its network, optionally volumes)."""
    ids = [c["Id"] for c in project_containers(project)]
    if ids:
        run(["podman", "rm", "--force", "--time", "2"] + ids, check=False, quiet=True, timeout=120)
    for net in project_networks(project):
        run(["podman", "network", "rm", "--force", net], check=False, quiet=True)
    if volumes:
        vols = project_volumes(project)
        if vols:
            run(["podman", "volume", "rm", "--force"] + vols, check=False, quiet=True)
    return ids


def project_images(project):
    """Ids of the images built for the project: labelled io.ragdesk.devstack.project=<project> (old untagged
    releases too), or named `<project>-<service>:<tag>` (stored as docker.io/library/<name> or localhost/<name>)."""
    ids = set(output(["podman", "images", "--all", "--quiet", "--no-trunc",
                      "--filter", f"label=io.ragdesk.devstack.project={project}"], check=False).split())
    ids = {i.split(":", 1)[-1][:12] for i in ids}
    for line in output(["podman", "images", "--format", "{{.ID}} {{.Repository}}"], check=False).splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].rsplit("/", 1)[-1].startswith(project + "-"):
            ids.add(parts[0])
    return sorted(ids)
