"""A static file server that compresses text responses with gzip, as GitHub Pages does.

``python -m http.server`` sends every file uncompressed, which makes page weights and Lighthouse
scores look worse than what readers get. Used by the browser tests and by ``make audit``:
``python tests/browser/gzip_server.py DIRECTORY [PORT]`` serves DIRECTORY until interrupted.
"""

import functools
import gzip
import http.server
import io
import os
import sys
import threading

# What GitHub Pages compresses: text formats; images and fonts are already compressed.
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".txt", ".xml", ".map", ".inv", ".ttf", ".eot")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler plus ``Content-Encoding: gzip`` for text files when the client accepts it."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            index = os.path.join(path, "index.html")
            if os.path.exists(index) and self.path.split("?")[0].endswith("/"):
                path = index
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.endswith(COMPRESSIBLE) and os.path.isfile(path)):
            return super().send_head()
        with open(path, "rb") as f:
            body = gzip.compress(f.read(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


def serve(directory, port=0):
    """Start the server on 127.0.0.1 in a daemon thread; return (server, base_url)."""
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


if __name__ == "__main__":
    directory = sys.argv[1] if len(sys.argv) > 1 else "_build/html"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8000
    handler = functools.partial(GzipHandler, directory=directory)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        print(f"serving {directory} compressed on http://127.0.0.1:{port}", flush=True)
        httpd.serve_forever()
