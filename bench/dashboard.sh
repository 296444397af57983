#!/usr/bin/env bash
# Benchmark of issue 5: consolidation and the plan dashboard at 500 organisations × 30
# activities with 50,000 products, on a fresh SQLite data directory. Loopback only, bounded
# (wrk -d 10s). Usage: bench/dashboard.sh [DATA_DIR]   (needs Debian's wrk)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${1:-$(mktemp -d /tmp/lantoa-bench-XXXX)}"
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/lantoa"
PORT="${PORT:-18090}"
command -v wrk >/dev/null || { echo "install wrk: apt-get install wrk" >&2; exit 1; }
cargo build --release -q -p lantoa
"$BIN" --data-dir "$DATA" bench-data --orgs 500 --activities 30 --products 50000 2>/dev/null
"$BIN" --data-dir "$DATA" bench-consolidate --period 2024 --iterations 30
printf 'Mat-khau-do-hieu-nang-1\n' | "$BIN" --data-dir "$DATA" user create --email bench@lantoa.test --name "Đo hiệu năng" --plan-owner --system-admin --password-stdin >/dev/null
"$BIN" --data-dir "$DATA" serve --addr "127.0.0.1:$PORT" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
JAR="$DATA/cookies"
TOKEN=$(curl -s -c "$JAR" "http://127.0.0.1:$PORT/dang-nhap" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "_csrf=$TOKEN" --data-urlencode "email=bench@lantoa.test" --data-urlencode "password=Mat-khau-do-hieu-nang-1" "http://127.0.0.1:$PORT/dang-nhap"
SESSION=$(awk '$6=="lantoa_session"{print $7}' "$JAR")
URL="http://127.0.0.1:$PORT/quan-tri/ke-hoach/ke-hoach-do-hieu-nang"
test "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: lantoa_session=$SESSION" "$URL")" = 200
echo "dashboard page ($URL), 8 connections, 10 s:"
wrk -t2 -c8 -d10s --latency -H "Cookie: lantoa_session=$SESSION" "$URL" | grep -E "Requests/sec|Latency|50%|90%|99%"
