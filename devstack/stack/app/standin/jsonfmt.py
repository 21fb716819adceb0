"""JSON the way the real server's libraries write it.

Three encoders coexist in MiniRAG on a current FastAPI: Pydantic's Rust core for routes with a response model
(compact, non-ASCII raw, floats in ryu's shortest form such as ``0.000045`` or ``1e-7``), Starlette's
``JSONResponse`` for errors and exports (compact, non-ASCII raw, Python float repr such as ``4.5e-05``), and
plain ``json.dumps`` for SSE and webhook bodies (``", "``/``": "`` separators, ``\\uXXXX`` escapes).
"""

import json
import uuid
from datetime import date, datetime


def iso(value: datetime | None) -> str | None:
    """Naive ISO-8601: six fraction digits, or none when microseconds are zero (what Pydantic and isoformat do)."""
    return None if value is None else value.isoformat()


def pydantic_float(value: float) -> str:
    """Formats a float like serde_json/ryu (Pydantic 2): shortest digits, exponent outside 1e-5..1e16."""
    if value != value or value in (float("inf"), float("-inf")):
        return "null"
    text = repr(value)
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    mantissa, _, exp_text = text.partition("e")
    exponent = int(exp_text) if exp_text else 0
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    exponent -= len(frac)
    if not digits:
        return sign + "0.0"
    stripped = digits.rstrip("0")
    exponent += len(digits) - len(stripped)
    digits = stripped
    length = len(digits)
    point = length + exponent  # position of the decimal point relative to the digits
    if 0 <= exponent and point <= 16:
        body = digits + "0" * exponent + ".0"
    elif 0 < point <= 16:
        body = digits[:point] + "." + digits[point:]
    elif -5 < point <= 0:
        body = "0." + "0" * (-point) + digits
    elif length == 1:
        body = f"{digits}e{point - 1}"
    else:
        body = f"{digits[0]}.{digits[1:]}e{point - 1}"
    return sign + body


def _plain(value):
    """Converts the non-JSON types route code returns (UUIDs, datetimes) to their wire form."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _model_parts(value, out: list) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, float):
        out.append(pydantic_float(value))
    elif isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, dict):
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            if i:
                out.append(",")
            out.append(json.dumps(str(key), ensure_ascii=False))
            out.append(":")
            _model_parts(item, out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _model_parts(item, out)
        out.append("]")
    else:
        out.append(json.dumps(_plain(value), ensure_ascii=False))


def dumps_model(value) -> bytes:
    """Response-model routes (Pydantic core serialisation)."""
    out: list = []
    _model_parts(value, out)
    return "".join(out).encode("utf-8")


def dumps_starlette(value) -> bytes:
    """Starlette JSONResponse: errors, and routes without a response model (exports)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_plain).encode("utf-8")


def dumps_python(value) -> str:
    """Python's default encoder: SSE ``data:`` lines and webhook bodies."""
    return json.dumps(value, default=_plain)
