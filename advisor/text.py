"""The one text toolkit: sentences, script, numbers and words, the same everywhere.

Why one module: the composer picks a sentence, the citation card aligns its English rendering, the
evidence index embeds it and the verifier checks it. When each of them split sentences its own way, a
sentence picked by one was not a sentence to the other (the English of a quote came out as a whole
paragraph, a number check looked at the wrong span). Every module that needs sentences, numbers, the
script of a text or its words asks here.
"""

from __future__ import annotations

import re

from advisor.knowledge.tokens import tokenize

__all__ = [
    "clause_with", "has_cjk", "is_enumerated", "items_listed", "lists_in", "numbers", "points_back", "series_length",
    "split_sentences", "tokenize",
]  # fmt: skip

_CLOSERS = '”’"」』）)'
#: Where one sentence ends and the next begins (zero-width, so nothing is lost):
#: - after 。！？； (and after a closing quote or bracket that directly follows one);
#: - after . ! ? that follow two letters, digits, Chinese characters or closers ("M. Callon" and "U.S." stay
#:   whole; "…(农村电子商务). Rural…" ends one, "No. 1 Central Document" does not),
#:   before whitespace and a capital, digit, quote or bracket; after ; before whitespace (as 。；above);
#: - after ? or ! typed after Chinese, or before it ("…农村电商? 还有 policy…", "…works there? 我们…"); after ? or !,
#:   or a bracket closed and a full stop, before a word typed in lower case ("…look like? and also…", "(…herb). if i…");
#: - after a full stop ending a word of three or more letters typed in lower case, before another such word ("…measures
#:   instead. is that what…": users often do not capitalise), not after an abbreviation (etc., approx., dept., govt.);
#: - before an enumeration mark ①…⑩ inside a sentence, or the space before it (the paper lists measures that way).
_BREAK = re.compile(
    rf"(?<=[。！？；])(?![{_CLOSERS}])"
    rf"|(?<=[。！？；][{_CLOSERS}])"
    rf"|(?<=[A-Za-z0-9%\]{_CLOSERS}\u4e00-\u9fff]{{2}}[.!?])(?<!\bNo\.)(?=\s+[A-Z0-9\"“(])"
    rf"|(?<=[A-Za-z0-9%\]{_CLOSERS}]{{2}};)(?=\s)"
    r"|(?<=[\u4e00-\u9fff][?!])(?=\s*\S)|(?<=[A-Za-z0-9][?!])(?=\s*[\u4e00-\u9fff])"
    rf"|(?<=[A-Za-z0-9{_CLOSERS}][?!])(?=\s+[a-z])|(?<=[{_CLOSERS}]\.)(?=\s+[a-z]+\s)"
    r"|(?<=[a-z]{3}\.)(?<!\betc\.)(?<!approx\.)(?<!\bdept\.)(?<!\bgovt\.)(?=\s+[a-z]+\s)"
    r"|(?<=\S)(?=\s?[①②③④⑤⑥⑦⑧⑨⑩])"
)
#: A fragment this short ("（1）", "a.") belongs to the sentence before it.
_MIN_SENTENCE_CHARS = 4
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: Numbers that carry facts: section signs (§5.1), citation markers ([3]) and list numbers are not facts. A number
#: glued to Chinese ("增长了9.9%", "3万亿元") is one; only Latin letters and digits around it make it part of a word.
_NUMBER = re.compile(r"(?<![§A-Za-z0-9_.\[])\d+(?:[.,]\d+)?%?(?![\]A-Za-z0-9_])")


def split_sentences(text: str) -> list[str]:
    """The sentences of a paragraph in either language, stripped; short fragments join the one before."""
    sentences: list[str] = []
    for piece in _BREAK.split(text):
        piece = piece.strip()
        if not piece:
            continue
        if sentences and len(piece) < _MIN_SENTENCE_CHARS:
            sentences[-1] += piece
        else:
            sentences.append(piece)
    return sentences


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def numbers(text: str) -> list[str]:
    """The fact-carrying numbers of a text, as written ("9.9%", "2025", "1.2")."""
    return _NUMBER.findall(text)


_YEAR = re.compile(r"(?:19|20)\d\d")


def is_year(number: str) -> bool:
    """Whether a number (as ``numbers`` gives it) is a year: it says when, not how much ("2025", not "2025%")."""
    return _YEAR.fullmatch(number) is not None


def years(text: str) -> set[str]:
    """The years a text names ("2024年", "in 2025")."""
    return {n for n in numbers(text) if is_year(n)}


_CLAUSE_END = re.compile(r"[，,；;。！？!?]")
#: Where a clause ends and a colon too ("…想引用一句：文章是不是说过，…"): the break the readers of a message's
#: clauses share (instructions hidden in it, what a claim claims, what the user only tells).
CLAUSE_MARKS = "，,。？?！!；;：:"


#: The user speaking of themselves (grammar, both languages): "我", "咱们", "we", "our".
FIRST_PERSON = re.compile(r"我|咱|俺|(?<![a-z])(?:we|us|our)(?![a-z])", re.I)


def clause_pieces(text: str) -> list[str]:
    """A message's clauses between ``CLAUSE_MARKS``, trimmed, none empty."""
    return [piece.strip() for piece in re.split(f"[{CLAUSE_MARKS}]", text) if piece.strip()]


def clause_with(text: str, needle: str) -> str:
    """The clause of a sentence (between commas, semicolons or sentence ends) that holds ``needle``."""
    at = text.find(needle)
    if at < 0:
        return ""
    starts = [m.end() for m in _CLAUSE_END.finditer(text, 0, at)]
    end = _CLAUSE_END.search(text, at)
    return text[(starts[-1] if starts else 0) : end.start() if end else len(text)]


#: A sentence that opens by pointing back ("这些…人才", "These people") is read with the one before it.
_ANAPHOR = re.compile(r"^(?:这些|这类|此类|这种|上述|(?:These|This|Such|Those|They)\b)")
#: How the paper opens the items of an enumeration (其一… 其二…, 首先… 其次…, ①…, First… Second…).
_ENUMERATOR = re.compile(
    r"^(?:其[一二三四五六]|首先|其次|再次|最后|第[一二三四五六][，,、]|[一二三四五六]是|[①②③④⑤⑥⑦⑧⑨⑩]|"
    r"(?:First|Second|Third|Fourth|Fifth|Finally|Next|Lastly)\b)"
)


def points_back(sentence: str) -> bool:
    return _ANAPHOR.match(sentence) is not None


def announces_items(sentence: str) -> bool:
    """Whether a sentence announces the items after it: it ends with a colon ("该理论核心观点包括：")."""
    return sentence.rstrip().endswith(("：", ":"))


def is_enumerated(sentence: str) -> bool:
    """Whether a sentence is an item of an enumeration (the "how" a sentence before it announces)."""
    return _ENUMERATOR.match(sentence) is not None


_LIST_OPENING = re.compile(r"[：:]")
_ITEM_BREAK = re.compile(r"[；;]")
_FULL_STOP = re.compile(r"(?<=[。！？!?])|(?<=\.)\s")


def lists_in(line: str) -> list[list[str]]:
    """The items each sentence of a line lists (``items_listed``), sentences ending at a full stop only: the
    semicolons between the items are no sentence breaks here."""
    return [items for piece in _FULL_STOP.split(line) if (items := items_listed(piece))]


#: The words a small number is written in (both languages): "第二条", "哪五个", "the three models".
NUMERALS: dict[str, int] = (
    {w: n for n, w in enumerate("一二三四五六七八九十", 1)}
    | {"两": 2}
    | {w: n for n, w in enumerate(["one", "two", "three", "four", "five", "six", "seven", "eight"], 1)}
    | {w: n for n, w in enumerate(["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"], 1)}
)


#: What joins the things of a series: 、, or a hyphen between Chinese words ("要素整合-产业升级-价值倍增").
_SERIES = re.compile(r"、|(?<=[\u4e00-\u9fff])\s*[-–—]\s*(?=[\u4e00-\u9fff])")


def series_length(text: str) -> int:
    """How many things a sentence names in its longest list: a series joined by 、 within one clause ("实现产业兴旺、
    生态宜居、乡风文明、治理有效、生活富裕的协同发展" → 5; "要素整合-产业升级-价值倍增" → 3), or the items after its
    colon (``items_listed``); 0 when none. A question asking for so many things ("五个总要求是哪五个") is answered by a
    sentence naming that many."""
    joined = max((len(_SERIES.split(piece)) for piece in clause_pieces(text)), default=0)
    return max(joined if joined > 1 else 0, len(items_listed(text)))


def items_listed(line: str) -> list[str]:
    """The items a line lists after its colon, between semicolons ("“X”这部分分为：A；B；C。" → three); [] when it
    lists fewer than two."""
    opening = _LIST_OPENING.search(line)
    if opening is None:
        return []
    items = [item for item in _ITEM_BREAK.split(line[opening.end() :]) if item.strip(" 。.")]
    return items if len(items) > 1 else []
