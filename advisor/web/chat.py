"""What the page's events do: streamed answers, clarification, county box, feedback, exports.

The per-browser-tab state is one dict (``new_session()``): the raw turns sent back to ``ask()`` as
history, the Answer JSON of every assistant message (None for errors), the chat as displayed, the
pending clarification and the current county. The functions are plain Python, so tests call them too.
"""

from __future__ import annotations

import logging
import re
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
from advisor.web.strings import norm_lang, t

log = logging.getLogger("advisor.web")

MAX_CHOICES = 6  # clarification buttons on the page
STREAM_DELAY_S = 0.03  # pause between streamed pieces
EXPORT_TTL_S = 3600


def new_session() -> dict[str, Any]:
    return {"turns": [], "answers": [], "messages": [], "pending": None, "county": None, "source": "detected"}


def stream_pieces(markdown: str) -> list[str]:
    """Growing prefixes of the answer, cut at line ends (long lines at sentence ends)."""
    pieces: list[str] = []
    done = ""
    for line in markdown.splitlines(keepends=True):
        if len(line) > 120:
            for part in re.split(r"(?<=[。！？.!?；;])", line):
                if part:
                    done += part
                    pieces.append(done)
        else:
            done += line
            if line.strip():
                pieces.append(done)
    if not pieces or pieces[-1] != markdown:
        pieces.append(markdown)
    return pieces


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

    # -- the answer stream ---------------------------------------------------------------------

    def respond(self, question: str, county: str | None, lang: str, session: dict[str, Any] | None,
                engine: str | None = None, shown: str | None = None,
                forced_county: str | None = None) -> Iterator[list[Any]]:  # fmt: skip
        """Yield [chat, session, textbox, county card, citations, plan, clarify row, *buttons, status].

        The answer is complete and verified before its first piece is shown: an LLM's text is checked
        sentence by sentence first, so the page says it is checking, then streams only verified text."""
        ui: Language = norm_lang(lang)
        state = session or new_session()
        text = (question or "").strip()
        if not text:
            yield self._frame(state, ui, keep_text=question)
            return
        turn = len(state["answers"])
        waiting = "…" if engine in (None, "", GROUNDED) else f"*{t('verifying', ui)}*"
        state["messages"] = [*state["messages"], {"role": "user", "content": h.user_markdown(shown or text)},
                             {"role": "assistant", "content": waiting}]  # fmt: skip
        state["pending"] = None
        yield self._frame(state, ui, clear_text=True, options=[])
        try:
            data = self.api.ask(text, forced_county or county, None, state["turns"], engine)
            answer: Answer | None = Answer.model_validate(data)
        except AdvisorError as exc:
            answer = None
            final = h.error_markdown(exc.message, exc.hint, ui)
        except Exception:
            log.exception("answer failed")
            answer = None
            final = h.error_markdown(t("internal_error", ui), None, ui)
        if answer is not None:
            for piece in stream_pieces(answer.answer):
                state["messages"][-1] = {"role": "assistant", "content": h.answer_markdown(piece, turn)}
                yield self._frame(state, ui, clear_text=True, options=[])
                time.sleep(STREAM_DELAY_S)
            final = h.answer_markdown(answer.answer, turn)
        state["messages"][-1] = {"role": "assistant", "content": final}
        state["answers"] = [*state["answers"], answer.to_json() if answer else None]
        state["turns"] = [*state["turns"], {"role": "user", "content": shown or text},
                          {"role": "assistant", "content": answer.answer if answer else final}]  # fmt: skip
        options: list[dict[str, str]] = []
        if answer is not None:
            options = clarification_options(answer, ui)
            state["pending"] = {"question": text, "options": options} if options else None
            if answer.county is not None:
                state["county"], state["source"] = answer.county.model_dump(mode="json"), "detected"
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

    def _frame(self, state: dict[str, Any], ui: Language, *, clear_text: bool = False, keep_text: str | None = None,
               options: list[dict[str, str]] | None = None, plan: bool = False) -> list[Any]:  # fmt: skip
        text = (
            gr.update(value="") if clear_text else gr.update(value=keep_text) if keep_text is not None else gr.update()
        )
        card = h.county_card_html(state.get("county"), ui, state.get("source", "detected"))
        cites = h.citations_html(state["answers"], ui)
        plan_value = self.plan_html(state, ui) if plan else gr.update()
        clar = clarification_updates(options) if options is not None else [gr.update()] * (MAX_CHOICES + 1)
        return [state["messages"], state, text, card, cites, plan_value, *clar, gr.update(value="")]

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

    # -- feedback and exports ------------------------------------------------------------------

    def feedback(self, rating: int, comment: str, lang: str, session: dict[str, Any] | None,
                 index: int | None = None) -> list[Any]:  # fmt: skip
        ui = norm_lang(lang)
        answers = [a for a in (session or new_session())["answers"]]
        target = answers[index] if index is not None and 0 <= index < len(answers) else None
        if index is None:
            target = next((a for a in reversed(answers) if a), None)
        if not target or self.api.store is None:
            return [gr.update(value=t("no_answer", ui)), gr.update()]
        try:
            self.api.store.record_feedback(target, rating, comment or "")
        except AdvisorError as exc:  # the comment stays in its box, so nothing typed is lost
            return [gr.update(value=h.esc(exc.message)), gr.update()]
        return [gr.update(value=t("thanks", ui)), gr.update(value="")]

    def like(self, data: gr.LikeData, comment: str, lang: str, session: dict[str, Any] | None) -> list[Any]:
        """The chat's own 👍/👎 on a message: rate that answer."""
        index = data.index if isinstance(data.index, int) else data.index[0]
        liked = data.liked if isinstance(data.liked, bool) else bool(data.liked)
        return self.feedback(1 if liked else -1, comment, lang, session, index=index // 2)

    def write_file(self, name: str, content: str | bytes) -> str:
        """Write an export under this app's temp dir with a clean file name (older than an hour: removed)."""
        cutoff = time.time() - EXPORT_TTL_S
        for old in self.export_dir.iterdir():
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        folder = self.export_dir / uuid.uuid4().hex[:12]
        folder.mkdir()
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return str(path)

    def _file(self, name: str, content: str | bytes) -> Any:
        return gr.update(value=self.write_file(name, content), visible=True)

    def export(self, kind: str, lang: str, session: dict[str, Any] | None) -> list[Any]:
        """kind: conversation-md | conversation-pdf | handout-md | handout-pdf → [file, status]."""
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
            plan = county_plan(county["code"], lang=ui)
            slug = county["code"]
            if kind.endswith("pdf"):
                return [self._file(f"handout-{slug}.pdf", handout_pdf(plan, ui)), ""]
            return [self._file(f"handout-{slug}.md", handout_markdown(plan, ui)), ""]
        except AdvisorError as exc:
            return [gr.update(), h.safe_markdown(exc.message)]
