"""The web face: a Gradio page and named API endpoints over the same ``Advisor``.

``create_app(advisor=None) -> gr.Blocks`` builds it; ``launch(host, port)`` serves it;
``mount(fastapi_app, path)`` puts it inside an existing FastAPI app. See docs/web.md and docs/api.md.
"""

from __future__ import annotations

from advisor.web.server import launch, mount, page_kwargs
from advisor.web.ui import create_app

__all__ = ["create_app", "launch", "mount", "page_kwargs"]
