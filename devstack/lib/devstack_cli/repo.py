"""The stack's code on the VPS: this repo's devstack/stack/ committed into a bare "origin" (owned by deploy),
checked out into the stack dir so `git fetch`/`git pull` of new commits is real; plus the VPS-only `.env`."""

import os
import tempfile

from .instance import ACCOUNT, SRV_ROOT, STACK_SOURCE
from .system import account_ids
from .util import info, make_dir, output, read_text, run, write_file

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "RagDesk devstack", "GIT_AUTHOR_EMAIL": "devstack@ragdesk.invalid",
    "GIT_COMMITTER_NAME": "RagDesk devstack", "GIT_COMMITTER_EMAIL": "devstack@ragdesk.invalid",
}
BRANCH = "main"


def _git_root(args, **kwargs):
    """git as root on deploy-owned repositories (the ownership check would refuse otherwise)."""
    return output(["git", "-c", "safe.directory=*"] + args, **kwargs)


def _git_deploy(args, cwd, **kwargs):
    return output(["git"] + args, cwd=cwd, user=ACCOUNT, **kwargs)


def ensure_dirs(inst):
    uid, gid = account_ids()
    make_dir(SRV_ROOT, 0o755, 0, 0)
    make_dir(inst.srv_dir, 0o755, uid, gid)
    if not os.path.exists(os.path.join(inst.origin_dir, "HEAD")):
        run(["git", "init", "--quiet", "--bare", f"--initial-branch={BRANCH}", inst.origin_dir],
            user=ACCOUNT, quiet=True)


def publish_source(inst):
    """Commits the working tree of devstack/stack/ to origin's main when it differs from origin's tip.
    Commits pushed by tests are kept in history; the new commit's tree is this repo's stack again."""
    env = dict(os.environ, **GIT_IDENTITY)
    with tempfile.TemporaryDirectory(prefix="devstack-index-") as tmp:
        env["GIT_INDEX_FILE"] = os.path.join(tmp, "index")
        base = ["--git-dir", inst.origin_dir, "--work-tree", STACK_SOURCE]
        _git_root(base + ["add", "--all", "--", "."], env=env, cwd=STACK_SOURCE)
        tree = _git_root(base + ["write-tree"], env=env)
    parent = _git_root(["--git-dir", inst.origin_dir, "rev-parse", "--verify", "--quiet", f"refs/heads/{BRANCH}"],
                       check=False)
    if parent and _git_root(["--git-dir", inst.origin_dir, "rev-parse", f"{parent}^{{tree}}"]) == tree:
        commit = parent
    else:
        args = ["--git-dir", inst.origin_dir, "commit-tree", tree, "-m", "devstack: stack from the RagDesk work tree"]
        if parent:
            args += ["-p", parent]
        commit = _git_root(args, env=env)
        _git_root(["--git-dir", inst.origin_dir, "update-ref", f"refs/heads/{BRANCH}", commit])
        info(f"origin: committed devstack/stack as {commit[:12]}")
    uid, gid = account_ids()
    _chown_tree(inst.origin_dir, uid, gid)
    return commit


def _chown_tree(path, uid, gid):
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.lchown(os.path.join(root, name), uid, gid)
    os.lchown(path, uid, gid)


def sync_checkout(inst):
    """Clones origin into the stack dir, or moves the checkout to origin's tip; returns (revision, release)."""
    if not os.path.isdir(os.path.join(inst.stack_dir, ".git")):
        _git_deploy(["clone", "--quiet", "--branch", BRANCH, inst.origin_dir, inst.stack_dir], cwd=inst.srv_dir)
    else:
        _git_deploy(["fetch", "--quiet", "origin"], cwd=inst.stack_dir)
        _git_deploy(["checkout", "--quiet", "--force", "-B", BRANCH, f"origin/{BRANCH}"], cwd=inst.stack_dir)
    uid, gid = account_ids()
    for sub in ("maintenance", "backups"):
        make_dir(os.path.join(inst.stack_dir, sub), 0o755, uid, gid)
    revision = _git_deploy(["rev-parse", "HEAD"], cwd=inst.stack_dir)
    return revision, revision[:12]


def env_file_text(inst, state, base_image, revision, release):
    s = state["secrets"]
    values = [
        ("COMPOSE_PROJECT_NAME", inst.project),
        ("RELEASE", release),
        ("REVISION", revision),
        ("BASE_IMAGE", base_image),
        ("PROXY_PORT", state["proxy_port"]),
        ("POSTGRES_USER", "minirag"),
        ("POSTGRES_PASSWORD", s["postgres_password"]),
        ("POSTGRES_DB", "minirag"),
        ("DATABASE_URL", f"postgresql://minirag:{s['postgres_password']}@postgres:5432/minirag"),
        ("REDIS_URL", "redis://redis:6379/0"),
        ("JWT_SECRET_KEY", s["jwt_secret"]),
        ("JWT_ALGORITHM", "HS256"),
        ("JWT_EXPIRE_MINUTES", "60"),
        ("ENCRYPTION_KEY", s["encryption_key"]),
        ("ALLOWED_ORIGINS", "*"),
        ("DEFAULT_LLM_MODEL", "gpt-4o-mini"),
        ("DEFAULT_EMBEDDING_MODEL", "text-embedding-3-small"),
    ]
    lines = ["# Written by devstack up (not committed). deploy.sh updates RELEASE and REVISION."]
    lines += [f"{k}={v}" for k, v in values]
    return "\n".join(lines) + "\n"


def write_env_file(inst, text):
    path = os.path.join(inst.stack_dir, ".env")
    if read_text(path) != text:
        uid, gid = account_ids()
        write_file(path, text, 0o600, uid, gid)
