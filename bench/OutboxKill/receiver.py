#!/usr/bin/env python3
"""A loopback webhook receiver for bench/outbox-kill.sh: records the deliveryId of every alert it is sent (appending to a
log before it answers, so a sender killed before it marks the batch delivered leaves a received batch behind), answers
after a delay (so a drain is slow enough to be killed in the middle), and reports its counts at GET /stats."""
import http.server, json, sys, threading, time

port_file, log_file, delay = sys.argv[1], sys.argv[2], float(sys.argv[3])
lock = threading.Lock()
seen, stats = set(), {"calls": 0, "elements": 0, "distinct": 0, "resent": 0, "badKey": 0}


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        items = body if isinstance(body, list) else [body]
        with lock:
            stats["calls"] += 1
            with open(log_file, "a") as log:
                for item in items:
                    key = item.get("deliveryId")
                    stats["elements"] += 1
                    if not key:
                        stats["badKey"] += 1
                    elif key in seen:
                        stats["resent"] += 1  # dropped by its idempotency key
                    else:
                        seen.add(key)
                        stats["distinct"] += 1
                    log.write(f"{key}\n")
        time.sleep(delay)
        self.send_response(200)
        self.end_headers()

    def do_GET(self):
        with lock:
            data = json.dumps(stats).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file, "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
