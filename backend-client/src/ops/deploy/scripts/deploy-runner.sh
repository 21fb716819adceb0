#!/usr/bin/env bash
# RagDesk's deploy runner. RagDesk installs it as <stack>/.ragdesk/bin/deploy-<hash>.sh and runs it over SSH as
# the deploy account. A deploy or rollback runs detached from the SSH session (setsid + nohup), so a dropped link
# or a closed laptop does not stop it halfway; each step is one JSON line in .ragdesk/deploys/<id>/progress.jsonl,
# which RagDesk follows and re-attaches to. One deploy at a time: the lock is a directory made atomically (mkdir)
# holding who, from where, when and which ref. Every exit path turns maintenance off and releases the lock.
#
#   deploy-runner.sh start    --stack DIR --project P --compose CMD --id ID --actor WHO --from HOST --ref REF
#                             [--backup CMD] [--maintenance-flag REL] [--health-timeout S] [--no-rollback] [--keep N]
#   deploy-runner.sh rollback (same options) --to RELEASE
#   deploy-runner.sh restore  (same options) --restore-file FILE [--app-services "web worker"]
#   deploy-runner.sh lock-status|lock-release|latest --stack DIR
#   deploy-runner.sh releases --stack DIR --docker CMD
set -uo pipefail
umask 077

MODE="${1:-}"
shift || true
STACK_DIR="" PROJECT="" COMPOSE="docker-compose" DOCKER="docker" ID="" ACTOR="" FROM="" REF="" TARGET=""
BACKUP="" FLAG="maintenance/maintenance.on" HEALTH_TIMEOUT=180 ROLLBACK=1 KEEP=10 RESTORE_FILE="" APP_SERVICES="web worker"
while [ $# -gt 0 ]; do
    case "$1" in
    --stack) STACK_DIR="$2" ;;
    --project) PROJECT="$2" ;;
    --compose) COMPOSE="$2" ;;
    --docker) DOCKER="$2" ;;
    --id) ID="$2" ;;
    --actor) ACTOR="$2" ;;
    --from) FROM="$2" ;;
    --ref) REF="$2" ;;
    --to) TARGET="$2" ;;
    --backup) BACKUP="$2" ;;
    --maintenance-flag) FLAG="$2" ;;
    --health-timeout) HEALTH_TIMEOUT="$2" ;;
    --keep) KEEP="$2" ;;
    --restore-file) RESTORE_FILE="$2" ;;
    --app-services) APP_SERVICES="$2" ;;
    --no-rollback) ROLLBACK=0; shift; continue ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
    shift 2
done
[ -n "$STACK_DIR" ] || { echo "--stack is required" >&2; exit 2; }
# What a run is called where people read it (the audit log, the maintenance flag): deploy, rollback, restore.
RUN_WORD="${MODE#run-}"
RUN_WORD="${RUN_WORD/#start/deploy}"
cd "$STACK_DIR" || exit 2

STATE="$STACK_DIR/.ragdesk"
LOCK="$STATE/lock"
DEPLOYS="$STATE/deploys"
RELEASES="$STATE/releases.jsonl"
mkdir -p "$DEPLOYS"

now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# A JSON string of any text: backslash, quote and control characters escaped, lines joined with \n.
json_str() {
    printf '%s' "$1" | LC_ALL=C sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' -e 's/\r/\\r/g' |
        LC_ALL=C tr -d '\000-\010\013\014\016-\037' | LC_ALL=C awk 'BEGIN{printf "\""} {printf "%s%s", (NR>1?"\\n":""), $0} END{printf "\""}'
}

lock_info() { cat "$LOCK/info.json" 2>/dev/null || echo '{}'; }
lock_pid() { sed -n 's/.*"pid": *\([0-9][0-9]*\).*/\1/p' "$LOCK/info.json" 2>/dev/null; }
holder_alive() {
    local pid
    pid="$(lock_pid)"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# What the run works on: the ref of a deploy, the release of a rollback, the backup of a restore.
what_runs() {
    if [ -n "$REF$TARGET" ]; then printf '%s' "${REF:-$TARGET}"; else basename "$RESTORE_FILE"; fi
}

write_lock_info() { # pid
    printf '{"id":%s,"actor":%s,"from":%s,"since":"%s","ref":%s,"mode":"%s","pid":%d}\n' \
        "$(json_str "$ID")" "$(json_str "$ACTOR")" "$(json_str "$FROM")" "$(now)" "$(json_str "$(what_runs)")" \
        "$MODE" "$1" >"$LOCK/info.json.tmp" && mv "$LOCK/info.json.tmp" "$LOCK/info.json"
}

case "$MODE" in
lock-status)
    if [ -d "$LOCK" ]; then
        if holder_alive; then alive=true; else alive=false; fi
        printf '{"locked":true,"alive":%s,"holder":%s}\n' "$alive" "$(lock_info)"
    else
        echo '{"locked":false}'
    fi
    exit 0
    ;;
lock-release)
    # Only a stale lock (its holder gone) is released; a running deploy keeps it.
    [ -d "$LOCK" ] || { echo '{"released":false,"reason":"not locked"}'; exit 0; }
    if holder_alive; then
        printf '{"released":false,"reason":"held by a running deploy","holder":%s}\n' "$(lock_info)"
        exit 4
    fi
    info="$(lock_info)"
    rm -rf "$LOCK"
    printf '{"released":true,"holder":%s}\n' "$info"
    exit 0
    ;;
latest)
    # The newest run: its id, whether it still runs, who started what (run.json; {} for a run older than that file),
    # and its result event once it ended (null before).
    latest="$(ls -1t "$DEPLOYS" 2>/dev/null | head -n 1)"
    if [ -z "$latest" ]; then echo '{}'; exit 0; fi
    if [ -d "$LOCK" ] && grep -q "\"id\":\"$latest\"" "$LOCK/info.json" 2>/dev/null && holder_alive; then
        running=true
    else
        running=false
    fi
    run="$(head -n 1 "$DEPLOYS/$latest/run.json" 2>/dev/null)"
    result="$(tail -n 1 "$DEPLOYS/$latest/progress.jsonl" 2>/dev/null | grep '"step":"result"')"
    printf '{"id":%s,"running":%s,"run":%s,"result":%s}\n' "$(json_str "$latest")" "$running" "${run:-{\}}" \
        "${result:-null}"
    exit 0
    ;;
releases)
    # The release log with, for each, whether its images are still there to switch back to.
    [ -f "$RELEASES" ] || exit 0
    tags="$($DOCKER images --format '{{.Tag}}' 2>/dev/null | sort -u)"
    while IFS= read -r line; do
        release="$(printf '%s' "$line" | sed -n 's/.*"release":"\([0-9a-f]*\)".*/\1/p')"
        if [ -n "$release" ] && printf '%s\n' "$tags" | grep -qx "$release"; then retained=true; else retained=false; fi
        printf '%s\n' "${line%\}},\"retained\":$retained}"
    done <"$RELEASES"
    exit 0
    ;;
start | rollback | restore)
    [ -n "$ID" ] && [ -n "$PROJECT" ] || { echo "--id and --project are required" >&2; exit 2; }
    if ! mkdir "$STATE/lock" 2>/dev/null; then
        if holder_alive; then stale=false; else stale=true; fi
        printf '{"started":false,"stale":%s,"holder":%s}\n' "$stale" "$(lock_info)"
        exit 3
    fi
    write_lock_info $$
    # RagDesk's state lives in the checkout's directory: keep it out of git's view (and of `git clean`).
    if [ -d .git ] && ! grep -qx '/.ragdesk/' .git/info/exclude 2>/dev/null; then
        mkdir -p .git/info && echo '/.ragdesk/' >>.git/info/exclude
    fi
    mkdir -p "$DEPLOYS/$ID"
    : >"$DEPLOYS/$ID/progress.jsonl"
    # Detached: its own session, no terminal, stdin closed; the SSH session may end at any time now.
    setsid nohup "$0" "run-$MODE" --stack "$STACK_DIR" --project "$PROJECT" --compose "$COMPOSE" --docker "$DOCKER" \
        --id "$ID" --actor "$ACTOR" --from "$FROM" --ref "$REF" --to "$TARGET" --backup "$BACKUP" \
        --maintenance-flag "$FLAG" --health-timeout "$HEALTH_TIMEOUT" --keep "$KEEP" \
        --restore-file "$RESTORE_FILE" --app-services "$APP_SERVICES" \
        $([ "$ROLLBACK" = 1 ] || echo --no-rollback) \
        >"$DEPLOYS/$ID/output.log" 2>&1 </dev/null &
    runner=$!
    write_lock_info "$runner"
    cp "$LOCK/info.json" "$DEPLOYS/$ID/run.json" # who started what, kept after the lock is gone
    printf '{"started":true,"id":%s,"pid":%d}\n' "$(json_str "$ID")" "$runner"
    exit 0
    ;;
run-start | run-rollback | run-restore) ;;
*)
    echo "usage: $0 start|rollback|lock-status|lock-release|latest|releases --stack DIR ..." >&2
    exit 2
    ;;
esac

# ---- the detached run ----
PROGRESS="$DEPLOYS/$ID/progress.jsonl"
SEQ=0
MAINTENANCE_BY_US=0
FINISHED=0
OUTCOME="failed"
PREVIOUS_RELEASE=""
PREVIOUS_REVISION=""
NEW_RELEASE=""
NEW_REVISION=""

event() { # STEP STATE MESSAGE
    SEQ=$((SEQ + 1))
    printf '{"seq":%d,"time":"%s","step":"%s","state":"%s","message":%s}\n' "$SEQ" "$(now)" "$1" "$2" \
        "$(json_str "$3")" >>"$PROGRESS"
}

# run STEP COMMAND...: the command's output goes to output.log; a failure's last lines go into the event.
run_step() {
    local step="$1" status
    shift
    echo "### ragdesk step $step: $*" >>"$DEPLOYS/$ID/output.log" # the marker Deployer::output splits at
    "$@" >>"$DEPLOYS/$ID/step.log" 2>&1
    status=$?
    cat "$DEPLOYS/$ID/step.log" >>"$DEPLOYS/$ID/output.log"
    if [ "$status" -ne 0 ]; then
        event "$step" failed "exit status $status: $(tail -n 5 "$DEPLOYS/$ID/step.log")"
    fi
    rm -f "$DEPLOYS/$ID/step.log"
    return "$status"
}

# docker-compose v1 is Python: unbuffered, its build output reaches step.log as it comes, for the live step log.
compose() { PYTHONUNBUFFERED=1 $COMPOSE "$@"; }
env_value() { sed -n "s/^$1=//p" .env 2>/dev/null | tail -n 1; }
set_env() {
    if grep -q "^$1=" .env 2>/dev/null; then
        sed -i "s|^$1=.*|$1=$2|" .env
    else
        printf '%s=%s\n' "$1" "$2" >>.env
    fi
}

maintenance() { # on|off
    mkdir -p "$(dirname "$FLAG")"
    if [ "$1" = on ] && [ -e "$FLAG" ]; then
        event maintenance-on skipped "already on before this run: it stays on afterwards"
    elif [ "$1" = on ]; then
        # The flag's line says who holds the page: RagDesk shows it beside the maintenance state.
        printf '%s %s by %s\n' "$RUN_WORD" "$ID" "$ACTOR" >"$FLAG" && MAINTENANCE_BY_US=1 &&
            event maintenance-on ok "maintenance page shown"
    else
        rm -f "$FLAG" && MAINTENANCE_BY_US=0 && event maintenance-off ok "maintenance page removed"
    fi
}

# Healthy: every container of the project running, and healthy where it has a healthcheck. An unhealthy
# container fails at once; otherwise the wait ends at the deadline.
wait_healthy() {
    local deadline=$((SECONDS + HEALTH_TIMEOUT)) states bad waiting
    while :; do
        states="$($DOCKER ps -aq --filter "label=com.docker.compose.project=$PROJECT" |
            xargs -r $DOCKER inspect --format '{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' 2>&1)"
        bad="$(printf '%s\n' "$states" | awk '$3 == "unhealthy" || $2 == "exited" || $2 == "dead" {print $1}' | tr '\n' ' ')"
        waiting="$(printf '%s\n' "$states" | awk 'NF && ($2 != "running" || ($3 != "" && $3 != "healthy")) {print $1}' | tr '\n' ' ')"
        if [ -n "$states" ] && [ -z "$waiting" ]; then
            return 0
        fi
        if [ -n "$bad" ]; then
            event health failed "unhealthy or stopped: $bad"
            return 1
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            event health failed "not healthy after ${HEALTH_TIMEOUT}s: $waiting"
            return 1
        fi
        sleep 2
    done
}

record_release() { # OUTCOME RELEASE REVISION
    local message author authored
    message="$(git log -1 --format=%s "$3" 2>/dev/null)"
    author="$(git log -1 --format=%an "$3" 2>/dev/null)"
    authored="$(git log -1 --format=%cI "$3" 2>/dev/null)"
    printf '{"release":"%s","revision":"%s","message":%s,"author":%s,"committed":"%s","deployed":"%s","by":%s,"from":%s,"id":%s,"outcome":"%s","previous":"%s"}\n' \
        "$2" "$3" "$(json_str "$message")" "$(json_str "$author")" "$authored" "$(now)" "$(json_str "$ACTOR")" \
        "$(json_str "$FROM")" "$(json_str "$ID")" "$1" "$PREVIOUS_RELEASE" >>"$RELEASES"
}

switch_to() { # REVISION: the checkout and .env of a release (compose reads RELEASE for the image tags)
    git checkout --quiet --detach "$1" && set_env REVISION "$1" && set_env RELEASE "$(git rev-parse --short=12 "$1")"
}

finish() {
    local status=$?
    if [ "$FINISHED" = 0 ]; then
        FINISHED=1
        [ "$MAINTENANCE_BY_US" = 1 ] && maintenance off
        # The server's audit log, in RagDesk's record format, whether or not anyone still follows this run.
        printf '{"time":%s,"actor":%s,"stack":"","action":"%s","target":%s,"outcome":"%s","detail":%s}\n' \
            "$(date +%s)" "$(json_str "$ACTOR")" "$RUN_WORD" "$(json_str "${REF:-${TARGET:-$RESTORE_FILE}}")" \
            "$OUTCOME" "$(json_str "run $ID: release ${NEW_RELEASE:-none}, previous ${PREVIOUS_RELEASE:-none}")" \
            >>"$STATE/audit.jsonl"
        event done "$OUTCOME" "release ${NEW_RELEASE:-none}, previous ${PREVIOUS_RELEASE:-none}"
        printf '{"seq":%d,"time":"%s","step":"result","state":"%s","release":"%s","revision":"%s","previous":"%s"}\n' \
            "$((SEQ + 1))" "$(now)" "$OUTCOME" "$NEW_RELEASE" "$NEW_REVISION" "$PREVIOUS_RELEASE" >>"$PROGRESS"
    fi
    rm -rf "$LOCK"
    exit "$status"
}
trap finish EXIT
trap 'OUTCOME=interrupted; exit 130' INT TERM HUP
echo "$$" >"$DEPLOYS/$ID/pid"

PREVIOUS_RELEASE="$(env_value RELEASE)"
PREVIOUS_REVISION="$(env_value REVISION)"
[ -n "$PREVIOUS_REVISION" ] || PREVIOUS_REVISION="$(git rev-parse HEAD 2>/dev/null)"
event lock ok "deploy $ID by $ACTOR from $FROM; running release ${PREVIOUS_RELEASE:-unknown}"

prune_images() {
    # Releases older than the last KEEP lose their images; the running and previous ones always stay.
    local keep old
    keep="$(sed -n 's/.*"release":"\([0-9a-f]*\)".*/\1/p' "$RELEASES" 2>/dev/null | tac | awk '!seen[$0]++' |
        head -n "$KEEP" | tr '\n' ' ') $NEW_RELEASE $PREVIOUS_RELEASE"
    for old in $($DOCKER images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null); do
        case "${old##*/}" in "$PROJECT"-*) ;; *) continue ;; esac
        case " $keep " in *" ${old##*:} "*) continue ;; esac
        printf '%s' "${old##*:}" | grep -qx '[0-9a-f]\{12\}' || continue
        $DOCKER rmi "$old" >/dev/null 2>&1 && echo "pruned $old" >>"$DEPLOYS/$ID/output.log"
    done
}

deploy_to() { # REVISION: build, start and wait; 0 when healthy
    NEW_REVISION="$1"
    NEW_RELEASE="$(git rev-parse --short=12 "$1")"
    switch_to "$1" || { event checkout failed "cannot check out $1"; return 1; }
    event checkout ok "checked out $NEW_RELEASE"
    if [ "$MODE" = run-start ]; then
        event build started "building images tagged $NEW_RELEASE"
        run_step build compose build || return 1
        event build ok "images tagged $NEW_RELEASE"
    fi
    event up started "starting release $NEW_RELEASE"
    run_step up compose up -d --remove-orphans || return 1
    event up ok "containers of $NEW_RELEASE started"
    event health started "waiting up to ${HEALTH_TIMEOUT}s for every container to be healthy"
    wait_healthy || return 1
    event health ok "every container is healthy"
}

roll_back() {
    event rollback started "back to release $PREVIOUS_RELEASE"
    local failed_release="$NEW_RELEASE" failed_revision="$NEW_REVISION"
    if switch_to "$PREVIOUS_REVISION" && run_step up compose up -d --remove-orphans && wait_healthy; then
        event rollback ok "release $PREVIOUS_RELEASE runs again"
        record_release failed "$failed_release" "$failed_revision"
        NEW_RELEASE="$PREVIOUS_RELEASE" NEW_REVISION="$PREVIOUS_REVISION"
        OUTCOME="rolled-back"
    else
        event rollback failed "the previous release did not come back healthy"
        OUTCOME="failed"
    fi
}

# The dump replaces the database in one transaction: a dump that fails to load leaves the old data in place.
restore_dump() {
    gzip -dc "$RESTORE_FILE" | { printf 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;\n'; cat; } |
        compose exec -T postgres sh -c 'psql -v ON_ERROR_STOP=1 --single-transaction -q -U "$POSTGRES_USER" -d "$POSTGRES_DB"'
}

# A restore: a fresh backup first, then the dump replaces the database while the app is stopped behind the
# maintenance page.
if [ "$MODE" = run-restore ]; then
    [ -f "$RESTORE_FILE" ] || { event restore failed "no backup file $RESTORE_FILE"; exit 1; }
    # The files the pre-restore backup wrote are named in its event: the way back if the restore was a mistake.
    backup_dir="$(dirname "$RESTORE_FILE")"
    backups_now() { find "$backup_dir" -maxdepth 1 -type f ! -name '*.partial' -printf '%f\n' 2>/dev/null | sort; }
    backups_before="$(backups_now)"
    event backup started "pre-restore backup: $BACKUP"
    run_step backup bash -c "set -o pipefail; $BACKUP" || exit 1
    written="$(comm -13 <(printf '%s\n' "$backups_before") <(backups_now) | paste -sd ' ' -)"
    event backup ok "pre-restore backup written: ${written:-no new file in $backup_dir}"
    maintenance on
    event stop started "stopping $APP_SERVICES"
    # shellcheck disable=SC2086 # a list of service names
    run_step stop compose stop $APP_SERVICES || exit 1
    event stop ok "$APP_SERVICES stopped"
    event restore started "loading $(basename "$RESTORE_FILE")"
    run_step restore restore_dump || exit 1
    event restore ok "database restored from $(basename "$RESTORE_FILE")"
    event up started "starting $APP_SERVICES"
    run_step up compose up -d --remove-orphans || exit 1
    event up ok "containers started"
    event health started "waiting up to ${HEALTH_TIMEOUT}s for every container to be healthy"
    wait_healthy || exit 1
    event health ok "every container is healthy"
    OUTCOME="restored"
    maintenance off
    exit 0
fi

# 1. Backup
if [ "$MODE" = run-start ]; then
    if [ -n "$BACKUP" ]; then
        event backup started "$BACKUP"
        run_step backup bash -c "set -o pipefail; $BACKUP" || exit 1
        event backup ok "backup written"
    else
        event backup skipped "no backup command for this stack"
    fi
fi

# 2. Maintenance on
maintenance on

# 3. Fetch and resolve the ref
if [ "$MODE" = run-start ]; then
    event fetch started "fetching $REF"
    run_step fetch git fetch --quiet --prune origin || exit 1
    target="$(git rev-parse --verify --quiet "origin/$REF^{commit}" || git rev-parse --verify --quiet "$REF^{commit}")"
    [ -n "$target" ] || { event fetch failed "no commit or branch $REF in origin"; exit 1; }
    event fetch ok "$REF is $(git rev-parse --short=12 "$target")"
else
    target="$(git rev-parse --verify --quiet "$TARGET^{commit}")"
    [ -n "$target" ] || { event fetch failed "no commit $TARGET in the checkout"; exit 1; }
    $DOCKER images --format '{{.Tag}}' | grep -qx "$(git rev-parse --short=12 "$target")" ||
        { event fetch failed "the images of $TARGET are gone (pruned); deploy it instead"; exit 1; }
fi

# 4. Build, up, health; roll back when it fails
if deploy_to "$target"; then
    OUTCOME="$([ "$MODE" = run-start ] && echo deployed || echo rollback)"
    record_release "$OUTCOME" "$NEW_RELEASE" "$NEW_REVISION"
elif [ "$ROLLBACK" = 1 ] && [ -n "$PREVIOUS_REVISION" ] && [ "$PREVIOUS_REVISION" != "$target" ]; then
    roll_back
else
    OUTCOME="failed"
    record_release failed "$NEW_RELEASE" "$NEW_REVISION"
fi

# 5. Maintenance off (only now: the stack is healthy again, or it never will be without a person)
[ "$MAINTENANCE_BY_US" = 1 ] && maintenance off
prune_images
[ "$OUTCOME" = failed ] && exit 1
exit 0
