#!/usr/bin/env bash
# Seeds the test devstack with the demo data, then runs a command with its environment in a real X11 display
# under Xvfb: the screenshots, and bench_startup (the app on the seeded stack).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
: "${RAGDESK_DEVSTACK_INSTANCE:?set by CTest}"
"$root/devstack/devstack" --instance "$RAGDESK_DEVSTACK_INSTANCE" seed >/dev/null
eval "$("$root/devstack/devstack" --instance "$RAGDESK_DEVSTACK_INSTANCE" env)"
exec xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb "$@"
