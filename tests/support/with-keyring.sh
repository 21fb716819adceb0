#!/bin/sh
# Runs a command in a private D-Bus session with a fresh, unlocked gnome-keyring: the real Secret Service the
# keychain tests talk to, in a temporary HOME that is removed afterwards. RAGDESK_KEYRING_DIR names where the
# keyring files are, so a test can check that no secret is stored there in clear.
set -eu
dir=$(mktemp -d /tmp/ragdesk-keyring-XXXXXX)
trap 'rm -rf "$dir"' EXIT
mkdir -m 700 "$dir/run"
export HOME="$dir" XDG_RUNTIME_DIR="$dir/run" XDG_DATA_HOME="$dir/share" RAGDESK_KEYRING_DIR="$dir/share/keyrings"
# --unlock reads the new login keyring's password from stdin and returns once the daemon serves the bus.
dbus-run-session -- sh -c 'printf %s ragdesk-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"' sh "$@"
