"""Sends one message with Python's smtplib and prints the outcome.

usage: smtplib_send.py PORT MODE FROM TO [USER PASSWORD] < message
MODE: plain | starttls | ssl. Prints "OK" or "ERROR <code> <text>".
"""
import smtplib
import ssl
import sys

port, mode, sender, recipient = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
user = sys.argv[5] if len(sys.argv) > 6 else None
password = sys.argv[6] if len(sys.argv) > 6 else None
message = sys.stdin.buffer.read()
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
try:
    if mode == "ssl":
        client = smtplib.SMTP_SSL("127.0.0.1", port, local_hostname="client.example", context=context, timeout=15)
    else:
        client = smtplib.SMTP("127.0.0.1", port, local_hostname="client.example", timeout=15)
    client.ehlo()
    if mode == "starttls":
        client.starttls(context=context)
        client.ehlo()
    if user:
        client.login(user, password)
    client.sendmail(sender, [recipient], message)
    client.quit()
    print("OK")
except smtplib.SMTPResponseException as error:
    print("ERROR %d %s" % (error.smtp_code, error.smtp_error.decode("latin-1")))
except smtplib.SMTPRecipientsRefused as error:
    code, text = list(error.recipients.values())[0]
    print("ERROR %d %s" % (code, text.decode("latin-1")))
