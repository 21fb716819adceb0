"""Route plumbing that reproduces a current FastAPI's request handling on top of FastAPI 0.92.

Order per request, as on the real server: the JSON body is decoded first (bad JSON -> 422 ``json_invalid``,
undecodable bytes or broken multipart -> 400), then authentication (401), then path, query and body
validation together (one 422 listing every problem, in that order), then the handler (route-raised errors,
role checks). A JSON body is only parsed when ``Content-Type`` says ``application/json`` or ``+json``; any
other body is validated as raw text and fails with ``model_attributes_type`` at ``["body"]``.
Handlers are plain functions run in the thread pool; what they return is serialised like Pydantic would.
"""

import inspect
import json
from dataclasses import dataclass, field
from typing import Any, Callable

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from . import auth, jsonfmt
from .validation import Field, RequestInvalid, Schema, check, item

_EMPTY = object()


@dataclass
class Call:
    """What a handler receives: the caller and the validated inputs."""

    request: Request
    principal: auth.Principal | None
    path: dict
    query: dict
    body: dict
    body_keys: set
    form: dict


@dataclass
class Route:
    """One declared route: the handler and what is validated before it runs."""

    method: str
    path: str
    handler: Callable
    status: int = 200
    body: Schema | None = None
    query: dict[str, Field] = field(default_factory=dict)
    form: dict[str, Field] | None = None
    authenticated: bool = True


class Router:
    """Collects route declarations in order: order matters where paths overlap (``/chat/export`` first)."""

    def __init__(self):
        self.routes: list[Route] = []

    def route(self, method: str, path: str, **options):
        def register(handler):
            self.routes.append(Route(method, path, handler, **options))
            return handler

        return register

    def get(self, path, **options):
        return self.route("GET", path, **options)

    def post(self, path, **options):
        return self.route("POST", path, **options)

    def patch(self, path, **options):
        return self.route("PATCH", path, **options)

    def delete(self, path, **options):
        return self.route("DELETE", path, status=204, **options)


def mount(app: FastAPI, routers: list[Router]) -> None:
    for router in routers:
        for spec in router.routes:
            app.add_api_route(spec.path, _endpoint(spec), methods=[spec.method], name=spec.handler.__name__,
                              status_code=spec.status)


def _path_fields(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{") and part.endswith("}")]


def _is_json(content_type: str | None) -> bool:
    main = (content_type or "").split(";", 1)[0].strip().lower()
    kind, _, subtype = main.partition("/")
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))


async def _read_json_body(request: Request):
    raw = await request.body()
    if not raw:
        return _EMPTY
    if not _is_json(request.headers.get("content-type")):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPException(400, "There was an error parsing the body") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        error = item("json_invalid", ("body", exc.pos), "JSON decode error", {}, {"error": exc.msg})
        raise RequestInvalid([error]) from None
    except ValueError:
        raise HTTPException(400, "There was an error parsing the body") from None


async def _read_form(request: Request) -> dict:
    try:
        form = await request.form()
    except Exception:
        raise HTTPException(400, "There was an error parsing the body") from None
    return {key: form.get(key) for key in form.keys()}


def _validate_form(fields: dict[str, Field], form: dict, errors: list) -> dict:
    values = {}
    for name, spec in fields.items():
        value = form.get(name)
        if value == "":
            value = None  # an empty text part counts as absent, as with FastAPI's Form()
        loc = ("body", name)
        if spec.kind == "file":
            if not isinstance(value, UploadFile):
                errors.append(item("missing", loc, "Field required", None) if value is None else
                              item("value_error", loc, f"Value error, Expected UploadFile, received: {type(value)}",
                                   value, {"error": {}}))
            values[name] = value
        elif value is None:
            if spec.required:
                errors.append(item("missing", loc, "Field required", None))
            values[name] = spec.default
        else:
            values[name], errs = check(spec, value, loc)
            errors.extend(errs)
    return values


def _endpoint(spec: Route):
    path_names = _path_fields(spec.path)
    handler_is_async = inspect.iscoroutinefunction(spec.handler)

    async def endpoint(request: Request) -> Response:
        raw_body = await _read_json_body(request) if spec.body is not None else _EMPTY
        raw_form = await _read_form(request) if spec.form is not None else {}
        principal = await run_in_threadpool(auth.authenticate, request) if spec.authenticated else None

        errors: list = []
        path = {}
        for name in path_names:
            path[name], errs = check(Field("uuid"), request.path_params[name], ("path", name))
            errors.extend(errs)
        query = {}
        for name, field_spec in spec.query.items():
            raw = request.query_params.get(name)
            if raw is None:
                query[name] = field_spec.default
            else:
                query[name], errs = check(field_spec, raw, ("query", name))
                errors.extend(errs)
        body, body_keys = {}, set()
        if spec.body is not None:
            if raw_body is _EMPTY:
                errors.append(item("missing", ("body",), "Field required", None))
            else:
                body, body_keys, errs = spec.body.validate(raw_body, ("body",))
                errors.extend(errs)
        form = _validate_form(spec.form, raw_form, errors) if spec.form is not None else {}
        if errors:
            raise RequestInvalid(errors)

        call = Call(request, principal, path, query, body, body_keys, form)
        try:
            result = await spec.handler(call) if handler_is_async else await run_in_threadpool(spec.handler, call)
        finally:
            for value in raw_form.values():
                if isinstance(value, UploadFile):
                    await value.close()
        if isinstance(result, Response):
            return result
        if spec.status == 204:
            return Response(status_code=204)
        return Response(jsonfmt.dumps_model(result), status_code=spec.status, media_type="application/json")

    endpoint.__name__ = spec.handler.__name__
    return endpoint


def json_response(content: Any, status: int = 200) -> Response:
    """Starlette's JSONResponse encoding (Python floats), for routes without a response model and errors."""
    return Response(jsonfmt.dumps_starlette(content), status_code=status, media_type="application/json")


def not_found(detail: str) -> HTTPException:
    return HTTPException(404, detail)


def unprocessable(detail: str) -> HTTPException:
    return HTTPException(422, detail)
