"""The page answers itself only: no other web site may use the local server through a visitor's browser.

Two checks run before any route. The ``Host`` header must name the server as it was started (its
``--host`` and the loopback names; when it listens on every interface, the machine's own names and
any IP address): a web page that points its own domain at 127.0.0.1 (DNS rebinding) is refused, so
it can never read an answer. And a request that changes something (POST, DELETE …) must come from
the page itself: a browser says where a request comes from in ``Origin`` and ``Sec-Fetch-Site``,
and a form or ``fetch`` of another site (even another port of this machine) is refused. Programs
that send neither header, such as curl or a script using the JSON API, are not browsers visiting
another site, and pass.

Starlette's TrustedHostMiddleware is not used: it cuts the Host header at the first colon, so it
cannot tell an IPv6 address such as ``[::1]:8000``.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from fastapi.responses import JSONResponse

LOOPBACK = ("127.0.0.1", "localhost", "::1")
ANY_ADDRESS = ("0.0.0.0", "::", "")  # listening on every interface
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
SAME_ORIGIN = {"same-origin", "none"}  # Sec-Fetch-Site of the page's own requests and typed addresses

FOREIGN_HOST = "拒绝访问：请求的地址不是本服务的地址。请在浏览器中直接打开启动时显示的地址（例如 http://127.0.0.1:8000）。"
FOREIGN_PAGE = "拒绝访问：这个请求来自其他网页，本服务只接受它自己页面上的操作。请在本服务的页面上操作。"


def allowed_hosts(host: str) -> tuple[str, ...]:
    """Host names a server started with ``--host host`` answers to; "*" stands for any IP address.

    Listening on every interface, the server is reached by the machine's name or an address of
    it; an address typed as an IP literal can never be rebound by DNS, so any literal is fine.
    """
    names = [*LOOPBACK]
    if host in ANY_ADDRESS:
        machine = socket.gethostname()
        names += [machine, f"{machine}.local", socket.getfqdn(), "*"]
    else:
        names.append(host)
    return tuple(dict.fromkeys(n.lower().strip("[]") for n in names if n))


class OriginGuard:
    """ASGI middleware: a 403 with a Chinese reason for a foreign Host or a cross-site change."""

    def __init__(self, app, hosts: tuple[str, ...] = LOOPBACK) -> None:
        self.app = app
        self.hosts = {h.lower() for h in hosts}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
            refusal = self._refusal(scope["method"], headers)
            if refusal:
                return await JSONResponse({"detail": refusal}, status_code=403)(scope, receive, send)
        await self.app(scope, receive, send)

    def _refusal(self, method: str, headers: dict[str, str]) -> str | None:
        """Why the request is refused, or None."""
        host = headers.get("host", "")
        if not self._known_host(host):
            return FOREIGN_HOST
        if method.upper() not in SAFE_METHODS and not same_origin(headers, host):
            return FOREIGN_PAGE
        return None

    def _known_host(self, host: str) -> bool:
        """The Host header names this server (its port is the one it listens on anyway)."""
        name = host_name(host)
        return name in self.hosts or ("*" in self.hosts and is_ip(name))


def same_origin(headers: dict[str, str], host: str) -> bool:
    """A browser's request from the page itself; a request without these headers is no browser's."""
    site = headers.get("sec-fetch-site")
    if site is not None and site.lower() not in SAME_ORIGIN:
        return False
    origin = headers.get("origin")
    return origin is None or urlsplit(origin).netloc.lower() == host.lower()


def host_name(host: str) -> str:
    """The name of a Host header without its port: ``[::1]:8000`` → ``::1``, ``a:80`` → ``a``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else ""
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def is_ip(name: str) -> bool:
    """True for an IPv4 or IPv6 address literal."""
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True
