"""§6.10: stats — shapes, the pricing table and cost formula, feedback analytics, the 30 s cache."""

import unittest
from datetime import datetime, timezone

from support import DATE, ApiTestCase, call, new_tenant, use_fast_streams

PRICES = {
    "gpt-4o": (2.50, 10.00), "gpt-4o-mini": (0.15, 0.60), "gpt-4-turbo": (10.00, 30.00), "gpt-4": (30.00, 60.00),
    "gpt-3.5-turbo": (0.50, 1.50), "o1": (15.00, 60.00), "o1-mini": (3.00, 12.00), "o3-mini": (1.10, 4.40),
    "claude-opus-4-6": (15.00, 75.00), "claude-sonnet-4-5-20250929": (3.00, 15.00),
    "claude-haiku-4-5-20251001": (0.80, 4.00), "gemini/gemini-2.0-flash": (0.10, 0.40),
    "gemini/gemini-1.5-pro": (1.25, 5.00), "gemini/gemini-1.5-flash": (0.075, 0.30),
}


def cost(model: str, prompt: int, completion: int) -> float:
    prompt_rate, completion_rate = PRICES.get(model, (1.0, 3.0))
    return (prompt * prompt_rate + completion * completion_rate) / 1_000_000


def setUpModule():
    use_fast_streams()


class PricingTest(ApiTestCase):
    """The static pricing table."""

    def test_static_pricing_table(self):
        tenant = new_tenant("pricing")
        response = call("GET", "/v1/stats/pricing", token=tenant.token)
        self.assertEqual(response.status, 200)
        body = response.json()
        self.assertEqual(set(body), {"models", "default"})
        self.assertEqual({m: (p["prompt_cost_per_1m"], p["completion_cost_per_1m"]) for m, p in body["models"].items()},
                         PRICES)
        self.assertEqual(body["default"], {"prompt_cost_per_1m": 1.0, "completion_cost_per_1m": 3.0})
        # Response-model floats: Pydantic writes 1.0, not 1.
        self.assertIn(b'"default":{"prompt_cost_per_1m":1.0,"completion_cost_per_1m":3.0}', response.body)
        self.assertDetail(call("GET", "/v1/stats/pricing"), 401, "Not authenticated")


class UsageStatsTest(ApiTestCase):
    """Usage and feedback aggregates over four chats on three models (cache off)."""

    def setUp(self):
        self.knob("stats_cache", False)
        self.tenant = new_tenant("stats")
        self.big = self.bot(self.tenant.token, name="Big", model="gpt-4o")
        self.small = self.bot(self.tenant.token, name="Small", model="claude-haiku-4-5-20251001")
        self.custom = self.bot(self.tenant.token, name="Custom", model="my-local-llama")
        self.answers = {
            "gpt-4o": [self.chat(self.tenant.token, self.big["id"], f"big question {i}") for i in range(2)],
            "claude-haiku-4-5-20251001": [self.chat(self.tenant.token, self.small["id"], "small question")],
            "my-local-llama": [self.chat(self.tenant.token, self.custom["id"], "custom question")],
        }

    def totals(self, model: str) -> tuple[int, int]:
        answers = self.answers[model]
        return sum(a["usage"]["prompt_tokens"] for a in answers), sum(a["usage"]["completion_tokens"] for a in answers)

    def test_overview(self):
        self.source(self.tenant.token, self.big["id"])
        overview = self.get_json(self.tenant.token, "/v1/stats/overview")
        prompt = sum(self.totals(m)[0] for m in self.answers)
        completion = sum(self.totals(m)[1] for m in self.answers)
        self.assertEqual(overview, {"bot_profiles": 3, "sources": 1, "chats": 4, "total_prompt_tokens": prompt,
                                    "total_completion_tokens": completion, "total_tokens": prompt + completion})

    def test_usage_per_day_and_model(self):
        rows = self.get_json(self.tenant.token, "/v1/stats/usage?days=7")
        today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
        self.assertEqual({r["model"] for r in rows}, set(self.answers))
        for row in rows:
            self.assertEqual(set(row), {"date", "model", "prompt_tokens", "completion_tokens", "total_tokens",
                                        "request_count"})
            self.assertRegex(row["date"], DATE)
            self.assertEqual(row["date"], today)
            prompt, completion = self.totals(row["model"])
            counts = (row["prompt_tokens"], row["completion_tokens"], row["total_tokens"], row["request_count"])
            self.assertEqual(counts, (prompt, completion, prompt + completion, len(self.answers[row["model"]])))
        self.assertEqual(self.get_json(self.tenant.token, "/v1/stats/usage"), rows)
        self.assertEqual(self.get_json(self.tenant.token, "/v1/stats/usage?days=0"), [])
        self.assertEqual(self.get_json(self.tenant.token, "/v1/stats/usage?days=-3"), [])

    def test_by_model_and_by_bot_costs(self):
        by_model = self.get_json(self.tenant.token, "/v1/stats/usage/by-model?days=30")
        self.assertEqual([r["total_tokens"] for r in by_model], sorted((r["total_tokens"] for r in by_model),
                                                                       reverse=True))
        for row in by_model:
            self.assertEqual(set(row), {"model", "prompt_tokens", "completion_tokens", "total_tokens", "request_count",
                                        "cost_usd", "prompt_cost_per_1m", "completion_cost_per_1m"})
            prompt, completion = self.totals(row["model"])
            self.assertEqual(row["cost_usd"], round(cost(row["model"], prompt, completion), 6))
            self.assertEqual((row["prompt_cost_per_1m"], row["completion_cost_per_1m"]),
                             PRICES.get(row["model"], (1.0, 3.0)))
        by_bot = self.get_json(self.tenant.token, "/v1/stats/usage/by-bot")
        names = {r["bot_profile_id"]: r["bot_name"] for r in by_bot}
        self.assertEqual(names, {self.big["id"]: "Big", self.small["id"]: "Small", self.custom["id"]: "Custom"})
        for row in by_bot:
            self.assertEqual(set(row), {"bot_profile_id", "bot_name", "model", "prompt_tokens", "completion_tokens",
                                        "total_tokens", "request_count", "cost_usd"})
            self.assertEqual(row["cost_usd"], round(cost(row["model"], row["prompt_tokens"],
                                                         row["completion_tokens"]), 6))

    def test_cost_estimate(self):
        estimate = self.get_json(self.tenant.token, "/v1/stats/cost-estimate")
        self.assertEqual(set(estimate), {"total_cost_usd", "daily_avg_cost_usd", "projected_monthly_usd",
                                         "active_days", "by_model", "by_bot"})
        total = sum(cost(m, *self.totals(m)) for m in self.answers)
        self.assertAlmostEqual(estimate["total_cost_usd"], round(total, 6), places=6)
        self.assertEqual(estimate["active_days"], 1)
        self.assertAlmostEqual(estimate["daily_avg_cost_usd"], round(total, 6), places=6)
        self.assertAlmostEqual(estimate["projected_monthly_usd"], round(estimate["daily_avg_cost_usd"] * 30, 2),
                               places=2)
        self.assertEqual(len(estimate["by_model"]), 3)
        self.assertEqual(len(estimate["by_bot"]), 3)

    def test_days_validation_and_overflow(self):
        self.assertValidation(call("GET", "/v1/stats/usage?days=week", token=self.tenant.token),
                              {"type": "int_parsing", "loc": ["query", "days"], "input": "week"})
        self.assertPlain500(call("GET", "/v1/stats/usage?days=1000000", token=self.tenant.token))

    def test_feedback_stats(self):
        big_answers = self.answers["gpt-4o"]
        for answer, verdict in zip(big_answers, ("positive", "negative")):
            path = f"/v1/chat/{answer['chat_id']}/messages/{answer['message']['id']}/feedback"
            self.assertEqual(call("PATCH", path, token=self.tenant.token, json_body={"feedback": verdict}).status, 200)
        stats = self.get_json(self.tenant.token, "/v1/stats/feedback")
        self.assertEqual({k: v for k, v in stats.items() if k != "by_bot"},
                         {"total_messages": 4, "total_with_feedback": 2, "positive_count": 1, "negative_count": 1,
                          "feedback_rate": 50.0})
        big = next(b for b in stats["by_bot"] if b["bot_profile_id"] == self.big["id"])
        self.assertEqual(big, {"bot_profile_id": self.big["id"], "bot_name": "Big", "positive_count": 1,
                               "negative_count": 1, "total_messages": 2, "feedback_rate": 100.0})
        small_only = self.get_json(self.tenant.token, f"/v1/stats/feedback?bot_profile_id={self.small['id']}")
        self.assertEqual((small_only["total_messages"], small_only["feedback_rate"]), (1, 0.0))
        trend = self.get_json(self.tenant.token, "/v1/stats/feedback/trend?days=7")
        self.assertEqual(len(trend), 1)
        self.assertEqual({k: v for k, v in trend[0].items() if k != "date"},
                         {"positive_count": 1, "negative_count": 1, "total_messages": 4})
        self.assertRegex(trend[0]["date"], DATE)


class StatsCacheTest(ApiTestCase):
    """The 30 s per-tenant cache and the knob that disables it."""

    def test_results_are_cached_unless_the_knob_disables_the_cache(self):
        tenant = new_tenant("statscache")
        before = self.get_json(tenant.token, "/v1/stats/overview")
        self.bot(tenant.token)
        self.assertEqual(self.get_json(tenant.token, "/v1/stats/overview"), before)
        self.assertEqual(self.get_json(tenant.token, "/v1/stats/pricing")["default"]["prompt_cost_per_1m"], 1.0)
        self.knob("stats_cache", False)
        self.assertEqual(self.get_json(tenant.token, "/v1/stats/overview")["bot_profiles"], before["bot_profiles"] + 1)


if __name__ == "__main__":
    unittest.main()
