"""Small helpers shared by every devstack module: messages, stages with timings, subprocesses, waits, files, pids."""

import contextlib
import os
import pwd
import signal
import subprocess
import sys
import time


class DevstackError(Exception):
    """A failure the user can act on: the message says what is wrong, the hint what to do."""

    def __init__(self, message, hint=None):
        super().__init__(message)
        self.hint = hint


def info(message):
    print(message, flush=True)


def warn(message):
    print(f"warning: {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def stage(name):
    """Prints what runs and how long it took (the scripts' `==> name` / `<== name: 1.2 s` convention)."""
    start = time.monotonic()
    info(f"==> {name}")
    try:
        yield
    except BaseException:
        info(f"<== {name}: failed after {time.monotonic() - start:.1f} s")
        raise
    info(f"<== {name}: {time.monotonic() - start:.1f} s")


def run(cmd, *, check=True, capture=False, input=None, timeout=300, env=None, cwd=None, user=None, quiet=False,
        log=None):
    """Runs a command with a time limit. user= runs it as that account (its groups, HOME and a clean PATH).

    capture=True returns stdout/stderr as text; log=PATH appends both to that file; otherwise output goes to
    ours (unless quiet). A failure raises DevstackError naming the command and quoting the end of its output.
    """
    full_env = dict(os.environ if env is None else env)
    if user is not None:
        account = pwd.getpwnam(user)
        full_env.update(HOME=account.pw_dir, USER=user, LOGNAME=user,
                        PATH="/usr/local/bin:/usr/bin:/bin")
        cmd = ["setpriv", f"--reuid={account.pw_uid}", f"--regid={account.pw_gid}", "--init-groups", "--"] + list(cmd)
    log_handle = None
    if log is not None:
        log_handle = open(log, "a")
        os.chmod(log, 0o600)
        log_handle.write(f"\n$ {' '.join(cmd)}\n")
        log_handle.flush()
        log_start = log_handle.tell()
        stdout, stderr = log_handle, subprocess.STDOUT
    else:
        stdout = subprocess.PIPE if capture else (subprocess.DEVNULL if quiet else None)
        stderr = subprocess.PIPE if (capture or quiet) else None
    try:
        result = subprocess.run(cmd, input=input, stdout=stdout, stderr=stderr, env=full_env, cwd=cwd,
                                timeout=timeout, text=True,
                                stdin=None if input is not None else subprocess.DEVNULL)
    except FileNotFoundError as exc:
        raise DevstackError(f"command not found: {cmd[0]}",
                            "run ./scripts/setup to install the devstack's packages") from exc
    except subprocess.TimeoutExpired as exc:
        raise DevstackError(f"timed out after {timeout} s: {' '.join(cmd)}") from exc
    finally:
        if log_handle is not None:
            log_handle.close()
    if log is not None and result.returncode != 0:
        with open(log) as handle:
            handle.seek(log_start)
            result.stderr = handle.read()
    if check and result.returncode != 0:
        detail = (result.stderr or "").strip().splitlines()[-25:] if result.stderr else []
        message = f"command failed (exit {result.returncode}): {' '.join(cmd)}"
        if detail:
            message += "\n  " + "\n  ".join(detail)
        raise DevstackError(message, f"full output: {log}" if log else None)
    return result


def output(cmd, **kwargs):
    """Runs a command and returns its stdout stripped."""
    return run(cmd, capture=True, **kwargs).stdout.strip()


def wait_until(predicate, *, timeout, what, interval=0.25):
    """Polls predicate until it returns a true value (returned) or the deadline passes (DevstackError)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise DevstackError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def write_file(path, content, mode=0o600, uid=None, gid=None):
    """Writes a file atomically with the given mode (and owner when given)."""
    tmp = f"{path}.tmp{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as handle:
        handle.write(content)
    os.chmod(tmp, mode)
    if uid is not None:
        os.chown(tmp, uid, gid if gid is not None else -1)
    os.replace(tmp, path)


def read_text(path, default=None):
    try:
        with open(path) as handle:
            return handle.read()
    except FileNotFoundError:
        return default


def make_dir(path, mode, uid=None, gid=None):
    os.makedirs(path, exist_ok=True)
    os.chmod(path, mode)
    if uid is not None:
        os.chown(path, uid, gid if gid is not None else -1)


def cmdline(pid):
    """The process's argv as a list, or None when it no longer exists."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            raw = handle.read()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    if not raw:
        return None  # a zombie or kernel thread
    return [part.decode(errors="replace") for part in raw.rstrip(b"\0").split(b"\0")]


def read_pid(pidfile, marker):
    """The pid in pidfile if that process is alive and its command line contains marker (guards against reuse)."""
    text = read_text(pidfile)
    if not text or not text.strip().isdigit():
        return None
    pid = int(text.strip())
    argv = cmdline(pid)
    if argv is None or not any(marker in part for part in argv):
        return None
    return pid


def stop_process(pid, name, timeout=10.0, sig=signal.SIGTERM):
    """Sends sig (SIGTERM), waits up to timeout, then SIGKILL; returns when the process is gone."""
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cmdline(pid) is None:
            return
        time.sleep(0.1)
    warn(f"{name} (pid {pid}) ignored SIGTERM for {timeout:.0f} s: killing it")
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and cmdline(pid) is not None:
        time.sleep(0.1)


def stop_pidfile(pidfile, marker, name, timeout=10.0):
    """Stops the process a pidfile names (if it is still ours) and removes the pidfile. True if one was running."""
    pid = read_pid(pidfile, marker)
    if pid is not None:
        stop_process(pid, name, timeout)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(pidfile)
    return pid is not None


def spawn_daemon(cmd, log_path, pidfile, env=None):
    """Starts a long-running process in its own session, stdin from /dev/null and output to a log file,
    so that callers reading our output never wait for it. Writes its pid; returns the Popen (poll() tells
    whether it died while we wait for it to get ready)."""
    log = open(log_path, "ab")
    os.chmod(log_path, 0o600)
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                env=env, start_new_session=True, close_fds=True)
    finally:
        log.close()
    write_file(pidfile, f"{proc.pid}\n")
    return proc


def processes_matching(predicate):
    """Pids of live processes whose argv satisfies predicate."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        argv = cmdline(int(entry))
        if argv and predicate(argv):
            found.append(int(entry))
    return found


class Timer:
    def __init__(self):
        self.start = time.monotonic()

    def elapsed(self):
        return time.monotonic() - self.start
