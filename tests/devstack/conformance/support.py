"""Shared helpers of the MiniRAG API conformance suite (stdlib only: unittest, urllib, http.client).

The suite is written from the contract (shared/contracts/minirag-api.md), not from any client code. It talks to
the API at ``RAGDESK_API_URL`` and to the devstack's control plane (fault knobs, webhook sink) either through
``RAGDESK_CONTROL_URL`` (the control app itself, for development runs) or through the command prefix in
``RAGDESK_DEVSTACK_CTL``, called as ``<prefix> knob NAME VALUE`` and ``<prefix> sink NAME`` (prints JSON).
Webhook targets are given to the server as ``RAGDESK_SINK_BASE`` (default: the control URL when set, else
``http://web:8001``, the control app as seen from inside the stack).

Every test creates its own tenant, so no test depends on what another left behind.
"""

import atexit
import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import shlex
import subprocess
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass

API_URL = os.environ.get("RAGDESK_API_URL", "").rstrip("/")
CONTROL_URL = os.environ.get("RAGDESK_CONTROL_URL", "").rstrip("/")
DEVSTACK_CTL = os.environ.get("RAGDESK_DEVSTACK_CTL", "")
SINK_BASE = (os.environ.get("RAGDESK_SINK_BASE") or CONTROL_URL or "http://web:8001").rstrip("/")

if not API_URL:
    raise RuntimeError("RAGDESK_API_URL is not set (e.g. http://127.0.0.1:8080, the proxy in front of the API)")

# Knob defaults of the devstack control app, used to restore a knob after a test changed it.
KNOB_DEFAULTS = {
    "token_rate": 50, "first_token_delay_ms": 0, "stream_error_after": 0, "stream_drop_after": 0,
    "answer_tokens": 0, "fail_route": "", "jwt_expire_seconds": 0, "stats_cache": True,
    "encryption_key_missing": False, "sink_status": 200,
}
FAST_TOKEN_RATE = 20000

TIMESTAMP = re.compile(r"\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\Z")
UUID4 = re.compile(r"\A[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\Z")
API_TOKEN = re.compile(r"\A[A-Za-z0-9_-]{43}\Z")
DATE = re.compile(r"\A\d{4}-\d\d-\d\d\Z")

_UNSET = object()


# ---------------------------------------------------------------------------------------------- HTTP


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are part of what is tested (307 on a trailing slash), so they are never followed."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


@dataclass
class Response:
    """Status, headers and raw body of one API answer."""

    status: int
    headers: object
    body: bytes

    def json(self):
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


def call(method: str, path: str, *, token: str | None = None, json_body=_UNSET, data: bytes | None = None,
         headers: dict | None = None, timeout: float = 30.0) -> Response:
    """One request to the API; error statuses are returned, not raised."""
    all_headers = dict(headers or {})
    if token is not None:
        all_headers["Authorization"] = f"Bearer {token}"
    if json_body is not _UNSET:
        data = json.dumps(json_body).encode()
        all_headers.setdefault("Content-Type", "application/json")
    request = urllib.request.Request(API_URL + path, data=data, method=method, headers=all_headers)
    try:
        with _opener.open(request, timeout=timeout) as response:
            return Response(response.status, response.headers, response.read())
    except urllib.error.HTTPError as exc:
        with exc:
            return Response(exc.code, exc.headers, exc.read())


def raw_call(method: str, path: str, body: bytes, headers: dict) -> Response:
    """A request exactly as given (urllib would add a Content-Type to any body)."""
    parts = urllib.parse.urlsplit(API_URL)
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)
    try:
        connection.request(method, parts.path + path, body=body, headers=headers)
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()


def multipart(fields: dict, files: dict, boundary: str | None = None) -> tuple[bytes, str]:
    """A multipart/form-data body built by hand: ``files`` maps a field to (filename, bytes)."""
    boundary = boundary or f"----conformance{uuid.uuid4().hex}"
    out = []
    for name, value in fields.items():
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.append(str(value).encode() + b"\r\n")
    for name, (filename, content) in files.items():
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                   f"Content-Type: application/octet-stream\r\n\r\n".encode())
        out.append(content + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


def upload(token: str, fields: dict, files: dict) -> Response:
    body, content_type = multipart(fields, files)
    return call("POST", "/v1/sources/upload", token=token, data=body, headers={"Content-Type": content_type})


# ---------------------------------------------------------------------------------------------- SSE


@dataclass
class Stream:
    """What a streamed chat delivered: raw bytes, parsed events, headers, and whether it ended cleanly."""

    status: int
    headers: object
    raw: bytes
    complete: bool
    first_delta_after_s: float | None

    @property
    def events(self) -> list[tuple[str, str]]:
        """(event name, data text) per event; raises AssertionError on any line outside the contract's format."""
        events = []
        text = self.raw.decode("ascii")
        blocks = text.split("\n\n")
        if blocks and blocks[-1] == "":
            blocks.pop()
        for block in blocks:
            lines = block.split("\n")
            if len(lines) != 2 or not lines[0].startswith("event: ") or not lines[1].startswith("data: "):
                raise AssertionError(f"not an 'event:'/'data:' pair: {block!r}")
            events.append((lines[0][len("event: "):], lines[1][len("data: "):]))
        return events

    def names(self) -> list[str]:
        return [name for name, _ in self.events]

    def data(self, name: str) -> list:
        return [json.loads(data) for event, data in self.events if event == name]

    def text(self) -> str:
        return "".join(d["content"] for d in self.data("delta"))


def stream_chat(token: str, body: dict, *, abort_after_first_event: bool = False, timeout: float = 60.0) -> Stream:
    """POSTs a streaming chat and reads the body to its end (or until the connection is cut)."""
    request = urllib.request.Request(API_URL + "/v1/chat", data=json.dumps({**body, "stream": True}).encode(),
                                     method="POST", headers={"Authorization": f"Bearer {token}",
                                                             "Content-Type": "application/json"})
    started = time.monotonic()
    first_delta = None
    chunks = []
    complete = True
    try:
        response = _opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        with exc:
            return Stream(exc.code, exc.headers, exc.read(), True, None)
    with response:
        try:
            while True:
                chunk = response.read1(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                if first_delta is None and b"event: delta" in b"".join(chunks[-2:]):
                    first_delta = time.monotonic() - started
                if abort_after_first_event and b"\n\n" in b"".join(chunks):
                    complete = False
                    break
        except (http.client.IncompleteRead, ConnectionError):
            complete = False
    return Stream(response.status, response.headers, b"".join(chunks), complete, first_delta)


# ---------------------------------------------------------------------------------------------- control plane


class Control:
    """Fault knobs and the webhook sink of the devstack, through the control URL or the devstack command."""

    def _require(self) -> None:
        if not (CONTROL_URL or DEVSTACK_CTL):
            raise RuntimeError("set RAGDESK_CONTROL_URL or RAGDESK_DEVSTACK_CTL to reach the devstack's knobs")

    def _ctl(self, *args: str) -> str:
        result = subprocess.run(shlex.split(DEVSTACK_CTL) + list(args), capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise RuntimeError(f"{DEVSTACK_CTL} {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def _http(self, method: str, path: str, payload=_UNSET):
        data = None if payload is _UNSET else json.dumps(payload).encode()
        request = urllib.request.Request(CONTROL_URL + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with _opener.open(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def set_knob(self, name: str, value) -> None:
        self._require()
        if CONTROL_URL:
            self._http("PUT", f"/knobs/{name}", {"value": value})
        else:
            text = ("true" if value else "false") if isinstance(value, bool) else str(value)
            self._ctl("knob", name, text)

    def sink(self, name: str) -> list:
        self._require()
        if CONTROL_URL:
            return self._http("GET", f"/sink/{name}")
        return json.loads(self._ctl("sink", name))


control = Control()


def sink_url(name: str) -> str:
    return f"{SINK_BASE}/sink/{name}"


def page_url(name: str, **query) -> str:
    """A documentation page served by the control app, a target for ``url`` sources inside the stack."""
    suffix = f"?{urllib.parse.urlencode(query)}" if query else ""
    return f"{SINK_BASE}/pages/{name}{suffix}"


def signature(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def sink_body(entry: dict) -> bytes:
    return base64.b64decode(entry["body_b64"])


def sink_header(entry: dict, name: str) -> str | None:
    return {k.lower(): v for k, v in entry["headers"].items()}.get(name.lower())


_fast_streams = []


def use_fast_streams() -> None:
    """For modules whose tests do not measure pacing: stream as fast as the stand-in allows, until the test
    process exits (one knob change per run, not per module: the devstack command costs a container exec)."""
    if not _fast_streams:
        control.set_knob("token_rate", FAST_TOKEN_RATE)
        atexit.register(control.set_knob, "token_rate", KNOB_DEFAULTS["token_rate"])
        _fast_streams.append(True)


# ---------------------------------------------------------------------------------------------- fixtures


def wait_until(predicate, timeout: float = 20.0, interval: float = 0.1, what: str = "condition"):
    """Polls ``predicate`` until it returns something truthy; fails the test at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


@dataclass
class Tenant:
    """A fresh tenant from the open bootstrap: its owner's credentials and bootstrap API token."""

    id: str
    slug: str
    email: str
    password: str
    token: str


def new_tenant(label: str = "t", display_name: str = "Conformance Owner") -> Tenant:
    suffix = uuid.uuid4().hex[:12]
    slug = f"conf-{label}-{suffix}"
    email = f"owner-{suffix}@{label}.conformance.example"
    password = f"pw-{uuid.uuid4().hex}"
    response = call("POST", "/v1/tenants", json_body={
        "tenant_name": f"Conformance {label}", "tenant_slug": slug, "owner_email": email,
        "owner_password": password, "owner_display_name": display_name})
    if response.status != 201:
        raise AssertionError(f"bootstrap failed: {response.status} {response.body[:300]!r}")
    body = response.json()
    return Tenant(body["tenant"]["id"], slug, email, password, body["api_token"])


def unique_email(label: str = "user") -> str:
    """Login looks addresses up across all tenants, so every address a test logs in with must be unique."""
    return f"{label}-{uuid.uuid4().hex[:12]}@conformance.example"


def login(email: str, password: str) -> str:
    response = call("POST", "/v1/auth/login", json_body={"email": email, "password": password})
    if response.status != 200:
        raise AssertionError(f"login failed: {response.status} {response.body[:300]!r}")
    return response.json()["access_token"]


class ApiTestCase(unittest.TestCase):
    """Assertions for the contract's response shapes, plus fixtures that clean up after themselves."""

    maxDiff = 4000

    # ---- fixtures

    def knob(self, name: str, value, restore=_UNSET) -> None:
        """Sets a fault knob for this test; restored afterwards (to ``restore`` or the default)."""
        control.set_knob(name, value)
        self.addCleanup(control.set_knob, name, KNOB_DEFAULTS[name] if restore is _UNSET else restore)

    def create(self, token: str, path: str, body: dict) -> dict:
        response = call("POST", path, token=token, json_body=body)
        self.assertEqual(response.status, 201, response.body[:500])
        return response.json()

    def user_session(self, tenant: Tenant, role: str = "member") -> tuple[dict, str]:
        """A new user of ``role`` in ``tenant`` and a JWT of theirs."""
        email = unique_email(role)
        user = self.create(tenant.token, "/v1/users", {"email": email, "password": "password-1", "role": role})
        return user, login(email, "password-1")

    def bot(self, token: str, **fields) -> dict:
        return self.create(token, "/v1/bot-profiles", {"name": "Support Bot", **fields})

    def source(self, token: str, bot_id: str, **fields) -> dict:
        body = {"bot_profile_id": bot_id, "name": "Notes", "source_type": "text", **fields}
        return self.create(token, "/v1/sources", body)

    def get_json(self, token: str, path: str):
        response = call("GET", path, token=token)
        self.assertEqual(response.status, 200, response.body[:500])
        return response.json()

    def wait_for_status(self, token: str, source_id: str, statuses=("ready", "error"), timeout: float = 20.0) -> dict:
        return wait_until(lambda: (lambda s: s if s["status"] in statuses else None)(
            self.get_json(token, f"/v1/sources/{source_id}")), timeout, what=f"source {source_id} in {statuses}")

    def ingested(self, token: str, bot_id: str, content: str, **fields) -> dict:
        """A text source, ingested and ready."""
        created = self.source(token, bot_id, content=content, **fields)
        self.assertEqual(call("POST", f"/v1/sources/{created['id']}/ingest", token=token).status, 202)
        ready = self.wait_for_status(token, created["id"])
        self.assertEqual(ready["status"], "ready", ready["error_message"])
        return ready

    def chat(self, token: str, bot_id: str, message: str, **fields) -> dict:
        response = call("POST", "/v1/chat", token=token, json_body={"bot_profile_id": bot_id, "message": message,
                                                                     **fields})
        self.assertEqual(response.status, 200, response.body[:500])
        return response.json()

    # ---- assertions

    def assertJson(self, response: Response) -> None:
        self.assertEqual(response.header("Content-Type"), "application/json", response.body[:200])

    def assertDetail(self, response: Response, status: int, detail: str) -> None:
        """A route-raised error: ``{"detail": "<string>"}``."""
        self.assertEqual(response.status, status, response.body[:500])
        self.assertJson(response)
        self.assertEqual(response.json(), {"detail": detail})

    def assertPlain500(self, response: Response) -> None:
        self.assertEqual(response.status, 500, response.body[:500])
        self.assertTrue(response.header("Content-Type").startswith("text/plain"), response.header("Content-Type"))
        self.assertEqual(response.body, b"Internal Server Error")

    def assertValidation(self, response: Response, *expected: dict) -> list:
        """A validation 422: ``detail`` is a list of Pydantic 2 items; each ``expected`` dict must match one item
        on every key it names (type, loc, ctx, input, msg)."""
        self.assertEqual(response.status, 422, response.body[:500])
        self.assertJson(response)
        detail = response.json()["detail"]
        self.assertIsInstance(detail, list)
        for entry in detail:
            self.assertLessEqual({"type", "loc", "msg", "input"}, set(entry), entry)
            self.assertLessEqual(set(entry), {"type", "loc", "msg", "input", "ctx"}, entry)
            self.assertIsInstance(entry["msg"], str)
        for want in expected:
            matches = [e for e in detail if all(e.get(k, _UNSET) == v for k, v in want.items())]
            self.assertTrue(matches, f"no item matching {want} in {detail}")
        return detail

    def assertTimestamp(self, value) -> None:
        self.assertIsInstance(value, str)
        self.assertRegex(value, TIMESTAMP)

    def assertUuid(self, value) -> None:
        self.assertIsInstance(value, str)
        self.assertRegex(value, UUID4)
