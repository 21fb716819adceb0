"""The Debian 12 base image every service image is built FROM: debootstrap once, cache the rootfs as a tar,
import it, and tag it with a hash of its recipe so it is rebuilt only when the package list changes."""

import contextlib
import fcntl
import hashlib
import os

from .instance import BASE_DIR, cache_root
from .util import info, make_dir, run, stage

REPOSITORY = "localhost/ragdesk-devstack-base"
PACKAGES = os.path.join(BASE_DIR, "packages.txt")
BUILDER = os.path.join(BASE_DIR, "build-rootfs.sh")
IMPORT_CHANGES = [
    "ENV=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "ENV=LANG=C.UTF-8",
    'CMD=["/bin/bash"]',
]


def recipe_hash():
    digest = hashlib.sha256()
    for path in (PACKAGES, BUILDER):
        with open(path, "rb") as handle:
            digest.update(handle.read())
    digest.update("\n".join(IMPORT_CHANGES).encode())
    return digest.hexdigest()[:12]


def tag():
    return f"{REPOSITORY}:{recipe_hash()}"


def _exists(ref):
    return run(["podman", "image", "exists", ref], check=False, quiet=True).returncode == 0


@contextlib.contextmanager
def _cache_lock(directory):
    """Serialises builds between instances started at the same time."""
    with open(os.path.join(directory, ".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure():
    """Returns the base image reference, building or importing it when missing."""
    ref = tag()
    if _exists(ref):
        return ref
    cache = cache_root()
    make_dir(cache, 0o700)
    tarball = os.path.join(cache, f"base-{recipe_hash()}.tar")
    with _cache_lock(cache):
        if _exists(ref):
            return ref
        if not os.path.exists(tarball):
            with stage(f"base image: debootstrap Debian 12 ({PACKAGES}) -> {tarball} (~80 s, once)"):
                run([BUILDER, PACKAGES, tarball], timeout=1200)
        with stage(f"base image: import {ref}"):
            cmd = ["podman", "import", "--quiet"]
            for change in IMPORT_CHANGES:
                cmd += ["--change", change]
            run(cmd + [tarball, ref], timeout=600, quiet=True)
    _prune_old_tarballs(cache, tarball)
    return ref


def _prune_old_tarballs(cache, keep):
    for entry in os.listdir(cache):
        path = os.path.join(cache, entry)
        if entry.startswith("base-") and entry.endswith(".tar") and path != keep:
            os.unlink(path)
            info(f"removed outdated base rootfs {path}")


def remove_all():
    """Removes every base image from the store (reset --all); the cached rootfs tar stays for the next up."""
    refs = run(["podman", "images", "--quiet", "--filter", f"reference={REPOSITORY}"], capture=True,
               check=False).stdout.split()
    if refs:
        run(["podman", "rmi", "--force"] + sorted(set(refs)), check=False, quiet=True, timeout=120)
    return bool(refs)
