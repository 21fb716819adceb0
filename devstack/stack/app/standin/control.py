"""The devstack control app on :8001 (never exposed by the proxy): fault knobs, a webhook sink, sample pages.

* ``GET /knobs`` — every knob's current value (defaults included), ``GET /knobs/schema`` their defaults and
  meaning; ``PUT /knobs/{name}`` with
  ``{"value": …}`` sets one (400 with a message for an unknown name or a bad value); ``DELETE /knobs`` resets
  all, ``DELETE /knobs/{name}`` one.
* ``POST|PUT|PATCH /sink/{name}`` records the request (method, all headers, raw body as base64, time) and
  answers the ``sink_status`` knob's status; ``GET /sink/{name}`` lists the records, ``DELETE`` clears them.
  Containers reach it as ``http://web:8001/sink/<name>``, so webhook tests need no listener on the host.
* ``GET /pages/{name}[?delay_s=N]`` serves product-documentation HTML pages (optionally after N ≤ 30 s),
  targets for ``url`` sources inside the stack (there is no internet there).
"""

import asyncio
import base64
import json
import re
from datetime import datetime, timezone

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from . import corpus, knobs, kv

SINK_PREFIX = "devstack:sink:"
SINK_KEEP = 1000
SINK_TTL_S = 24 * 3600
MAX_PAGE_DELAY_S = 30.0
_SINK_NAME = re.compile(r"[A-Za-z0-9._-]{1,128}")


def _bad_request(message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=400)


def _sink_key(name: str) -> str | None:
    return SINK_PREFIX + name if _SINK_NAME.fullmatch(name) else None


def create_app() -> FastAPI:
    app = FastAPI(title="RagDesk devstack control", docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/health")
    def health():
        return {"status": "ok"}

    @app.get("/knobs")
    def get_knobs():
        return knobs.read_all()

    @app.get("/knobs/schema")
    def describe_knobs():
        return {k.name: {"default": k.default, "doc": k.doc} for k in knobs.KNOBS.values()}

    @app.put("/knobs/{name}")
    async def put_knob(name: str, request: Request):
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _bad_request('body must be JSON like {"value": ...}')
        if not isinstance(body, dict) or "value" not in body:
            return _bad_request('body must be JSON like {"value": ...}')
        try:
            value = knobs.write(name, body["value"])
        except knobs.KnobError as exc:
            return _bad_request(str(exc))
        knobs.reader.invalidate()
        return {"name": name, "value": value}

    @app.delete("/knobs")
    def reset_knobs():
        knobs.reset()
        knobs.reader.invalidate()
        return knobs.read_all()

    @app.delete("/knobs/{name}")
    def reset_knob(name: str):
        if name not in knobs.KNOBS:
            return _bad_request(f"unknown knob '{name}'")
        knobs.reset(name)
        knobs.reader.invalidate()
        return {"name": name, "value": knobs.KNOBS[name].default}

    @app.api_route("/sink/{name}", methods=["POST", "PUT", "PATCH"])
    async def record(name: str, request: Request):
        key = _sink_key(name)
        if key is None:
            return _bad_request("sink names are 1-128 characters of [A-Za-z0-9._-]")
        entry = {
            "method": request.method,
            "path": request.url.path,
            "query": request.url.query,
            "headers": {k.decode("latin-1"): v.decode("latin-1") for k, v in request.scope["headers"]},
            "body_b64": base64.b64encode(await request.body()).decode(),
            "received_at": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"),
        }
        client = kv.client()
        with client.pipeline() as pipe:
            pipe.rpush(key, json.dumps(entry))
            pipe.ltrim(key, -SINK_KEEP, -1)
            pipe.expire(key, SINK_TTL_S)
            pipe.execute()
        status = knobs.read_all()["sink_status"]
        if status in (204, 304):
            return Response(status_code=status)
        return JSONResponse({"received": True}, status_code=status)

    @app.get("/sink/{name}")
    def list_sink(name: str):
        key = _sink_key(name)
        if key is None:
            return _bad_request("sink names are 1-128 characters of [A-Za-z0-9._-]")
        return [json.loads(raw) for raw in kv.client().lrange(key, 0, -1)]

    @app.delete("/sink/{name}")
    def clear_sink(name: str):
        key = _sink_key(name)
        if key is None:
            return _bad_request("sink names are 1-128 characters of [A-Za-z0-9._-]")
        kv.client().delete(key)
        return Response(status_code=204)

    @app.get("/pages/{name}")
    async def page(name: str, delay_s: float = 0.0):
        document = corpus.BY_SLUG.get(name)
        if document is None:
            return PlainTextResponse("Not Found", status_code=404)
        # A slow page keeps an ingest job in "processing" long enough for tests to observe it.
        await asyncio.sleep(min(max(delay_s, 0.0), MAX_PAGE_DELAY_S))
        return HTMLResponse(corpus.as_html(document))

    return app
