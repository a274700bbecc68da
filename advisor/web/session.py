"""The per-browser-tab conversation state, as one plain dict, and what is drawn from it.

``new_session()``: the raw turns sent back to ``ask()`` as history, the Answer JSON of every assistant
message (None for errors), the chat as displayed, the pending clarification, the current county and the
rating given to each answer (turn → 1 | -1). The page keeps it in the browser (``gr.BrowserState``), so
a reload keeps the conversation until 新对话; a session keeps its last MAX_SESSION_TURNS pairs.
"""

from __future__ import annotations

import re
from typing import Any

from advisor.domain import Language
from advisor.web import html as h

MAX_FOLLOW_UPS = 3  # follow-up question buttons under the latest answer
FEEDBACK = {1: "Like", -1: "Dislike"}  # a rating as gr.Chatbot's feedback value (the pressed thumb)
#: The answer's own "### 你还可以问" list: the page shows those questions as buttons instead.
_FOLLOW_UP_HEADING = re.compile(r"^#{2,4}\s*(你还可以问|You could also ask)\s*$", re.M)


def new_session() -> dict[str, Any]:
    return {"turns": [], "answers": [], "messages": [], "pending": None, "county": None, "source": "detected",
            "ratings": {}}  # fmt: skip


#: Question-and-answer pairs a page keeps: every frame sends the whole chat, and one session's 300th answer
#: once streamed 17 MB. Older pairs go (export the conversation to keep them); the answer engine uses only the
#: last 40 messages anyway (advisor.inputs.MAX_CHAT_HISTORY).
MAX_SESSION_TURNS = 50


def reply_markdown(answer: dict[str, Any], turn: int, ui: Language) -> str:
    """An answer as the chat shows it: the county line, then the text with [n] linked to turn `turn`'s cards."""
    county = answer.get("county") if not answer.get("clarification") else None
    chips = (h.county_chip(county, ui) if county else "") + h.sources_link(len(answer.get("citations") or []), ui)
    return (chips + "\n\n" if chips else "") + h.answer_markdown(without_follow_up_list(answer["answer"]), turn)


def keep_recent(state: dict[str, Any], ui: Language) -> None:
    """Drop the oldest question-and-answer pairs beyond MAX_SESSION_TURNS, keeping ratings on their answers;
    the kept answers are drawn again, so their [n] links still name their own (renumbered) source cards."""
    extra = len(state["answers"]) - MAX_SESSION_TURNS
    if extra <= 0:
        return
    state["answers"] = state["answers"][extra:]
    state["messages"], state["turns"] = state["messages"][2 * extra :], state["turns"][2 * extra :]
    for turn, answer in enumerate(state["answers"]):
        if answer is not None:
            state["messages"][2 * turn + 1] = {**state["messages"][2 * turn + 1],
                                               "content": reply_markdown(answer, turn, ui)}  # fmt: skip
    ratings = state.get("ratings") or {}
    state["ratings"] = {str(int(k) - extra): v for k, v in ratings.items() if int(k) >= extra}
    rated = state.get("rated")
    state["rated"] = rated - extra if isinstance(rated, int) and rated >= extra else None


def without_follow_up_list(markdown: str) -> str:
    """The answer without its trailing follow-up list (shown as buttons under the message instead)."""
    found = _FOLLOW_UP_HEADING.search(markdown)
    if found is None:
        return markdown
    rest = markdown[found.end() :]
    following = re.search(r"^#{1,4}\s", rest, re.M)
    return (markdown[: found.start()] + (rest[following.start() :] if following else "")).rstrip() + "\n"


def follow_up_options(answer: dict[str, Any] | None) -> list[dict[str, str]]:
    """Follow-up questions of an answer as chat options (buttons that ask them)."""
    if not answer or answer.get("clarification"):
        return []
    return [{"label": q, "value": q} for q in (answer.get("follow_ups") or [])[:MAX_FOLLOW_UPS] if q]


def feedback_values(state: dict[str, Any]) -> list[str | None]:
    """The pressed thumb of every assistant message (gr.Chatbot ``feedback_value``)."""
    ratings = state.get("ratings") or {}
    return [FEEDBACK.get(ratings.get(str(turn), 0)) for turn in range(len(state["answers"]))]
