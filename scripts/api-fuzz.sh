#!/usr/bin/env bash
# Fuzz /api/v2 with schemathesis (--checks all) against a real server on PostgreSQL, as the
# hardening issue asks: demo data, gunicorn, a fresh database. Prints schemathesis' report; the
# access log's status counts follow it (a 5xx line there is a server error).
#   MINUTES=10 PG=postgres://postgres@127.0.0.1:5432 bash scripts/api-fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${MINUTES:-10}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
PORT=${PORT:-8612}
DB=openoms_fuzz
BIN=.venv/bin
"$BIN/pip" install --quiet -e '.[fuzz]' >/dev/null
psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
export OPENOMS_DATABASE_URL="$PG/$DB"
export OPENOMS_DATA_DIR; OPENOMS_DATA_DIR=$(mktemp -d)
export OPENOMS_SECRET_KEY; OPENOMS_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
export OPENOMS_SECRETS_KEYS; OPENOMS_SECRETS_KEYS=$("$BIN/openoms" secrets new-key | tail -n1)
"$BIN/openoms" migrate -v0
"$BIN/openoms" seed-demo >/dev/null
KEY=$("$BIN/openoms" apikey create --account NORTHWIND-APPAREL --name fuzz | tail -n1)
"$BIN/openoms" serve --host 127.0.0.1 --port "$PORT" >"$OPENOMS_DATA_DIR/access.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/v2/health" && break; sleep 0.2; done
"$BIN/schemathesis" run "http://127.0.0.1:$PORT/api/v2/openapi.json" --checks all \
  -H "X-API-Key: $KEY" --max-time $((MINUTES * 60)) --continue-on-failure -w 2 || true
echo "== responses by status (access log)"
grep -oE '" [0-9]{3} ' "$OPENOMS_DATA_DIR/access.log" | sort | uniq -c
! grep -qE '" 5[0-9]{2} ' "$OPENOMS_DATA_DIR/access.log"
