"""Plain-text rendering of an Answer for terminals (the web page renders the same Answer as HTML)."""

from __future__ import annotations

from advisor.answer import Answer


def render_citations(answer: Answer) -> str:
    lines = []
    for c in answer.citations:
        lines.append(f"[{c.marker}] {c.source_label or c.source_id} — {c.section_title}")
        lines.append(f"    “{c.quote}”")
        if c.translation and answer.language == "en":
            lines.append(f"    EN: {c.translation}")
    return "\n".join(lines)


def render_answer_text(answer: Answer) -> str:
    parts = [answer.answer.strip()]
    if answer.citations:
        parts += ["", "—— 引用 / Sources ——" if answer.language == "zh" else "—— Sources ——", render_citations(answer)]
    if answer.notices:
        parts += ["", *(f"* {n}" for n in answer.notices)]
    return "\n".join(parts) + "\n"
