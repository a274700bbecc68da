"""Starting the page: ``launch()`` (stand-alone server) and ``mount()`` (inside an existing FastAPI app)."""

from __future__ import annotations

import hmac
import ipaddress
import logging
from collections.abc import Callable
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from advisor.chain import Advisor, get_advisor
from advisor.errors import ConfigError
from advisor.knowledge.loaders import MAX_FILE_BYTES
from advisor.settings import Settings, apply_offline_env, get_settings
from advisor.web.guard import Guard, GuardConfig
from advisor.web.style import CSS, HEAD, make_theme, with_splash
from advisor.web.ui import create_app

log = logging.getLogger("advisor.web")

#: What both launch() and mount() pass to Gradio (Gradio 6 takes theme/css/head here, not in Blocks()).
FOOTER_LINKS: list[Any] = ["api"]


def page_kwargs() -> dict[str, Any]:
    """Page look, plus two limits: Gradio's upload route accepts files of any size unless told (the page
    has no upload field, so the ingest limit is plenty), and its /monitoring page is not used."""
    return {"theme": make_theme(), "css": CSS, "head": HEAD, "footer_links": FOOTER_LINKS,
            "max_file_size": MAX_FILE_BYTES, "enable_monitoring": False}  # fmt: skip


def login(settings: Settings) -> tuple[str, str] | None:
    """(username, password) when both are set, else None (settings refuse one without the other)."""
    web = settings.web
    if web.username and web.password and web.password.get_secret_value():
        return (web.username, web.password.get_secret_value())
    return None


def login_check(settings: Settings) -> Callable[[str, str], bool] | None:
    """Gradio's login as a constant-time comparison (its login route is rate-limited by the guard)."""
    pair = login(settings)
    if pair is None:
        return None
    user, password = (part.encode() for part in pair)

    def check(username: str, given: str) -> bool:
        same_user = hmac.compare_digest(username.encode("utf-8", "replace"), user)
        return hmac.compare_digest(given.encode("utf-8", "replace"), password) and same_user

    return check


def guard_middleware(settings: Settings, host: str | None) -> list[Middleware]:
    """The guard (advisor/web/guard.py) as FastAPI middleware for Gradio's own app."""
    config = GuardConfig.from_settings(settings.web, host)
    config.page_filter = with_splash
    return [Middleware(Guard, config=config)]


def _is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def launch(
    host: str | None = None,
    port: int | None = None,
    *,
    advisor: Advisor | None = None,
    block: bool = True,
    quiet: bool = False,
) -> gr.Blocks:
    """Serve the page on host:port (default from settings: 127.0.0.1:7860).

    A login (ADVISOR_WEB_USERNAME + ADVISOR_WEB_PASSWORD) protects the whole page, trainer tab
    included; binding to a non-loopback address without one is refused. Never share=True, never debug.
    With ``block=False`` the server runs in a background thread; call ``.close()`` on the result.
    """
    apply_offline_env()
    settings = advisor.settings if advisor is not None else get_settings()
    host = host or settings.web.host
    port = port or settings.web.port
    auth = login_check(settings)
    if auth is None and not _is_loopback(host):
        raise ConfigError(
            f"Refusing to serve on {host} without a login.",
            hint="set ADVISOR_WEB_USERNAME and ADVISOR_WEB_PASSWORD, or use --host 127.0.0.1",
        )
    advisor = advisor or get_advisor()
    demo = create_app(advisor)
    advisor.warm()  # before the port opens: the first users get warm answers, and /ready is true when it answers
    demo.launch(
        server_name=host,
        server_port=port,
        auth=auth,
        auth_message="乡村电商参谋 · Rural E-commerce Advisor" if auth else None,
        share=False,
        debug=False,
        inbrowser=False,
        prevent_thread_lock=not block,
        show_error=False,
        quiet=quiet,
        ssr_mode=False,
        mcp_server=False,
        max_threads=demo.max_threads,  # launch() would reset it to Gradio's 40 otherwise
        app_kwargs={"middleware": guard_middleware(settings, host)},
        **page_kwargs(),
    )
    return demo


def mount(app: Any, path: str = "/advisor", advisor: Advisor | None = None, *, blocks: gr.Blocks | None = None) -> Any:
    """Mount the page (and its API) into an existing FastAPI ``app`` at ``path``; returns the app.

    Uses the same login as ``launch()`` when one is set.
    """
    apply_offline_env()
    settings = advisor.settings if advisor is not None else get_settings()
    advisor = advisor or get_advisor()
    demo = blocks or create_app(advisor)
    advisor.warm()
    return gr.mount_gradio_app(app, demo, path=path, auth=login_check(settings), ssr_mode=False, mcp_server=False,
                               app_kwargs={"middleware": guard_middleware(settings, None)},
                               **page_kwargs())  # fmt: skip
