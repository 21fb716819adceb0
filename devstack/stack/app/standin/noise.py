"""Entry point ``python3 -m standin.noise``: a log generator for the log viewer's tests and benchmarks.

Writes to stdout at ``noise_rate`` records per second (0 = idle, up to 50,000; batched writes every 10 ms) a mix
chosen by ``noise_mix`` ("all" or a comma list): ``ansi`` (coloured), ``json`` (one object per line with a
``level`` field), ``plain`` (INFO/WARN/ERROR/DEBUG in the common text forms: Python logging, bracketed,
logfmt, glog), ``trace`` (multi-line Python tracebacks), ``long`` (every ``noise_long_every``-th record is
16 KiB–1 MB long) and ``invalid`` (lines with bytes that are not UTF-8). ``noise_burst`` = N writes N records
as fast as possible once, then the knob is cleared and the rate applies again.

Every record carries a sequence number, 1, 2, 3… without gaps: ``seq=<n>`` on its first line (``"seq": n`` in
JSON records). Continuation lines of a traceback carry none. A reader can therefore prove nothing was lost.
"""

import logging
import signal
import sys
import time
from datetime import datetime, timezone

from . import knobs

TICK_S = 0.01
MAX_CATCH_UP_S = 1.0
BURST_BATCH = 10000
TRACE_EVERY = 197
INVALID_EVERY = 499
LONG_SIZES = (16 * 1024 + 123, 65536, 262144 + 17, 700000, 1024 * 1024 - 256)

LEVELS = ("INFO",) * 12 + ("DEBUG",) * 4 + ("WARN",) * 3 + ("ERROR",)
COMPONENTS = ("api.chat", "api.sources", "worker.ingest", "db.pool", "auth", "webhooks", "scheduler", "cache")
MESSAGES = (
    "request completed status=200 duration_ms=42", "ingest job finished chunks=17 source=pricing.pdf",
    "cache miss key=stats:overview tenant=acme", "retrying upstream call attempt=2 backoff_ms=400",
    "slow query took 1870 ms: SELECT * FROM messages WHERE chat_id = $1", "webhook delivered event=chat.message",
    "token refresh skipped: session still valid", "connection pool exhausted, waiting for a free connection",
    "user logged in: dana@acme.example (Müller) ✅", "upstream timeout after 30 s, giving up",
    "queue depth=128 workers=10 lag_ms=950", "Grüße from the scheduler: next run at 03:00 UTC",
)
COLOURS = {"INFO": "\x1b[32m", "DEBUG": "\x1b[34m", "WARN": "\x1b[33m", "ERROR": "\x1b[1;31m"}
PLAIN_NAMES = {"INFO": ("INFO", "I", "info"), "DEBUG": ("DEBUG", "D", "debug"), "WARN": ("WARNING", "W", "warn"),
               "ERROR": ("ERROR", "E", "error")}
TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "/app/app/api/chat.py", line 142, in chat\n'
    "    response = await pipeline.run(request, session=db)\n"
    '  File "/app/app/services/pipeline.py", line 88, in run\n'
    "    chunks = await self.retriever.search(query, top_k=5)\n"
    '  File "/app/app/services/retriever.py", line 51, in search\n'
    "    raise RetrievalError(f\"vector search failed: {exc}\") from exc\n"
    "app.services.retriever.RetrievalError: vector search failed: Connection reset by peer\n"
)
# Stray continuation bytes, an overlong encoding, an encoded surrogate and Latin-1 text, kept as surrogate
# escapes until the batch is encoded.
INVALID_BYTES = b"\xff\xfe \xc0\xaf \xed\xa0\x80 caf\xe9 \x80\x81".decode("utf-8", "surrogateescape")

log = logging.getLogger("standin.noise")


class Generator:
    """Formats records; ``batch`` returns the bytes of the next ``count`` records."""

    def __init__(self):
        self.seq = 0
        self.filler = ("0123456789abcdefghijklmnopqrstuvwxyz" * (1024 * 1024 // 36 + 1))[:1024 * 1024]

    def batch(self, count: int, mix: str, long_every: int) -> bytes:
        kinds = knobs.NOISE_KINDS if mix == "all" else tuple(mix.split(","))
        base = [k for k in ("ansi", "json", "plain") if k in kinds]
        special = [k for k in ("trace", "invalid") if k in kinds]
        now = datetime.now(timezone.utc)
        stamp = now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
        parts = []
        for _ in range(count):
            self.seq += 1
            seq = self.seq
            if "long" in kinds and long_every and seq % long_every == 0:
                parts.append(self.long(seq, stamp, seq // long_every))
            elif "trace" in special and (seq % TRACE_EVERY == 0 or not base):
                parts.append(f"{stamp} ERROR [api.chat] seq={seq} Unhandled exception in POST /v1/chat\n{TRACEBACK}")
            elif "invalid" in special and (seq % INVALID_EVERY == 0 or not base):
                parts.append(f"{stamp} WARN [ingest.decoder] seq={seq} undecodable bytes: {INVALID_BYTES}\n")
            elif base:
                parts.append(self.line(base[seq % len(base)], seq, stamp))
            else:
                parts.append(self.long(seq, stamp, seq))
        return "".join(parts).encode("utf-8", "surrogateescape")

    def line(self, kind: str, seq: int, stamp: str) -> str:
        level = LEVELS[(seq * 7) % len(LEVELS)]
        component = COMPONENTS[seq % len(COMPONENTS)]
        message = MESSAGES[(seq * 5) % len(MESSAGES)]
        if kind == "ansi":
            return (f"\x1b[2m{stamp}\x1b[0m {COLOURS[level]}{level:<5}\x1b[0m \x1b[36m{component}\x1b[0m "
                    f"seq={seq} {message}\n")
        if kind == "json":
            return (f'{{"ts": "{stamp}", "level": "{PLAIN_NAMES[level][2]}", "logger": "{component}", "seq": {seq}, '
                    f'"msg": "{message}"}}\n')
        full, letter, lower = PLAIN_NAMES[level]
        style = seq % 4
        if style == 0:
            return f"{stamp[:10]} {stamp[11:23].replace('.', ',')} {full} {component}: seq={seq} {message}\n"
        if style == 1:
            return f"[{stamp}] [{level}] seq={seq} {message}\n"
        if style == 2:
            return f'ts={stamp} level={lower} logger={component} seq={seq} msg="{message}"\n'
        glog_date = stamp[5:7] + stamp[8:10]
        return f"{letter}{glog_date} {stamp[11:23]} {seq % 97 + 1} {component}.py:88] seq={seq} {message}\n"

    def long(self, seq: int, stamp: str, ordinal: int) -> str:
        size = LONG_SIZES[ordinal % len(LONG_SIZES)]
        return f"{stamp} DEBUG [payload.dump] seq={seq} bytes={size} {self.filler[:size]}\n"


def _write(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def run(stop) -> None:
    generator = Generator()
    reader = knobs.KnobReader(ttl=0.25)
    rate_started, rate_written, current_rate = time.monotonic(), 0, None
    while not stop():
        values = reader.snapshot()
        burst = values["noise_burst"]
        if burst:
            for start in range(0, burst, BURST_BATCH):
                count = min(BURST_BATCH, burst - start)
                _write(generator.batch(count, values["noise_mix"], values["noise_long_every"]))
            knobs.reset("noise_burst")
            reader.invalidate()
            rate_started, rate_written = time.monotonic(), 0
            continue
        rate = values["noise_rate"]
        if rate != current_rate:
            current_rate, rate_started, rate_written = rate, time.monotonic(), 0
        if rate > 0:
            elapsed = time.monotonic() - rate_started
            due = int(elapsed * rate) - rate_written
            if due > rate * MAX_CATCH_UP_S:  # a blocked stdout does not turn into a flood later
                rate_started, rate_written, due = time.monotonic(), 0, 0
            if due > 0:
                _write(generator.batch(due, values["noise_mix"], values["noise_long_every"]))
                rate_written += due
        time.sleep(TICK_S)


def main() -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    stopping = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.append(True))
    log.info("noise generator started (knobs noise_rate, noise_mix, noise_long_every, noise_burst)")
    try:
        run(lambda: bool(stopping))
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
