"""Where one devstack instance keeps its things: state dir, run dir, VPS dirs, names; and its saved state."""

import json
import os
import re

from .util import DevstackError, make_dir, read_text, write_file

# Machine-wide names (the container engine and accounts are shared by all instances).
ACCOUNT = "deploy"
ACCOUNT_COMMENT = "RagDesk devstack VPS account"
ENGINE_GROUP = "ragdesk-engine"
RUN_ROOT = "/run/ragdesk-devstack"
SRV_ROOT = "/srv/ragdesk-devstack"
CONTAINERS_CONF = "/etc/containers/containers.conf"

NAME_RE = re.compile(r"^[a-z][a-z0-9]{0,19}$")
DEFAULT_INSTANCE = "dev"

DEVSTACK_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The directory committed to the VPS's origin. Overridable only to develop the devstack itself against a
# modified copy of the stack; tests and the demo use the repo's devstack/stack.
STACK_SOURCE = os.environ.get("RAGDESK_DEVSTACK_STACK_SOURCE") or os.path.join(DEVSTACK_DIR, "stack")
BASE_DIR = os.path.join(DEVSTACK_DIR, "base")


def state_root():
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return os.path.join(base, "ragdesk", "devstack")


def cache_root():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "ragdesk", "devstack")


class Instance:
    """One devstack: its name and every path and name derived from it."""

    def __init__(self, name):
        if not NAME_RE.match(name):
            raise DevstackError(f"bad instance name {name!r}",
                                "use 1-20 lower-case letters and digits, starting with a letter (e.g. dev, t1234)")
        self.name = name
        self.project = f"ragdesk-{name}"
        self.state_dir = os.path.join(state_root(), name)
        self.run_dir = os.path.join(RUN_ROOT, name)
        self.socket = os.path.join(self.run_dir, "docker.sock")
        self.docker_host = f"unix://{self.socket}"
        self.authorized_keys = os.path.join(self.run_dir, "authorized_keys")
        self.srv_dir = os.path.join(SRV_ROOT, name)
        self.stack_dir = os.path.join(self.srv_dir, "stack")
        self.origin_dir = os.path.join(self.srv_dir, "origin.git")
        self.maintenance_flag = os.path.join(self.stack_dir, "maintenance", "maintenance.on")

    def state_file(self, name):
        return os.path.join(self.state_dir, name)

    # Files in the state dir (0700; files 0600).
    @property
    def state_json(self):
        return self.state_file("state.json")

    @property
    def client_key(self):
        return self.state_file("id_ed25519")

    @property
    def known_hosts(self):
        return self.state_file("known_hosts")

    @property
    def host_key(self):
        return self.state_file("ssh_host_ed25519_key")

    @property
    def sshd_config(self):
        return self.state_file("sshd_config")

    def pidfile(self, component):
        return self.state_file(f"{component}.pid")

    def logfile(self, component):
        return self.state_file(f"{component}.log")

    def ensure_state_dir(self):
        make_dir(os.path.dirname(self.state_dir), 0o700)
        make_dir(self.state_dir, 0o700)

    def exists(self):
        return os.path.exists(self.state_json)

    def load(self):
        text = read_text(self.state_json)
        if text is None:
            return {}
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise DevstackError(f"state file {self.state_json} is corrupt ({exc})",
                                f"run: devstack --instance {self.name} reset") from exc

    def save(self, state):
        self.ensure_state_dir()
        write_file(self.state_json, json.dumps(state, indent=2, sort_keys=True) + "\n", 0o600)

    def api_url(self, state):
        return f"http://127.0.0.1:{state['proxy_port']}"

    def origin_url(self, state):
        return f"ssh://{ACCOUNT}@127.0.0.1:{state['ssh_port']}{self.origin_dir}"


def registered_instances():
    """Names of instances that have a run dir (i.e. were brought up and not yet brought down)."""
    try:
        entries = os.listdir(RUN_ROOT)
    except FileNotFoundError:
        return []
    return sorted(e for e in entries if NAME_RE.match(e) and os.path.isdir(os.path.join(RUN_ROOT, e)))


def known_instances():
    """Instances with state under this user's state root or a run dir."""
    names = set(registered_instances())
    try:
        names.update(e for e in os.listdir(state_root()) if NAME_RE.match(e))
    except FileNotFoundError:
        pass
    try:
        names.update(e for e in os.listdir(SRV_ROOT) if NAME_RE.match(e))
    except FileNotFoundError:
        pass
    return sorted(names)
