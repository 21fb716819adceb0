"""A real release: a new commit pushed to the VPS's origin over SSH and deployed with the baseline
scripts/deploy.sh changes the release the stack runs — the web container's image tag and its
org.opencontainers.image.revision label, read over SSH with docker inspect (how RagDesk tells releases) —
and the API still answers."""

import json
import os
import subprocess
import tempfile
import unittest
import uuid

try:  # run as a package (unittest discover -t <repo root>) or as top-level modules (discover -s <this dir>)
    from . import devstack_env as ds
except ImportError:
    import devstack_env as ds


def git(args, cwd, **kwargs):
    return subprocess.run(["git"] + args, cwd=cwd, env=ds.git_ssh_env(), capture_output=True, text=True,
                          timeout=120, check=True, stdin=subprocess.DEVNULL, **kwargs).stdout.strip()


def release_of(service):
    item = json.loads(ds.ssh(f"docker inspect {ds.service_container(service)}").stdout)[0]
    return item["Config"]["Image"], item["Config"]["Labels"].get("org.opencontainers.image.revision")


class BaselineDeployTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        ds.check_env()

    def test_pushed_commit_deployed_with_deploy_sh_becomes_the_running_release(self):
        ds.wait_stack_healthy()
        old_image, old_revision = release_of("web")
        with tempfile.TemporaryDirectory(prefix="devstack-deploy-test-") as tmp:
            checkout = os.path.join(tmp, "stack")
            git(["clone", "--quiet", ds.env("RAGDESK_STACK_ORIGIN"), checkout], cwd=tmp)
            marker = uuid.uuid4().hex
            with open(os.path.join(checkout, "app", "DEPLOY_MARK"), "w") as handle:
                handle.write(f"deployed by the devstack system test {marker}\n")
            git(["add", "app/DEPLOY_MARK"], cwd=checkout)
            git(["commit", "--quiet", "-m", f"test deploy {marker}"], cwd=checkout)
            new_revision = git(["rev-parse", "HEAD"], cwd=checkout)
            self.assertNotEqual(new_revision, old_revision)
            git(["push", "--quiet", "origin", "HEAD:main"], cwd=checkout)

        result = ds.ssh(f"cd {ds.env('RAGDESK_STACK_DIR')} && ./scripts/deploy.sh", timeout=600)
        self.assertIn(f"Deploy of {new_revision[:12]} complete.", result.stdout)

        for service in ("web", "worker"):
            image, revision = release_of(service)
            self.assertTrue(image.endswith(f"-{service}:{new_revision[:12]}"), image)
            self.assertEqual(revision, new_revision, service)
        self.assertNotEqual(release_of("web")[0], old_image)
        # The file of the new commit is inside the running web container.
        web = ds.service_container("web")
        self.assertIn(marker, ds.ssh(f"docker exec {web} cat /app/DEPLOY_MARK").stdout)
        # Both releases stay as images: a rollback has something to switch back to.
        self.assertIn(old_image.rsplit(":", 1)[-1],
                      ds.ssh("docker images --format '{{.Tag}}'").stdout.split())

        ds.wait_until(lambda: ds.http("GET", "/health")[0] == 200, timeout=60, what="/health 200 after deploy")
        status, _, body = ds.http("GET", "/v1/bot-profiles", token=ds.env("RAGDESK_TOKEN"))
        self.assertEqual(status, 200, body[:300])
        ds.wait_stack_healthy()


if __name__ == "__main__":
    unittest.main()
