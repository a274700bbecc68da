"""Named API endpoints for gradio_client: /ask, /plan, /resolve, /complete, /quiz, /feedback.

Every endpoint returns a JSON object. On a problem the caller can fix (bad question, unknown
county …) or a backend failure, the object is ``{"error": {"code", "message", "hint"?}}`` instead of
raising, so clients need one code path; unexpected failures are logged and come back as
``{"error": {"code": "internal_error", ...}}`` without a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import math
from collections.abc import Callable
from typing import Any

import gradio as gr

from advisor.answer import Answer
from advisor.chain import Advisor, card_of
from advisor.engines import ready_engines
from advisor.errors import AdvisorError, BackendError, UserInputError
from advisor.feedback import MAX_COMMENT_CHARS, FeedbackStore
from advisor.inputs import MAX_COUNTY_CHARS, chat_history, check_text, echo, parse_lang
from advisor.planning import county_plan
from advisor.quiz import make_quiz

log = logging.getLogger("advisor.web")

#: Bounds of the text fields an endpoint takes: the question's is settings.max_question_chars, a place name's
#: the library's (MAX_COUNTY_CHARS), a comment's the store's (MAX_COMMENT_CHARS), a choice (tier, topic, role …):
MAX_CHOICE_CHARS = 40


def error_json(exc: BaseException) -> dict[str, Any]:
    """The documented error object for an exception (hint included when there is one)."""
    if isinstance(exc, AdvisorError):
        return {"error": exc.to_dict()}
    log.exception("unexpected error in API call", exc_info=exc)
    return {"error": {"code": "internal_error", "message": "Internal error; it was logged on the server."}}


def guarded(fn: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """Wrap an endpoint so it always returns JSON (never a traceback)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> dict[str, Any]:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            return error_json(exc)

    return wrapper


def _opt(value: Any, name: str, limit: int = MAX_CHOICE_CHARS) -> str | None:
    """An optional short text argument, checked like every text field (None or blank → None)."""
    return check_text(value, name, limit) or None


def _int(value: Any, name: str, default: int | None) -> int | None:
    """An optional whole-number argument (JSON may send 5, 5.0 or "5"); anything else is refused by name."""
    if value in (None, ""):
        return default
    number = math.nan
    if not isinstance(value, bool) and isinstance(value, int | float | str):
        with contextlib.suppress(ValueError):
            number = float(value)
    if not number.is_integer() or abs(number) > 2**53:  # NaN and infinities are not integers
        raise UserInputError(f"{name} must be a whole number, not {echo(value)!r}.", code=f"bad_{name}")
    return int(number)


class Api:
    """The endpoint functions, bound to one Advisor and feedback store."""

    def __init__(self, advisor: Advisor, store: FeedbackStore | None) -> None:
        self.advisor = advisor
        self.store = store
        #: What a request may choose: the engines that can answer here (never the test engine unless configured).
        self.engines = ready_engines(advisor.settings)

    def ask(self, question: str, county: str | None = None, language: str | None = None,
            history: list[dict[str, Any]] | None = None, engine: str | None = None) -> dict[str, Any]:  # fmt: skip
        """Answer one question; returns Answer.to_json() plus ``answer_id`` (what /feedback rates)."""
        lang = parse_lang(_opt(language, "language"))
        chosen = _opt(engine, "engine")
        if chosen is not None and chosen not in self.engines:
            raise UserInputError(f"Engine {echo(chosen)!r} is not available here.",
                                 hint=f"choose one of: {', '.join(self.engines)}", code="bad_engine")  # fmt: skip
        answer = self.advisor.ask(
            question,
            history=chat_history(history),
            county=_opt(county, "county", MAX_COUNTY_CHARS),
            lang=lang,
            engine=chosen,
        )
        return answer.model_copy(update={"answer_id": self._log(answer)}).to_json()

    def _log(self, answer: Answer) -> str | None:
        """Log the answer for trainers; its token, or None when there is no log (logging never costs the answer)."""
        if self.store is None:
            return None
        try:
            return self.store.log_question(answer)
        except AdvisorError as exc:
            log.warning("question log failed: %s", exc)
            return None

    def plan(self, county: str, language: str = "zh", topics: list[str] | None = None,
             role: str | None = None) -> dict[str, Any]:  # fmt: skip
        """The tiered action plan for a county (any name form, or a 6-digit code) or a tier word."""
        if topics is not None and (not isinstance(topics, list) or len(topics) > 10):
            raise UserInputError("topics must be a list of at most 10 topic names.", code="bad_topics")
        names = [check_text(topic, "topic", MAX_CHOICE_CHARS) for topic in topics or []]
        return county_plan(
            check_text(county, "county", MAX_COUNTY_CHARS), topics=[n for n in names if n] or None,
            role=_opt(role, "role"), lang=parse_lang(_opt(language, "language"), "zh") or "zh",
        ).to_json()  # fmt: skip

    def resolve(self, name: str, province: str | None = None) -> dict[str, Any]:
        """Resolve a place name: {"status", "candidates": [...], "suggestions"?}."""
        result = self.advisor.gazetteer.resolve(
            check_text(name, "name", MAX_COUNTY_CHARS), province=_opt(province, "province", MAX_COUNTY_CHARS)
        )
        out = result.to_json()
        out.pop("id", None)
        out["candidates"] = [card_of(p).model_dump(mode="json") for p in result.candidates]
        return out

    def complete(self, prefix: str, limit: int = 10) -> dict[str, Any]:
        """Autocomplete a county name from a Chinese or pinyin prefix."""
        count = max(1, min(_int(limit, "limit", 10) or 10, 50))
        typed = check_text(prefix, "prefix", MAX_COUNTY_CHARS)
        places = self.advisor.gazetteer.complete(typed, count) if typed else []
        return {"candidates": [card_of(p).model_dump(mode="json") for p in places]}

    def quiz(self, tier: str | None = None, topic: str | None = None, n: int = 5, language: str = "zh",
             seed: int | None = None) -> dict[str, Any]:  # fmt: skip
        """A multiple-choice quiz from the rule module, each question with answer key and citation."""
        return make_quiz(_opt(tier, "tier"), _opt(topic, "topic"), _int(n, "n", 5) or 5,
                         parse_lang(_opt(language, "language"), "zh") or "zh", _int(seed, "seed", None)).to_json()  # fmt: skip

    def rate(self, answer_id: str, rating: int, comment: str = "") -> dict[str, Any]:
        """Record 👍 (1) or 👎 (-1) for an answer this server gave (its ``answer_id``); a new rating of the
        same answer replaces the old one. Returns the row id."""
        if self.store is None:
            raise BackendError("This server does not record feedback.", code="feedback_disabled")
        value = _int(rating, "rating", None)
        if value not in (1, -1):
            raise UserInputError("rating must be 1 (👍) or -1 (👎).", code="bad_rating")
        token = check_text(answer_id, "answer_id", 64)
        row_id = self.store.rate(token, value, check_text(comment, "comment", MAX_COMMENT_CHARS))
        return {"id": row_id, "rating": value}

    def register(self) -> None:
        """Register the endpoints on the Blocks being built (call inside `with gr.Blocks()`)."""

        @guarded
        def ask(question: str, county: str | None = None, language: str | None = None,
                history: list[dict[str, Any]] | None = None, engine: str | None = None) -> dict[str, Any]:  # fmt: skip
            """Answer a question. county: name or 6-digit code (optional); language: zh|en|None (detect);
            history: [{"role": "user"|"assistant", "content": str}, ...]; engine: grounded|local|openai|ollama
            (optional, default from settings). Returns the Answer JSON object."""
            return self.ask(question, county, language, history, engine)

        @guarded
        def plan(county: str, language: str = "zh", topics: list[str] | None = None,
                 role: str | None = None) -> dict[str, Any]:  # fmt: skip
            """Tiered action plan for a county (name, pinyin or 6-digit code) or a tier word (east/中部/west)."""
            return self.plan(county, language, topics, role)

        @guarded
        def resolve(name: str, province: str | None = None) -> dict[str, Any]:
            """Resolve a place name to counties: status found|ambiguous|not_found|out_of_scope."""
            return self.resolve(name, province)

        @guarded
        def complete(prefix: str, limit: int = 10) -> dict[str, Any]:
            """Autocomplete counties from a Chinese or pinyin prefix."""
            return self.complete(prefix, limit)

        @guarded
        def quiz(tier: str | None = None, topic: str | None = None, n: int = 5, language: str = "zh",
                 seed: int | None = None) -> dict[str, Any]:  # fmt: skip
            """Multiple-choice quiz (answer key and citations included); same seed, same quiz."""
            return self.quiz(tier, topic, n, language, seed)

        @guarded
        def feedback(answer_id: str, rating: int, comment: str = "") -> dict[str, Any]:
            """Record 👍 (rating 1) or 👎 (-1) with an optional comment for the answer /ask returned with this
            answer_id; rating it again replaces the earlier rating. Returns {"id": row id, "rating": 1|-1}."""
            return self.rate(answer_id, rating, comment)

        for fn in (ask, plan, resolve, complete, quiz, feedback):
            gr.api(fn, api_name=fn.__name__)
