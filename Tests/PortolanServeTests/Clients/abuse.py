"""Misbehaving SMTP clients for the abuse tests. Every mode prints what it
saw, one fact per line, and only ever connects to 127.0.0.0/8.

usage: abuse.py MODE PORT [ARGS...]

  flood PORT COUNT           opens COUNT connections at once from 127.0.0.1,
                             prints "greeted N" and "refused N" (421), then
                             "holding" and keeps them open until stdin closes
  slow PORT TEXT SECONDS     sends TEXT (with \\r \\n escapes) one byte every
                             SECONDS, prints every reply and "CLOSED"
  raw PORT [--source A]      sends standard input's bytes, prints every reply
                             line until the server closes or goes quiet for 5 s
  tls-garbage PORT           sends standard input's bytes to a TLS port,
                             prints "CLOSED" when the server hangs up (within
                             30 s), or the first bytes it answered in hex
  mid-data PORT CUT          starts a message, sends CUT bytes of its content
                             and disconnects without ending it
  send PORT --source A       sends one message anonymously from address A
                             and prints "OK <id>" or "ERROR <reply>"
  pending PORT COUNT         opens COUNT connections that send nothing,
                             prints "holding", then, within 40 s, "closed N
                             of COUNT after S s answered A": how many the
                             server closed, the last one S s after they were
                             opened, A of them with bytes first
"""
import binascii
import selectors
import socket
import ssl
import sys
import time

HOST = "127.0.0.1"


def connect(port, source=None, timeout=15):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    if source:
        assert source.startswith("127."), "loopback only"
        sock.bind((source, 0))
    sock.connect((HOST, port))
    return sock


def read_reply(stream):
    lines = []
    while True:
        line = stream.readline()
        if not line:
            return "EOF" if not lines else " | ".join(lines)
        lines.append(line.decode("latin-1").rstrip("\r\n"))
        if line[3:4] != b"-":
            return " | ".join(lines)


def flood(port, count):
    selector = selectors.DefaultSelector()
    sockets = []
    for _ in range(count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.connect_ex((HOST, port))
        sockets.append(sock)
        selector.register(sock, selectors.EVENT_READ)
    greeted = refused = other = 0
    pending = {sock: b"" for sock in sockets}
    deadline = time.time() + 60
    while pending and time.time() < deadline:
        for key, _ in selector.select(timeout=1):
            sock = key.fileobj
            try:
                data = sock.recv(4096)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            pending[sock] += data
            if b"\r\n" in pending[sock] or not data:
                text = pending.pop(sock)
                selector.unregister(sock)
                if text.startswith(b"220 "):
                    greeted += 1
                elif text.startswith(b"421 "):
                    refused += 1
                else:
                    other += 1
    print("greeted %d" % greeted, flush=True)
    print("refused %d" % refused, flush=True)
    print("other %d" % (other + len(pending)), flush=True)
    print("holding", flush=True)
    sys.stdin.read()
    for sock in sockets:
        sock.close()


def slow(port, text, seconds):
    sock = connect(port, timeout=seconds * 4 + 30)
    stream = sock.makefile("rb")
    print(read_reply(stream), flush=True)
    data = text.encode("latin-1").decode("unicode_escape").encode("latin-1")
    sock.setblocking(False)
    received = b""
    try:
        for byte in data:
            try:
                sock.send(bytes([byte]))
            except OSError:
                # The server has closed the connection (and reset it).
                received += b"CLOSED\r\n"
                break
            time.sleep(seconds)
            try:
                chunk = sock.recv(4096)
                if chunk == b"":
                    received += b"CLOSED\r\n"
                    break
                received += chunk
            except BlockingIOError:
                pass
        else:
            sock.setblocking(True)
            sock.settimeout(10)
            while True:
                chunk = sock.recv(4096)
                if not chunk:
                    received += b"CLOSED\r\n"
                    break
                received += chunk
    except (ConnectionError, socket.timeout):
        received += b"CLOSED\r\n"
    for line in received.decode("latin-1").split("\r\n"):
        if line:
            print(line, flush=True)


def raw(port, data, source=None):
    sock = connect(port, source=source, timeout=5)
    try:
        sock.sendall(data)
    except OSError:
        pass
    stream = sock.makefile("rb")
    try:
        while True:
            line = stream.readline()
            if not line:
                print("CLOSED", flush=True)
                return
            print(line.decode("latin-1").rstrip("\r\n"), flush=True)
    except socket.timeout:
        print("QUIET", flush=True)
    except ConnectionError:
        print("CLOSED", flush=True)


def tls_garbage(port, data):
    sock = connect(port, timeout=30)
    try:
        sock.sendall(data)
        answer = sock.recv(4096)
        print("CLOSED" if answer == b"" else "ANSWER " + binascii.hexlify(answer[:16]).decode(), flush=True)
    except ConnectionError:
        print("CLOSED", flush=True)
    except socket.timeout:
        print("QUIET", flush=True)


def mid_data(port, cut):
    sock = connect(port)
    stream = sock.makefile("rb")
    read_reply(stream)
    sock.sendall(b"EHLO client.example\r\n")
    read_reply(stream)
    sock.sendall(b"MAIL FROM:<a@elsewhere.example>\r\nRCPT TO:<bob@acme.example>\r\nDATA\r\n")
    replies = [read_reply(stream) for _ in range(3)]
    content = b"Subject: cut short\r\n\r\nline one\r\nline two\r\n.\r\n"
    sock.sendall(content[:cut])
    sock.shutdown(socket.SHUT_RDWR)
    sock.close()
    print(" / ".join(replies), flush=True)


def send(port, source):
    sock = connect(port, source=source)
    stream = sock.makefile("rb")
    steps = [None, b"EHLO client.example\r\n", b"MAIL FROM:<a@elsewhere.example>\r\n", b"RCPT TO:<bob@acme.example>\r\n",
             b"DATA\r\n", b"Subject: served\r\n\r\nstill served\r\n.\r\n"]
    for step in steps:
        if step:
            sock.sendall(step)
        reply = read_reply(stream)
        if not reply[:1] in ("2", "3"):
            print("ERROR " + reply, flush=True)
            return
    print("OK " + reply.split()[-1], flush=True)
    sock.sendall(b"QUIT\r\n")


def pending(port, count):
    """Connections that never send a byte (a TLS port waiting for a
    ClientHello). Reports how many the server closed, and when."""
    sockets = [connect(port, timeout=15) for _ in range(count)]
    opened = time.time()
    selector = selectors.DefaultSelector()
    for sock in sockets:
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
    print("holding", flush=True)
    closed = answered = 0
    last = opened
    open_ = set(sockets)
    while open_ and time.time() < opened + 40:
        for key, _ in selector.select(timeout=1):
            sock = key.fileobj
            try:
                data = sock.recv(4096)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if data:
                answered += 1
            closed += 1
            last = time.time()
            selector.unregister(sock)
            open_.discard(sock)
            sock.close()
    print("closed %d of %d after %.1f s answered %d" % (closed, count, last - opened, answered), flush=True)
    sys.stdin.read()


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    source = sys.argv[sys.argv.index("--source") + 1] if "--source" in sys.argv else None
    if mode == "flood":
        flood(port, int(sys.argv[3]))
    elif mode == "slow":
        slow(port, sys.argv[3], float(sys.argv[4]))
    elif mode == "raw":
        raw(port, sys.stdin.buffer.read(), source)
    elif mode == "tls-garbage":
        tls_garbage(port, sys.stdin.buffer.read())
    elif mode == "mid-data":
        mid_data(port, int(sys.argv[3]))
    elif mode == "send":
        send(port, source)
    elif mode == "pending":
        pending(port, int(sys.argv[3]))
    else:
        sys.exit("unknown mode " + mode)


main()
