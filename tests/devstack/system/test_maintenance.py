"""Maintenance mode as in seed 002: a flag file in the stack's maintenance/ directory makes nginx answer every
route with a styled 503 page, except the health routes; removing it restores normal answers, no reload."""

import posixpath
import unittest

try:  # run as a package (unittest discover -t <repo root>) or as top-level modules (discover -s <this dir>)
    from . import devstack_env as ds
except ImportError:
    import devstack_env as ds

MAINTENANCE_ROUTES = ("/", "/v1/bot-profiles", "/v1/sources", "/docs")
HEALTH_ROUTES = ("/health", "/v1/system/health")


class MaintenanceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        ds.check_env()
        cls.flag = posixpath.join(ds.env("RAGDESK_STACK_DIR"), "maintenance", "maintenance.on")

    def setUp(self):
        self.set_flag(False)
        self.addCleanup(self.set_flag, False)

    def set_flag(self, on):
        ds.ssh(f"touch {self.flag}" if on else f"rm -f {self.flag}")

    def status_of(self, path):
        return ds.http("GET", path, token=ds.env("RAGDESK_TOKEN"))[0]

    def assert_maintenance_page(self, path):
        status, headers, body = ds.http("GET", path, token=ds.env("RAGDESK_TOKEN"))
        self.assertEqual(status, 503, path)
        self.assertTrue(headers.get("Content-Type", "").startswith("text/html"), (path, headers))
        text = body.decode()
        self.assertIn("<!DOCTYPE html>", text)
        self.assertIn("Under Maintenance", text)
        self.assertIn("<style>", text)

    def assert_serving(self):
        self.assertEqual(self.status_of("/v1/bot-profiles"), 200)
        self.assertNotEqual(self.status_of("/"), 503)

    def test_flag_over_ssh_turns_maintenance_on_and_off(self):
        self.assert_serving()
        self.set_flag(True)
        # nginx tests the flag per request: the next request already answers 503 (deadline for safety only).
        ds.wait_until(lambda: self.status_of("/v1/bot-profiles") == 503, timeout=10, what="maintenance on")
        for path in MAINTENANCE_ROUTES:
            self.assert_maintenance_page(path)
        self.assertEqual(ds.http("POST", "/v1/auth/login", body={"email": "a@b.example", "password": "x"})[0], 503)
        for path in HEALTH_ROUTES:
            self.assertEqual(self.status_of(path), 200, path)
        status, _, body = ds.http("GET", "/v1/system/health")
        self.assertIn(b'"status"', body)
        self.set_flag(False)
        ds.wait_until(lambda: self.status_of("/v1/bot-profiles") == 200, timeout=10, what="maintenance off")
        self.assert_serving()

    def test_flag_set_inside_the_proxy_container_is_seen_on_the_vps(self):
        # The maintenance directory is a rw bind mount: `docker exec proxy touch …` works too.
        proxy = ds.service_container("proxy")
        ds.ssh(f"docker exec {proxy} touch /etc/nginx/maintenance/maintenance.on")
        self.assertEqual(ds.ssh(f"test -f {self.flag} && echo present").stdout.strip(), "present")
        self.assert_maintenance_page("/v1/bot-profiles")
        ds.ssh(f"docker exec {proxy} rm -f /etc/nginx/maintenance/maintenance.on")
        ds.wait_until(lambda: self.status_of("/v1/bot-profiles") == 200, timeout=10, what="maintenance off")


if __name__ == "__main__":
    unittest.main()
