"""§6.8, §7.1: non-streaming chat, chat history, listing and the chat-level errors."""

import unittest
import uuid

from support import ApiTestCase, call, new_tenant, use_fast_streams

PRICING = ("The Pro plan costs €49 per month billed annually, or €59 month-to-month. It includes 5 seats, "
           "priority support and SSO. All plans include a 14-day free trial. Prices exclude VAT.")


def setUpModule():
    use_fast_streams()


class ChatTest(ApiTestCase):
    """One tenant with a bot that has one ingested source, per test."""

    def setUp(self):
        self.tenant = new_tenant("chat")
        self.main_bot = self.bot(self.tenant.token, model="gpt-4o-mini")
        self.pricing_source = self.ingested(self.tenant.token, self.main_bot["id"], PRICING)

    def test_non_streaming_response_shape(self):
        response = call("POST", "/v1/chat", token=self.tenant.token, json_body={
            "bot_profile_id": self.main_bot["id"], "message": "How much does the Pro plan cost?"})
        self.assertEqual(response.status, 200)
        self.assertJson(response)
        body = response.json()
        self.assertEqual(set(body), {"chat_id", "message", "sources", "usage"})
        self.assertUuid(body["chat_id"])
        message = body["message"]
        self.assertEqual(set(message), {"id", "chat_id", "role", "content", "prompt_tokens", "completion_tokens",
                                        "feedback", "created_at"})
        self.assertEqual((message["chat_id"], message["role"], message["feedback"]),
                         (body["chat_id"], "assistant", None))
        self.assertTrue(message["content"])
        self.assertTimestamp(message["created_at"])
        usage = body["usage"]
        self.assertEqual(set(usage), {"model", "prompt_tokens", "completion_tokens", "total_tokens"})
        self.assertEqual(usage["model"], "gpt-4o-mini")
        self.assertEqual(usage["total_tokens"], usage["prompt_tokens"] + usage["completion_tokens"])
        self.assertEqual((message["prompt_tokens"], message["completion_tokens"]),
                         (usage["prompt_tokens"], usage["completion_tokens"]))
        self.assertEqual(len(body["sources"]), 1)
        hit = body["sources"][0]
        self.assertEqual(set(hit), {"chunk_id", "content", "score", "source_id"})
        self.assertEqual(hit["source_id"], self.pricing_source["id"])
        self.assertEqual(hit["content"], PRICING[:200])
        self.assertIsInstance(hit["score"], float)
        self.assertTrue(0.0 <= hit["score"] <= 1.0)
        self.assertEqual(hit["score"], round(hit["score"], 4))

    def test_sources_come_best_first(self):
        # Qdrant answers nearest neighbours in order of score; §7.1 keeps that order for local chunks.
        for text in ("Refunds are paid within 14 days.", "Invoices are sent monthly.", "Support answers in 4 hours.",
                     "Our office dog is called Rex.", "Passwords must have 12 characters."):
            self.ingested(self.tenant.token, self.main_bot["id"], text)
        response = call("POST", "/v1/chat", token=self.tenant.token, json_body={
            "bot_profile_id": self.main_bot["id"], "message": "When are refunds paid?"})
        self.assertEqual(response.status, 200)
        scores = [hit["score"] for hit in response.json()["sources"]]
        self.assertEqual(len(scores), 5)
        self.assertEqual(scores, sorted(scores, reverse=True))

    def test_conversation_history(self):
        first = self.chat(self.tenant.token, self.main_bot["id"], "Q" * 150)
        second = self.chat(self.tenant.token, self.main_bot["id"], "And for the Business plan?",
                           chat_id=first["chat_id"])
        self.assertEqual(second["chat_id"], first["chat_id"])
        chat = self.get_json(self.tenant.token, f"/v1/chat/{first['chat_id']}")
        self.assertEqual(set(chat), {"id", "tenant_id", "bot_profile_id", "title", "message_count",
                                     "total_prompt_tokens", "total_completion_tokens", "created_at", "updated_at"})
        self.assertEqual((chat["title"], chat["message_count"], chat["bot_profile_id"]),
                         ("Q" * 100, 4, self.main_bot["id"]))
        self.assertEqual(chat["updated_at"], chat["created_at"])
        self.assertEqual(chat["total_prompt_tokens"],
                         first["usage"]["prompt_tokens"] + second["usage"]["prompt_tokens"])
        self.assertEqual(chat["total_completion_tokens"],
                         first["usage"]["completion_tokens"] + second["usage"]["completion_tokens"])
        messages = self.get_json(self.tenant.token, f"/v1/chat/{first['chat_id']}/messages")
        self.assertEqual([m["role"] for m in messages], ["user", "assistant", "user", "assistant"])
        self.assertEqual(messages[0]["content"], "Q" * 150)
        self.assertEqual((messages[0]["prompt_tokens"], messages[0]["completion_tokens"]), (0, 0))
        self.assertEqual(messages[3]["id"], second["message"]["id"])
        self.assertLessEqual(messages[0]["created_at"], messages[1]["created_at"])

    def test_answers_are_deterministic_and_bounded_by_max_tokens(self):
        one = self.chat(self.tenant.token, self.main_bot["id"], "Does the trial need a credit card?")
        two = self.chat(self.tenant.token, self.main_bot["id"], "Does the trial need a credit card?")
        self.assertEqual(one["message"]["content"], two["message"]["content"])
        terse = self.bot(self.tenant.token, max_tokens=5)
        short = self.chat(self.tenant.token, terse["id"], "Tell me everything about pricing.")
        self.assertLessEqual(short["usage"]["completion_tokens"], 5)
        self.assertLessEqual(len(short["message"]["content"].split()), 5)

    def test_chat_errors(self):
        token, bot_id = self.tenant.token, self.main_bot["id"]
        self.assertDetail(call("POST", "/v1/chat", token=token, json_body={"bot_profile_id": str(uuid.uuid4()),
                                                                        "message": "hi"}),
                          404, "Bot profile not found or inactive")
        self.assertDetail(call("POST", "/v1/chat", token=token, json_body={"bot_profile_id": bot_id, "message": "hi",
                                                                        "chat_id": str(uuid.uuid4())}),
                          404, "Chat session not found")
        self.assertValidation(call("POST", "/v1/chat", token=token,
                                   json_body={"bot_profile_id": bot_id, "message": "", "stream": "sometimes"}),
                              {"type": "string_too_short", "loc": ["body", "message"], "ctx": {"min_length": 1},
                               "msg": "String should have at least 1 character"},
                              {"type": "bool_parsing", "loc": ["body", "stream"]})
        self.assertValidation(call("POST", "/v1/chat", token=token, json_body={"bot_profile_id": bot_id,
                                                                            "message": "m" * 32001}),
                              {"type": "string_too_long", "loc": ["body", "message"], "ctx": {"max_length": 32000}})
        self.assertDetail(call("GET", f"/v1/chat/{uuid.uuid4()}", token=token), 404, "Chat session not found")
        self.assertDetail(call("GET", f"/v1/chat/{uuid.uuid4()}/messages", token=token), 404, "Chat session not found")

    def test_other_tenants_chats_are_invisible(self):
        other = new_tenant("chat2")
        answer = self.chat(self.tenant.token, self.main_bot["id"], "hello")
        self.assertDetail(call("GET", f"/v1/chat/{answer['chat_id']}", token=other.token), 404,
                          "Chat session not found")
        other_bot = self.bot(other.token)
        self.assertDetail(call("POST", "/v1/chat", token=other.token, json_body={
            "bot_profile_id": other_bot["id"], "message": "hi", "chat_id": answer["chat_id"]}), 404,
            "Chat session not found")

    def test_list_newest_first_with_paging_and_filter(self):
        other_bot = self.bot(self.tenant.token)
        ids = [self.chat(self.tenant.token, self.main_bot["id"], f"question {i}")["chat_id"] for i in range(3)]
        elsewhere = self.chat(self.tenant.token, other_bot["id"], "other")["chat_id"]
        listed = self.get_json(self.tenant.token, "/v1/chat")
        self.assertEqual([c["id"] for c in listed], [elsewhere, *reversed(ids)])
        page = self.get_json(self.tenant.token, "/v1/chat?limit=2&offset=1")
        self.assertEqual([c["id"] for c in page], [ids[2], ids[1]])
        filtered = self.get_json(self.tenant.token, f"/v1/chat?bot_profile_id={other_bot['id']}")
        self.assertEqual([c["id"] for c in filtered], [elsewhere])
        self.assertEqual(len(self.get_json(self.tenant.token, "/v1/chat?limit=1000")), 4)
        self.assertValidation(call("GET", "/v1/chat?limit=ten", token=self.tenant.token),
                              {"type": "int_parsing", "loc": ["query", "limit"], "input": "ten"})
        self.assertPlain500(call("GET", "/v1/chat?limit=-1", token=self.tenant.token))
        self.assertPlain500(call("GET", "/v1/chat?offset=-1", token=self.tenant.token))

    def test_undecryptable_credentials_fail_before_any_stream(self):
        bot = self.bot(self.tenant.token, credentials={"api_key": "sk-live-1"})
        self.assertEqual(call("POST", "/v1/chat", token=self.tenant.token,
                              json_body={"bot_profile_id": bot["id"], "message": "hi"}).status, 200)
        self.knob("encryption_key_missing", True)
        for stream in (False, True):
            with self.subTest(stream=stream):
                self.assertPlain500(call("POST", "/v1/chat", token=self.tenant.token, json_body={
                    "bot_profile_id": bot["id"], "message": "hi", "stream": stream}))

    def test_provider_failure_rolls_back_the_turn(self):
        bot = self.bot(self.tenant.token, credentials={"api_key": "sk-invalid-key"})
        self.assertPlain500(call("POST", "/v1/chat", token=self.tenant.token,
                                 json_body={"bot_profile_id": bot["id"], "message": "hi"}))
        self.assertEqual(self.get_json(self.tenant.token, f"/v1/chat?bot_profile_id={bot['id']}"), [])


if __name__ == "__main__":
    unittest.main()
