#!/usr/bin/env python3
"""A minimal OCI registry for the benchmark: serves one model's manifest and blobs from a directory, honours Range,
and caps every connection at a fixed rate (like a CDN that throttles per connection).

usage: capped_registry.py PORT DIR BYTES_PER_SECOND
DIR holds manifests/<repo>/<tag> and blobs/sha256-<hex>."""
import os
import re
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, ROOT, RATE = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
MANIFEST = re.compile(r"^/v2/(.+)/manifests/([^/]+)$")
BLOB = re.compile(r"^/v2/(.+)/blobs/sha256:([0-9a-f]{64})$")
CHUNK = 64 * 1024


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        m = MANIFEST.match(self.path)
        if m:
            path = os.path.join(ROOT, "manifests", m.group(1), m.group(2))
            if not os.path.exists(path):
                return self.send_error(404)
            body = open(path, "rb").read()
            self.send_response(200)
            self.send_header("Content-Type", "application/vnd.docker.distribution.manifest.v2+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        m = BLOB.match(self.path)
        path = os.path.join(ROOT, "blobs", "sha256-" + m.group(2)) if m else None
        if not path or not os.path.exists(path):
            return self.send_error(404)
        size = os.path.getsize(path)
        start, end = 0, size - 1
        rng = re.match(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        if rng:
            start = int(rng.group(1))
            end = min(size - 1, int(rng.group(2))) if rng.group(2) else size - 1
            self.send_response(206)
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, end, size))
        else:
            self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        began, sent = time.monotonic(), 0
        with open(path, "rb") as f:
            f.seek(start)
            remaining = end - start + 1
            while remaining > 0:
                data = f.read(min(CHUNK, remaining))
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    return
                remaining -= len(data)
                sent += len(data)
                ahead = sent / RATE - (time.monotonic() - began)
                if ahead > 0:
                    time.sleep(ahead)


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
