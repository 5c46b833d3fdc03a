"""Sends COUNT numbered messages as fast as the server takes them, riding
out a server that is killed and restarted: a dropped connection is
reconnected (for up to 60 s) and the interrupted message sent again.

usage: bulk_send.py PORT COUNT ACKS_FILE

Every message that got its 250 is appended to ACKS_FILE as
"<number> <id> <sha256 of the content as sent>", flushed at once, so that
the file is true even if this process is killed. Prints "sent N acked M
retries R" at the end.
"""
import hashlib
import socket
import sys
import time

port, count, acks_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]


def content(number):
    # Varied sizes and a dot-stuffed line, all well under the size limit.
    filler = ("line %d of message %d\r\n" % (number % 7, number)) * (1 + number % 40)
    return ("Subject: bulk %d\r\nMessage-Id: <bulk-%d@client.example>\r\n\r\n%s.starts with a dot\r\n" % (
        number, number, filler)).encode()


def stuffed(data):
    return data.replace(b"\r\n.", b"\r\n..") if not data.startswith(b".") else b"." + data.replace(b"\r\n.", b"\r\n..")


class Session:
    def __init__(self):
        deadline = time.time() + 60
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
                self.stream = self.sock.makefile("rb")
                if not self.reply().startswith("220"):
                    raise ConnectionError("no greeting")
                self.sock.sendall(b"EHLO client.example\r\n")
                if not self.reply().startswith("250"):
                    raise ConnectionError("no EHLO")
                return
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.05)

    def reply(self):
        lines = []
        while True:
            line = self.stream.readline()
            if not line:
                raise ConnectionError("closed")
            lines.append(line.decode("latin-1").rstrip("\r\n"))
            if line[3:4] != b"-":
                return " | ".join(lines)

    def send(self, number, data):
        # Pipelined envelope (RFC 2920), then the content.
        self.sock.sendall(b"MAIL FROM:<bulk@client.example>\r\nRCPT TO:<bob@acme.example>\r\nDATA\r\n")
        replies = [self.reply() for _ in range(3)]
        if not (replies[0].startswith("250") and replies[1].startswith("250") and replies[2].startswith("354")):
            raise ConnectionError("envelope refused: %s" % replies)
        self.sock.sendall(stuffed(data) + b".\r\n")
        final = self.reply()
        if not final.startswith("250"):
            raise ConnectionError("refused: " + final)
        return final.split()[-1]


def main():
    acks = open(acks_path, "a")
    session = None
    acked = retries = 0
    number = 0
    while number < count:
        data = content(number)
        try:
            if session is None:
                session = Session()
            queued = session.send(number, data)
        except OSError:
            session = None
            retries += 1
            continue
        acks.write("%d %s %s\n" % (number, queued, hashlib.sha256(data).hexdigest()))
        acks.flush()
        acked += 1
        number += 1
    print("sent %d acked %d retries %d" % (count, acked, retries), flush=True)


main()
