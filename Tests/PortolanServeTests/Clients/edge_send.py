"""Sends one message across one SMTP edge the way the sender's bundle says,
and prints the wire's outcome as JSON.

usage: edge_send.py BUNDLE_JSON HOST_ADDRESS PORT_OFFSET SOURCE_ADDRESS FROM TO [PASSWORD_FILE]

BUNDLE_JSON is the sender's bundle: its outbound side says which port and
mode to use (the SSL port first when set, then TCP unless disabled; starttls
mode uses STARTTLS when offered), whether to authenticate (relay_auth, with
relay_login's user and the password in PASSWORD_FILE) and the SNI name (the
peer's host). Prints {"delivered", "stage", "reply", "port", "mode"}; stage is
one of connect, tls, auth, mail, rcpt, data, or "" when delivered.
"""
import json
import smtplib
import socket
import ssl
import sys

bundle_path, address, offset, source, sender, recipient = sys.argv[1:7]
password_file = sys.argv[7] if len(sys.argv) > 7 else None
offset = int(offset)
with open(bundle_path) as handle:
    outbound = json.load(handle)["outbound"]
peer = outbound.get("relay") or {}
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
sni = peer.get("host") or None
stage = "connect"
result = {"delivered": False, "stage": "", "reply": "", "port": 0, "mode": ""}


def finish(delivered, reply=""):
    result["delivered"] = delivered
    result["stage"] = "" if delivered else stage
    result["reply"] = reply
    print(json.dumps(result, sort_keys=True))
    sys.exit(0)


def reply_of(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = list(error.recipients.values())[0]
        return "%d %s" % (code, text.decode("latin-1"))
    if isinstance(error, smtplib.SMTPResponseException):
        return "%d %s" % (error.smtp_code, error.smtp_error.decode("latin-1"))
    return str(error)


try:
    ssl_port = outbound.get("sslPort")
    client = None
    if ssl_port and peer.get("sslPort") == ssl_port:
        result["port"], result["mode"] = ssl_port, "ssl"
        raw = socket.create_connection((address, ssl_port + offset), timeout=15, source_address=(source, 0))
        stage = "tls"
        wrapped = context.wrap_socket(raw, server_hostname=sni)
        client = smtplib.SMTP(local_hostname="sender.acme.example", timeout=15)
        client.sock = wrapped
        client.file = None
        stage = "connect"
        code, text = client.getreply()
        if code != 220:
            raise smtplib.SMTPConnectError(code, text)
        tls = True
    elif outbound["tcpMode"] != "disabled":
        port = outbound["tcpPort"]
        result["port"], result["mode"] = port, outbound["tcpMode"]
        client = smtplib.SMTP(address, port + offset, local_hostname="sender.acme.example", timeout=15,
                              source_address=(source, 0))
        tls = False
    else:
        stage = "connect"
        finish(False, "no outbound path")
    client.ehlo()
    if not tls and outbound["tcpMode"] == "starttls" and client.has_extn("starttls"):
        stage = "tls"
        code, text = client.docmd("STARTTLS")
        if code != 220:
            raise smtplib.SMTPResponseException(code, text)
        client.sock = context.wrap_socket(client.sock, server_hostname=sni)
        client.file = None
        client.helo_resp = client.ehlo_resp = None
        client.esmtp_features = {}
        client.does_esmtp = False
        client.ehlo()
        result["mode"] = "starttls"
    login = outbound.get("relayLogin")
    if outbound.get("relayAuth", "disabled") != "disabled" and login:
        stage = "auth"
        with open(password_file or login["passwordFile"]) as handle:
            password = handle.read().rstrip("\n")
        try:
            client.login(login["user"], password)
        except smtplib.SMTPException:
            if outbound["relayAuth"] == "required":
                raise
    stage = "mail"
    code, text = client.mail(sender)
    if code != 250:
        raise smtplib.SMTPResponseException(code, text)
    stage = "rcpt"
    code, text = client.rcpt(recipient)
    if code not in (250, 251):
        raise smtplib.SMTPResponseException(code, text)
    stage = "data"
    code, text = client.data(b"Subject: edge probe\r\n\r\nprobe\r\n")
    if code != 250:
        raise smtplib.SMTPResponseException(code, text)
    client.quit()
    finish(True, "%d %s" % (code, text.decode("latin-1")))
except (smtplib.SMTPException, OSError, ssl.SSLError) as error:
    finish(False, reply_of(error))
