"""The "VPS" login: an OpenSSH sshd of the instance's own on 127.0.0.1, key-only, for the deploy account,
with DOCKER_HOST set in every session; the client key pair and a known_hosts line for the tests and RagDesk."""

import contextlib
import os
import signal
import socket

from .instance import ACCOUNT
from .system import SSHD, ensure_group
from .util import (DevstackError, info, make_dir, output, read_pid, read_text, run, spawn_daemon, stop_pidfile,
                   wait_until, write_file)


HOST_KEY_TIMEOUT = 20


def _generate_key(path, comment):
    run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path], quiet=True)
    os.chmod(path, 0o600)
    os.chmod(path + ".pub", 0o600)


def _host_key_comment(inst):
    return f"devstack-{inst.name}-host"


def ensure_keys(inst):
    """Host key and client key pair in the state dir (created once per instance, kept across up/down)."""
    for path, comment in ((inst.host_key, _host_key_comment(inst)), (inst.client_key, f"devstack-{inst.name}")):
        if not os.path.exists(path):
            _generate_key(path, comment)
        os.chmod(path, 0o600)
        os.chmod(path + ".pub", 0o600)


def _public_key(inst):
    """(type, base64 blob) of the instance's host key."""
    text = read_text(inst.host_key + ".pub")
    if text is None:
        raise DevstackError(f"instance {inst.name} has no host key ({inst.host_key}.pub)",
                            f"run: devstack --instance {inst.name} up")
    key_type, key = text.split()[:2]
    return key_type, key


def known_hosts_line(inst, port):
    key_type, key = _public_key(inst)
    return f"[127.0.0.1]:{port} {key_type} {key}\n"


def host_key_fingerprint(inst):
    """The host key's fingerprint line as `ssh-keygen -lf` prints it: `256 SHA256:… comment (ED25519)`."""
    _public_key(inst)
    return output(["ssh-keygen", "-lf", inst.host_key + ".pub"], timeout=30)


def presented_keys(port, key_type):
    """(type, blob) pairs of the host keys of key_type the sshd on 127.0.0.1:port presents to a fresh connection."""
    result = run(["ssh-keyscan", "-T", "5", "-t", key_type, "-p", str(port), "127.0.0.1"], check=False, capture=True,
                 timeout=30)
    return {tuple(line.split()[1:3]) for line in result.stdout.splitlines()
            if line and not line.startswith("#") and len(line.split()) >= 3}


def rotate_host_key(inst, port):
    """Replaces the host key with a new ed25519 one, makes a running sshd present it (SIGHUP: sshd re-executes
    itself and reloads config and keys; open sessions stay) and pins it in known_hosts. Returns True if sshd was
    running."""
    fresh = inst.host_key + ".new"
    for path in (fresh, fresh + ".pub"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
    _generate_key(fresh, _host_key_comment(inst))
    os.replace(fresh + ".pub", inst.host_key + ".pub")
    os.replace(fresh, inst.host_key)
    new_key = _public_key(inst)
    running = pid(inst)
    if running is not None:
        os.kill(running, signal.SIGHUP)
        # A scan may still reach the old process, or find the port closed while sshd re-executes: poll.
        wait_until(lambda: new_key in presented_keys(port, new_key[0]), timeout=HOST_KEY_TIMEOUT,
                   what=f"sshd on 127.0.0.1:{port} to present the new host key (ssh-keyscan)")
    write_file(inst.known_hosts, known_hosts_line(inst, port), 0o600)
    return running is not None


def config_text(inst, port):
    return f"""\
# sshd of devstack instance {inst.name}: the loopback VPS. Written by devstack up.
Port {port}
ListenAddress 127.0.0.1
HostKey {inst.host_key}
PidFile {inst.pidfile('sshd')}
AuthorizedKeysFile {inst.authorized_keys}
AllowUsers {ACCOUNT}
PermitRootLogin no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitEmptyPasswords no
UsePAM no
# Every session (interactive or not, OpenSSH or libssh) reaches this instance's engine.
SetEnv DOCKER_HOST={inst.docker_host}
PermitUserEnvironment no
X11Forwarding no
AllowTcpForwarding yes
PrintMotd no
PrintLastLog no
# RagDesk and the tests open several sessions and channels at once.
MaxStartups 64:30:128
MaxSessions 64
ClientAliveInterval 30
LogLevel INFO
Subsystem sftp internal-sftp
"""


def write_files(inst, port):
    ensure_keys(inst)
    write_file(inst.sshd_config, config_text(inst, port), 0o600)
    write_file(inst.known_hosts, known_hosts_line(inst, port), 0o600)
    # sshd reads authorized keys as the user: the run dir is root:<engine group> 0750, the deploy account is in
    # the group, and the file is root-owned and not group-writable (StrictModes).
    make_dir(inst.run_dir, 0o750, 0, ensure_group())
    write_file(inst.authorized_keys, read_text(inst.client_key + ".pub"), 0o644, 0, 0)


def pid(inst):
    return read_pid(inst.pidfile("sshd"), inst.sshd_config)


def answering(port):
    """True if something speaks SSH on the port (reads the server's version banner)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
            return sock.recv(64).startswith(b"SSH-")
    except OSError:
        return False


def start(inst, port):
    """Starts the instance's sshd unless it already runs with the current config; returns True if started."""
    write_files(inst, port)
    running = pid(inst)
    if running is not None and answering(port):
        # Picks up a changed config without dropping sessions.
        os.kill(running, 1)
        return False
    stop(inst)
    os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # privilege separation dir
    check = run([SSHD, "-t", "-f", inst.sshd_config], check=False, capture=True)
    if check.returncode != 0:
        raise DevstackError(f"sshd rejects {inst.sshd_config}: {check.stderr.strip()}")
    proc = spawn_daemon([SSHD, "-D", "-f", inst.sshd_config, "-E", inst.logfile("sshd")],
                        inst.logfile("sshd"), inst.pidfile("sshd"))
    wait_until(lambda: answering(port) or proc.poll() is not None, timeout=20, what=f"sshd on 127.0.0.1:{port}")
    if proc.poll() is not None:
        raise DevstackError(f"sshd exited right after starting; see {inst.logfile('sshd')}")
    info(f"vps: sshd on 127.0.0.1:{port} for {ACCOUNT} (key {inst.client_key})")
    return True


def stop(inst):
    return stop_pidfile(inst.pidfile("sshd"), inst.sshd_config, "sshd", timeout=10)


def ssh_base(inst, port):
    """The OpenSSH client command that logs in as the deploy account with the instance's key."""
    return ["ssh", "-p", str(port), "-i", inst.client_key, "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
            "-o", f"UserKnownHostsFile={inst.known_hosts}", "-o", "StrictHostKeyChecking=yes",
            "-o", "ConnectTimeout=10", "-F", "/dev/null", f"{ACCOUNT}@127.0.0.1"]


def remove_run_files(inst):
    with contextlib.suppress(FileNotFoundError):
        os.unlink(inst.authorized_keys)
