#!/usr/bin/env bash
# The plain deploy users have today (MiniRAG's workflow, contract §10.3; seed 002): pull the new commit,
# build images tagged with it, recreate what changed, wait until the proxy answers /health.
# No backup, no maintenance page, no rollback: this is the baseline RagDesk's own deploy is compared with.
# Run on the VPS as the deploy account:  <stack dir>/scripts/deploy.sh [BRANCH]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
BRANCH="${1:-main}"
HEALTH_TIMEOUT="${HEALTH_TIMEOUT:-90}"

log() { echo "[$(date '+%Y-%m-%d %H:%M:%S')] $*"; }

# set_env NAME VALUE: sets a variable in the stack's .env (compose reads it for ${...} and env_file).
set_env() {
    if grep -q "^$1=" .env; then
        sed -i "s|^$1=.*|$1=$2|" .env
    else
        printf '%s=%s\n' "$1" "$2" >>.env
    fi
}

env_value() { sed -n "s/^$1=//p" .env | tail -n 1; }

log "Pulling origin/$BRANCH"
git pull --ff-only origin "$BRANCH"
REVISION="$(git rev-parse HEAD)"
RELEASE="$(git rev-parse --short=12 HEAD)"
set_env REVISION "$REVISION"
set_env RELEASE "$RELEASE"

log "Building release $RELEASE"
docker-compose build

log "Starting release $RELEASE"
docker-compose up -d --remove-orphans

PROXY_PORT="$(env_value PROXY_PORT)"
log "Waiting for http://127.0.0.1:$PROXY_PORT/health"
deadline=$((SECONDS + HEALTH_TIMEOUT))
until curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$PROXY_PORT/health"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
        log "ERROR: not healthy after ${HEALTH_TIMEOUT}s"
        exit 1
    fi
    sleep 1
done
log "Deploy of $RELEASE complete."
