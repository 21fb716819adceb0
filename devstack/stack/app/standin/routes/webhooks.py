"""Webhook subscriptions (§6.9): create, list, get, hard delete, and a signed test ping. No update route."""

import secrets

from .. import db, hooks, records, views
from ..api import Router, not_found, unprocessable
from ..validation import Field, Schema, string

router = Router()

EVENTS = ("chat.message", "source.failed", "source.ingested")

# The secret has no length limit in the schema; the column rejects more than 256 characters (500).
WEBHOOK_CREATE = Schema({
    "url": string(2048),
    "events": Field("list", items=Field("str")),
    "description": string(500, required=False),
    "secret": Field("str", required=False, nullable=True),
})


def _load(call) -> dict:
    row = db.one("SELECT * FROM webhooks WHERE id = %s AND tenant_id = %s",
                 (call.path["webhook_id"], call.principal.tenant_id))
    if row is None:
        raise not_found("Webhook not found")
    return row


@router.post("/v1/webhooks", status=201, body=WEBHOOK_CREATE)
def create_webhook(call):
    body = call.body
    for event in body["events"]:
        if event not in EVENTS:
            raise unprocessable(f"Invalid event type: {event}. Valid: {sorted(EVENTS)}")
    with db.transaction() as cur:
        row = records.insert_webhook(cur, call.principal.tenant_id, url=body["url"], events=body["events"],
                                     secret=body["secret"] or secrets.token_urlsafe(32),
                                     description=body["description"])
    return {**views.webhook(row), "secret": row["secret"]}


@router.get("/v1/webhooks")
def list_webhooks(call):
    rows = db.all_rows("SELECT * FROM webhooks WHERE tenant_id = %s ORDER BY created_at DESC",
                       (call.principal.tenant_id,))
    return [views.webhook(r) for r in rows]


@router.get("/v1/webhooks/{webhook_id}")
def get_webhook(call):
    return views.webhook(_load(call))


@router.delete("/v1/webhooks/{webhook_id}")
def delete_webhook(call):
    row = _load(call)
    db.execute("DELETE FROM webhooks WHERE id = %s", (row["id"],))


@router.post("/v1/webhooks/{webhook_id}/test")
def test_webhook(call):
    row = _load(call)
    status = hooks.post(row["url"], row["secret"], "test.ping", {"event": "test.ping", "webhook_id": str(row["id"])})
    return {"success": status is not None and 200 <= status < 300, "status_code": status}
