"""Ingestion (§8): text extraction for uploads, chunking (512/64) and the worker's job for one source.

A job sets ``processing``, then ``ready`` (document_count 1, chunk_count n, last_refreshed_at) or ``error``
with the message the real worker writes. SQL chunk rows are appended on every run (they leak, §12.19) while
the retrieval points of the source are replaced. ``source.ingested``/``source.failed`` webhooks follow.
"""

import html.parser
import io
import json
import logging
import re
import socket
import urllib.error
import urllib.request
import uuid

import docx
import pypdf
import psycopg2.extras

from . import crypto, db, hooks, retrieval

log = logging.getLogger("standin.ingest")

CHUNK_SIZE = 512
CHUNK_OVERLAP = 64
FETCH_TIMEOUT_S = 30
USER_AGENT = "MiniRAG/1.0"


class EarlyExit(Exception):
    """A failure the real worker records without firing ``source.failed``."""


def extract_text(extension: str, data: bytes) -> str:
    """Text of an uploaded file; undecodable or corrupt files raise (the upload then answers 500)."""
    if extension in (".txt", ".md", ".csv"):
        return data.decode("utf-8")
    if extension == ".pdf":
        return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    if extension == ".docx":
        return "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs)
    raise ValueError(f"no extractor for {extension}")


def normalise(text: str) -> str:
    text = re.sub(r"[ \t\f\v\r]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def chunk(text: str, size: int = CHUNK_SIZE, overlap: int = CHUNK_OVERLAP) -> list[str]:
    pieces = []
    start = 0
    while start < len(text):
        piece = text[start:start + size].strip()
        if piece:
            pieces.append(piece)
        if start + size >= len(text):
            break
        start += size - overlap
    return pieces


class _TextExtractor(html.parser.HTMLParser):
    """Visible text of an HTML page (scripts and styles dropped)."""

    def __init__(self):
        super().__init__()
        self.parts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript"):
            self._skip += 1
        elif tag in ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section", "article"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def strip_html(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    return "".join(parser.parts)


def _http_error_text(code: int, reason: str, url: str) -> str:
    """httpx's ``raise_for_status`` wording, which the real worker stores."""
    kind = {3: "Redirect response", 4: "Client error", 5: "Server error"}.get(code // 100, "Error")
    return (f"{kind} '{code} {reason}' for url '{url}'\n"
            f"For more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/{code}")


def fetch(url: str, headers: dict | None = None) -> tuple[str, str]:
    """GET with the worker's timeout and user agent; returns (content type, text). Errors read like httpx's."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:
            body = response.read()
            content_type = response.headers.get("Content-Type", "")
            charset = response.headers.get_content_charset() or "utf-8"
    except urllib.error.HTTPError as exc:
        raise RuntimeError(_http_error_text(exc.code, exc.reason, url)) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        raise RuntimeError("timed out" if isinstance(reason, socket.timeout) else str(reason)) from None
    except socket.timeout:
        raise RuntimeError("timed out") from None
    except ValueError:
        raise RuntimeError("Request URL is missing an 'http://' or 'https://' protocol.") from None
    return content_type, body.decode(charset, "replace")


def _source_text(source: dict) -> str | None:
    if source["source_type"] != "URL":
        return source["content"]
    url = source["config"].get("url") if isinstance(source["config"], dict) else None
    if not url:
        return None
    content_type, text = fetch(str(url))
    return strip_html(text) if "html" in content_type.lower() or text.lstrip()[:1] == "<" else text


def _nyxcore_token(source: dict) -> str | None:
    if source["encrypted_api_token"]:
        return crypto.decrypt(source["encrypted_api_token"])
    # Batch-created NyxCore children keep the token in plain text in their config (§12.17).
    return source["config"].get("api_token") if isinstance(source["config"], dict) else None


def _validate_nyxcore(source: dict) -> None:
    """NyxCore sources are only checked: list the remote documents and record their counts."""
    token = _nyxcore_token(source)
    if not token:
        raise EarlyExit("No API token configured")
    base = str(source["config"].get("base_url") or "https://nyxcore.cloud").rstrip("/")
    _, text = fetch(f"{base}/api/v1/rag/documents", {"Authorization": f"Bearer {token}"})
    documents = json.loads(text)
    documents = documents.get("documents", []) if isinstance(documents, dict) else documents
    ready = [d for d in documents if isinstance(d, dict) and d.get("status", "ready") == "ready"]
    with db.transaction() as cur:
        _mark_ready(cur, source["id"], document_count=len(ready),
                    chunk_count=sum(int(d.get("chunk_count", 0)) for d in ready))


def _mark_ready(cur, source_id, *, document_count: int, chunk_count: int) -> None:
    now = db.utcnow()
    cur.execute("UPDATE sources SET status = 'READY', document_count = %s, chunk_count = %s, error_message = NULL,"
                " last_refreshed_at = %s, updated_at = %s WHERE id = %s",
                (document_count, chunk_count, now, now, source_id))


def store_chunks(cur, source: dict, text: str, pieces: list[str]) -> None:
    """Writes the document, its chunk rows and retrieval points, and marks the source ready."""
    now = db.utcnow()
    document_id = uuid.uuid4()
    cur.execute("INSERT INTO documents (id, tenant_id, source_id, title, content, created_at)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                (document_id, source["tenant_id"], source["id"], source["name"][:500], text, now))
    psycopg2.extras.execute_values(
        cur, "INSERT INTO chunks (id, tenant_id, document_id, source_id, chunk_index, content, created_at) VALUES %s",
        [(uuid.uuid4(), source["tenant_id"], document_id, source["id"], i, p, now) for i, p in enumerate(pieces)])
    retrieval.replace_points(cur, tenant_id=source["tenant_id"], bot_id=source["bot_profile_id"],
                             source_id=source["id"], chunks=pieces)
    _mark_ready(cur, source["id"], document_count=1, chunk_count=len(pieces))


def _fail(source: dict, message: str) -> None:
    db.execute("UPDATE sources SET status = 'ERROR', error_message = %s, updated_at = %s WHERE id = %s",
               (message[:2000], db.utcnow(), source["id"]))


def run_job(source_id: str, tenant_id: str) -> None:
    """The worker's ``ingest_source(source_id, tenant_id)``."""
    source = db.one("SELECT s.*, b.embedding_model FROM sources s JOIN bot_profiles b ON b.id = s.bot_profile_id"
                    " WHERE s.id = %s AND s.tenant_id = %s", (source_id, tenant_id))
    if source is None:
        log.warning("ingest: source %s of tenant %s not found", source_id, tenant_id)
        return
    db.execute("UPDATE sources SET status = 'PROCESSING', error_message = NULL, updated_at = %s WHERE id = %s",
               (db.utcnow(), source_id))
    try:
        if source["source_type"] == "NYXCORE":
            _validate_nyxcore(source)
            return
        text = _source_text(source)
        if not text:
            raise EarlyExit("No content to ingest")
        pieces = chunk(normalise(text))
        if not pieces:
            raise RuntimeError("Chunking produced no output")
        retrieval.check_dimension(source["embedding_model"])
        with db.transaction() as cur:
            store_chunks(cur, source, text, pieces)
    except EarlyExit as exc:
        _fail(source, str(exc))
        return
    except Exception as exc:
        message = str(exc) or type(exc).__name__
        log.warning("ingest of source %s failed: %s", source_id, message)
        _fail(source, message)
        hooks.fire(source["tenant_id"], "source.failed", {"source_id": str(source_id), "error": message[:500]})
        return
    log.info("ingested source %s: %d chunks", source_id, len(pieces))
    hooks.fire(source["tenant_id"], "source.ingested", {
        "source_id": str(source_id), "source_name": source["name"], "document_count": 1, "chunk_count": len(pieces)})
