#!/usr/bin/env bash
# Measures how long ./numbat demo --provider local takes to stop on SIGTERM, and whether anything
# outlives it or is launched while it stops:
#   stop_s               seconds from SIGTERM until every process of the run is gone (the demo JVM,
#                        the registry JVM, its erl nodes and those its deployer launched; epmd, shared
#                        by every Erlang node of the host, is left out); at most 120 s, then alive= says how many are left
#   launched_after_stop  nodes the deployer's local provider reported started after 'numbat: stopping' was
#                        logged, other than those whose launch was already under way (the demo logs
#                        'launches under way: [...]' when it stops launching; a build without that line
#                        counts every such node here)
#   finished_after_stop  launches under way at SIGTERM that finished while the demo stopped (their nodes are
#                        stopped too)
# A process belongs to the run when its environment has the NUMBAT_STOP_RUN value this script sets,
# which every child inherits (re-parented erl nodes included); the script's own processes lack it.
# Usage: bench/scripts/demo-stop.sh idle|deploy [extra ./numbat demo args]
#   idle    SIGTERM 5 s after 'numbat ready'
#   deploy  './numbat deploy --family beam --count 8' (family beam's maxNodes in the demo; DEPLOY_COUNT=N for
#           another count) first; SIGTERM once two of those nodes have started (the local provider
#           starts two at a time: the others are starting or queued)
# NUMBAT=/path/to/numbat measures another build of the launcher (default: this checkout's);
# KEEP_LOG=FILE keeps the demo's stderr (its log).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
NUMBAT="${NUMBAT:-$ROOT/numbat}"
MODE="${1:?usage: demo-stop.sh idle|deploy [demo args]}"; shift
OUT="$(mktemp)"; ERR="$(mktemp)"; DEPLOY_OUT="$(mktemp)"
trap 'rm -f "$OUT" "$ERR" "$DEPLOY_OUT"' EXIT
RUN_ID="stop-$$-$RANDOM"

now() { date +%s.%N; }
run_pids() {
  local f p
  for f in $(grep -lsxz "NUMBAT_STOP_RUN=$RUN_ID" /proc/[0-9]*/environ); do
    p=${f#/proc/}; p=${p%/environ}
    [[ "$(cat "/proc/$p/comm" 2>/dev/null)" == epmd ]] || echo "$p"
  done
}

NUMBAT_STOP_RUN="$RUN_ID" setsid "$NUMBAT" demo --provider local "$@" >"$OUT" 2>"$ERR" &
pid=$!
until grep -q '^numbat ready$' "$OUT"; do
  kill -0 "$pid" 2>/dev/null || { echo "demo exited early:"; tail -20 "$ERR"; exit 1; }
  sleep 0.2
done
deployer=$(sed -n 's/^deployer=//p' "$OUT")
if [[ "$MODE" == deploy ]]; then
  "$NUMBAT" deploy --deployer "$deployer" --family beam --count "${DEPLOY_COUNT:-8}" --timeout 2m >"$DEPLOY_OUT" 2>&1 &
  deploy_pid=$!
  waited=0
  until (( $(grep -c 'this-host: node .* started (pid' "$ERR" || true) >= 2 )); do
    (( waited < 1200 )) || { echo "no deployed node started within 120 s:"; cat "$DEPLOY_OUT"; kill -TERM "$pid"; exit 1; }
    sleep 0.1; waited=$((waited + 1))
  done
else
  sleep 5
fi

processes=$(run_pids | wc -l)
stop_start=$(now)
kill -TERM "$pid"
alive=0
while true; do
  alive=$(run_pids | wc -l)
  (( alive == 0 )) && break
  if (( $(echo "$(now) - $stop_start > 120" | bc) )); then
    echo "still alive 120 s after SIGTERM:"
    for p in $(run_pids); do echo "  $p $(cat "/proc/$p/comm" 2>/dev/null) $(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | cut -c1-150)"; done
    break
  fi
  sleep 0.1
done
stopped=$(now)
[[ -n "${deploy_pid:-}" ]] && { kill "$deploy_pid" 2>/dev/null || true; wait "$deploy_pid" 2>/dev/null || true; }
after="$(sed -n '/^numbat: stopping$/,$p' "$ERR")"
underway="$(sed -n 's/.*launches under way: \[\(.*\)\]$/\1/p' <<<"$after" | tr -d ' ' | tr ',' '\n')"
launched_after=0; finished_after=0
while read -r node; do
  [[ -n "$node" ]] || continue
  if grep -qxF "$node" <<<"$underway"; then finished_after=$((finished_after + 1)); else launched_after=$((launched_after + 1)); fi
done < <(sed -n 's/.*this-host: node \([^ ]*\) on .*: started (pid.*/\1/p' <<<"$after")
[[ -z "${KEEP_LOG:-}" ]] || cp "$ERR" "$KEEP_LOG"
printf 'RESULT demo-stop mode=%s stop_s=%.1f processes=%d alive=%d launched_after_stop=%d finished_after_stop=%d\n' \
  "$MODE" "$(echo "$stopped - $stop_start" | bc)" "$processes" "$alive" "$launched_after" "$finished_after"
grep -E '^numbat: stopp' "$ERR" || true
for p in $(run_pids); do kill -KILL "$p" 2>/dev/null || true; done
