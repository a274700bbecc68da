"""The real web server for the web tests (one per test module), plus server-level tests: launch settings,
mounting inside an existing FastAPI app, and embedding in a page with an <iframe>.

Other test modules import ``web_server`` / ``mounted_server`` from here; each module that does gets its own
servers (module scope). They answer from the session's built index (``indexed_data_dir``) and keep their
feedback in a database of their own, and each shuts down in well under a second.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from advisor.settings import FeedbackSettings, PathSettings, Settings, WebSettings, apply_offline_env

#: A server stops in 0.1-0.4 s here (2 busy cores); one kept waiting by an open heartbeat stream or keep-alive
#: connection takes 5 s (Gradio's join) to forever (uvicorn). Teardown fails above this bound.
STOP_WITHIN_S = 2.0
TRAINER_PASSWORD = "trainer-password-1"


def assert_stopped(what: str, thread: threading.Thread | None, started: float) -> None:
    elapsed = time.monotonic() - started
    assert thread is None or not thread.is_alive(), f"{what} is still running after {elapsed:.1f} s"
    assert elapsed < STOP_WITHIN_S, f"{what} took {elapsed:.1f} s to stop (an open connection kept it waiting?)"


def close_page(demo: Any) -> None:
    """``demo.close()`` (Gradio ends the pages' heartbeat streams first), checked to be prompt."""
    thread = getattr(demo.server, "thread", None)
    started = time.monotonic()
    demo.close()
    assert_stopped("the page's server", thread, started)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class WebServer:
    url: str
    advisor: Any
    demo: Any
    data_dir: Path
    store: Any


@pytest.fixture(scope="module")
def web_server(indexed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    apply_offline_env()
    from advisor.chain import Advisor
    from advisor.feedback import FeedbackStore
    from advisor.web import launch

    feedback = FeedbackSettings(db_url=f"sqlite:///{tmp_path_factory.mktemp('web-feedback') / 'feedback.sqlite3'}")
    # Many requests from one address in a few seconds: the per-client limit is tested on its own server.
    web = WebSettings(trainer_password=TRAINER_PASSWORD, requests_per_minute=100_000)  # type: ignore[arg-type]
    advisor = Advisor(Settings(paths=PathSettings(data_dir=indexed_data_dir), feedback=feedback, web=web))
    port = free_port()
    demo = launch("127.0.0.1", port, advisor=advisor, block=False, quiet=True)
    server = WebServer(f"http://127.0.0.1:{port}/", advisor, demo, indexed_data_dir,
                       FeedbackStore(advisor.settings.feedback_url))  # fmt: skip
    yield server
    server.store.close()
    close_page(demo)


@dataclass
class Mounted:
    url: str
    app_url: str
    server: Any
    thread: threading.Thread
    page_app: Any  # the Gradio app mounted at /advisor


def _start_mounted(base: WebServer) -> Mounted:
    import uvicorn
    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse

    from advisor.web import mount

    app = FastAPI()

    @app.get("/", response_class=HTMLResponse)
    def home() -> str:
        return ('<!doctype html><html><head><meta charset="utf-8"><title>Extension office</title></head><body>'
                '<h1 id="host-title">County extension office</h1>'
                '<iframe id="advisor-frame" src="/advisor/?lang=en" title="Rural E-commerce Advisor" '
                'style="width:100%;height:900px;border:0" loading="eager"></iframe></body></html>')  # fmt: skip

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    mount(app, "/advisor", base.advisor)
    [page_app] = [route.app for route in app.routes if getattr(route, "path", None) == "/advisor"]
    port = free_port()
    # An open page (or gradio_client) keeps a heartbeat stream open; without a bound uvicorn waits for it.
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on",
                            timeout_graceful_shutdown=1)  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.05)
    return Mounted(f"http://127.0.0.1:{port}/", f"http://127.0.0.1:{port}/advisor/", server, thread, page_app)


def _stop_mounted(mounted: Mounted) -> None:
    # What Blocks.close() does for a launched page: end the heartbeat streams, then stop the server.
    started = time.monotonic()
    mounted.page_app.stop_event.set()
    mounted.server.should_exit = True
    mounted.thread.join(timeout=5)
    assert_stopped("the mounted page's server", mounted.thread, started)


@pytest.fixture(scope="module")
def mounted_server(web_server: WebServer) -> Iterator[Mounted]:
    mounted = _start_mounted(web_server)
    yield mounted
    _stop_mounted(mounted)


# -- tests of the server itself ------------------------------------------------------------------


def test_page_serves_and_queue_is_configured(web_server: WebServer) -> None:
    response = httpx.get(web_server.url, timeout=10)
    assert response.status_code == 200
    assert "乡村电商参谋" in response.text
    settings = web_server.advisor.settings.web
    assert web_server.demo._queue.max_size == settings.max_queue
    assert web_server.demo._queue.default_concurrency_limit == settings.concurrency
    assert web_server.demo.share is False


def test_launch_refuses_public_host_without_login() -> None:
    from advisor.errors import ConfigError
    from advisor.settings import WebSettings
    from advisor.web import launch

    with pytest.raises(ConfigError) as info:
        launch("0.0.0.0", free_port(), advisor=SimpleNamespace(settings=Settings(web=WebSettings())), block=False)  # type: ignore[arg-type]
    assert "login" in info.value.message


def test_login_is_read_from_settings() -> None:
    from advisor.settings import WebSettings
    from advisor.web.server import login

    assert login(Settings(web=WebSettings())) is None
    with_login = Settings(web=WebSettings(username="trainer", password="s3cret-password"))  # type: ignore[arg-type]
    assert login(with_login) == ("trainer", "s3cret-password")


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"username": "trainer"}, "set both"),  # a half-set login would silently mean no login
        ({"password": "s3cret-password"}, "set both"),
        ({"username": "trainer", "password": "short"}, "at least 10"),
        ({"trainer_password": "123456789"}, "at least 10"),
    ],
)
def test_a_half_set_or_short_login_stops_start_up(fields: dict[str, str], problem: str) -> None:
    from pydantic import ValidationError

    from advisor.settings import WebSettings

    with pytest.raises(ValidationError, match=problem):
        WebSettings(**fields)  # type: ignore[arg-type]


def test_mounted_in_fastapi_serves_page_and_api(mounted_server: Mounted) -> None:
    from gradio_client import Client

    page = httpx.get(mounted_server.app_url, timeout=10)
    assert page.status_code == 200 and "乡村电商参谋" in page.text
    host = httpx.get(mounted_server.url, timeout=10)
    assert '<iframe id="advisor-frame" src="/advisor/?lang=en"' in host.text
    client = Client(mounted_server.app_url, verbose=False)
    result = client.predict("雷山县", api_name="/resolve")
    assert result["status"] == "found"
    assert result["candidates"][0]["code"] == "522634"


def test_chat_and_markdown_sanitise_html(web_server: WebServer) -> None:
    import gradio as gr

    blocks = web_server.demo.blocks.values()
    chatbots = [b for b in blocks if isinstance(b, gr.Chatbot)]
    assert chatbots and all(b.sanitize_html for b in chatbots)
    assert all(b.sanitize_html for b in blocks if isinstance(b, gr.Markdown))


def test_login_protects_the_whole_page_and_api(web_server: WebServer) -> None:
    import copy

    from gradio_client import Client

    from advisor.settings import WebSettings
    from advisor.web import launch

    advisor = copy.copy(web_server.advisor)
    advisor.settings = web_server.advisor.settings.model_copy(
        update={"web": WebSettings(username="trainer", password="s3cret-password")}  # type: ignore[arg-type]
    )
    port = free_port()
    demo = launch("127.0.0.1", port, advisor=advisor, block=False, quiet=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        assert httpx.get(f"{url}config", timeout=10).status_code == 401
        with pytest.raises(Exception):  # noqa: B017 - gradio_client raises its own error types
            Client(url, verbose=False)
        client = Client(url, auth=("trainer", "s3cret-password"), verbose=False)
        assert client.predict("雷山县", api_name="/resolve")["status"] == "found"
    finally:
        close_page(demo)  # with a client still connected


class _FakeBlocks:
    max_threads = 16

    def __init__(self) -> None:
        self.kwargs: dict[str, Any] = {}

    def launch(self, **kwargs: Any) -> None:
        self.kwargs = kwargs


def test_launch_defaults_to_loopback_7860_never_share_or_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    from advisor.settings import WebSettings
    from advisor.web import server

    fake = _FakeBlocks()
    monkeypatch.setattr(server, "create_app", lambda advisor=None: fake)
    plain = SimpleNamespace(settings=Settings(web=WebSettings()), warm=lambda: None)
    server.launch(advisor=plain, block=False)  # type: ignore[arg-type]
    kw = fake.kwargs
    assert (kw["server_name"], kw["server_port"]) == ("127.0.0.1", 7860)
    assert kw["share"] is False and kw["debug"] is False and kw["auth"] is None and kw["show_error"] is False
    with_login = Settings(web=WebSettings(username="trainer", password="s3cret-password"))  # type: ignore[arg-type]
    server.launch("0.0.0.0", 9000, advisor=SimpleNamespace(settings=with_login, warm=lambda: None), block=False)  # type: ignore[arg-type]
    assert (fake.kwargs["server_name"], fake.kwargs["server_port"]) == ("0.0.0.0", 9000)
    check = fake.kwargs["auth"]
    assert check("trainer", "s3cret-password") and not check("trainer", "s3cret") and not check("x", "s3cret-password")
    assert fake.kwargs["share"] is False


def test_app_py_only_parses_host_and_port_and_launches(monkeypatch: pytest.MonkeyPatch) -> None:
    import runpy
    import sys

    import advisor.web

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(advisor.web, "launch", lambda **kw: calls.append(kw))
    app_py = Path(__file__).resolve().parent.parent / "app.py"
    monkeypatch.setattr(sys, "argv", ["app.py", "--host", "127.0.0.2", "--port", "7999"])
    runpy.run_path(str(app_py), run_name="__main__")
    monkeypatch.setattr(sys, "argv", ["app.py"])
    runpy.run_path(str(app_py), run_name="__main__")
    assert calls == [{"host": "127.0.0.2", "port": 7999}, {"host": None, "port": None}]  # None: from settings
    source = app_py.read_text(encoding="utf-8")
    assert "gr.Blocks" not in source and "import gradio" not in source  # the UI lives in advisor.web
