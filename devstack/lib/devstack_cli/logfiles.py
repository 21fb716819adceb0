"""Lets the deploy account read the engine's container log files, as an operator would with an ACL. Podman keeps
each container's log in /var/lib/containers/storage/overlay-containers/<id>/userdata/ctr.log, 0600 in 0700
directories; RagDesk reads that file directly where it may (30x faster than `docker logs`). The grant is
`setfacl -m g:<engine group>:rX` on the directory chain and `g:<engine group>:r` on ctr.log, for the project's
containers only. The instance setting `log_files_readable` (state.json; default 1, `devstack knob
log_files_readable 0` turns it off) revokes the grants so tests can cover the `docker logs` fallback. `up` and
every pass of the health loop apply the setting: containers appear after deploys and restarts."""

import json
import os
import shutil
import subprocess
import urllib.parse

from . import engine
from .instance import ENGINE_GROUP

SETTING = "log_files_readable"
STORAGE = "/var/lib/containers/storage"
CONTAINERS_DIR = os.path.join(STORAGE, "overlay-containers")
SHARED_CHAIN = ["/var/lib/containers", STORAGE, CONTAINERS_DIR]


def wanted(inst):
    """The instance setting: True unless set to 0/false."""
    try:
        state = inst.load()
    except Exception:  # noqa: BLE001 - a state file being rewritten reads as the default
        return True
    value = state.get(SETTING, 1)
    return value not in (0, False, "0", "false")


def set_wanted(inst, on):
    state = inst.load()
    state[SETTING] = 1 if on else 0
    inst.save(state)


def project_ids(inst):
    filters = urllib.parse.quote(json.dumps({"label": [f"com.docker.compose.project={inst.project}"]}))
    reply = engine.api_get(inst, f"/v4.0.0/libpod/containers/json?all=true&filters={filters}", timeout=10)
    if reply is None or reply[0] != 200 or not isinstance(reply[1], list):
        return []
    return [c["Id"] for c in reply[1]]


def log_path(container_id):
    return os.path.join(CONTAINERS_DIR, container_id, "userdata", "ctr.log")


def _setfacl(args):
    if shutil.which("setfacl") is None:
        return False
    return subprocess.run(["setfacl", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          check=False).returncode == 0


def grant(container_ids):
    """Read for the engine group on the chain down to each container's ctr.log; returns the ids granted."""
    ids = [cid for cid in container_ids if os.path.exists(log_path(cid))]
    if not ids:
        return []
    dirs = list(SHARED_CHAIN)
    for cid in ids:
        dirs += [os.path.join(CONTAINERS_DIR, cid), os.path.join(CONTAINERS_DIR, cid, "userdata")]
    if not _setfacl(["-m", f"g:{ENGINE_GROUP}:rX", *dirs]):
        return []
    return ids if _setfacl(["-m", f"g:{ENGINE_GROUP}:r", *[log_path(cid) for cid in ids]]) else []


def revoke(container_ids):
    """Takes the group's entries off each container's dirs and log file (the shared chain keeps its rX: it
    lists container ids only, and other instances' containers live there too)."""
    paths = []
    for cid in container_ids:
        base = os.path.join(CONTAINERS_DIR, cid)
        paths += [p for p in (base, os.path.join(base, "userdata"), log_path(cid)) if os.path.exists(p)]
    if paths:
        _setfacl(["-x", f"g:{ENGINE_GROUP}", *paths])


def remove_shared_grants():
    """`reset --all`: takes the group's entries off the shared directory chain before the group goes."""
    _setfacl(["-x", f"g:{ENGINE_GROUP}", *[p for p in SHARED_CHAIN if os.path.isdir(p)]])


def _inode(path):
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


class Syncer:
    """Applies the setting to the project's containers, touching only what changed since the last pass (the
    health loop calls it every couple of seconds)."""

    def __init__(self, inst):
        self.inst = inst
        self.applied = None  # the setting last applied
        self.granted = {}  # id -> inode of its ctr.log when granted

    def sync(self):
        on = wanted(self.inst)
        ids = project_ids(self.inst)
        if on != self.applied:
            self.granted.clear()
            if not on:
                revoke(ids)
            self.applied = on
        if not on:
            return
        todo = [cid for cid in ids if self.granted.get(cid) != _inode(log_path(cid)) or cid not in self.granted]
        for cid in grant(todo):
            self.granted[cid] = _inode(log_path(cid))
        for gone in set(self.granted) - set(ids):
            self.granted.pop(gone)


def apply(inst):
    """One full pass now (`up`, `devstack knob log_files_readable ...`)."""
    Syncer(inst).sync()
