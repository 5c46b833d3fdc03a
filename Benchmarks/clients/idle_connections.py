#!/usr/bin/env python3
"""Holds COUNT idle SMTP connections to 127.0.0.1:PORT open until told to close.

usage: idle_connections.py PORT COUNT

Connections come from 127.0.0.2, 127.0.0.3, ... (40 from each), so that the
listener's per-client connection limit is not what is measured. Each
connection reads its 220 greeting and then says nothing. Prints
"<open> connections held" once all are open, then waits for a line on
standard input (or 120 seconds) and closes them all.
"""

import select
import socket
import sys
import time

PER_ADDRESS = 40


def main():
    port, count = int(sys.argv[1]), int(sys.argv[2])
    held = []
    deadline = time.monotonic() + 60
    for number in range(count):
        source = f"127.0.0.{2 + number // PER_ADDRESS}"
        connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        connection.settimeout(10)
        connection.bind((source, 0))
        connection.connect(("127.0.0.1", port))
        held.append(connection)
        if time.monotonic() > deadline:
            break
    greeted = 0
    for connection in held:
        try:
            if connection.recv(512).startswith(b"220"):
                greeted += 1
        except OSError:
            pass
    print(f"{greeted} connections held", flush=True)
    select.select([sys.stdin], [], [], 120)
    for connection in held:
        connection.close()


if __name__ == "__main__":
    main()
