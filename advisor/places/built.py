"""The public place models, built from the index's entries and the tier rules: each place's tier, region, notes and
English names (the conventional one where the rules give it: Kashgar, not Kashi)."""

from __future__ import annotations

from advisor.places.index import Entry
from advisor.places.names import Place
from advisor.places.tiers import TierRules


def places_of(entries: list[Entry], rules: TierRules) -> list[Place]:
    """Public models for the entries, with tier, region and notes from the rules."""
    stems_en = {e.unit.name: _stem_en(e, rules) for e in entries if e.unit.level != "county"}
    notes = {n.prefecture: n for n in rules.notes}
    northeast = rules.explanations["northeast"]
    places = []
    for e in entries:
        unit, rule = e.unit, rules.provinces[e.unit.province]
        note = notes.get(unit.prefecture or "")
        zh = [t for t in (note and note.zh, rule.region4 == "northeast" and northeast.zh) if t]
        en = [t for t in (note and note.en, rule.region4 == "northeast" and northeast.en) if t]
        name_en = _stem_en(e, rules) + e.name_en.removeprefix(e.stem_en)  # Kashgar Prefecture, not Kashi Prefecture
        places.append(
            Place(
                name=e.short, full_name=unit.name, level=unit.level, province=unit.province,
                prefecture=unit.prefecture, code=unit.code, tier=rule.tier, region4=rule.region4,
                note="\n".join(zh) or None, note_en="\n".join(en) or None, name_en=name_en,
                province_en=rule.en, prefecture_en=stems_en.get(unit.prefecture or ""),
            )
        )  # fmt: skip
    return places


def _stem_en(entry: Entry, rules: TierRules) -> str:
    """A place's English name without its kind: the conventional one where there is one (Kashgar, not Kashi)."""
    conventional = rules.exonyms.get(entry.unit.name)
    return conventional[0] if conventional else entry.stem_en
