"""Chat (§6.8, §7): one turn non-streamed or as SSE, history, exports and feedback.

A turn is committed in one transaction only once the answer is complete: after ``done`` for streams, so an
error event, a dropped connection or a client that goes away leaves no chat and no message behind. The
stream is paced by the ``token_rate`` knob (several deltas per write at high rates) and can be made to fail
with ``stream_error_after`` / ``stream_drop_after``.
"""

import asyncio
import csv
import io
import json
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response, StreamingResponse

from .. import crypto, db, hooks, jsonfmt, llm, retrieval, views
from ..api import Router, json_response, not_found, unprocessable
from ..knobs import reader as knobs
from ..validation import Field, Schema, string

router = Router()

HISTORY_MESSAGES = 20
MIN_FLUSH_INTERVAL_S = 0.002
INJECTED_TIMEOUT = "litellm.Timeout: Connection timed out after 600.0 seconds."

CHAT_REQUEST = Schema({
    "bot_profile_id": Field("uuid"),
    "message": string(32000, min_length=1),
    "chat_id": Field("uuid", required=False, nullable=True),
    "stream": Field("bool", required=False, default=False),
})

LIST_QUERY = {
    "bot_profile_id": Field("uuid", required=False),
    "limit": Field("int", required=False, default=50),
    "offset": Field("int", required=False, default=0),
}

EXPORT_QUERY = {
    "bot_profile_id": Field("uuid", required=False),
    "from_date": Field("str", required=False),
    "to_date": Field("str", required=False),
    "format": Field("str", required=False, default="json"),
    "limit": Field("int", required=False, default=100),
}

FEEDBACK = Schema({"feedback": Field("literal", choices=("positive", "negative"), nullable=True)})


@dataclass
class Turn:
    """Everything a turn needs once validation and lookups have passed."""

    tenant_id: uuid.UUID
    user_id: uuid.UUID
    bot: dict
    chat_id: uuid.UUID
    is_new_chat: bool
    message: str
    history: list
    api_key: str | None
    started_at: datetime
    started_clock: float


def _prepare(call) -> Turn:
    body, tenant_id = call.body, call.principal.tenant_id
    bot = db.one("SELECT * FROM bot_profiles WHERE id = %s AND tenant_id = %s AND is_active",
                 (body["bot_profile_id"], tenant_id))
    if bot is None:
        raise not_found("Bot profile not found or inactive")
    history = []
    if body["chat_id"] is not None:
        if db.one("SELECT 1 FROM chats WHERE id = %s AND tenant_id = %s", (body["chat_id"], tenant_id)) is None:
            raise not_found("Chat session not found")
        rows = db.all_rows("SELECT content FROM messages WHERE chat_id = %s ORDER BY created_at", (body["chat_id"],))
        history = [r["content"] for r in rows][-HISTORY_MESSAGES:]
    api_key = None
    if bot["encrypted_credentials"]:
        # Decryption happens before any streaming starts: a bad key is a plain-text 500 (§7.2).
        api_key = json.loads(crypto.decrypt(bot["encrypted_credentials"])).get("api_key")
    return Turn(tenant_id, call.principal.user_id, bot, body["chat_id"] or uuid.uuid4(), body["chat_id"] is None,
                body["message"], history, api_key, db.utcnow(), time.monotonic())


def _retrieve(turn: Turn) -> list:
    return retrieval.search(tenant_id=turn.tenant_id, bot_id=turn.bot["id"],
                            embedding_model=turn.bot["embedding_model"], query=turn.message)


def _complete(turn: Turn, hits: list) -> llm.Completion:
    return llm.complete(prompt=turn.message, bot_id=turn.bot["id"], system_prompt=turn.bot["system_prompt"],
                        history=turn.history, chunks=hits, max_tokens=turn.bot["max_tokens"],
                        forced_tokens=knobs.get("answer_tokens"), api_key=turn.api_key)


def _wire_sources(hits: list) -> list:
    return [{**hit, "content": hit["content"][:200]} for hit in hits]


def _usage(turn: Turn, completion: llm.Completion) -> dict:
    return {"model": turn.bot["model"], "prompt_tokens": completion.prompt_tokens,
            "completion_tokens": completion.completion_tokens,
            "total_tokens": completion.prompt_tokens + completion.completion_tokens}


def _persist(turn: Turn, completion: llm.Completion, *, is_stream: bool, first_token_ms: int | None = None) -> dict:
    """Commits chat (if new), user message, assistant message, usage event and counters; returns the answer row."""
    now = db.utcnow()
    duration_ms = int((time.monotonic() - turn.started_clock) * 1000) if is_stream else None
    with db.transaction() as cur:
        if turn.is_new_chat:
            cur.execute("INSERT INTO chats (id, tenant_id, bot_profile_id, user_id, title, message_count,"
                        " total_prompt_tokens, total_completion_tokens, created_at, updated_at)"
                        " VALUES (%s, %s, %s, %s, %s, 0, 0, 0, %s, %s)",
                        (turn.chat_id, turn.tenant_id, turn.bot["id"], turn.user_id, turn.message[:100],
                         turn.started_at, turn.started_at))
        cur.execute("INSERT INTO messages (id, chat_id, role, content, prompt_tokens, completion_tokens, created_at)"
                    " VALUES (%s, %s, 'USER', %s, 0, 0, %s)",
                    (uuid.uuid4(), turn.chat_id, turn.message, turn.started_at))
        cur.execute("INSERT INTO messages (id, chat_id, role, content, prompt_tokens, completion_tokens, created_at)"
                    " VALUES (%s, %s, 'ASSISTANT', %s, %s, %s, %s) RETURNING *",
                    (uuid.uuid4(), turn.chat_id, completion.text, completion.prompt_tokens,
                     completion.completion_tokens, now))
        answer = cur.fetchone()
        usage = _usage(turn, completion)
        cur.execute("INSERT INTO usage_events (id, tenant_id, bot_profile_id, chat_id, model, prompt_tokens,"
                    " completion_tokens, total_tokens, is_stream, time_to_first_token_ms, stream_duration_ms,"
                    " created_at)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    (uuid.uuid4(), turn.tenant_id, turn.bot["id"], turn.chat_id, usage["model"], usage["prompt_tokens"],
                     usage["completion_tokens"], usage["total_tokens"], is_stream, first_token_ms, duration_ms, now))
        cur.execute("UPDATE chats SET message_count = message_count + 2,"
                    " total_prompt_tokens = total_prompt_tokens + %s,"
                    " total_completion_tokens = total_completion_tokens + %s WHERE id = %s",
                    (completion.prompt_tokens, completion.completion_tokens, turn.chat_id))
    return answer


def error_detail(exc: Exception) -> str:
    """The in-band error text: the exception text, prefixed when its kind is recognisable (§7.2)."""
    text = str(exc) or type(exc).__name__
    lowered = text.lower()
    if any(word in lowered for word in ("auth", "api key", "401", "403", "invalid_api_key")):
        return f"LLM authentication failed: {text}"
    if any(word in lowered for word in ("rate limit", "429", "quota")):
        return f"LLM rate limit exceeded: {text}"
    if "timeout" in lowered or "timed out" in lowered:
        return f"LLM request timed out: {text}"
    return text


def sse(event: str, data: dict) -> str:
    return f"event: {event}\ndata: {jsonfmt.dumps_python(data)}\n\n"


_DROP = object()


class SseResponse(StreamingResponse):
    """StreamingResponse that can end without the terminating chunk: uvicorn then closes the connection."""

    async def stream_response(self, send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        async for chunk in self.body_iterator:
            if chunk is _DROP:
                return
            await send({"type": "http.response.body", "body": chunk.encode("utf-8"), "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})


def _fault(total: int, settings: dict) -> tuple[int, str | None]:
    """(deltas to send, fault after them) from the stream knobs; a fault beyond the answer's end never fires."""
    faults = [(settings[name], kind) for name, kind in (("stream_error_after", "error"), ("stream_drop_after", "drop"))
              if 0 < settings[name] <= total]
    return min(faults) if faults else (total, None)


async def _stream(turn: Turn):
    settings = knobs.snapshot()
    try:
        hits = await run_in_threadpool(_retrieve, turn)
    except Exception as exc:
        yield sse("error", {"detail": error_detail(exc)})
        return
    yield sse("sources", {"sources": _wire_sources(hits)})
    try:
        completion = await run_in_threadpool(_complete, turn, hits)
    except Exception as exc:
        yield sse("error", {"detail": error_detail(exc)})
        return
    if settings["first_token_delay_ms"]:
        await asyncio.sleep(settings["first_token_delay_ms"] / 1000)
    tokens = completion.tokens
    limit, fault = _fault(len(tokens), settings)
    rate = settings["token_rate"]
    loop = asyncio.get_running_loop()
    start = loop.time()
    first_token_ms = int((time.monotonic() - turn.started_clock) * 1000)
    sent = 0
    while sent < limit:
        due = min(limit, int((loop.time() - start) * rate) + 1) if rate > 0 else limit
        if due > sent:
            yield "".join(sse("delta", {"content": token}) for token in tokens[sent:due])
            sent = due
        if sent < limit:
            wait = start + sent / rate - loop.time() if rate > 0 else 0
            await asyncio.sleep(max(wait, MIN_FLUSH_INTERVAL_S))
    if fault == "error":
        yield sse("error", {"detail": error_detail(RuntimeError(INJECTED_TIMEOUT))})
        return
    if fault == "drop":
        yield _DROP
        return
    try:
        answer = await run_in_threadpool(_persist, turn, completion, is_stream=True, first_token_ms=first_token_ms)
    except Exception as exc:
        yield sse("error", {"detail": error_detail(exc)})
        return
    yield sse("done", {"chat_id": str(turn.chat_id), "message_id": str(answer["id"]),
                       "usage": _usage(turn, completion)})


def _answer(turn: Turn) -> dict:
    hits = _retrieve(turn)
    completion = _complete(turn, hits)
    answer = _persist(turn, completion, is_stream=False)
    # Subscribers are called before the response is sent, as on the real server.
    hooks.fire(turn.tenant_id, "chat.message", {"chat_id": str(turn.chat_id), "message_id": str(answer["id"]),
                                                "bot_profile_id": str(turn.bot["id"])})
    return {"chat_id": turn.chat_id, "message": views.message(answer), "sources": _wire_sources(hits),
            "usage": _usage(turn, completion)}


@router.post("/v1/chat", body=CHAT_REQUEST)
async def chat(call):
    turn = await run_in_threadpool(_prepare, call)
    if not call.body["stream"]:
        return await run_in_threadpool(_answer, turn)
    return SseResponse(_stream(turn), media_type="text/event-stream",
                       headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _chat_filter(call) -> tuple[list, list]:
    """WHERE terms and arguments for the caller's tenant's chats, of one bot when the query names it."""
    where, args = ["tenant_id = %s"], [call.principal.tenant_id]
    if call.query["bot_profile_id"] is not None:
        where.append("bot_profile_id = %s")
        args.append(call.query["bot_profile_id"])
    return where, args


@router.get("/v1/chat", query=LIST_QUERY)
def list_chats(call):
    query = call.query
    where, args = _chat_filter(call)
    # Negative values reach PostgreSQL and fail there (500), as on the real server.
    rows = db.all_rows(f"SELECT * FROM chats WHERE {' AND '.join(where)} ORDER BY created_at DESC LIMIT %s OFFSET %s",
                       (*args, min(query["limit"], 100), query["offset"]))
    return [views.chat(r) for r in rows]


def _messages_by_chat(chat_ids: list) -> dict:
    rows = db.all_rows("SELECT * FROM messages WHERE chat_id = ANY(%s) ORDER BY created_at", (list(chat_ids),))
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(row["chat_id"], []).append(row)
    return grouped


def _csv_response(header: list, rows: list, filename: str) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return Response(buffer.getvalue(), media_type="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


def _message_cells(row: dict) -> list:
    return [row["id"], row["role"].lower(), row["content"], row["feedback"] or "", row["prompt_tokens"],
            row["completion_tokens"], jsonfmt.iso(row["created_at"])]


@router.get("/v1/chat/export", query=EXPORT_QUERY)
def export_chats(call):
    query = call.query
    where, args = _chat_filter(call)
    # Malformed dates raise here: a plain-text 500, not a 422 (§12.18).
    if query["from_date"] is not None:
        where.append("created_at >= %s")
        args.append(datetime.strptime(query["from_date"], "%Y-%m-%d"))
    if query["to_date"] is not None:
        where.append("created_at < %s")
        args.append(datetime.strptime(query["to_date"], "%Y-%m-%d") + timedelta(days=1))
    chats = db.all_rows(f"SELECT * FROM chats WHERE {' AND '.join(where)} ORDER BY created_at DESC LIMIT %s",
                        (*args, min(query["limit"], 1000)))
    messages = _messages_by_chat([c["id"] for c in chats])
    if query["format"] == "csv":
        rows = [[c["id"], c["title"], *_message_cells(m)] for c in chats for m in messages.get(c["id"], [])]
        header = ["chat_id", "chat_title", "message_id", "role", "content", "feedback", "prompt_tokens",
                  "completion_tokens", "created_at"]
        return _csv_response(header, rows, "chats_export.csv")
    return json_response({
        "chats": [{"chat": views.chat(c), "messages": [views.message(m) for m in messages.get(c["id"], [])]}
                  for c in chats],
        "exported_at": db.utcnow(),
    })


def _load_chat(call) -> dict:
    row = db.one("SELECT * FROM chats WHERE id = %s AND tenant_id = %s",
                 (call.path["chat_id"], call.principal.tenant_id))
    if row is None:
        raise not_found("Chat session not found")
    return row


@router.get("/v1/chat/{chat_id}")
def get_chat(call):
    return views.chat(_load_chat(call))


@router.get("/v1/chat/{chat_id}/messages")
def list_messages(call):
    chat_row = _load_chat(call)
    return [views.message(m) for m in _messages_by_chat([chat_row["id"]]).get(chat_row["id"], [])]


@router.get("/v1/chat/{chat_id}/export", query={"format": Field("str", required=False, default="json")})
def export_chat(call):
    chat_row = _load_chat(call)
    messages = _messages_by_chat([chat_row["id"]]).get(chat_row["id"], [])
    if call.query["format"] == "csv":
        header = ["message_id", "role", "content", "feedback", "prompt_tokens", "completion_tokens", "created_at"]
        return _csv_response(header, [_message_cells(m) for m in messages], f"chat_{chat_row['id']}.csv")
    return json_response({"chat": views.chat(chat_row), "messages": [views.message(m) for m in messages],
                          "exported_at": db.utcnow()})


@router.patch("/v1/chat/{chat_id}/messages/{message_id}/feedback", body=FEEDBACK)
def set_feedback(call):
    chat_row = _load_chat(call)
    message = db.one("SELECT * FROM messages WHERE id = %s AND chat_id = %s", (call.path["message_id"], chat_row["id"]))
    if message is None:
        raise not_found("Message not found")
    if message["role"] != "ASSISTANT":
        raise unprocessable("Feedback can only be set on assistant messages")
    row = db.one("UPDATE messages SET feedback = %s WHERE id = %s RETURNING *", (call.body["feedback"], message["id"]))
    return views.message(row)
