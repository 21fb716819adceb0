#!/usr/bin/env bash
# CTest fixture cleanup: stops the test run's devstack instance and checks that nothing of it is left.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
instance="${1:?instance name}"
"$root/devstack/devstack" --instance "$instance" down
exec "$root/tests/devstack/check-down.sh" "$instance"
