"""Named API endpoints for gradio_client: /ask, /plan, /resolve, /complete, /quiz, /feedback.

Every endpoint returns a JSON object. On a problem the caller can fix (bad question, unknown
county …) or a backend failure, the object is ``{"error": {"code", "message", "hint"?}}`` instead of
raising, so clients need one code path; unexpected failures are logged and come back as
``{"error": {"code": "internal_error", ...}}`` without a traceback.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

import gradio as gr
from pydantic import ValidationError

from advisor.answer import Answer
from advisor.chain import Advisor, card_of
from advisor.errors import AdvisorError, BackendError, UserInputError
from advisor.feedback import FeedbackStore
from advisor.inputs import chat_history, parse_lang
from advisor.planning import county_plan
from advisor.quiz import make_quiz

log = logging.getLogger("advisor.web")

#: /feedback takes the answer back from the client, so it is bounded: an answer is a few KB.
MAX_FEEDBACK_ANSWER_CHARS = 20_000
MAX_FEEDBACK_CITATIONS = 50


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


def _opt(value: Any) -> str | None:
    return str(value).strip() or None if value not in (None, "") else None


class Api:
    """The endpoint functions, bound to one Advisor and feedback store."""

    def __init__(self, advisor: Advisor, store: FeedbackStore | None) -> None:
        self.advisor = advisor
        self.store = store

    def ask(self, question: str, county: str | None = None, language: str | None = None,
            history: list[dict[str, Any]] | None = None, engine: str | None = None) -> dict[str, Any]:  # fmt: skip
        """Answer one question; returns Answer.to_json() (the `advisor ask --json` object)."""
        lang = parse_lang(language)
        answer = self.advisor.ask(
            question, history=chat_history(history), county=_opt(county), lang=lang, engine=_opt(engine)
        )
        if self.store is not None:
            try:
                self.store.log_question(answer)
            except AdvisorError as exc:  # logging must never cost the user the answer
                log.warning("question log failed: %s", exc)
        return answer.to_json()

    def plan(self, county: str, language: str = "zh", topics: list[str] | None = None,
             role: str | None = None) -> dict[str, Any]:  # fmt: skip
        """The tiered action plan for a county (any name form, or a 6-digit code) or a tier word."""
        return county_plan(
            county, topics=topics or None, role=_opt(role), lang=parse_lang(language, "zh") or "zh"
        ).to_json()

    def resolve(self, name: str, province: str | None = None) -> dict[str, Any]:
        """Resolve a place name: {"status", "candidates": [...], "suggestions"?}."""
        result = self.advisor.gazetteer.resolve(name, province=_opt(province))
        out = result.to_json()
        out.pop("id", None)
        out["candidates"] = [card_of(p).model_dump(mode="json") for p in result.candidates]
        return out

    def complete(self, prefix: str, limit: int = 10) -> dict[str, Any]:
        """Autocomplete a county name from a Chinese or pinyin prefix."""
        limit = max(1, min(int(limit or 10), 50))
        places = self.advisor.gazetteer.complete(prefix or "", limit) if (prefix or "").strip() else []
        return {"candidates": [card_of(p).model_dump(mode="json") for p in places]}

    def quiz(self, tier: str | None = None, topic: str | None = None, n: int = 5, language: str = "zh",
             seed: int | None = None) -> dict[str, Any]:  # fmt: skip
        """A multiple-choice quiz from the rule module, each question with answer key and citation."""
        n_value = int(n) if n is not None else 5
        seed_value = int(seed) if seed not in (None, "") else None
        return make_quiz(_opt(tier), _opt(topic), n_value, parse_lang(language, "zh") or "zh", seed_value).to_json()

    def feedback(self, answer: dict[str, Any], rating: int, comment: str = "") -> dict[str, Any]:
        """Record 👍/👎 for an answer the client got from /ask (what the page's buttons do); returns the row id.

        The server keeps no per-client state, so the client sends the answer back; it is validated and
        bounded, and stored exactly like the page's feedback (same table, same columns).
        """
        if self.store is None:
            raise BackendError("This server does not record feedback.", code="feedback_disabled")
        if not isinstance(answer, dict):
            raise UserInputError("answer must be the JSON object /ask returned.", code="bad_answer")
        try:
            parsed = Answer.model_validate(answer)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "answer"
            raise UserInputError(f"answer is not an /ask answer object ({where}: {first['msg']}).",
                                 hint="send back the object /ask returned, unchanged", code="bad_answer") from exc  # fmt: skip
        too_long = (len(parsed.question) > self.advisor.settings.max_question_chars
                    or len(parsed.answer) > MAX_FEEDBACK_ANSWER_CHARS or len(parsed.citations) > MAX_FEEDBACK_CITATIONS)  # fmt: skip
        if too_long:
            raise UserInputError("answer is larger than any answer /ask returns.", code="bad_answer")
        try:
            value = int(rating)
        except (TypeError, ValueError) as exc:
            raise UserInputError("rating must be 1 (👍) or -1 (👎).", code="bad_rating") from exc
        row_id = self.store.record_feedback(parsed, value, str(comment or ""))
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
        def feedback(answer: dict[str, Any], rating: int, comment: str = "") -> dict[str, Any]:
            """Record 👍 (rating 1) or 👎 (-1) with an optional comment for an answer object /ask returned.
            Returns {"id": row id, "rating": 1|-1}."""
            return self.feedback(answer, rating, comment)

        for fn in (ask, plan, resolve, complete, quiz, feedback):
            gr.api(fn, api_name=fn.__name__)
