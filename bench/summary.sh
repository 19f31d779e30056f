#!/usr/bin/env bash
# Turns one run's results (bench/out/<time>/results.tsv and extra.tsv) into Markdown tables with
# the ratios to the fixed-page reference and the issue's targets. Called by bench/run.sh.
set -euo pipefail
OUT="$1"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

commit="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
dirty=""
git diff --quiet HEAD 2>/dev/null || dirty=" (with uncommitted changes in the working tree)"
cpu="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
mem="$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"

cat <<EOF
## Run $(basename "$OUT")

- machine: $(nproc) cores ($cpu), $mem RAM, Linux $(uname -r)
- commit: \`$commit\`$dirty
- date: $(date -u +"%Y-%m-%d %H:%M UTC")
- load generator: $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}'), on the same machine as the server (they share the cores)
- duration per scenario and connection count: ${BENCH_DURATION:-10} s

EOF

awk -F'\t' '
FNR == 1 { next }
FILENAME ~ /extra.tsv$/ { x[$1 "|" $2] = $3; next }
{
    key = $1 "|" $2 "|" $3
    rows[++n] = key; rps[key] = $4; p50[key] = $5; p99[key] = $6; bad[key] = $7 + $8; note[key] = $9
    eng[$1] = 1
    if ($1 == "reference") ref[$3] = $4
}
END {
    print "### Reference: a fixed small page (the physical limit)\n"
    print "| connections | requests/s | p50 ms | p99 ms |"
    print "|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) { split(rows[i], k, "|"); if (k[1] == "reference")
        printf "| %s | %.0f | %.2f | %.2f |\n", k[3], rps[rows[i]], p50[rows[i]], p99[rows[i]] }
    split("sqlite postgres", engines, " ")
    for (e = 1; e <= 2; e++) {
        en = engines[e]
        if (!(en in eng)) continue
        printf "\n### %s\n\n", (en == "sqlite" ? "SQLite" : "PostgreSQL")
        print "| scenario | connections | requests/s | ratio to fixed page | p50 ms | p99 ms | errors | notes |"
        print "|---|---:|---:|---:|---:|---:|---:|---|"
        for (i = 1; i <= n; i++) {
            split(rows[i], k, "|"); if (k[1] != en) continue
            r = rows[i]
            if (k[3] == "-") { printf "| %s | | | | | | | %s |\n", k[2], note[r]; continue }
            ratio = (ref[k[3]] > 0) ? sprintf("%.2f", rps[r] / ref[k[3]]) : ""
            printf "| %s | %s | %.0f | %s | %.2f | %.2f | %d | %s |\n", k[2], k[3], rps[r], ratio, p50[r], p99[r], bad[r], note[r]
        }
        printf "\n- start-up to first served request: %s ms\n", x[en "|startup_ms"]
        printf "- server peak memory (VmHWM): %s MB\n", x[en "|peak_memory_mb"]
        printf "- verify: %s (%s events/s)\n", x[en "|verify"], x[en "|verify_events_per_s"]
        printf "- database: %s MB; scenario data: %s\n", x[en "|database_mb"], x[en "|scenario_data"]
    }
    # Targets (SQLite, 32 connections).
    print "\n### Targets (SQLite, 32 connections)\n"
    print "| target | measured | met? |"
    print "|---|---|---|"
    c = "32"
    split("1-timeline 2-zone-list 3-overview 4-public", reads, " ")
    for (j = 1; j <= 4; j++) {
        r = "sqlite|" reads[j] "|" c
        if (!(r in rps)) continue
        ok = (rps[r] > 0 && rps[r] >= 2000 && p99[r] < 25 && rps[r] >= ref[c] / 3)
        printf "| %s: >= 2000 req/s, p99 < 25 ms, >= 1/3 of the fixed page | %.0f req/s, p99 %.1f ms, %.2f of the fixed page | %s |\n", reads[j], rps[r], p99[r], rps[r] / ref[c], ok ? "met" : "**missed**"
    }
    r = "sqlite|5-report|" c
    if (r in rps) printf "| 5-report: p99 < 100 ms | %.0f req/s, p99 %.1f ms | %s |\n", rps[r], p99[r], (rps[r] > 0 && p99[r] < 100 ? "met" : "**missed**")
    else print "| 5-report: p99 < 100 ms | not built yet | n/a |"
    r = "sqlite|6-submit|" c
    if (r in rps) {
        ips = note[r]; sub(/.*items_per_sec /, "", ips); sub(/ .*/, "", ips)
        printf "| 6-submit: >= 300 submissions/s, p99 < 50 ms (synchronous=FULL) | %.0f write requests/s = %s items created and submitted/s, p99 %.1f ms | %s |\n", rps[r], ips, p99[r], (ips + 0 >= 300 && p99[r] < 50) ? "met" : "**missed**"
    }
    r = "sqlite|6-mixed|" c
    if (r in rps) printf "| 6-mixed: read targets within 20 %% (>= 1600 req/s, p99 < 30 ms) | %.0f req/s, p99 %.1f ms | %s |\n", rps[r], p99[r], (rps[r] >= 1600 && p99[r] < 30) ? "met" : "**missed**"
    v = x["sqlite|verify_events_per_s"]
    if (v != "") printf "| 7-verify: >= 500,000 events/s | %s events/s | %s |\n", v, (v + 0 >= 500000 ? "met" : "**missed**")
    m = x["sqlite|peak_memory_mb"]
    if (m != "") printf "| peak memory < 150 MB | %s MB | %s |\n", m, (m + 0 < 150 ? "met" : "**missed**")
    s = x["sqlite|startup_ms"]
    if (s != "") printf "| start-up to first served request < 1 s | %s ms | %s |\n", s, (s + 0 < 1000 ? "met" : "**missed**")
}' "$OUT/extra.tsv" "$OUT/results.tsv"
