"""A real SMTP server for ChannelsStartTlsTest: aiosmtpd (Debian's python3-aiosmtpd) on 127.0.0.1:PORT that
requires STARTTLS before anything else, and AUTH (over TLS only) with one user, and writes each message it receives
to OUTDIR as <n>.eml (written to a temporary name first, then renamed, so a reader never sees half a message).

Usage: python3 starttls_smtpd.py PORT CERT_PEM KEY_PEM USER OUTDIR   (the password is read from SMTPD_PASSWORD)
Runs until it is terminated or its standard input closes (so it ends with a test JVM that dies without stopping it).
"""
import itertools
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def main():
    port, cert, key, user, outdir = sys.argv[1:6]
    password = os.environ["SMTPD_PASSWORD"]
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    counter = itertools.count(1)

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            n = next(counter)
            tmp = os.path.join(outdir, f".{n}.tmp")
            with open(tmp, "wb") as f:
                f.write(envelope.original_content or envelope.content)
            os.rename(tmp, os.path.join(outdir, f"{n}.eml"))
            return "250 OK"

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (auth_data is not None and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        # handled=False: aiosmtpd then answers a failure with 535 itself (by default it would send nothing).
        return AuthResult(success=ok, handled=False)

    controller = Controller(Handler(), hostname="127.0.0.1", port=int(port), tls_context=tls,
                            require_starttls=True, auth_required=True, auth_require_tls=True,
                            authenticator=authenticate)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
