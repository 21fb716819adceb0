"""§6.8: chat exports (JSON and CSV, bulk and single) and message feedback."""

import csv
import io
import unittest
import uuid
from datetime import datetime, timedelta, timezone

from support import ApiTestCase, call, new_tenant, use_fast_streams

BULK_HEADER = ["chat_id", "chat_title", "message_id", "role", "content", "feedback", "prompt_tokens",
               "completion_tokens", "created_at"]
SINGLE_HEADER = ["message_id", "role", "content", "feedback", "prompt_tokens", "completion_tokens", "created_at"]


def setUpModule():
    use_fast_streams()


def utc_day(offset_days: int = 0) -> str:
    return (datetime.now(timezone.utc) + timedelta(days=offset_days)).strftime("%Y-%m-%d")


class ExportTest(ApiTestCase):
    """Bulk and single chat exports over two chats."""

    def setUp(self):
        self.tenant = new_tenant("export")
        self.bot_id = self.bot(self.tenant.token)["id"]
        self.first = self.chat(self.tenant.token, self.bot_id, "first, with \"quotes\"\nand a newline")
        self.second = self.chat(self.tenant.token, self.bot_id, "second question")

    def test_bulk_json(self):
        response = call("GET", "/v1/chat/export", token=self.tenant.token)
        self.assertEqual(response.status, 200)
        self.assertJson(response)
        body = response.json()
        self.assertEqual(set(body), {"chats", "exported_at"})
        self.assertTimestamp(body["exported_at"])
        self.assertEqual([c["chat"]["id"] for c in body["chats"]], [self.second["chat_id"], self.first["chat_id"]])
        entry = body["chats"][1]
        self.assertEqual(set(entry), {"chat", "messages"})
        self.assertEqual([m["role"] for m in entry["messages"]], ["user", "assistant"])
        self.assertEqual(entry["messages"][1]["id"], self.first["message"]["id"])
        self.assertEqual(entry["chat"], self.get_json(self.tenant.token, f"/v1/chat/{self.first['chat_id']}"))

    def test_bulk_filters(self):
        token = self.tenant.token
        self.assertEqual(len(self.get_json(token, "/v1/chat/export?limit=1")["chats"]), 1)
        today = self.get_json(token, f"/v1/chat/export?from_date={utc_day()}&to_date={utc_day()}")
        self.assertEqual(len(today["chats"]), 2)
        self.assertEqual(self.get_json(token, f"/v1/chat/export?to_date={utc_day(-1)}")["chats"], [])
        self.assertEqual(self.get_json(token, f"/v1/chat/export?from_date={utc_day(1)}")["chats"], [])
        self.assertEqual(self.get_json(token, f"/v1/chat/export?bot_profile_id={uuid.uuid4()}")["chats"], [])
        self.assertEqual(len(self.get_json(token, "/v1/chat/export?format=xml")["chats"]), 2)
        self.assertPlain500(call("GET", "/v1/chat/export?from_date=25.03.2026", token=token))
        self.assertPlain500(call("GET", "/v1/chat/export?limit=-1", token=token))
        self.assertValidation(call("GET", "/v1/chat/export?limit=all", token=token),
                              {"type": "int_parsing", "loc": ["query", "limit"]})

    def test_bulk_csv(self):
        response = call("GET", "/v1/chat/export?format=csv", token=self.tenant.token)
        self.assertEqual(response.status, 200)
        self.assertEqual(response.header("Content-Type"), "text/csv; charset=utf-8")
        self.assertEqual(response.header("Content-Disposition"), "attachment; filename=chats_export.csv")
        text = response.text
        self.assertTrue(text.startswith(",".join(BULK_HEADER) + "\r\n"))
        rows = list(csv.reader(io.StringIO(text, newline="")))
        self.assertEqual(rows[0], BULK_HEADER)
        self.assertEqual(len(rows), 5)
        first_user = next(r for r in rows[1:] if r[0] == self.first["chat_id"] and r[3] == "user")
        self.assertEqual(first_user[4], "first, with \"quotes\"\nand a newline")
        self.assertEqual(first_user[1], "first, with \"quotes\"\nand a newline")
        self.assertEqual(first_user[5], "")
        self.assertRegex(first_user[8], r"\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\Z")

    def test_single_chat_export(self):
        path = f"/v1/chat/{self.first['chat_id']}/export"
        body = self.get_json(self.tenant.token, path)
        self.assertEqual(set(body), {"chat", "messages", "exported_at"})
        self.assertEqual(body["chat"]["id"], self.first["chat_id"])
        self.assertEqual(len(body["messages"]), 2)
        response = call("GET", path + "?format=csv", token=self.tenant.token)
        self.assertEqual(response.header("Content-Disposition"),
                         f"attachment; filename=chat_{self.first['chat_id']}.csv")
        rows = list(csv.reader(io.StringIO(response.text, newline="")))
        self.assertEqual(rows[0], SINGLE_HEADER)
        self.assertEqual([r[1] for r in rows[1:]], ["user", "assistant"])
        self.assertDetail(call("GET", f"/v1/chat/{uuid.uuid4()}/export", token=self.tenant.token), 404,
                          "Chat session not found")


class FeedbackTest(ApiTestCase):
    """Thumbs up/down on assistant messages."""

    def test_feedback_on_assistant_messages(self):
        tenant = new_tenant("feedback")
        answer = self.chat(tenant.token, self.bot(tenant.token)["id"], "hello")
        chat_id, message_id = answer["chat_id"], answer["message"]["id"]
        path = f"/v1/chat/{chat_id}/messages/{message_id}/feedback"
        response = call("PATCH", path, token=tenant.token, json_body={"feedback": "positive"})
        self.assertEqual(response.status, 200)
        self.assertEqual({**answer["message"], "feedback": "positive"}, response.json())
        cleared = call("PATCH", path, token=tenant.token, json_body={"feedback": None})
        self.assertIsNone(cleared.json()["feedback"])
        self.assertValidation(call("PATCH", path, token=tenant.token, json_body={"feedback": "meh"}),
                              {"type": "literal_error", "loc": ["body", "feedback"], "input": "meh",
                               "ctx": {"expected": "'positive' or 'negative'"},
                               "msg": "Input should be 'positive' or 'negative'"})
        self.assertValidation(call("PATCH", path, token=tenant.token, json_body={}),
                              {"type": "missing", "loc": ["body", "feedback"]})
        user_message = self.get_json(tenant.token, f"/v1/chat/{chat_id}/messages")[0]
        self.assertDetail(call("PATCH", f"/v1/chat/{chat_id}/messages/{user_message['id']}/feedback",
                               token=tenant.token, json_body={"feedback": "negative"}),
                          422, "Feedback can only be set on assistant messages")
        self.assertDetail(call("PATCH", f"/v1/chat/{chat_id}/messages/{uuid.uuid4()}/feedback", token=tenant.token,
                               json_body={"feedback": "negative"}), 404, "Message not found")
        self.assertDetail(call("PATCH", f"/v1/chat/{uuid.uuid4()}/messages/{message_id}/feedback", token=tenant.token,
                               json_body={"feedback": "negative"}), 404, "Chat session not found")
        self.assertValidation(call("PATCH", f"/v1/chat/{chat_id}/messages/nope/feedback", token=tenant.token,
                                   json_body={"feedback": "negative"}),
                              {"type": "uuid_parsing", "loc": ["path", "message_id"]})


if __name__ == "__main__":
    unittest.main()
