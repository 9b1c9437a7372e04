"""The preview's HTTP server: the last good build, plus the `/_preview/` routes.

`/_preview/reload.js` and `/_preview/state` drive reloading and the problems overlay,
`/_preview/` is the internal index and `/_preview/reports/...` serves the reports.
Everything else comes from the built site, like a static host (no folder listings).
"""

from __future__ import annotations

import io
import ipaddress
import json
import socket
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from omcreport.errors import OmcError
from omcreport.preview.index_page import render_index, render_waiting
from omcreport.preview.reload_script import RELOAD_JS
from omcreport.preview.session import PreviewSession

REPORTS_PREFIX = "/_preview/reports/"


class PreviewHandler(SimpleHTTPRequestHandler):
    # Both set on the subclass made per server.
    session: PreviewSession
    allowed_hosts: frozenset[str] | None  # None: any Host header (listening beyond loopback)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(self.session.site_dir), **kwargs)

    def send_head(self) -> Any:
        if not self._host_allowed():
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "unexpected Host header")
            return None
        path = urlsplit(self.path).path
        if path == "/_preview/reload.js":
            return self._bytes(RELOAD_JS.encode("utf-8"), "text/javascript; charset=utf-8")
        if path == "/_preview/state":
            return self._bytes(json.dumps(self.session.state()).encode("utf-8"), "application/json")
        if path == "/_preview":
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", "/_preview/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path == "/_preview/":
            page = render_index(
                self.session.site_dir, self.session.reports_dir, self.session.state(), self.session.site_links_dir
            )
            return self._bytes(page.encode("utf-8"), "text/html; charset=utf-8")
        if path == f"{REPORTS_PREFIX}links.csv":
            # The tracking links of the site now served (written by the site build).
            self.directory = str(self.session.site_links_dir)
            self.path = "/links.csv"
            return super().send_head()
        if path.startswith(REPORTS_PREFIX):
            # translate_path keeps the request inside `directory` (it drops `..` parts).
            self.directory = str(self.session.reports_dir)
            self.path = "/" + self.path[len(REPORTS_PREFIX) :]
            return super().send_head()
        if path.startswith("/_preview/"):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        if not self.session.site_dir.is_dir():
            return self._bytes(
                render_waiting().encode("utf-8"), "text/html; charset=utf-8", HTTPStatus.SERVICE_UNAVAILABLE
            )
        return super().send_head()

    def _host_allowed(self) -> bool:
        """On a loopback address, only loopback names: a web page that rebinds its own
        domain to 127.0.0.1 must not read the internal reports (DNS rebinding)."""
        allowed = self.allowed_hosts
        if allowed is None:
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name.strip("[]") in allowed

    def _bytes(self, body: bytes, content_type: str, status: HTTPStatus = HTTPStatus.OK) -> io.BytesIO:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def list_directory(self, path: Any) -> None:
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def end_headers(self) -> None:
        # Every edit changes what is served: never let the browser keep a copy.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        # The terminal is for build problems; one line per request would bury them.
        return


LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def is_loopback(address: str) -> bool:
    """Whether a bound address is loopback, its IPv4-mapped IPv6 form included
    (`::ffff:127.0.0.1`, which Python 3.11's `is_loopback` does not count)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def loopback_names(host: str, bound_address: str) -> frozenset[str] | None:
    """The Host names to accept when the server is bound to a loopback address; None otherwise.

    Judged from the address the socket was bound to, not the text given: `127.1`,
    `localhost` and `::ffff:127.0.0.1` all end on loopback and are all checked."""
    if not is_loopback(bound_address):
        return None
    return LOOPBACK_NAMES | {host.strip("[]").lower(), bound_address.lower()}


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


def make_server(host: str, port: int, session: PreviewSession) -> ThreadingHTTPServer:
    class BoundPreviewHandler(PreviewHandler):
        pass

    handler = BoundPreviewHandler
    handler.session = session
    handler.allowed_hosts = None
    server_class = _IPv6Server if ":" in host else ThreadingHTTPServer
    try:
        server = server_class((host, port), handler)
    except OSError as error:
        raise OmcError(f"cannot serve on {host}:{port}: {error.strerror or error}") from None
    handler.allowed_hosts = loopback_names(host, str(server.server_address[0]))
    return server
