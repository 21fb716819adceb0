"""PostgreSQL access: one thread-safe pool per process, transactions as context managers, and the schema.

Like the real app, every process "creates all missing tables" at start-up. Enum columns store the upper-case
member names (``READY``, ``OWNER``) as SQLAlchemy does, so an ops tool reading the database sees what it would
see on a real stack. ``minirag_chunks`` is the stand-in for the Qdrant collection of the same name.
"""

import contextlib
import logging
import threading
import time
from datetime import datetime

import psycopg2
import psycopg2.extras
import psycopg2.pool

from .config import settings

log = logging.getLogger("standin.db")

psycopg2.extras.register_uuid()

_ENUMS = {
    "userrole": ("OWNER", "ADMIN", "MEMBER"),
    "sourcetype": ("TEXT", "UPLOAD", "URL", "NYXCORE"),
    "sourcestatus": ("PENDING", "PROCESSING", "READY", "ERROR"),
    "messagerole": ("SYSTEM", "USER", "ASSISTANT"),
}

_TABLES = """
CREATE TABLE IF NOT EXISTS tenants (
    id uuid PRIMARY KEY,
    name varchar(255) NOT NULL,
    slug varchar(100) NOT NULL UNIQUE,
    is_active boolean NOT NULL DEFAULT true,
    plan varchar(50) NOT NULL DEFAULT 'free',
    created_at timestamp NOT NULL,
    updated_at timestamp NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants(id),
    email varchar(320) NOT NULL,
    hashed_password varchar(255) NOT NULL,
    display_name varchar(255) NOT NULL,
    role userrole NOT NULL,
    is_active boolean NOT NULL,
    created_at timestamp NOT NULL,
    updated_at timestamp NOT NULL,
    UNIQUE (tenant_id, email)
);
CREATE TABLE IF NOT EXISTS api_tokens (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants(id),
    user_id uuid NOT NULL REFERENCES users(id),
    name varchar(255) NOT NULL,
    token_hash varchar(64) NOT NULL UNIQUE,
    token_prefix varchar(8) NOT NULL,
    is_active boolean NOT NULL,
    expires_at timestamp,
    last_used_at timestamp,
    created_at timestamp NOT NULL
);
CREATE TABLE IF NOT EXISTS bot_profiles (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants(id),
    name varchar(255) NOT NULL,
    description varchar(1000) NOT NULL,
    model varchar(100) NOT NULL,
    embedding_model varchar(100),
    system_prompt text NOT NULL,
    temperature double precision NOT NULL,
    max_tokens integer NOT NULL,
    encrypted_credentials text,
    is_active boolean NOT NULL,
    created_at timestamp NOT NULL,
    updated_at timestamp NOT NULL
);
CREATE TABLE IF NOT EXISTS sources (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants(id),
    bot_profile_id uuid NOT NULL REFERENCES bot_profiles(id),
    parent_id uuid REFERENCES sources(id),
    name varchar(255) NOT NULL,
    description varchar(1000) NOT NULL,
    source_type sourcetype NOT NULL,
    status sourcestatus NOT NULL,
    config jsonb NOT NULL,
    content text,
    encrypted_api_token text,
    document_count integer NOT NULL DEFAULT 0,
    chunk_count integer NOT NULL DEFAULT 0,
    error_message varchar(2000),
    is_active boolean NOT NULL,
    refresh_schedule varchar(20),
    last_refreshed_at timestamp,
    created_at timestamp NOT NULL,
    updated_at timestamp NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL,
    source_id uuid NOT NULL REFERENCES sources(id),
    title varchar(500) NOT NULL,
    content text NOT NULL,
    created_at timestamp NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL,
    document_id uuid NOT NULL REFERENCES documents(id),
    source_id uuid NOT NULL,
    chunk_index integer NOT NULL,
    content text NOT NULL,
    created_at timestamp NOT NULL
);
CREATE TABLE IF NOT EXISTS chats (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants(id),
    bot_profile_id uuid NOT NULL REFERENCES bot_profiles(id),
    user_id uuid,
    title varchar(255) NOT NULL,
    message_count integer NOT NULL,
    total_prompt_tokens integer NOT NULL,
    total_completion_tokens integer NOT NULL,
    created_at timestamp NOT NULL,
    updated_at timestamp NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    id uuid PRIMARY KEY,
    chat_id uuid NOT NULL REFERENCES chats(id),
    role messagerole NOT NULL,
    content text NOT NULL,
    prompt_tokens integer NOT NULL,
    completion_tokens integer NOT NULL,
    feedback varchar(10),
    created_at timestamp NOT NULL
);
CREATE TABLE IF NOT EXISTS usage_events (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants(id),
    bot_profile_id uuid NOT NULL,
    chat_id uuid NOT NULL,
    model varchar(100) NOT NULL,
    prompt_tokens integer NOT NULL,
    completion_tokens integer NOT NULL,
    total_tokens integer NOT NULL,
    is_stream boolean NOT NULL,
    time_to_first_token_ms integer,
    stream_duration_ms integer,
    created_at timestamp NOT NULL
);
CREATE TABLE IF NOT EXISTS webhooks (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants(id),
    url varchar(2048) NOT NULL,
    events jsonb NOT NULL,
    secret varchar(256) NOT NULL,
    description varchar(500) NOT NULL,
    is_active boolean NOT NULL,
    created_at timestamp NOT NULL,
    updated_at timestamp NOT NULL
);
CREATE TABLE IF NOT EXISTS minirag_chunks (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL,
    bot_profile_id uuid NOT NULL,
    source_id uuid NOT NULL,
    chunk_index integer NOT NULL,
    content text NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
    created_at timestamp NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_users_tenant ON users (tenant_id);
CREATE INDEX IF NOT EXISTS ix_api_tokens_tenant ON api_tokens (tenant_id);
CREATE INDEX IF NOT EXISTS ix_bot_profiles_tenant ON bot_profiles (tenant_id);
CREATE INDEX IF NOT EXISTS ix_sources_tenant ON sources (tenant_id);
CREATE INDEX IF NOT EXISTS ix_sources_parent ON sources (parent_id);
CREATE INDEX IF NOT EXISTS ix_chunks_tenant ON chunks (tenant_id);
CREATE INDEX IF NOT EXISTS ix_chats_tenant ON chats (tenant_id, created_at);
CREATE INDEX IF NOT EXISTS ix_messages_chat ON messages (chat_id, created_at);
CREATE INDEX IF NOT EXISTS ix_usage_tenant ON usage_events (tenant_id, created_at);
CREATE INDEX IF NOT EXISTS ix_webhooks_tenant ON webhooks (tenant_id);
CREATE INDEX IF NOT EXISTS ix_minirag_chunks_bot ON minirag_chunks (tenant_id, bot_profile_id);
CREATE INDEX IF NOT EXISTS ix_minirag_chunks_source ON minirag_chunks (source_id);
CREATE INDEX IF NOT EXISTS ix_minirag_chunks_tsv ON minirag_chunks USING gin (tsv);
"""

# Serialises concurrent start-ups of web and worker (CREATE TYPE/TABLE IF NOT EXISTS still race).
_SCHEMA_LOCK_ID = 0x6D696E69726167

POOL_SIZE = 24

_pool = None
# psycopg2's pool raises when exhausted; callers (up to 40 FastAPI worker threads) wait for a connection instead.
_available = threading.BoundedSemaphore(POOL_SIZE)


def utcnow() -> datetime:
    """Naive UTC, the form every timestamp column stores."""
    return datetime.utcnow()


def init(deadline_s: float = 90.0) -> None:
    """Opens the pool (waiting for the server to accept connections) and creates missing tables."""
    global _pool
    give_up = time.monotonic() + deadline_s
    while True:
        try:
            _pool = psycopg2.pool.ThreadedConnectionPool(1, POOL_SIZE, settings.psycopg_dsn)
            break
        except psycopg2.OperationalError as exc:
            if time.monotonic() > give_up:
                raise
            log.warning("database not ready yet: %s", str(exc).strip())
            time.sleep(1.0)
    _create_schema()


def _create_schema() -> None:
    with transaction() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK_ID,))
        for name, members in _ENUMS.items():
            cur.execute("SELECT 1 FROM pg_type WHERE typname = %s", (name,))
            if cur.fetchone() is None:
                labels = ", ".join(f"'{m}'" for m in members)
                cur.execute(f"CREATE TYPE {name} AS ENUM ({labels})")
        cur.execute(_TABLES)


@contextlib.contextmanager
def transaction():
    """Yields a dict cursor inside one transaction: committed on success, rolled back on any exception.

    A connection that failed at the connection level (server restarted) is discarded instead of being
    returned to the pool, so the next request gets a fresh one.
    """
    _available.acquire()
    try:
        conn = _pool.getconn()
    except BaseException:
        _available.release()
        raise
    broken = False
    try:
        with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            yield cur
        conn.commit()
    except (psycopg2.OperationalError, psycopg2.InterfaceError):
        broken = True
        raise
    except BaseException:
        conn.rollback()
        raise
    finally:
        _pool.putconn(conn, close=broken or conn.closed != 0)
        _available.release()


def one(sql: str, args=()) -> dict | None:
    with transaction() as cur:
        cur.execute(sql, args)
        return cur.fetchone()


def all_rows(sql: str, args=()) -> list[dict]:
    with transaction() as cur:
        cur.execute(sql, args)
        return cur.fetchall()


def execute(sql: str, args=()) -> int:
    with transaction() as cur:
        cur.execute(sql, args)
        return cur.rowcount


def as_json(value):
    """Adapts a Python value for a jsonb parameter (``None`` becomes JSON ``null``, as SQLAlchemy's JSON does)."""
    return psycopg2.extras.Json(value)
