"""The deterministic fake LLM: long, realistic Markdown answers built from the retrieved chunks.

The same (prompt, bot) always gives the same answer. Answers mix headings, nested lists, code fences (also
inside list items), tables, block quotes, non-ASCII text and emoji outside the BMP, and cite the chunks as
[1], [2]… A "token" is one whitespace-led piece of text (one SSE delta); the answer is cut at ``max_tokens``
like a provider would, or forced to an exact length by the ``answer_tokens`` knob.
"""

import hashlib
import random
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\s*\S+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")

SECTION_TITLES = (
    "Details", "Configuration", "Step by step", "Troubleshooting", "Pricing overview", "Security notes",
    "Performance", "Examples", "Limits and quotas", "Next steps", "Migration notes", "FAQ",
)

GENERIC_FACTS = (
    "The knowledge base does not contain a direct answer to this question, so this reply sticks to general guidance.",
    "Most deployments start with the default settings and tune them once real traffic arrives.",
    "Keep credentials out of source control and rotate them at least every 90 days.",
    "Changes to configuration take effect after the service reloads; no data is lost during a reload.",
    "Monitoring should cover latency, error rate and saturation before anything else.",
    "Back up the database daily and test a restore at least once a month.",
)

FLOURISHES = (
    "Prices are shown in € and include VAT where applicable.",
    "Für Kunden in der EU gelten die Datenschutzhinweise (DSGVO) — Grüße aus München!",
    "Tip: a naïve retry loop without back-off makes outages worse. ⚠️",
    "Résumé: the defaults are safe, the limits generous, and upgrades are free. 🚀",
    "Support answers within 4 h on business days (Mo–Fr, 9–18 Uhr MEZ). 🕘",
    "Everything above applies to both the cloud and the self-hosted edition. ✅",
)

CODE_SNIPPETS = (
    ("bash", 'curl -sS -H "Authorization: Bearer $TOKEN" \\\n  https://api.example.com/v1/status | jq .'),
    ("python", 'import requests\n\nresp = requests.get(\n    "https://api.example.com/v1/status",\n'
               '    headers={"Authorization": f"Bearer {token}"},\n    timeout=10,\n)\nresp.raise_for_status()\n'
               'print(resp.json()["status"])  # → "ok"'),
    ("json", '{\n  "plan": "pro",\n  "seats": 5,\n  "currency": "EUR",\n  "price": 49.0,\n'
             '  "features": ["sso", "audit-log"]\n}'),
    ("yaml", "service:\n  replicas: 2\n  resources:\n    memory: 512Mi\n  env:\n    LOG_LEVEL: info\n"
             "    REGION: eu-central-1"),
    ("sql", "SELECT date_trunc('day', created_at) AS day, count(*)\nFROM requests\nWHERE status >= 500\n"
            "GROUP BY 1\nORDER BY 1 DESC\nLIMIT 7;"),
)

TABLE_ROWS = (
    ("Starter", "€19", "5 GB", "für kleine Teams ✅"),
    ("Pro", "€49", "50 GB", "SSO, priority support 🚀"),
    ("Business", "€129", "500 GB", "Audit-Log, SLA 99.9 %"),
    ("Enterprise", "auf Anfrage", "unbegrenzt", "dedizierte Instanz 🔒"),
    ("Education", "€0", "10 GB", "für Schulen & Universitäten 🎓"),
)


@dataclass(frozen=True)
class Completion:
    """The answer split into stream deltas, plus the provider-style usage numbers."""

    tokens: list
    prompt_tokens: int

    @property
    def text(self) -> str:
        return "".join(self.tokens)

    @property
    def completion_tokens(self) -> int:
        return len(self.tokens)


class LlmError(Exception):
    """A provider failure, worded like LiteLLM's exceptions."""


def count_tokens(text: str) -> int:
    return len(_TOKEN.findall(text))


def _topic(prompt: str) -> str:
    words = re.findall(r"[\w'’-]+", prompt)[:7]
    topic = " ".join(words).strip()
    return topic[:1].upper() + topic[1:] if topic else "Your question"


def _facts(chunks: list) -> list:
    facts = []
    for number, chunk in enumerate(chunks, start=1):
        for sentence in _SENTENCE.split(" ".join(chunk["content"].split())):
            if 25 <= len(sentence) <= 260:
                facts.append(f"{sentence} [{number}]")
    return facts or list(GENERIC_FACTS)


class _Writer:
    """Produces Markdown blocks in a seeded, varied order until enough tokens exist."""

    def __init__(self, rng: random.Random, topic: str, facts: list, cited: bool):
        self.rng = rng
        self.topic = topic
        self.facts = facts
        self.cited = cited
        self.fact_index = rng.randrange(len(facts))

    def fact(self) -> str:
        self.fact_index = (self.fact_index + 1) % len(self.facts)
        return self.facts[self.fact_index]

    def opening(self) -> list:
        lead = "Based on the documentation" if self.cited else "I could not find this in the knowledge base"
        return [f"## 📘 {self.topic}",
                f"{lead}, here is what matters — in short (Kurzfassung, ~€-genau): {self.fact()} {self.fact()}"]

    def paragraph(self) -> str:
        parts = [self.fact() for _ in range(self.rng.randint(2, 4))]
        parts.insert(self.rng.randrange(len(parts) + 1), self.rng.choice(FLOURISHES))
        return " ".join(parts)

    def nested_list(self) -> str:
        lines = []
        for _ in range(self.rng.randint(2, 4)):
            lines.append(f"- **{self.rng.choice(SECTION_TITLES)}:** {self.fact()}")
            for _ in range(self.rng.randint(1, 2)):
                lines.append(f"  - {self.fact()}")
                if self.rng.random() < 0.4:
                    lines.append(f"    - {self.rng.choice(FLOURISHES)}")
        return "\n".join(lines)

    def steps_with_code(self) -> str:
        lines = []
        for step in range(1, self.rng.randint(2, 4) + 1):
            language, code = self.rng.choice(CODE_SNIPPETS)
            lines.append(f"{step}. {self.fact()}")
            lines.append("")
            lines.append(f"   ```{language}")
            lines.extend(f"   {line}" if line else "" for line in code.split("\n"))
            lines.append("   ```")
        return "\n".join(lines)

    def table(self) -> str:
        rows = self.rng.sample(TABLE_ROWS, self.rng.randint(3, len(TABLE_ROWS)))
        lines = ["| Plan | Preis/Monat | Speicher | Hinweise |", "|------|------------:|----------|----------|"]
        lines.extend(f"| {' | '.join(row)} |" for row in rows)
        return "\n".join(lines)

    def code_block(self) -> str:
        language, code = self.rng.choice(CODE_SNIPPETS)
        return f"```{language}\n{code}\n```"

    def quote(self) -> str:
        return f"> **Note:** {self.fact()}\n> {self.rng.choice(FLOURISHES)}"

    def heading(self) -> str:
        return f"### {self.rng.choice(SECTION_TITLES)}"

    def blocks(self):
        yield from self.opening()
        kinds = (self.paragraph, self.nested_list, self.steps_with_code, self.table, self.code_block, self.quote)
        while True:
            yield self.heading()
            for kind in self.rng.sample(kinds, self.rng.randint(2, len(kinds))):
                yield kind()


def complete(*, prompt: str, bot_id, system_prompt: str, history: list, chunks: list, max_tokens: int,
             forced_tokens: int = 0, api_key: str | None = None) -> Completion:
    """The answer to ``prompt`` for one bot; ``history`` holds earlier turns' texts, ``chunks`` the context."""
    if api_key is not None and "invalid" in api_key:
        raise LlmError("litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key "
                       f"provided: {api_key[:6]}****. You can find your API key at "
                       "https://platform.openai.com/account/api-keys.")
    seed = hashlib.sha256(f"{bot_id}\n{prompt}".encode()).digest()
    rng = random.Random(int.from_bytes(seed[:8], "big"))
    # A natural answer ends after a whole block and a closing line, unless max_tokens cuts it first.
    goal = forced_tokens or min(max_tokens, rng.randint(180, 520))
    writer = _Writer(rng, _topic(prompt), _facts(chunks), bool(chunks))
    blocks, have = [], 0
    for block in writer.blocks():
        blocks.append(block)
        have += count_tokens(block)
        if have >= goal:
            break
    blocks.append("Hope this helps! 🚀 Let me know if you need details on any step.")
    tokens = _TOKEN.findall("\n\n".join(blocks))[: forced_tokens or max_tokens]
    context = " ".join(c["content"] for c in chunks)
    prompt_tokens = count_tokens(" ".join([system_prompt, context, *history, prompt])) + 4 * (len(history) + 2)
    return Completion(tokens, prompt_tokens)
