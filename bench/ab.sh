#!/usr/bin/env bash
# Same-hour A/B of two builds on one scenario: each binary in turn serves a fresh copy of the
# cached benchmark database (made by bench/run.sh), and wrk drives the scenario's Lua script.
# The virtual machine's speed drifts by 20 % from hour to hour; two binaries compared this way,
# alternately, minutes apart, differ by what changed between them.
#
#   bench/ab.sh OLD_BINARY NEW_BINARY [submit|mixed|search] ["1 8 32"]
#
# Both serve the repository's templates/; an older binary from before a template change needs
# its own: OLD_TEMPLATES=/path/to/its/templates (e.g. `git archive REV templates | tar -x -C DIR`).
#
# Prints one line per binary and connection count: requests/s, p50, p99, the script's own
# counters, and the server's CPU time per request.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OLD=$1 NEW=$2 SCRIPT=${3:-submit} CONNS=${4:-"1 8 32"}
PORT=${BENCH_PORT:-18181}
B="http://127.0.0.1:$PORT"
PASSWORD="bench-burgerstem-2026"
CACHE=$(ls -t "$ROOT"/bench/data/bench-*.db 2>/dev/null | head -1)
[ -n "$CACHE" ] || { echo "ab: no cached database; run bench/run.sh once" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

q() { sqlite3 -readonly "$CACHE" "$1"; }
ZONE_ID=$(q "SELECT zone_id FROM items GROUP BY zone_id ORDER BY ABS(COUNT(*) - 1000), zone_id LIMIT 1")
ZONE=$(q "SELECT code FROM zones WHERE id = $ZONE_ID")
ITEM=$(q "SELECT i.id FROM items i JOIN events e ON e.subject_type = 'item' AND e.subject_id = i.id WHERE i.zone_id = $ZONE_ID GROUP BY i.id ORDER BY COUNT(*) DESC, i.id LIMIT 1")
CITIZEN=$(q "SELECT u.email FROM items i JOIN users u ON u.id = i.author_id WHERE i.id = $ITEM")
PANEL=$(q "SELECT p.slug FROM items i JOIN panels p ON p.id = i.panel_id WHERE i.id = $ITEM")
STAFF=$(q "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.zone_id = $ZONE_ID AND m.role = 'staff' ORDER BY u.id LIMIT 1")

cookies() { awk -F'\t' 'NF >= 7 && $1 !~ /^# / {printf "%s%s=%s", (n++ ? "; " : ""), $6, $7}' "$1"; }
login() {
    local jar="$WORK/jar-$1" csrf
    csrf=$(curl -s -c "$jar" -b "$jar" "$B/login" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
    curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "email=$1" \
        --data-urlencode "password=$PASSWORD" --data-urlencode "next=/" "$B/login"
    curl -s -o /dev/null -c "$jar" -b "$jar" "$B/"
    cookies "$jar"
}

run() {
    local bin=$1 tdir=${2:-$ROOT/templates} db="$WORK/run.db" pid c
    rm -f "$db" "$db-wal" "$db-shm"
    cp "$CACHE" "$db"
    ROCKET_DATABASE_URL="sqlite://$db" ROCKET_DATA_DIR="$WORK/data" ROCKET_PORT=$PORT ROCKET_ADDRESS=127.0.0.1 \
        ROCKET_TEMPLATE_DIR="$tdir" ROCKET_LOG_LEVEL=off BURGERSTEM_LOG=warn "$bin" serve >"$WORK/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do curl -s -o /dev/null "$B/login" && break; sleep 0.2; done
    # The deadline keeper's first pass over the whole database runs at start.
    sleep 5
    export BENCH_TOKEN BENCH_ZONE=$ZONE BENCH_PANEL=$PANEL BENCH_LUA_DIR="$ROOT/bench/lua"
    BENCH_TOKEN=$(curl -s -H 'Content-Type: application/json' -d "{\"email\":\"$CITIZEN\",\"password\":\"$PASSWORD\"}" \
        "$B/api/v1/tokens" | sed 's/.*"token":"\([^"]*\)".*/\1/')
    export BENCH_CITIZEN_COOKIE BENCH_STAFF_COOKIE BENCH_ANON_COOKIE
    BENCH_CITIZEN_COOKIE=$(login "$CITIZEN")
    BENCH_STAFF_COOKIE=$(login "$STAFF")
    curl -s -o /dev/null -c "$WORK/jar-anon" "$B/zones/$ZONE/public"
    BENCH_ANON_COOKIE=$(cookies "$WORK/jar-anon")
    export BENCH_TIMELINE="/items/$ITEM/timeline" BENCH_LIST="/zones/$ZONE?status=closed&page=2"
    export BENCH_OVERVIEW="/zones/$ZONE/overview" BENCH_PUBLIC="/zones/$ZONE/public"
    for c in $CONNS; do
        local t=2 a b n out
        [ "$c" -lt 2 ] && t=1
        a=$(awk '{print $14 + $15}' "/proc/$pid/stat")
        out=$(wrk -t$t -c"$c" -d"${BENCH_DURATION:-10}s" --latency -s "$ROOT/bench/lua/$SCRIPT.lua" "$B/" 2>&1)
        b=$(awk '{print $14 + $15}' "/proc/$pid/stat")
        n=$(echo "$out" | awk '/requests in/ {print $1}')
        echo "$(basename "$bin") $SCRIPT c=$c: $(echo "$out" | awk '/Requests\/sec/ {printf "%s req/s ", $2} $1 == "50%" {printf "p50 %s ", $2} $1 == "99%" {printf "p99 %s ", $2}')$(echo "$out" | grep '^BENCH' | tr '\n' ' ')cpu_ms/req $(awk -v a="$a" -v b="$b" -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", (b - a) * 1000 / hz / n}')"
    done
    kill "$pid"
    wait "$pid" 2>/dev/null || true
}

run "$OLD" "${OLD_TEMPLATES:-}"
run "$NEW"
