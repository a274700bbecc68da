"""What the page's events do: answers, clarification, county box, ratings, follow-ups, exports.

The per-browser-tab state is one dict (advisor/web/session.py). The functions are plain Python, so tests
call them too.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from advisor.answer import Answer
from advisor.domain import Language
from advisor.engines import GROUNDED
from advisor.errors import AdvisorError
from advisor.export import conversation_markdown, conversation_pdf, handout_markdown, handout_pdf
from advisor.planning import county_plan
from advisor.web import html as h
from advisor.web.api import Api
from advisor.web.session import (
    feedback_values,
    follow_up_options,
    keep_recent,
    new_session,
    reply_markdown,
)
from advisor.web.strings import norm_lang, t

log = logging.getLogger("advisor.web")

MAX_CHOICES = 6  # clarification buttons on the page
EXPORT_TTL_S = 3600


def clarification_options(answer: Answer, lang: Language) -> list[dict[str, str]]:
    """Buttons for an ambiguous (candidates) or unknown (suggestions) place."""
    if answer.clarification is None:
        return []
    if answer.clarification.candidates:
        return [{"label": (c.label_zh or c.full_name) if lang == "zh" else (c.label_en or c.name_en), "value": c.code}
                for c in answer.clarification.candidates][:MAX_CHOICES]  # fmt: skip
    return [{"label": s, "value": s} for s in answer.clarification.suggestions][:MAX_CHOICES]


def clarification_updates(options: list[dict[str, str]]) -> list[Any]:
    """Visibility of the clarification row plus each button's label."""
    buttons = [gr.update(value=o["label"], visible=True) for o in options]
    buttons += [gr.update(visible=False)] * (MAX_CHOICES - len(options))
    return [gr.update(visible=bool(options)), *buttons]


class Handlers:
    """Event functions bound to one app (advisor, store, temp dir for exports)."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.export_dir = Path(tempfile.mkdtemp(prefix="advisor-web-"))

    # -- answers -------------------------------------------------------------------------------

    def respond(self, question: str, county: str | None, lang: str, session: dict[str, Any] | None,
                engine: str | None = None, shown: str | None = None,
                forced_county: str | None = None) -> Iterator[list[Any]]:  # fmt: skip
        """Yield [chat, session, textbox, county card, citations, plan, clarify row, *buttons, status].

        The answer is complete and verified before it is shown, and then shown at once (the grounded
        composer needs ~20 ms; an LLM's text is checked sentence by sentence first, so the page says it
        is checking meanwhile). A question over the length limit is refused in the page's language
        before anything is echoed, and its text stays in the box to be shortened."""
        ui: Language = norm_lang(lang)
        state = session or new_session()
        text = (question or "").strip()
        if not text:
            yield self._frame(state, ui, keep_text=question)
            return
        limit = self.api.advisor.settings.max_question_chars
        if len(text) > limit:
            yield self._frame(state, ui, keep_text=question, status=t("too_long", ui, n=len(text), max=limit))
            return
        turn = len(state["answers"])
        waiting = "…" if engine in (None, "", GROUNDED) else f"*{t('verifying', ui)}*"
        messages = [{"role": m["role"], "content": m["content"]} for m in state["messages"]]  # old options go
        state["messages"] = [*messages, {"role": "user", "content": h.user_markdown(shown or text)},
                             {"role": "assistant", "content": waiting}]  # fmt: skip
        state["pending"] = None
        yield self._frame(state, ui, clear_text=True, options=[])
        try:
            data = self.api.ask(text, forced_county or county, None, state["turns"], engine)
            answer: Answer | None = Answer.model_validate(data)
        except AdvisorError as exc:
            answer, data = None, None
            final = h.error_markdown(exc.message, exc.hint, ui)
        except Exception:
            log.exception("answer failed")
            answer, data = None, None
            final = h.error_markdown(t("internal_error", ui), None, ui)
        stored = dict(data) if answer is not None and isinstance(data, dict) else None
        if stored is not None:
            final = reply_markdown(stored, turn, ui)
        reply: dict[str, Any] = {"role": "assistant", "content": final}
        if follow_up_options(stored):
            reply["options"] = follow_up_options(stored)
        state["messages"][-1] = reply
        state["answers"] = [*state["answers"], stored]
        state["turns"] = [*state["turns"], {"role": "user", "content": shown or text},
                          {"role": "assistant", "content": answer.answer if answer else final}]  # fmt: skip
        options: list[dict[str, str]] = []
        if answer is not None:
            options = clarification_options(answer, ui)
            state["pending"] = {"question": text, "options": options} if options else None
            if answer.county is not None:
                state["county"], state["source"] = answer.county.model_dump(mode="json"), "detected"
        keep_recent(state, ui)
        yield self._frame(state, ui, clear_text=True, options=options, plan=True)

    def choose(self, index: int, county: str | None, lang: str, session: dict[str, Any] | None,
               engine: str | None = None) -> Iterator[list[Any]]:  # fmt: skip
        """A clarification button: re-ask the pending question with county=<code>."""
        state = session or new_session()
        pending = state.get("pending")
        if not pending or index >= len(pending["options"]):
            yield self._frame(state, norm_lang(lang))
            return
        option = pending["options"][index]
        yield from self.respond(pending["question"], county, lang, state, engine, shown=option["label"],
                                forced_county=option["value"])  # fmt: skip

    def follow_up(self, data: gr.SelectData, county: str | None, lang: str, session: dict[str, Any] | None,
                  engine: str | None = None) -> Iterator[list[Any]]:  # fmt: skip
        """A follow-up button under the latest answer: ask that question."""
        value = data.value if isinstance(data.value, str) else str((data.value or {}).get("value", ""))
        yield from self.respond(value, county, lang, session, engine)

    def regenerate(self, county: str | None, lang: str, session: dict[str, Any] | None,
                   engine: str | None = None) -> Iterator[list[Any]]:  # fmt: skip
        """The chat's retry button: drop the last answer and ask its question again."""
        state = session or new_session()
        if not state["turns"]:
            yield self._frame(state, norm_lang(lang))
            return
        question = state["turns"][-2]["content"]
        answer = state["answers"][-1] or {}
        turn = len(state["answers"]) - 1
        state["turns"], state["answers"] = state["turns"][:-2], state["answers"][:-1]
        state["messages"] = state["messages"][:-2]
        state["ratings"] = {k: v for k, v in (state.get("ratings") or {}).items() if k != str(turn)}
        # A clarified question is re-asked for the county it was answered for.
        code = (answer.get("county") or {}).get("code") if isinstance(answer.get("county"), dict) else None
        yield from self.respond(answer.get("question") or question, county, lang, state, engine, shown=question,
                                forced_county=code if code and county in (None, "") else None)  # fmt: skip

    def _frame(self, state: dict[str, Any], ui: Language, *, clear_text: bool = False, keep_text: str | None = None,
               options: list[dict[str, str]] | None = None, plan: bool = False, status: str = "") -> list[Any]:  # fmt: skip
        text = (
            gr.update(value="") if clear_text else gr.update(value=keep_text) if keep_text is not None else gr.update()
        )
        card = h.county_card_html(state.get("county"), ui, state.get("source", "detected"))
        cites = h.citations_html(state["answers"], ui)
        plan_value = self.plan_html(state, ui) if plan else gr.update()
        clar = clarification_updates(options) if options is not None else [gr.update()] * (MAX_CHOICES + 1)
        chat = gr.update(value=state["messages"], feedback_value=feedback_values(state))
        return [chat, state, text, card, cites, plan_value, *clar, gr.update(value=status)]

    def plan_html(self, state: dict[str, Any], ui: Language) -> str:
        county = state.get("county")
        if not county:
            return h.plan_html(None, ui)
        try:
            return h.plan_html(county_plan(county["code"], lang=ui), ui)
        except AdvisorError as exc:
            return f'<div class="plan-card empty">{h.esc(exc.message)}</div>'

    # -- county box ----------------------------------------------------------------------------

    def suggest(self, data: gr.KeyUpData) -> Any:
        """Autocomplete: choices for what is typed (Chinese or pinyin)."""
        typed = (data.input_value or "").strip()
        if not typed:
            return gr.update()
        places = self.api.advisor.gazetteer.complete(typed, 12)
        choices = [(f"{p.full_name} {p.name_en} · {p.label('zh')}", p.code) for p in places]
        return gr.update(choices=choices)

    def pick_county(self, value: str | None, lang: str, session: dict[str, Any] | None) -> list[Any]:
        """County box changed: resolve it, show the card and open the plan → [session, card, plan, plan accordion]."""
        ui = norm_lang(lang)
        state = session or new_session()
        text = (value or "").strip()
        if not text:
            return [
                state,
                h.county_card_html(state.get("county"), ui, state.get("source", "detected")),
                gr.update(),
                gr.update(),
            ]
        gaz = self.api.advisor.gazetteer
        place = gaz.by_code(text)
        try:
            resolution = None if place else gaz.resolve(text)
        except AdvisorError as exc:
            return [state, f'<div class="county-card empty">{h.esc(exc.message)}</div>', gr.update(), gr.update()]
        if place is None and resolution is not None:
            if resolution.status == "found":
                place = resolution.place
            else:
                names = "、".join(c.label(ui) for c in resolution.candidates) or "、".join(resolution.suggestions)
                note = f"{text}: {resolution.status}" + (f" — {names}" if names else "")
                return [state, f'<div class="county-card empty">{h.esc(note)}</div>', gr.update(), gr.update()]
        assert place is not None
        from advisor.chain import card_of

        state["county"], state["source"] = card_of(place).model_dump(mode="json"), "chosen"
        return [
            state,
            h.county_card_html(state["county"], ui, "chosen"),
            self.plan_html(state, ui),
            gr.update(open=True),
        ]

    # -- ratings and exports -------------------------------------------------------------------

    def _store_rating(self, answer: dict[str, Any], rating: int, comment: str) -> None:
        """One rating per answer: ``Api.rate`` replaces an earlier rating of the same answer_id."""
        self.api.rate(str(answer.get("answer_id") or ""), rating, comment)

    def like(self, data: gr.LikeData, lang: str, session: dict[str, Any] | None) -> list[Any]:
        """The chat's own 👍/👎 on an answer → [status, session, comment row]. Pressing the other thumb
        changes the rating (stored once per answer); pressing the pressed one again takes it back."""
        ui = norm_lang(lang)
        state = session or new_session()
        index = data.index if isinstance(data.index, int) else data.index[0]
        turn = index // 2  # messages alternate user, assistant
        answers = state["answers"]
        target = answers[turn] if 0 <= turn < len(answers) else None
        ratings = dict(state.get("ratings") or {})
        if data.liked in ("", None):  # un-pressed
            ratings.pop(str(turn), None)
            state["ratings"] = ratings
            return [gr.update(value=""), state, gr.update(visible=False)]
        rating = 1 if data.liked is True or data.liked == "Like" else -1
        if not target:
            return [gr.update(value=t("no_answer", ui)), state, gr.update()]
        try:
            self._store_rating(target, rating, "")
        except AdvisorError as exc:
            return [gr.update(value=h.esc(exc.message)), state, gr.update()]
        ratings[str(turn)] = rating
        state["ratings"], state["rated"] = ratings, turn
        return [gr.update(value=t("thanks", ui)), state, gr.update(visible=True)]

    def comment(self, text: str, lang: str, session: dict[str, Any] | None) -> list[Any]:
        """The optional comment after a rating → [status, comment box, comment row]."""
        ui = norm_lang(lang)
        state = session or new_session()
        turn = state.get("rated")
        rating = (state.get("ratings") or {}).get(str(turn)) if turn is not None else None
        answers = state["answers"]
        target = answers[turn] if rating and turn is not None and 0 <= turn < len(answers) else None
        if not target or rating is None:
            return [gr.update(value=t("no_answer", ui)), gr.update(), gr.update()]
        if not (text or "").strip():
            return [gr.update(), gr.update(), gr.update()]
        try:
            self._store_rating(target, int(rating), text.strip())
        except AdvisorError as exc:  # the comment stays in its box, so nothing typed is lost
            return [gr.update(value=h.esc(exc.message)), gr.update(), gr.update()]
        return [gr.update(value=t("comment_thanks", ui)), gr.update(value=""), gr.update(visible=False)]

    def write_file(self, name: str, content: str | bytes) -> str:
        """Write an export under this app's temp dir with a clean file name (older than an hour: removed)."""
        cutoff = time.time() - EXPORT_TTL_S
        for old in self.export_dir.iterdir():
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        folder = self.export_dir / uuid.uuid4().hex[:12]
        folder.mkdir(mode=0o700)
        path = folder / name
        path.touch(mode=0o600)  # private before anything is written into it
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return str(path)

    def _file(self, name: str, content: str | bytes) -> Any:
        return gr.update(value=self.write_file(name, content), visible=True)

    def export(
        self, kind: str, lang: str, session: dict[str, Any] | None, handout_lang: str | None = None
    ) -> list[Any]:
        """kind: conversation-md | conversation-pdf | handout-md | handout-pdf → [file, status]. The handout is
        in the language chosen beside its buttons (the page's language unless changed)."""
        ui = norm_lang(lang)
        state = session or new_session()
        try:
            if kind.startswith("conversation"):
                answers = [a for a in state["answers"] if a]
                if not answers:
                    return [gr.update(), t("nothing_to_export", ui)]
                if kind.endswith("pdf"):
                    return [self._file("conversation.pdf", conversation_pdf(answers, ui)), ""]
                return [self._file("conversation.md", conversation_markdown(answers, ui)), ""]
            county = state.get("county")
            if not county:
                return [gr.update(), t("no_county_export", ui)]
            paper = norm_lang(handout_lang) if handout_lang else ui
            plan = county_plan(county["code"], lang=paper)
            slug = f"{county['code']}-{paper}"
            if kind.endswith("pdf"):
                return [self._file(f"handout-{slug}.pdf", handout_pdf(plan, paper)), ""]
            return [self._file(f"handout-{slug}.md", handout_markdown(plan, paper)), ""]
        except AdvisorError as exc:
            return [gr.update(), h.safe_markdown(exc.message)]

    # -- new chat and reload -------------------------------------------------------------------

    def reset(self, lang: str) -> list[Any]:
        """新对话 (and the chat's own clear icon): chat, county (box and card), sources, plan, history,
        pending clarification, ratings, comment, status and downloads all start over.
        → [*answer outputs, county box, downloads, comment box, comment row]."""
        ui = norm_lang(lang)
        fresh = new_session()
        return [gr.update(value=[], feedback_value=[]), fresh, "", h.county_card_html(None, ui),
                h.citations_html([], ui), h.plan_html(None, ui), *clarification_updates([]), "",
                gr.update(value=None, choices=[]), gr.update(value=None, visible=False), gr.update(value=""),
                gr.update(visible=False)]  # fmt: skip

    def restore(self, saved: dict[str, Any] | None, lang: str) -> list[Any]:
        """Page (re)load: the conversation kept in the browser → [*answer outputs]."""
        ui = norm_lang(lang)
        state = new_session()
        if isinstance(saved, dict) and isinstance(saved.get("messages"), list) and saved["messages"]:
            state.update({k: saved[k] for k in state if k in saved})
            state["ratings"] = dict(state.get("ratings") or {})
        options = (state["pending"] or {}).get("options") or []
        return self._frame(state, ui, options=options, plan=True)
