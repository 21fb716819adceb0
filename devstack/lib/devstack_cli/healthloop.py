"""The healthcheck driver. Podman 4.3 schedules healthchecks with systemd timers; without systemd they never
run, health stays `starting` and `depends_on: condition: service_healthy` blocks forever. This loop runs the
healthcheck of every running container of the project (what `podman healthcheck run` does, through the
engine's libpod API so no podman process starts per check) every interval, so `docker inspect` shows real
`.State.Health` and compose waits correctly. One loop per instance, started before `compose up` and stopped
first on `down`; it exits by itself when the instance's engine is gone."""

import concurrent.futures
import json
import os
import signal
import sys
import time
import urllib.parse

from . import engine, logfiles
from .util import read_pid, spawn_daemon, stop_pidfile

DEFAULT_INTERVAL = 2.0
CHECK_TIMEOUT = 20.0


def _running_ids(inst):
    filters = urllib.parse.quote(json.dumps({"label": [f"com.docker.compose.project={inst.project}"],
                                             "status": ["running"]}))
    reply = engine.api_get(inst, f"/v4.0.0/libpod/containers/json?filters={filters}", timeout=10)
    if reply is None or reply[0] != 200 or not isinstance(reply[1], list):
        return []
    return [c["Id"] for c in reply[1]]


def _check(inst, container_id):
    """Runs the container's healthcheck inside the engine service (libpod's healthcheck endpoint: no podman
    process to start, unlike `podman healthcheck run`). Returns 'none' when it has no healthcheck."""
    reply = engine.api_get(inst, f"/v4.0.0/libpod/containers/{container_id}/healthcheck", timeout=CHECK_TIMEOUT)
    if reply is None:
        return "unreachable"
    status, body = reply
    if status == 409:
        return "none"
    if status != 200 or not isinstance(body, dict):
        return f"error {status}"
    return body.get("Status", "?")


def run_loop(inst):
    """The loop itself (internal `devstack _healthloop`); logs one line per state change."""
    interval = float(os.environ.get("RAGDESK_DEVSTACK_HEALTH_INTERVAL", DEFAULT_INTERVAL))
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    without_check = set()  # containers that have no healthcheck (a container's config never changes)
    last = {}
    print(f"healthloop: project {inst.project}, every {interval:.1f} s", flush=True)
    log_access = logfiles.Syncer(inst)
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        while not stop["now"]:
            started = time.monotonic()
            if engine.pid(inst) is None:
                print("healthloop: the engine is gone; exiting", flush=True)
                return 0
            try:
                log_access.sync()
            except Exception as exc:  # noqa: BLE001 - the health checks must go on whatever happens here
                print(f"healthloop: log file access: {exc}", flush=True)
            ids = [cid for cid in _running_ids(inst) if cid not in without_check]
            results = dict(zip(ids, pool.map(lambda cid: _check(inst, cid), ids)))
            for cid, result in results.items():
                if result == "none":
                    without_check.add(cid)
                if last.get(cid) != result:
                    print(f"healthloop: {time.strftime('%H:%M:%S')} {cid[:12]} {result}", flush=True)
                    last[cid] = result
            for gone in set(last) - set(ids) - without_check:
                last.pop(gone)
            deadline = started + interval
            while not stop["now"] and time.monotonic() < deadline:
                time.sleep(0.1)
    print("healthloop: stopped", flush=True)
    return 0


MARKER = "_healthloop"


def pid(inst):
    return read_pid(inst.pidfile("healthloop"), MARKER)


def start(inst, cli_path):
    if pid(inst) is not None:
        return False
    spawn_daemon([sys.executable, cli_path, "--instance", inst.name, MARKER],
                 inst.logfile("healthloop"), inst.pidfile("healthloop"), env=dict(os.environ))
    return True


def stop(inst):
    return stop_pidfile(inst.pidfile("healthloop"), MARKER, "health loop", timeout=CHECK_TIMEOUT + 5)
