"""The VPS as RagDesk meets it: key-only SSH as a non-root account that drives the container engine, and the
compose project's services all healthy per `docker inspect`."""

import os
import shlex
import shutil
import subprocess
import tempfile
import unittest

try:  # run as a package (unittest discover -t <repo root>) or as top-level modules (discover -s <this dir>)
    from . import devstack_env as ds
except ImportError:
    import devstack_env as ds


class VpsLoginTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        ds.check_env()

    def test_deploy_account_is_not_root_and_reaches_the_engine(self):
        out = ds.ssh("id -u; id -un; echo $DOCKER_HOST; docker version --format '{{.Server.APIVersion}}'").stdout
        uid, user, docker_host, api_version = out.split()
        self.assertNotEqual(uid, "0")
        self.assertEqual(user, ds.env("RAGDESK_SSH_USER"))
        self.assertTrue(docker_host.startswith("unix://"), docker_host)
        self.assertRegex(api_version, r"^1\.\d+$")

    def test_docker_ps_lists_every_service(self):
        project = ds.env("RAGDESK_COMPOSE_PROJECT")
        out = ds.ssh(f"docker ps --size=false --filter label=com.docker.compose.project={project} "
                     "--format '{{.Label \"com.docker.compose.service\"}}'").stdout
        self.assertEqual(sorted(out.split()), sorted(ds.SERVICES))

    def test_every_service_is_healthy_per_docker_inspect(self):
        ds.wait_stack_healthy(timeout=90)
        for item in ds.project_containers():
            service = item["Config"]["Labels"]["com.docker.compose.service"]
            if service in ds.HEALTHCHECKED:
                health = item["State"]["Health"]
                self.assertEqual(health["Status"], "healthy", service)
                # Real checks ran (the devstack drives podman's healthchecks): a log of recent results.
                self.assertTrue(health.get("Log"), f"{service} has no healthcheck log")

    def test_only_the_proxy_publishes_a_port_on_loopback(self):
        for item in ds.project_containers():
            service = item["Config"]["Labels"]["com.docker.compose.service"]
            bindings = [b for port in (item["HostConfig"].get("PortBindings") or {}).values() for b in port or []]
            if service == "proxy":
                self.assertEqual([b["HostIp"] for b in bindings], ["127.0.0.1"])
                self.assertTrue(ds.env("RAGDESK_API_URL").endswith(":" + bindings[0]["HostPort"]))
            else:
                self.assertEqual(bindings, [], service)

    def test_stack_dir_is_a_git_checkout_owned_by_the_account(self):
        stack = ds.env("RAGDESK_STACK_DIR")
        out = ds.ssh(f"cd {stack} && stat -c %U . maintenance && git rev-parse HEAD && test -f docker-compose.yml "
                     "&& test -x scripts/backup.sh && test -x scripts/deploy.sh && echo files-ok").stdout.split()
        self.assertEqual(out[:2], [ds.env("RAGDESK_SSH_USER")] * 2)
        self.assertRegex(out[2], r"^[0-9a-f]{40}$")
        self.assertEqual(out[3], "files-ok")

    def test_password_login_is_refused(self):
        cmd = ["ssh", "-F", "/dev/null", "-p", ds.env("RAGDESK_SSH_PORT"), "-o", "BatchMode=yes",
               "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive",
               "-o", f"UserKnownHostsFile={ds.env('RAGDESK_KNOWN_HOSTS')}", "-o", "StrictHostKeyChecking=yes",
               f"{ds.env('RAGDESK_SSH_USER')}@{ds.env('RAGDESK_SSH_HOST')}", "true"]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
        self.assertEqual(result.returncode, 255)
        self.assertIn("Permission denied", result.stderr)

    def test_known_hosts_pins_the_host_key(self):
        with open(ds.env("RAGDESK_KNOWN_HOSTS")) as handle:
            line = handle.read().strip()
        self.assertTrue(line.startswith(f"[127.0.0.1]:{ds.env('RAGDESK_SSH_PORT')} "), line)
        # StrictHostKeyChecking=yes in every call above: the login only works because this line matches.


class HostKeyRotationTest(unittest.TestCase):
    """`devstack hostkey rotate`: a client holding the old known_hosts must refuse the host, one with the
    rewritten file must log in."""

    @classmethod
    def setUpClass(cls):
        ds.check_env()

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ragdesk-hostkey-")
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)

    def devstack(self, *args):
        result = subprocess.run(shlex.split(ds.env("RAGDESK_DEVSTACK_CTL")) + ["hostkey", *args],
                                capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        self.assertEqual(result.returncode, 0, f"hostkey {args}: {result.stdout}\n{result.stderr}")
        return result.stdout

    def ssh_with(self, known_hosts):
        options = [f"UserKnownHostsFile={known_hosts}" if o.startswith("UserKnownHostsFile=") else o
                   for o in ds.ssh_options()]
        cmd = (["ssh", "-p", ds.env("RAGDESK_SSH_PORT")] + options
               + [f"{ds.env('RAGDESK_SSH_USER')}@{ds.env('RAGDESK_SSH_HOST')}", "--", "echo logged-in"])
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)

    def presented_fingerprint(self):
        """SHA256 fingerprint of the key the sshd presents to a fresh connection."""
        scan = subprocess.run(["ssh-keyscan", "-T", "5", "-p", ds.env("RAGDESK_SSH_PORT"), ds.env("RAGDESK_SSH_HOST")],
                              capture_output=True, text=True, timeout=30, check=True)
        listed = subprocess.run(["ssh-keygen", "-lf", "-"], input=scan.stdout, capture_output=True, text=True,
                                timeout=30, check=True)
        return listed.stdout.split()[1]

    def test_rotated_host_key_is_refused_with_the_old_known_hosts(self):
        old_known_hosts = os.path.join(self.dir, "known_hosts.old")
        shutil.copyfile(ds.env("RAGDESK_KNOWN_HOSTS"), old_known_hosts)
        old = self.devstack("show").split()
        self.assertRegex(old[1], r"^SHA256:[A-Za-z0-9+/]{43}$")
        self.assertEqual(old[-1], "(ED25519)")
        self.assertEqual(self.presented_fingerprint(), old[1])

        new = self.devstack("rotate").strip().splitlines()[-1].split()
        self.assertNotEqual(new[1], old[1])
        self.assertEqual(self.devstack("show").split(), new)
        self.assertEqual(self.presented_fingerprint(), new[1])

        refused = self.ssh_with(old_known_hosts)
        self.assertEqual(refused.returncode, 255, refused.stderr)
        self.assertRegex(refused.stderr, "REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed")
        self.assertNotIn("logged-in", refused.stdout)

        accepted = self.ssh_with(ds.env("RAGDESK_KNOWN_HOSTS"))
        self.assertEqual(accepted.returncode, 0, accepted.stderr)
        self.assertEqual(accepted.stdout.strip(), "logged-in")


if __name__ == "__main__":
    unittest.main()
