#!/usr/bin/env bash
# Builds the libFuzzer targets (FuzzCheck, FuzzSMTP) with AddressSanitizer,
# outside the normal build: its own package (Fuzz/Package.swift) and its own
# scratch path (.build-fuzz at the top of the repository).
#
# usage: Fuzz/build.sh [debug|release]      (default: release)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
configuration="${1:-release}"
swift build --package-path "$here" --scratch-path "$root/.build-fuzz" -c "$configuration" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
bin="$(swift build --package-path "$here" --scratch-path "$root/.build-fuzz" -c "$configuration" --show-bin-path)"
echo "built: $bin/FuzzCheck $bin/FuzzSMTP"
