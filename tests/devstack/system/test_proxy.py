"""The nginx proxy in front of web: everything is routed to the app, and SSE chat streams pass through
unbuffered and uncompressed (events arrive as they are produced, not all at the end)."""

import http.client
import json
import time
import unittest
import urllib.parse
import uuid

try:  # run as a package (unittest discover -t <repo root>) or as top-level modules (discover -s <this dir>)
    from . import devstack_env as ds
except ImportError:
    import devstack_env as ds


class ProxyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        ds.check_env()
        # An own tenant (open registration), so this test's chat leaves nothing in the env tenant.
        slug = f"proxy-test-{uuid.uuid4().hex[:10]}"
        status, _, body = ds.http("POST", "/v1/tenants", body={
            "tenant_name": "Proxy test", "tenant_slug": slug, "owner_email": f"owner@{slug}.example.com",
            "owner_password": uuid.uuid4().hex})
        if status != 201:
            raise AssertionError(f"POST /v1/tenants answered {status}: {body[:300]}")
        cls.token = json.loads(body)["api_token"]
        status, _, body = ds.http("POST", "/v1/bot-profiles", token=cls.token, body={"name": "Proxy test bot"})
        if status != 201:
            raise AssertionError(f"POST /v1/bot-profiles answered {status}: {body[:300]}")
        cls.bot_id = json.loads(body)["id"]

    def test_every_route_reaches_the_app(self):
        status, headers, body = ds.http("GET", "/v1/no-such-route")
        self.assertEqual(status, 404)
        self.assertTrue(headers.get("Content-Type", "").startswith("application/json"), headers)
        self.assertEqual(json.loads(body), {"detail": "Not Found"})

    def test_sse_arrives_event_by_event_without_compression(self):
        url = urllib.parse.urlsplit(ds.env("RAGDESK_API_URL"))
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        self.addCleanup(conn.close)
        body = json.dumps({"bot_profile_id": self.bot_id, "message": "How are backups configured?",
                           "stream": True})
        conn.request("POST", "/v1/chat", body=body, headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/json",
            "Accept": "text/event-stream", "Accept-Encoding": "gzip"})
        resp = conn.getresponse()
        self.assertEqual(resp.status, 200)
        self.assertTrue(resp.getheader("Content-Type", "").startswith("text/event-stream"))
        self.assertIsNone(resp.getheader("Content-Encoding"), "the proxy must never gzip an event stream")
        arrivals = {}
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = resp.readline()
            if not line:
                break
            if line.startswith(b"event:"):
                arrivals.setdefault(line.split(b":", 1)[1].strip().decode(), time.monotonic())
        self.assertIn("delta", arrivals)
        self.assertIn("done", arrivals)
        # At the default token rate the answer takes seconds: the first delta must be seen long before done.
        self.assertGreater(arrivals["done"] - arrivals["delta"], 0.3, arrivals)


if __name__ == "__main__":
    unittest.main()
