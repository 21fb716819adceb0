#!/usr/bin/python3
"""A self-signed HTTPS front on loopback for the client's TLS tests (stdlib only).

Usage: https_server.py CERT KEY PORT_FILE
Serves GET /health -> {"status":"ok"} on 127.0.0.1 at a free port, which it writes to PORT_FILE once listening.
Exits when its stdin closes, so a test that dies never leaves it running.
"""
import http.server
import os
import ssl
import sys
import threading


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'{"status":"ok"}' if self.path == "/health" else b'{"detail":"Not Found"}'
        self.send_response(200 if self.path == "/health" else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    cert, key, port_file = sys.argv[1:4]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    sys.stdin.read()  # until the test closes our stdin


if __name__ == "__main__":
    main()
