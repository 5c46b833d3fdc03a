"""Talks SMTP to a server, byte for byte, and prints every reply on one line.

usage: converse.py PORT [--implicit-tls] [--sni NAME] < steps.json
steps: {"send": text} sends the text as is (latin-1), {"read": n} prints the
next n replies, {"starttls": true, "sni": name} starts TLS on the socket,
{"close": true} prints CLOSED once the server has closed the connection.
A reply is printed as "code text | code text" for multi-line replies.
"""
import json
import socket
import ssl
import sys


def read_reply(stream):
    lines = []
    while True:
        line = stream.readline()
        if not line:
            return "EOF" if not lines else " | ".join(lines)
        lines.append(line.decode("latin-1").rstrip("\r\n"))
        if line[3:4] != b"-":
            return " | ".join(lines)


def main():
    port = int(sys.argv[1])
    sni = sys.argv[sys.argv.index("--sni") + 1] if "--sni" in sys.argv else None
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    sock = socket.create_connection(("127.0.0.1", port), timeout=15)
    if "--implicit-tls" in sys.argv:
        sock = context.wrap_socket(sock, server_hostname=sni)
    stream = sock.makefile("rb")
    for step in json.load(sys.stdin):
        try:
            if "send" in step:
                sock.sendall(step["send"].encode("latin-1"))
            elif "read" in step:
                for _ in range(step["read"]):
                    print(read_reply(stream), flush=True)
            elif "starttls" in step:
                sock = context.wrap_socket(sock, server_hostname=step.get("sni"))
                stream = sock.makefile("rb")
                print("TLS " + sock.version(), flush=True)
            elif "close" in step:
                print("CLOSED" if stream.read() == b"" else "OPEN", flush=True)
        except socket.timeout:
            print("TIMEOUT", flush=True)
            return
        except (ConnectionError, ssl.SSLError) as error:
            print("ERROR " + type(error).__name__, flush=True)
            return


main()
