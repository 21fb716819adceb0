"""Read models of the contract's §4: database rows turned into the exact JSON objects the API returns.

Every field is always present; enum columns hold upper-case names and go out lower-case. A source whose
``config`` is not an object (the PATCH ``config: null`` bug) cannot be serialised: that raises, so every read
of it is a plain-text 500, as on the real server.
"""


def _lower(value):
    return None if value is None else value.lower()


def tenant(row) -> dict:
    return {"id": row["id"], "name": row["name"], "slug": row["slug"], "is_active": row["is_active"],
            "plan": row["plan"]}


def user(row) -> dict:
    return {
        "id": row["id"], "tenant_id": row["tenant_id"], "email": row["email"], "display_name": row["display_name"],
        "role": _lower(row["role"]), "is_active": row["is_active"],
    }


def api_token(row) -> dict:
    return {
        "id": row["id"], "tenant_id": row["tenant_id"], "name": row["name"], "token_prefix": row["token_prefix"],
        "is_active": row["is_active"], "expires_at": row["expires_at"], "last_used_at": row["last_used_at"],
        "created_at": row["created_at"],
    }


def bot(row) -> dict:
    return {
        "id": row["id"], "tenant_id": row["tenant_id"], "name": row["name"], "description": row["description"],
        "model": row["model"], "embedding_model": row["embedding_model"], "system_prompt": row["system_prompt"],
        "temperature": row["temperature"], "max_tokens": row["max_tokens"],
        "has_credentials": row["encrypted_credentials"] is not None, "is_active": row["is_active"],
        "created_at": row["created_at"], "updated_at": row["updated_at"],
    }


def source(row, *, children: list | None = None) -> dict:
    """SourceRead; with ``children`` (the active children) the parent's status and chunk count are aggregated."""
    if not isinstance(row["config"], dict):
        raise TypeError(f"source {row['id']}: config is {type(row['config']).__name__}, expected an object")
    status, chunk_count = _lower(row["status"]), row["chunk_count"]
    if children:
        states = {_lower(c["status"]) for c in children}
        if "processing" in states:
            status = "processing"
        elif "error" in states:
            status = "error"
        elif states == {"ready"}:
            status = "ready"
        else:
            status = "pending"
        chunk_count = sum(c["chunk_count"] for c in children)
    return {
        "id": row["id"], "tenant_id": row["tenant_id"], "bot_profile_id": row["bot_profile_id"],
        "parent_id": row["parent_id"], "name": row["name"], "description": row["description"],
        "source_type": _lower(row["source_type"]), "status": status, "config": row["config"],
        "document_count": row["document_count"], "chunk_count": chunk_count, "error_message": row["error_message"],
        "is_active": row["is_active"], "refresh_schedule": row["refresh_schedule"],
        "last_refreshed_at": row["last_refreshed_at"], "children_count": len(children or ()),
        "created_at": row["created_at"], "updated_at": row["updated_at"],
    }


def chat(row) -> dict:
    return {
        "id": row["id"], "tenant_id": row["tenant_id"], "bot_profile_id": row["bot_profile_id"], "title": row["title"],
        "message_count": row["message_count"], "total_prompt_tokens": row["total_prompt_tokens"],
        "total_completion_tokens": row["total_completion_tokens"], "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def message(row) -> dict:
    return {
        "id": row["id"], "chat_id": row["chat_id"], "role": _lower(row["role"]), "content": row["content"],
        "prompt_tokens": row["prompt_tokens"], "completion_tokens": row["completion_tokens"],
        "feedback": row["feedback"], "created_at": row["created_at"],
    }


def webhook(row) -> dict:
    return {
        "id": row["id"], "tenant_id": row["tenant_id"], "url": row["url"], "events": row["events"],
        "is_active": row["is_active"], "description": row["description"], "has_secret": bool(row["secret"]),
        "created_at": row["created_at"], "updated_at": row["updated_at"],
    }
