"""The HTTP side of bench/delivery (see bench/README.md, "Delivery"): sets up a trade fair
through the API, writes the meeting requests that wrk sends, fills the outbox, times a
backlog's delivery to the SMTP sink, and times webhooks at a fixed rate of events.
Python's standard library only: it runs with the python3 that runs the SMTP sink.

  delivery.py setup --base URL --admin EMAIL --password PW --companies N --buyers M --work DIR
  delivery.py fill  --base URL --work DIR --from I --pending N
  delivery.py drain --sink-dir DIR --expect N --timeout S
  delivery.py webhooks --base URL --work DIR --from I --count N --rate R
"""

import argparse
import concurrent.futures
import http.client
import http.server
import json
import os
import re
import sys
import threading
import time
import urllib.parse
from datetime import datetime

PASSWORD = "bench delivery password 2019"


class Api:
    """One keep-alive connection to the service."""

    def __init__(self, base, token=None):
        url = urllib.parse.urlparse(base)
        self.host, self.port = url.hostname, url.port
        self.token = token
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def call(self, method, path, body=None, expect=(200, 201, 204), language=None):
        headers = {} if body is None else {"Content-Type": "application/json"}
        if language:
            headers["Accept-Language"] = language
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        data = None if body is None else json.dumps(body)
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode()
                break
            except (http.client.HTTPException, ConnectionError):
                if attempt:
                    raise
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        if expect and response.status not in expect:
            sys.exit("%s %s answered %d: %s" % (method, path, response.status, text[:300]))
        return response.status, (json.loads(text) if text else None)


def login(base, email):
    _, body = Api(base).call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})
    return body["access_token"]


def setup(args):
    """A desk account, an open trade fair, N approved exhibiting companies with one member
    each and M verified buyers; writes every (company, buyer) request body, one per line."""
    admin = Api(args.base, login(args.base, args.admin))
    admin.call("POST", "/api/v1/users", {"email": "desk@bench.example", "password": PASSWORD,
                                         "display_name": "Bench desk", "role": "desk"})
    desk = Api(args.base, login(args.base, "desk@bench.example"))
    _, event = desk.call("POST", "/api/v1/events", {
        "kind": "trade_fair", "name": "Delivery bench fair", "city": "Bangkok", "country": "TH",
        "venue": "BITEC", "time_zone": "Asia/Bangkok", "starts_on": "2027-06-01",
        "ends_on": "2027-06-02"})
    event_id = event["id"]

    def register(i, kind):
        api = Api(args.base)
        if kind == "sme":
            body = {"email": "sme%d@bench.example" % i, "password": PASSWORD,
                    "display_name": "SME %d" % i, "account_type": "sme",
                    "company": {"name_ja": "相模原製作所%d" % i, "name_en": "Sagamihara Works %d" % i,
                                "industry": "machining"}}
            # The account's language is the one it registers in: the SMEs' mails are Japanese.
            return api.call("POST", "/api/v1/auth/register", body, language="ja")[1]["user"]["company_id"]
        body = {"email": "buyer%d@bench.example" % i, "password": PASSWORD,
                "display_name": "Buyer %d" % i, "account_type": "buyer",
                "buyer": {"name": "Bangkok Parts %d" % i, "country": "TH"}}
        return api.call("POST", "/api/v1/auth/register", body)[1]["user"]["buyer_id"]

    # Registrations hash passwords (argon2): four at a time.
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        companies = list(pool.map(lambda i: register(i, "sme"), range(args.companies)))
        buyers = list(pool.map(lambda i: register(i, "buyer"), range(args.buyers)))
    for company in companies:
        desk.call("POST", "/api/v1/companies/%s/approve" % company)
        desk.call("POST", "/api/v1/events/%s/exhibitors" % event_id, {"company_id": company})
    for buyer in buyers:
        desk.call("POST", "/api/v1/buyers/%s/verify" % buyer)
    # Buyer-major order: consecutive requests go to different companies.
    with open(os.path.join(args.work, "bodies.txt"), "w") as out:
        for buyer in buyers:
            for company in companies:
                out.write(json.dumps({"event_id": event_id, "company_id": company,
                                      "buyer_id": buyer, "message": "We would like to meet."}) + "\n")
    with open(os.path.join(args.work, "desk_token"), "w") as out:
        out.write(desk.token)
    print("set up: fair %s, %d companies, %d buyers, %d request bodies"
          % (event_id, len(companies), len(buyers), len(companies) * len(buyers)))


def bodies(work):
    with open(os.path.join(work, "bodies.txt")) as f:
        return [json.loads(line) for line in f]


def outbox(base, status):
    conn = http.client.HTTPConnection(urllib.parse.urlparse(base).hostname,
                                      urllib.parse.urlparse(base).port, timeout=30)
    conn.request("GET", "/metrics")
    text = conn.getresponse().read().decode()
    match = re.search(r'^outbox_messages\{status="%s"\} (\d+)' % status, text, re.M)
    return int(match.group(1)) if match else 0


def fill(args):
    """Sends the request bodies from --from on until the outbox holds --pending due
    messages (a 409, a pair wrk already requested, is skipped)."""
    desk = Api(args.base, login(args.base, "desk@bench.example"))
    all_bodies = bodies(args.work)
    index, started = args.start, time.monotonic()
    while True:
        pending = outbox(args.base, "pending")
        if pending >= args.pending:
            break
        for body in all_bodies[index:index + (args.pending - pending)]:
            desk.call("POST", "/api/v1/meetings", body, expect=(201, 409))
        index += args.pending - pending
        if index >= len(all_bodies):
            sys.exit("ran out of request bodies at %d pending" % outbox(args.base, "pending"))
    print("filled: %d pending messages, bodies up to %d, %.1f s" % (pending, index, time.monotonic() - started))
    print("next=%d" % index)


def drain(args):
    """Waits until the sink holds --expect messages; prints how long that took from the
    start of this command (started with the worker) and the rate."""
    started = time.monotonic()
    deadline = started + args.timeout
    count = 0
    while time.monotonic() < deadline:
        count = sum(1 for name in os.listdir(args.sink_dir) if name.endswith(".eml"))
        if count >= args.expect:
            break
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    print("drained: %d of %d messages in %.1f s, %.0f mails/s" % (count, args.expect, elapsed, count / elapsed))
    print("RESULT mails=%d mail_seconds=%.1f mail_rate=%.0f" % (count, elapsed, count / elapsed))
    if count < args.expect:
        sys.exit("the backlog was not drained within %d s" % args.timeout)


class Receiver(http.server.BaseHTTPRequestHandler):
    """Answers 204 and records each delivery's delay: its arrival less the payload's
    `timestamp`, when the change was committed."""

    delays = []
    lock = threading.Lock()
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        arrived = time.time()
        stamp = json.loads(body)["timestamp"]
        sent = datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
        with Receiver.lock:
            Receiver.delays.append(arrived - sent)
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class ReceiverServer(http.server.ThreadingHTTPServer):
    # socketserver's default backlog is 5: the service's worker opens more connections than
    # that at once, and a dropped SYN costs a second's retransmission, which this benchmark
    # would count against the service.
    request_queue_size = 128


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1)]


def webhooks(args):
    """A receiver on 127.0.0.1, a desk subscription to every event type, and --count meeting
    requests at --rate per second; prints the delivery delays' percentiles."""
    server = ReceiverServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    desk = Api(args.base, login(args.base, "desk@bench.example"))
    desk.call("POST", "/api/v1/webhooks", {"url": "http://127.0.0.1:%d/hook" % server.server_port,
                                           "event_types": ["*"], "description": "bench"})
    todo = bodies(args.work)[args.start:args.start + args.count]
    if len(todo) < args.count:
        sys.exit("not enough request bodies left")
    started = time.monotonic()
    for i, body in enumerate(todo):
        pause = started + i / args.rate - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        desk.call("POST", "/api/v1/meetings", body, expect=(201,))
    sending = time.monotonic() - started
    deadline = time.monotonic() + 30
    while len(Receiver.delays) < args.count and time.monotonic() < deadline:
        time.sleep(0.05)
    delays = Receiver.delays
    server.shutdown()
    if not delays:
        sys.exit("no webhook arrived")
    ms = [d * 1000 for d in delays]
    print("webhooks: %d events in %.1f s (%.1f/s), %d delivered; delay ms p50 %.0f p95 %.0f p99 %.0f max %.0f"
          % (args.count, sending, args.count / sending, len(delays), percentile(ms, 50),
             percentile(ms, 95), percentile(ms, 99), max(ms)))
    print("RESULT delivered=%d p50=%.0f p95=%.0f p99=%.0f max=%.0f"
          % (len(delays), percentile(ms, 50), percentile(ms, 95), percentile(ms, 99), max(ms)))
    if len(delays) < args.count:
        sys.exit("only %d of %d webhooks arrived" % (len(delays), args.count))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("setup")
    p.add_argument("--base", required=True)
    p.add_argument("--admin", required=True)
    p.add_argument("--companies", type=int, default=100)
    p.add_argument("--buyers", type=int, default=130)
    p.add_argument("--work", required=True)
    p.set_defaults(run=setup)
    p = sub.add_parser("fill")
    p.add_argument("--base", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--from", dest="start", type=int, default=0)
    p.add_argument("--pending", type=int, default=10000)
    p.set_defaults(run=fill)
    p = sub.add_parser("drain")
    p.add_argument("--sink-dir", required=True)
    p.add_argument("--expect", type=int, required=True)
    p.add_argument("--timeout", type=int, default=120)
    p.set_defaults(run=drain)
    p = sub.add_parser("webhooks")
    p.add_argument("--base", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--from", dest="start", type=int, required=True)
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--rate", type=float, default=50)
    p.set_defaults(run=webhooks)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
