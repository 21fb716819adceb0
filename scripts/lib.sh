# Shared helpers for the scripts in this folder: stage timing and root escalation.
# Sourced, not run.

RAGDESK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export RAGDESK_ROOT

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    else
        sudo "$@"
    fi
}

# stage NAME CMD...: prints what runs, runs it, prints how long it took; fails the script on error.
stage() {
    local name="$1"
    shift
    local start elapsed_ms
    start=$(date +%s%N)
    printf '==> %s\n' "$name"
    "$@"
    elapsed_ms=$((($(date +%s%N) - start) / 1000000))
    printf '<== %s: %d.%01d s\n' "$name" $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100))
}
