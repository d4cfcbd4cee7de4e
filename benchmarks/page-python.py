#!/usr/bin/env python3
"""The Python peer of benchmarks/page-wrk.sh: Python's http.server answering every request (any
method, any path) with status 503 and the bytes of BODY_FILE, with the headers the filter sends
for its HTML page. HTTP/1.1 with keep-alive and TCP_NODELAY, one thread per connection
(ThreadingHTTPServer).

usage: page-python.py PORT BODY_FILE     (PORT 0 picks a free port; listens on 127.0.0.1 only)

Prints "listening on PORT" once it accepts connections; runs until SIGTERM or SIGINT.
"""
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: page-python.py PORT BODY_FILE\n")
        sys.exit(2)
    port = int(sys.argv[1])
    with open(sys.argv[2], "rb") as f:
        body = f.read()
    length = str(len(body))

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm and the
        # client's delayed ACK would hold every second write for tens of milliseconds.
        disable_nagle_algorithm = True

        def answer(self, with_body):
            self.send_response(503)
            self.send_header("X-Maintenance-Mode", "true")
            self.send_header("Retry-After", "300")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Vary", "Accept, Accept-Language")
            self.send_header("Content-Language", "en")
            self.send_header("Content-Type", "text/html;charset=utf-8")
            self.send_header("Content-Length", length)
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def do_GET(self):
            self.answer(True)

        def do_HEAD(self):
            self.answer(False)

        do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET

        def log_message(self, format, *args):
            pass  # no access log: it would cost more than the answer

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 1024

    server = Server(("127.0.0.1", port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("listening on %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
