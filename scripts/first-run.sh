#!/usr/bin/env bash
# A new user's first run: clone, `npm ci`, `npm start`, and /healthz must answer within 60 s of start.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
port="${FIRST_RUN_PORT:-3917}"
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

git clone --quiet "$root" "$work/clone" || exit 1
cd "$work/clone" || exit 1
# Reuse the npm cache: the registry is reachable but slow; this is still a clean install.
npm ci --no-audit --no-fund --prefer-offline >"$work/npm-ci.log" 2>&1 || { tail -20 "$work/npm-ci.log"; exit 1; }

PORT="$port" HTTPS=0 npm start >"$work/start.log" 2>&1 &
pid=$!
started=$(date +%s)
while :; do
  if curl -fsS "http://127.0.0.1:${port}/healthz" >/dev/null 2>&1; then
    echo "healthz answered $(( $(date +%s) - started )) s after npm start"
    grep -q "Contact Sync for Business Central is running" "$work/start.log" || { echo "no start banner"; exit 1; }
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "npm start exited:"; tail -30 "$work/start.log"; exit 1
  fi
  if [ $(( $(date +%s) - started )) -ge 60 ]; then
    echo "no /healthz within 60 s:"; tail -30 "$work/start.log"; exit 1
  fi
  sleep 1
done
