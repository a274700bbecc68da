"""A deterministic stand-in LLM shipped with the package, for tests and demos without a model.

By default it answers like an obedient model: one sentence per evidence item (the first rules, then
the first passages), each ending with that item's id. ``FakeLLM(script=...)`` returns a fixed text
instead, so tests can feed the verifier unsupported sentences, made-up numbers or no markers.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

from advisor.engines import Message
from advisor.errors import BackendError

_ITEM = re.compile(r"^\[(?P<id>[RP]\d+)\] (?:<<<)?(?P<text>.+?)(?:>>>)?$", re.MULTILINE)


class FakeLLM:
    name = "fake"

    def __init__(self, script: str | None = None, *, fail: bool = False, delay_s: float = 0.0, items: int = 4) -> None:
        self.script = script
        self.fail = fail
        self.delay_s = delay_s
        self.items = items

    def execute(self, messages: list[Message], *, timeout_s: float) -> Iterator[str]:
        if self.fail:
            raise BackendError("fake LLM failure (as configured)", code="llm_error")
        if self.delay_s:
            time.sleep(min(self.delay_s, timeout_s))
            if self.delay_s > timeout_s:
                raise BackendError("fake LLM timed out", code="llm_timeout")
        text = self.script if self.script is not None else self._obedient(messages[0].content)
        for piece in re.split(r"(?<=[。.!?！？])", text):
            if piece:
                yield piece

    def _obedient(self, system: str) -> str:
        sentences = []
        for match in list(_ITEM.finditer(system))[: self.items]:
            body = match.group("text").strip().rstrip("。.")
            end = "。" if re.search(r"[\u4e00-\u9fff]", body) else "."
            sentences.append(f"{body} [{match.group('id')}]{end}")
        return " ".join(sentences)
