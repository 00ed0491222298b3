"""ASGI middleware of the server (private helper of :mod:`.app`): request framing and CORS preflight.

* :class:`RejectAmbiguousFraming` answers ``400`` and closes the connection when a request
  carries both ``Content-Length`` and ``Transfer-Encoding``: RFC 9112 (section 6.1) says such a
  message may be an attempt at request smuggling, and a server must close the connection after
  answering it. uvicorn (h11) used to answer it and keep the connection open. The supported
  deployment is behind a reverse proxy that normalises framing anyway (docs/linked-data.md).
* :class:`Preflight` answers CORS preflight requests (``OPTIONS`` with
  ``Access-Control-Request-Method``) and plain ``OPTIONS`` on the data and API routes with
  ``204``: the allowed methods (``GET, POST, OPTIONS`` on ``/sparql``, ``GET, HEAD, OPTIONS``
  elsewhere) and headers (``Accept, Content-Type``). ``Access-Control-Allow-Origin: *`` comes
  from the security-header middleware that wraps every answer. Nothing is read or written.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Receive, Scope, Send

#: Routes that answer OPTIONS, with the methods they allow.
_PREFLIGHT = (
    (re.compile(r"^/sparql$"), b"GET, POST, OPTIONS"),
    (re.compile(r"^/(queries(/[^/]+)?|openapi\.json|network\.json|void|\.well-known/void|context\.jsonld|search"
                r"|(id|doc|graph)/.+|dumps/.*)$"), b"GET, HEAD, OPTIONS"),
)


async def _answer(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes = b"") -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [*headers, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class RejectAmbiguousFraming:
    """``400`` and ``Connection: close`` for a request with both Content-Length and Transfer-Encoding."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            names = {name.lower() for name, _ in scope.get("headers", ())}
            if b"content-length" in names and b"transfer-encoding" in names:
                await _answer(send, 400, [(b"content-type", b"text/plain; charset=utf-8"),
                                          (b"connection", b"close")],
                              b"a request may not carry both Content-Length and Transfer-Encoding "
                              b"(RFC 9112, section 6.1); the connection is closed\n")
                return
        await self.app(scope, receive, send)


class Preflight:
    """``204`` with the allowed methods and headers for ``OPTIONS`` on the data and API routes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "OPTIONS":
            path = scope["path"]
            root = str(scope.get("root_path", "")).rstrip("/")
            if root and path.startswith(root + "/"):
                path = path[len(root):]
            for pattern, methods in _PREFLIGHT:
                if pattern.match(path):
                    await _answer(send, 204, [(b"allow", methods), (b"access-control-allow-methods", methods),
                                              (b"access-control-allow-headers", b"Accept, Content-Type"),
                                              (b"access-control-max-age", b"86400"),
                                              (b"vary", b"Origin")])
                    return
        await self.app(scope, receive, send)
