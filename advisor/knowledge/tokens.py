"""Words for BM25: the tokenizer, its stopword tables, and the query-side vocabulary bridge.

Why a module of its own: the same tokens decide BM25 matching (retrieval), the coverage check and the
overlap scoring of composed answers, so they must come from one place; retrieval re-exports
``tokenize`` for its callers.

Why a bridge: farmers say 网上卖货 / "selling online" where the paper writes 电商 / "e-commerce", and
BM25 only matches words that are there. ``corpus/rules/query_terms.yaml`` maps such everyday words to
the paper's terms; ``query_tokens`` adds those terms to a *question's* BM25 tokens (never to documents,
and never to the text dense search embeds), so an unmatched question still ranks on its own words.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from advisor.errors import ConfigError
from advisor.knowledge.segment import segmenter
from advisor.knowledge.spelling import respell
from advisor.language import to_simplified
from advisor.settings import get_settings

_ZH_STOP = {
    "的", "了", "是", "在", "我", "我们", "你", "怎么", "怎样", "如何", "什么", "吗", "呢", "吧", "啊", "和", "与", "及", "或", "有", "要", "能",
    "会", "对", "把", "让", "给", "这", "那", "哪些", "一个", "还", "就", "都", "也", "为", "被",
}  # fmt: skip
_EN_STOP = {
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "is", "are", "was", "were", "be", "been", "do",
    "does", "did", "how", "what", "which", "who", "why", "when", "where", "i", "we", "you", "our", "my", "your", "it",
    "its", "this", "that", "these", "those", "with", "by", "from", "at", "as", "can", "could", "should", "would",
    "will", "about", "there", "their", "they", "them", "me", "us", "any", "some", "into", "than", "then", "so", "if",
    "not", "no",
}  # fmt: skip
# Question fluff: words that say *that* something is asked, not *what* (they only add noise to BM25).
_ZH_STOP |= {
    "啥", "咋", "怎么办", "怎么样", "什么样", "为什么", "这种", "那种", "这个", "那个", "这些", "那些", "哪", "哪里", "哪儿", "哪个", "几", "多少",
    "到底", "算", "么", "呀", "嘛", "哦", "还是", "是不是", "能不能", "有没有", "可以", "应该", "一下", "一些", "情况", "普遍", "问题", "常见", "大家",
    "他们", "自己", "咱们", "俺",
}  # fmt: skip
_EN_STOP |= {
    "what's", "whats", "i'm", "im", "has", "have", "had", "having", "am", "being", "more", "most", "other", "such",
    "only", "own", "too", "very", "just", "also", "after", "before", "both", "each", "few", "further", "here",
    "once", "over", "under", "again", "all", "because", "between", "during", "he", "she", "her", "him", "his",
    "nor", "off", "out", "up", "while", "whom", "s", "t", "don't", "doesn't", "can't", "cannot", "really", "still",
    "even", "much", "many", "lot", "lots", "kind", "kinds", "sort", "way", "ways",
}  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+(?:[.'-][a-z0-9]+)*")
#: British -ise/-isation spellings fold to -ize (the English rendering writes "optimize", askers may not).
_BRITISH = re.compile(r"(?<=[a-z]{4})is(e|es|ed|ing|ation|ations)$")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


def _stem(word: str) -> str:
    """A light, consistent English stemmer: village/villages/villager share 'villag'."""
    if len(word) <= 4:
        return word
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith(("sses", "ches", "shes", "xes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed", "er", "e"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _word(word: str) -> str | None:
    """One Latin word as a BM25 token, or None for a stopword ("farmer's" -> "farm", "optimise" -> "optimiz")."""
    if word in _EN_STOP:
        return None
    if word.endswith("'s"):
        word = word[:-2]
        if word in _EN_STOP:
            return None
    return _stem(_BRITISH.sub(r"iz\1", word))


def tokenize(text: str) -> list[str]:
    """Tokens for BM25: jieba words for Chinese runs, stemmed words for Latin text."""
    text = to_simplified(text).lower().replace("\u2019", "'")
    tokens = [t for run in _CJK_RUN.findall(text) for t in segmenter().lcut_for_search(run) if t not in _ZH_STOP]
    words = _WORD.findall(text)
    words += [part for word in words if "-" in word for part in word.split("-") if len(part) > 1]  # big-data: big, data
    tokens += [t for t in map(_word, words) if t]
    return tokens


def specific_tokens(text: str, ignore: Collection[str]) -> set[str]:
    """A text's tokens that can tell one subject from another: not in ``ignore`` (generic words, a place's name),
    longer than a character."""
    return set(_specific(text, ignore))


def _specific(text: str, ignore: Collection[str]) -> Iterator[str]:
    return (t for t in tokenize(text) if t not in ignore and len(t) > 1)


def is_pronoun(words: str) -> bool:
    """Whether jieba reads words as pronouns only ("其中", "其他", "这些"): words of grammar, which name nothing."""
    tags = _tags(words)
    return bool(tags) and all(tag == "r" for tag in tags)


def is_common_noun(word: str) -> bool:
    """Whether jieba reads a Chinese word as one common noun (农业县, 贫困县, 山区县), not a name (雷山县, 曹县) or
    pieces (火星 + 县): an unknown word shaped like a place name that is a common noun names no place."""
    tags = _tags(word)
    return len(tags) == 1 and tags[0] == "n"


def is_common_word(word: str) -> bool:
    """Whether jieba reads a Chinese word as one common noun or verb ("评论", "直播", "留言"), not a name ("青龙" ns,
    "花果山" nr): what an area named after it ("评论区", "直播区") is for, where a district is named after a place."""
    tags = _tags(word)
    return len(tags) == 1 and tags[0] in ("n", "vn", "v")


#: Parts of speech (jieba's tags) that make a clause say something: verbs, adjectives, adverbs, idioms, prepositions;
#: and English words, whose part jieba does not tell.
_PREDICATE_TAGS = ("v", "a", "d", "l", "i", "p", "eng")


def is_noun_phrase(text: str) -> bool:
    """Whether a Chinese clause only names something ("河南兰考县的农村物流体系", "电商这块"), saying nothing of it (no
    verb, adjective, adverb …: "冷链基本没有", "网络也不行" say how things are)."""
    tags = _tags(text)
    return bool(tags) and not any(tag.startswith(_PREDICATE_TAGS) for tag in tags)


#: Parts of speech (jieba's tags) of words that name no thing: verbs, adverbs, pronouns, time words, conjunctions,
#: particles, prepositions ("想确认", "已经", "这边", "现在", "但是"); not verbal nouns ("直播").
_FRAMING_TAGS = ("v", "d", "r", "t", "c", "u", "y", "p")


def framing_words(text: str) -> set[str]:
    """The words of a Chinese text that name no thing, read in context: how the user puts a claim ("想确认一下…",
    "…已经成了…", "咱西部这边…"), not what it is about."""
    return {word for word, tag in _words(text) if tag.startswith(_FRAMING_TAGS) and not tag.startswith("vn")}


#: jieba's tags of proper names: places, persons (and their transliterations), organisations.
_NAME_TAGS = ("ns", "nr", "nt")
#: A Latin word written with a capital inside a sentence ("Zhejiang", "Weber"; not an acronym, not "I").
_CAPITALISED = re.compile(r"(?<![A-Za-z])[A-Z][a-z]{2,}(?![A-Za-z])")
#: What ends a sentence, after which a capital is only the sentence's.
_SENTENCE_START = re.compile(r"(?:^|[.?!:;。？！：；])\s*$")


def proper_names(text: str) -> set[str]:
    """The names of persons, places and bodies a text writes: jieba's name words in Chinese ("法国", "拉图尔",
    "浙江大学"), and Latin words capitalised inside a sentence ("by Max Weber", "Zhejiang University"; not "Is it
    true…", whose capital is the sentence's)."""
    latin = {m.group() for m in _CAPITALISED.finditer(text) if not _SENTENCE_START.search(text[: m.start()])}
    return latin | {word for word, tag in _words(text) if tag.startswith(_NAME_TAGS) and _CJK_RUN.match(word)}


def dictionary_words(text: str) -> list[str]:
    """jieba's words of a text from its dictionary alone (the domain's words added), none guessed."""
    return list(segmenter().lcut(text, HMM=False))


def names_a_thing(text: str) -> bool:
    """Whether a clause names a thing (a noun, an English word, things counted): "谁提出来的", "具体怎么做", "为啥" name
    none, so they ask of what the clause before them named."""
    return any(
        tag.startswith(("n", "vn", "an", "eng", "b")) or (tag == "m" and not _ASKED_NUMBER.match(word))
        for word, tag in _words(text)
    )  # a number counts things ("那五句总要求是哪五句"), unless it asks one (多少, 几个)


_ASKED_NUMBER = re.compile(r"多少|几")

#: Words pointing back at what was just named (grammar, both languages): "它那五个总要求", "its main argument".
_POINTING_BACK = re.compile(r"(?:它|它们|其|it|its|they|their|them)", re.I)


def points_back_by_pronoun(text: str) -> bool:
    """Whether a clause speaks of what the clause before it named, by a pronoun ("它那五个总要求具体是哪五个", "and
    who proposed it"), though it may name a thing of its own."""
    return any((tag.startswith("r") or tag == "eng") and _POINTING_BACK.fullmatch(word) for word, tag in _words(text))


def things_named(text: str, ignore: Collection[str]) -> str:
    """The words of a text that tell its subject (``specific_tokens``), in their order: what a pronoun after it
    points at ("论文里“乡村振兴战略”是咋定义的" → "乡村振兴 战略 定义")."""
    return " ".join(dict.fromkeys(_specific(text, ignore)))


#: Words that join the things of a list ("网络跟物流", "人才和资金", "网络、物流、品牌"), and the parts of speech
#: (jieba's tags) of the things a list may join: nouns, verbal nouns, abbreviations, English words.
_JOINERS = frozenset(["和", "跟", "与", "同", "及", "以及", "、", "还有", "+", "&", "and"])
_THING_TAGS = ("n", "vn", "j", "eng")


def coordinated(text: str) -> list[list[str]]:
    """The lists of things a text joins ("网络跟物流要先做什么" → [["网络", "物流"]], "infra + logistics + brand"): runs
    of nouns (or English words) joined by 和/跟/与/、/+/&/and…, read by jieba's part-of-speech tags ("直播跟网店" →
    网店 only: 直播 is read as a verb)."""
    if not any(joiner in text for joiner in _JOINERS):
        return []  # no list without a joining word: no tagging needed
    words = _words(text)
    lists: list[list[str]] = []
    run: list[str] = []
    for n, (word, tag) in enumerate(words):
        joined = n > 0 and words[n - 1][0] in _JOINERS and bool(run)
        if tag.startswith(_THING_TAGS) and word not in _JOINERS:
            run = [*run, word] if joined else [word]
            if len(run) == 2:
                lists.append(run)
            elif len(run) > 2:
                lists[-1] = run
        elif word not in _JOINERS:
            run = []
    return lists


def _tags(text: str) -> list[str]:
    """jieba's part-of-speech tag of each word of a text (its tables are read on first use, ~0.2 s)."""
    return [tag for _, tag in _words(text)]


def _words(text: str) -> list[tuple[str, str]]:
    import jieba.posseg

    segmenter()
    return [(w.word, w.flag) for w in jieba.posseg.cut(to_simplified(text)) if w.word.strip()]


class QueryTerm(BaseModel):
    """Everyday phrases (``say``) that stand for the paper's own terms (``paper``)."""

    model_config = ConfigDict(extra="forbid")

    paper: list[str] = Field(min_length=1)
    say: list[str] = Field(min_length=1)
    #: Words right before a phrase that make it another entry's ("数字" before 基础设施 is the paper's 数字基础设施).
    not_after: list[str] = []


class QueryTerms(BaseModel):
    """The bridge file: entries for Chinese and for English phrases."""

    model_config = ConfigDict(extra="forbid")

    zh: list[QueryTerm] = []
    en: list[QueryTerm] = []


@lru_cache(maxsize=4)
def _bridge(path: Path) -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    """(pattern of the everyday phrases, the paper terms' tokens) per entry of the bridge file."""
    try:
        terms = QueryTerms.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"Cannot load the query-term bridge {path}: {exc}", hint="fix or restore the file") from exc
    entries = []
    for lang, items in (("zh", terms.zh), ("en", terms.en)):
        for item in items:
            phrases = sorted({to_simplified(s).lower().strip() for s in item.say if s.strip()}, key=len, reverse=True)
            # English phrases match at a word start ("ship" finds "shipping", not "township").
            lead = "" if lang == "zh" else r"(?<![a-z0-9])"
            lead += "".join(f"(?<!{re.escape(to_simplified(w).lower())})" for w in item.not_after)
            pattern = re.compile(lead + "(?:" + "|".join(map(re.escape, phrases)) + ")")
            entries.append((pattern, tuple(tokenize(" ".join(item.paper)))))
    return tuple(entries)


def query_tokens(text: str, path: Path | None = None) -> list[str]:
    """BM25 tokens of a question: its own tokens, then the paper's terms for any everyday phrase in it
    (the bridge: ``query_terms.yaml`` of the configured corpus, ``paths.rules_dir``, unless ``path``); a misspelt
    English word as the sources' word it was meant to be (``spelling.respell``)."""
    text = respell(text)
    return tokenize(text) + bridged_terms(text, path)


def bridged_terms(text: str, path: Path | None = None) -> list[str]:
    """The paper's terms (as tokens) for the everyday phrases in a text ("牌子" → 品牌): the words the paper would
    have used. Topic words are read through them too (``understand.topics_named``)."""
    folded = to_simplified(text).lower().replace("\u2019", "'")
    return list(
        dict.fromkeys(t for pattern, tokens in _configured_bridge(path) if pattern.search(folded) for t in tokens)
    )


def has_paper_term(word: str, path: Path | None = None) -> bool:
    """Whether the bridge gives the paper's own term for an everyday word (快递 → 物流): a claim in that word is not
    one the sources never speak of."""
    folded = to_simplified(word).lower()
    return any(pattern.search(folded) for pattern, _ in _configured_bridge(path))


def _configured_bridge(path: Path | None) -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    return _bridge(path or get_settings().paths.rules_dir / "query_terms.yaml")
