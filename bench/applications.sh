#!/usr/bin/env bash
# Benchmark of issue 4: a burst of 2,000 online applications in 10 s from 200 concurrent
# clients on SQLite (synchronous=FULL, the default); no application may be lost and no
# reference code issued twice. Loopback only, bounded (2,000 requests, ~10 s).
# Usage: bench/applications.sh [DATA_DIR]  (a fresh directory each run; APPLICATIONS, CLIENTS,
# BURST_SECONDS override 2000, 200, 10: BURST_SECONDS=1 finds the capacity)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${1:-$(mktemp -d /tmp/lantoa-bench-apply-XXXX)}"
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/lantoa"
PORT="${PORT:-18091}"
cargo build --release -q -p lantoa
# Each client sends from its own address (X-Forwarded-For), as 200 phones would; the
# per-address limit (30 an hour) stays on.
export LANTOA_SERVER_TRUST_FORWARDED_FOR=true
"$BIN" --data-dir "$DATA" serve --demo --addr "127.0.0.1:$PORT" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
"$BIN" --data-dir "$DATA" bench-apply --url "http://127.0.0.1:$PORT" --applications "${APPLICATIONS:-2000}" --clients "${CLIENTS:-200}" --seconds "${BURST_SECONDS:-10}"
