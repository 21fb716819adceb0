#!/usr/bin/env bash
# Builds the devstack's Debian 12 root filesystem with debootstrap and writes it as a tar.
# Usage: build-rootfs.sh PACKAGES_FILE OUTPUT_TAR
# The mirror comes from this machine's apt configuration (whatever its format); nothing else is downloaded.
set -euo pipefail

packages_file="$1"
output_tar="$2"

mirror="$(apt-get indextargets --format '$(RELEASE) $(REPO_URI)' | awk '$1=="bookworm"{print $2; exit}')"
if [ -z "$mirror" ]; then
    echo "build-rootfs: no bookworm mirror in the apt configuration (apt-get update first?)" >&2
    exit 1
fi
# One package per line, '#' comments: a comma list for --include.
include="$(sed -e 's/#.*//' "$packages_file" | tr -s '[:space:]' '\n' | sed '/^$/d' | paste -sd, -)"

work="$(mktemp -d "$(dirname "$output_tar")/rootfs.XXXXXX")"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

echo "build-rootfs: debootstrap bookworm from $mirror (minbase + $(echo "$include" | tr ',' ' ' | wc -w) packages)"
debootstrap --variant=minbase --include="$include" bookworm "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    echo "build-rootfs: debootstrap failed; last lines of its log:" >&2
    tail -n 30 "$work/debootstrap.log" >&2
    tail -n 30 "$work/root/debootstrap/debootstrap.log" >&2 2>/dev/null || true
    exit 1
}

root="$work/root"
# Smaller image: no package caches or lists (nothing installs at build time: no registry, no mirror in builds).
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/cache/debconf/*-old
# The packaged default cluster: the postgres image initialises its own on the named volume.
rm -rf "$root"/etc/postgresql/15/main "$root"/var/lib/postgresql/15/main
# Services must not start inside builds; the containers run them in the foreground.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"
# The container engine manages these.
: >"$root/etc/hostname"
rm -f "$root/etc/resolv.conf"

tmp_tar="$output_tar.part"
tar --numeric-owner --xattrs -C "$root" -cf "$tmp_tar" .
mv -f "$tmp_tar" "$output_tar"
echo "build-rootfs: wrote $output_tar ($(du -h "$output_tar" | cut -f1))"
