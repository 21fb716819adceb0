"""Machine-wide setup shared by all instances: tools, the engine group, the deploy account, containers.conf,
and the network leftovers podman leaves behind once the last instance is down."""

import contextlib
import grp
import os
import pwd
import shlex
import shutil

from . import instance as inst_mod
from .instance import ACCOUNT, ACCOUNT_COMMENT, CONTAINERS_CONF, ENGINE_GROUP, RUN_ROOT
from .util import DevstackError, info, make_dir, output, read_text, run, stop_process, warn, write_file

REQUIRED_TOOLS = {
    "podman": "podman", "docker": "docker (the CLI)", "docker-compose": "docker-compose",
    "debootstrap": "debootstrap", "git": "git", "ssh-keygen": "openssh-client", "iptables": "iptables",
    "setpriv": "util-linux", "conmon": "conmon", "netavark": "netavark", "setfacl": "acl",
}
SSHD = "/usr/sbin/sshd"
NETAVARK_BIN = "/usr/lib/podman/netavark"

CONTAINERS_CONF_TEXT = """\
# Written by RagDesk's devstack (devstack/README.md); `devstack reset --all` restores the previous file.
[containers]
# This VM may not raise NOFILE/NPROC limits: without an empty list runc fails to start containers.
default_ulimits = []

[engine]
# No systemd here: pin what auto-detection picks.
cgroup_manager = "cgroupfs"
runtime = "runc"
# Each `docker exec` through the API leaves a conmon waiting this long before cleaning up (Docker-like default
# 300 s); tests and `devstack knob` exec often, and the CLI reads the exit code at once.
exit_command_delay = 30
"""
CONF_BACKUP = CONTAINERS_CONF + ".ragdesk-backup"
CONF_ABSENT_MARK = CONTAINERS_CONF + ".ragdesk-absent"


def require_root():
    if os.geteuid() != 0:
        raise DevstackError("devstack needs root: it runs a rootful container engine, an sshd and a `deploy` account",
                            "run it with sudo (./scripts/demo and ./scripts/test do)")


def check_tools():
    missing = [pkg for tool, pkg in REQUIRED_TOOLS.items()
               if shutil.which(tool) is None and not os.path.exists(f"/usr/bin/{tool}")
               and not (tool == "netavark" and os.path.exists(NETAVARK_BIN))
               and not (tool == "conmon" and os.path.exists("/usr/libexec/podman/conmon"))]
    if not os.path.exists(SSHD):
        missing.append("openssh-server")
    if missing:
        raise DevstackError(f"missing tools: {', '.join(sorted(set(missing)))} (the container engine or its helpers)",
                            "run ./scripts/setup, which installs them")


def ensure_group():
    try:
        return grp.getgrnam(ENGINE_GROUP).gr_gid
    except KeyError:
        run(["groupadd", "--system", ENGINE_GROUP], quiet=True)
        info(f"created group {ENGINE_GROUP} (may use the engine socket; root-equivalent)")
        return grp.getgrnam(ENGINE_GROUP).gr_gid


def ensure_account():
    """The VPS's non-root login account: key-only (password field '*'), member of the engine group."""
    ensure_group()
    try:
        account = pwd.getpwnam(ACCOUNT)
    except KeyError:
        run(["useradd", "--create-home", "--shell", "/bin/bash", "--comment", ACCOUNT_COMMENT,
             "--groups", ENGINE_GROUP, "--user-group", ACCOUNT], quiet=True)
        info(f"created account {ACCOUNT} (key-only SSH login, member of {ENGINE_GROUP})")
        account = pwd.getpwnam(ACCOUNT)
    else:
        if account.pw_gecos != ACCOUNT_COMMENT:
            raise DevstackError(f"an account named {ACCOUNT!r} exists that devstack did not create",
                                "devstack needs that name for its VPS account: remove or rename the other account")
    if ENGINE_GROUP not in [g.gr_name for g in grp.getgrall() if ACCOUNT in g.gr_mem]:
        run(["usermod", "--append", "--groups", ENGINE_GROUP, ACCOUNT], quiet=True)
    # useradd leaves the account locked ('!'); sshd with UsePAM no refuses locked accounts even for keys.
    shadow = output(["getent", "shadow", ACCOUNT])
    if shadow.split(":")[1] != "*":
        run(["usermod", "-p", "*", ACCOUNT], quiet=True)
    return pwd.getpwnam(ACCOUNT)


def account_ids():
    account = pwd.getpwnam(ACCOUNT)
    return account.pw_uid, account.pw_gid


def ensure_containers_conf():
    """Writes containers.conf as the facts require, keeping any previous file for `reset --all`."""
    current = read_text(CONTAINERS_CONF)
    if current == CONTAINERS_CONF_TEXT:
        return False
    if current is None:
        if not os.path.exists(CONF_BACKUP):
            write_file(CONF_ABSENT_MARK, "no containers.conf existed before devstack wrote one\n", 0o644)
    elif not os.path.exists(CONF_BACKUP) and not os.path.exists(CONF_ABSENT_MARK):
        shutil.copy2(CONTAINERS_CONF, CONF_BACKUP)
        info(f"saved the previous {CONTAINERS_CONF} as {CONF_BACKUP}")
    os.makedirs(os.path.dirname(CONTAINERS_CONF), exist_ok=True)
    write_file(CONTAINERS_CONF, CONTAINERS_CONF_TEXT, 0o644)
    info(f"wrote {CONTAINERS_CONF} (engine services started before this need a restart)")
    return True


def restore_containers_conf():
    if os.path.exists(CONF_BACKUP):
        os.replace(CONF_BACKUP, CONTAINERS_CONF)
        info(f"restored {CONTAINERS_CONF} from {CONF_BACKUP}")
    elif os.path.exists(CONF_ABSENT_MARK):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(CONTAINERS_CONF)
        os.unlink(CONF_ABSENT_MARK)
        info(f"removed {CONTAINERS_CONF} (there was none before devstack)")


def remove_account():
    try:
        account = pwd.getpwnam(ACCOUNT)
    except KeyError:
        account = None
    if account is not None:
        if account.pw_gecos != ACCOUNT_COMMENT:
            warn(f"not removing account {ACCOUNT!r}: devstack did not create it")
        else:
            # Its processes (a stray ssh session) would make userdel fail: stop them one by one by pid.
            for pid in processes_of_uid(account.pw_uid):
                stop_process(pid, f"process of {ACCOUNT}", timeout=3)
            run(["userdel", "--remove", ACCOUNT], check=False, quiet=True)
            info(f"removed account {ACCOUNT} and its home")
    with contextlib.suppress(KeyError):
        grp.getgrnam(ENGINE_GROUP)
        run(["groupdel", ENGINE_GROUP], check=False, quiet=True)
        info(f"removed group {ENGINE_GROUP}")


def ensure_run_root():
    gid = ensure_group()
    make_dir(RUN_ROOT, 0o750, 0, gid)
    # The value to restore once the last instance is down (netavark turns forwarding on).
    mark = os.path.join(RUN_ROOT, "ip_forward.before")
    if not os.path.exists(mark):
        write_file(mark, read_text("/proc/sys/net/ipv4/ip_forward", "0").strip() + "\n", 0o644)


# ---- leftovers of podman's networking, cleaned once nothing runs any more ----

def _netavark_rules(table):
    rules = output(["iptables", "-w", "-t", table, "-S"], check=False).splitlines()
    chains = sorted({line.split()[1] for line in rules if line.startswith("-N NETAVARK")})
    jumps = [line for line in rules if line.startswith("-A ") and "-j NETAVARK" in line
             and not shlex.split(line)[1].startswith("NETAVARK")]
    return chains, jumps


def _self_bind_mounts():
    """Mount points podman bind-mounts onto themselves (netns dir, overlay dir) and leaves when done."""
    targets = []
    for line in (read_text("/proc/self/mountinfo", "") or "").splitlines():
        fields = line.split()
        if len(fields) > 4 and (fields[4] == "/run/netns" or fields[4] == "/var/lib/containers/storage/overlay"):
            targets.append(fields[4])
    return targets


def leftovers():
    """Machine-wide things podman leaves behind, as human-readable lines (empty when clean)."""
    found = []
    for table in ("nat", "filter"):
        chains, jumps = _netavark_rules(table)
        found += [f"iptables -t {table}: chain {c}" for c in chains]
        found += [f"iptables -t {table}: rule {j}" for j in jumps]
    found += [f"bind mount on {t}" for t in _self_bind_mounts()]
    mark = read_text(os.path.join(RUN_ROOT, "ip_forward.before"))
    now = read_text("/proc/sys/net/ipv4/ip_forward", "").strip()
    if mark is not None and now != mark.strip():
        found.append(f"net.ipv4.ip_forward={now} (was {mark.strip()})")
    return found


def clean_machine_leftovers():
    """Removes netavark's iptables chains and jumps, podman's self bind mounts and restores ip_forward.
    Only called when no devstack instance is up and the engine has no container at all."""
    for table in ("nat", "filter"):
        chains, jumps = _netavark_rules(table)
        for jump in jumps:
            run(["iptables", "-w", "-t", table, "-D"] + shlex.split(jump)[1:], check=False, quiet=True)
        for chain in chains:
            run(["iptables", "-w", "-t", table, "-F", chain], check=False, quiet=True)
        for chain in chains:
            run(["iptables", "-w", "-t", table, "-X", chain], check=False, quiet=True)
    for target in sorted(set(_self_bind_mounts()), key=len, reverse=True):
        # A target may be mounted more than once; each umount removes one layer.
        for _ in range(8):
            if target not in _self_bind_mounts():
                break
            run(["umount", target], check=False, quiet=True)
    mark_path = os.path.join(RUN_ROOT, "ip_forward.before")
    mark = read_text(mark_path)
    if mark is not None:
        write_file_proc("/proc/sys/net/ipv4/ip_forward", mark.strip())


def write_file_proc(path, value):
    with contextlib.suppress(OSError):
        with open(path, "w") as handle:
            handle.write(value + "\n")


def other_instances_up(me):
    return [name for name in inst_mod.registered_instances() if name != me]


def processes_of_uid(uid):
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        status = read_text(f"/proc/{entry}/status", "") or ""
        for line in status.splitlines():
            if line.startswith("Uid:") and line.split()[1] == str(uid):
                pids.append(int(entry))
    return pids
