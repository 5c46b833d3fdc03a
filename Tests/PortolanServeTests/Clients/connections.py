"""Opens COUNT connections at once and prints each greeting, then closes them.

usage: connections.py PORT COUNT
"""
import socket
import sys

port, count = int(sys.argv[1]), int(sys.argv[2])
sockets = []
for _ in range(count):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sockets.append(sock)
    print(sock.makefile("rb").readline().decode("latin-1").rstrip("\r\n"), flush=True)
for sock in sockets:
    sock.close()
