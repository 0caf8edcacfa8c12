#!/usr/bin/env bash
# API fuzzing: schemathesis against /api/v1/openapi.json of a debug gateway on a fresh
# SQLite database seeded with the demo catalogue, once as a guest and once with the demo
# shopper's token. Bounded in examples per operation and in time. Prints the number of
# responses, of 5xx answers and of answers that contradict the document (undocumented
# status code, body not matching its schema, wrong content type); exits 1 if either is
# not zero.
#
#   scripts/fuzz-api.sh                      # builds target/debug/ocop if needed
#   OCOP_BIN=path/to/ocop FUZZ_EXAMPLES=50 FUZZ_MAX_TIME=120 scripts/fuzz-api.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
EXAMPLES=${FUZZ_EXAMPLES:-25}
MAX_TIME=${FUZZ_MAX_TIME:-75}
SEED=${FUZZ_SEED:-1414}
TARGET=${CARGO_TARGET_DIR:-target}
BIN=${OCOP_BIN:-$TARGET/debug/ocop}

if ! command -v schemathesis >/dev/null || [ "$(schemathesis --version | awk '{print $NF}')" != "$SCHEMATHESIS_VERSION" ]; then
  python3 -m pip install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
if [ -z "${OCOP_BIN:-}" ]; then
  # The test build links target/debug/ocop with the features the suites use (a plain
  # `cargo build --bin ocop` unifies features differently and rebuilds every crate).
  ${CARGO:-cargo} test -q --workspace --no-run
fi

work=$(mktemp -d)
port=${FUZZ_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
base="http://127.0.0.1:$port"
export OCOP_ENV=development OCOP_DATA_DIR="$work/data" OCOP_LISTEN="127.0.0.1:$port" OCOP_WEB_DIR="$PWD/web"
unset OCOP_DATABASE_URL OCOP_REDIS_URL
"$BIN" seed --demo >"$work/seed.log" 2>&1
"$BIN" serve >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  curl -fs "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "$base/healthz" >/dev/null || { echo "gateway did not start"; cat "$work/serve.log"; exit 1; }

token=$(curl -fs -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"khach@choocop.vn","password":"ocop-demo-2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance
# The coverage phase is left out: on this Python (3.11.7) it stops with an internal
# "AST constructor recursion depth mismatch" error inside schemathesis.
run() { # name, extra args…
  local name=$1
  shift
  echo "== schemathesis as $name: ≤ $EXAMPLES examples per operation, ≤ ${MAX_TIME}s =="
  set +e
  schemathesis run "$base/api/v1/openapi.json" --url "$base" --checks "$checks" \
    --max-examples "$EXAMPLES" --max-time "$MAX_TIME" --seed "$SEED" --workers 2 \
    --phases examples,fuzzing --suppress-health-check all --no-color \
    --report ndjson --report-ndjson-path "$work/$name.ndjson" "$@" >"$work/$name.log" 2>&1
  set -e
  tail -n 40 "$work/$name.log"
}
run guest
# Logging out would revoke the token the rest of the run uses; the guest run covers it.
run shopper -H "Authorization: Bearer $token" --exclude-path /api/v1/auth/logout

python3 scripts/fuzz-count.py "$work/guest.ndjson" "$work/shopper.ndjson"
