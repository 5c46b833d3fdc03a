#!/usr/bin/env bash
# Runs two portolan binaries over the same inputs and says whether every
# output is byte-identical: standard output, standard error and exit status
# of check (every format), graph (both formats), explain (every code),
# schema, build (every bundle and the manifest) and plan (text and json),
# over every example, every broken example and generated estates of
# SERVERS servers (default 10,000): a clean one, one with errors, and one
# of many files.
#
# usage: Tools/same-output.sh OLD-BINARY NEW-BINARY [SERVERS]
# Exit 0 when all is identical, 1 with the first differences otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
old="$(realpath "${1:?usage: same-output.sh OLD NEW [SERVERS]}")"
new="$(realpath "${2:?usage: same-output.sh OLD NEW [SERVERS]}")"
servers="${3:-10000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The estates, written into the repository's folder structure under $work so
# that both binaries read them by the same relative paths.
mkdir -p "$work/estates/split"
python3 - "$servers" "$work/estates" <<'PY'
import os, sys
count, root = int(sys.argv[1]), sys.argv[2]
hubs = max(1, count // 50)

def server(i, broken=False):
    name = f"srv{i:07d}"
    hub = f"hub{i % hubs:05d}"
    port = 27 if broken and i % 97 == 0 else 26
    return (f"  {name}:\n    host: {name}.acme.example\n    addresses: [10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}]\n"
            f"    smtp:\n      listener: false\n      outbound:\n        tcp: {{ port: {port}, mode: enabled }}\n"
            f"        relay: {hub}\n")

def hub(h):
    name = f"hub{h:05d}"
    return (f"  {name}:\n    host: {name}.acme.example\n    addresses: [172.16.{h >> 8 & 255}.{h & 255}]\n"
            f"    smtp:\n      listener: true\n      inbound:\n        tcp: {{ port: 26, enabled: true }}\n"
            f"        auth:\n          tcp: {{ name_password: false, anonymous: true }}\n"
            f"      outbound:\n        tcp: {{ port: 25, mode: enabled }}\n")

head = "portolan: 1\norganization: Acme\ninternet_domains: [acme.example]\n"
for variant, broken in (("clean", False), ("broken", True)):
    with open(f"{root}/{variant}.yaml", "w") as out:
        out.write(head + "servers:\n")
        for h in range(hubs): out.write(hub(h))
        for i in range(count - hubs): out.write(server(i, broken))
# The same clean estate, a hundred files; one file in a hundred servers changed, for plan.
with open(f"{root}/split/head.yaml", "w") as out: out.write(head + "servers:\n" + "".join(hub(h) for h in range(hubs)))
per = max(1, (count - hubs) // 100)
for part in range(100):
    with open(f"{root}/split/part{part:03d}.yaml", "w") as out:
        out.write("portolan: 1\nservers:\n" + "".join(server(i) for i in range(part * per, min(count - hubs, (part + 1) * per))))
with open(f"{root}/changed.yaml", "w") as out:
    out.write(head + "servers:\n")
    for h in range(hubs): out.write(hub(h).replace("port: 25,", "port: 587,") if h % 100 == 0 else hub(h))
    for i in range(count - hubs): out.write(server(i))
PY

inputs=()
for example in examples/*/ examples/broken/*/; do
    case "$example" in examples/broken/) continue ;; esac
    inputs+=("${example%/}")
done
inputs+=("$work/estates/clean.yaml" "$work/estates/broken.yaml" "$work/estates/split")

# run LABEL BINARY ARGS...: one command's three outputs under $work/LABEL/<n>.
count=0
run() {
    local side="$1" binary="$2"
    shift 2
    local at="$work/$side/$count"
    mkdir -p "$at"
    printf '%s\n' "$*" >"$at/command"
    set +e
    "$binary" "$@" >"$at/stdout" 2>"$at/stderr"
    echo $? >"$at/status"
    set -e
}

# every SIDE BINARY: every command of the comparison, in one order.
every() {
    local side="$1" binary="$2"
    count=0
    run "$side" "$binary" schema; count=$((count + 1))
    for code in $("$binary" explain 2>/dev/null | awk '{print $1}' | grep '^PT'); do
        run "$side" "$binary" explain "$code"; count=$((count + 1))
    done
    for input in "${inputs[@]}"; do
        for format in text json sarif github; do
            run "$side" "$binary" check "$input" --format "$format"; count=$((count + 1))
        done
        for format in dot mermaid; do
            run "$side" "$binary" graph "$input" --format "$format"; count=$((count + 1))
        done
        local out="$work/$side-out/$(echo "$input" | tr '/' '_')"
        run "$side" "$binary" build "$input" --out "$out"; count=$((count + 1))
        # A second build into the same folder: nothing to change.
        run "$side" "$binary" build "$input" --out "$out"; count=$((count + 1))
        for format in text json; do
            run "$side" "$binary" plan --from "$out" "$input" --format "$format"; count=$((count + 1))
            run "$side" "$binary" plan --from "$work/$side-out/examples_minimal" "$input" --format "$format"; count=$((count + 1))
        done
    done
    local big="$work/$side-out/$(echo "$work/estates/clean.yaml" | tr '/' '_')"
    for format in text json; do
        run "$side" "$binary" plan --from "$big" "$work/estates/changed.yaml" --format "$format"; count=$((count + 1))
    done
}

every old "$old"
every new "$new"
# The output folders are named by side: compare them under one name.
sed -i "s#$work/old-out#OUT#g" $(find "$work/old" -type f)
sed -i "s#$work/new-out#OUT#g" $(find "$work/new" -type f)
status=0
if ! diff -r "$work/old" "$work/new" >"$work/diff"; then
    echo "outputs differ:"
    head -40 "$work/diff"
    status=1
fi
if ! diff -r "$work/old-out" "$work/new-out" >"$work/diff-out"; then
    echo "bundles differ:"
    head -40 "$work/diff-out"
    status=1
fi
bundles=$(find "$work/old-out" -name bundle.json | wc -l)
if [ "$status" -eq 0 ]; then
    echo "identical: $count commands over ${#inputs[@]} inputs ($servers-server estates among them), $bundles bundles"
fi
exit "$status"
