"""The stack seen from outside (its public API through the proxy) and from inside (the stand-in's control app
on web:8001, which the proxy does not expose: reached with docker exec + curl in the web container)."""

import json
import secrets
import time
import urllib.error
import urllib.request

from . import stack
from .util import DevstackError, info, wait_until

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never an HTTP proxy from the env


def request(method, url, body=None, token=None, timeout=10):
    """Returns (status, parsed JSON or text); (None, error text) when the server cannot be reached."""
    data = None
    headers = {"Accept": "application/json"}
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            status, raw = resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    except (OSError, urllib.error.URLError) as exc:
        return None, str(exc)
    text = raw.decode(errors="replace")
    try:
        return status, json.loads(text)
    except json.JSONDecodeError:
        return status, text


def wait_ready(base_url, timeout, watch=None):
    """Waits until /health answers 200 and /v1/system/health reports every dependency ok, through the proxy.
    watch() runs every few seconds meanwhile and may raise to fail early (a crashing container)."""
    last = {}
    watched = [0.0]

    def ready():
        if watch is not None and time.monotonic() - watched[0] > 3:
            watched[0] = time.monotonic()
            watch()
        status, body = request("GET", f"{base_url}/health", timeout=5)
        last["health"] = (status, body)
        if status != 200:
            return False
        status, body = request("GET", f"{base_url}/v1/system/health", timeout=10)
        last["system"] = (status, body)
        return status == 200 and isinstance(body, dict) and body.get("status") == "ok"

    try:
        wait_until(ready, timeout=timeout, what=f"{base_url} to answer /health and report /v1/system/health ok",
                   interval=0.5)
    except DevstackError as exc:
        raise DevstackError(f"{exc}; last answers: {last}") from exc


def token_works(base_url, token):
    status, _ = request("GET", f"{base_url}/v1/auth/me", token=token)
    return status == 200


def bootstrap_tenant(inst, base_url):
    """Creates a tenant through the public API (POST /v1/tenants) and returns its owner's credentials."""
    suffix = secrets.token_hex(3)
    slug = f"devstack-{inst.name}-{suffix}"
    email = f"owner-{suffix}@{inst.name}.devstack.example.com"
    password = secrets.token_urlsafe(15)
    status, body = request("POST", f"{base_url}/v1/tenants", {
        "tenant_name": f"Devstack {inst.name}", "tenant_slug": slug, "owner_email": email,
        "owner_password": password, "owner_display_name": "Devstack Owner"})
    if status != 201 or not isinstance(body, dict) or "api_token" not in body:
        raise DevstackError(f"POST /v1/tenants answered {status}: {str(body)[:500]}")
    info(f"api: bootstrap tenant {slug} (owner {email})")
    return {"email": email, "password": password, "token": body["api_token"], "tenant_slug": slug,
            "source": "bootstrap"}


def parse_knob_value(text):
    """A knob value is JSON when it parses as JSON (numbers, true, null, objects), else the plain string."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def control(inst, method, path, payload=None):
    """Calls the stand-in's control app (web:8001) from inside the web container; payload is a JSON-able
    body or None for no body. Returns the response text."""
    cmd = ["curl", "-sS", "--max-time", "20", "--write-out", "\n%{http_code}", "-X", method]
    data = None
    if payload is not None:
        cmd += ["-H", "Content-Type: application/json", "--data-binary", "@-"]
        data = json.dumps(payload)
    cmd.append(f"http://localhost:8001{path}")
    result = stack.exec_in(inst, "web", cmd, input=data, check=False, timeout=30)
    body, _, code = result.stdout.rpartition("\n")
    if result.returncode != 0 or not code.isdigit():
        raise DevstackError(f"control {method} {path}: the control app did not answer (curl exit "
                            f"{result.returncode}: {result.stderr.strip()[:500]})")
    if int(code) >= 400:
        raise DevstackError(f"control {method} {path} answered HTTP {code}: {body.strip()[:1000]}")
    return body
