"""Units no sentence of the paper states in words people ask with: the title page's facts (author, dates,
licence) and what each part of the paper consists of (from its headings). Each quotes the paper's own line."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from advisor.answering.evidence import Unit, UnitType, parent_section
from advisor.knowledge.chunking import Chunk

#: Where the front-matter facts are quoted from (the paper's own title page).
AUTHOR_QUOTE = "裴彩利，江苏大学马克思主义学院"
LICENCE_QUOTE = (
    "Copyright © 2026 by author(s) and Hans Publishers Inc. This work is licensed under the Creative Commons "
    "Attribution International License (CC BY 4.0)."
)


DATES_QUOTE = "收稿日期: 2026年3月25日; 录用日期: 2026年4月10日; 发布日期: 2026年6月23日"


def front_units(meta: dict[str, object], render: Mapping[str, Callable[..., str]]) -> list[Unit]:
    """The paper's front matter (author, affiliation, dates, publisher, licence) as labelled facts: the title page
    says "裴彩利，江苏大学…" and "发布日期" without the words 作者/author or 什么时候发表, which people ask with."""
    facts = {str(k): str(v) for k, v in meta.items()}
    units = []
    quoted = (("front_author", AUTHOR_QUOTE), ("front_dates", DATES_QUOTE), ("front_licence", LICENCE_QUOTE))
    for key, quote in quoted:
        zh, en = (render[lang](key, **_dated(facts, lang)) for lang in ("zh", "en"))
        units.append(Unit(f"front:{key}", "meta", "front", quote, zh, en, "rule"))
    return units


def _dated(facts: dict[str, str], lang: str) -> dict[str, str]:
    """The dates written as the title page writes them (2026年6月23日, June 23, 2026), so their numbers match it."""
    dated = dict(facts)
    for key in ("received", "accepted", "published"):
        day = date.fromisoformat(facts[key])
        dated[key] = f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else f"{day:%B} {day.day}, {day.year}"
    return dated


def outline_units(headings: list[Chunk], render: Mapping[str, Callable[..., str]]) -> list[Unit]:
    """What each part of the paper consists of, from its headings, quoting the part's own heading: "§3.3 …：平台
    驱动型可持续模式；政府引导 + 公共品牌型…；直播 + 短视频…" answers "which models does the paper describe",
    §5's answers "sum up its recommendations", the chapters "how is the paper structured". No sentence says so."""
    titles = {lang: {h.section: h.section_title for h in headings if h.lang == lang} for lang in ("zh", "en")}
    units = []
    for parent, quote in titles["zh"].items():
        children = [s for s in titles["zh"] if parent_section(s) == parent]
        if len(children) < 2:
            continue
        key = "outline_paper" if parent == "front" else "outline_section"
        text = {
            lang: render[lang](key, title=named.get(parent, quote), items=render[lang]("list_sep").join(
                named.get(c, titles["zh"][c]) for c in children))
            for lang, named in titles.items()
        }  # fmt: skip
        # the chapters answer questions about the paper ("how is it structured", the catalogue's "structure")
        typ: UnitType = "meta" if parent == "front" else "outline"
        section = "structure" if parent == "front" else parent
        units.append(Unit(f"outline:{parent}", typ, section, quote, text["zh"], text["en"], "paper"))
    return units
