#!/usr/bin/env bash
# Schemathesis against /api/v1/openapi.json: a demo installation in a throwaway folder, served by
# the debug binary, driven with a citizen's, a staff member's and an administrator's token.
# Installs Schemathesis from PyPI into target/schemathesis-venv once (pinned); offline afterwards.
# Usage: tests/schemathesis/run.sh [extra schemathesis arguments]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
VERSION=4.32.5
VENV="${SCHEMATHESIS_VENV:-$ROOT/target/schemathesis-venv}"
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$VERSION"; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "schemathesis==$VERSION"
fi
if [ -z "${BURGERSTEM_BIN:-}" ]; then
    cargo build --quiet --bin burgerstem
fi
BIN="${BURGERSTEM_BIN:-$ROOT/target/debug/burgerstem}"

WORK="$(mktemp -d)"
PORT="${SCHEMATHESIS_PORT:-8311}"
cleanup() {
    [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
export BURGERSTEM_DATABASE_URL="sqlite://$WORK/demo.db"
export ROCKET_DATABASE_URL="$BURGERSTEM_DATABASE_URL" ROCKET_DATA_DIR="$WORK" ROCKET_PORT="$PORT"
export ROCKET_PUBLIC_URL="http://127.0.0.1:$PORT" ROCKET_SMTP_HOST="" BURGERSTEM_LOG=warn
PASSWORD=demostreek-2026
(cd "$WORK" && "$BIN" demo --password "$PASSWORD" >/dev/null)
# Administrators get a token only with a second factor: give the demo's one a known secret.
SECRET=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP
python3 - "$WORK/demo.db" "$SECRET" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE users SET totp_secret = ?, totp_enabled_at = '2026-01-01T00:00:00Z' "
           "WHERE email = 'beheerder@demostreek.example'", (sys.argv[2],))
db.commit()
PY
(cd "$WORK" && exec "$BIN" serve >"$WORK/server.log" 2>&1) &
SERVER=$!
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break
    sleep 0.2
done
totp() {
    python3 -c 'import base64,hashlib,hmac,struct,sys,time
k = base64.b32decode(sys.argv[1]); m = struct.pack(">Q", int(time.time()) // 30)
h = hmac.new(k, m, hashlib.sha1).digest(); o = h[-1] & 15
print("%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000))' "$SECRET"
}
ROLES="${SCHEMATHESIS_ROLES:-an@demostreek.example medewerker@demostreek.example beheerder@demostreek.example}"
token() {
    curl -sf -H 'Content-Type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"$PASSWORD\",\"code\":\"$(totp)\"}" \
        "http://127.0.0.1:$PORT/api/v1/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
# All tokens first: the run itself makes the sign-in throttle refuse this address for a while.
declare -A TOKENS
for who in $ROLES; do
    TOKENS[$who]="$(token "$who")"
done
status=0
for who in $ROLES; do
    echo "== Schemathesis as $who"
    # From the throwaway folder, so Schemathesis's own cache stays out of the checkout.
    (cd "$WORK" && "$VENV/bin/schemathesis" --config-file "$ROOT/tests/schemathesis/schemathesis.toml" run \
        "http://127.0.0.1:$PORT/api/v1/openapi.json" \
        -H "Authorization: Bearer ${TOKENS[$who]}" "$@") || status=1
done
if [ "$status" != 0 ]; then
    echo "== Server log (warnings and errors)"
    tail -50 "$WORK/server.log"
fi
exit "$status"
