#!/usr/bin/env bash
# A new user's first run, as the README's first lines say: clone, `npm install`, `npm start`; /healthz
# must answer within 60 s of start, and the task pane (built in the background by npm start) must be
# served within 240 s. `npm install`, not `npm ci`: this is what a new user types. The lockfile check
# `npm ci` makes is kept here (the install must leave package.json and package-lock.json as cloned),
# and .ci/run installs its own dependencies with `npm ci`.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
port="${FIRST_RUN_PORT:-3917}"
cleanup() {
  # npm start runs in its own process group: stop it with the pane build it started.
  [ -n "${pid:-}" ] && kill -- "-$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

git clone --quiet "$root" "$work/clone" || exit 1
cd "$work/clone" || exit 1
# Reuse the npm cache: the registry is reachable but slow; this is still a clean install.
npm install --no-audit --no-fund --prefer-offline >"$work/npm-install.log" 2>&1 || { tail -20 "$work/npm-install.log"; exit 1; }
changed="$(git status --porcelain -- package.json package-lock.json)"
[ -z "$changed" ] || { echo "npm install changed what was cloned (commit the updated lockfile):"; echo "$changed"; exit 1; }
# The README names the packages whose install scripts npm warns about ("nothing needs approving"):
# a package npm names that the README does not is a warning a new user gets unexplained.
unnamed=""
for pkg in $(sed -n 's/^npm warn install-scripts  *\(@\{0,1\}[^@ ]*\)@.*/\1/p' "$work/npm-install.log"); do
  grep -q "\`$pkg\`" README.md || unnamed="$unnamed $pkg"
done
[ -z "$unnamed" ] || { echo "npm install warns about install scripts of packages README.md does not name:$unnamed"; exit 1; }

# A server already on the port (another first run, a helper's npm start) would answer /healthz for
# this one, which npm start refuses to share: say so instead of timing a server that is not ours.
if curl -fsS "http://127.0.0.1:${port}/healthz" >/dev/null 2>&1; then
  echo "port ${port} is already in use by another server: set FIRST_RUN_PORT to a free port"; exit 1
fi
# Job control puts npm start in a process group of its own, so cleanup stops all of it.
set -m
PORT="$port" HTTPS=0 npm start >"$work/start.log" 2>&1 &
pid=$!
started=$(date +%s)
while :; do
  if curl -fsS "http://127.0.0.1:${port}/healthz" >/dev/null 2>&1; then
    echo "healthz answered $(( $(date +%s) - started )) s after npm start"
    grep -q "Contact Sync for Business Central is running" "$work/start.log" || { echo "no start banner"; exit 1; }
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "npm start exited:"; tail -30 "$work/start.log"; exit 1
  fi
  if [ $(( $(date +%s) - started )) -ge 60 ]; then
    echo "no /healthz within 60 s:"; tail -30 "$work/start.log"; exit 1
  fi
  sleep 1
done

# The pane: npm start builds it because the clone has no dist/.
while :; do
  if curl -fsS "http://127.0.0.1:${port}/taskpane.html" 2>/dev/null | grep -q '<script'; then
    echo "task pane served $(( $(date +%s) - started )) s after npm start"
    exit 0
  fi
  if [ $(( $(date +%s) - started )) -ge 240 ]; then
    echo "task pane not built within 240 s:"; tail -20 "$work/clone/data/pane-build.log" 2>/dev/null; exit 1
  fi
  sleep 2
done
