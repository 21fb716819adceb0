#!/bin/sh
# Asserts that `devstack down` left nothing of an instance behind (see check-down.py). Usage: check-down.sh INSTANCE
exec /usr/bin/python3 "$(dirname "$0")/check-down.py" "$@"
