"""Outbound webhooks (§9): signed JSON POSTs, 10 s timeout, no retries, subscribers called one after another."""

import hashlib
import hmac
import http.client
import logging
import urllib.parse

from . import db, jsonfmt

log = logging.getLogger("standin.hooks")


def signature(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post(url: str, secret: str, event: str, payload: dict, timeout: float = 10.0) -> int | None:
    """Delivers one event; returns the HTTP status, or None when the target could not be reached.

    http.client keeps the header names as written (urllib would send ``X-minirag-event``) and, like httpx,
    follows no redirects: a 3xx is the answer.
    """
    body = jsonfmt.dumps_python(payload).encode()
    headers = {"Content-Type": "application/json", "X-MiniRAG-Event": event,
               "X-MiniRAG-Signature": signature(secret, body), "User-Agent": "python-httpx/0.27.0"}
    try:
        parts = urllib.parse.urlsplit(url)
        kind = {"http": http.client.HTTPConnection, "https": http.client.HTTPSConnection}[parts.scheme]
        connection = kind(parts.hostname, parts.port, timeout=timeout)
        try:
            connection.request("POST", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), body, headers)
            return connection.getresponse().status
        finally:
            connection.close()
    except (KeyError, OSError, ValueError, http.client.HTTPException) as exc:
        log.warning("webhook %s to %s failed: %s", event, url, exc)
        return None


def fire(tenant_id, event: str, payload: dict) -> None:
    """Sends ``event`` to every active webhook of the tenant subscribed to it; failures are only logged."""
    rows = db.all_rows("SELECT url, secret FROM webhooks WHERE tenant_id = %s AND is_active AND events ? %s"
                       " ORDER BY created_at", (tenant_id, event))
    for row in rows:
        status = post(row["url"], row["secret"], event, payload)
        if status is not None and not 200 <= status < 300:
            log.warning("webhook %s to %s answered %s", event, row["url"], status)
