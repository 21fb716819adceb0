"""Request validation producing Pydantic 2 error items (type/loc/msg/input/ctx, no url) on Pydantic 1.

FastAPI 0.92 with Pydantic 1 reports a different 422 shape than the contract's current server, so route
bodies, query and path parameters are declared with the small ``Field``/``Schema`` language below and checked
here. Coercion follows Pydantic 2's lax Python mode (FastAPI validates parsed JSON with ``validate_python``):
``"5"`` is a valid int, ``5`` is not a valid str. Messages are Pydantic 2's English texts.
"""

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import email_validator

_TRUE = {"1", "on", "t", "true", "y", "yes"}
_FALSE = {"0", "off", "f", "false", "n", "no"}
_HEX = set("0123456789abcdefABCDEF")
_TYPE_ERRORS = {
    "str": ("string_type", "Input should be a valid string"),
    "email": ("string_type", "Input should be a valid string"),
    "int": ("int_type", "Input should be a valid integer"),
    "float": ("float_type", "Input should be a valid number"),
    "bool": ("bool_type", "Input should be a valid boolean"),
    "uuid": ("uuid_type", "UUID input should be a string, bytes or UUID object"),
    "dict": ("dict_type", "Input should be a valid dictionary"),
    "list": ("list_type", "Input should be a valid list"),
    "model": ("model_attributes_type", "Input should be a valid dictionary or object to extract fields from"),
}


class RequestInvalid(Exception):
    """Raised with the collected error items; rendered as 422 ``{"detail": [...]}``."""

    def __init__(self, errors: list[dict]):
        super().__init__(errors)
        self.errors = errors


def item(kind: str, loc, msg: str, value, ctx: dict | None = None) -> dict:
    entry = {"type": kind, "loc": list(loc), "msg": msg, "input": value}
    if ctx is not None:
        entry["ctx"] = ctx
    return entry


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _num(value) -> str:
    """Pydantic-core renders numeric constraints with Rust's Display: 0.0 -> 0, 2.0 -> 2, 0.5 -> 0.5."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def expected_list(choices) -> str:
    quoted = [f"'{c}'" for c in choices]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


# ---------------------------------------------------------------------------------------------- UUIDs


def _hyphenated_ok(text: str) -> bool:
    return len(text) == 36 and all(
        (ch == "-") if i in (8, 13, 18, 23) else (ch in _HEX) for i, ch in enumerate(text)
    )


def uuid_error(text: str) -> str | None:
    """The Rust ``uuid`` crate's parse error for ``text`` (None when it parses), as Pydantic 2 reports it."""
    raw = text.encode("utf-8", "surrogatepass")
    size = len(raw)
    if (
        (size == 32 and all(c in _HEX for c in text))
        or (size == 36 and _hyphenated_ok(text))
        or (size == 38 and text[:1] == "{" and text[-1:] == "}" and _hyphenated_ok(text[1:-1]))
        or (size == 45 and text.startswith("urn:uuid:") and _hyphenated_ok(text[9:]))
    ):
        return None
    if text.startswith("{") and text.endswith("}") and len(text) >= 2:
        body, offset, simple = text[1:-1], 1, False
    elif text.startswith("urn:uuid:"):
        body, offset, simple = text[9:], 9, False
    else:
        body, offset, simple = text, 0, True
    hyphens = 0
    bounds = [0, 0, 0, 0]
    index = 0
    for ch in body:
        if ord(ch) > 127 or (ch != "-" and ch not in _HEX):
            return (
                "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], "
                f"found `{ch}` at {index + offset + 1}"
            )
        if ch == "-":
            if hyphens < 4:
                bounds[hyphens] = index
            hyphens += 1
        index += len(ch.encode("utf-8", "surrogatepass"))
    if hyphens == 0 and simple:
        return f"invalid length: expected length 32 for simple format, found {size}"
    if hyphens != 4:
        return f"invalid group count: expected 5, found {hyphens + 1}"
    starts = (0, 9, 14, 19, 24)
    expected = (8, 4, 4, 4, 12)
    for group in range(4):
        if bounds[group] != starts[group + 1] - 1:
            found = bounds[group] - starts[group]
            return f"invalid group length in group {group}: expected {expected[group]}, found {found}"
    return f"invalid group length in group 4: expected 12, found {size - starts[4]}"


# ---------------------------------------------------------------------------------------------- e-mail


def email_problem(address: str) -> tuple[str | None, str | None]:
    """(normalised address, None) or (None, reason) with email-validator 2's wording, as Pydantic's EmailStr.

    The installed email-validator is 1.3; its texts are mapped to the 2.x ones the real server reports.
    """
    if "@" not in address:
        return None, "An email address must have an @-sign."
    try:
        result = email_validator.validate_email(address, check_deliverability=False)
    except email_validator.EmailNotValidError as exc:
        reason = str(exc)
        if "exactly one @-sign" in reason:
            reason = "The email address contains invalid characters before the @-sign: '@'."
        domain = address.rsplit("@", 1)[1]
        reason = reason.replace(f"The domain name {domain} ", "The part after the @-sign ")
        return None, reason
    local, _, domain = result.email.rpartition("@")
    return f"{local}@{domain.lower()}", None


# ---------------------------------------------------------------------------------------------- fields


@dataclass
class Field:
    """One value to validate. ``kind``: str, email, int, float, bool, uuid, dict, list, enum, literal, model, file."""

    kind: str
    required: bool = True
    default: Any = None
    nullable: bool = False
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    ge: float | None = None
    le: float | None = None
    choices: tuple = ()
    items: "Field | None" = None
    schema: "Schema | None" = None


@dataclass
class Schema:
    """An object of named fields (a Pydantic model); unknown keys are ignored."""

    fields: dict[str, Field] = field(default_factory=dict)

    def validate(self, data, loc: tuple) -> tuple[dict, set, list]:
        """Returns (values incl. defaults, names present in the input, errors)."""
        if not isinstance(data, dict):
            return {}, set(), [_type_error(Field("model"), data, loc)]
        values: dict = {}
        errors: list = []
        for name, spec in self.fields.items():
            if name not in data:
                if spec.required:
                    errors.append(item("missing", loc + (name,), "Field required", data))
                else:
                    values[name] = spec.default() if callable(spec.default) else spec.default
                continue
            value, errs = check(spec, data[name], loc + (name,))
            values[name] = value
            errors.extend(errs)
        present = {name for name in self.fields if name in data}
        return values, present, errors


def _type_error(spec: Field, value, loc) -> dict:
    if spec.kind in ("enum", "literal"):
        expected = expected_list(spec.choices)
        kind = "enum" if spec.kind == "enum" else "literal_error"
        return item(kind, loc, f"Input should be {expected}", value, {"expected": expected})
    kind, msg = _TYPE_ERRORS[spec.kind]
    return item(kind, loc, msg, value)


def _check_length(spec: Field, value: str, loc) -> list:
    if spec.min_length is not None and len(value) < spec.min_length:
        return [item("string_too_short", loc, f"String should have at least {_plural(spec.min_length, 'character')}",
                     value, {"min_length": spec.min_length})]
    if spec.max_length is not None and len(value) > spec.max_length:
        return [item("string_too_long", loc, f"String should have at most {_plural(spec.max_length, 'character')}",
                     value, {"max_length": spec.max_length})]
    if spec.pattern is not None and re.fullmatch(spec.pattern, value) is None:
        return [item("string_pattern_mismatch", loc, f"String should match pattern '{spec.pattern}'",
                     value, {"pattern": spec.pattern})]
    return []


def _check_bounds(spec: Field, value, loc) -> list:
    if spec.ge is not None and value < spec.ge:
        return [item("greater_than_equal", loc, f"Input should be greater than or equal to {_num(spec.ge)}",
                     value, {"ge": spec.ge})]
    if spec.le is not None and value > spec.le:
        return [item("less_than_equal", loc, f"Input should be less than or equal to {_num(spec.le)}",
                     value, {"le": spec.le})]
    return []


def _to_int(value):
    if isinstance(value, int):  # bool included, as in Pydantic's lax mode
        return int(value), None
    if isinstance(value, float):
        if value.is_integer():
            return int(value), None
        return None, ("int_from_float", "Input should be a valid integer, got a number with a fractional part")
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text), None
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                number = None
            if number is not None and number.is_integer():
                return int(number), None
            return None, ("int_parsing", "Input should be a valid integer, unable to parse string as an integer")
    return None, ("int_type", "Input should be a valid integer")


def _to_float(value):
    if isinstance(value, (bool, int, float)):
        return float(value), None
    if isinstance(value, str):
        try:
            return float(value.strip()), None
        except ValueError:
            return None, ("float_parsing", "Input should be a valid number, unable to parse string as a number")
    return None, ("float_type", "Input should be a valid number")


def _to_bool(value):
    if isinstance(value, bool):
        return value, None
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value), None
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE, None
    if isinstance(value, (str, int, float)):
        return None, ("bool_parsing", "Input should be a valid boolean, unable to interpret input")
    return None, ("bool_type", "Input should be a valid boolean")


def check(spec: Field, value, loc: tuple) -> tuple[Any, list]:
    """Validates one value; returns (converted value, errors)."""
    if value is None:
        return (None, []) if spec.nullable else (None, [_type_error(spec, value, loc)])
    kind = spec.kind
    if kind in ("str", "email"):
        if not isinstance(value, str):
            return None, [_type_error(spec, value, loc)]
        if kind == "email":
            normalised, reason = email_problem(value)
            if reason is not None:
                return None, [item("value_error", loc, f"value is not a valid email address: {reason}",
                                   value, {"reason": reason})]
            return normalised, []
        return value, _check_length(spec, value, loc)
    if kind in ("int", "float", "bool"):
        convert = {"int": _to_int, "float": _to_float, "bool": _to_bool}[kind]
        converted, problem = convert(value)
        if problem is not None:
            return None, [item(problem[0], loc, problem[1], value)]
        return converted, ([] if kind == "bool" else _check_bounds(spec, converted, loc))
    if kind == "uuid":
        if isinstance(value, uuid.UUID):
            return value, []
        if not isinstance(value, str):
            return None, [_type_error(spec, value, loc)]
        reason = uuid_error(value)
        if reason is not None:
            return None, [item("uuid_parsing", loc, f"Input should be a valid UUID, {reason}", value,
                               {"error": reason})]
        return uuid.UUID(value), []
    if kind in ("enum", "literal"):
        if isinstance(value, str) and value in spec.choices:
            return value, []
        return None, [_type_error(spec, value, loc)]
    if kind == "dict":
        return (value, []) if isinstance(value, dict) else (None, [_type_error(spec, value, loc)])
    if kind == "list":
        if not isinstance(value, list):
            return None, [_type_error(spec, value, loc)]
        out, errors = [], []
        for index, element in enumerate(value):
            converted, errs = check(spec.items, element, loc + (index,))
            out.append(converted)
            errors.extend(errs)
        return out, errors
    if kind == "model":
        values, _, errors = spec.schema.validate(value, loc)
        return values, errors
    raise AssertionError(f"unknown field kind {kind}")


# Shorthands used by the route declarations.


def string(max_length=None, *, min_length=None, required=True, default="", nullable=False, pattern=None) -> Field:
    return Field("str", required=required, default=default, nullable=nullable, min_length=min_length,
                 max_length=max_length, pattern=pattern)


def optional(kind: str, **kwargs) -> Field:
    """A PATCH-style field: may be absent or null."""
    return Field(kind, required=False, default=None, nullable=True, **kwargs)
