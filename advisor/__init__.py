"""Rural e-commerce advisor: ``advisor.ask("贵州雷山县怎么发展农村电商？")`` returns a cited ``Answer``."""

from __future__ import annotations

from typing import Any

__all__ = ["Advisor", "Answer", "ask"]


def __getattr__(name: str) -> Any:
    """The public names, imported on first use: ``import advisor`` stays cheap for the CLI's quick commands."""
    if name in ("ask", "Advisor"):
        from advisor import chain

        return getattr(chain, name)
    if name == "Answer":
        from advisor.answer import Answer

        return Answer
    raise AttributeError(f"module 'advisor' has no attribute {name!r}")
