#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, lints, every Rust test on SQLite and on
# PostgreSQL, and the browser tests in headless Chromium. Installs what it needs first.
#
#   LANTOA_TEST_DATABASE_URL  PostgreSQL server for the tests (default: the local one,
#                             postgres://postgres@127.0.0.1:5432/test). Required: the run
#                             fails if it is unreachable.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

step() { printf '\n==> %s\n' "$*"; }

step "installing test dependencies"
LANTOA_TEST_DEPS="$("$ROOT/scripts/test-deps.sh")"
export LANTOA_TEST_DEPS
export LANTOA_REQUIRE_TEST_DEPS=1
export LANTOA_TEST_DATABASE_URL="${LANTOA_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"

step "checking PostgreSQL at ${LANTOA_TEST_DATABASE_URL%%\?*}"
hostport="${LANTOA_TEST_DATABASE_URL#*@}"; hostport="${hostport%%/*}"
host="${hostport%%:*}"; port="${hostport##*:}"; [ "$port" = "$hostport" ] && port=5432
if ! timeout 5 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null; then
  echo "PostgreSQL is unreachable at $host:$port (LANTOA_TEST_DATABASE_URL); the suite needs it." >&2
  exit 1
fi

step "JavaScript unit tests (node: the editor's paste cleaner)"
node --test "$ROOT"/tests/js/*.test.mjs

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test (SQLite and PostgreSQL)"
cargo test --workspace --locked

step "browser tests (headless Chromium)"
cargo build --locked -p lantoa
LANTOA_TEST_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/lantoa" node --test --test-concurrency=1 "$ROOT"/tests/browser/*.test.mjs
