"""Checks on what callers pass to ``Advisor.ask`` besides the question.

The library is called from Python, JSON batch lines and HTTP bodies; a county of 5 or a history of
strings must be a ``UserInputError`` naming the argument, not an AttributeError deep in the chain.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any, cast

from pydantic import ValidationError

from advisor.answer import Turn
from advisor.domain import Language
from advisor.errors import UserInputError

MAX_COUNTY_CHARS = 100
LANGUAGES = ("zh", "en")
#: How much of a rejected value an error message repeats (a 10 MB field must not come back as 10 MB).
ECHO_CHARS = 60


def valid_unicode(text: str) -> str:
    """Pair up UTF-16 surrogates and replace lone ones with U+FFFD.

    JSON (the HTTP API, batch files) can carry a lone surrogate ("\\ud800"); it is a valid Python str
    but cannot be encoded, and OpenCC, SQLite and the exports all encode (found by tests/test_fuzz.py).
    """
    if not any("\ud800" <= c <= "\udfff" for c in text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def clean_text(text: str) -> str:
    """Valid Unicode without control (Cc, tab and newline kept) or format (Cf) characters.

    Format characters are the bidi overrides and zero-width marks that make a stored question display
    differently from what it says (a trainer's table, an export); no question needs them.
    """
    text = valid_unicode(text)
    if text.isprintable():
        return text
    return "".join(c for c in text if c in "\t\n" or unicodedata.category(c) not in ("Cc", "Cf"))


def echo(value: object) -> str:
    """A value as an error message may repeat it: at most ECHO_CHARS characters."""
    text = clean_text(str(value))
    return text if len(text) <= ECHO_CHARS else text[: ECHO_CHARS - 1] + "…"


def check_text(value: object, name: str, limit: int, *, code: str = "bad_input") -> str:
    """The one check for every text field a request carries: text, valid, cleaned, at most `limit` chars."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise UserInputError(f"{name} must be text, not {type(value).__name__}.", code=code)
    if len(value) > limit:
        raise UserInputError(f"{name} has {len(value)} characters; the limit is {limit}.", code=code)
    return clean_text(value).strip()


def check_county(county: object) -> str | None:
    """A place name or administrative code, as text; blank means none."""
    if county is None:
        return None
    if not isinstance(county, str):
        raise UserInputError(
            f"county must be text (a place name or a 6-digit code), not {type(county).__name__}.",
            hint="e.g. county='雷山县' or county='522634'",
            code="bad_county",
        )
    return check_text(county, "county", MAX_COUNTY_CHARS, code="bad_county") or None


def check_lang(lang: object) -> Language | None:
    """'zh', 'en' or None (detect from the question)."""
    if lang is None:
        return None
    if not isinstance(lang, str) or lang not in LANGUAGES:
        raise UserInputError(f"Unknown language {lang!r}.", hint="use zh or en", code="bad_lang")
    return cast(Language, lang)


def check_engine(engine: object) -> str | None:
    """An engine name as text (whether it exists is a configuration matter, checked by the caller)."""
    if engine is not None and not isinstance(engine, str):
        raise UserInputError(f"engine must be text, not {type(engine).__name__}.", code="bad_engine")
    return engine or None


def check_history(history: object) -> list[Turn]:
    """The conversation so far: a list of ``Turn`` or ``{"role": "user"|"assistant", "content": str}``."""
    if history is None:
        return []
    if isinstance(history, (str, bytes, dict)) or not isinstance(history, Sequence):
        raise UserInputError(
            f"history must be a list of turns, not {type(history).__name__}.",
            hint='e.g. [{"role": "user", "content": "…"}, {"role": "assistant", "content": "…"}]',
            code="bad_history",
        )
    return [_turn(n, item) for n, item in enumerate(history)]


def _turn(n: int, item: object) -> Turn:
    try:
        turn = item if isinstance(item, Turn) else Turn.model_validate(item)
        return turn.model_copy(update={"content": clean_text(turn.content)})
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(part) for part in problem["loc"]) or "turn"
        raise UserInputError(
            f"history[{n}] is not a turn ({where}: {problem['msg']}).",
            hint='each turn is {"role": "user"|"assistant", "content": "text"}',
            code="bad_history",
        ) from exc


#: Messages of a conversation kept from what an HTTP client or the web page sends.
MAX_CHAT_HISTORY = 40
#: Bounds on a history as sent: more messages, a longer message or more text in all is refused before any
#: work (an answer is a few KB; a 10 MB "turn" cost 1.9 s of CPU before these existed).
MAX_HISTORY_ITEMS = 200
MAX_TURN_CHARS = 20_000
MAX_HISTORY_CHARS = 200_000


def chat_history(history: Any) -> list[dict[str, str]]:
    """Accept [{"role","content"}] (or [[user, assistant], …] pairs); keep the last MAX_CHAT_HISTORY messages."""
    if history in (None, "", []):
        return []
    if not isinstance(history, list):
        raise UserInputError("history must be a list of {role, content} messages.", code="bad_history")
    if len(history) > MAX_HISTORY_ITEMS:
        raise UserInputError(f"history has {len(history)} items; the limit is {MAX_HISTORY_ITEMS}.",
                             hint="send the last few turns only", code="bad_history")  # fmt: skip
    turns: list[dict[str, str]] = []
    for item in history:
        if (
            isinstance(item, dict)
            and item.get("role") in ("user", "assistant")
            and isinstance(item.get("content"), str)
        ):
            turns.append({"role": item["role"], "content": item["content"]})
        elif isinstance(item, list | tuple) and len(item) == 2:
            turns += [{"role": r, "content": c} for r, c in zip(("user", "assistant"), item, strict=True)
                      if isinstance(c, str) and c]  # fmt: skip
        else:
            raise UserInputError("history items must be {\"role\": \"user\"|\"assistant\", \"content\": str}.",
                                 code="bad_history")  # fmt: skip
    longest = max((len(turn["content"]) for turn in turns), default=0)
    if longest > MAX_TURN_CHARS or sum(len(turn["content"]) for turn in turns) > MAX_HISTORY_CHARS:
        raise UserInputError(f"history is too long (a message may have {MAX_TURN_CHARS} characters, all "
                             f"{MAX_HISTORY_CHARS}).", hint="send the last few turns only", code="bad_history")  # fmt: skip
    return [{"role": turn["role"], "content": clean_text(turn["content"])} for turn in turns[-MAX_CHAT_HISTORY:]]


_LANGUAGE_NAMES: dict[str, Language] = {
    "zh": "zh",
    "zh-cn": "zh",
    "zh-hans": "zh",
    "chinese": "zh",
    "中文": "zh",
    "en": "en",
    "en-us": "en",
    "en-gb": "en",
    "english": "en",
}


def parse_lang(value: Any, default: Language | None = None) -> Language | None:
    """zh / en (a few spellings accepted); None or "" gives `default`; anything else is a UserInputError."""
    if value is None or not str(value).strip():
        return default
    key = str(value).strip().lower()
    if key not in _LANGUAGE_NAMES:
        raise UserInputError(f"Unknown language '{value}'.", hint="use zh or en", code="bad_language")
    return _LANGUAGE_NAMES[key]
