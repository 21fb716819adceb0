"""Entry point ``python3 -m standin.seed``: realistic demo data, written straight into the database.

Three tenants (Acme, Globex, Initech) with users of every role (one deactivated), bots on models from the pricing
table (one inactive), ~30 sources in every state (ready ones carry real chunks, so chat retrieves; a batch
parent with children; an upload; errors with the worker's messages; one stuck in ``processing``), and ~250
chats over the last 60 days with messages, usage events and feedback, so stats and charts have content.

Prints one JSON object on stdout: the primary tenant owner's ``email``, ``password`` and API ``token`` (plus the
other users). Passwords are generated per run and kept in the table ``devstack_seed``; a second run finds the
seed tenant and prints the stored credentials again.
"""

import json
import logging
import random
import secrets
import sys
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import psycopg2.extras

from . import auth, corpus, crypto, db, ingest, llm, records, retrieval

log = logging.getLogger("standin.seed")

PRIMARY_SLUG = "acme"
STACK_CONTROL_URL = "http://web:8001"  # the control app as the worker sees it inside the compose network
SEED_DAYS = 60

HTTP_404 = ("Client error '404 Not Found' for url '{url}'\n"
            "For more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/404")
NYXCORE_401 = ("Client error '401 Unauthorized' for url 'https://nyxcore.cloud/api/v1/rag/documents'\n"
               "For more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/401")


@dataclass
class BotSpec:
    """A bot of the seed: its settings, knowledge (corpus slugs) and how much history it gets."""

    name: str
    model: str
    description: str
    system_prompt: str
    temperature: float = 0.7
    max_tokens: int = 1024
    active: bool = True
    credentials: dict | None = None
    documents: tuple = ()  # corpus slugs ingested as ready text sources
    questions: tuple = ()
    chats: int = 0


@dataclass
class TenantSpec:
    """A seeded tenant; user addresses are ``<role name>@<domain>``."""

    name: str
    slug: str
    domain: str
    bots: list = field(default_factory=list)


ACME_QUESTIONS = (
    "How much does the Pro plan cost?", "Is there a free trial?", "How do I rotate an API key?",
    "Can I pay monthly instead of annually?", "Which identity providers do you support for SSO?",
    "How long are backups kept?", "How do I restore a deleted project?", "Why does my upload stop at 99 %?",
    "What does a 413 error mean when uploading?", "How are webhook deliveries signed?",
    "Do prices include VAT?", "How many seats does the Business plan include?", "What happens when SSO is enforced?",
    "Where is my data stored?", "Can I export all my data?", "Are file names with umlauts like Größe.pdf supported?",
)
GLOBEX_QUESTIONS = (
    "What are the rate limits of the shipping API?", "How do I buy a label?", "Which tracking statuses exist?",
    "Do I need customs declarations for Switzerland?", "How long do refunds take?", "How do returns work?",
)
INITECH_QUESTIONS = (
    "When must a pay cycle be approved?", "How is overtime calculated on Sundays?", "Where do employees find payslips?",
    "How do I correct a payment after payroll ran?", "Which CSV columns does the timesheet import need?",
)

TENANTS = [
    TenantSpec("Acme Corp", PRIMARY_SLUG, "acme.example", [
        BotSpec("Support Bot", "gpt-4o-mini", "Answers product questions for Acme Cloud customers",
                "You help customers of Acme Cloud. Be concise and cite the documentation.", 0.3, 1024,
                documents=("pricing", "api-keys", "sso", "backups"), questions=ACME_QUESTIONS, chats=120),
        BotSpec("Sales Assistant", "claude-haiku-4-5-20251001", "Pre-sales questions about plans and pricing",
                "You are a friendly sales assistant. Never promise discounts.", 0.7, 800,
                documents=("pricing", "sso"), questions=ACME_QUESTIONS[:6] + ACME_QUESTIONS[10:13], chats=55),
        BotSpec("Docs Expert", "gpt-4o", "Long-form answers for administrators",
                "You are a senior support engineer. Give step-by-step instructions.", 0.2, 2048,
                documents=("backups", "webhooks", "troubleshooting-uploads"), questions=ACME_QUESTIONS[5:], chats=25),
        BotSpec("Legacy Gemini Bot", "gemini/gemini-2.0-flash", "Replaced by the Support Bot in March",
                "You are a helpful assistant.", 0.7, 2048, active=False, credentials={"api_key": "AIza-demo-key"},
                documents=("pricing",), questions=ACME_QUESTIONS[:4], chats=8),
    ]),
    TenantSpec("Globex", "globex", "globex.example", [
        BotSpec("Shipping Helper", "gpt-4o-mini", "Developer questions about the Shipping API",
                "You help developers integrate the Globex Shipping API.", 0.4, 1024,
                documents=("globex-shipping-api", "globex-returns"), questions=GLOBEX_QUESTIONS, chats=25),
    ]),
    TenantSpec("Initech", "initech", "initech.example", [
        BotSpec("Payroll Q&A", "claude-sonnet-4-5-20250929", "Answers for the payroll team",
                "You answer payroll questions for Initech's HR team.", 0.2, 1500,
                documents=("initech-payroll", "initech-timesheets"), questions=INITECH_QUESTIONS, chats=20),
    ]),
]

USERS = (("admin", "owner", "Ada Admin"), ("ops", "admin", "Olli Ops"), ("dev", "member", "Dana Dev"),
         ("former", "member", "Frank Former"))


class Seeder:
    """Writes one tenant after another; ``rng`` makes the data the same on every run except secrets."""

    def __init__(self, cur):
        self.cur = cur
        self.rng = random.Random(20260325)
        self.now = db.utcnow()
        self.credentials = []

    def ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def tenant(self, spec: TenantSpec) -> dict:
        created = self.ago(SEED_DAYS + 5)
        tenant = records.insert_tenant(self.cur, spec.name, spec.slug, at=created)
        for local, role, display in USERS:
            password = secrets.token_urlsafe(12)
            email = f"{local}@{spec.domain}"
            user = records.insert_user(self.cur, tenant["id"], email, auth.hash_password(password), display, role,
                                       at=created)
            self.credentials.append({"tenant": spec.slug, "email": email, "password": password, "role": role,
                                     "active": local != "former"})
            if local == "admin":
                _, self.credentials[-1]["token"] = records.insert_api_token(self.cur, tenant["id"], user["id"],
                                                                             "default", at=created)
            elif local == "ops":
                token, _ = records.insert_api_token(self.cur, tenant["id"], user["id"], "ci-pipeline", at=self.ago(30))
                self.cur.execute("UPDATE api_tokens SET last_used_at = %s WHERE id = %s", (self.ago(0.2), token["id"]))
                old, _ = records.insert_api_token(self.cur, tenant["id"], user["id"], "old-laptop", at=self.ago(50))
                self.cur.execute("UPDATE api_tokens SET is_active = false, last_used_at = %s WHERE id = %s",
                                 (self.ago(41), old["id"]))
            elif local == "former":
                self.cur.execute("UPDATE users SET is_active = false WHERE id = %s", (user["id"],))
        records.insert_webhook(self.cur, tenant["id"], url=f"{STACK_CONTROL_URL}/sink/seed-{spec.slug}",
                               events=["chat.message", "source.ingested", "source.failed"],
                               secret=secrets.token_urlsafe(32), description="Ops relay (devstack sink)",
                               at=self.ago(40))
        return tenant

    def bot(self, tenant_id, spec: BotSpec, age_days: float) -> dict:
        sealed = None
        if spec.credentials and crypto.encryption_configured():
            sealed = crypto.encrypt(json.dumps(spec.credentials))
        bot = records.insert_bot(self.cur, tenant_id, name=spec.name, description=spec.description, model=spec.model,
                                 embedding_model=None, system_prompt=spec.system_prompt, temperature=spec.temperature,
                                 max_tokens=spec.max_tokens, encrypted_credentials=sealed, at=self.ago(age_days))
        if not spec.active:
            self.cur.execute("UPDATE bot_profiles SET is_active = false, updated_at = %s WHERE id = %s",
                             (self.ago(20), bot["id"]))
        return bot

    def ready(self, tenant_id, bot_id, name: str, text: str, age_days: float, **fields) -> dict:
        """A source that went through ingestion: document, chunks and retrieval points."""
        source = records.insert_source(self.cur, tenant_id, bot_profile_id=bot_id, name=name, at=self.ago(age_days),
                                       **fields)
        ingest.store_chunks(self.cur, source, text, ingest.chunk(ingest.normalise(text)))
        self.cur.execute("UPDATE sources SET last_refreshed_at = %s, updated_at = %s WHERE id = %s",
                         (self.ago(age_days - 0.01), self.ago(age_days - 0.01), source["id"]))
        return source

    def in_state(self, tenant_id, bot_id, name: str, status: str, message: str | None, age_days: float,
                 **fields) -> dict:
        """A source the worker left in ``status`` (with its error message), or one never ingested."""
        source = records.insert_source(self.cur, tenant_id, bot_profile_id=bot_id, name=name, at=self.ago(age_days),
                                       **fields)
        self.cur.execute("UPDATE sources SET status = %s, error_message = %s WHERE id = %s",
                         (status, message, source["id"]))
        return source

    def documents(self, tenant_id, bot_id, spec: BotSpec) -> None:
        """The bot's knowledge: ready text sources with real chunks."""
        for i, slug in enumerate(spec.documents):
            document = corpus.BY_SLUG[slug]
            self.ready(tenant_id, bot_id, document.title, document.text, 45 - i * 3, source_type="text",
                       content=document.text)

    def pending_and_errors(self, tenant_id, bot_id, spec: BotSpec) -> None:
        """Sources in the other states of the life cycle, with the messages the worker really writes."""
        wiki = "https://wiki.internal.example/export/faq"
        self.in_state(tenant_id, bot_id, "Old wiki export", "ERROR", HTTP_404.format(url=wiki), 12,
                      source_type="url", config={"url": wiki})
        self.in_state(tenant_id, bot_id, "Empty draft", "ERROR", "No content to ingest", 9, source_type="text")
        self.in_state(tenant_id, bot_id, f"{spec.name} release notes", "PENDING", None, 1, source_type="text",
                      content="Release 2026.03: faster search, new export formats, bug fixes.")

    def acme_extras(self, tenant_id, bots: dict) -> None:
        """The primary tenant shows every kind of source the console must handle."""
        support, docs = bots["Support Bot"]["id"], bots["Docs Expert"]["id"]
        upload_text = corpus.BY_SLUG["troubleshooting-uploads"].text
        self.ready(tenant_id, support, "troubleshooting-uploads.md", upload_text, 20, source_type="upload",
                   content=upload_text, config={"original_filename": "troubleshooting-uploads.md",
                                                "file_size": len(upload_text.encode())})
        parent = records.insert_source(self.cur, tenant_id, bot_profile_id=support, name="Help Centre (web)",
                                       source_type="url", at=self.ago(15))
        for slug in ("webhooks", "pricing"):
            url = f"{STACK_CONTROL_URL}/pages/{slug}"
            self.ready(tenant_id, support, corpus.BY_SLUG[slug].title, corpus.BY_SLUG[slug].text, 15,
                       source_type="url", parent_id=parent["id"], config={"url": url})
        self.in_state(tenant_id, support, "Status page", "ERROR", "[Errno -2] Name or service not known", 15,
                      source_type="url", parent_id=parent["id"], config={"url": "https://status.acme.example/history"})
        self.ready(tenant_id, support, "Pricing page", corpus.BY_SLUG["pricing"].text, 10, source_type="url",
                   config={"url": f"{STACK_CONTROL_URL}/pages/pricing"}, refresh_schedule="weekly")
        self.in_state(tenant_id, support, "Company Handbook (NyxCore)", "ERROR", NYXCORE_401, 7,
                      source_type="nyxcore", refresh_schedule="daily",
                      config={"base_url": "https://nyxcore.cloud", "limit": 10, "authority": ["mandatory", "guideline"],
                              "has_api_token": True})
        self.in_state(tenant_id, support, "scanned-contract.pdf", "ERROR", "Chunking produced no output", 6,
                      source_type="upload", config={"original_filename": "scanned-contract.pdf", "file_size": 2381744})
        outdated = self.ready(tenant_id, support, "Outdated FAQ (2024)", "Old FAQ: the Pro plan costs €39 per month. "
                              "Support answers within 24 hours.", 40, source_type="text",
                              content="Old FAQ: the Pro plan costs €39 per month.")
        self.cur.execute("UPDATE sources SET is_active = false WHERE id = %s", (outdated["id"],))
        # A job killed by the 600 s timeout leaves its source stuck (§12.15).
        self.in_state(tenant_id, docs, "Large export.csv", "PROCESSING", None, 2, source_type="upload",
                      config={"original_filename": "export.csv", "file_size": 9437184})

    def chats(self, tenant_id, user_ids: list, bot: dict, spec: BotSpec) -> None:
        chats, messages, usage = [], [], []
        for _ in range(spec.chats):
            started = self.ago(SEED_DAYS * self.rng.random() ** 1.6)
            chat_id = uuid.uuid4()
            history, prompt_total, completion_total = [], 0, 0
            moment = started
            first = None
            for _turn in range(self.rng.choice((1, 1, 2, 2, 3))):
                question = self.rng.choice(spec.questions)
                first = first or question
                hits = retrieval.search(tenant_id=tenant_id, bot_id=bot["id"], embedding_model=None, query=question)
                answer = llm.complete(prompt=question, bot_id=bot["id"], system_prompt=spec.system_prompt,
                                      history=history[-20:], chunks=hits, max_tokens=min(spec.max_tokens, 450))
                answered = moment + timedelta(seconds=self.rng.uniform(1.5, 9))
                feedback = self.rng.choices((None, "positive", "negative"), (65, 26, 9))[0]
                messages.append((uuid.uuid4(), chat_id, "USER", question, 0, 0, None, moment))
                messages.append((uuid.uuid4(), chat_id, "ASSISTANT", answer.text, answer.prompt_tokens,
                                 answer.completion_tokens, feedback, answered))
                is_stream = self.rng.random() < 0.7
                usage.append((uuid.uuid4(), tenant_id, bot["id"], chat_id, spec.model, answer.prompt_tokens,
                               answer.completion_tokens, answer.prompt_tokens + answer.completion_tokens, is_stream,
                               self.rng.randint(250, 1400) if is_stream else None,
                               int((answered - moment).total_seconds() * 1000) if is_stream else None, answered))
                history += [question, answer.text]
                prompt_total += answer.prompt_tokens
                completion_total += answer.completion_tokens
                moment = answered + timedelta(seconds=self.rng.uniform(20, 400))
            chats.append((chat_id, tenant_id, bot["id"], self.rng.choice(user_ids), first[:100], len(history),
                          prompt_total, completion_total, started, started))
        psycopg2.extras.execute_values(self.cur, "INSERT INTO chats (id, tenant_id, bot_profile_id, user_id, title,"
                                       " message_count, total_prompt_tokens, total_completion_tokens, created_at,"
                                       " updated_at) VALUES %s", chats)
        psycopg2.extras.execute_values(self.cur, "INSERT INTO messages (id, chat_id, role, content, prompt_tokens,"
                                       " completion_tokens, feedback, created_at) VALUES %s", messages)
        psycopg2.extras.execute_values(self.cur, "INSERT INTO usage_events (id, tenant_id, bot_profile_id, chat_id,"
                                       " model, prompt_tokens, completion_tokens, total_tokens, is_stream,"
                                       " time_to_first_token_ms, stream_duration_ms, created_at) VALUES %s", usage)


def _stored_credentials() -> dict | None:
    row = db.one("SELECT value FROM devstack_seed WHERE key = 'credentials'")
    return row["value"] if row else None


def seed() -> dict:
    db.execute("CREATE TABLE IF NOT EXISTS devstack_seed (key text PRIMARY KEY, value jsonb NOT NULL,"
               " created_at timestamp NOT NULL)")
    if db.one("SELECT 1 FROM tenants WHERE slug = %s", (PRIMARY_SLUG,)):
        stored = _stored_credentials()
        if stored is None:
            raise SystemExit(f"tenant '{PRIMARY_SLUG}' exists but was not created by the seed; reset the database")
        log.info("seed data already present; printing the stored credentials")
        return stored
    planned = []
    # Phase 1: everything retrieval needs, committed so the fake LLM can retrieve while writing chats.
    with db.transaction() as cur:
        seeder = Seeder(cur)
        for spec in TENANTS:
            tenant = seeder.tenant(spec)
            cur.execute("SELECT id FROM users WHERE tenant_id = %s AND is_active", (tenant["id"],))
            user_ids = [r["id"] for r in cur.fetchall()]
            bots = {}
            for age, bot_spec in enumerate(spec.bots):
                bot = bots[bot_spec.name] = seeder.bot(tenant["id"], bot_spec, 50 - age * 4)
                seeder.documents(tenant["id"], bot["id"], bot_spec)
                if age == 0:
                    seeder.pending_and_errors(tenant["id"], bot["id"], bot_spec)
                planned.append((tenant["id"], user_ids, bot, bot_spec))
            if spec.slug == PRIMARY_SLUG:
                seeder.acme_extras(tenant["id"], bots)
    # Phase 2: conversations, then the credentials row that marks the seed as complete.
    with db.transaction() as cur:
        seeder.cur = cur
        for tenant_id, user_ids, bot, bot_spec in planned:
            seeder.chats(tenant_id, user_ids, bot, bot_spec)
        primary = next(c for c in seeder.credentials if c["tenant"] == PRIMARY_SLUG and c["role"] == "owner")
        result = {"email": primary["email"], "password": primary["password"], "token": primary["token"],
                  "tenant": PRIMARY_SLUG, "users": seeder.credentials}
        cur.execute("INSERT INTO devstack_seed (key, value, created_at) VALUES ('credentials', %s, %s)",
                    (db.as_json(result), db.utcnow()))
    return result


def main() -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    db.init()
    result = seed()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
