"""A real SMTP server for the tests (aiosmtpd): every message it accepts is written, as
received, to a file of its own in --dir (written to a temporary name, then renamed, so a
reader never sees half a message). The envelope's recipients come first as `X-Sink-To:`
lines. It listens on 127.0.0.1:--port (0: a free port) and prints `listening on <port>` once
it accepts connections. Stops on SIGTERM or SIGINT.

Started by the tests themselves (tests/api/common/smtp.rs) through TEST_SMTP_SINK, which
.ci/run sets to this script under the venv it installs (.ci/smtp-sink-requirements.txt).
"""

import argparse
import asyncio
import itertools
import os
import signal
import sys
import time

from aiosmtpd.smtp import SMTP


class Store:
    def __init__(self, folder, delay):
        self.folder = folder
        self.delay = delay
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        name = "%020d-%06d.eml" % (time.time_ns(), next(self.counter))
        partial = os.path.join(self.folder, "." + name + ".partial")
        head = "".join("X-Sink-To: %s\r\n" % rcpt for rcpt in envelope.rcpt_tos)
        with open(partial, "wb") as out:
            out.write(head.encode("ascii"))
            out.write(envelope.original_content or envelope.content)
        os.rename(partial, os.path.join(self.folder, name))
        return "250 Message accepted for delivery"


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir", required=True)
    # A slow server, for the tests that stop the sender mid-delivery.
    parser.add_argument("--delay-ms", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    store = Store(args.dir, args.delay_ms / 1000)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(store, enable_SMTPUTF8=True, decode_data=False),
        host="127.0.0.1",
        port=args.port,
    )
    port = server.sockets[0].getsockname()[1]
    print("listening on %d" % port, flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
    sys.exit(0)
