#!/usr/bin/python3
"""Asserts that `devstack down` left nothing of an instance behind. Usage: check-down.py INSTANCE

Checks: no sshd, health loop or engine service of the instance; no container (nor lingering conmon) of its
compose project; no engine socket or run dir; its ssh and proxy ports free. When no other devstack instance
is up, also the machine-wide leftovers podman is known for: netavark iptables chains and jumps, self bind
mounts on /run/netns and the overlay dir, aardvark-dns, and net.ipv4.ip_forward changed from its value before
the devstack. Exits 0 when clean; otherwise prints each leftover and exits 1. Reads the instance's state from
${XDG_STATE_HOME:-~/.local/state}/ragdesk/devstack/INSTANCE (as devstack does; run it as the same user)."""

import json
import os
import shlex
import socket
import subprocess
import sys

RUN_ROOT = "/run/ragdesk-devstack"


def argv_of(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    return [p.decode(errors="replace") for p in raw.rstrip(b"\0").split(b"\0")] if raw else None


def processes():
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            argv = argv_of(int(entry))
            if argv:  # zombies have no command line: they hold nothing
                yield int(entry), argv


def port_free(port):
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def instance_leftovers(name, state_dir):
    project = f"ragdesk-{name}"
    run_dir = os.path.join(RUN_ROOT, name)
    sshd_config = os.path.join(state_dir, "sshd_config")
    socket_path = os.path.join(run_dir, "docker.sock")
    found = []
    for pid, argv in processes():
        joined = " ".join(argv)
        base = os.path.basename(argv[0])
        if sshd_config in argv:
            found.append(f"sshd pid {pid}: {joined}")
        elif "_healthloop" in argv and name in argv:
            found.append(f"health loop pid {pid}: {joined}")
        elif socket_path in joined:
            found.append(f"process using the engine socket, pid {pid}: {joined}")
        elif base == "conmon" and "-n" in argv[:-1] and \
                argv[argv.index("-n") + 1].startswith((f"{project}_", f"{project}-")):
            found.append(f"conmon pid {pid} of the project: {joined[:160]}")
    out = subprocess.run(["podman", "ps", "--all", "--format", "{{.ID}} {{.Names}}",
                          "--filter", f"label=com.docker.compose.project={project}"],
                         capture_output=True, text=True, timeout=60)
    found += [f"container {line}" for line in out.stdout.splitlines() if line.strip()]
    if out.returncode != 0:
        found.append(f"podman ps failed: {out.stderr.strip()}")
    for path in (socket_path, run_dir):
        if os.path.exists(path):
            found.append(f"{path} exists")
    try:
        with open(os.path.join(state_dir, "state.json")) as handle:
            state = json.load(handle)
    except (OSError, ValueError):
        state = {}
    for key in ("ssh_port", "proxy_port"):
        port = state.get(key)
        if port and not port_free(port):
            found.append(f"{key} 127.0.0.1:{port} is still taken")
    return found


def other_instances(name):
    try:
        return [e for e in os.listdir(RUN_ROOT) if e != name and os.path.isdir(os.path.join(RUN_ROOT, e))]
    except FileNotFoundError:
        return []


def machine_leftovers():
    found = []
    for table in ("nat", "filter"):
        rules = subprocess.run(["iptables", "-w", "-t", table, "-S"], capture_output=True, text=True,
                               timeout=30).stdout.splitlines()
        found += [f"iptables -t {table}: {r}" for r in rules if "NETAVARK" in r]
    with open("/proc/self/mountinfo") as handle:
        for line in handle:
            mount_point = line.split()[4]
            if mount_point in ("/run/netns", "/var/lib/containers/storage/overlay"):
                found.append(f"bind mount on {mount_point}")
    for pid, argv in processes():
        if os.path.basename(argv[0]) == "aardvark-dns":
            found.append(f"aardvark-dns pid {pid}")
    try:
        with open(os.path.join(RUN_ROOT, "ip_forward.before")) as handle:
            before = handle.read().strip()
        with open("/proc/sys/net/ipv4/ip_forward") as handle:
            now = handle.read().strip()
        if before != now:
            found.append(f"net.ipv4.ip_forward is {now}, was {before} before the devstack")
    except FileNotFoundError:
        pass
    return found


def main():
    if len(sys.argv) != 2:
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    name = sys.argv[1]
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    state_dir = os.path.join(base, "ragdesk", "devstack", name)
    found = instance_leftovers(name, state_dir)
    others = other_instances(name)
    if others:
        print(f"check-down: other instances up ({', '.join(others)}): machine-wide checks skipped")
    else:
        found += machine_leftovers()
    if found:
        print(f"check-down: {len(found)} leftovers of devstack instance {shlex.quote(name)}:")
        for item in found:
            print(f"  {item}")
        return 1
    print(f"check-down: nothing of devstack instance {name} is left")
    return 0


if __name__ == "__main__":
    sys.exit(main())
