"""Sources: §6.7 and §8. Create, batch, upload, the three list modes with parent aggregation, ingest.

The API never changes a source's status; ingest routes only queue jobs for the worker. NyxCore tokens are
encrypted on create and PATCH (not on batch, §12.17) and replaced by the ``has_api_token`` flag.
"""

import logging
from pathlib import PurePosixPath

from starlette.exceptions import HTTPException

from .. import crypto, db, ingest, kv, records, views
from ..api import Router, not_found, unprocessable
from ..validation import Field, Schema, optional, string

log = logging.getLogger("standin.sources")
router = Router()

SOURCE_TYPES = ("text", "upload", "url", "nyxcore")
SCHEDULES = ("none", "hourly", "daily", "weekly")
ALLOWED_EXTENSIONS = (".csv", ".docx", ".md", ".pdf", ".txt")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024

SOURCE_CREATE = Schema({
    "bot_profile_id": Field("uuid"),
    "name": string(255),
    "description": string(1000, required=False),
    "source_type": Field("enum", choices=SOURCE_TYPES),
    "config": Field("dict", required=False, default=dict),
    "content": Field("str", required=False, nullable=True),
    "parent_id": Field("uuid", required=False, nullable=True),
    "refresh_schedule": Field("enum", required=False, nullable=True, choices=SCHEDULES),
})

SOURCE_UPDATE = Schema({
    "name": optional("str", max_length=255),
    "description": optional("str", max_length=1000),
    "config": optional("dict"),
    "content": optional("str"),
    "is_active": optional("bool"),
    "refresh_schedule": optional("enum", choices=SCHEDULES),
})

# Batch names and descriptions carry no length limit in the schema; the columns reject them (500).
BATCH_CHILD = Schema({
    "name": Field("str"),
    "description": Field("str", required=False, default=""),
    "source_type": Field("enum", choices=SOURCE_TYPES),
    "config": Field("dict", required=False, default=dict),
    "content": Field("str", required=False, nullable=True),
})

BATCH_CREATE = Schema({
    "bot_profile_id": Field("uuid"),
    "name": Field("str"),
    "description": Field("str", required=False, default=""),
    "source_type": Field("enum", required=False, default="url", choices=SOURCE_TYPES),
    "children": Field("list", items=Field("model", schema=BATCH_CHILD)),
})

UPLOAD_FORM = {
    "file": Field("file"),
    "bot_profile_id": Field("uuid"),
    "name": Field("str", required=False, default=None),
    "description": Field("str", required=False, default=""),
    "parent_id": Field("uuid", required=False, default=None),
}

LIST_QUERY = {
    "bot_profile_id": Field("uuid", required=False),
    "parent_id": Field("uuid", required=False),
    "include_children": Field("bool", required=False, default=False),
}

def _seal_nyxcore(config: dict) -> tuple[dict, str | None]:
    """Moves the write-only ``api_token`` out of the config into its encrypted column."""
    stored = dict(config)
    token = stored.pop("api_token", None)
    sealed = crypto.encrypt(str(token)) if token else None
    stored["has_api_token"] = sealed is not None
    return stored, sealed


def _require_bot(tenant_id, bot_id) -> None:
    if db.one("SELECT 1 FROM bot_profiles WHERE id = %s AND tenant_id = %s", (bot_id, tenant_id)) is None:
        raise unprocessable("Bot profile not found or belongs to a different tenant")


def _require_parent(tenant_id, parent_id, bot_id) -> None:
    if parent_id is None:
        return
    parent = db.one("SELECT bot_profile_id, parent_id FROM sources WHERE id = %s AND tenant_id = %s",
                    (parent_id, tenant_id))
    if parent is None:
        raise not_found("Source not found")
    if parent["bot_profile_id"] != bot_id:
        raise unprocessable("Parent source belongs to a different bot profile")
    if parent["parent_id"] is not None:
        raise unprocessable("Nesting beyond one level is not allowed")


def _load(call, key: str = "source_id") -> dict:
    row = db.one("SELECT * FROM sources WHERE id = %s AND tenant_id = %s", (call.path[key], call.principal.tenant_id))
    if row is None:
        raise not_found("Source not found")
    return row


def _active_children(parent_ids: list, oldest_first: bool = False) -> dict:
    """Active children grouped by parent id."""
    if not parent_ids:
        return {}
    order = "ASC" if oldest_first else "DESC"
    rows = db.all_rows(f"SELECT * FROM sources WHERE parent_id = ANY(%s) AND is_active ORDER BY created_at {order}",
                       (list(parent_ids),))
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(row["parent_id"], []).append(row)
    return grouped


@router.post("/v1/sources", status=201, body=SOURCE_CREATE)
def create_source(call):
    body, tenant_id = call.body, call.principal.tenant_id
    _require_bot(tenant_id, body["bot_profile_id"])
    _require_parent(tenant_id, body["parent_id"], body["bot_profile_id"])
    config, sealed = body["config"], None
    if body["source_type"] == "nyxcore":
        config, sealed = _seal_nyxcore(config)
    with db.transaction() as cur:
        row = records.insert_source(cur, tenant_id, bot_profile_id=body["bot_profile_id"],
                                    parent_id=body["parent_id"], name=body["name"], description=body["description"],
                                    source_type=body["source_type"], config=config, content=body["content"],
                                    encrypted_api_token=sealed, refresh_schedule=body["refresh_schedule"])
    return views.source(row)


@router.get("/v1/sources", query=LIST_QUERY)
def list_sources(call):
    query = call.query
    where, args = ["tenant_id = %s", "is_active"], [call.principal.tenant_id]
    if query["bot_profile_id"] is not None:
        where.append("bot_profile_id = %s")
        args.append(query["bot_profile_id"])
    top_level = query["parent_id"] is None and not query["include_children"]
    if query["parent_id"] is not None:
        where.append("parent_id = %s")
        args.append(query["parent_id"])
    elif top_level:
        where.append("parent_id IS NULL")
    rows = db.all_rows(f"SELECT * FROM sources WHERE {' AND '.join(where)} ORDER BY created_at DESC", args)
    if not top_level:
        return [views.source(r) for r in rows]
    children = _active_children([r["id"] for r in rows])
    return [views.source(r, children=children.get(r["id"])) for r in rows]


@router.post("/v1/sources/batch", status=201, body=BATCH_CREATE)
def create_batch(call):
    body, tenant_id = call.body, call.principal.tenant_id
    if not body["children"]:
        raise unprocessable("At least one child source is required")
    _require_bot(tenant_id, body["bot_profile_id"])
    with db.transaction() as cur:
        parent = records.insert_source(cur, tenant_id, bot_profile_id=body["bot_profile_id"], name=body["name"],
                                       description=body["description"], source_type=body["source_type"])
        children = [
            records.insert_source(cur, tenant_id, bot_profile_id=body["bot_profile_id"], parent_id=parent["id"],
                                  name=child["name"], description=child["description"],
                                  source_type=child["source_type"], config=child["config"], content=child["content"])
            for child in body["children"]
        ]
    return {"parent": views.source(parent, children=children), "children": [views.source(c) for c in children]}


@router.post("/v1/sources/upload", status=201, form=UPLOAD_FORM)
def upload_source(call):
    form, tenant_id = call.form, call.principal.tenant_id
    upload = form["file"]
    filename = upload.filename or ""
    extension = PurePosixPath(filename).suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise unprocessable(f"Unsupported file type: {extension}. Allowed: {', '.join(ALLOWED_EXTENSIONS)}")
    data = upload.file.read()
    if len(data) > MAX_UPLOAD_BYTES:
        raise unprocessable("File too large. Maximum size is 10 MB.")
    _require_bot(tenant_id, form["bot_profile_id"])
    _require_parent(tenant_id, form["parent_id"], form["bot_profile_id"])
    text = ingest.extract_text(extension, data)
    with db.transaction() as cur:
        row = records.insert_source(cur, tenant_id, bot_profile_id=form["bot_profile_id"],
                                    parent_id=form["parent_id"], name=form["name"] or filename or "Uploaded file",
                                    description=form["description"] or "", source_type="upload",
                                    config={"original_filename": filename, "file_size": len(data)}, content=text)
    try:
        kv.enqueue_ingest(row["id"], tenant_id)
    except Exception:
        # The real route swallows queue errors here: the source simply stays pending.
        log.exception("could not enqueue ingest of uploaded source %s", row["id"])
    return views.source(row)


@router.get("/v1/sources/{source_id}")
def get_source(call):
    row = _load(call)
    return views.source(row, children=_active_children([row["id"]]).get(row["id"]))


@router.get("/v1/sources/{source_id}/children")
def list_children(call):
    row = _load(call)
    return [views.source(c) for c in _active_children([row["id"]], oldest_first=True).get(row["id"], [])]


@router.patch("/v1/sources/{source_id}", body=SOURCE_UPDATE)
def update_source(call):
    row = _load(call)
    changes = {key: call.body[key] for key in call.body_keys}
    if "config" in changes:
        if row["source_type"] == "NYXCORE":
            changes["config"], changes["encrypted_api_token"] = _seal_nyxcore(changes["config"])
        changes["config"] = db.as_json(changes["config"])
    changes["updated_at"] = db.utcnow()
    assignments = ", ".join(f"{column} = %s" for column in changes)
    updated = db.one(f"UPDATE sources SET {assignments} WHERE id = %s RETURNING *", (*changes.values(), row["id"]))
    return views.source(updated)


@router.delete("/v1/sources/{source_id}")
def delete_source(call):
    row = _load(call)
    db.execute("UPDATE sources SET is_active = false, updated_at = %s WHERE id = %s OR (parent_id = %s AND is_active)",
               (db.utcnow(), row["id"], row["id"]))


@router.post("/v1/sources/{source_id}/ingest", status=202)
def ingest_source(call):
    row = _load(call)
    if row["status"] == "PROCESSING":
        raise HTTPException(409, "Source is already being processed")
    kv.enqueue_ingest(row["id"], row["tenant_id"])
    return {"status": "accepted", "message": f"Ingestion queued for source {row['id']}"}


@router.post("/v1/sources/{source_id}/ingest-children", status=202)
def ingest_children(call):
    row = _load(call)
    children = [c for c in _active_children([row["id"]]).get(row["id"], []) if c["status"] != "PROCESSING"]
    for child in children:
        kv.enqueue_ingest(child["id"], child["tenant_id"])
    return {"status": "accepted", "message": f"Ingestion queued for {len(children)} child sources",
            "enqueued": len(children)}
