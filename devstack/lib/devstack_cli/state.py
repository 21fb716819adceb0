"""An instance's saved state: its ports (picked free once, kept) and generated secrets."""

import base64
import contextlib
import os
import random
import secrets
import socket

from . import instance as inst_mod
from .instance import Instance
from .util import DevstackError, info, read_text

PORT_RANGE = (20000, 29999)  # below the kernel's ephemeral range, so outgoing connections never take them


def port_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _ports_claimed_by_others(me):
    claimed = set()
    for name in inst_mod.known_instances():
        if name == me:
            continue
        state = Instance(name).load() if os.path.exists(Instance(name).state_json) else {}
        claimed.update(p for p in (state.get("ssh_port"), state.get("proxy_port")) if p)
    return claimed


def _pick_port(taken):
    rng = random.SystemRandom()
    for _ in range(200):
        port = rng.randint(*PORT_RANGE)
        if port not in taken and port_free(port):
            return port
    raise DevstackError(f"found no free port in {PORT_RANGE[0]}-{PORT_RANGE[1]} on 127.0.0.1 after 200 tries")


def port_holder(port):
    """'pid N (command)' of the process listening on 127.0.0.1:port, if /proc tells."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in (read_text(table, "") or "").splitlines()[1:]:
            fields = line.split()
            if int(fields[1].split(":")[1], 16) == port and fields[3] == "0A":
                inodes.add(fields[9])
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{entry}/fd"):
                with contextlib.suppress(OSError):
                    link = os.readlink(f"/proc/{entry}/fd/{fd}")
                    if link.startswith("socket:[") and link[8:-1] in inodes:
                        comm = (read_text(f"/proc/{entry}/comm", "?") or "?").strip()
                        return f"pid {entry} ({comm})"
    return "another process"


def _new_state(inst):
    taken = _ports_claimed_by_others(inst.name)
    ssh_port = _pick_port(taken)
    proxy_port = _pick_port(taken | {ssh_port})
    return {
        "instance": inst.name,
        "ssh_port": ssh_port,
        "proxy_port": proxy_port,
        "secrets": {
            "postgres_password": secrets.token_hex(16),
            "jwt_secret": secrets.token_hex(32),
            # A Fernet key: 32 random bytes, urlsafe base64.
            "encryption_key": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        },
    }


def load_or_create(inst):
    state = inst.load()
    if not state.get("ssh_port"):
        state = _new_state(inst)
        inst.save(state)
        info(f"state: new instance {inst.name} in {inst.state_dir} "
             f"(ssh port {state['ssh_port']}, proxy port {state['proxy_port']})")
    return state


def require(inst):
    state = inst.load()
    if not state.get("ssh_port"):
        raise DevstackError(f"instance {inst.name} has never been brought up (no {inst.state_json})",
                            f"run: devstack --instance {inst.name} up")
    return state
