#!/usr/bin/env python3
"""Portolan against its peers: the compiler against a bare libyaml scan and
check-jsonschema, the listener against Postfix's smtp-sink and aiosmtpd.

Run it through Benchmarks/run.sh, which builds the release binaries first.
Prints one table with every target and whether it holds, and writes the same
as Markdown (--markdown PATH).

Every timing is a median of interleaved rounds: each round runs every command
of a size once, in turn, so that a burst of load from elsewhere on the machine
falls on all of them alike and the ratios stay meaningful.
"""

import argparse
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SCHEMA = os.path.join(ROOT, "grammar", "portolan.schema.json")
TIME = "/usr/bin/time"


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Running and measuring one process


class Run:
    """One finished process: wall seconds, CPU seconds, peak RSS in KiB."""

    def __init__(self, wall, user, system, rss_kib, status, output):
        self.wall, self.user, self.system, self.rss_kib = wall, user, system, rss_kib
        self.status, self.output = status, output

    @property
    def cpu(self):
        return self.user + self.system


def run_timed(command, cwd=None, capture=False):
    """Runs `command` under /usr/bin/time -f: wall time from here, CPU time and
    peak RSS (%M, KiB) from time(1)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        finished = subprocess.run(
            [TIME, "-f", "%U %S %M", "-o", report.name] + command,
            cwd=cwd, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - started
        fields = report.read().strip().splitlines()[-1].split()
    user, system, rss = float(fields[0]), float(fields[1]), int(fields[2])
    output = finished.stdout.decode(errors="replace") if capture else ""
    if finished.returncode != 0:
        log(f"  ! {' '.join(command[:3])}... exited {finished.returncode}: {finished.stderr.decode(errors='replace')[-400:]}")
    return Run(wall, user, system, rss, finished.returncode, output)


class Series:
    """Runs of one command; medians of each measure."""

    def __init__(self):
        self.runs = []

    def add(self, run):
        self.runs.append(run)

    def median(self, attribute):
        values = [getattr(run, attribute) for run in self.runs]
        return statistics.median(values) if values else float("nan")

    @property
    def wall(self):
        return self.median("wall")

    @property
    def cpu(self):
        return self.median("cpu")

    @property
    def rss_kib(self):
        return max((run.rss_kib for run in self.runs), default=0)

    @property
    def count(self):
        return len(self.runs)


# ---------------------------------------------------------------------------
# The compiler


def tree_size(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for folder, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(folder, name)) for name in files)
    return total


def yaml_files(path):
    if os.path.isfile(path):
        return [path]
    found = []
    for folder, folders, files in os.walk(path):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        found += [os.path.join(folder, name) for name in files if name.endswith((".yaml", ".yml"))]
    return sorted(found)


def jsonschema_commands(path, chunk=20_000):
    """check-jsonschema over every file of `path`; a directory of more files
    than fit on one command line is validated in consecutive chunks."""
    files = yaml_files(path)
    return [["check-jsonschema", "--schemafile", SCHEMA] + files[start:start + chunk]
            for start in range(0, len(files), chunk)]


def run_chunks(commands):
    """Runs the commands one after the other as one measure: summed times, largest RSS."""
    runs = [run_timed(command) for command in commands]
    return Run(sum(r.wall for r in runs), sum(r.user for r in runs), sum(r.system for r in runs),
               max(r.rss_kib for r in runs), max(r.status for r in runs), "")


# The estates the compiler is measured on: portolan-bench's generator as one
# file and as a file per server, and the shapes of shapes.py.
FORMS = {
    "file": "generator, one file",
    "dir": "generator, one file per server",
    "flow": "flow style, one file",
    "block": "block style with comments, one file",
    "files": "flow style, 1,000 files",
    "anchors": "anchors, aliases and merge keys, one file",
}


def compiler_benchmark(args, binaries, work):
    portolan, bench = binaries["portolan"], binaries["portolan-bench"]
    results = {}
    for servers in args.sizes:
        folder = os.path.join(work, f"estate-{servers}")
        os.makedirs(folder, exist_ok=True)
        single, split = os.path.join(folder, "estate.yaml"), os.path.join(folder, "estate")
        log(f"estate of {servers} servers: generating")
        subprocess.run([bench, "estate", "--servers", str(servers), "--file", single, "--dir", split], check=True)
        forms = [("file", single), ("dir", split)]
        for shape in args.shapes:
            path = os.path.join(folder, shape if shape == "files" else shape + ".yaml")
            subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "shapes.py"),
                            shape, str(servers), path], check=True)
            forms.append((shape, path))
        for form, path in forms:
            size = tree_size(path)
            files = len(yaml_files(path))
            verdict = run_timed([portolan, "check", path, "--format", "json"], capture=True)
            summary = json.loads(verdict.output)["summary"] if verdict.output.strip() else {"errors": -1, "warnings": -1}
            log(f"  {form}: {files} files, {size / 1048576:.1f} MiB, check: {summary['errors']} errors, "
                f"{summary['warnings']} warnings")
            if summary["errors"] != 0:
                raise SystemExit(f"the generated estate of {servers} servers does not check clean: {summary}")
            # The bundles go to tmpfs, so that build is timed on the compiler's work;
            # a cold build onto the disk's file system is timed too, for comparison
            # (creating 100,000 folders and files there costs the kernel seconds, and
            # varies severalfold between identical runs on a virtual disk).
            out = os.path.join(tmpfs_folder(), f"portolan-out-{servers}-{form}")
            out_disk = os.path.join(folder, f"out-{form}")
            schema_runs = args.runs if servers <= 10_000 else args.schema_runs_large
            series = {name: Series() for name in ("scan", "check", "build_cold", "build_warm", "build_disk", "jsonschema")}
            for round_number in range(args.runs):
                log(f"  {form}: round {round_number + 1} of {args.runs}")
                series["scan"].add(run_timed([bench, "scan", path]))
                series["check"].add(run_timed([portolan, "check", path]))
                if args.skip_build:
                    continue
                shutil.rmtree(out, ignore_errors=True)
                series["build_cold"].add(run_timed([portolan, "build", path, "--out", out]))
                series["build_warm"].add(run_timed([portolan, "build", path, "--out", out]))
                if round_number == 0:
                    shutil.rmtree(out_disk, ignore_errors=True)
                    series["build_disk"].add(run_timed([portolan, "build", path, "--out", out_disk]))
                    shutil.rmtree(out_disk, ignore_errors=True)
                if round_number < schema_runs and not args.skip_jsonschema:
                    series["jsonschema"].add(run_chunks(jsonschema_commands(path)))
            bundles = len([name for name in os.listdir(out) if os.path.isdir(os.path.join(out, name))]) if os.path.isdir(out) else 0
            results[(servers, form)] = {
                "size": size, "files": files, "errors": summary["errors"], "warnings": summary["warnings"],
                "bundles": bundles, "out_size": tree_size(out) if os.path.isdir(out) else 0, "series": series,
                "jsonschema_valid": all(run.status == 0 for run in series["jsonschema"].runs),
            }
            shutil.rmtree(out, ignore_errors=True)
    return results


# ---------------------------------------------------------------------------
# The listener


LISTENER_TOPOLOGY = """\
# One host for the listener benchmark: plain TCP with STARTTLS and implicit
# TLS, anonymous senders to the local domain, the server's own settings.
portolan: 1
organization: Acme
internet_domains: [acme.example]
servers:
  bench:
    host: bench.acme.example
    addresses: [127.0.0.1]
    tls: {{ certificate: {certificate}, key: {key} }}
    smtp:
      listener: true
      inbound:
        tcp: {{ port: 25, enabled: true }}
        ssl: {{ port: 465, enabled: true }}
        starttls: enabled
        auth:
          tcp: {{ name_password: false, anonymous: true }}
          ssl: {{ client_certificate: false, name_password: false, anonymous: true }}
        max_message_size: 10MiB
# The benchmark's recipient: a local mailbox, so every message accepted is
# also delivered there by the same process.
users:
  rcpt:
    internet_address: rcpt@acme.example
"""


def free_port_base():
    """An offset whose ports 25 and 465 are both free on 127.0.0.1."""
    for offset in range(31_000, 60_000, 1000):
        if all(port_free(offset + port) for port in (25, 465)):
            return offset
    raise SystemExit("no free port offset")


def port_free(port):
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def wait_for_greeting(port, timeout=20.0, implicit_tls=False):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
                if implicit_tls:
                    return True
                if connection.recv(512).startswith(b"220"):
                    connection.sendall(b"QUIT\r\n")
                    return True
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing answers on port {port}")


def proc_status(pid, field):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Server:
    """A server process under test."""

    def __init__(self, name, command, port, env=None, log_path=None):
        self.name, self.port = name, port
        self.log = open(log_path or os.devnull, "wb")
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
                                        env=env, start_new_session=True)
        wait_for_greeting(port)

    @property
    def rss_kib(self):
        return proc_status(self.process.pid, "VmRSS")

    @property
    def peak_rss_kib(self):
        return proc_status(self.process.pid, "VmHWM")

    @property
    def cpu_seconds(self):
        """User and system time the process has used so far (/proc/PID/stat)."""
        try:
            with open(f"/proc/{self.process.pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return 0.0

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def smtp_source(port, sessions, messages, length):
    """Postfix's smtp-source: one message per connection, `sessions` at a time."""
    command = ["smtp-source", "-s", str(sessions), "-m", str(messages), "-l", str(length),
               "-M", "client.example", "-f", "sender@client.example", "-t", "rcpt@acme.example",
               f"127.0.0.1:{port}"]
    started = time.perf_counter()
    finished = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if finished.returncode != 0:
        log(f"  ! smtp-source exited {finished.returncode}: {finished.stderr.decode(errors='replace')[-400:]}")
    return messages / elapsed, elapsed, finished.returncode == 0


def make_certificate(folder):
    certificate, key = os.path.join(folder, "bench.pem"), os.path.join(folder, "bench.key")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-days", "2", "-subj", "/CN=bench.acme.example", "-addext", "subjectAltName=DNS:bench.acme.example",
         "-keyout", key, "-out", certificate], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return certificate, key


def tmpfs_folder():
    """A folder on tmpfs when the machine has one (/dev/shm), else the temporary folder."""
    return "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()


def filesystem_type(path):
    found = subprocess.run(["findmnt", "-n", "-o", "FSTYPE", "--target", path], capture_output=True, text=True)
    if found.returncode == 0 and found.stdout.strip():
        return found.stdout.split()[0]
    return subprocess.run(["stat", "-f", "-c", "%T", path], capture_output=True, text=True).stdout.strip()


def stored_messages(spool):
    """Messages delivered to the spool's mailboxes once its queue is empty
    (a delivered message is in both for a moment), else -1."""
    if os.listdir(os.path.join(spool, "new")):
        return -1
    mailboxes = os.path.join(spool, "mailboxes")
    count = 0
    for user in os.listdir(mailboxes) if os.path.isdir(mailboxes) else []:
        for folder in ("new", "cur"):
            path = os.path.join(mailboxes, user, folder)
            if os.path.isdir(path):
                count += len(os.listdir(path))
    return count


def listener_benchmark(args, binaries, work):
    portolan = binaries["portolan"]
    folder = os.path.join(work, "listener")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    certificate, key = make_certificate(folder)
    topology = os.path.join(folder, "topology.yaml")
    with open(topology, "w") as file:
        file.write(LISTENER_TOPOLOGY.format(certificate=certificate, key=key))
    out = os.path.join(folder, "out")
    subprocess.run([portolan, "build", topology, "--out", out], check=True, stdout=subprocess.DEVNULL)
    offset = free_port_base()
    plain, implicit = offset + 25, offset + 465
    disk_spool = os.path.join(folder, "spool")
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
    tmpfs_spool = tempfile.mkdtemp(prefix="portolan-spool-", dir=shm)
    loads = [("1 KB", 20, args.small_messages, 1024), ("100 KB", 20, args.large_messages, 100 * 1024)]

    def portolan_server(spool):
        shutil.rmtree(spool, ignore_errors=True)
        return Server("portolan", [portolan, "serve", os.path.join(out, "bench"), "--spool", spool,
                                   "--port-offset", str(offset), "--address", "127.0.0.1", "--log-level", args.log_level],
                      plain, log_path=os.path.join(folder, "serve.log"))

    peers = {
        "portolan (spool on tmpfs)": lambda: portolan_server(tmpfs_spool),
        "portolan (spool on disk, fsync)": lambda: portolan_server(disk_spool),
        "smtp-sink": lambda: Server("smtp-sink", ["smtp-sink", "-u", "nobody", f"127.0.0.1:{plain}", "256"], plain),
        "aiosmtpd": lambda: Server("aiosmtpd", [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{plain}",
                                                "-c", "aiosmtpd.handlers.Sink"], plain),
    }
    results = {"spool_fs": {"tmpfs": filesystem_type(shm), "disk": filesystem_type(folder)}, "throughput": {}}
    for name, start in peers.items():
        for label, sessions, messages, length in loads:
            server = start()
            try:
                log(f"listener: {name}, {messages} messages of {label}")
                cpu_before = server.cpu_seconds
                rate, elapsed, ok = smtp_source(plain, sessions, messages, length)
                spooled = None
                if name.startswith("portolan"):
                    spool = tmpfs_spool if "tmpfs" in name else disk_spool
                    # Delivery to the mailbox goes on after the last reply.
                    deadline = time.monotonic() + 10
                    while (spooled := stored_messages(spool)) != messages and time.monotonic() < deadline:
                        time.sleep(0.05)
                # The server's CPU per message: accepting it, and for
                # Portolan storing and delivering it too.
                cpu_us = 1e6 * (server.cpu_seconds - cpu_before) / messages
                results["throughput"][(name, label)] = {
                    "rate": rate, "elapsed": elapsed, "ok": ok and (spooled is None or spooled == messages),
                    "spooled": spooled, "peak_rss_kib": server.peak_rss_kib, "cpu_us": cpu_us}
            finally:
                server.stop()
    shutil.rmtree(tmpfs_spool, ignore_errors=True)
    shutil.rmtree(disk_spool, ignore_errors=True)

    # Idle connections, then TLS handshakes, each on a fresh server.
    server = portolan_server(tmpfs_spool)
    try:
        baseline = server.rss_kib
        log(f"listener: {args.idle} idle connections")
        holder = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "clients", "idle_connections.py"), str(plain), str(args.idle)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = holder.stdout.readline().strip()
        time.sleep(1.0)
        held = server.rss_kib
        holder.stdin.write("close\n")
        holder.stdin.flush()
        holder.wait(timeout=60)
        results["idle"] = {"connections": int(line.split()[0]) if line else 0, "baseline_kib": baseline,
                           "held_kib": held}
    finally:
        server.stop()
    server = portolan_server(tmpfs_spool)
    try:
        log(f"listener: {args.handshakes} TLS handshakes")
        finished = subprocess.run(
            [sys.executable, os.path.join(HERE, "clients", "tls_handshakes.py"), str(implicit), str(args.handshakes),
             str(args.handshake_threads)], capture_output=True, text=True)
        report = json.loads(finished.stdout) if finished.returncode == 0 else {"rate": 0, "failed": -1}
        report["peak_rss_kib"] = server.peak_rss_kib
        results["tls"] = report
    finally:
        server.stop()
    shutil.rmtree(tmpfs_spool, ignore_errors=True)
    return results


# ---------------------------------------------------------------------------
# The relay: smtp-source into a hub, the hub relaying to smtp-sink


RELAY_TOPOLOGY = """\
# A hub for the relay benchmark: anonymous clients on plain TCP may relay
# (anti-relay enforcement off), and everything for other domains goes to the
# relay host, an external host on 127.0.0.1 (smtp-sink).
portolan: 1
organization: Acme
internet_domains: [acme.example]
servers:
  hub:
    host: hub.acme.example
    addresses: [127.0.0.1]
    smtp:
      listener: true
      inbound:
        tcp: {{ port: {inbound}, enabled: true }}
        ssl: {{ port: 465, enabled: false }}
        starttls: disabled
        auth:
          tcp: {{ name_password: false, anonymous: true }}
        max_message_size: 10MiB
        relay: {{ enforce: none }}
      outbound:
        tcp: {{ port: 25, mode: enabled }}
        relay: sink
external:
  sink:
    host: sink.example
    addresses: [127.0.0.1]
    inbound: {{ tcp: 25, starttls: false, anonymous: true, name_password: false }}
"""

POSTFIX_DAEMONS = "/usr/lib/postfix/sbin"


class Counter:
    """Reads the running counter a Postfix test tool prints with -c (smtp-source:
    `N\\r` per message sent; smtp-sink: `sess=.. quit=.. mesg=N\\r`) and notes
    the time each count was first reached."""

    def __init__(self, stream, pattern):
        import threading
        self.stream, self.pattern = stream, re.compile(pattern)
        self.times = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.thread.start()

    def read(self):
        pending = b""
        while True:
            chunk = self.stream.read1(65536)
            if not chunk:
                return
            now = time.perf_counter()
            pending += chunk
            *records, pending = re.split(rb"[\r\n]", pending)
            for record in records:
                found = self.pattern.search(record)
                if not found:
                    continue
                count = int(found.group(1))
                with self.lock:
                    while len(self.times) < count:
                        self.times.append(now)

    @property
    def count(self):
        with self.lock:
            return len(self.times)

    def since(self, base):
        with self.lock:
            return self.times[base:]


class Sink:
    """smtp-sink on 127.0.0.1:PORT with its message counter."""

    def __init__(self, port):
        self.port = port
        self.process = subprocess.Popen(["smtp-sink", "-c", "-u", "nobody", f"127.0.0.1:{port}", "256"],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        start_new_session=True)
        self.counter = Counter(self.process.stdout, rb"mesg=(\d+)")
        wait_for_greeting(port)

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


class PostfixHub:
    """A throwaway Postfix (as the test harness's PostfixInstance): its own
    config, queue and data folders under `folder`, smtpd on 127.0.0.1:PORT,
    every message relayed to [127.0.0.1]:RELAY, no local delivery, no DNS.
    The master runs in the foreground as our child; stopped with `postfix stop`
    and then by its PID."""

    def __init__(self, folder, port, relay_port, concurrency):
        if os.geteuid() != 0:
            raise SystemExit("the Postfix hub needs root (its master runs as root and its daemons as postfix)")
        self.folder, self.port = folder, port
        # The postfix user walks into the queue: every folder above it must let others through.
        above = os.path.dirname(os.path.abspath(folder))
        while above != "/":
            if not os.stat(above).st_mode & 0o001:
                raise SystemExit(f"the postfix user cannot enter {above} (mode {os.stat(above).st_mode & 0o777:o}); "
                                 f"use a --work folder that others may enter")
            above = os.path.dirname(above)
        self.etc, self.queue = os.path.join(folder, "etc"), os.path.join(folder, "queue")
        for path in (folder, self.etc, self.queue):
            os.makedirs(path, exist_ok=True)
            os.chmod(path, 0o755)
        open(os.path.join(self.etc, "main.cf"), "w").close()
        version = subprocess.run(["postconf", "-c", self.etc, "-dh", "mail_version"], capture_output=True, text=True,
                                 check=True).stdout.strip()
        level = ".".join(version.split(".")[:2])
        parameters = [
            ("compatibility_level", level),
            ("queue_directory", self.queue),
            ("data_directory", os.path.join(folder, "data")),
            ("maillog_file", os.path.join(folder, "maillog")),
            ("maillog_file_prefixes", folder),
            ("myhostname", "hub.postfix.example"),
            ("mydomain", "postfix.example"),
            ("myorigin", "$myhostname"),
            ("inet_interfaces", "127.0.0.1"),
            ("inet_protocols", "ipv4"),
            ("mynetworks", "127.0.0.0/8"),
            # No local delivery, no aliases, no DNS.
            ("mydestination", ""),
            ("alias_maps", ""),
            ("alias_database", ""),
            ("local_recipient_maps", ""),
            ("biff", "no"),
            ("smtpd_peername_lookup", "no"),
            ("smtp_dns_support_level", "disabled"),
            ("smtp_host_lookup", "native"),
            ("disable_dns_lookups", "yes"),
            ("smtpd_tls_security_level", "none"),
            ("smtp_tls_security_level", "none"),
            ("relayhost", f"[127.0.0.1]:{relay_port}"),
            # As many sessions to the relay host as Portolan's maxDeliveriesPerPeer.
            ("default_destination_concurrency_limit", str(concurrency)),
            ("smtp_destination_concurrency_limit", str(concurrency)),
            ("relay_destination_concurrency_limit", str(concurrency)),
        ]
        with open(os.path.join(self.etc, "main.cf"), "w") as file:
            file.write("".join(f"{name} = {value}\n" for name, value in parameters))
        services = [
            f"127.0.0.1:{port} inet n - n - - smtpd",
            "pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup", "qmgr unix n - n 300 1 qmgr",
            "tlsmgr unix - - n 1000? 1 tlsmgr", "rewrite unix - - n - - trivial-rewrite", "bounce unix - - n - 0 bounce",
            "defer unix - - n - 0 bounce", "trace unix - - n - 0 bounce", "verify unix - - n - 1 verify",
            "flush unix n - n 1000? 0 flush", "proxymap unix - - n - - proxymap", "proxywrite unix - - n - 1 proxymap",
            "smtp unix - - n - - smtp", "relay unix - - n - - smtp", "showq unix n - n - - showq",
            "error unix - - n - - error", "retry unix - - n - - error", "discard unix - - n - - discard",
            "local unix - n n - - local", "virtual unix - n n - - virtual", "lmtp unix - - n - - lmtp",
            "anvil unix - - n - 1 anvil", "scache unix - - n - 1 scache", "postlog unix-dgram n - n - 1 postlogd",
        ]
        with open(os.path.join(self.etc, "master.cf"), "w") as file:
            file.write("\n".join(services) + "\n")
        check = subprocess.run(["postfix", "-c", self.etc, "check"], capture_output=True, text=True)
        if check.returncode != 0:
            raise SystemExit(f"postfix check failed: {check.stdout}{check.stderr}")
        self.output = open(os.path.join(folder, "master.out"), "wb")
        # Without -w the master stays in the foreground: its PID is this child's.
        self.process = subprocess.Popen([os.path.join(POSTFIX_DAEMONS, "master"), "-c", self.etc],
                                        stdin=subprocess.DEVNULL, stdout=self.output, stderr=self.output,
                                        start_new_session=True)
        try:
            wait_for_greeting(port)
        except SystemExit:
            self.stop()
            raise

    def queued(self):
        """Messages in Postfix's queue (incoming, active, deferred, hold, maildrop)."""
        total = 0
        for name in ("maildrop", "incoming", "active", "deferred", "hold"):
            for _, _, files in os.walk(os.path.join(self.queue, name)):
                total += len(files)
        return total

    def stop(self):
        if self.process.poll() is None:
            subprocess.run(["postfix", "-c", self.etc, "stop"], capture_output=True)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.output.close()


def relay_run(hub_port, sink, queued, messages, length, sessions, timeout=600):
    """smtp-source sends `messages` of `length` bytes into the hub; done when
    the sink has counted them all and the hub's queue is empty. Returns the
    end-to-end rate, the rate of intake, and per-message latencies (the k-th
    arrival at the sink minus the k-th acceptance by the hub)."""
    base = sink.counter.count
    command = ["smtp-source", "-c", "-s", str(sessions), "-m", str(messages), "-l", str(length),
               "-M", "client.example", "-f", "sender@client.example", "-t", "rcpt@elsewhere.example",
               f"127.0.0.1:{hub_port}"]
    started = time.perf_counter()
    source = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sent = Counter(source.stdout, rb"^(\d+)$")
    error = source.stderr.read()
    source.wait()
    intake = time.perf_counter() - started
    ok = source.returncode == 0
    if not ok:
        log(f"  ! smtp-source exited {source.returncode}: {error.decode(errors='replace')[-400:]}")
    sent.thread.join(timeout=5)
    # Done when the sink has counted every message (a counter read: cheap)
    # and then the hub's queue is empty (a folder listing).
    deadline = time.perf_counter() + timeout
    while sink.counter.count - base < messages and time.perf_counter() < deadline:
        time.sleep(0.002)
    while queued() != 0 and time.perf_counter() < deadline:
        time.sleep(0.002)
    finished = time.perf_counter()
    arrivals = sink.counter.since(base)
    if len(arrivals) < messages or queued() != 0:
        log(f"  ! {len(arrivals)} of {messages} arrived, {queued()} queued after {timeout} s")
        ok = False
    elapsed = finished - started
    accepted = sent.since(0)
    latencies = [arrival - acceptance for arrival, acceptance in zip(arrivals, accepted)]
    return {"messages": messages, "elapsed": elapsed, "rate": messages / elapsed, "intake": messages / intake, "latencies": latencies,
            "ok": ok and len(arrivals) == messages and len(accepted) == messages}


def relay_benchmark(args, binaries, work):
    portolan = binaries["portolan"]
    folder = os.path.join(work, "relay")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    # The Postfix hub's queue lies below: its daemons (user postfix) must get through.
    os.chmod(folder, 0o755)
    if not args.work:
        os.chmod(work, 0o755)
    offset = free_port_base()
    hub_port, sink_port = offset + 26, offset + 25
    postfix_port, postfix_sink_port = offset + 125, offset + 126
    for port in (hub_port, sink_port, postfix_port, postfix_sink_port):
        if not port_free(port):
            raise SystemExit(f"port {port} is taken")
    topology = os.path.join(folder, "topology.yaml")
    with open(topology, "w") as file:
        file.write(RELAY_TOPOLOGY.format(inbound=26))
    out = os.path.join(folder, "out")
    subprocess.run([portolan, "build", topology, "--out", out], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "hub", "bundle.json")) as file:
        limits = json.load(file).get("limits", {})
    per_peer = limits.get("maxDeliveriesPerPeer", 10)
    spool = os.path.join(folder, "portolan-spool")
    loads = [("1 KB", args.relay_small, 1024), ("100 KB", args.relay_large, 100 * 1024)]
    results = {"spool_fs": filesystem_type(folder), "per_peer": per_peer, "runs": {}}
    sinks, hubs = [], []
    try:
        portolan_sink, postfix_sink = Sink(sink_port), Sink(postfix_sink_port)
        sinks += [portolan_sink, postfix_sink]
        portolan_hub = Server("portolan", [portolan, "serve", os.path.join(out, "hub"), "--spool", spool,
                                           "--port-offset", str(offset), "--address", "127.0.0.1",
                                           "--log-level", args.log_level],
                              hub_port, log_path=os.path.join(folder, "serve.log"))
        hubs.append(portolan_hub)
        postfix_hub = PostfixHub(os.path.join(folder, "postfix"), postfix_port, postfix_sink_port, per_peer)
        hubs.append(postfix_hub)
        contenders = [
            ("portolan", hub_port, portolan_sink, lambda: len(os.listdir(os.path.join(spool, "new")))),
            ("postfix", postfix_port, postfix_sink, postfix_hub.queued),
        ]
        # A warm-up of each, not counted: first connections, caches, processes.
        for name, port, sink, queued in contenders:
            relay_run(port, sink, queued, 50, 1024, args.relay_sessions)
        for round_number in range(args.relay_rounds):
            order = contenders if round_number % 2 == 0 else contenders[::-1]
            for label, messages, length in loads:
                for name, port, sink, queued in order:
                    log(f"relay: round {round_number + 1} of {args.relay_rounds}, {name}, {messages} messages of {label}")
                    run = relay_run(port, sink, queued, messages, length, args.relay_sessions)
                    log(f"  {run['rate']:,.0f} msg/s end to end, {run['intake']:,.0f} msg/s accepted, "
                        f"{run['elapsed']:.1f} s{'' if run['ok'] else ', ERRORS'}")
                    results["runs"].setdefault((name, label), []).append(run)
    finally:
        for hub in hubs:
            hub.stop()
        for sink in sinks:
            sink.stop()
    return results


# ---------------------------------------------------------------------------
# The report


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as info:
        memory = int(info.readline().split()[1]) / 1048576
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True)
    swift_line = (swift.stdout or swift.stderr).strip().splitlines()[0] if swift.returncode == 0 else "unknown"
    return {"nproc": os.cpu_count(), "memory": f"{memory:.1f} GiB", "cpu": cpu, "swift": swift_line,
            "kernel": platform.release(), "load": os.getloadavg()}


def ms(seconds):
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def mib(kib):
    return f"{kib / 1024:,.1f} MiB"


class Table:
    def __init__(self):
        self.rows = []

    def add(self, what, value, target="", passed=None):
        verdict = "" if passed is None else ("pass" if passed else "FAIL")
        self.rows.append((what, value, target, verdict))

    def section(self, title):
        self.rows.append((title, None, None, None))

    def text(self):
        cells = [row for row in self.rows if row[1] is not None]
        widths = [max((len(row[i] or "") for row in cells), default=0) for i in range(4)]
        lines = []
        for row in self.rows:
            if row[1] is None:
                lines.append("")
                lines.append(row[0])
                continue
            lines.append("  " + "  ".join((cell or "").ljust(width) for cell, width in zip(row, widths)).rstrip())
        return "\n".join(lines)

    def markdown(self):
        lines = []
        for row in self.rows:
            if row[1] is None:
                lines += ["", f"**{row[0]}**", "", "| measure | value | target | |", "|---|---|---|---|"]
            else:
                lines.append("| " + " | ".join(cell or "" for cell in row) + " |")
        return "\n".join(lines)


def report(args, compiler, listener, relay, info):
    table = Table()
    verdicts = []

    def target(what, value, text, passed):
        table.add(what, value, text, passed)
        verdicts.append(passed)

    if compiler:
        for (servers, form), result in sorted(compiler.items()):
            series = result["series"]
            scan, check = series["scan"], series["check"]
            cold, warm, schema = series["build_cold"], series["build_warm"], series["jsonschema"]
            table.section(f"compiler, {servers:,} servers, {FORMS[form]}: "
                          f"{result['size'] / 1048576:.1f} MiB in {result['files']:,} files; "
                          f"check: {result['errors']} errors, {result['warnings']} warnings; "
                          f"{result['bundles']:,} bundles, {result['out_size'] / 1048576:.1f} MiB "
                          f"(medians of {check.count} runs, wall [CPU])")
            for label, one in (("libyaml scan (floor)", scan), ("portolan check", check),
                               ("portolan build, cold", cold), ("portolan build, warm", warm),
                               ("build, cold, out on disk (1 run)", series["build_disk"])):
                if not one.count:
                    continue
                table.add(label, f"{ms(one.wall)} [{ms(one.cpu)}], peak {mib(one.rss_kib)}",
                          f"{one.wall / scan.wall:.2f}x scan")
            if schema.count:
                table.add(f"check-jsonschema ({schema.count} run{'s' if schema.count > 1 else ''})",
                          f"{ms(schema.wall)} [{ms(schema.cpu)}], peak {mib(schema.rss_kib)}",
                          f"{schema.wall / scan.wall:.1f}x scan; "
                          f"{'accepts' if result['jsonschema_valid'] else 'REJECTS'} the files")
            ratio = check.wall / scan.wall
            # GNU time counts CPU in hundredths: a scan of a small estate can read 0.
            cpu_ratio = check.cpu / scan.cpu if scan.cpu else float("nan")
            if servers >= 100_000:
                # Every shape at 100,000 servers: the targets of the compact front end.
                target("check / scan, wall", f"{ratio:.2f}", "<= 2.5", ratio <= 2.5)
                target("check / scan, CPU", f"{cpu_ratio:.2f}", "<= 3", cpu_ratio <= 3)
            elif servers >= 10_000:
                target("check / scan", f"{ratio:.2f}", "<= 3", ratio <= 3)
                table.add("check / scan, CPU", f"{cpu_ratio:.2f}")
            # The targets are for estates of 10,000 servers and more; at 1,000 the
            # figures are shown (a process's fixed costs weigh more there).
            judged = target if servers >= 10_000 else (lambda what, value, text, passed: table.add(what, value))
            if cold.count:
                build_ratio = cold.wall / check.wall
                build_limit = 1.5 if servers >= 100_000 else 2
                judged("build cold / check", f"{build_ratio:.2f}", f"<= {build_limit}", build_ratio <= build_limit)
                table.add("build cold, out on disk / check", f"{series['build_disk'].wall / check.wall:.2f}")
                warm_ratio = warm.wall / check.wall
                judged("build warm / check", f"{warm_ratio:.2f}", "<= 1.2", warm_ratio <= 1.2)
            else:
                table.add("build", "not run (--skip-build)")
            rss_ratio = check.rss_kib * 1024 / result["size"]
            rss_judged = target if servers >= 100_000 else (lambda what, value, text, passed: table.add(what, value))
            rss_judged("check peak RSS / input size", f"{rss_ratio:.1f}", "<= 8", rss_ratio <= 8)
            if schema.count:
                faster = schema.wall / check.wall
                if servers == 10_000:
                    target("check-jsonschema / check", f"{faster:.1f}x", ">= 20x", faster >= 20)
                else:
                    table.add("check-jsonschema / check", f"{faster:.1f}x")
        for form in FORMS:
            if not any(key[1] == form for key in compiler):
                continue
            table.section(f"compiler scaling, {FORMS[form]} (wall [CPU])")
            for small, large in ((1_000, 10_000), (10_000, 100_000)):
                if (small, form) not in compiler or (large, form) not in compiler:
                    continue
                a, b = compiler[(small, form)]["series"], compiler[(large, form)]["series"]
                limit = 12 if small == 1_000 else 10.5
                for name in ("scan", "check", "build_cold"):
                    if not (a[name].count and b[name].count):
                        continue
                    ratio = b[name].wall / a[name].wall
                    cpu_ratio = b[name].cpu / a[name].cpu
                    label = f"{name.replace('_', ' ')} {large // 1000}k / {small // 1000}k"
                    if name == "check":
                        target(label, f"{ratio:.2f} [{cpu_ratio:.2f}]", f"<= {limit}", ratio <= limit)
                    else:
                        table.add(label, f"{ratio:.2f} [{cpu_ratio:.2f}]")

    if listener:
        throughput = listener["throughput"]
        fs = listener["spool_fs"]
        table.section(f"listener: smtp-source, 20 sessions, one message per connection (spool: tmpfs is "
                      f"{fs['tmpfs']}, disk is {fs['disk']})")
        for (name, label), result in throughput.items():
            extra = f", {result['spooled']} spooled" if result["spooled"] is not None else ""
            table.add(f"{name}, {label}", f"{result['rate']:,.0f} msg/s, peak {mib(result['peak_rss_kib'])}",
                      f"{result['elapsed']:.1f} s, {result['cpu_us']:,.0f} us CPU/msg{extra}{'' if result['ok'] else ', ERRORS'}")
        for label in ("1 KB", "100 KB"):
            fast = throughput.get(("portolan (spool on tmpfs)", label))
            sink = throughput.get(("smtp-sink", label))
            aio = throughput.get(("aiosmtpd", label))
            if fast and sink:
                ratio = fast["rate"] / sink["rate"]
                target(f"portolan without fsync / smtp-sink, {label}", f"{ratio:.2f}x", ">= 1.0x", ratio >= 1.0)
            if fast and aio:
                ratio = fast["rate"] / aio["rate"]
                target(f"portolan without fsync / aiosmtpd, {label}", f"{ratio:.2f}x", ">= 8x", ratio >= 8)
        idle = listener["idle"]
        table.section("listener: memory and TLS")
        target(f"portolan RSS with {idle['connections']:,} idle connections", mib(idle["held_kib"]), "<= 64 MiB",
               idle["held_kib"] <= 64 * 1024 and idle["connections"] >= args.idle)
        table.add("portolan RSS idle, no connections", mib(idle["baseline_kib"]))
        tls = listener["tls"]
        table.add("TLS handshakes (implicit TLS, TLS 1.3, P-256)", f"{tls['rate']:,.0f} /s",
                  f"{tls.get('count', 0)} handshakes, {tls.get('threads', 0)} client threads, {tls.get('failed', 0)} failed, "
                  f"server peak {mib(tls['peak_rss_kib'])}")

    if relay:
        runs = relay["runs"]
        rounds = max((len(series) for series in runs.values()), default=0)
        table.section(f"relay: smtp-source ({args.relay_sessions} sessions, one message per connection) into the hub, "
                      f"the hub relaying to smtp-sink ({relay['per_peer']} sessions to it at most); spools on "
                      f"{relay['spool_fs']}; medians of {rounds} interleaved rounds; end to end: from the first message "
                      f"sent until the sink has them all and the hub's queue is empty")
        rates = {}
        for label in ("1 KB", "100 KB"):
            for name in ("portolan", "postfix"):
                series = runs.get((name, label))
                if not series:
                    continue
                rate = statistics.median(run["rate"] for run in series)
                intake = statistics.median(run["intake"] for run in series)
                latency = statistics.median(statistics.median(run["latencies"]) for run in series if run["latencies"])
                tail = statistics.median(sorted(run["latencies"])[int(len(run["latencies"]) * 0.9)]
                                         for run in series if run["latencies"])
                elapsed = statistics.median(run["elapsed"] for run in series)
                ok = all(run["ok"] for run in series)
                rates[(name, label)] = rate
                table.add(f"{name} as hub, {series[0]['messages']:,} x {label}",
                          f"{rate:,.0f} msg/s (accepted at {intake:,.0f} msg/s)",
                          f"{elapsed:.1f} s; latency median {ms(latency)}, 90th percentile {ms(tail)}"
                          f"{'' if ok else ', ERRORS'}")
        for label in ("1 KB", "100 KB"):
            if ("portolan", label) in rates and ("postfix", label) in rates:
                ratio = rates[("portolan", label)] / rates[("postfix", label)]
                target(f"portolan / postfix as hub, {label}", f"{ratio:.2f}x", ">= 1.0x", ratio >= 1.0)

    header = (f"machine: {info['nproc']} cores, {info['memory']}, {info['cpu']}, kernel {info['kernel']}; "
              f"{info['swift']}; load average at start {info['load'][0]:.2f}")
    print(header)
    print(table.text())
    passed, failed = sum(1 for v in verdicts if v), sum(1 for v in verdicts if not v)
    print(f"\n{passed} targets pass, {failed} fail")
    if args.markdown:
        with open(args.markdown, "w") as file:
            file.write(header + "\n" + table.markdown() + f"\n\n{passed} targets pass, {failed} fail\n")
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, help="the folder of the release binaries")
    parser.add_argument("--quick", action="store_true", help="a smaller run: 1k and 10k servers, 3 rounds, lighter loads")
    parser.add_argument("--only", choices=["compiler", "listener", "relay"], help="run one section")
    parser.add_argument("--sizes", help="comma-separated server counts (default 1000,10000,100000)")
    parser.add_argument("--runs", type=int, help="rounds per size (default 5, quick 3)")
    parser.add_argument("--schema-runs-large", type=int, default=1,
                        help="check-jsonschema rounds above 10,000 servers (default 1: minutes per run; 0: none)")
    parser.add_argument("--skip-jsonschema", action="store_true")
    parser.add_argument("--skip-build", action="store_true",
                        help="time check and the scan only: every bundle lists every user of a local domain, so the "
                             "build's output grows as servers x users (4.1 GiB for the generator's 10,000 servers)")
    parser.add_argument("--shapes", default="flow,block,files,anchors",
                        help="estate shapes besides the generator's (default flow,block,files,anchors; none for none)")
    parser.add_argument("--log-level", default="warning", help="portolan serve --log-level (default warning)")
    parser.add_argument("--work", help="scratch folder (default: a new temporary folder, removed afterwards)")
    parser.add_argument("--markdown", help="also write the table as Markdown here")
    parser.add_argument("--relay-rounds", type=int, default=3, help="relay: interleaved rounds (default 3)")
    parser.add_argument("--relay-small", type=int, help="relay: 1 KB messages per run (default 2,000, quick 1,000)")
    parser.add_argument("--relay-large", type=int, help="relay: 100 KB messages per run (default 500, quick 200)")
    parser.add_argument("--relay-sessions", type=int, default=20, help="relay: smtp-source sessions (default 20)")
    args = parser.parse_args()
    args.shapes = [] if args.shapes == "none" else [shape for shape in args.shapes.split(",") if shape]
    args.sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000])
    args.runs = args.runs or (3 if args.quick else 5)
    args.small_messages, args.large_messages = (2_000, 400) if args.quick else (10_000, 2_000)
    args.idle = 1_000
    args.handshakes, args.handshake_threads = (300, 4) if args.quick else (2_000, 4)
    args.relay_small = args.relay_small or (1_000 if args.quick else 2_000)
    args.relay_large = args.relay_large or (200 if args.quick else 500)

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))
    binaries = {name: os.path.join(args.bin, name) for name in ("portolan", "portolan-bench")}
    sections = {args.only} if args.only else {"compiler", "listener", "relay"}
    tools = [TIME, "smtp-source", "smtp-sink", "openssl"] + list(binaries.values())
    if "compiler" in sections and not args.skip_jsonschema:
        tools.append("check-jsonschema")
    if "relay" in sections:
        tools += ["postfix", "postconf", os.path.join(POSTFIX_DAEMONS, "master")]
    for tool in tools:
        if shutil.which(tool) is None:
            raise SystemExit(f"missing: {tool} (see Benchmarks/run.sh for what to install)")
    info = machine()
    work = args.work or tempfile.mkdtemp(prefix="portolan-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        compiler = compiler_benchmark(args, binaries, work) if "compiler" in sections else None
        listener = listener_benchmark(args, binaries, work) if "listener" in sections else None
        relay = relay_benchmark(args, binaries, work) if "relay" in sections else None
        failed = report(args, compiler, listener, relay, info)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
