"""Liveness and health (§6.1): ``/health``, ``/v1/system/health`` (no auth) and the detailed, tenant-aware view.

The retrieval store (PostgreSQL full text) is reported under the ``qdrant`` key, as the real server reports
its vector store; its version names what it really is.
"""

import platform
import re
import time

from .. import crypto, db, kv, retrieval
from ..api import Router
from ..config import settings

router = Router()

_IMPORTED_AT = time.monotonic()


def _probe(check) -> dict:
    """ServiceHealth: runs ``check`` (returns a version string) and times it; errors become status "error"."""
    started = time.monotonic()
    try:
        version = check()
    except Exception as exc:
        return {"status": "error", "detail": (str(exc) or type(exc).__name__)[:200], "version": None,
                "latency_ms": None}
    return {"status": "ok", "detail": None, "version": version, "latency_ms": int((time.monotonic() - started) * 1000)}


def _postgres_version() -> str:
    return db.one("SELECT 1 AS ok, version() AS v")["v"].split(",")[0]


def _store_version() -> str:
    row = db.one(f"SELECT current_setting('server_version') AS v, EXISTS (SELECT 1 FROM {retrieval.COLLECTION}) AS any")
    return f"pg-fts (PostgreSQL {row['v'].split()[0]})"


def _redis_version() -> str:
    client = kv.client()
    client.ping()
    return f"Redis {client.info('server')['redis_version']}"


def _services() -> dict:
    services = {"postgres": _probe(_postgres_version), "qdrant": _probe(_store_version),
                "redis": _probe(_redis_version)}
    healthy = all(s["status"] == "ok" for s in services.values())
    return {"status": "ok" if healthy else "degraded", **services}


def _guarded(compute, fallback):
    try:
        return compute()
    except Exception as exc:
        return fallback(exc)


def _db_stats(tenant_id) -> dict:
    by_status = db.all_rows("SELECT status, count(*) AS n FROM sources WHERE tenant_id = %s AND is_active"
                            " GROUP BY status", (tenant_id,))
    totals = db.one(
        "SELECT (SELECT count(*) FROM chunks WHERE tenant_id = %(t)s) AS total_chunks,"
        " (SELECT count(*) FROM messages m JOIN chats c ON c.id = m.chat_id WHERE c.tenant_id = %(t)s)"
        " AS total_messages,"
        " (SELECT count(*) FROM chats WHERE tenant_id = %(t)s) AS total_chats,"
        " (SELECT count(*) FROM usage_events WHERE tenant_id = %(t)s) AS total_usage_events,"
        " (SELECT coalesce(sum(prompt_tokens), 0) FROM usage_events WHERE tenant_id = %(t)s) AS total_prompt_tokens,"
        " (SELECT coalesce(sum(completion_tokens), 0) FROM usage_events WHERE tenant_id = %(t)s)"
        " AS total_completion_tokens", {"t": tenant_id})
    return {"sources_by_status": {r["status"].lower(): r["n"] for r in by_status}, **totals}


def _redis_stats() -> dict:
    client = kv.client()
    info = client.info()
    return {"used_memory_human": info["used_memory_human"], "used_memory_peak_human": info["used_memory_peak_human"],
            "connected_clients": info["connected_clients"], "uptime_seconds": info["uptime_in_seconds"],
            "db_keys": client.dbsize()}


def _bot_sources(tenant_id) -> list:
    rows = db.all_rows(
        "SELECT b.id, b.name, b.model, b.is_active, count(s.id) AS source_count,"
        " count(s.id) FILTER (WHERE s.status = 'READY') AS ready_sources,"
        " coalesce(sum(s.chunk_count), 0) AS total_chunks"
        " FROM bot_profiles b LEFT JOIN sources s ON s.bot_profile_id = b.id AND s.is_active"
        " WHERE b.tenant_id = %s GROUP BY b.id ORDER BY b.created_at DESC", (tenant_id,))
    return [{"bot_profile_id": str(r["id"]), "bot_name": r["name"], "model": r["model"], "is_active": r["is_active"],
             "source_count": r["source_count"], "ready_sources": r["ready_sources"], "total_chunks": r["total_chunks"]}
            for r in rows]


def _mask(url: str) -> str:
    """Replaces the password of ``scheme://user:password@host`` with ``***``."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


@router.get("/health", authenticated=False)
def health(call):
    return {"status": "ok"}


@router.get("/v1/system/health", authenticated=False)
def system_health(call):
    return _services()


@router.get("/v1/system/health/detailed")
def detailed_health(call):
    tenant_id = call.principal.tenant_id
    services = _services()
    return {
        "status": services.pop("status"),
        "uptime_seconds": int(time.monotonic() - _IMPORTED_AT),
        "python_version": platform.python_version(),
        "platform": platform.platform(),
        **services,
        "db_stats": _guarded(lambda: _db_stats(tenant_id), lambda exc: {"error": str(exc)}),
        "qdrant_stats": _guarded(retrieval.stats, lambda exc: {"error": str(exc)}),
        "redis_stats": _guarded(_redis_stats, lambda exc: {"error": str(exc)}),
        "bot_sources": _guarded(lambda: _bot_sources(tenant_id), lambda exc: []),
        "config": {
            "database_url": _mask(settings.database_url),
            "redis_url": _mask(settings.redis_url),
            "qdrant_url": settings.qdrant_url,
            "encryption_configured": crypto.encryption_configured(),
            "jwt_configured": bool(settings.jwt_secret_key),
            "jwt_expire_minutes": settings.jwt_expire_minutes,
            "default_llm_model": settings.default_llm_model,
            "default_embedding_model": settings.default_embedding_model,
            "cors_origins": settings.allowed_origins,
        },
    }
