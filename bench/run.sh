#!/usr/bin/env bash
# Burgerstem's load benchmark (issue 8). One command, from anywhere:
#
#     bench/run.sh
#
# It installs wrk (and curl, sqlite3) from Debian when missing, builds the release binary and the
# fixed-page reference (examples/fixed_page.rs), generates the large database once
# (`burgerstem bench-data`, cached under bench/data/ by a hash of the generator, the migrations
# and its arguments), copies it, starts the server on the copy, logs in, and runs every scenario
# at 1, 8 and 32 connections. Raw outputs and a summary go to bench/out/<time>/.
#
# Settings (environment):
#   BENCH_DURATION=10            seconds per scenario and connection count
#   BENCH_CONNECTIONS="1 8 32"
#   BENCH_ZONES=100 BENCH_ITEMS=200000 BENCH_YEARS=10 BENCH_SEED=8
#   BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:54329/postgres
#                                also run every scenario on PostgreSQL (the role must be able to
#                                create databases; .ci/postgres.sh starts a local cluster)
#   BENCH_ENGINES="sqlite postgres"  which engines to run (postgres only with the URL)
#   CARGO_TARGET_DIR             where cargo builds (default: target/ in the repository)
#   BENCH_SKIP_BUILD=1           use the binaries already built
#   BENCH_SCENARIOS="6-mixed"    only these scenarios (names as in the tables; default all)
#
# The load generator and the server share the machine's cores: on a 2-core machine wrk takes a
# good part of one core, so every figure is "server + client on the same 2 cores".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
DUR="${BENCH_DURATION:-10}"
CONNS="${BENCH_CONNECTIONS:-1 8 32}"
ZONES="${BENCH_ZONES:-100}"
ITEMS="${BENCH_ITEMS:-200000}"
YEARS="${BENCH_YEARS:-10}"
SEED="${BENCH_SEED:-8}"
PASSWORD="bench-burgerstem-2026"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET/release/burgerstem"
FIXED="$TARGET/release/examples/fixed_page"
PORT="${BENCH_PORT:-18080}"
# BENCH_SCENARIOS="6-mixed 6-submit" runs only those (default: every scenario).
SCENARIOS="${BENCH_SCENARIOS:-}"
FIXED_PORT="${BENCH_FIXED_PORT:-18099}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$BENCH/out/$STAMP"
mkdir -p "$OUT" "$BENCH/data"
RESULTS="$OUT/results.tsv"
EXTRA="$OUT/extra.tsv"
printf 'engine\tscenario\tconnections\trequests_per_s\tp50_ms\tp99_ms\tnon_2xx\tsocket_errors\tnote\n' >"$RESULTS"
printf 'engine\tkey\tvalue\n' >"$EXTRA"

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# --- tools ------------------------------------------------------------------------------------
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
need() {
    local cmd=$1 pkg=$2
    command -v "$cmd" >/dev/null 2>&1 && return 0
    log "installing $pkg"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq >&2 || true
    as_root apt-get install -y -qq "$pkg" >&2
}
need curl curl
need sqlite3 sqlite3
if ! command -v wrk >/dev/null 2>&1; then
    need wrk wrk || true
fi
if ! command -v wrk >/dev/null 2>&1; then
    echo "bench: wrk is not available and could not be installed from Debian; install wrk (https://github.com/wg/wrk) and run again" >&2
    exit 1
fi
PSQL=""
if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
    PSQL="$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | tail -1 || true)"
    [ -n "$PSQL" ] || { need psql postgresql-client; PSQL="$(command -v psql)"; }
fi

# --- build ------------------------------------------------------------------------------------
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    log "building the release binary and the fixed-page reference (CARGO_TARGET_DIR=$TARGET)"
    (cd "$ROOT" && CARGO_TARGET_DIR="$TARGET" cargo build --release --bin burgerstem --example fixed_page) >&2
fi

# --- helpers ----------------------------------------------------------------------------------
to_ms() { # wrk latency like 1.23ms, 850.00us, 1.02s -> milliseconds
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
        else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
        else printf "%s", v }'
}

# load ENGINE SCENARIO CONNECTIONS URL [wrk arguments...]
wanted() {
    [ -z "$SCENARIOS" ] || [[ " $SCENARIOS " == *" $1 "* ]]
}

load() {
    [ "$1" != reference ] && ! wanted "$2" && return 0
    [ "$1" != reference ] && settle "http://127.0.0.1:$PORT"
    local engine=$1 name=$2 c=$3 url=$4
    shift 4
    local threads=2
    [ "$c" -lt 2 ] && threads=1
    local f="$OUT/$engine-$name-c$c.txt"
    local load_before cpu_before cpu_after requests
    load_before=$(cut -d' ' -f1 /proc/loadavg)
    [ "$engine" != reference ] && durations >"$f.before"
    cpu_before=$(cpu_ticks)
    wrk -t"$threads" -c"$c" -d"${DUR}s" --timeout 10s --latency "$@" "$url" >"$f" 2>&1 || true
    cpu_after=$(cpu_ticks)
    echo "BENCH load_before $load_before" >>"$f"
    [ "$engine" != reference ] && durations | p99_by_route "$f.before" >>"$f"
    # The server's own CPU time per request: unlike requests/s, hardly affected by what else
    # runs on the machine (includes requests still in flight at the end, so slightly high).
    requests=$(awk '/requests in/ {print $1}' "$f")
    if [ -n "$cpu_before" ] && [ -n "$cpu_after" ] && [ "${requests:-0}" -gt 0 ]; then
        awk -v a="$cpu_before" -v b="$cpu_after" -v n="$requests" -v hz="$(getconf CLK_TCK)" \
            'BEGIN { printf "BENCH server_cpu_ms_per_request %.3f\n", (b - a) * 1000 / hz / n }' >>"$f"
    fi
    local rps p50 p99 non2xx sock
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$f")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$f")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$f")")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$f")
    sock=$(awk '/Socket errors:/ {gsub(",", ""); print $4+$6+$8+$10}' "$f")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$engine" "$name" "$c" "${rps:-0}" "${p50:-}" "${p99:-}" \
        "${non2xx:-0}" "${sock:-0}" "$(grep '^BENCH' "$f" | tr '\n' ' ')" >>"$RESULTS"
    log "$engine $name c=$c: ${rps:-?} req/s, p50 ${p50:-?} ms, p99 ${p99:-?} ms, non-2xx ${non2xx:-0} $(grep '^BENCH' "$f" | tr '\n' ' ')"
}

# The server's histogram of answer times by route (`/metrics`), one bucket per line.
durations() {
    curl -s --max-time 5 "http://127.0.0.1:$PORT/metrics" | grep '^burgerstem_http_request_duration_seconds_bucket' || true
}

# Which routes a load's p99 comes from: from the histogram before the load (file $1) and after
# it (stdin), the bucket that holds each route's 99th percentile, for routes with at least 1 % of
# the load's requests ("p99_by_route GET:/zones/<code>/public<=10ms ...").
p99_by_route() {
    awk -v before="$1" '
        function parse(line, r) {
            match(line, /method="[^"]*"/); r["m"] = substr(line, RSTART + 8, RLENGTH - 9)
            match(line, /route="[^"]*"/); r["r"] = substr(line, RSTART + 7, RLENGTH - 8)
            match(line, /le="[^"]*"/); r["le"] = substr(line, RSTART + 4, RLENGTH - 5)
            r["n"] = $NF
        }
        BEGIN { while ((getline l < before) > 0) { split(l, f, " "); parse(l, r); was[r["m"] ":" r["r"], r["le"]] = f[2] } }
        { parse($0, r); k = r["m"] ":" r["r"]; d = $NF - was[k, r["le"]]
          if (!(k in seen)) { seen[k] = 1; order[++nk] = k }
          les[k, ++nl[k]] = r["le"]; cum[k, nl[k]] = d
          if (r["le"] == "+Inf") { total[k] = d; all += d } }
        END {
            out = "BENCH p99_by_route"
            for (i = 1; i <= nk; i++) { k = order[i]; n = total[k]
                if (n < 0.01 * all || n == 0) continue
                for (j = 1; j <= nl[k]; j++) if (cum[k, j] >= 0.99 * n) break
                le = les[k, j]; out = out " " k "<=" (le == "+Inf" ? "inf" : le * 1000 "ms") "(" n ")" }
            print out
        }'
}

# Lets the server finish what the last load left in flight before the next one starts: waits
# until a cheap page answers within 50 ms again (at most a minute).
settle() {
    local base=$1 deadline=$(($(date +%s) + 60)) t
    while [ "$(date +%s)" -lt "$deadline" ]; do
        t=$(curl -s -o /dev/null -w '%{time_total}' --max-time 5 "$base/login" 2>/dev/null || echo 9)
        awk -v t="$t" 'BEGIN { exit !(t < 0.05) }' && return 0
        sleep 0.5
    done
}

# utime + stime of the process under load (LOAD_PID), in clock ticks.
LOAD_PID=""
cpu_ticks() {
    [ -n "$LOAD_PID" ] && [ -r "/proc/$LOAD_PID/stat" ] || return 0
    awk '{print $14 + $15}' "/proc/$LOAD_PID/stat"
}

extra() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$EXTRA"; log "$1 $2: $3"; }

now_ns() { date +%s%N; }

wait_http() { # URL TIMEOUT_S [PID] -> 0 when it answered 200, 1 on time-out or when PID died
    local url=$1 deadline=$(($(date +%s) + $2)) pid=${3:-}
    while [ "$(date +%s)" -lt "$deadline" ]; do
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" = 200 ] && return 0
        sleep 0.01
    done
    return 1
}

cookie_header() { # curl cookie jar -> "a=b; c=d"
    # HttpOnly cookies are written as "#HttpOnly_host"; real comments start with "# ".
    awk -F'\t' 'NF >= 7 && $1 !~ /^# / {printf "%s%s=%s", (n++ ? "; " : ""), $6, $7}' "$1"
}

login() { # BASE EMAIL JAR
    local base=$1 email=$2 jar=$3 csrf
    rm -f "$jar"
    csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
    curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "email=$email" \
        --data-urlencode "password=$PASSWORD" --data-urlencode "next=/" "$base/login"
    # One page view so the jar holds what a browser would send back.
    curl -s -o /dev/null -c "$jar" -b "$jar" "$base/"
    cookie_header "$jar"
}

SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
FIXED_PID=""
cleanup() {
    stop_server
    if [ -n "$FIXED_PID" ]; then kill "$FIXED_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

# --- the physical limit: a fixed small page -----------------------------------------------------
log "reference: fixed page"
ROCKET_PORT=$FIXED_PORT ROCKET_LOG_LEVEL=off ROCKET_ADDRESS=127.0.0.1 "$FIXED" >"$OUT/fixed_page.log" 2>&1 &
FIXED_PID=$!
LOAD_PID=$FIXED_PID
wait_http "http://127.0.0.1:$FIXED_PORT/" 20 "$FIXED_PID" || { echo "bench: fixed_page did not start" >&2; exit 1; }
for c in $CONNS; do load reference fixed-page "$c" "http://127.0.0.1:$FIXED_PORT/"; done
kill "$FIXED_PID" 2>/dev/null || true
wait "$FIXED_PID" 2>/dev/null || true
FIXED_PID=""

# --- the database -------------------------------------------------------------------------------
KEY="$(cat "$ROOT/src/fixtures/bench.rs" "$ROOT"/migrations/sqlite/*.sql "$ROOT"/migrations/postgres/*.sql | sha256sum | cut -c1-12)-z$ZONES-i$ITEMS-y$YEARS-s$SEED"

sql() { # ENGINE URL QUERY -> one value per line
    if [ "$1" = sqlite ]; then sqlite3 -batch -noheader "${2#sqlite://}" "$3"
    else "$PSQL" "$2" -At -c "$3"; fi
}

prepare_sqlite() { # -> URL of a fresh copy of the cached database
    local cache="$BENCH/data/bench-$KEY.db"
    if [ ! -f "$cache" ]; then
        log "generating the SQLite database ($ZONES zones, $ITEMS items, $YEARS years): once, then cached as $cache"
        rm -f "$cache.tmp" "$cache.tmp-wal" "$cache.tmp-shm"
        (cd "$OUT" && ROCKET_DATA_DIR="$OUT" "$BIN" --database "sqlite://$cache.tmp" bench-data --zones "$ZONES" \
            --items "$ITEMS" --years "$YEARS" --seed "$SEED") | tee "$OUT/bench-data-sqlite.txt" >&2
        mv "$cache.tmp" "$cache"
        rm -f "$cache.tmp-wal" "$cache.tmp-shm"
    else
        log "using the cached database $cache"
    fi
    local run="$BENCH/data/run.db"
    rm -f "$run" "$run-wal" "$run-shm"
    cp "$cache" "$run"
    extra sqlite database_mb "$(($(stat -c %s "$cache") / 1048576))"
    echo "sqlite://$run"
}

prepare_postgres() { # -> URL of a fresh copy (CREATE DATABASE … TEMPLATE) of the cached database
    local base="${BENCH_POSTGRES_URL%/*}" cachedb runurl
    cachedb="bench_$(echo "$KEY" | tr -c 'a-z0-9\n' '_')"
    if [ -z "$("$PSQL" "$BENCH_POSTGRES_URL" -At -c "SELECT 1 FROM pg_database WHERE datname = '$cachedb'")" ]; then
        log "generating the PostgreSQL database $cachedb: once, then kept"
        "$PSQL" "$BENCH_POSTGRES_URL" -q -c "DROP DATABASE IF EXISTS ${cachedb}_tmp" -c "CREATE DATABASE ${cachedb}_tmp" >&2
        (cd "$OUT" && ROCKET_DATA_DIR="$OUT" "$BIN" --database "$base/${cachedb}_tmp" bench-data --zones "$ZONES" \
            --items "$ITEMS" --years "$YEARS" --seed "$SEED") | tee "$OUT/bench-data-postgres.txt" >&2
        "$PSQL" "$BENCH_POSTGRES_URL" -q -c "ALTER DATABASE ${cachedb}_tmp RENAME TO $cachedb" >&2
    else
        log "using the cached PostgreSQL database $cachedb"
    fi
    "$PSQL" "$BENCH_POSTGRES_URL" -q -c "DROP DATABASE IF EXISTS bench_run" -c "CREATE DATABASE bench_run TEMPLATE $cachedb" >&2
    runurl="$base/bench_run"
    extra postgres database_mb "$("$PSQL" "$runurl" -At -c "SELECT pg_database_size(current_database()) / 1048576")"
    echo "$runurl"
}

# --- one engine: start-up, every scenario, memory, verify ----------------------------------------
run_engine() {
    local engine=$1 url=$2
    local base="http://127.0.0.1:$PORT"
    # Scenario data, chosen from the database itself so every run picks the same.
    local zone_id zone item_id citizen staff panel year
    zone_id=$(sql "$engine" "$url" "SELECT zone_id FROM items GROUP BY zone_id ORDER BY ABS(COUNT(*) - 1000), zone_id LIMIT 1")
    zone=$(sql "$engine" "$url" "SELECT code FROM zones WHERE id = $zone_id")
    item_id=$(sql "$engine" "$url" "SELECT i.id FROM items i JOIN events e ON e.subject_type = 'item' AND e.subject_id = i.id WHERE i.zone_id = $zone_id GROUP BY i.id ORDER BY COUNT(*) DESC, i.id LIMIT 1")
    citizen=$(sql "$engine" "$url" "SELECT u.email FROM items i JOIN users u ON u.id = i.author_id WHERE i.id = $item_id")
    panel=$(sql "$engine" "$url" "SELECT p.slug FROM items i JOIN panels p ON p.id = i.panel_id WHERE i.id = $item_id")
    staff=$(sql "$engine" "$url" "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.zone_id = $zone_id AND m.role = 'staff' ORDER BY u.id LIMIT 1")
    year=$(($(date -u +%Y) - 1))
    local timeline="/items/$item_id/timeline" list="/zones/$zone?status=closed&page=2"
    local overview="/zones/$zone/overview" public="/zones/$zone/public" report="/zones/$zone/report?year=$year"
    extra "$engine" scenario_data "zone $zone ($(sql "$engine" "$url" "SELECT COUNT(*) FROM items WHERE zone_id = $zone_id") items); item $item_id ($(sql "$engine" "$url" "SELECT COUNT(*) FROM events WHERE subject_type = 'item' AND subject_id = $item_id") events) by $citizen, panel $panel; staff $staff"

    log "$engine: starting the server"
    local t0 t1
    t0=$(now_ns)
    # From the repository: templates/ and static/ are found relative to it.
    (cd "$ROOT" && exec env ROCKET_DATABASE_URL="$url" ROCKET_DATA_DIR="$OUT/data-$engine" ROCKET_PORT="$PORT" \
        ROCKET_ADDRESS=127.0.0.1 ROCKET_LOG_LEVEL=off BURGERSTEM_LOG=warn "$BIN" serve) >"$OUT/server-$engine.log" 2>&1 &
    SERVER_PID=$!
    LOAD_PID=$SERVER_PID
    wait_http "$base/login" 120 "$SERVER_PID" || { echo "bench: the server did not start (see $OUT/server-$engine.log)" >&2; exit 1; }
    t1=$(now_ns)
    extra "$engine" startup_ms "$(((t1 - t0) / 1000000))"

    local citizen_cookie staff_cookie anon_cookie token
    citizen_cookie=$(login "$base" "$citizen" "$OUT/jar-citizen")
    staff_cookie=$(login "$base" "$staff" "$OUT/jar-staff")
    rm -f "$OUT/jar-anon"
    curl -s -o /dev/null -c "$OUT/jar-anon" "$base$public"
    anon_cookie=$(cookie_header "$OUT/jar-anon")
    token=$(curl -s -H 'Content-Type: application/json' \
        -d "{\"email\":\"$citizen\",\"password\":\"$PASSWORD\"}" "$base/api/v1/tokens" | sed 's/.*"token":"\([^"]*\)".*/\1/')
    for p in "$timeline" "$list" "$overview"; do
        local code
        code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $([ "$p" = "$overview" ] && echo "$staff_cookie" || echo "$citizen_cookie")" "$base$p")
        [ "$code" = 200 ] || { echo "bench: $p answered $code (login failed?)" >&2; exit 1; }
    done

    local c
    for c in $CONNS; do load "$engine" 1-timeline "$c" "$base$timeline" -H "Cookie: $citizen_cookie"; done
    for c in $CONNS; do load "$engine" 2-zone-list "$c" "$base$list" -H "Cookie: $citizen_cookie"; done
    for c in $CONNS; do load "$engine" 3-overview "$c" "$base$overview" -H "Cookie: $staff_cookie"; done
    for c in $CONNS; do load "$engine" 4-public "$c" "$base$public" -H "Cookie: $anon_cookie"; done
    local rc
    rc=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $staff_cookie" "$base$report")
    if [ "$rc" = 404 ]; then
        log "$engine 5-report: not built yet ($report answers 404; it comes with issue 7)"
        printf '%s\t5-report\t-\t\t\t\t\t\tnot built yet (%s answers 404)\n' "$engine" "$report" >>"$RESULTS"
    else
        for c in $CONNS; do load "$engine" 5-report "$c" "$base$report" -H "Cookie: $staff_cookie"; done
    fi
    export BENCH_TOKEN="$token" BENCH_ZONE="$zone" BENCH_PANEL="$panel" BENCH_LUA_DIR="$BENCH/lua"
    export BENCH_CITIZEN_COOKIE="$citizen_cookie" BENCH_STAFF_COOKIE="$staff_cookie" BENCH_ANON_COOKIE="$anon_cookie"
    export BENCH_TIMELINE="$timeline" BENCH_LIST="$list" BENCH_OVERVIEW="$overview" BENCH_PUBLIC="$public"
    # The mixed load before the submissions: run after them, it read a zone that the 7,000 items
    # they add had made eight times larger than the read scenarios' (issue 20, round two).
    for c in $CONNS; do load "$engine" 6-mixed "$c" "$base/" -s "$BENCH/lua/mixed.lua"; done
    for c in $CONNS; do load "$engine" 6-submit "$c" "$base/" -s "$BENCH/lua/submit.lua"; done

    # Search (issue 19): the zone's full-text index through the API, as a citizen of the zone.
    for c in $CONNS; do load "$engine" 8-search "$c" "$base/" -s "$BENCH/lua/search.lua"; done

    extra "$engine" peak_memory_mb "$(awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$SERVER_PID/status")"
    stop_server

    log "$engine: 7 verify"
    local v
    v=$(cd "$OUT" && ROCKET_DATA_DIR="$OUT/data-$engine" "$BIN" --database "$url" verify 2>&1 | tail -1)
    echo "$v" >"$OUT/$engine-7-verify.txt"
    extra "$engine" verify "$v"
    extra "$engine" verify_events_per_s "$(echo "$v" | awk '/^ok:/ {printf "%.0f", $4 / $(NF - 1)}')"
}

ENGINES="${BENCH_ENGINES:-sqlite postgres}"
for engine in $ENGINES; do
    case $engine in
    sqlite) run_engine sqlite "$(prepare_sqlite)" ;;
    postgres)
        if [ -n "${BENCH_POSTGRES_URL:-}" ]; then run_engine postgres "$(prepare_postgres)"
        else log "postgres: skipped (set BENCH_POSTGRES_URL to run it)"; fi ;;
    esac
done

# --- summary ------------------------------------------------------------------------------------
"$BENCH/summary.sh" "$OUT" >"$OUT/summary.md"
cp "$OUT/summary.md" "$BENCH/out/latest-summary.md"
log "done: $OUT/summary.md"
cat "$OUT/summary.md"
