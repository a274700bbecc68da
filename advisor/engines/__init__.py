"""Answer engines by name, from a plain registry; each has one required method, ``execute``.

``grounded`` is not an LLM: it means "compose from the rules and passages" and is the default and
the fallback. LLM engines receive rendered prompt messages and yield text pieces (streaming): ``local`` runs a GGUF
model in-process (llama.cpp), ``openai`` talks to any OpenAI-compatible server, ``ollama`` to Ollama.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Literal, Protocol

from pydantic import BaseModel

from advisor.errors import ConfigError
from advisor.settings import Settings


class Message(BaseModel):
    role: Literal["system", "user", "assistant"]
    content: str


class Engine(Protocol):
    """An LLM backend: given chat messages, yield the answer text in pieces."""

    name: str

    def execute(self, messages: list[Message], *, timeout_s: float) -> Iterator[str]: ...


def _fake(_settings: Settings) -> Engine:
    from advisor.engines.fake import FakeLLM

    return FakeLLM()


def _local(settings: Settings) -> Engine:
    from advisor.engines.local import LocalEngine

    return LocalEngine(settings)


def _openai(settings: Settings) -> Engine:
    from advisor.engines.remote import OpenAIEngine

    return OpenAIEngine(settings.llm)


def _ollama(settings: Settings) -> Engine:
    from advisor.engines.remote import OllamaEngine

    return OllamaEngine(settings.llm)


GROUNDED = "grounded"
ENGINES: dict[str, Callable[[Settings], Engine]] = {
    "fake": _fake,
    "local": _local,
    "openai": _openai,
    "ollama": _ollama,
}


def engine_names() -> list[str]:
    return [GROUNDED, *ENGINES]


def require_known(name: str | None, settings: Settings) -> str:
    """The engine to use (the configured one when none is named), refused early if no such engine exists: before
    the index and model are loaded (seconds), not after."""
    chosen = name or settings.engine
    if chosen not in engine_names():
        raise ConfigError(f"Unknown engine '{chosen}'.", hint=f"choose one of: {', '.join(engine_names())}")
    return chosen


def ready_engines(settings: Settings) -> list[str]:
    """The engines a person can pick on the web page: the composer, the configured default, and each LLM
    engine whose package is installed and whose one required setting is there (a model file for
    ``local``, a server URL for ``openai``, an explicitly set URL for ``ollama``). ``fake`` is for tests."""
    from importlib.util import find_spec

    def local() -> bool:
        from advisor.models import resolve_model_path

        try:
            return find_spec("llama_cpp") is not None and resolve_model_path(settings).is_file()
        except ConfigError:
            return False

    checks: dict[str, Callable[[], bool]] = {
        "local": local,
        "openai": lambda: bool(settings.llm.base_url) and find_spec("langchain_openai") is not None,
        "ollama": lambda: "ollama_url" in settings.llm.model_fields_set and find_spec("langchain_ollama") is not None,
    }
    return [
        name for name in engine_names() if name in (GROUNDED, settings.engine) or (name in checks and checks[name]())
    ]


def get_engine(name: str, settings: Settings) -> Engine:
    factory = ENGINES.get(name)
    if factory is None:
        raise ConfigError(f"Unknown engine '{name}'.", hint=f"choose one of: {', '.join(engine_names())}")
    return factory(settings)
