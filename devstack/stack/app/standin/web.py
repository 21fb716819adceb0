"""Entry point of the web container: the MiniRAG API on :8000 and the devstack control app on :8001.

Both run as uvicorn servers in one process and one event loop, so the control app can drop this process's
knob cache the moment a knob changes. ``startup_delay_s`` is read once at start: for that many seconds
``/health`` and ``/v1/…`` answer 503, like an app that is still starting behind its proxy.
"""

import asyncio
import functools
import logging
import re
import signal
import time

import uvicorn
from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse

from . import api, control, db
from .config import settings
from .knobs import reader as knobs
from .routes import accounts, bots, chat, sources, stats, system, webhooks
from .validation import RequestInvalid

log = logging.getLogger("standin.web")

DASHBOARD_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MiniRAG Dashboard</title></head>
<body><h1>MiniRAG</h1><p>Dashboard of the devstack API stand-in. The API lives under <code>/v1</code>;
see <a href="/docs">/docs</a>.</p></body></html>
"""


@functools.lru_cache(maxsize=16)
def _route_pattern(spec: str) -> tuple[str | None, re.Pattern]:
    """``fail_route`` value -> (method or None, path regex); ``{name}`` segments match any one segment."""
    method, _, path = spec.rpartition(" ")
    regex = "".join("[^/]+" if re.fullmatch(r"\{[^/]*\}", part) else re.escape(part)
                    for part in re.split(r"(\{[^/]*\})", path))
    return (method or None), re.compile(regex + r"\Z")


class FaultMiddleware:
    """Injects the web-level faults: the start-up 503 window and the ``fail_route`` plain-text 500."""

    def __init__(self, app, startup_delay_s: float):
        self.app = app
        self.ready_at = time.monotonic() + startup_delay_s

    @staticmethod
    def _fails(method: str, path: str) -> bool:
        spec = knobs.get("fail_route")
        if not spec:
            return False
        wanted_method, pattern = _route_pattern(spec)
        return (wanted_method is None or wanted_method == method) and pattern.match(path) is not None

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            path = scope["path"]
            if time.monotonic() < self.ready_at and (path == "/health" or path.startswith("/v1/")):
                response = PlainTextResponse("Service Unavailable", status_code=503,
                                             headers={"Retry-After": str(int(self.ready_at - time.monotonic()) + 1)})
                await response(scope, receive, send)
                return
            if self._fails(scope["method"], path):
                await PlainTextResponse("Internal Server Error", status_code=500)(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def _validation_failed(request: Request, exc: RequestInvalid):
    return api.json_response({"detail": exc.errors}, status=422)


def create_api_app(startup_delay_s: float = 0.0) -> FastAPI:
    app = FastAPI(title="MiniRAG", version="0.1.1")
    app.add_exception_handler(RequestInvalid, _validation_failed)
    api.mount(app, [system.router, accounts.router, bots.router, sources.router, chat.router, webhooks.router,
                    stats.router])
    # Plain Starlette routes, like the real static mounts: they also answer HEAD.
    for path in ("/dashboard", "/dashboard/{path:path}"):
        app.add_route(path, lambda request: HTMLResponse(DASHBOARD_PAGE), methods=["GET"])
    app.add_middleware(FaultMiddleware, startup_delay_s=startup_delay_s)
    app.add_middleware(CORSMiddleware, allow_origins=[o.strip() for o in settings.allowed_origins.split(",")],
                       allow_credentials=True, allow_methods=["*"], allow_headers=["*"])
    return app


class _Server(uvicorn.Server):
    """A uvicorn server that leaves signal handling to ``main`` (two servers share one loop)."""

    def install_signal_handlers(self) -> None:
        pass


async def _serve(servers: list) -> None:
    loop = asyncio.get_running_loop()

    def stop() -> None:
        for server in servers:
            server.should_exit = True

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop)
    await asyncio.gather(*(server.serve() for server in servers))


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    db.init()
    startup_delay_s = knobs.get("startup_delay_s")
    if startup_delay_s:
        log.info("startup_delay_s=%s: answering 503 on /health and /v1 until then", startup_delay_s)
    log.info("release %s, API on %s:%d, control on %s:%d", settings.release or "(unknown)", settings.host,
             settings.api_port, settings.host, settings.control_port)
    servers = [
        _Server(uvicorn.Config(create_api_app(startup_delay_s), host=settings.host, port=settings.api_port,
                               log_level="info", proxy_headers=True, forwarded_allow_ips="*")),
        _Server(uvicorn.Config(control.create_app(), host=settings.host, port=settings.control_port,
                               log_level="warning")),
    ]
    asyncio.run(_serve(servers))


if __name__ == "__main__":
    main()
