#!/usr/bin/env bash
# Runs a test command with the environment of the devstack instance that the CTest fixture started.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
: "${RAGDESK_DEVSTACK_INSTANCE:?set by CTest}"
eval "$("$root/devstack/devstack" --instance "$RAGDESK_DEVSTACK_INSTANCE" env)"
exec "$@"
