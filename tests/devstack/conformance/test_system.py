"""§6.1: liveness, dependency health (no auth) and the detailed, tenant-aware health view."""

import unittest

from support import ApiTestCase, call, new_tenant

SERVICE_FIELDS = {"status", "detail", "version", "latency_ms"}


class HealthTest(ApiTestCase):
    """The three health routes."""

    def assertServiceOk(self, service: dict) -> None:
        self.assertEqual(set(service), SERVICE_FIELDS)
        self.assertEqual(service["status"], "ok", service)
        self.assertIsNone(service["detail"])
        self.assertIsInstance(service["version"], str)
        self.assertIsInstance(service["latency_ms"], int)

    def test_liveness(self):
        response = call("GET", "/health")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.json(), {"status": "ok"})

    def test_system_health_needs_no_auth(self):
        response = call("GET", "/v1/system/health")
        self.assertEqual(response.status, 200)
        body = response.json()
        self.assertEqual(set(body), {"status", "postgres", "qdrant", "redis"})
        self.assertEqual(body["status"], "ok")
        for name in ("postgres", "qdrant", "redis"):
            self.assertServiceOk(body[name])
        self.assertTrue(body["postgres"]["version"].startswith("PostgreSQL "))
        self.assertNotIn(",", body["postgres"]["version"])
        self.assertTrue(body["redis"]["version"].startswith("Redis "))

    def test_detailed_health(self):
        tenant = new_tenant("health")
        self.assertDetail(call("GET", "/v1/system/health/detailed"), 401, "Not authenticated")
        bot = self.bot(tenant.token, name="Health Bot")
        ready = self.ingested(tenant.token, bot["id"], "Health check content. " * 40)
        self.source(tenant.token, bot["id"])
        body = self.get_json(tenant.token, "/v1/system/health/detailed")
        self.assertEqual(set(body), {"status", "uptime_seconds", "python_version", "platform", "postgres", "qdrant",
                                     "redis", "db_stats", "qdrant_stats", "redis_stats", "bot_sources", "config"})
        self.assertIsInstance(body["uptime_seconds"], int)
        self.assertRegex(body["python_version"], r"\A\d+\.\d+\.\d+")
        for name in ("postgres", "qdrant", "redis"):
            self.assertServiceOk(body[name])
        self.assertEqual(body["db_stats"], {
            "sources_by_status": {"ready": 1, "pending": 1}, "total_chunks": ready["chunk_count"],
            "total_messages": 0, "total_chats": 0, "total_usage_events": 0, "total_prompt_tokens": 0,
            "total_completion_tokens": 0})
        self.assertEqual(set(body["qdrant_stats"]), {"collection", "vectors_count", "points_count", "segments_count",
                                                     "status", "disk_data_size_mb", "ram_data_size_mb"})
        self.assertEqual(body["qdrant_stats"]["collection"], "minirag_chunks")
        self.assertGreaterEqual(body["qdrant_stats"]["points_count"], ready["chunk_count"])
        self.assertIsInstance(body["qdrant_stats"]["disk_data_size_mb"], float)
        self.assertEqual(set(body["redis_stats"]), {"used_memory_human", "used_memory_peak_human", "connected_clients",
                                                    "uptime_seconds", "db_keys"})
        self.assertEqual(body["bot_sources"], [{
            "bot_profile_id": bot["id"], "bot_name": "Health Bot", "model": "gpt-4o-mini", "is_active": True,
            "source_count": 2, "ready_sources": 1, "total_chunks": ready["chunk_count"]}])
        config = body["config"]
        self.assertEqual(set(config), {"database_url", "redis_url", "qdrant_url", "encryption_configured",
                                       "jwt_configured", "jwt_expire_minutes", "default_llm_model",
                                       "default_embedding_model", "cors_origins"})
        self.assertIs(config["encryption_configured"], True)
        self.assertIs(config["jwt_configured"], True)
        if "@" in config["database_url"]:
            self.assertRegex(config["database_url"], r"://[^:/@]+:\*\*\*@")


if __name__ == "__main__":
    unittest.main()
