#!/usr/bin/env bash
# Measures ./numbat demo end to end on this machine:
#   ready_s    seconds from starting ./numbat demo to its 'numbat ready' line (includes any build)
#   running_s  seconds from 'numbat ready' until the deployer's REST API lists a node it launched
#              for a scaling decision as RUNNING (its DeploymentEvent RUNNING is published then)
#   rss_mb     resident memory of the demo's process tree (the JVM and the registry child) 60 s after ready
#   stop_s     seconds from SIGTERM until every process of the tree is gone
# Usage: bench/scripts/demo-startup.sh [extra ./numbat demo args]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="$(mktemp)"; ERR="$(mktemp)"
trap 'rm -f "$OUT" "$ERR"' EXIT

now() { date +%s.%N; }
start=$(now)
setsid "$ROOT/numbat" demo "$@" >"$OUT" 2>"$ERR" &
pid=$!

until grep -q '^numbat ready$' "$OUT"; do
  kill -0 "$pid" 2>/dev/null || { echo "demo exited early:"; tail -20 "$ERR"; exit 1; }
  sleep 0.1
done
ready=$(now)
deployer=$(sed -n 's/^deployer=//p' "$OUT")
# the deployer's REST API lists the nodes it launched; the first RUNNING one ends the wait
until curl -s "$deployer/api/nodes" | grep -q '"state":"RUNNING"'; do
  if (( $(echo "$(now) - $ready > 120" | bc) )); then echo "no RUNNING node within 120 s"; kill -TERM "$pid"; exit 1; fi
  sleep 0.2
done
running=$(now)
sleep $(echo "60 - ($running - $ready)" | bc | sed 's/^-.*/0/')

tree_pids() { echo "$1"; for c in $(pgrep -P "$1"); do tree_pids "$c"; done; }
pids=$(tree_pids "$pid")
rss_kb=0
for p in $pids; do rss_kb=$(( rss_kb + $(awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0) )); done

stop_start=$(now)
kill -TERM "$pid"
for p in $pids; do while kill -0 "$p" 2>/dev/null; do sleep 0.1; done; done
stopped=$(now)

printf 'processes in tree: %s\n' "$(echo $pids | wc -w)"
grep -E 'decision .* received' "$ERR" | head -1
printf 'RESULT demo ready_s=%.1f running_s=%.1f rss_mb=%d stop_s=%.1f\n' \
  "$(echo "$ready - $start" | bc)" "$(echo "$running - $ready" | bc)" $(( rss_kb / 1024 )) "$(echo "$stopped - $stop_start" | bc)"
