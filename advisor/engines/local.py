"""The ``local`` engine: a GGUF model run in-process by llama.cpp (``llama-cpp-python``), fully offline.

A thin adapter over ``llama_cpp.Llama.create_chat_completion(stream=True)``. The model is loaded once per
process (per file and options) and shared; llama.cpp contexts are not thread-safe, so one answer is
generated at a time and other callers wait (up to their timeout) for the lock. The model file comes from
``advisor models install`` (see ``advisor/models.py``) or ADVISOR_LLM_MODEL_PATH.
"""

from __future__ import annotations

import atexit
import contextlib
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from advisor.engines import Message
from advisor.errors import BackendError, require
from advisor.settings import Settings, set_env_defaults

_LOAD_LOCK = threading.Lock()
_RUN_LOCK = threading.Lock()
_MODELS: dict[tuple[str, int, int], Any] = {}
#: Stop strings: the chat template's end markers, in case a model forgets to emit its EOS token.
STOP = ["<|im_end|>", "<|endoftext|>"]


_ENDS = set("。！？.!?\n")
_SENTENCES = re.compile(r"[^。！？.!?\n]+[。！？.!?\n]")
_IDS = re.compile(r"\[[RP]\d+\]")


def _looping(text: str) -> bool:
    """The last sentence has been written before (a small model caught in a loop)."""
    found = [_IDS.sub("", s).strip(" <>") for s in _SENTENCES.findall(text)]
    found = [s for s in found if len(s) >= 8]
    return len(found) >= 2 and found[-1] in found[:-1]


def load_model(path: Path, *, n_ctx: int, n_threads: int) -> Any:
    """The process-wide ``llama_cpp.Llama`` for this file and options (loaded on first use)."""
    # llama.cpp's OpenMP threads spin while they wait; on a busy 2-core machine (a web server, an index
    # build, another process) spinning threads starve each other: generation fell from 18 to 2 tokens/s.
    set_env_defaults({"OMP_WAIT_POLICY": "PASSIVE"})  # before llama_cpp starts OpenMP
    llama_cpp = require("llama_cpp", extra="llm", package="llama-cpp-python")
    key = (str(Path(path).resolve()), n_ctx, n_threads)
    with _LOAD_LOCK:
        model = _MODELS.get(key)
        if model is None:
            try:
                model = llama_cpp.Llama(
                    model_path=key[0], n_ctx=n_ctx, n_threads=n_threads, n_threads_batch=n_threads, verbose=False
                )
            except Exception as exc:  # a corrupt or incompatible file: say which one
                raise BackendError(
                    f"llama.cpp could not load {path}: {exc}",
                    hint="reinstall it: advisor models install NAME (or fix ADVISOR_LLM_MODEL_PATH)",
                    code="llm_model",
                ) from exc
            _MODELS[key] = model
    return model


def unload_all() -> None:
    """Close and forget the loaded models (tests, and at exit: llama-cpp-python's own finaliser, run during
    interpreter shutdown, meets half-torn-down modules and prints a traceback)."""
    with _LOAD_LOCK:
        for model in _MODELS.values():
            with contextlib.suppress(Exception):
                model.close()
        _MODELS.clear()


atexit.register(unload_all)


class LocalEngine:
    name = "local"

    def __init__(self, settings: Settings) -> None:
        self.llm = settings.llm
        self.settings = settings

    def model(self) -> Any:
        from advisor.models import resolve_model_path

        return load_model(resolve_model_path(self.settings), n_ctx=self.llm.n_ctx, n_threads=self.llm.n_threads)

    def execute(self, messages: list[Message], *, timeout_s: float) -> Iterator[str]:
        from advisor.answering.llm import compact_messages

        deadline = time.monotonic() + timeout_s
        model = self.model()
        messages = compact_messages(messages)
        if not _RUN_LOCK.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise BackendError(f"The local engine stayed busy for {timeout_s:.0f} s", code="llm_timeout")
        try:
            yield from self._stream(model, messages, deadline, timeout_s)
        finally:
            _RUN_LOCK.release()

    def _stream(self, model: Any, messages: list[Message], deadline: float, timeout_s: float) -> Iterator[str]:
        """Tokens are generated only as the stream is read: leaving the loop stops llama.cpp at once."""
        try:
            chunks = model.create_chat_completion(
                messages=[{"role": m.role, "content": m.content} for m in messages],
                stream=True,
                temperature=0.0,
                max_tokens=self.llm.max_tokens,
                stop=STOP,
            )
            written = ""
            try:
                for chunk in chunks:
                    text = chunk["choices"][0].get("delta", {}).get("content")
                    if text:
                        yield text
                        written += text
                        if text[-1:] in _ENDS and _looping(written):
                            break  # a small model repeating its last sentence: the rest is more of the same
                    if time.monotonic() > deadline:
                        raise BackendError(f"The local engine took longer than {timeout_s:.0f} s", code="llm_timeout")
            finally:
                close = getattr(chunks, "close", None)
                if close is not None:
                    close()
        except (BackendError, GeneratorExit):
            raise
        except Exception as exc:  # llama.cpp errors (context overflow, decode failure) mean: fall back
            raise BackendError(f"The local engine failed: {exc.__class__.__name__}: {exc}", code="llm_error") from exc
