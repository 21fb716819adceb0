"""§7.2: the SSE stream byte for byte — framing, JSON encoding, event order, errors, and persistence after done."""

import json
import re
import time
import unittest

from support import (FAST_TOKEN_RATE, ApiTestCase, call, new_tenant, stream_chat,
                     use_fast_streams)

SURROGATE_PAIR = re.compile(r"\\ud[89ab][0-9a-f]{2}\\ud[c-f][0-9a-f]{2}")
CONTEXT = ("Grüße from the Munich office: the Pro plan costs €49 per month. Support answers within 4 hours on "
           "business days. Résumé uploads are limited to 10 MB.")


def setUpModule():
    use_fast_streams()


class StreamTest(ApiTestCase):
    """One tenant with a bot whose source holds non-ASCII text, per test."""

    def setUp(self):
        self.tenant = new_tenant("sse")
        self.bot_id = self.bot(self.tenant.token, model="gpt-4o")["id"]
        self.source_id = self.ingested(self.tenant.token, self.bot_id, CONTEXT)["id"]

    def stream(self, message: str = "What does the Pro plan cost?", **fields):
        return stream_chat(self.tenant.token, {"bot_profile_id": self.bot_id, "message": message, **fields})

    def chats(self) -> list:
        return self.get_json(self.tenant.token, "/v1/chat")

    def test_headers(self):
        result = self.stream()
        self.assertEqual(result.status, 200)
        self.assertEqual(result.headers.get("Content-Type"), "text/event-stream; charset=utf-8")
        self.assertEqual(result.headers.get("Cache-Control"), "no-cache")
        # nginx consumes X-Accel-* headers by default, so behind it the header may be gone; if it arrives, it is "no".
        self.assertIn(result.headers.get("X-Accel-Buffering"), ("no", None))
        self.assertIsNone(result.headers.get("Content-Length"))
        self.assertEqual(result.headers.get("Transfer-Encoding"), "chunked")

    def test_wire_format_is_exact(self):
        result = self.stream()
        self.assertTrue(result.complete)
        raw = result.raw.decode("ascii")  # non-ASCII is always escaped
        self.assertTrue(raw.endswith("\n\n"))
        self.assertNotIn("\r", raw)
        events = result.events
        for name, data in events:
            # Python's default encoder: ", " and ": " separators, \uXXXX escapes; the data is one line.
            self.assertEqual(data, json.dumps(json.loads(data)), f"{name} data not in Python's default encoding")
        names = [name for name, _ in events]
        self.assertEqual(names[0], "sources")
        self.assertEqual(names[-1], "done")
        self.assertEqual(set(names[1:-1]), {"delta"})
        self.assertRegex(raw, r'"content": "[^"]*\\u20ac')  # € in the retrieved chunk
        self.assertRegex(raw, SURROGATE_PAIR.pattern)
        text = result.text()
        self.assertTrue(any(ord(ch) > 0xFFFF for ch in text), "answers carry emoji outside the BMP")
        for ch in {ch for ch in text if ord(ch) > 0xFFFF}:
            self.assertIn(json.dumps(ch)[1:-1], raw)

    def test_event_payloads_and_persistence_after_done(self):
        result = self.stream()
        sources = result.data("sources")[0]
        self.assertEqual(set(sources), {"sources"})
        self.assertEqual(len(sources["sources"]), 1)
        hit = sources["sources"][0]
        self.assertEqual(set(hit), {"chunk_id", "content", "score", "source_id"})
        self.assertEqual(hit["source_id"], self.source_id)
        self.assertLessEqual(len(hit["content"]), 200)
        for delta in result.data("delta"):
            self.assertEqual(set(delta), {"content"})
        done = result.data("done")[0]
        self.assertEqual(set(done), {"chat_id", "message_id", "usage"})
        self.assertEqual(set(done["usage"]), {"model", "prompt_tokens", "completion_tokens", "total_tokens"})
        self.assertEqual(done["usage"]["model"], "gpt-4o")
        self.assertEqual(done["usage"]["completion_tokens"], len(result.data("delta")))
        usage = done["usage"]
        self.assertEqual(usage["total_tokens"], usage["prompt_tokens"] + usage["completion_tokens"])
        messages = self.get_json(self.tenant.token, f"/v1/chat/{done['chat_id']}/messages")
        self.assertEqual([m["role"] for m in messages], ["user", "assistant"])
        self.assertEqual(messages[1]["id"], done["message_id"])
        self.assertEqual(messages[1]["content"], result.text())
        follow_up = self.stream("And the Business plan?", chat_id=done["chat_id"])
        self.assertEqual(follow_up.data("done")[0]["chat_id"], done["chat_id"])
        self.assertEqual(self.get_json(self.tenant.token, f"/v1/chat/{done['chat_id']}")["message_count"], 4)

    def test_errors_before_the_stream_are_plain_json(self):
        self.assertDetail(call("POST", "/v1/chat", token=self.tenant.token, json_body={
            "bot_profile_id": self.bot_id, "message": "hi", "stream": True, "chat_id": self.source_id}),
            404, "Chat session not found")
        self.assertDetail(call("POST", "/v1/chat", json_body={"bot_profile_id": self.bot_id, "message": "hi",
                                                              "stream": True}), 401, "Not authenticated")

    def test_error_event_replaces_done_and_nothing_is_persisted(self):
        self.knob("stream_error_after", 3)
        result = self.stream()
        self.assertTrue(result.complete)
        self.assertEqual(result.names(), ["sources", "delta", "delta", "delta", "error"])
        error = result.data("error")[0]
        self.assertEqual(set(error), {"detail"})
        self.assertTrue(error["detail"].startswith("LLM request timed out: "), error["detail"])
        self.assertEqual(self.chats(), [])

    def test_provider_error_after_sources(self):
        bot_id = self.bot(self.tenant.token, credentials={"api_key": "sk-invalid-key"})["id"]
        result = stream_chat(self.tenant.token, {"bot_profile_id": bot_id, "message": "hi"})
        self.assertEqual(result.names(), ["sources", "error"])
        self.assertTrue(result.data("error")[0]["detail"].startswith("LLM authentication failed: "))
        self.assertEqual(self.chats(), [])

    def test_retrieval_failure_is_a_lone_error_event(self):
        # The collection has the default model's 1536 dimensions (this test's setUp ingested with one);
        # a 768-dimension embedding model fails at retrieval, before anything was sent (§7.2, §12.10).
        bot_id = self.bot(self.tenant.token, embedding_model="gemini/text-embedding-004")["id"]
        result = stream_chat(self.tenant.token, {"bot_profile_id": bot_id, "message": "hi"})
        self.assertEqual(result.names(), ["error"])
        self.assertIn("dimension", result.data("error")[0]["detail"])
        self.assertPlain500(call("POST", "/v1/chat", token=self.tenant.token,
                                 json_body={"bot_profile_id": bot_id, "message": "hi"}))
        source = self.source(self.tenant.token, bot_id, content="Vectors of another size. " * 10)
        self.assertEqual(call("POST", f"/v1/sources/{source['id']}/ingest", token=self.tenant.token).status, 202)
        failed = self.wait_for_status(self.tenant.token, source["id"])
        self.assertEqual(failed["status"], "error")
        self.assertIn("Vector dimension error", failed["error_message"])
        self.assertEqual(self.chats(), [])

    def test_dropped_connection_leaves_no_chat(self):
        self.knob("stream_drop_after", 3)
        result = self.stream()
        self.assertFalse(result.complete, "the stream must end without its terminating chunk")
        self.assertEqual(result.names(), ["sources", "delta", "delta", "delta"])
        self.assertEqual(self.chats(), [])

    def test_client_abort_leaves_no_chat(self):
        self.knob("token_rate", 200, restore=FAST_TOKEN_RATE)
        self.knob("answer_tokens", 100)
        aborted = stream_chat(self.tenant.token, {"bot_profile_id": self.bot_id, "message": "aborted question"},
                              abort_after_first_event=True)
        self.assertFalse(aborted.complete)
        # A later turn of the same length finishing proves the aborted one had time to finish, had it gone on.
        finished = self.stream("second question")
        chat_ids = {c["id"] for c in self.chats()}
        self.assertIn(finished.data("done")[0]["chat_id"], chat_ids)
        titles = {c["title"] for c in self.chats()}
        self.assertNotIn("aborted question", titles)

    def test_answer_length_and_pacing_knobs(self):
        self.knob("answer_tokens", 60)
        self.knob("token_rate", 100, restore=FAST_TOKEN_RATE)
        self.knob("first_token_delay_ms", 300)
        started = time.monotonic()
        result = self.stream()
        elapsed = time.monotonic() - started
        deltas = result.data("delta")
        self.assertEqual(len(deltas), 60)
        self.assertEqual(result.data("done")[0]["usage"]["completion_tokens"], 60)
        self.assertGreaterEqual(result.first_delta_after_s, 0.3)
        self.assertGreaterEqual(elapsed, 0.3 + 59 / 100)

    def test_long_stream_at_high_rate(self):
        self.knob("answer_tokens", 5000)
        result = self.stream()
        self.assertTrue(result.complete)
        self.assertEqual(len(result.data("delta")), 5000)
        content = result.text()
        for marker in ("```", "| ", "- ", "#"):
            self.assertIn(marker, content)


if __name__ == "__main__":
    unittest.main()
