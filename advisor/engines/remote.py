"""LLM servers: any OpenAI-compatible endpoint (vLLM, llama.cpp server, DeepSeek, DashScope…) and Ollama.

Both are optional: their LangChain packages are imported lazily with an install hint, and neither is
needed for the default grounded engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from advisor.engines import Message
from advisor.errors import BackendError, ConfigError, require
from advisor.settings import LLMSettings


def _stream(model: Any, messages: list[Message], name: str) -> Iterator[str]:
    pairs = [(m.role if m.role != "assistant" else "ai", m.content) for m in messages]
    try:
        for chunk in model.stream(pairs):
            text = chunk.content if isinstance(chunk.content, str) else ""
            if text:
                yield text
    except Exception as exc:  # any transport or server error means: fall back to the composer
        raise BackendError(f"The {name} engine failed: {exc.__class__.__name__}: {exc}", code="llm_error") from exc


class OpenAIEngine:
    name = "openai"

    def __init__(self, settings: LLMSettings) -> None:
        if not settings.base_url:
            raise ConfigError(
                "The openai engine needs a server URL.", hint="set ADVISOR_LLM_BASE_URL=http://host:port/v1"
            )
        self.settings = settings

    def execute(self, messages: list[Message], *, timeout_s: float) -> Iterator[str]:
        module = require("langchain_openai", extra="llm", package="langchain-openai")
        model = module.ChatOpenAI(
            base_url=self.settings.base_url,
            api_key=self.settings.api_key.get_secret_value(),
            model=self.settings.model,
            timeout=timeout_s,
            max_retries=0,
            temperature=0,
            # `max_tokens`, not ChatOpenAI's max_completion_tokens: llama.cpp's server ignores the latter,
            # and vLLM, DeepSeek and DashScope all take the former.
            extra_body={"max_tokens": self.settings.max_tokens},
        )
        yield from _stream(model, messages, self.name)


class OllamaEngine:
    name = "ollama"

    def __init__(self, settings: LLMSettings) -> None:
        self.settings = settings

    def execute(self, messages: list[Message], *, timeout_s: float) -> Iterator[str]:
        module = require("langchain_ollama", extra="llm", package="langchain-ollama")
        model = module.ChatOllama(
            base_url=self.settings.ollama_url,
            model=self.settings.model,
            temperature=0,
            num_predict=self.settings.max_tokens,
            client_kwargs={"timeout": timeout_s},
        )
        yield from _stream(model, messages, self.name)
