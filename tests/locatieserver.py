"""A local stand-in for the PDOK Locatieserver: a tiny HTTP server thread answering every
request with canned `docs`, recording what was asked. Tests never reach the internet."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


class FakeLocatieserver:
    def __init__(self) -> None:
        self.docs: list[dict] = []
        self.status = 200
        self.requests: list[tuple[str, list[tuple[str, str]]]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 -- http.server's naming
                url = urlsplit(self.path)
                fake.requests.append((url.path, parse_qsl(url.query)))
                body = json.dumps({"response": {"numFound": len(fake.docs), "docs": fake.docs}})
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/search/v3_1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer_address(self, lon: float, lat: float, label: str = "Teststraat 1, 9401AA Assen"):
        self.docs = [
            {"weergavenaam": label, "type": "adres", "centroide_ll": f"POINT({lon} {lat})"}
        ]

    def __enter__(self) -> FakeLocatieserver:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    """A local port where nothing listens: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unreachable_url() -> str:
    return f"http://127.0.0.1:{free_port()}/search/v3_1"
