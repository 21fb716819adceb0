"""The devstack subcommands. Each is idempotent: `up` on a running stack only checks it, `down` on a stopped
one only verifies, `reset` cleans whatever a crash or a half-started run left."""

import contextlib
import fcntl
import json
import os
import shlex
import shutil
import signal
import sys
import urllib.parse

from . import api, engine, healthloop, image, instance as inst_mod, logfiles, repo, stack, system, vps
from . import state as state_mod
from .instance import ACCOUNT, RUN_ROOT, SRV_ROOT, Instance
from .util import (DevstackError, Timer, info, processes_matching, run, stage, stop_process, wait_until, warn,
                   write_file)

API_READY_TIMEOUT = 120


@contextlib.contextmanager
def instance_lock(inst):
    """One up/down/reset of an instance at a time."""
    inst.ensure_state_dir()
    path = inst.state_file(".lock")
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "w") as handle:
        os.chmod(path, 0o600)
        if not _try_lock(handle):
            info(f"another devstack command holds instance {inst.name}; waiting for it (up to 15 min)")
            wait_until(lambda: _try_lock(handle), timeout=900, interval=1.0,
                       what=f"the other devstack command on instance {inst.name} to finish")
        yield


def _try_lock(handle):
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _proxy_running(inst):
    return any(c["service"] == "proxy" and c["state"] == "running" for c in stack.containers(inst))


def _check_ports(inst, state):
    """Refuses to start when a port of the instance is held by something that is not this instance."""
    problems = []
    for key, ours in (("ssh_port", lambda: vps.pid(inst) is not None), ("proxy_port", lambda: _proxy_running(inst))):
        port = state[key]
        if not state_mod.port_free(port) and not ours():
            problems.append(f"{key.split('_')[0]} port 127.0.0.1:{port} is taken by {state_mod.port_holder(port)}")
    if problems:
        raise DevstackError("; ".join(problems),
                            f"stop that process, or run `devstack --instance {inst.name} reset` to drop this "
                            "instance (data included) and pick new ports on the next up")


def _register(inst):
    system.ensure_run_root()
    os.makedirs(inst.run_dir, exist_ok=True)
    with open(os.path.join(inst.run_dir, "state-dir"), "w") as handle:
        handle.write(inst.state_dir + "\n")


# ---------------------------------------------------------------- up

def cmd_up(inst, cli_path):
    total = Timer()
    system.require_root()
    system.check_tools()
    with instance_lock(inst):
        with stage("machine: engine group, deploy account, containers.conf"):
            system.ensure_account()
            conf_changed = system.ensure_containers_conf()
            system.ensure_run_root()
        state = state_mod.load_or_create(inst)
        _check_ports(inst, state)
        with stage("engine: podman system service (Docker API)"):
            if conf_changed:
                engine.stop(inst)  # it reads containers.conf only at start
            engine.start(inst)
            _register(inst)
        with stage("base image"):
            base = image.ensure()
            info(f"base image: {base}")
        with stage("stack source: origin repository and VPS checkout"):
            repo.ensure_dirs(inst)
            repo.publish_source(inst)
            revision, release = repo.sync_checkout(inst)
            repo.write_env_file(inst, repo.env_file_text(inst, state, base, revision, release))
            info(f"stack: {inst.stack_dir} at {release} (origin {inst.origin_dir})")
        with stage("vps: sshd"):
            vps.start(inst, state["ssh_port"])
        with stage("health loop"):
            if healthloop.start(inst, cli_path):
                info(f"health loop: podman healthcheck run every {healthloop.DEFAULT_INTERVAL:.0f} s "
                     f"(log {inst.logfile('healthloop')})")
        with stage(f"images: docker-compose build (release {release})"):
            built = f"{release} {base}"
            if state.get("built") == built and stack.images_present(inst):
                info("images: already built for this release and base image")
            else:
                stack.build(inst)
                state["built"] = built
                inst.save(state)
        with stage("containers: docker-compose up -d (waits for each dependency to be healthy)"):
            stack.up(inst)
        url = inst.api_url(state)
        with stage(f"api: {url} ready through the proxy"):
            api.wait_ready(url, API_READY_TIMEOUT, watch=lambda: _fail_if_crashing(inst))
        with stage("knobs: reset"):
            _reset_knobs(inst)
        with stage("credentials"):
            creds = state.get("credentials")
            if creds and api.token_works(url, creds["token"]):
                info(f"credentials: kept ({creds.get('source')}, {creds['email']})")
            else:
                state["credentials"] = api.bootstrap_tenant(inst, url)
        state["release"] = release
        inst.save(state)
    info(f"devstack {inst.name} is up in {total.elapsed():.1f} s: API {url}, "
         f"ssh -p {state['ssh_port']} {ACCOUNT}@127.0.0.1, stack {inst.stack_dir}")
    info(f"  environment: eval \"$({cli_path} --instance {inst.name} env)\"")
    return 0


def _fail_if_crashing(inst):
    """Turns a crash-looping service into an error with its last log lines, instead of a long timeout."""
    bad = stack.crashing(stack.containers(inst))
    if bad:
        details = "\n".join(f"--- {service}: {what}; last log lines:\n{stack.log_tail(inst, service)}"
                            for service, what in bad)
        raise DevstackError(f"services keep failing: {', '.join(s for s, _ in bad)}\n{details}",
                            f"fix the cause, then run `devstack --instance {inst.name} up` again "
                            f"(a stale database volume from another stand-in version: `devstack reset`)")


def _reset_knobs(inst):
    logfiles.set_wanted(inst, True)
    logfiles.apply(inst)
    try:
        api.control(inst, "DELETE", "/knobs")
    except DevstackError as exc:
        warn(f"could not reset the fault knobs: {exc}")


# ---------------------------------------------------------------- down

def conmon_container_name(argv):
    """The container name a conmon process serves (its -n argument), or None."""
    if os.path.basename(argv[0]) != "conmon" or "-n" not in argv[:-1]:
        return None
    return argv[argv.index("-n") + 1]


def _kill_conmons(project):
    """Each docker exec leaves a conmon alive for a while (exit_command_delay), even after its container is
    gone (a deploy replaced it): end those of the project's containers, found by container name."""
    def ours(argv):
        name = conmon_container_name(argv)
        return name is not None and (name.startswith(project + "_") or name.startswith(project + "-"))

    pids = processes_matching(ours)
    for pid in pids:
        stop_process(pid, "conmon", timeout=3, sig=signal.SIGKILL)  # conmon ignores SIGTERM
    return len(pids)


def _take_down_containers(inst, volumes):
    ids = [c["Id"] for c in engine.project_containers(inst.project)]
    if ids and engine.answering(inst) and os.path.exists(os.path.join(inst.stack_dir, "docker-compose.yml")):
        try:
            stack.down(inst, volumes=volumes)
        except DevstackError as exc:
            warn(f"docker-compose down failed, removing the containers directly: {exc}")
    engine.remove_project_objects(inst.project, volumes=volumes)
    killed = _kill_conmons(inst.project)
    info(f"containers: removed {len(ids)}" + (f", ended {killed} lingering conmon processes" if killed else ""))


def _machine_cleanup(inst):
    others = system.other_instances_up(inst.name)
    if others:
        info(f"machine: kept podman's network state (instances still up: {', '.join(others)})")
        return
    if engine.podman_json(["ps", "--all", "--format", "json"]):
        info("machine: other containers exist; kept podman's network state")
        return
    system.clean_machine_leftovers()
    _stop_stray_aardvark()
    left = system.leftovers()
    if left:
        warn("machine: could not clean: " + "; ".join(left))
    else:
        info("machine: no iptables chains, bind mounts or ip_forward change left")
    # RUN_ROOT stays with only ip_forward.before: the machine's value before any devstack, which the next
    # first-up would otherwise record after podman changed it (reset --all removes it).


def _stop_stray_aardvark():
    """aardvark-dns (the network's DNS) outlives its networks at times; nothing uses it once no container exists."""
    for pid in processes_matching(lambda argv: os.path.basename(argv[0]) == "aardvark-dns"):
        stop_process(pid, "aardvark-dns", timeout=3)


def _stop_processes(inst):
    with stage("health loop: stop"):
        info("health loop: " + ("stopped" if healthloop.stop(inst) else "was not running"))
    with stage("containers: docker-compose down (volumes and images kept)"):
        _take_down_containers(inst, volumes=False)
    with stage("vps: stop sshd"):
        info("sshd: " + ("stopped" if vps.stop(inst) else "was not running"))
        vps.remove_run_files(inst)
    with stage("engine: stop"):
        info("engine: " + ("stopped" if engine.stop(inst) else "was not running"))
        swept = _sweep_processes(inst)
        if swept:
            warn(f"stopped {swept} processes of instance {inst.name} that its pid files did not name")
        shutil.rmtree(inst.run_dir, ignore_errors=True)


def cmd_down(inst):
    total = Timer()
    system.require_root()
    if not inst.exists() and not os.path.isdir(inst.run_dir):
        info(f"instance {inst.name}: nothing to bring down (never brought up)")
        return 0
    with instance_lock(inst):
        _stop_processes(inst)
        with stage("machine: podman leftovers"):
            _machine_cleanup(inst)
    info(f"devstack {inst.name} is down in {total.elapsed():.1f} s (volumes, images and state kept; "
         f"`devstack --instance {inst.name} reset` removes them)")
    return 0


# ---------------------------------------------------------------- reset

def _sweep_processes(inst):
    """Stops what pid files missed (a lost state dir, another user's state root): the instance's engine,
    health loop and sshd, recognised by arguments only they have. Returns how many it stopped."""
    def ours(argv):
        return (any(inst.socket in a for a in argv)
                or ("_healthloop" in argv and "--instance" in argv and inst.name in argv)
                or (os.path.basename(argv[0]) == "sshd"
                    and any(a.endswith(f"/ragdesk/devstack/{inst.name}/sshd_config") for a in argv)))

    pids = processes_matching(ours)
    for pid in pids:
        stop_process(pid, f"devstack {inst.name} process", timeout=10)
    return len(pids)


def _remove_instance(inst):
    with stage(f"reset {inst.name}: processes"):
        healthloop.stop(inst)
        vps.stop(inst)
        _sweep_processes(inst)
    with stage(f"reset {inst.name}: containers, volumes, network, images"):
        ids = engine.remove_project_objects(inst.project, volumes=True)
        _kill_conmons(inst.project)
        images = engine.project_images(inst.project)
        if images:
            run(["podman", "rmi", "--force"] + images, check=False, quiet=True, timeout=180)
        info(f"removed {len(ids)} containers, {len(images)} images, the project's volumes")
    engine.stop(inst)
    for path in (inst.run_dir, inst.srv_dir, inst.state_dir):
        shutil.rmtree(path, ignore_errors=True)
    info(f"removed {inst.run_dir}, {inst.srv_dir}, {inst.state_dir}")


def cmd_reset(inst, everything):
    total = Timer()
    system.require_root()
    targets = [Instance(n) for n in inst_mod.known_instances()] if everything else [inst]
    if not targets:
        info("no devstack instance found")
    for target in targets:
        _remove_instance(target)
    with stage("machine: podman leftovers"):
        _machine_cleanup(inst)
    if everything:
        with stage("machine: base images, deploy account, containers.conf"):
            image.remove_all()
            logfiles.remove_shared_grants()
            system.remove_account()
            system.restore_containers_conf()
            with contextlib.suppress(OSError):
                os.rmdir(SRV_ROOT)
            shutil.rmtree(RUN_ROOT, ignore_errors=True)
            info("kept: installed packages and the cached base rootfs "
                 f"({inst_mod.cache_root()}; delete it to rebuild with debootstrap)")
    info(f"reset done in {total.elapsed():.1f} s")
    return 0


# ---------------------------------------------------------------- status

def _line(name, ok, text):
    info(f"  {name:<12} {'ok  ' if ok else 'DOWN'}  {text}")
    return ok


def cmd_status(inst):
    state = state_mod.require(inst)
    info(f"devstack {inst.name}: project {inst.project}, state {inst.state_dir}")
    good = True
    engine_pid = engine.pid(inst)
    engine_ok = engine_pid is not None and engine.answering(inst)
    good &= _line("engine", engine_ok, f"podman {engine.version(inst) or '?'} pid {engine_pid}, {inst.socket}"
                  if engine_ok else f"not answering on {inst.socket}")
    sshd_pid = vps.pid(inst)
    sshd_ok = sshd_pid is not None and vps.answering(state["ssh_port"])
    good &= _line("sshd", sshd_ok, f"127.0.0.1:{state['ssh_port']} pid {sshd_pid}, user {ACCOUNT}"
                  if sshd_ok else f"not listening on 127.0.0.1:{state['ssh_port']}")
    loop_pid = healthloop.pid(inst)
    good &= _line("health loop", loop_pid is not None, f"pid {loop_pid}" if loop_pid else "not running")
    rows = stack.containers(inst)
    problems = stack.unhealthy(rows)
    info("  containers:")
    for row in rows:
        info(f"    {row['service']:<9} {row['state']:<8} {row['health'] or '-':<10} {row['image']}")
    for problem in problems:
        info(f"    {problem}")
    good &= not problems
    url = inst.api_url(state)
    status, body = api.request("GET", f"{url}/v1/system/health", timeout=10)
    api_ok = status == 200 and isinstance(body, dict) and body.get("status") == "ok"
    good &= _line("api", api_ok, f"{url} /v1/system/health: {status} "
                  f"{body.get('status') if isinstance(body, dict) else str(body)[:80]}")
    flag = os.path.exists(inst.maintenance_flag)
    info(f"  {'maintenance':<12} {'ON  ' if flag else 'off '}  flag {inst.maintenance_flag}")
    web = next((r for r in rows if r["service"] == "web"), None)
    if web:
        info(f"  {'release':<12}       {web['image'].rsplit(':', 1)[-1]} (web image tag; "
             f"revision label {web['revision'] or '-'})")
    return 0 if good else 1


# ---------------------------------------------------------------- env, seed, knobs, sinks, logs

def env_values(inst, state, cli_path):
    creds = state.get("credentials") or {}
    return [
        ("RAGDESK_DEVSTACK_INSTANCE", inst.name),
        ("RAGDESK_API_URL", inst.api_url(state)),
        ("RAGDESK_SSH_HOST", "127.0.0.1"),
        ("RAGDESK_SSH_PORT", str(state["ssh_port"])),
        ("RAGDESK_SSH_USER", ACCOUNT),
        ("RAGDESK_SSH_KEY", inst.client_key),
        ("RAGDESK_KNOWN_HOSTS", inst.known_hosts),
        ("RAGDESK_STACK_DIR", inst.stack_dir),
        ("RAGDESK_STACK_ORIGIN", inst.origin_url(state)),
        ("RAGDESK_COMPOSE_PROJECT", inst.project),
        ("RAGDESK_EMAIL", creds.get("email", "")),
        ("RAGDESK_PASSWORD", creds.get("password", "")),
        ("RAGDESK_TOKEN", creds.get("token", "")),
        ("RAGDESK_DEVSTACK_CTL", f"{shlex.quote(cli_path)} --instance {inst.name}"),
    ]


def cmd_env(inst, cli_path):
    state = state_mod.require(inst)
    if not state.get("credentials"):
        warn(f"instance {inst.name} has no credentials yet (up did not finish): RAGDESK_EMAIL/TOKEN are empty")
    for name, value in env_values(inst, state, cli_path):
        print(f"export {name}={shlex.quote(value)}")
    return 0


def cmd_seed(inst):
    state = state_mod.require(inst)
    with stage("seed: python3 -m standin.seed in the web container"):
        result = stack.exec_in(inst, "web", ["python3", "-m", "standin.seed"], timeout=600, check=False)
    if result.returncode != 0:
        raise DevstackError(f"standin.seed failed (exit {result.returncode}): "
                            f"{(result.stderr or result.stdout).strip()[-2000:]}")
    data = stack.parse_json_line(result.stdout)
    if not data or not all(k in data for k in ("email", "password", "token")):
        raise DevstackError(f"standin.seed printed no JSON object with email, password and token: "
                            f"{result.stdout.strip()[-500:]}")
    state["credentials"] = {"email": data["email"], "password": data["password"], "token": data["token"],
                            "source": "seed"}
    inst.save(state)
    # Everything the seed printed (other tenants, users of every role): for tests and the demo.
    write_file(inst.state_file("seed.json"), json.dumps(data, indent=2) + "\n", 0o600)
    info(f"seed: credentials of {data['email']} are now the env's RAGDESK_EMAIL/PASSWORD/TOKEN; "
         f"all seeded accounts in {inst.state_file('seed.json')}")
    return 0


def cmd_knob(inst, name, value, reset, list_):
    state_mod.require(inst)
    if name == logfiles.SETTING:
        # Not a knob of the stand-in: a devstack setting applied to the engine's files at once (and by the health
        # loop to containers that appear later).
        if not reset and value is None and not list_:
            raise DevstackError("knob needs NAME VALUE (or --reset, --list)")
        if not list_:
            logfiles.set_wanted(inst, reset or api.parse_knob_value(value) not in (0, False, "0", "false"))
            logfiles.apply(inst)
        sys.stdout.write(json.dumps({name: 1 if logfiles.wanted(inst) else 0}) + "\n")
        return 0
    if reset and not name:
        logfiles.set_wanted(inst, True)
        logfiles.apply(inst)
    if reset:
        out = api.control(inst, "DELETE", f"/knobs/{urllib.parse.quote(name, safe='')}" if name else "/knobs")
    elif list_ or name is None:
        out = api.control(inst, "GET", "/knobs")
        with contextlib.suppress(ValueError, TypeError):
            knobs = json.loads(out)
            knobs[logfiles.SETTING] = 1 if logfiles.wanted(inst) else 0
            out = json.dumps(knobs, separators=(",", ":"))
    else:
        if value is None:
            raise DevstackError("knob needs NAME VALUE (or --reset, --list)")
        out = api.control(inst, "PUT", f"/knobs/{urllib.parse.quote(name, safe='')}",
                          {"value": api.parse_knob_value(value)})
    sys.stdout.write(out if out.endswith("\n") or not out else out + "\n")
    return 0


def cmd_sink(inst, name, clear):
    state_mod.require(inst)
    path = f"/sink/{urllib.parse.quote(name, safe='')}"
    out = api.control(inst, "DELETE" if clear else "GET", path)
    sys.stdout.write(out if out.endswith("\n") or not out else out + "\n")
    return 0


def cmd_hostkey(inst, action):
    """`hostkey show`: the host key's fingerprint. `hostkey rotate`: a new host key, presented by the running sshd
    and pinned in the instance's known_hosts (copy the old file first to test that clients refuse the change)."""
    state = state_mod.require(inst)
    if action == "show":
        print(vps.host_key_fingerprint(inst))
        return 0
    system.require_root()
    with instance_lock(inst):
        old = vps.host_key_fingerprint(inst)
        with stage("vps: new host key"):
            reloaded = vps.rotate_host_key(inst, state["ssh_port"])
            new = vps.host_key_fingerprint(inst)
            info(f"host key: {old.split()[1]} -> {new.split()[1]}")
            info("sshd: presents the new key (reloaded with SIGHUP)" if reloaded
                 else "sshd: not running; it uses the new key when `up` starts it")
            info(f"known_hosts: {inst.known_hosts} pins the new key")
    print(new)
    return 0


OWN_LOGS = ("engine", "sshd", "healthloop", "compose")


def cmd_logs(inst, service, tail, follow):
    state_mod.require(inst)
    if service in OWN_LOGS:
        path = inst.logfile(service)
        if not os.path.exists(path):
            raise DevstackError(f"no {service} log yet ({path})")
        cmd = ["tail", "-n", str(tail)] + (["-F"] if follow else []) + [path]
        with contextlib.suppress(KeyboardInterrupt):
            run(cmd, timeout=None if follow else 60, check=False)
        return 0
    if service and service not in stack.SERVICES:
        raise DevstackError(f"unknown service {service!r}",
                            f"one of: {', '.join(stack.SERVICES + OWN_LOGS)}")
    stack.logs(inst, service, tail, follow)
    return 0


def cmd_healthloop(inst):
    return healthloop.run_loop(inst)
