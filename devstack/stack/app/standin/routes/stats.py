"""Stats (§6.10): usage aggregates, costs from the pricing table, feedback analytics.

Everything except ``/pricing`` is tenant-scoped and cached in-process for 30 s per (tenant, route, query);
the ``stats_cache`` knob turns the cache off for tests. ``days`` is not validated beyond being an integer:
0 or negative gives empty results, a window before year 1 overflows (500).
"""

import threading
import time
from datetime import timedelta

from .. import db
from ..api import Router
from ..knobs import reader as knobs
from ..validation import Field

router = Router()

CACHE_TTL_S = 30.0

PRICING = {
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4-turbo": (10.00, 30.00),
    "gpt-4": (30.00, 60.00),
    "gpt-3.5-turbo": (0.50, 1.50),
    "o1": (15.00, 60.00),
    "o1-mini": (3.00, 12.00),
    "o3-mini": (1.10, 4.40),
    "claude-opus-4-6": (15.00, 75.00),
    "claude-sonnet-4-5-20250929": (3.00, 15.00),
    "claude-haiku-4-5-20251001": (0.80, 4.00),
    "gemini/gemini-2.0-flash": (0.10, 0.40),
    "gemini/gemini-1.5-pro": (1.25, 5.00),
    "gemini/gemini-1.5-flash": (0.075, 0.30),
}
DEFAULT_PRICE = (1.00, 3.00)

_cache: dict = {}
_cache_lock = threading.Lock()


def cost_usd(model: str, prompt_tokens: int, completion_tokens: int) -> float:
    prompt_rate, completion_rate = PRICING.get(model, DEFAULT_PRICE)
    return (prompt_tokens * prompt_rate + completion_tokens * completion_rate) / 1_000_000


def _cached(call, compute):
    """Serves ``compute(call)`` from the 30 s cache keyed by tenant, route and query string."""
    if not knobs.get("stats_cache"):
        return compute(call)
    key = (call.principal.tenant_id, call.request.url.path, tuple(sorted(call.request.query_params.multi_items())))
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
    value = compute(call)
    with _cache_lock:
        _cache[key] = (now + CACHE_TTL_S, value)
        for stale in [k for k, (expires, _) in _cache.items() if expires <= now]:
            del _cache[stale]
    return value


def _window(days: int | None) -> tuple[str, list]:
    """SQL condition and arguments for "created_at within the last ``days`` days" (none when days is None)."""
    if days is None:
        return "", []
    return " AND u.created_at >= %s", [db.utcnow() - timedelta(days=days)]


def _usage_rows(tenant_id, days, group: str, columns: str) -> list[dict]:
    condition, args = _window(days)
    return db.all_rows(
        f"SELECT {columns}, sum(u.prompt_tokens) AS prompt_tokens, sum(u.completion_tokens) AS completion_tokens,"
        f" sum(u.total_tokens) AS total_tokens, count(*) AS request_count"
        f" FROM usage_events u LEFT JOIN bot_profiles b ON b.id = u.bot_profile_id"
        f" WHERE u.tenant_id = %s{condition} GROUP BY {group} ORDER BY total_tokens DESC",
        [tenant_id, *args],
    )


def _by_model(tenant_id, days) -> list[dict]:
    rows = _usage_rows(tenant_id, days, "u.model", "u.model AS model")
    result = []
    for row in rows:
        prompt_rate, completion_rate = PRICING.get(row["model"], DEFAULT_PRICE)
        cost = round(cost_usd(row["model"], row["prompt_tokens"], row["completion_tokens"]), 6)
        result.append({**row, "cost_usd": cost, "prompt_cost_per_1m": prompt_rate,
                       "completion_cost_per_1m": completion_rate})
    return result


def _by_bot(tenant_id, days) -> list[dict]:
    rows = _usage_rows(tenant_id, days, "u.bot_profile_id, b.name, u.model",
                       "u.bot_profile_id AS bot_profile_id, coalesce(b.name, '') AS bot_name, u.model AS model")
    return [{**row, "cost_usd": round(cost_usd(row["model"], row["prompt_tokens"], row["completion_tokens"]), 6)}
            for row in rows]


DAYS_OPTIONAL = {"days": Field("int", required=False)}
DAYS_30 = {"days": Field("int", required=False, default=30)}
FEEDBACK_QUERY = {"bot_profile_id": Field("uuid", required=False), **DAYS_30}


@router.get("/v1/stats/overview")
def overview(call):
    def compute(call):
        tenant_id = call.principal.tenant_id
        row = db.one(
            "SELECT (SELECT count(*) FROM bot_profiles WHERE tenant_id = %(t)s) AS bot_profiles,"
            " (SELECT count(*) FROM sources WHERE tenant_id = %(t)s) AS sources,"
            " (SELECT count(*) FROM chats WHERE tenant_id = %(t)s) AS chats,"
            " (SELECT coalesce(sum(prompt_tokens), 0) FROM usage_events WHERE tenant_id = %(t)s)"
            " AS total_prompt_tokens,"
            " (SELECT coalesce(sum(completion_tokens), 0) FROM usage_events WHERE tenant_id = %(t)s)"
            " AS total_completion_tokens", {"t": tenant_id})
        return {**row, "total_tokens": row["total_prompt_tokens"] + row["total_completion_tokens"]}
    return _cached(call, compute)


@router.get("/v1/stats/usage", query=DAYS_OPTIONAL)
def usage(call):
    def compute(call):
        condition, args = _window(call.query["days"])
        return db.all_rows(
            "SELECT to_char(u.created_at, 'YYYY-MM-DD') AS date, u.model, sum(u.prompt_tokens) AS prompt_tokens,"
            " sum(u.completion_tokens) AS completion_tokens, sum(u.total_tokens) AS total_tokens,"
            f" count(*) AS request_count FROM usage_events u WHERE u.tenant_id = %s{condition}"
            " GROUP BY 1, 2 ORDER BY 1 DESC", [call.principal.tenant_id, *args])
    return _cached(call, compute)


@router.get("/v1/stats/usage/by-bot", query=DAYS_OPTIONAL)
def usage_by_bot(call):
    return _cached(call, lambda c: _by_bot(c.principal.tenant_id, c.query["days"]))


@router.get("/v1/stats/usage/by-model", query=DAYS_OPTIONAL)
def usage_by_model(call):
    return _cached(call, lambda c: _by_model(c.principal.tenant_id, c.query["days"]))


@router.get("/v1/stats/cost-estimate", query=DAYS_30)
def cost_estimate(call):
    def compute(call):
        tenant_id, days = call.principal.tenant_id, call.query["days"]
        by_model = _by_model(tenant_id, days)
        total = sum(cost_usd(m["model"], m["prompt_tokens"], m["completion_tokens"]) for m in by_model)
        condition, args = _window(days)
        active_days = db.one(f"SELECT count(DISTINCT u.created_at::date) AS n FROM usage_events u"
                             f" WHERE u.tenant_id = %s{condition}", [tenant_id, *args])["n"]
        daily = total / active_days if active_days else 0.0
        return {"total_cost_usd": round(total, 6), "daily_avg_cost_usd": round(daily, 6),
                "projected_monthly_usd": round(daily * 30, 2), "active_days": active_days,
                "by_model": by_model, "by_bot": _by_bot(tenant_id, days)}
    return _cached(call, compute)


@router.get("/v1/stats/pricing")
def pricing(call):
    return {"models": {model: {"prompt_cost_per_1m": p, "completion_cost_per_1m": c}
                       for model, (p, c) in PRICING.items()},
            "default": {"prompt_cost_per_1m": DEFAULT_PRICE[0], "completion_cost_per_1m": DEFAULT_PRICE[1]}}


def _feedback_rows(call, group: str, columns: str, order: str) -> list[dict]:
    query = call.query
    args = [call.principal.tenant_id, db.utcnow() - timedelta(days=query["days"])]
    bot_filter = ""
    if query["bot_profile_id"] is not None:
        bot_filter = " AND c.bot_profile_id = %s"
        args.append(query["bot_profile_id"])
    return db.all_rows(
        f"SELECT {columns}, count(*) AS total_messages,"
        " count(*) FILTER (WHERE m.feedback = 'positive') AS positive_count,"
        " count(*) FILTER (WHERE m.feedback = 'negative') AS negative_count"
        " FROM messages m JOIN chats c ON c.id = m.chat_id LEFT JOIN bot_profiles b ON b.id = c.bot_profile_id"
        f" WHERE c.tenant_id = %s AND m.role = 'ASSISTANT' AND m.created_at >= %s{bot_filter}"
        f" GROUP BY {group} ORDER BY {order}", args)


def _rate(row: dict) -> float:
    rated = row["positive_count"] + row["negative_count"]
    return round(rated / row["total_messages"] * 100, 2) if row["total_messages"] else 0.0


@router.get("/v1/stats/feedback", query=FEEDBACK_QUERY)
def feedback(call):
    def compute(call):
        rows = _feedback_rows(call, "c.bot_profile_id, b.name",
                              "c.bot_profile_id AS bot_profile_id, coalesce(b.name, '') AS bot_name", "1")
        totals = {key: sum(r[key] for r in rows) for key in ("total_messages", "positive_count", "negative_count")}
        return {"total_messages": totals["total_messages"],
                "total_with_feedback": totals["positive_count"] + totals["negative_count"],
                "positive_count": totals["positive_count"], "negative_count": totals["negative_count"],
                "feedback_rate": _rate(totals),
                "by_bot": [{"bot_profile_id": r["bot_profile_id"], "bot_name": r["bot_name"],
                            "positive_count": r["positive_count"], "negative_count": r["negative_count"],
                            "total_messages": r["total_messages"], "feedback_rate": _rate(r)} for r in rows]}
    return _cached(call, compute)


@router.get("/v1/stats/feedback/trend", query=FEEDBACK_QUERY)
def feedback_trend(call):
    def compute(call):
        rows = _feedback_rows(call, "1", "to_char(m.created_at, 'YYYY-MM-DD') AS date", "1")
        return [{"date": r["date"], "positive_count": r["positive_count"], "negative_count": r["negative_count"],
                 "total_messages": r["total_messages"]} for r in rows]
    return _cached(call, compute)
