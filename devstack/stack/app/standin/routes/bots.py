"""Bot profiles: §6.6. Soft delete; PATCH applies only the keys sent, and ``null`` reaches the NOT NULL columns."""

import json

from .. import crypto, db, records, views
from ..api import Router, not_found
from ..validation import Field, Schema, optional, string

router = Router()

DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant."

BOT_CREATE = Schema({
    "name": string(255),
    "description": string(1000, required=False),
    "model": string(100, required=False, default="gpt-4o-mini"),
    "embedding_model": string(100, required=False, default=None, nullable=True),
    "system_prompt": Field("str", required=False, default=DEFAULT_SYSTEM_PROMPT),
    "temperature": Field("float", required=False, default=0.7, ge=0.0, le=2.0),
    "max_tokens": Field("int", required=False, default=1024, ge=1, le=128000),
    "credentials": Field("dict", required=False, nullable=True),
})

BOT_UPDATE = Schema({
    "name": optional("str", max_length=255),
    "description": optional("str", max_length=1000),
    "model": optional("str", max_length=100),
    "embedding_model": optional("str", max_length=100),
    "system_prompt": optional("str"),
    "temperature": optional("float", ge=0.0, le=2.0),
    "max_tokens": optional("int", ge=1, le=128000),
    "credentials": optional("dict"),
    "is_active": optional("bool"),
})


def _sealed(credentials: dict | None) -> str | None:
    """Encrypted credentials, or None for null/{}; a non-empty object needs a working ENCRYPTION_KEY."""
    return crypto.encrypt(json.dumps(credentials)) if credentials else None


def _load(call) -> dict:
    row = db.one("SELECT * FROM bot_profiles WHERE id = %s AND tenant_id = %s",
                 (call.path["profile_id"], call.principal.tenant_id))
    if row is None:
        raise not_found("Bot profile not found")
    return row


@router.post("/v1/bot-profiles", status=201, body=BOT_CREATE)
def create_bot(call):
    body = call.body
    sealed = _sealed(body["credentials"])
    with db.transaction() as cur:
        row = records.insert_bot(cur, call.principal.tenant_id, name=body["name"], description=body["description"],
                                 model=body["model"], embedding_model=body["embedding_model"],
                                 system_prompt=body["system_prompt"], temperature=body["temperature"],
                                 max_tokens=body["max_tokens"], encrypted_credentials=sealed)
    return views.bot(row)


@router.get("/v1/bot-profiles")
def list_bots(call):
    rows = db.all_rows("SELECT * FROM bot_profiles WHERE tenant_id = %s ORDER BY created_at DESC",
                       (call.principal.tenant_id,))
    return [views.bot(r) for r in rows]


@router.get("/v1/bot-profiles/{profile_id}")
def get_bot(call):
    return views.bot(_load(call))


@router.patch("/v1/bot-profiles/{profile_id}", body=BOT_UPDATE)
def update_bot(call):
    _load(call)
    changes = {key: call.body[key] for key in call.body_keys if key != "credentials"}
    if "credentials" in call.body_keys:
        changes["encrypted_credentials"] = _sealed(call.body["credentials"])
    changes["updated_at"] = db.utcnow()
    assignments = ", ".join(f"{column} = %s" for column in changes)
    row = db.one(f"UPDATE bot_profiles SET {assignments} WHERE id = %s RETURNING *",
                 (*changes.values(), call.path["profile_id"]))
    return views.bot(row)


@router.delete("/v1/bot-profiles/{profile_id}")
def deactivate_bot(call):
    _load(call)
    db.execute("UPDATE bot_profiles SET is_active = false, updated_at = %s WHERE id = %s",
               (db.utcnow(), call.path["profile_id"]))
