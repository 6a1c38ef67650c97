#!/usr/bin/env bash
# The production sequence of docs/production.md, on a fresh temporary clone of this repository's
# committed HEAD: install, build, keep only production dependencies, then run the compiled
# program with node alone. Checks that /healthz answers, that the process tree is node and
# nothing else (no npm, no tsx), and that SIGTERM to that PID drains, exits 0 and frees the port.
# The Dockerfile's RUN steps are these same commands (tests/packaging/dockerfile.test.ts).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
server_pid=""
fail() {
  echo "production check FAILED: $*" >&2
  if [[ -f "$work/server.log" ]]; then sed 's/^/  server: /' "$work/server.log" >&2; fi
  exit 1
}
cleanup() {
  # Only the server this script started, by its PID.
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid"; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== fresh clone of $(git -C "$repo" rev-parse --short HEAD) into $work/app (committed files only)"
git clone --quiet --no-hardlinks "$repo" "$work/app"
cd "$work/app"

echo "== the production sequence"
npm ci --no-audit --no-fund
npm run build
npm prune --omit=dev

for dev in tsx typescript vitest wrangler; do
  [[ ! -e "node_modules/$dev" ]] || fail "$dev is still installed after npm prune --omit=dev"
done
bin="$(node -p 'require("./package.json").bin["feed-publisher"]')"
[[ -f "$bin" ]] || fail "package.json's bin $bin was not built"

echo "== node $bin --version, --help, check, export (production dependencies only)"
node "$bin" --version
node "$bin" --help > /dev/null
node "$bin" check seeds
ID_AUTHORITY=ci.example.org,2025 BASE_URL=https://ci.example.org \
  node "$bin" export --out "$work/site"
[[ -f "$work/site/feed.xml" ]] || fail "export wrote no feed.xml"

echo "== node $bin serve"
port="$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
HOST=127.0.0.1 PORT="$port" SEEDS_DIR=seeds ACCESS_LOG=on CACHE_DIR="$work/cache" \
  node "$bin" serve > "$work/server.log" 2>&1 &
server_pid=$!

healthz() {
  node -e "fetch('http://127.0.0.1:$port/healthz').then(async (r) => { if (!r.ok) process.exit(1); console.log(await r.text()); }, () => process.exit(1))"
}
for _ in $(seq 1 150); do
  if health="$(healthz 2>/dev/null)"; then break; fi
  kill -0 "$server_pid" 2>/dev/null || fail "the server exited while starting"
  sleep 0.2
done
[[ -n "${health:-}" ]] || fail "/healthz did not answer within 30 s"
echo "/healthz: $health"
# The restart cache must work from compiled code too (its parser fingerprint hashes what runs).
if grep -q "cannot fingerprint" "$work/server.log"; then fail "the built server cannot use its cache"; fi

echo "== process tree of the server (ps -o pid,ppid,cmd)"
ps -o pid,ppid,cmd -p "$server_pid"
# ps exits 1 when it finds no process: no child is what we want.
children="$(ps -o pid=,ppid=,cmd= --ppid "$server_pid" || true)"
command="$(ps -o cmd= -p "$server_pid")"
[[ "$command" == "node $bin serve" ]] || fail "the server runs as '$command', not 'node $bin serve'"
[[ -z "$children" ]] || fail "the server has child processes: $children"

echo "== SIGTERM to $server_pid"
kill -TERM "$server_pid"
# Bounded: the server's own grace period is 10 s.
( sleep 20 && kill -KILL "$server_pid" 2>/dev/null ) &
watchdog=$!
set +e
wait "$server_pid"
code=$?
set -e
kill "$watchdog" 2>/dev/null || true
server_pid=""
[[ "$code" -eq 0 ]] || fail "the server exited with $code after SIGTERM, not 0"
grep -q "SIGTERM: finishing in-flight requests" "$work/server.log" || fail "no drain message"
node -e "require('node:net').createServer().once('error', () => process.exit(1)).listen($port, '127.0.0.1', function () { this.close(); })" \
  || fail "port $port is still taken after the server exited"

echo "production check passed: built, pruned, served by node alone, drained on SIGTERM, port freed"
