"""Answers that are lists the paper's own structure gives: the reference list by year ("2026年的占几篇？最早的一篇是
哪年的") and a part of the paper with what each of its parts consists of ("一共几章？每章讲啥"). No sentence of the paper
says either; the counts and years shown are checked by the verifier against the entries listed under them
(``citations.items_shown``) and the entries' bibliographic facts, the parts quote their own headings."""

from __future__ import annotations

import re

from advisor.answering.draft import Phrases
from advisor.answering.evidence import EvidenceIndex, Unit, parent_section

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def by_year(entries: list[Unit]) -> list[tuple[str, list[Unit]]]:
    """Reference entries grouped by the year each was published (the first year its text gives), earliest first;
    entries with no year last, under ""."""
    groups: dict[str, list[Unit]] = {}
    for unit in entries:
        year = _YEAR.search(unit.quote)
        groups.setdefault(year[0] if year else "", []).append(unit)
    return sorted(groups.items(), key=lambda group: (not group[0], group[0]))


def entries_by_year(units: list[Unit], written: list[str], header: str, p: Phrases) -> list[str]:
    """The reference list (each entry as ``written``) after its first and last years, grouped by year, each year
    counted ("2026 年（8 条）：")."""
    as_written = dict(zip((id(u) for u in units), written, strict=True))
    groups = by_year(units)
    years = [year for year, _ in groups if year]
    lines = [p("reference_years", first=years[0], last=years[-1])] if len(years) > 1 else []
    lines.append(header)
    for year, entries in groups:
        one = p("reference_year", year=year)
        heading = p("reference_year_counted", year=year, n=len(entries)) if len(entries) > 1 else one
        lines += [heading if year else p("reference_no_year"), *(f"- {as_written[id(u)]}" for u in entries)]
    return lines


def parts_outlined(unit: Unit, ev: EvidenceIndex) -> list[Unit]:
    """What each part an outline lists holds, in the paper's order: its own outline, or — a part with no parts of its
    own (引言, 研究结论) — its sentence saying what the paper does there ("基于此，本文…构建…理论框架", "本文…得出以下
    结论：第一，…")."""
    if not unit.id.startswith("outline:"):
        return []
    whole = unit.id.removeprefix("outline:")
    parts = sorted({u.section for u in ev.units if u.source == "paper" and parent_section(u.section) == whole},
                   key=lambda section: [int(n) for n in section.split(".")])  # fmt: skip
    outlines = {u.id: u for u in ev.units if u.id.startswith("outline:")}
    held = [outlines.get(f"outline:{part}") or _says_what_it_does(part, ev) for part in parts]
    return [u for u in held if u is not None]


def _says_what_it_does(section: str, ev: EvidenceIndex) -> Unit | None:
    return next((u for u in ev.units if u.section == section and u.type in ("aim", "conclusion")), None)
