"""Row writers shared by the routes and the seed, so both create exactly the same records.

Each takes an open cursor (the caller owns the transaction) and returns the inserted row. ``at`` backdates
the timestamps (the seed spreads its data over weeks); routes leave it to "now".
"""

import uuid
from datetime import datetime

from . import auth, db


def _columns_insert(cur, table: str, values: dict) -> dict:
    columns = ", ".join(values)
    placeholders = ", ".join(["%s"] * len(values))
    cur.execute(f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) RETURNING *", list(values.values()))
    return cur.fetchone()


def insert_tenant(cur, name: str, slug: str, at: datetime | None = None) -> dict:
    at = at or db.utcnow()
    return _columns_insert(cur, "tenants", {"id": uuid.uuid4(), "name": name, "slug": slug, "is_active": True,
                                            "plan": "free", "created_at": at, "updated_at": at})


def insert_user(cur, tenant_id, email: str, hashed_password: str, display_name: str, role: str,
                at: datetime | None = None) -> dict:
    at = at or db.utcnow()
    return _columns_insert(cur, "users", {"id": uuid.uuid4(), "tenant_id": tenant_id, "email": email,
                                          "hashed_password": hashed_password, "display_name": display_name,
                                          "role": role.upper(), "is_active": True, "created_at": at, "updated_at": at})


def insert_api_token(cur, tenant_id, user_id, name: str, at: datetime | None = None) -> tuple[dict, str]:
    """Returns the row and the raw token (shown once)."""
    raw, prefix, digest = auth.new_api_token()
    row = _columns_insert(cur, "api_tokens", {"id": uuid.uuid4(), "tenant_id": tenant_id, "user_id": user_id,
                                              "name": name, "token_hash": digest, "token_prefix": prefix,
                                              "is_active": True, "created_at": at or db.utcnow()})
    return row, raw


def insert_bot(cur, tenant_id, *, name: str, description: str, model: str, embedding_model: str | None,
               system_prompt: str, temperature: float, max_tokens: int, encrypted_credentials: str | None,
               at: datetime | None = None) -> dict:
    at = at or db.utcnow()
    return _columns_insert(cur, "bot_profiles", {
        "id": uuid.uuid4(), "tenant_id": tenant_id, "name": name, "description": description, "model": model,
        "embedding_model": embedding_model, "system_prompt": system_prompt, "temperature": temperature,
        "max_tokens": max_tokens, "encrypted_credentials": encrypted_credentials, "is_active": True,
        "created_at": at, "updated_at": at})


def insert_source(cur, tenant_id, *, bot_profile_id, name: str, source_type: str, parent_id=None,
                  description: str = "", config: dict | None = None, content: str | None = None,
                  encrypted_api_token: str | None = None, refresh_schedule: str | None = None,
                  at: datetime | None = None) -> dict:
    """A new ``pending`` source; ``source_type`` is the API's lower-case value."""
    at = at or db.utcnow()
    return _columns_insert(cur, "sources", {
        "id": uuid.uuid4(), "tenant_id": tenant_id, "bot_profile_id": bot_profile_id, "parent_id": parent_id,
        "name": name, "description": description, "source_type": source_type.upper(), "status": "PENDING",
        "config": db.as_json({} if config is None else config), "content": content,
        "encrypted_api_token": encrypted_api_token, "document_count": 0, "chunk_count": 0, "is_active": True,
        "refresh_schedule": refresh_schedule, "created_at": at, "updated_at": at})


def insert_webhook(cur, tenant_id, *, url: str, events: list, secret: str, description: str,
                   at: datetime | None = None) -> dict:
    at = at or db.utcnow()
    return _columns_insert(cur, "webhooks", {
        "id": uuid.uuid4(), "tenant_id": tenant_id, "url": url, "events": db.as_json(events), "secret": secret,
        "description": description, "is_active": True, "created_at": at, "updated_at": at})
