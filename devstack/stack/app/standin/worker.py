"""Entry point of the worker container: ingest jobs from Redis, at most 10 at a time, plus the refresh cron.

``python3 -m standin.worker --healthcheck`` exits 0 while the loop's heartbeat (written every second) is
younger than 10 s, and 1 when it is stale, Redis is unreachable, or the ``worker_unhealthy`` knob is on.
"""

import json
import logging
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from . import db, ingest, knobs, kv

log = logging.getLogger("standin.worker")

MAX_JOBS = 10
HEARTBEAT_MAX_AGE_S = 10.0
REFRESH_MINUTES = (0, 15, 30, 45)
REFRESH_INTERVALS = {"hourly": timedelta(hours=1), "daily": timedelta(days=1), "weekly": timedelta(weeks=1)}


def healthcheck() -> int:
    if knobs.read_all()["worker_unhealthy"]:
        print("unhealthy: the worker_unhealthy knob is on")
        return 1
    try:
        beat = kv.client().get(kv.WORKER_HEARTBEAT)
    except Exception as exc:
        print(f"unhealthy: redis: {exc}")
        return 1
    age = time.time() - float(beat) if beat else None
    if age is None or age > HEARTBEAT_MAX_AGE_S:
        print(f"unhealthy: worker heartbeat {'missing' if age is None else f'{age:.0f} s old'}")
        return 1
    print(f"healthy: heartbeat {age:.1f} s old")
    return 0


def enqueue_due_refreshes() -> int:
    """Queues every active scheduled source whose last refresh is older than its interval (or null while ready)."""
    now = db.utcnow()
    rows = db.all_rows("SELECT id, tenant_id, refresh_schedule, last_refreshed_at, status FROM sources"
                       " WHERE is_active AND refresh_schedule = ANY(%s) AND status <> 'PROCESSING'",
                       (list(REFRESH_INTERVALS),))
    due = [r for r in rows if (r["status"] == "READY" if r["last_refreshed_at"] is None
                               else now - r["last_refreshed_at"] >= REFRESH_INTERVALS[r["refresh_schedule"]])]
    for row in due:
        kv.enqueue_ingest(row["id"], row["tenant_id"])
    return len(due)


def _run_job(job: dict, slots: threading.Semaphore) -> None:
    try:
        ingest.run_job(job["source_id"], job["tenant_id"])
    except Exception:
        log.exception("ingest job %s crashed", job)
    finally:
        slots.release()


def run(stop: threading.Event) -> None:
    client = kv.client()
    slots = threading.Semaphore(MAX_JOBS)
    last_refresh_slot = None
    with ThreadPoolExecutor(max_workers=MAX_JOBS, thread_name_prefix="ingest") as pool:
        while not stop.is_set():
            try:
                client.set(kv.WORKER_HEARTBEAT, repr(time.time()), ex=60)
                slot = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
                if time.gmtime().tm_min in REFRESH_MINUTES and slot != last_refresh_slot:
                    last_refresh_slot = slot
                    log.info("refresh cron: %d sources queued", enqueue_due_refreshes())
            except Exception as exc:
                log.warning("worker heartbeat/cron: %s", exc)
                stop.wait(1.0)
                continue
            if not slots.acquire(timeout=1.0):
                continue
            try:
                item = client.blpop([kv.INGEST_QUEUE], timeout=1)
            except Exception as exc:
                slots.release()
                log.warning("worker queue: %s", exc)
                stop.wait(1.0)
                continue
            if item is None:
                slots.release()
                continue
            pool.submit(_run_job, json.loads(item[1]), slots)


def main(argv: list) -> int:
    if "--healthcheck" in argv:
        return healthcheck()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    db.init()
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    log.info("worker started: queue %s, %d concurrent jobs", kv.INGEST_QUEUE, MAX_JOBS)
    run(stop)
    log.info("worker stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
