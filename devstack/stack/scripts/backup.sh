#!/usr/bin/env bash
# Backs up the stack's databases the way MiniRAG's scripts/backup.sh does (contract §10.5), run on the VPS:
#   postgres_YYYYmmdd_HHMMSS.sql.gz   pg_dump of the whole database, through the container engine, gzipped
#   qdrant_YYYYmmdd_HHMMSS.snapshot   the retrieval store (MiniRAG: a Qdrant snapshot of minirag_chunks; here
#                                     the table minirag_chunks, dumped as SQL) - a failure only warns, as in MiniRAG
# then deletes both kinds older than RETAIN_DAYS. Suggested cron line (as the deploy account):
#   0 3 * * * <stack dir>/scripts/backup.sh >> <stack dir>/backups/backup.log 2>&1
# Unlike a bare `pg_dump | gzip`, every exit status of the pipeline is checked: a failed pg_dump piped into
# gzip still makes a valid, small .gz, which would pass for a backup.
set -euo pipefail
# Dumps hold every tenant's data and secrets: readable by the deploy account only.
umask 077

COMPOSE_DIR="${COMPOSE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
BACKUP_DIR="${BACKUP_DIR:-$COMPOSE_DIR/backups}"
RETAIN_DAYS="${RETAIN_DAYS:-7}"
POSTGRES_USER="${POSTGRES_USER:-minirag}"
POSTGRES_DB="${POSTGRES_DB:-minirag}"
# The retrieval store: the stand-in keeps Qdrant's collection as a PostgreSQL table of the same name.
QDRANT_COLLECTION="${QDRANT_COLLECTION:-minirag_chunks}"
TIMESTAMP="$(date +%Y%m%d_%H%M%S)"

log() { echo "[$(date)] $*"; }

compose() { docker-compose -f "$COMPOSE_DIR/docker-compose.yml" --project-directory "$COMPOSE_DIR" "$@"; }

# dump FILE COMMAND...: runs a dump command in the postgres container into FILE, atomically; fails if any
# stage fails or the dump is empty.
dump() {
    local target="$1"
    shift
    local partial="$target.partial"
    local status
    set +e
    compose exec -T postgres "$@" | gzip -c >"$partial"
    status=("${PIPESTATUS[@]}")
    set -e
    if [ "${status[0]}" -ne 0 ] || [ "${status[1]}" -ne 0 ]; then
        rm -f "$partial"
        log "ERROR: dump failed (exit statuses: dump ${status[0]}, gzip ${status[1]})"
        return 1
    fi
    mv "$partial" "$target"
}

mkdir -p "$BACKUP_DIR"
log "Starting backup..."

# 1. PostgreSQL
PG_FILE="postgres_${TIMESTAMP}.sql.gz"
if ! dump "$BACKUP_DIR/$PG_FILE" pg_dump -U "$POSTGRES_USER" --no-owner "$POSTGRES_DB"; then
    log "ERROR: PostgreSQL dump failed; no backup written."
    exit 1
fi
log "PostgreSQL dump: $PG_FILE ($(du -h "$BACKUP_DIR/$PG_FILE" | cut -f1))"

# 2. Retrieval store (Qdrant's place): a snapshot of the chunks table, uncompressed SQL.
SNAP_FILE="qdrant_${TIMESTAMP}.snapshot"
set +e
compose exec -T postgres pg_dump -U "$POSTGRES_USER" --no-owner -t "$QDRANT_COLLECTION" "$POSTGRES_DB" \
    >"$BACKUP_DIR/$SNAP_FILE.partial" 2>/dev/null
snap_status=$?
set -e
if [ "$snap_status" -eq 0 ] && [ -s "$BACKUP_DIR/$SNAP_FILE.partial" ]; then
    mv "$BACKUP_DIR/$SNAP_FILE.partial" "$BACKUP_DIR/$SNAP_FILE"
    log "Qdrant snapshot: $SNAP_FILE ($(du -h "$BACKUP_DIR/$SNAP_FILE" | cut -f1))"
else
    rm -f "$BACKUP_DIR/$SNAP_FILE.partial"
    log "WARNING: Qdrant snapshot failed (collection may not exist yet)"
fi

# 3. Retention
find "$BACKUP_DIR" -maxdepth 1 -type f \( -name 'postgres_*.sql.gz' -o -name 'qdrant_*.snapshot' \) \
    -mtime +"$RETAIN_DAYS" -print -delete | while read -r old; do log "Deleted old backup: $(basename "$old")"; done

log "Backup complete."
