#!/usr/bin/env bash
# Runs the crash-safety test (a client sends numbered messages while the
# listener is killed with SIGKILL at random moments and restarted) several
# times, each with a fresh random seed, and prints one line per run.
#
# usage: Fuzz/crash-safety.sh [RUNS] [MESSAGES] [KILLS]      (default 5 5000 5)
# A failing run prints its seed; PORTOLAN_CRASH_SEED=<seed> repeats it.
# SCRATCH_PATH chooses the build folder (default .build).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
export PORTOLAN_CRASH_MESSAGES="${2:-5000}"
export PORTOLAN_CRASH_ROUNDS="${3:-5}"
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
    echo "run $run: $result: $(grep -h 'crash safety:' "$log" | sed 's/^.*crash safety: //')"
    [ "$result" = passed ] || grep -E '✘' "$log" | head -20
    rm -f "$log"
done
echo "$((runs - failed)) of $runs runs passed"
[ "$failed" -eq 0 ]
