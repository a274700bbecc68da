"""Finding place names inside a text, and fuzzy suggestions, over a built `NameIndex`.

Pure functions over the read-only index: scanning yields every candidate span (overlaps included) and
the caller picks; kept apart from the index build so each stays short and testable on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from advisor.places.index import NameIndex, norm_latin


@dataclass(frozen=True, slots=True)
class Span:
    """A name found in a text: character span, the key, and whether it is a known place or out of scope."""

    start: int
    end: int
    key: str
    script: Literal["zh", "latin"]
    oos: bool
    text: str


_LATIN_WORD = re.compile(r"[A-Za-zÜü]+")
MAX_LATIN_WORDS = 6
#: A name of several words this long is no common English word, capitalised or not ("inner mongolia" in a text
#: that capitalises other names); a shorter or one-word key must be capitalised there ("he", "an", "ping an").
MIN_UNCAPITALISED_KEY = 10


def scan_zh(text: str, index: NameIndex) -> list[Span]:
    """Every Chinese key occurring in `text` (overlaps included; the caller picks)."""
    spans: list[Span] = []
    first, zh, oos = index.zh_first, index.zh, index.oos_zh
    n = len(text)
    for i, ch in enumerate(text):
        longest = first.get(ch)
        if not longest:
            continue
        for length in range(min(longest, n - i), 1, -1):
            piece = text[i : i + length]
            if piece in zh or piece in oos:
                spans.append(Span(i, i + length, piece, "zh", piece not in zh, piece))
    return spans


def scan_latin(text: str, index: NameIndex, need_capital: bool) -> list[Span]:
    """Runs of one to six words whose joined letters form a pinyin / English key (Dingxi; Leishan County); where
    names must be capitalised, a run that is not only when it is several words and long ("inner mongolia")."""
    words = [(m.start(), m.end(), m.group()) for m in _LATIN_WORD.finditer(text)]
    spans: list[Span] = []
    for i, (start, _, word) in enumerate(words):
        lowercase = need_capital and not word[0].isupper()
        found = len(spans)
        key = ""
        for j in range(i, min(i + MAX_LATIN_WORDS, len(words))):
            key += norm_latin(words[j][2])
            if lowercase and (j == i or len(key) < MIN_UNCAPITALISED_KEY) and not _province(key, index):
                continue
            if key in index.latin or key in index.oos_latin:
                end = words[j][1]
                spans.append(Span(start, end, key, "latin", key not in index.latin, text[start:end]))
        misspelt = _misspelt_province(word, index) if word[0].isupper() and len(spans) == found else None
        if misspelt:
            spans.append(Span(start, start + len(word), misspelt, "latin", False, word))
    return spans


#: A capitalised word this long or longer, one typo off a province's name, names it ("Heilongjang", "Guizou",
#: "Heilongjaing").
MISSPELT_PROVINCE_MIN = 6


def _misspelt_province(word: str, index: NameIndex) -> str | None:
    """The province a capitalised word names with one letter wrong, left out, added or swapped with the next, if
    exactly one."""
    key = norm_latin(word)
    if len(key) < MISSPELT_PROVINCE_MIN or key in index.latin:
        return None
    near = {k for k in index.province_latin if edit_distance(key, k, 1) <= 1}
    return near.pop() if len(near) == 1 else None


def _province(key: str, index: NameIndex) -> bool:
    """Whether a pinyin key names only provinces ("in zhejiang"): no common English word, capitalised or not."""
    hits = index.latin.get(key, [])
    return bool(hits) and all(index.entries[i].unit.level == "province" for _, i in hits)


def pick_spans(spans: list[Span]) -> list[Span]:
    """Longest spans first, then leftmost; drop anything overlapping a span already taken."""
    taken: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= t.start or span.start >= t.end for t in taken):
            taken.append(span)
    return sorted(taken, key=lambda s: s.start)


# ---------------------------------------------------------------------------------------------
# Fuzzy suggestions
# ---------------------------------------------------------------------------------------------


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edit distance counting two neighbouring letters swapped as one typo ("Heilongjaing"), as a letter wrong, left
    out or added is; giving up (returning limit + 1) once every path exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cost = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            cur.append(cost)
        if min(cur) > limit and min(prev) >= limit:  # a swap reaches back one row, adding one
            return limit + 1
        before, prev = prev, cur
    return min(prev[-1], limit + 1)


def cuts_a_word(text: str, span: Span) -> bool:
    """Whether a Chinese name found in a text cuts one of the dictionary's words in two: 和政 (a county) in
    "平台驱动型和政府…" ends inside 政府. Only jieba's dictionary words count (no guessed words: "在和政种花椒" is
    in 和政), so a name next to an ordinary word stays a name."""
    return any(start < span.start < end or start < span.end < end for start, end in _dictionary_word_spans(text))


def is_a_word(text: str, span: Span) -> bool:
    """Whether the dictionary reads a Chinese name as a word of its own in the text: 曹县 in "听说论文里说曹县…"
    is one (听说/论文/里/说/曹县), 和县 in "乡镇和县城" is not (和/县城)."""
    return (span.start, span.end) in _dictionary_word_spans(text)


@lru_cache(maxsize=64)
def _dictionary_word_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of jieba's dictionary words in `text`: the search's jieba, with the domain's words, so the
    answer does not depend on what ran first. Segmented once per text, however many names in it are checked."""
    from advisor.knowledge.tokens import dictionary_words  # jieba is loaded only when a bare name needs checking

    spans, position = [], 0
    for word in dictionary_words(text):
        spans.append((position, position + len(word)))
        position += len(word)
    return tuple(spans)
