"""Suggestions for a place name the gazetteer does not know ("雷三县" → 雷山县（贵州省）, "Leishen" → Leishan County
(Guizhou)): edit distance on the names' stems, among names sharing a character (Chinese) or the first letter (pinyin).
Each suggestion is a label that ``Gazetteer.resolve`` accepts back."""

from __future__ import annotations

import re

from advisor.places import index as gi
from advisor.places import scan as gs
from advisor.places.names import Place

MAX_SUGGESTIONS = 5
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ZH_SUFFIX = re.compile(r"(?:自治县|自治州|自治旗|自治区|地区|林区|特区|县|区|市|州|旗|盟|省)$")
_LATIN_SUFFIX = re.compile(
    r"(?:autonomous)?(?:county|district|city|prefecture|banner|league|province|region|xian|qu|shi|zhou|qi|sheng)$"
)


def within(unit: gi.Unit, names: set[str]) -> bool:
    """Whether a unit is one of these names or lies inside one of them (its province or prefecture)."""
    return unit.name in names or unit.province in names or unit.prefecture in names


class Suggester:
    """Close names for a miss; its lookup tables are built on first use (most queries never miss)."""

    def __init__(self, index: gi.NameIndex, places: list[Place], t2s: gi.ConverterLike) -> None:
        self._index = index
        self._places = places
        self._t2s = t2s
        self._fuzzy_zh: dict[str, set[int]] | None = None
        self._fuzzy_latin: dict[str, list[tuple[str, int]]] | None = None

    def suggest(self, text: str, inside: set[str] | None) -> list[str]:
        """Close names for a miss: edit distance on stems, sharing characters (zh) or first letter (pinyin)."""
        scored = self._fuzzy_zh_hits(text) if _CJK.search(text) else self._fuzzy_latin_hits(text)
        entries = self._index.entries
        if inside is not None:
            scored = [(d, i) for d, i in scored if within(entries[i].unit, inside)]
        scored.sort(key=lambda s: (s[0], -gi.LEVEL_RANK[entries[s[1]].unit.level], entries[s[1]].unit.code))
        out: list[str] = []
        for _, i in scored:
            label = self.label(entries[i], text)
            if label not in out:
                out.append(label)
        return out[:MAX_SUGGESTIONS]

    def label(self, entry: gi.Entry, text: str) -> str:
        """雷山县（贵州省） or 'Leishan County (Guizhou)': a label that resolve() accepts back."""
        place = self._places[entry.idx]
        if _CJK.search(text):
            return place.name if place.level == "province" else f"{place.name}（{place.province}）"
        return place.name_en if place.level == "province" else f"{place.name_en} ({place.province_en})"

    def _fuzzy_zh_hits(self, text: str) -> list[tuple[int, int]]:
        if self._fuzzy_zh is None:
            table: dict[str, set[int]] = {}
            for e in self._index.entries:
                for ch in e.stem:
                    table.setdefault(ch, set()).add(e.idx)
            self._fuzzy_zh = table
        core = _ZH_SUFFIX.sub("", self._t2s.convert(re.sub(r"\s+", "", text))) or text
        limit = max(1, len(core) // 2)
        pool = set().union(*(self._fuzzy_zh.get(ch, set()) for ch in core))
        entries = self._index.entries
        scored = [(gs.edit_distance(core, entries[i].stem, limit), i) for i in pool]
        return [(d, i) for d, i in scored if d <= limit]

    def _fuzzy_latin_hits(self, text: str) -> list[tuple[int, int]]:
        if self._fuzzy_latin is None:
            table: dict[str, list[tuple[str, int]]] = {}
            for e in self._index.entries:
                stem = gi.norm_latin("".join(e.syllables[: len(e.stem)]))
                if e.unit.level == "province":
                    stem = gi.norm_latin(e.stem_en)
                table.setdefault(stem[:1], []).append((stem, e.idx))
            self._fuzzy_latin = table
        core = _LATIN_SUFFIX.sub("", gi.norm_latin(text)) or gi.norm_latin(text)
        limit = 1 if len(core) <= 5 else 2
        scored = [(gs.edit_distance(core, stem, limit), i) for stem, i in self._fuzzy_latin.get(core[:1], [])]
        return [(d, i) for d, i in scored if d <= limit]
