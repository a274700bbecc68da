"""Safe rendering of answers, cards and panels for the web page.

Rule: every untrusted string (question, answer, quote, document text, county data) passes through
``esc`` before it goes into gr.HTML; Markdown for gr.Chatbot has ``<`` and ``&`` escaped (so
``<script>`` shows as text) and Gradio's sanitiser on top. Only our own tags are raw HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from advisor.answer import Answer, CountyCard
from advisor.domain import Language
from advisor.export import county_title, tier_reason
from advisor.planning import PlanResult
from advisor.quiz import LETTERS, Quiz
from advisor.rules import DIMENSION_TITLES
from advisor.web.strings import KIND_TITLES, TIER_BADGE, t

TRANSLATION_PREVIEW = 240
_MARKER = re.compile(r"\[(\d{1,3})\]")
_QUOTE_PREFIX = re.compile(r"^((?:&gt;[ \t]?)+)", re.M)


def esc(value: object) -> str:
    """HTML-escape anything (None → empty)."""
    return html.escape("" if value is None else str(value), quote=True)


def cite_id(turn: int, marker: int) -> str:
    return f"cite-{turn}-{marker}"


def safe_markdown(text: str) -> str:
    """Markdown with raw HTML neutralised: `<` and `&` escaped, blockquote `>` kept."""
    escaped = html.escape(text, quote=False)
    return _QUOTE_PREFIX.sub(lambda m: m.group(1).replace("&gt;", ">"), escaped)


def user_markdown(question: str) -> str:
    """A question as shown in the chat: plain text, never HTML."""
    return safe_markdown(question).replace("[", "\\[").replace("]", "\\]")


def answer_markdown(markdown: str, turn: int) -> str:
    """An answer for the chat, each [n] a link to its source card #cite-<turn>-<n>."""
    safe = safe_markdown(markdown)
    return _MARKER.sub(
        lambda m: f'<a href="#{cite_id(turn, int(m.group(1)))}" class="cite-link">[{m.group(1)}]</a>', safe
    )


def counter_html(max_chars: int, lang: Language) -> str:
    """The question box's character counter (the page's script keeps the count; over the limit it turns red),
    and the note that trainers can read the questions."""
    return (f'<div class="q-count" data-max="{int(max_chars)}" data-over="{esc(t("count_over", lang))}" '
            f'aria-live="polite"><span class="q-count-n">0</span> / {int(max_chars)}</div>'
            f'<div class="privacy-note">{esc(t("privacy_note", lang))}</div>')  # fmt: skip


@lru_cache(maxsize=4)
def _paper_titles_en(corpus_dir: Path) -> dict[str, str]:
    """Section number → title in the paper's English rendering (same section ids as the Chinese chunks)."""
    from advisor.knowledge.chunking import chunk_markdown
    from advisor.knowledge.corpus import PAPER_ID, read_paper

    titles: dict[str, str] = {}
    try:
        for chunk in chunk_markdown(read_paper(corpus_dir, "en").body, source_id=PAPER_ID, lang="en"):
            titles.setdefault(chunk.section, chunk.section_title)
    except Exception:  # a missing English rendering only costs the English titles
        return {}
    return titles


def section_title_en(source_id: str, section: str) -> str:
    """The English title of a section of the paper ("" for other sources or an unknown section)."""
    from advisor.knowledge.corpus import PAPER_ID
    from advisor.settings import get_settings

    if source_id != PAPER_ID or not section:
        return ""
    return _paper_titles_en(get_settings().paths.corpus_dir).get(section, "")


def _where_en(card: CountyCard) -> str:
    """Prefecture and province in English, from the card's English label ("Suichang County, Lishui, Zhejiang")."""
    parts = [p.strip() for p in (card.label_en or "").split(",") if p.strip()]
    return ", ".join(parts[1:])


def _card(value: CountyCard | dict[str, Any] | None) -> CountyCard | None:
    if value is None or isinstance(value, CountyCard):
        return value
    return CountyCard.model_validate(value)


def county_card_html(value: CountyCard | dict[str, Any] | None, lang: Language, source: str = "detected") -> str:
    """County, prefecture, province, tier badge, one-line reason and any policy note."""
    card = _card(value)
    if card is None:
        return f'<div class="county-card empty">{esc(t("county_none", lang))}</div>'
    where = [card.prefecture, card.province] if card.prefecture not in (None, card.province) else [card.province]
    if card.level == "province":
        where = []
    note = card.note if lang == "zh" else card.note_en
    name = card.full_name if lang == "zh" or not card.name_en else f"{card.name_en} · {card.full_name}"
    if lang == "en" and where and _where_en(card):
        where = [_where_en(card), *where]  # English names first, the Chinese ones beside them
    latin = card.name_en if lang == "zh" else ""  # the English UI shows it in the name already
    parts = [
        f'<div class="county-card tier-{esc(card.tier)}" data-code="{esc(card.code)}">',
        f'<div class="county-head"><span class="county-name">{esc(name)}</span>',
        f' <span class="tier-badge tier-{esc(card.tier)}">{esc(TIER_BADGE[card.tier][lang])}</span></div>',
        f'<div class="county-where">{esc(" · ".join(w for w in [*where, latin, card.code] if w))}</div>',
        f'<div class="county-reason">{esc(tier_reason(card, lang))}</div>',
    ]
    if note:
        parts.append(f'<div class="county-note">{esc(note)}</div>')
    parts.append(f'<div class="county-source">{esc(t("detected" if source == "detected" else "chosen", lang))}</div>')
    parts.append("</div>")
    return "".join(parts)


def county_chip(value: CountyCard | dict[str, Any] | None, lang: Language) -> str:
    """The county as a compact line above its answer; a tap goes to the full card."""
    card = _card(value)
    if card is None:
        return ""
    name = card.full_name if lang == "zh" or not card.name_en else card.name_en
    where = card.province if card.level != "province" else ""
    if lang == "en" and _where_en(card):
        where = _where_en(card).split(",")[-1].strip()
    text = " · ".join(x for x in [name, where, TIER_BADGE[card.tier][lang]] if x)
    return f'<a class="county-chip" href="#county-card">{esc(text)}</a> '


def sources_link(count: int, lang: Language) -> str:
    """Beside the county line: one tap to the sources panel (the answer's cards, also far down on a phone)."""
    if count <= 0:
        return ""
    return f'<a class="sources-chip" href="#cite-acc">{esc(t("citations", lang))} ({count})</a>'


def _long_text(text: str, lang: Language, limit: int = TRANSLATION_PREVIEW) -> str:
    """Short text as is; a long one as a preview that opens to the full text (keeps cards compact)."""
    if len(text) <= limit:
        return esc(text)
    cut = text.rfind(" ", 0, limit)
    preview = text[: cut if cut > limit // 2 else limit]
    more = "全文" if lang == "zh" else "full paragraph"
    return (f'<details class="cite-more"><summary><span class="preview">{esc(preview)}… </span>'
            f'<span class="more">{esc(more)}</span></summary>{esc(text)}</details>')  # fmt: skip


def _citation_card(turn: int, c: dict[str, Any], lang: Language) -> str:
    title_zh = c.get("section_title", "")
    title_en = section_title_en(c.get("source_id", ""), c.get("section", "")) if lang == "en" else ""
    head = f"[{c['marker']}] §{c.get('section', '')} {title_en or title_zh}".strip()
    label = c.get("source_label") or c.get("source_id", "")
    also = f'<span class="cite-title-zh" lang="zh">{esc(title_zh)}</span>' if title_en and title_zh else ""
    body = [
        f'<article class="cite-card" id="{cite_id(turn, int(c["marker"]))}" tabindex="-1">',
        f'<header><span class="cite-head">{esc(head)}{also}</span><span class="cite-source">{esc(label)}</span></header>',
        '<div class="cite-body">',
    ]
    original = (f'<blockquote class="cite-quote" lang="zh"><span class="cite-lab">{esc(t("original", lang))}</span>'
                f"{esc(c.get('quote', ''))}</blockquote>")  # fmt: skip
    translation = (f'<blockquote class="cite-translation" lang="en"><span class="cite-lab">{esc(t("translation", lang))}'
                   f"</span>{_long_text(c['translation'], lang)}</blockquote>" if c.get("translation") else "")  # fmt: skip
    body += [translation, original] if lang == "en" else [original, translation]  # the page's language first
    body.append("</div>")
    if c.get("cites"):
        body.append(f'<div class="cite-refs">{esc(t("paper_cites", lang))}: {esc("; ".join(c["cites"]))}</div>')
    body.append("</article>")
    return "".join(body)


def citations_html(answers: Sequence[dict[str, Any] | None], lang: Language) -> str:
    """Source cards of the conversation, newest answer first and open; earlier answers' cards folded."""
    sections: list[str] = []
    for turn in range(len(answers) - 1, -1, -1):
        answer = answers[turn]
        if not answer or not answer.get("citations"):
            continue
        cards = "".join(_citation_card(turn, c, lang) for c in answer["citations"])
        title = f"{t('answer_n', lang, n=turn + 1)}: {answer.get('question', '')}"
        if not sections:
            back = f'<a class="back-to-chat" href="#chatbot">{esc(t("back_to_chat", lang))}</a>'
            sections.append(
                f'<section class="cite-group"><h4 class="cite-group-title">{esc(title)}</h4>{back}{cards}</section>'
            )
        else:
            sections.append(f'<details class="cite-group cite-older"><summary>{esc(title)} '
                            f'({len(answer["citations"])})</summary>{cards}</details>')  # fmt: skip
    if not sections:
        return f'<div class="cite-panel empty">{esc(t("citations_none", lang))}</div>'
    return f'<div class="cite-panel">{"".join(sections)}</div>'


def plan_html(plan: PlanResult | None, lang: Language) -> str:
    """The tiered action plan grouped by dimension; each measure with its section and quote."""
    if plan is None:
        return f'<div class="plan-card empty">{esc(t("plan_none", lang))}</div>'
    groups: dict[str, list[dict[str, Any]]] = {}
    for s in plan.strategies:
        groups.setdefault(s["dimension"], []).append(s)
    where = county_title(plan.county, lang) if plan.county else ""
    out = [f'<div class="plan-card tier-{esc(plan.tier)}"><div class="plan-title">{esc(where)} '
           f'<span class="tier-badge tier-{esc(plan.tier)}">{esc(TIER_BADGE[plan.tier][lang])}</span></div>']  # fmt: skip
    for dim, items in groups.items():
        out.append(f'<h4 class="plan-dim">{esc(DIMENSION_TITLES[dim][lang])}</h4><ul class="plan-list">')  # type: ignore[index]
        for s in items:
            specific = "tier-specific" if len(s.get("tiers", [])) == 1 else "general"
            out.append(
                f'<li class="{specific}"><span class="plan-text">{esc(s["text"])}</span> '
                f'<span class="sec">§{esc(s["section"])}</span>'
                f'<blockquote class="plan-quote" lang="zh">“{esc(s["quote"])}”</blockquote></li>'
            )
        out.append("</ul>")
    out.append("</div>")
    return "".join(out)


def error_markdown(message: str, hint: str | None, lang: Language) -> str:
    """An error as a chat message: the message and its hint, never a traceback."""
    text = f"⚠️ **{t('error', lang)}**: {message}"
    if hint:
        text += f"\n\n{hint}"
    return safe_markdown(text)


def _table(rows: list[list[str]], head: list[str], lang: Language) -> str:
    if not rows:
        return f'<p class="muted">{esc(t("empty", lang))}</p>'
    th = "".join(f"<th>{esc(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f'<div class="table-wrap"><table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table></div>'


#: Why a logged question was not answered with citations (clarification reason or scope), zh / en.
_REASONS = {
    "ambiguous": ("地名有多处，请用户选择", "place ambiguous: the user was asked to choose"),
    "not_found": ("没找到这个地名", "place not found"),
    "off_topic": ("与农村电商无关", "not about rural e-commerce"),
    "out_of_region": ("不是中国大陆的县", "not a county of mainland China"),
    "in_scope": ("资料没有涵盖", "not covered by the sources"),
}
_LEVELS = {"county": ("县级", "county"), "prefecture": ("地级", "prefecture"), "province": ("省级", "province")}


def trainer_html(summary: dict[str, Any], lang: Language) -> str:
    """Most-asked topics and counties, off-topic/unanswered questions, feedback."""
    zh = lang == "zh"
    fb = summary["feedback"]
    topic_names = {d: v[lang] for d, v in [*KIND_TITLES.items(), *DIMENSION_TITLES.items()]}
    parts = [
        f'<div class="trainer"><p class="stat">{esc(t("questions_total", lang))}: <b>{summary["questions"]}</b> · '
        f'{esc(t("rated_up", lang))} {fb["up"]} · {esc(t("rated_down", lang))} {fb["down"]}</p>',
        f"<h4>{esc(t('top_topics', lang))}</h4>",
        _table([[topic_names.get(r["topic"], r["topic"]), str(r["count"])] for r in summary["topics"]],
               ["主题" if zh else "Topic", "次数" if zh else "Count"], lang),
        f"<h4>{esc(t('top_counties', lang))}</h4>",
        _table([[r["name"] if zh else r.get("name_en") or r["name"], _LEVELS.get(r.get("level") or "", ("", ""))[not zh],
                 r["code"], TIER_BADGE[r["tier"]][lang] if r["tier"] in TIER_BADGE else "", str(r["count"])]
                for r in summary["counties"]],
               ["地区" if zh else "Place", "级别" if zh else "Level", "代码" if zh else "Code", "分级" if zh else "Tier",
                "次数" if zh else "Count"], lang),
        f"<h4>{esc(t('unanswered', lang))}</h4>",
        _table([[r["time"], r["question"], _REASONS[r["clarification"] or r["scope"]][not zh]
                 if (r["clarification"] or r["scope"]) in _REASONS else r["clarification"] or r["scope"]]
                for r in summary["unanswered"]],
               ["时间" if zh else "Time", "问题" if zh else "Question", "原因" if zh else "Reason"], lang),
        f"<h4>{esc(t('feedback_list', lang))}</h4>",
        _table([[r["time"][:19], t("rated_up" if r["rating"] > 0 else "rated_down", lang), r["question"], r["comment"]]
                for r in fb["recent"]],
               ["时间" if zh else "Time", "评价" if zh else "Rating", "问题" if zh else "Question", "意见" if zh else "Comment"],
               lang),
        "</div>",
    ]  # fmt: skip
    return "".join(parts)


def quiz_html(quiz: Quiz | None, lang: Language) -> str:
    if quiz is None:
        return ""
    out = [f'<div class="quiz"><h3>{esc(quiz.title)}</h3><ol class="quiz-list">']
    for q in quiz.questions:
        options = "".join(f"<li><b>{LETTERS[j]}.</b> {esc(o)}</li>" for j, o in enumerate(q.options))
        out.append(f'<li class="quiz-q"><p>{esc(q.prompt)}</p><ul class="quiz-options">{options}</ul></li>')
    out.append(f"</ol><details class='quiz-key'><summary>{esc(t('quiz_key', lang))}</summary><ol>")
    for q in quiz.questions:
        out.append(
            f"<li><b>{LETTERS[q.answer]}</b> — {esc(q.answer_text)} <span class='muted'>({esc(q.explanation)})</span>"
            f"<blockquote lang='zh'>§{esc(q.citation.section)}：“{esc(q.citation.quote)}”</blockquote></li>"
        )
    out.append("</ol></details></div>")
    return "".join(out)


def answer_from(value: Answer | dict[str, Any]) -> Answer:
    return value if isinstance(value, Answer) else Answer.model_validate(value)
