#!/usr/bin/env python3
"""TLS handshakes per second against an implicit TLS port on 127.0.0.1.

usage: tls_handshakes.py PORT COUNT THREADS

Each of COUNT connections connects, completes the TLS handshake (the
default of Python's ssl: TLS 1.3 where both sides offer it; the test
certificate is not verified), reads the 220 greeting that follows, and closes.
THREADS connections run at a time (ssl releases the GIL while it computes).
Prints a JSON object: rate, count, failed, seconds, threads, version.
"""

import json
import socket
import ssl
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor


def main():
    port, count, threads = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    versions = set()
    lock = threading.Lock()

    def one(_):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
                with context.wrap_socket(raw, server_hostname="bench.acme.example") as tls:
                    greeting = tls.recv(512)
                    with lock:
                        versions.add(tls.version())
                    return greeting.startswith(b"220")
        except OSError:
            return False

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        outcomes = list(pool.map(one, range(count)))
    seconds = time.perf_counter() - started
    succeeded = sum(outcomes)
    print(json.dumps({"rate": succeeded / seconds, "count": count, "failed": count - succeeded,
                      "seconds": seconds, "threads": threads, "version": sorted(v for v in versions if v)}))


if __name__ == "__main__":
    main()
