"""The retrieval store: PostgreSQL full-text ranking standing in for the Qdrant collection ``minirag_chunks``.

Points are filtered by tenant and bot only, so a deleted source's chunks keep feeding answers (§12.1). Scores
are mapped to 0–1 like cosine similarity and rounded to 4 dp; when chunks exist, the top 5 always come back
(a vector search always has nearest neighbours), non-matching ones with low scores. The collection has the
dimension of the default embedding model: bots whose embedding model has another dimension fail at ingest
and chat with Qdrant's error (§12.10).
"""

import re
import uuid

import psycopg2.extras

from . import db

COLLECTION = "minirag_chunks"
COLLECTION_DIMENSION = 1536
TOP_K = 5

EMBEDDING_DIMENSIONS = {
    "text-embedding-3-small": 1536,
    "text-embedding-ada-002": 1536,
    "text-embedding-3-large": 3072,
    "gemini/text-embedding-004": 768,
    "vertex_ai/text-embedding-004": 768,
    "ollama/nomic-embed-text": 768,
    "cohere/embed-english-v3.0": 1024,
    "cohere/embed-multilingual-v3.0": 1024,
    "mistral/mistral-embed": 1024,
}


class VectorStoreError(Exception):
    """Worded like qdrant-client's UnexpectedResponse."""


def check_dimension(embedding_model: str | None) -> None:
    got = EMBEDDING_DIMENSIONS.get(embedding_model or "text-embedding-3-small", COLLECTION_DIMENSION)
    if got != COLLECTION_DIMENSION:
        raise VectorStoreError(
            "Unexpected Response: 400 (Bad Request)\nRaw response content:\n"
            f"b'{{\"status\":{{\"error\":\"Wrong input: Vector dimension error: expected dim: {COLLECTION_DIMENSION},"
            f" got {got}\"}},\"time\":0.000412}}'"
        )


def replace_points(cur, *, tenant_id, bot_id, source_id, chunks: list[str]) -> None:
    """Upserts a source's points; the previous points of that source are replaced, as on re-ingest."""
    now = db.utcnow()
    cur.execute(f"DELETE FROM {COLLECTION} WHERE source_id = %s", (source_id,))
    psycopg2.extras.execute_values(
        cur,
        f"INSERT INTO {COLLECTION} (id, tenant_id, bot_profile_id, source_id, chunk_index, content, created_at)"
        " VALUES %s",
        [(uuid.uuid4(), tenant_id, bot_id, source_id, i, text, now) for i, text in enumerate(chunks)],
    )


def search(*, tenant_id, bot_id, embedding_model: str | None, query: str) -> list[dict]:
    """Top chunks for ``query``: chunk_id, full content, score, source_id (the chat route cuts content to 200)."""
    check_dimension(embedding_model)
    words = list(dict.fromkeys(w.lower() for w in re.findall(r"[A-Za-z0-9]+", query)))[:32]
    rows = db.all_rows(
        f"SELECT id, source_id, content,"
        f" CASE WHEN %(q)s = '' THEN 0 ELSE ts_rank_cd(tsv, to_tsquery('english', %(q)s)) END AS rank"
        f" FROM {COLLECTION} WHERE tenant_id = %(tenant)s AND bot_profile_id = %(bot)s"
        f" ORDER BY rank DESC, md5(id::text || %(salt)s) LIMIT {TOP_K}",
        {"q": " | ".join(words), "tenant": tenant_id, "bot": bot_id, "salt": query},
    )
    results = []
    for row in rows:
        rank = float(row["rank"])
        if rank > 0:
            score = 0.42 + 0.5 * rank / (rank + 0.4)
        else:
            score = 0.12 + 0.2 * (int(row["id"].hex[:4], 16) / 0xFFFF)
        results.append({"chunk_id": str(row["id"]), "content": row["content"], "score": round(score, 4),
                        "source_id": str(row["source_id"])})
    # A nearest-neighbour search answers best first, also among the weak matches.
    results.sort(key=lambda r: r["score"], reverse=True)
    return results


def stats() -> dict:
    """Global collection figures for detailed health's ``qdrant_stats``."""
    row = db.one(f"SELECT count(*) AS points, pg_total_relation_size('{COLLECTION}') AS bytes FROM {COLLECTION}")
    if not row["points"]:
        return {"error": "HTTP 404"}
    return {"collection": COLLECTION, "vectors_count": 0, "points_count": row["points"],
            "segments_count": max(1, min(8, row["points"] // 64 + 1)), "status": "green",
            "disk_data_size_mb": round(row["bytes"] / (1024 * 1024), 2), "ram_data_size_mb": 0.0}
