#!/usr/bin/env bash
# Writes a realistic estate of N servers (about 28 values, lists and mappings
# and 220 bytes each) and checks it under GNU time: how long, how much memory.
#
# usage: Fuzz/big-estate.sh SERVERS [portolan binary]   (default .build/debug/portolan)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
servers="${1:?usage: big-estate.sh SERVERS [portolan binary]}"
binary="${2:-$root/.build/debug/portolan}"
file="$(mktemp --suffix=.yaml)"
trap 'rm -f "$file"' EXIT
python3 - "$servers" "$file" <<'PY'
import sys
count, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as out:
    out.write("portolan: 1\norganization: Acme\ninternet_domains: [acme.example]\nservers:\n")
    for i in range(count):
        out.write(f"  srv{i:07d}:\n    host: srv{i:07d}.acme.example\n    addresses: [10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}]\n"
                  f"    smtp:\n      listener: true\n      inbound:\n        tcp: {{ port: 25, enabled: true }}\n"
                  f"      outbound:\n        tcp: {{ port: 25, mode: enabled }}\n")
PY
echo "$servers servers, $(stat -c %s "$file") bytes"
/usr/bin/time -f "%e s, peak %M KiB, exit %x" "$binary" check "$file" | tail -1
