#!/usr/bin/env bash
# Runs one fuzz target for a given time and prints its executions and corpus size.
#
# usage: Fuzz/run.sh check|smtp SECONDS [extra libFuzzer flags...]
#
# The working corpus lives in .build-fuzz/corpus/TARGET (seeded from
# Fuzz/seeds/TARGET and, for check, every example topology); crashes,
# timeouts and out-of-memory inputs land in .build-fuzz/artifacts/TARGET/.
# Set FUZZ_JOBS to run several workers (default 1).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
target="${1:?usage: run.sh check|smtp SECONDS}"
seconds="${2:?usage: run.sh check|smtp SECONDS}"
shift 2
case "$target" in
    check) binary=FuzzCheck; dict="$here/yaml.dict"; max_len=16384 ;;
    smtp) binary=FuzzSMTP; dict="$here/smtp.dict"; max_len=8192 ;;
    *) echo "unknown target '$target': use check or smtp" >&2; exit 2 ;;
esac
bin="$(swift build --package-path "$here" --scratch-path "$root/.build-fuzz" -c release --show-bin-path)"
[ -x "$bin/$binary" ] || { echo "$bin/$binary is missing: run Fuzz/build.sh first" >&2; exit 2; }

corpus="$root/.build-fuzz/corpus/$target"
artifacts="$root/.build-fuzz/artifacts/$target"
mkdir -p "$corpus" "$artifacts"
if [ -z "$(ls -A "$corpus")" ]; then
    cp "$here/seeds/$target/"* "$corpus/"
    if [ "$target" = check ]; then
        find "$root/examples" -name '*.yaml' | while read -r file; do
            cp "$file" "$corpus/example-$(echo "$file" | sed "s#^$root/examples/##; s#/#-#g")"
        done
    fi
fi
log="$root/.build-fuzz/$target-$(date +%s).log"
jobs="${FUZZ_JOBS:-1}"
parallel=()
[ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
cd "$root/.build-fuzz"
set +e
# ASan's leak checker is off: the Swift runtime keeps metadata caches alive.
ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" "$bin/$binary" "$corpus" \
    -dict="$dict" -max_len="$max_len" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    "${parallel[@]}" -print_final_stats=1 -artifact_prefix="$artifacts/" "$@" >"$log" 2>&1
status=$?
set -e
if [ "$jobs" -gt 1 ]; then cat fuzz-*.log >>"$log" 2>/dev/null; rm -f fuzz-*.log; fi
execs=$(grep -h 'stat::number_of_executed_units' "$log" | awk '{ sum += $2 } END { print sum + 0 }')
files=$(find "$corpus" -type f | wc -l)
bytes=$(du -sb "$corpus" | cut -f1)
found=$(find "$artifacts" -type f | wc -l)
echo "target=$target seconds=$seconds execs=$execs corpus_files=$files corpus_bytes=$bytes artifacts=$found exit=$status log=$log"
[ "$status" -eq 0 ] || { tail -40 "$log" >&2; exit "$status"; }
