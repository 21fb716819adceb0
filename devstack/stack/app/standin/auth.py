"""Authentication as the contract's §2 describes: JWT session tokens and opaque API tokens, one Bearer header.

A token containing a dot is a JWT (signature and expiry only, role frozen at login); anything else is an API
token looked up by its SHA-256 digest (owner's current role, owner must be active, ``last_used_at`` updated).
"""

import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHash, VerificationError
from starlette.exceptions import HTTPException
from starlette.requests import Request

from . import db
from .config import settings
from .knobs import reader as knobs

# OWASP's minimum Argon2id profile (19 MiB, 2 passes): Debian's library defaults (100 MiB, 8 lanes) cost
# ~0.3 s per hash, which only slows a test stand-in down without changing anything a client can observe.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


@dataclass(frozen=True)
class Principal:
    """Who is calling: the user, the tenant, and the role that authorises ``/v1/users`` mutations."""

    user_id: uuid.UUID
    tenant_id: uuid.UUID
    role: str


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHash):
        return False


def new_api_token() -> tuple[str, str, str]:
    """(raw token, 8-char prefix, SHA-256 hex digest): 32 random bytes, base64url without padding."""
    raw = secrets.token_urlsafe(32)
    return raw, raw[:8], token_digest(raw)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_jwt(user_id, tenant_id, role: str) -> str:
    lifetime = knobs.get("jwt_expire_seconds") or settings.jwt_expire_minutes * 60
    claims = {"sub": str(user_id), "tid": str(tenant_id), "role": role, "exp": int(time.time()) + lifetime}
    return jwt.encode(claims, settings.jwt_secret_key, algorithm=settings.jwt_algorithm)


def _unauthorized(detail: str, challenge: bool = False) -> HTTPException:
    return HTTPException(401, detail, headers={"WWW-Authenticate": "Bearer"} if challenge else None)


def bearer_credentials(request: Request) -> str:
    """FastAPI's HTTPBearer (>= 0.122): a missing header, empty credentials or another scheme are all 401."""
    header = request.headers.get("authorization")
    scheme, _, credentials = (header or "").partition(" ")
    if not (header and scheme and credentials) or scheme.lower() != "bearer":
        raise _unauthorized("Not authenticated", challenge=True)
    return credentials


def authenticate(request: Request) -> Principal:
    token = bearer_credentials(request)
    if "." in token:
        return _from_jwt(token)
    return _from_api_token(token)


def _from_jwt(token: str) -> Principal:
    try:
        claims = jwt.decode(token, settings.jwt_secret_key, algorithms=[settings.jwt_algorithm])
    except jwt.PyJWTError:
        raise _unauthorized("Invalid or expired JWT") from None
    try:
        return Principal(uuid.UUID(str(claims["sub"])), uuid.UUID(str(claims["tid"])), claims.get("role", "member"))
    except (KeyError, ValueError):
        raise _unauthorized("Malformed JWT payload") from None


def _from_api_token(token: str) -> Principal:
    with db.transaction() as cur:
        cur.execute(
            "SELECT t.id, t.is_active, t.expires_at, t.tenant_id, u.id AS user_id, u.is_active AS user_active, u.role"
            " FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id WHERE t.token_hash = %s",
            (token_digest(token),),
        )
        row = cur.fetchone()
        if row is None or not row["is_active"]:
            raise _unauthorized("Invalid or revoked API token")
        now = db.utcnow()
        if row["expires_at"] is not None and row["expires_at"] < now:
            raise _unauthorized("API token has expired")
        if row["user_id"] is None or not row["user_active"]:
            raise _unauthorized("Token owner account is disabled")
        cur.execute("UPDATE api_tokens SET last_used_at = %s WHERE id = %s", (now, row["id"]))
    return Principal(row["user_id"], row["tenant_id"], row["role"].lower())
