"""What every HTTP request meets before Gradio: one ASGI middleware (``Guard``) for the server's bounds.

- Host header allow-list: loopback names, IP literals, the bound host and ``web.allowed_hosts``; any other
  name is a DNS-rebinding attempt (a page on another site resolving its own name to this machine) → 421.
- Cross-origin requests (an ``Origin`` that is neither this host nor one of ``web.embed_origins``) → 403,
  so Gradio's CORS, which trusts every ``http://localhost:<port>``, never hands another site our data.
- Request bodies larger than ``web.max_body_bytes`` → 413, before anything reads them (a body without
  Content-Length is read up to the limit first).
- Gradio's upload route → 403: the page has no upload field.
- A per-client rate limit (``web.requests_per_minute``) on what starts work: joining the queue, the named
  API calls and the login form → 429 (not the quick un-queued events such as autocomplete).
- The page's HTML gets ``page_filter`` (the inline splash that a slow network shows before Gradio's scripts).
- ``/healthz`` and ``/ready`` for a load balancer: the server warms its models, index and gazetteer before the
  port opens (``launch``, ``mount``), so whatever this guard answers is ready.
- Security headers on every response (CSP without outside sources, frame-ancestors, nosniff, referrer).
"""

from __future__ import annotations

import ipaddress
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
#: What starts work for one client: joining the queue (every answer, rating and export of the page), the named
#: calls (/call/<name>) and the login form. The page's quick un-queued events (autocomplete as one types, the
#: language switch) post to /run/predict and are not counted: a user typing a county name must not use up their
#: questions; with api_open=False no queued event can run by that route.
LIMITED = ("/queue/join", "/login", "/login/")
LIMITED_PREFIXES = ("/call/",)
UPLOAD_ENDINGS = ("/upload", "/upload/")
MAX_CLIENTS = 10_000


@dataclass
class GuardConfig:
    """What the guard enforces; built from settings.web by ``from_settings``."""

    hosts: frozenset[str]
    embed_origins: frozenset[str] = frozenset()
    max_body_bytes: int = 1_000_000
    requests_per_minute: int = 60
    #: Applied to the HTML of page loads (the inline splash a slow network shows first); None = unchanged.
    page_filter: Callable[[str], str] | None = None

    @classmethod
    def from_settings(cls, web: Any, bound_host: str | None = None) -> GuardConfig:
        hosts = {h.lower() for h in [*web.allowed_hosts, bound_host or web.host] if h}
        return cls(
            hosts=frozenset(hosts - {"0.0.0.0", "::"}),
            embed_origins=frozenset(o.rstrip("/").lower() for o in web.embed_origins),
            max_body_bytes=web.max_body_bytes,
            requests_per_minute=web.requests_per_minute,
        )

    def content_security_policy(self) -> str:
        ancestors = " ".join(["'self'", *sorted(self.embed_origins)])
        return (
            # 'unsafe-eval': Gradio 6 compiles each gr.HTML template with new Function().
            "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' blob:; connect-src 'self'; "
            f"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}"
        )


class RateLimiter:
    """Token bucket per client: ``per_minute`` requests a minute, bursts up to the same number."""

    def __init__(self, per_minute: int) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, client: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.pop(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            allowed = tokens >= 1.0
            self._buckets[client] = (tokens - 1.0 if allowed else tokens, now)
            while len(self._buckets) > MAX_CLIENTS:
                self._buckets.popitem(last=False)
            return allowed


def host_allowed(host_header: str, hosts: frozenset[str]) -> bool:
    """Loopback names, IP literals (no DNS-rebinding with those) and the configured names."""
    name = urlsplit(f"//{host_header}").hostname or ""
    if name in LOOPBACK_NAMES or name in hosts:
        return True
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


def same_origin(origin: str, host_header: str, embed: frozenset[str]) -> bool:
    """Whether the page that sent the request is this server's own (or an allowed embedding site).
    ``null`` (sandboxed frames, local files) never is."""
    if origin.rstrip("/").lower() in embed:
        return True
    return urlsplit(origin).netloc.lower() == host_header.lower()


def _direct_client(scope: Scope) -> str:
    return str((scope.get("client") or ("?", 0))[0])


def _behind_local_proxy(scope: Scope) -> bool:
    return _direct_client(scope) in LOOPBACK_NAMES


def client_of(scope: Scope, headers: dict[str, str]) -> str:
    """The client's address; behind a reverse proxy on this machine, the address it forwards."""
    forwarded = headers.get("x-forwarded-for", "")
    if forwarded and _behind_local_proxy(scope):
        return forwarded.split(",")[-1].strip() or _direct_client(scope)
    return _direct_client(scope)


def host_of(scope: Scope, headers: dict[str, str]) -> str:
    """The Host the browser asked for; behind a reverse proxy on this machine, the one it forwards."""
    forwarded = headers.get("x-forwarded-host", "")
    if forwarded and _behind_local_proxy(scope):
        return forwarded.split(",")[0].strip()
    return headers.get("host", "")


class Guard:
    """The ASGI middleware (see the module docstring)."""

    def __init__(self, app: ASGIApp, config: GuardConfig) -> None:
        self.app = app
        self.config = config
        self.limiter = RateLimiter(config.requests_per_minute)
        self.csp = config.content_security_policy()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await _reply(send, *refusal)
            return
        path = scope.get("path", "")
        if path.endswith(("/healthz", "/ready")):
            await _reply(send, 200, "ok")
            return
        if "content-length" not in headers and scope.get("method") in ("POST", "PUT", "PATCH"):
            buffered = await self._read_bounded(receive)
            if buffered is None:
                await _reply(send, 413, f"Request body larger than {self.config.max_body_bytes} bytes.")
                return
            receive = _replay(buffered, receive)
        page = self.config.page_filter if scope.get("method") == "GET" and path.endswith("/") else None
        await self.app(scope, receive, self._with_headers(send, page))

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        host = host_of(scope, headers)
        if not host_allowed(host, self.config.hosts):
            return 421, "Unknown host name; add it to ADVISOR_WEB_ALLOWED_HOSTS if this server should answer it."
        origin = headers.get("origin")
        if origin and not same_origin(origin, host, self.config.embed_origins):
            return 403, "Cross-origin requests are not accepted (ADVISOR_WEB_EMBED_ORIGINS lists allowed ones)."
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.config.max_body_bytes:
            return 413, f"Request body larger than {self.config.max_body_bytes} bytes."
        path, method = scope.get("path", ""), scope.get("method", "GET")
        if method == "POST" and path.endswith(UPLOAD_ENDINGS):
            return 403, "Uploads are off: this page takes no files."
        limited = path.endswith(LIMITED) or any(p in path for p in LIMITED_PREFIXES)
        if method == "POST" and limited and not self.limiter.allow(client_of(scope, headers)):
            return 429, "Too many requests from this address; wait a minute and try again."
        return None

    async def _read_bounded(self, receive: Receive) -> bytes | None:
        """A streamed body (no Content-Length), read whole if it stays within the limit; None if it does not."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(chunks)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.config.max_body_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    def _with_headers(self, send: Send, page: Callable[[str], str] | None) -> Send:
        """Security headers on every response; an HTML page passed through ``page`` (buffered, length fixed)."""
        extra = [
            (b"content-security-policy", self.csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
        ]
        start: Message | None = None
        chunks: list[bytes] = []

        async def wrapped(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                present = {k.lower() for k, _ in headers}
                message["headers"] = [*headers, *(h for h in extra if h[0] not in present)]
                kind = dict((k.lower(), v) for k, v in headers).get(b"content-type", b"")
                if page is not None and kind.startswith(b"text/html") and b"content-encoding" not in present:
                    start = message  # held until the whole page is here
                    return
            elif start is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                assert page is not None
                body = page(b"".join(chunks).decode("utf-8", "replace")).encode()
                start["headers"] = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                start["headers"].append((b"content-length", str(len(body)).encode()))
                await send(start)
                message = {"type": "http.response.body", "body": body, "more_body": False}
            await send(message)

        return wrapped


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the app the buffered body first, then whatever the connection says next."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _reply(send: Send, status: int, text: str) -> None:
    body = json.dumps({"error": {"code": f"http_{status}", "message": text}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"x-content-type-options", b"nosniff")]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})
