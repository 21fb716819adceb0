"""Tenants (open bootstrap), login, API tokens and users: §6.2–6.5 of the contract."""

from starlette.exceptions import HTTPException

from .. import auth, db, records, views
from ..api import Router, not_found
from ..validation import Field, Schema, string

router = Router()

ROLES = ("owner", "admin", "member")

TENANT_CREATE = Schema({
    "tenant_name": string(255),
    "tenant_slug": string(100, pattern=r"^[a-z0-9\-]+$"),
    "owner_email": Field("email"),
    "owner_password": string(128, min_length=8),
    "owner_display_name": string(255, required=False),
})

LOGIN = Schema({"email": Field("email"), "password": Field("str")})

TOKEN_CREATE = Schema({"name": string(255)})

# PATCH reuses the create schema (§12.6): email and password are required on every update.
USER_WRITE = Schema({
    "email": string(320),
    "password": string(128, min_length=8),
    "display_name": string(255, required=False),
    "role": Field("enum", required=False, default="member", choices=ROLES),
})


@router.post("/v1/tenants", status=201, body=TENANT_CREATE, authenticated=False)
def create_tenant(call):
    body = call.body
    hashed = auth.hash_password(body["owner_password"])
    with db.transaction() as cur:
        cur.execute("SELECT 1 FROM tenants WHERE slug = %s", (body["tenant_slug"],))
        if cur.fetchone() is not None:
            raise HTTPException(409, f"Slug '{body['tenant_slug']}' is already taken")
        tenant = records.insert_tenant(cur, body["tenant_name"], body["tenant_slug"])
        owner = records.insert_user(cur, tenant["id"], body["owner_email"], hashed, body["owner_display_name"],
                                    "owner")
        _, raw = records.insert_api_token(cur, tenant["id"], owner["id"], "default")
    return {"tenant": views.tenant(tenant), "api_token": raw, "token_prefix": raw[:8]}


@router.get("/v1/tenants/me")
def my_tenant(call):
    row = db.one("SELECT * FROM tenants WHERE id = %s", (call.principal.tenant_id,))
    if row is None:
        raise not_found("Tenant not found")
    return views.tenant(row)


@router.post("/v1/auth/login", body=LOGIN, authenticated=False)
def login(call):
    rows = db.all_rows("SELECT * FROM users WHERE email = %s", (call.body["email"],))
    if len(rows) > 1:
        # The real code expects one row; the same address in two tenants crashes login (§12.5).
        raise RuntimeError("Multiple rows were found when one or none was required")
    if not rows or not auth.verify_password(rows[0]["hashed_password"], call.body["password"]):
        raise HTTPException(401, "Invalid email or password")
    user = rows[0]
    if not user["is_active"]:
        raise HTTPException(403, "Account is disabled")
    tenant = db.one("SELECT * FROM tenants WHERE id = %s", (user["tenant_id"],))
    if tenant is None or not tenant["is_active"]:
        raise HTTPException(403, "Tenant is disabled")
    token = auth.issue_jwt(user["id"], tenant["id"], user["role"].lower())
    return {"access_token": token, "token_type": "bearer", "user": views.user(user), "tenant": views.tenant(tenant)}


@router.get("/v1/auth/me")
def me(call):
    user = db.one("SELECT * FROM users WHERE id = %s", (call.principal.user_id,))
    if user is None:
        raise not_found("User not found")
    tenant = db.one("SELECT * FROM tenants WHERE id = %s", (call.principal.tenant_id,))
    if tenant is None:
        raise not_found("Tenant not found")
    return {"user": views.user(user), "tenant": views.tenant(tenant)}


@router.post("/v1/api-tokens", status=201, body=TOKEN_CREATE)
def create_api_token(call):
    with db.transaction() as cur:
        row, raw = records.insert_api_token(cur, call.principal.tenant_id, call.principal.user_id,
                                            call.body["name"])
    return {**views.api_token(row), "raw_token": raw}


@router.get("/v1/api-tokens")
def list_api_tokens(call):
    rows = db.all_rows("SELECT * FROM api_tokens WHERE tenant_id = %s ORDER BY created_at DESC",
                       (call.principal.tenant_id,))
    return [views.api_token(r) for r in rows]


@router.delete("/v1/api-tokens/{token_id}")
def revoke_api_token(call):
    if not db.execute("UPDATE api_tokens SET is_active = false WHERE id = %s AND tenant_id = %s",
                      (call.path["token_id"], call.principal.tenant_id)):
        raise not_found("Token not found")


def _require_manager(call) -> None:
    """The only role check in the API; it runs after validation, so a member's bad body still gets 422."""
    if call.principal.role not in ("owner", "admin"):
        raise HTTPException(403, "Only owners and admins can manage users")


@router.post("/v1/users", status=201, body=USER_WRITE)
def create_user(call):
    _require_manager(call)
    body = call.body
    tenant_id = call.principal.tenant_id
    if db.one("SELECT 1 FROM users WHERE tenant_id = %s AND email = %s", (tenant_id, body["email"])):
        raise HTTPException(409, "A user with this email already exists in this tenant")
    hashed = auth.hash_password(body["password"])
    with db.transaction() as cur:
        row = records.insert_user(cur, tenant_id, body["email"], hashed, body["display_name"], body["role"])
    return views.user(row)


@router.get("/v1/users")
def list_users(call):
    rows = db.all_rows("SELECT * FROM users WHERE tenant_id = %s ORDER BY email", (call.principal.tenant_id,))
    return [views.user(r) for r in rows]


@router.patch("/v1/users/{user_id}", body=USER_WRITE)
def update_user(call):
    _require_manager(call)
    body = call.body
    changes = {"email": body["email"], "hashed_password": auth.hash_password(body["password"]),
               "updated_at": db.utcnow()}
    if "display_name" in call.body_keys:
        changes["display_name"] = body["display_name"]
    if "role" in call.body_keys:
        changes["role"] = body["role"].upper()
    assignments = ", ".join(f"{column} = %s" for column in changes)
    row = db.one(f"UPDATE users SET {assignments} WHERE id = %s AND tenant_id = %s RETURNING *",
                 (*changes.values(), call.path["user_id"], call.principal.tenant_id))
    if row is None:
        raise not_found("User not found")
    return views.user(row)


@router.delete("/v1/users/{user_id}")
def deactivate_user(call):
    _require_manager(call)
    if not db.execute("UPDATE users SET is_active = false, updated_at = %s WHERE id = %s AND tenant_id = %s",
                      (db.utcnow(), call.path["user_id"], call.principal.tenant_id)):
        raise not_found("User not found")
