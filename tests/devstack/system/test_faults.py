"""Fault knobs that need the engine, not just the API: slow start-up after a restart (503 until the delay has
passed, like migrations), an unhealthy worker seen by `docker inspect`, and the noise service's log lines."""

import json
import re
import shlex
import subprocess
import unittest

try:
    from . import devstack_env as ds
except ImportError:
    import devstack_env as ds


def knob(*args):
    command = shlex.split(ds.env("RAGDESK_DEVSTACK_CTL")) + ["knob", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise AssertionError(f"{shlex.join(command)} exited {result.returncode}\n{result.stdout}{result.stderr}")


def health_of(service):
    item = json.loads(ds.ssh(f"docker inspect {ds.service_container(service)}").stdout)[0]
    return (item["State"].get("Health") or {}).get("Status")


class FaultKnobTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        ds.check_env()
        ds.env("RAGDESK_DEVSTACK_CTL")

    def tearDown(self):
        knob("--reset")
        ds.wait_stack_healthy(timeout=120)

    def test_slow_startup_answers_503_then_200(self):
        knob("startup_delay_s", "6")
        ds.ssh(f"docker restart {ds.service_container('web')}")
        seen = []

        def status_changed_to_ok():
            status, _, _ = ds.http("GET", "/health", timeout=5)
            if not seen or seen[-1] != status:
                seen.append(status)
            return status == 200

        ds.wait_until(status_changed_to_ok, timeout=90, what="/health to answer 200 after the start-up delay")
        self.assertIn(503, seen, f"statuses seen while web started: {seen}")
        status, _, body = ds.http("GET", "/v1/system/health")
        self.assertEqual(status, 200, body)

    def test_unhealthy_worker_shows_in_docker_inspect_and_recovers(self):
        knob("worker_unhealthy", "true")
        ds.wait_until(lambda: health_of("worker") == "unhealthy", timeout=90, what="the worker to turn unhealthy")
        knob("worker_unhealthy", "false")
        ds.wait_until(lambda: health_of("worker") == "healthy", timeout=90, what="the worker to be healthy again")

    def test_noise_service_logs_numbered_lines_at_the_chosen_rate(self):
        container = ds.service_container("noise")
        knob("noise_burst", "2000")
        # Every line carries a sequence number: the burst is there in full once the log holds 2000 more of them.
        ds.wait_until(lambda: int(ds.ssh(f"docker logs {container} 2>&1 | wc -l").stdout) >= 2000, timeout=60,
                      what="the noise burst in the container's log")
        tail = ds.ssh(f"docker logs --tail 400 {container} 2>&1 | cat -v").stdout
        numbers = [int(a or b) for a, b in re.findall(r'seq=(\d+)|"seq": ?(\d+)', tail)]
        self.assertGreater(len(numbers), 100, tail[-2000:])
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + len(numbers))), "no record lost or reordered")


if __name__ == "__main__":
    unittest.main()
