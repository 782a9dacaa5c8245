"""A real SMTP server on loopback for brief's delivery tests (aiosmtpd).

Every message accepted is written to the spool folder as one file per
recipient (`<n>.eml`, with `<n>.json` holding the envelope), so a test sees
exactly who received what, and how often. Faults are switched on by flags:

  --auth USER:PASSWORD   require AUTH (PLAIN or LOGIN), only after STARTTLS
  --tls CERT KEY         offer and require STARTTLS
  --refuse ADDRESS       answer RCPT for this address with 550 (repeatable)
  --drop-at-data N       close the connection, with no reply, at the Nth DATA
                         command (the message is never received; repeatable)
  --drop-after-data N    take the Nth message, store it, then close the
                         connection before replying 250
Prints `READY <port>` on stdout when it listens, and runs until killed.
"""

import argparse
import asyncio
import json
import os
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Spool:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    def store(self, envelope):
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.count += 1
                base = os.path.join(self.folder, str(self.count))
                with open(base + ".eml", "wb") as f:
                    f.write(envelope.original_content or envelope.content)
                with open(base + ".json", "w") as f:
                    json.dump({"from": envelope.mail_from, "to": rcpt}, f)


class Handler:
    def __init__(self, args, spool):
        self.args = args
        self.spool = spool
        self.datas = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.args.refuse:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.datas += 1
        self.spool.store(envelope)
        if self.args.drop_after_data and self.datas == self.args.drop_after_data:
            session.drop = True
        return "250 2.0.0 OK: queued"


class FaultySMTP(SMTP):
    """Drops the connection where the test asks."""

    data_commands = 0

    async def smtp_DATA(self, arg):
        FaultySMTP.data_commands += 1
        if FaultySMTP.data_commands in self.fault_args.drop_at_data:
            self.transport.close()
            return
        await super().smtp_DATA(arg)

    async def push(self, status):
        # After a message marked to drop, nothing more is said.
        if getattr(self.session, "drop", False) and status.startswith("250"):
            self.transport.abort()
            return
        await super().push(status)


class FaultyController(Controller):
    def __init__(self, handler, args, **kwargs):
        self.fault_args = args
        super().__init__(handler, **kwargs)

    def factory(self):
        server = FaultySMTP(self.handler, **self.SMTP_kwargs)
        server.fault_args = self.fault_args
        return server


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--spool", required=True)
    p.add_argument("--auth")
    p.add_argument("--tls", nargs=2)
    p.add_argument("--refuse", action="append", default=[])
    p.add_argument("--drop-at-data", type=int, action="append", default=[])
    p.add_argument("--drop-after-data", type=int, default=0)
    args = p.parse_args()
    args.refuse = [a.lower() for a in args.refuse]

    kwargs = {}
    if args.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls[0], args.tls[1])
        kwargs["tls_context"] = context
        kwargs["require_starttls"] = True
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (
                isinstance(auth_data, LoginPassword)
                and auth_data.login.decode() == user
                and auth_data.password.decode() == password
            )
            return AuthResult(success=ok, handled=False)

        kwargs["authenticator"] = authenticator
        kwargs["auth_required"] = True
        kwargs["auth_require_tls"] = True

    handler = Handler(args, Spool(args.spool))
    controller = FaultyController(
        handler, args, hostname="127.0.0.1", port=0, server_hostname="localhost", **kwargs
    )
    # Port 0: find a free port first, since the controller needs a number.
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    controller.port = s.getsockname()[1]
    s.close()
    controller.start()
    print("READY %d" % controller.port, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
