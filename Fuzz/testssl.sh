#!/usr/bin/env bash
# Serves examples/internet-sites (host mx1) on loopback and runs testssl.sh
# against both of its TLS ports: STARTTLS on the plain port (25 + OFFSET) and
# implicit TLS on the SSL port (465 + OFFSET). Fails when testssl.sh finds
# nothing to test, or when any line it prints says VULNERABLE.
#
# usage: Fuzz/testssl.sh [OFFSET]          default offset 30000
# needs: testssl.sh (apt-get install testssl.sh), openssl; the full output
#        of each run is kept in .build-testssl/
set -euo pipefail
cd "$(dirname "$0")/.."
offset="${1:-30000}"
command -v testssl >/dev/null || { echo "testssl.sh is not installed: apt-get install testssl.sh" >&2; exit 2; }

results=.build-testssl
work="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$results"

swift build --product portolan >/dev/null
portolan="$(swift build --show-bin-path)/portolan"

# The example names its key rings under tls/ but ships none: self-signed RSA
# ones, as most mail hosts have.
cp -R examples/internet-sites "$work/src"
mkdir -p "$work/src/tls"
for name in mx1 mx2 mail submit; do
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$name.acme.example" \
        -addext "subjectAltName=DNS:$name.acme.example" \
        -keyout "$work/src/tls/$name.key" -out "$work/src/tls/$name.pem" 2>/dev/null
done
(cd "$work" && "$portolan" build src --out out >/dev/null)
"$portolan" serve "$work/out/mx1" --spool "$work/spool" --port-offset "$offset" --address 127.0.0.1 \
    2>"$results/serve.log" &
server=$!
for _ in $(seq 100); do grep -q '\] ready' "$results/serve.log" && break; sleep 0.1; done
grep -q '\] ready' "$results/serve.log" || { cat "$results/serve.log" >&2; exit 1; }

status=0
run() {
    local name="$1"; shift
    local log="$results/$name.txt"
    testssl --quiet --color 0 --warnings batch --ip one "$@" >"$log" 2>&1 || true
    local vulnerable notvulnerable
    vulnerable=$(grep -c 'VULNERABLE' "$log" || true)
    notvulnerable=$(grep -ci 'not vulnerable' "$log" || true)
    echo "$name: $vulnerable lines say VULNERABLE, $notvulnerable say not vulnerable ($log)"
    grep 'VULNERABLE' "$log" || true
    if ! grep -q 'Testing protocols' "$log"; then echo "$name: testssl.sh tested nothing" >&2; status=1; fi
    if [ "$vulnerable" -ne 0 ]; then status=1; fi
}
run starttls -t smtp "127.0.0.1:$((25 + offset))"
run implicit-tls "127.0.0.1:$((465 + offset))"
exit $status
