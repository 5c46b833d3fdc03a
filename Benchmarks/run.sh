#!/usr/bin/env bash
# Benchmarks Portolan against its peers and prints one table with every target
# and whether it holds:
#   the compiler: a bare libyaml scan of the same files (the floor), `portolan
#   check`, `portolan build` cold and warm, and check-jsonschema, on generated
#   estates of 1,000, 10,000 and 100,000 servers (one file, and one file per
#   server) and the same sizes in the other shapes of shapes.py;
#   the listener: Postfix's smtp-source against `portolan serve` (spool on tmpfs
#   and on disk), Postfix's smtp-sink and aiosmtpd; memory with 1,000 idle
#   connections; TLS handshakes per second;
#   the relay: smtp-source into a hub relaying to smtp-sink, Portolan as the
#   hub beside a throwaway Postfix instance as the hub (needs root).
#
# usage: Benchmarks/run.sh [--quick] [--only compiler|listener|relay] [--install] [bench.py options...]
#   --quick    1k and 10k servers, 3 rounds, lighter SMTP loads
#   --install  first install what it needs (Debian packages and pip)
# Everything runs on this machine, over loopback (127.0.0.0/8) only.
set -euo pipefail
cd "$(dirname "$0")/.."

args=()
for argument in "$@"; do
    if [ "$argument" = "--install" ]; then
        export DEBIAN_FRONTEND=noninteractive
        if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
        $SUDO apt-get update -qq
        # postfix only for smtp-source and smtp-sink: installed with no
        # configuration, and stopped should the package have started it.
        echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
        $SUDO apt-get install -y -qq --no-install-recommends time postfix openssl libyaml-dev >/dev/null
        if $SUDO postfix status >/dev/null 2>&1; then $SUDO postfix stop; fi
        python3 -m pip install --quiet --disable-pip-version-check check-jsonschema aiosmtpd==1.4.6
    else
        args+=("$argument")
    fi
done

swift build -c release --scratch-path .build-bench >&2
bin="$(swift build -c release --scratch-path .build-bench --show-bin-path)"
exec python3 Benchmarks/bench.py --bin "$bin" "${args[@]+"${args[@]}"}"
