#!/usr/bin/env bash
# Runs the crash-safety tests several times, each with a fresh random seed,
# and prints one line per run with both tests' summaries:
#
# - the listener: a client sends numbered messages while the server is
#   killed with SIGKILL at random moments and restarted; every acknowledged
#   message is in the spool, whole, with its envelope;
# - delivery: a hub relays every message a client sends it to a peer (a
#   second server in --queue-only) and is killed with SIGKILL while
#   delivering and restarted; every acknowledged message reaches the peer,
#   none more than twice, and the hub's queue ends empty.
#
# usage: Fuzz/crash-safety.sh [RUNS] [MESSAGES] [KILLS] [DELIVERY_MESSAGES] [DELIVERY_KILLS]
#        (default 5 5000 5 2000 5)
# A failing run prints its seed; PORTOLAN_CRASH_SEED=<seed> repeats it.
# SCRATCH_PATH chooses the build folder (default .build).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
export PORTOLAN_CRASH_MESSAGES="${2:-5000}"
export PORTOLAN_CRASH_ROUNDS="${3:-5}"
export PORTOLAN_CRASH_DELIVERY_MESSAGES="${4:-2000}"
export PORTOLAN_CRASH_DELIVERY_ROUNDS="${5:-5}"
scratch="${SCRATCH_PATH:-$root/.build}"
cd "$root"
swift build --build-tests --scratch-path "$scratch" >/dev/null
failed=0
for run in $(seq 1 "$runs"); do
    log="$(mktemp)"
    if swift test --skip-build --scratch-path "$scratch" --filter CrashSafetyServeTests >"$log" 2>&1; then
        result=passed
    else
        result=FAILED
        failed=$((failed + 1))
    fi
    # Both summaries on the run's line: the listener's, then delivery's.
    listener="$(grep -h 'crash safety: seed' "$log" | sed 's/^.*crash safety: //' | head -1)"
    delivery="$(grep -h 'crash safety: delivery:' "$log" | sed 's/^.*crash safety: //' | head -1)"
    echo "run $run: $result: ${listener:-(no listener summary)} | ${delivery:-(no delivery summary)}"
    [ "$result" = passed ] || grep -E '✘' "$log" | head -20
    rm -f "$log"
done
echo "$((runs - failed)) of $runs runs passed"
[ "$failed" -eq 0 ]
