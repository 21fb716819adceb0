"""§6.9 and §9: webhook subscriptions, and real deliveries to the devstack's sink with HMAC-SHA256 signatures."""

import json
import unittest
import uuid

from support import (ApiTestCase, call, control, new_tenant, signature, sink_body, sink_header,
                     sink_url, stream_chat, use_fast_streams, wait_until)

VALID_EVENTS = "['chat.message', 'source.failed', 'source.ingested']"
ALL_EVENTS = ["chat.message", "source.ingested", "source.failed"]


def setUpModule():
    use_fast_streams()


class WebhookCrudTest(ApiTestCase):
    """Webhook subscriptions without deliveries."""

    def test_create_list_get_delete(self):
        tenant = new_tenant("hooks")
        response = call("POST", "/v1/webhooks", token=tenant.token,
                        json_body={"url": "https://hooks.example/minirag", "events": ["chat.message"],
                                   "description": "relay"})
        self.assertEqual(response.status, 201)
        created = response.json()
        self.assertEqual(set(created), {"id", "tenant_id", "url", "events", "is_active", "description", "has_secret",
                                        "created_at", "updated_at", "secret"})
        self.assertEqual((created["events"], created["is_active"], created["has_secret"], created["description"]),
                         (["chat.message"], True, True, "relay"))
        self.assertRegex(created["secret"], r"\A[A-Za-z0-9_-]{43}\Z")
        given = self.create(tenant.token, "/v1/webhooks", {"url": "not a url", "events": [], "secret": "s3cret"})
        self.assertEqual((given["secret"], given["url"], given["events"]), ("s3cret", "not a url", []))
        empty_secret = self.create(tenant.token, "/v1/webhooks", {"url": "u", "events": [], "secret": ""})
        self.assertEqual(len(empty_secret["secret"]), 43)

        listed = self.get_json(tenant.token, "/v1/webhooks")
        self.assertEqual([h["id"] for h in listed], [empty_secret["id"], given["id"], created["id"]])
        self.assertNotIn("secret", listed[0])
        one = self.get_json(tenant.token, f"/v1/webhooks/{created['id']}")
        self.assertEqual(one, {k: v for k, v in created.items() if k != "secret"})

        self.assertEqual(call("DELETE", f"/v1/webhooks/{created['id']}", token=tenant.token).status, 204)
        for method, suffix in (("GET", ""), ("DELETE", ""), ("POST", "/test")):
            self.assertDetail(call(method, f"/v1/webhooks/{created['id']}{suffix}", token=tenant.token), 404,
                              "Webhook not found")
        self.assertEqual(call("PATCH", f"/v1/webhooks/{given['id']}", token=tenant.token, json_body={}).status, 405)

    def test_validation(self):
        tenant = new_tenant("hookval")
        self.assertDetail(call("POST", "/v1/webhooks", token=tenant.token,
                               json_body={"url": "u", "events": ["chat.message", "source.deleted"]}),
                          422, f"Invalid event type: source.deleted. Valid: {VALID_EVENTS}")
        self.assertValidation(call("POST", "/v1/webhooks", token=tenant.token,
                                   json_body={"url": "u" * 2049, "events": "chat.message", "description": "d" * 501}),
                              {"type": "string_too_long", "loc": ["body", "url"], "ctx": {"max_length": 2048}},
                              {"type": "list_type", "loc": ["body", "events"]},
                              {"type": "string_too_long", "loc": ["body", "description"], "ctx": {"max_length": 500}})
        self.assertValidation(call("POST", "/v1/webhooks", token=tenant.token, json_body={"url": "u", "events": [7]}),
                              {"type": "string_type", "loc": ["body", "events", 0]})
        self.assertPlain500(call("POST", "/v1/webhooks", token=tenant.token,
                                 json_body={"url": "u", "events": [], "secret": "s" * 257}))


class DeliveryTest(ApiTestCase):
    """Deliveries recorded by the devstack sink, one sink name per test."""

    def setUp(self):
        self.tenant = new_tenant("deliver")
        self.sink = f"conf-{uuid.uuid4().hex}"

    def subscribe(self, events=ALL_EVENTS, secret=None) -> dict:
        return self.create(self.tenant.token, "/v1/webhooks", {"url": sink_url(self.sink), "events": events,
                                                                "secret": secret})

    def deliveries(self, event: str | None = None) -> list:
        return [d for d in control.sink(self.sink) if event is None or sink_header(d, "X-MiniRAG-Event") == event]

    def assertSigned(self, delivery: dict, secret: str, event: str) -> dict:
        self.assertEqual(delivery["method"], "POST")
        self.assertEqual(sink_header(delivery, "Content-Type"), "application/json")
        self.assertEqual(sink_header(delivery, "X-MiniRAG-Event"), event)
        raw = sink_body(delivery)
        self.assertEqual(sink_header(delivery, "X-MiniRAG-Signature"), signature(secret, raw))
        payload = json.loads(raw)
        self.assertEqual(raw.decode(), json.dumps(payload), "bodies use Python's default JSON encoding")
        return payload

    def test_ping(self):
        hook = self.subscribe(secret="ping-secret")
        response = call("POST", f"/v1/webhooks/{hook['id']}/test", token=self.tenant.token)
        self.assertEqual(response.status, 200)
        self.assertEqual(response.json(), {"success": True, "status_code": 200})
        [delivery] = self.deliveries()
        self.assertEqual(self.assertSigned(delivery, "ping-secret", "test.ping"),
                         {"event": "test.ping", "webhook_id": hook["id"]})

    def test_ping_reports_the_target_status(self):
        hook = self.subscribe()
        self.knob("sink_status", 503)
        response = call("POST", f"/v1/webhooks/{hook['id']}/test", token=self.tenant.token)
        self.assertEqual(response.json(), {"success": False, "status_code": 503})
        unreachable = self.create(self.tenant.token, "/v1/webhooks", {"url": "http://127.0.0.1:1/hook", "events": []})
        response = call("POST", f"/v1/webhooks/{unreachable['id']}/test", token=self.tenant.token)
        self.assertEqual(response.json(), {"success": False, "status_code": None})

    def test_chat_message_is_delivered_before_the_answer_and_not_for_streams(self):
        hook = self.subscribe()
        bot_id = self.bot(self.tenant.token)["id"]
        streamed = stream_chat(self.tenant.token, {"bot_profile_id": bot_id, "message": "streamed"})
        self.assertEqual(streamed.names()[-1], "done")
        answer = self.chat(self.tenant.token, bot_id, "not streamed")
        [delivery] = self.deliveries("chat.message")
        self.assertEqual(self.assertSigned(delivery, hook["secret"], "chat.message"),
                         {"chat_id": answer["chat_id"], "message_id": answer["message"]["id"],
                          "bot_profile_id": bot_id})

    def test_source_events_from_the_worker(self):
        hook = self.subscribe()
        bot_id = self.bot(self.tenant.token)["id"]
        ready = self.ingested(self.tenant.token, bot_id, "Deployment notes. " * 20, name="Notes")
        delivery = wait_until(lambda: self.deliveries("source.ingested"), what="source.ingested")[0]
        self.assertEqual(self.assertSigned(delivery, hook["secret"], "source.ingested"),
                         {"source_id": ready["id"], "source_name": "Notes", "document_count": 1,
                          "chunk_count": ready["chunk_count"]})

        empty = self.source(self.tenant.token, bot_id)
        self.assertEqual(call("POST", f"/v1/sources/{empty['id']}/ingest", token=self.tenant.token).status, 202)
        self.assertEqual(self.wait_for_status(self.tenant.token, empty["id"])["error_message"], "No content to ingest")
        broken = self.source(self.tenant.token, bot_id, source_type="url", config={"url": "http://127.0.0.1:1/doc"})
        self.assertEqual(call("POST", f"/v1/sources/{broken['id']}/ingest", token=self.tenant.token).status, 202)
        failed = self.wait_for_status(self.tenant.token, broken["id"])
        delivery = wait_until(lambda: self.deliveries("source.failed"), what="source.failed")
        # The early exit ("No content to ingest") fires no event; the fetch failure does.
        self.assertEqual(len(delivery), 1)
        self.assertEqual(self.assertSigned(delivery[0], hook["secret"], "source.failed"),
                         {"source_id": broken["id"], "error": failed["error_message"][:500]})

    def test_only_subscribed_events_are_sent(self):
        self.subscribe(events=["source.failed"])
        self.chat(self.tenant.token, self.bot(self.tenant.token)["id"], "hello")
        self.assertEqual(self.deliveries(), [])


if __name__ == "__main__":
    unittest.main()
