"""Fault knobs: run-time switches in one Redis hash, so web, worker and noise all see a change at once.

Values are stored as JSON in the hash ``devstack:knobs``; a missing field means "default". Each process reads
the whole hash at most every 0.4 s, so a change takes effect on the next request. When Redis cannot be
reached the defaults apply (the last good values are kept for a moment so one blip does not flip faults).
"""

import json
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

from . import kv

HASH_KEY = "devstack:knobs"
NOISE_KINDS = ("ansi", "json", "plain", "trace", "long", "invalid")


class KnobError(ValueError):
    """A knob name or value the control app rejects with 400."""


def _number(lo: float, hi: float, integer: bool) -> Callable[[Any], Any]:
    message = f"must be {'an integer' if integer else 'a number'} between {lo} and {hi}"

    def parse(raw):
        value = raw
        if isinstance(raw, str):  # what a command line sends
            try:
                value = float(raw.strip())
            except ValueError:
                raise KnobError(message) from None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
            raise KnobError(message)
        if float(value).is_integer():
            return int(value)
        if integer:
            raise KnobError(message)
        return value

    return parse


def _boolean(raw):
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("true", "1", "on", "yes"):
        return True
    if isinstance(raw, str) and raw.strip().lower() in ("false", "0", "off", "no"):
        return False
    raise KnobError("must be a boolean (true/false)")


def _route(raw):
    if not isinstance(raw, str):
        raise KnobError('must be a string: "", "/v1/path" or "METHOD /v1/path"')
    text = raw.strip()
    if not text:
        return ""
    parts = text.split()
    if len(parts) > 2 or not parts[-1].startswith("/") or (len(parts) == 2 and not parts[0].isalpha()):
        raise KnobError('must be "", "/v1/path" or "METHOD /v1/path"')
    return " ".join([parts[0].upper(), parts[1]] if len(parts) == 2 else parts)


def _noise_mix(raw):
    if not isinstance(raw, str):
        raise KnobError(f"must be 'all' or a comma list of {', '.join(NOISE_KINDS)}")
    kinds = [k.strip().lower() for k in raw.split(",") if k.strip()]
    if kinds == ["all"]:
        return "all"
    if not kinds or any(k not in NOISE_KINDS for k in kinds):
        raise KnobError(f"must be 'all' or a comma list of {', '.join(NOISE_KINDS)}")
    return ",".join(dict.fromkeys(kinds))


@dataclass(frozen=True)
class Knob:
    """One knob: its name, default, parser (raises KnobError) and what it does."""

    name: str
    default: Any
    parse: Callable[[Any], Any]
    doc: str


KNOBS = {
    k.name: k
    for k in (
        Knob("token_rate", 50, _number(0, 20000, False), "chat stream pacing in tokens/s; 0 = unpaced"),
        Knob("first_token_delay_ms", 0, _number(0, 600000, True), "pause between sources event and first delta"),
        Knob("stream_error_after", 0, _number(0, 10**7, True), "after N deltas send an error event and end; 0 = off"),
        Knob("stream_drop_after", 0, _number(0, 10**7, True), "after N deltas cut the connection; 0 = off"),
        Knob("answer_tokens", 0, _number(0, 10**6, True), "exact answer length (overrides max_tokens); 0 = natural"),
        Knob("fail_route", "", _route, 'route answering plain-text 500: "/v1/path" or "METHOD /v1/path"; "" = off'),
        Knob("startup_delay_s", 0, _number(0, 3600, False), "web answers 503 on /health and /v1 for N s after start"),
        Knob("worker_unhealthy", False, _boolean, "worker healthcheck exits non-zero"),
        Knob("jwt_expire_seconds", 0, _number(0, 10**8, True), "JWT lifetime for new logins; 0 = JWT_EXPIRE_MINUTES"),
        Knob("stats_cache", True, _boolean, "the 30 s stats cache; false disables it"),
        Knob("encryption_key_missing", False, _boolean, "behave as with an empty ENCRYPTION_KEY"),
        Knob("sink_status", 200, _number(200, 599, True), "status the webhook sink answers"),
        Knob("noise_rate", 0, _number(0, 50000, False), "noise log lines per second; 0 = idle"),
        Knob("noise_mix", "all", _noise_mix, "noise kinds: all or a comma list of " + ",".join(NOISE_KINDS)),
        Knob("noise_long_every", 1000, _number(0, 10**9, True), "every Nth noise record is 16 KiB..1 MB; 0 = off"),
        Knob("noise_burst", 0, _number(0, 10**8, True), "write N noise lines at once, then back to the rate"),
    )
}


def parse(name: str, raw: Any) -> Any:
    """Validates a value for a knob; raises KnobError with a message fit for a 400 answer."""
    knob = KNOBS.get(name)
    if knob is None:
        raise KnobError(f"unknown knob '{name}'; known: {', '.join(sorted(KNOBS))}")
    try:
        return knob.parse(raw)
    except KnobError as exc:
        raise KnobError(f"{name} {exc}") from None


def defaults() -> dict:
    return {name: knob.default for name, knob in KNOBS.items()}


class KnobReader:
    """Process-local view of the knobs, refreshed from Redis at most every ``ttl`` seconds."""

    def __init__(self, ttl: float = 0.4):
        self._ttl = ttl
        self._lock = threading.Lock()
        self._values = defaults()
        self._fetched_at = float("-inf")

    def get(self, name: str) -> Any:
        return self.snapshot()[name]

    def invalidate(self) -> None:
        """Forces the next read to go to Redis (the control app calls it after a change)."""
        with self._lock:
            self._fetched_at = float("-inf")

    def snapshot(self) -> dict:
        with self._lock:
            now = time.monotonic()
            if now - self._fetched_at >= self._ttl:
                self._fetched_at = now
                self._values = read_all()
            return self._values


def read_all() -> dict:
    """Current values of every knob (defaults where unset or unreadable); never raises."""
    values = defaults()
    try:
        stored = kv.client().hgetall(HASH_KEY)
    except Exception:
        return values
    for raw_name, raw_value in stored.items():
        name = raw_name.decode()
        if name in KNOBS:
            try:
                values[name] = KNOBS[name].parse(json.loads(raw_value))
            except (ValueError, KnobError):
                pass
    return values


def write(name: str, value: Any) -> Any:
    parsed = parse(name, value)
    kv.client().hset(HASH_KEY, name, json.dumps(parsed))
    return parsed


def reset(name: str | None = None) -> None:
    if name is None:
        kv.client().delete(HASH_KEY)
    else:
        kv.client().hdel(HASH_KEY, name)


reader = KnobReader()
