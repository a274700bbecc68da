"""Exports: the conversation and the county action-plan handout (Markdown and PDF), and quiz PDFs.

PDFs embed a Chinese TrueType font (the glyphs used, subset by reportlab) when one is on the machine:
``ADVISOR_PATHS_PDF_FONT``, else Debian's WenQuanYi or Droid fonts. A PDF with an embedded font prints the
same everywhere, also where no Chinese font is installed. Without one, reportlab's CID font STSong-Light
is referenced (Adobe's Asian font pack, not embedded): most viewers substitute a font for it. Untrusted
text (questions, answers, quotes) is escaped before it reaches reportlab's paragraph markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from advisor.answer import Answer, CountyCard
from advisor.domain import TIER_LABELS, Language
from advisor.planning import PlanResult
from advisor.quiz import Quiz, render_quiz_markdown
from advisor.rules import DIMENSION_TITLES

CID_FONT = "STSong-Light"
EMBEDDED_FONT = "AdvisorCJK"
#: TrueType fonts with Chinese glyphs that reportlab can embed (CFF-based OpenType such as Noto CJK it cannot).
FONT_FILES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
)
SOURCE_ZH = "裴彩利（2026）《乡村振兴视角下农村电商可持续发展策略研究》"
SOURCE_EN = "Pei Caili (2026), Research on Sustainable Development Strategies of Rural E-Commerce"
APP_ZH, APP_EN = "乡村电商参谋", "Rural E-commerce Advisor"
_REGION = {
    "zh": {"east": "东部", "central": "中部", "west": "西部", "northeast": "东北"},
    "en": {"east": "the East", "central": "the Centre", "west": "the West", "northeast": "the Northeast"},
}
_CJK = re.compile(r"[\u3400-\u9fff]")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)]+)\)")


# -- shared wording -----------------------------------------------------------------------------------


def tier_reason(card: CountyCard, lang: Language) -> str:
    """One line: why the county has its tier (the paper's §5.1 principle)."""
    label = TIER_LABELS[card.tier][lang]
    region = _REGION[lang][card.tier]
    if lang == "zh":
        return f"{card.province}按东、中、西部的通常划分属于{region}；论文（§5.1）对{region}的原则是“{label}”。"
    place = (card.label_en or card.name_en or card.full_name).split(", ")[-1]
    return f'{place} is in {region} under the usual East/Centre/West division; the paper\'s principle there (§5.1) is "{label}".'


def county_title(card: CountyCard, lang: Language) -> str:
    return (card.label_zh or card.full_name) if lang == "zh" else (card.label_en or card.name_en or card.full_name)


# -- Markdown -------------------------------------------------------------------------------------------


def _demote(markdown: str, levels: int = 2) -> str:
    return re.sub(r"^(#{1,4}) ", lambda m: "#" * min(6, len(m.group(1)) + levels) + " ", markdown, flags=re.M)


def citations_markdown(answer: Answer) -> str:
    zh = answer.language == "zh"
    lines = []
    for c in answer.citations:
        ref = c.source_label or c.source_id
        head = f"[{c.marker}] {ref} — §{c.section} {c.section_title}".rstrip()
        lines += [head, "", f"> {c.quote}"]
        if c.translation:
            lines += [">", f"> {'英文' if zh else 'EN'}: {c.translation}"]
        if c.cites:
            lines += ["", ("论文在此引用：" if zh else "The paper cites here: ") + "; ".join(c.cites)]
        lines.append("")
    return "\n".join(lines)


def conversation_markdown(answers: Sequence[Answer | dict[str, Any]], lang: Language = "zh") -> str:
    """The whole conversation, each answer followed by its sources."""
    zh = lang == "zh"
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    out = [f"# {APP_ZH if zh else APP_EN} · {'对话记录' if zh else 'Conversation'}", "",
           f"{'导出时间' if zh else 'Exported'}: {stamp}", ""]  # fmt: skip
    for i, item in enumerate(answers, 1):
        a = item if isinstance(item, Answer) else Answer.model_validate(item)
        out += [f"## {'问' if zh else 'Q'} {i}: {a.question}", ""]
        if a.county:
            out += [f"*{county_title(a.county, lang)} · {TIER_LABELS[a.county.tier][lang]}*", ""]
        out += [_demote(a.answer.strip()), ""]
        if a.citations:
            out += [f"### {'引用' if zh else 'Sources'}", "", citations_markdown(a)]
    out += ["---", "", f"{'依据' if zh else 'Source'}: {SOURCE_ZH if zh else SOURCE_EN}", ""]
    return "\n".join(out)


def handout_markdown(plan: PlanResult, lang: Language | None = None, per_dimension: int = 3) -> str:
    """A one-page action plan: the first measures of each dimension, each with its section and quote."""
    lang = lang or plan.language
    zh = lang == "zh"
    label = TIER_LABELS[plan.tier][lang]
    where = county_title(plan.county, lang) if plan.county else label
    out = [f"# {APP_ZH if zh else APP_EN} · {'县域行动计划' if zh else 'County action plan'}", "",
           f"## {where} · {label}", ""]  # fmt: skip
    if plan.county:
        out += [tier_reason(plan.county, lang), ""]
        note = plan.county.note if zh else plan.county.note_en
        if note:
            out += [f"> {note}", ""]
    groups: dict[str, list[dict[str, Any]]] = {}
    for s in plan.strategies:
        groups.setdefault(s["dimension"], []).append(s)
    sources: list[str] = []
    for dim, items in groups.items():
        out += [f"### {DIMENSION_TITLES[dim][lang]}", ""]  # type: ignore[index]
        for s in items[:per_dimension]:
            sources.append(_source_line(len(sources) + 1, s, lang))
            out.append(f"- {s['text']} [{len(sources)}]")
        out.append("")
    out += ["---", "", f"{'依据' if zh else 'Source'}: {SOURCE_ZH if zh else SOURCE_EN}", "", *sources, ""]
    return "\n".join(out)


def _source_line(n: int, strategy: dict[str, Any], lang: Language) -> str:
    """'[n] §5.1' — with the paper's words only where they are not the action's own (each action printed once)."""
    quote, text = strategy["quote"], strategy["text"]
    same = _squash(quote) in _squash(text) or _squash(text) in _squash(quote)
    original = "" if same else (f"：“{quote}”" if lang == "zh" else f': "{quote}"')
    return f"[{n}] §{strategy['section']}{original}"


def _squash(text: str) -> str:
    return re.sub(r"[\s，。、“”\"'；;,.:：]", "", text)


# -- PDF ------------------------------------------------------------------------------------------------


def _styles(base_size: float) -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    lead = base_size * 1.45
    body = ParagraphStyle("body", fontName=pdf_font(), fontSize=base_size, leading=lead, spaceAfter=base_size * 0.35)
    return {
        "h1": ParagraphStyle("h1", parent=body, fontSize=base_size * 1.7, leading=base_size * 2.2, spaceAfter=base_size * 0.6),
        "h2": ParagraphStyle("h2", parent=body, fontSize=base_size * 1.35, leading=base_size * 1.8, spaceBefore=base_size * 0.5),
        "h3": ParagraphStyle("h3", parent=body, fontSize=base_size * 1.12, leading=base_size * 1.6, spaceBefore=base_size * 0.4,
                             textColor=colors.HexColor("#14532d")),
        "body": body,
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=base_size * 1.2, bulletIndent=base_size * 0.3),
        "quote": ParagraphStyle("quote", parent=body, leftIndent=base_size * 1.2, textColor=colors.HexColor("#374151"),
                                borderPadding=2),
    }  # fmt: skip


@lru_cache(maxsize=1)
def pdf_font() -> str:
    """Register the PDF font once: the embedded TrueType font's name, else the CID font's."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    from advisor.settings import get_settings

    chosen = get_settings().paths.pdf_font
    for path in [chosen] if chosen else [p for p in FONT_FILES if p.is_file()]:
        try:
            pdfmetrics.registerFont(TTFont(EMBEDDED_FONT, str(path), subfontIndex=0))
            name = EMBEDDED_FONT
            break
        except (TTFError, OSError) as exc:
            if chosen:
                from advisor.errors import ConfigError

                raise ConfigError(f"ADVISOR_PATHS_PDF_FONT {path} is not a usable TrueType font ({exc}).",
                                  hint="name a .ttf/.ttc file, e.g. Debian's fonts-wqy-microhei, or unset it") from exc  # fmt: skip
    else:
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
        name = CID_FONT
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)
    return name


def _inline(text: str) -> str:
    """Escape for reportlab markup, then keep **bold** and drop link targets."""
    text = _LINK.sub(r"\1", text)
    safe = html.escape(text, quote=False)
    return _BOLD.sub(r"<b>\1</b>", safe)


def markdown_flowables(markdown: str, base_size: float = 10.5) -> list[Any]:
    """A small Markdown subset (headings, bullets, quotes, paragraphs, rules) as reportlab flowables."""
    from reportlab.platypus import HRFlowable, Paragraph, Spacer

    styles = _styles(base_size)
    flow: list[Any] = []
    for raw in markdown.splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        heading = re.match(r"^(#{1,6}) (.*)$", line)
        if heading:
            level = min(len(heading.group(1)), 3)
            style, text = styles[f"h{level}"], heading.group(2)
        elif re.match(r"^\s*[-*] ", line):
            style, text = styles["bullet"], re.sub(r"^\s*[-*] ", "", line)
        elif re.match(r"^\s*\d+\. ", line):
            style, text = styles["bullet"], line.strip()
        elif line.startswith(">"):
            style, text = styles["quote"], line.lstrip("> ").strip()
            if not text:
                continue
        elif line.strip() == "---":
            flow += [Spacer(1, base_size * 0.3), HRFlowable(width="100%", thickness=0.5), Spacer(1, base_size * 0.3)]
            continue
        else:
            style, text = styles["body"], line.strip()
        style.wordWrap = "CJK" if _CJK.search(text) else None
        bullet = "•" if style is styles["bullet"] and not re.match(r"^\d+\. ", text) else None
        flow.append(Paragraph(_inline(text), style, bulletText=bullet))
    return flow


def _document(buffer: BytesIO, title: str) -> Any:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    return SimpleDocTemplate(buffer, pagesize=A4, title=title, author=f"{APP_ZH} · {APP_EN}",
                             leftMargin=16 * mm, rightMargin=16 * mm, topMargin=14 * mm, bottomMargin=14 * mm)  # fmt: skip


def markdown_pdf(markdown: str, title: str = APP_ZH) -> bytes:
    """Any Markdown (conversation, quiz) as a multi-page PDF."""
    pdf_font()
    buffer = BytesIO()
    _document(buffer, title).build(markdown_flowables(markdown))
    return buffer.getvalue()


def one_page_pdf(markdown: str, title: str) -> bytes:
    """Markdown shrunk to fit on one A4 page (the handout)."""
    from reportlab.platypus import KeepInFrame

    pdf_font()
    buffer = BytesIO()
    doc = _document(buffer, title)
    frame = KeepInFrame(doc.width, doc.height, markdown_flowables(markdown, base_size=10), mode="shrink")
    doc.build([frame])
    return buffer.getvalue()


def conversation_pdf(answers: Sequence[Answer | dict[str, Any]], lang: Language = "zh") -> bytes:
    return markdown_pdf(conversation_markdown(answers, lang), title=f"{APP_ZH} · {APP_EN}")


def handout_pdf(plan: PlanResult, lang: Language | None = None) -> bytes:
    lang = lang or plan.language
    where = county_title(plan.county, lang) if plan.county else TIER_LABELS[plan.tier][lang]
    return one_page_pdf(handout_markdown(plan, lang), title=f"{where} · {APP_ZH}")


def quiz_pdf(quiz: Quiz, *, with_key: bool = True) -> bytes:
    return markdown_pdf(render_quiz_markdown(quiz, with_key=with_key), title=quiz.title)
