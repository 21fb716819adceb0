"""Redis, shared by all stand-in processes: the ingest queue, the worker heartbeat, fault knobs and the sink."""

import json
import threading

import redis

from .config import settings

INGEST_QUEUE = "standin:ingest"
WORKER_HEARTBEAT = "standin:worker:heartbeat"

_lock = threading.Lock()
_client = None


def client() -> redis.Redis:
    """One client per process; short timeouts so a dead Redis fails requests instead of hanging them."""
    global _client
    with _lock:
        if _client is None:
            _client = redis.Redis.from_url(
                settings.redis_url, socket_connect_timeout=2, socket_timeout=5, health_check_interval=15
            )
        return _client


def enqueue_ingest(source_id, tenant_id) -> None:
    """Queues one ingest job, the stand-in's equivalent of ARQ's ``ingest_source(source_id, tenant_id)``."""
    job = json.dumps({"source_id": str(source_id), "tenant_id": str(tenant_id)})
    client().rpush(INGEST_QUEUE, job)
