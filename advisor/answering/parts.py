"""What a question asks, piece by piece: its sub-questions ("作者是谁 哪个学校的 啥时候发表的" → three), each ranked on
its own so that every part gets its answering sentence.

Pure functions of the text: the forms that join or share questions (还有/also, "A和B分别…", a list asked about at
once, question words between commas or spaces) are grammar, not topics.
"""

from __future__ import annotations

import re

from advisor.answering.understand import load_lexicon
from advisor.text import split_sentences, tokenize

#: What joins two questions in one sentence ("…，还有…", "… and also …", "… and why …").
_PART_JOINERS = re.compile(
    r"[，,]\s*(?:还有|另外|以及|同时|再就是|顺便问下?|而且|并且|and\b)|\b(?:and also|also,|plus)\b"
    r"|\s+and (?=(?:why|how|what|which|where|who)\b)",
    re.IGNORECASE,
)
#: The question words of any kind, in either language (who, which, when, what, how many …).
_ASKS = re.compile(
    r"谁|哪|啥|什么|几[个年种]|多少|怎么|咋|如何|为什么|为何|\b(?:who|what|when|where|which|why|how)\b", re.IGNORECASE
)


def asks_which(text: str) -> bool:
    """Whether a question asks who, what, which, how … rather than whether ("论文里举了啥例子" against "真能…吗")."""
    return _ASKS.search(text) is not None


_RESPECTIVELY = re.compile(r"(.+?)(?:和|与|以及|及)(.+?)分别(.*)")
#: Two things asked to be defined at once ("农产品上行 工业品下行 啥意思", "A和B是什么"): a definition each, unless
#: the question is how they relate ("…是什么关系").
_EACH_DEFINED = re.compile(
    r"^(\S.{1,14}?)(?:和|与|\s+)(\S.{1,14}?)\s*((?:是|指)?(?:啥|什么)(?:意思)?|怎么理解)(?!.*(?:关系|区别|不同|联系|差别|差距))"
)


#: Commas and spaces between Chinese words, inside one sentence (``analysis.clauses``' break would also part it at a
#: question mark that does not end a sentence, which sub-questions do not).
_PIECE_BREAK = re.compile(r"[，,]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


#: What a list shares: a demonstrative with its count ("这三块"), 分别 or 各 ("各有啥特点"), then the question.
_SHARED = r"(?:(?:这|那)(?:些|[一二三四五六几两\d]*(?:块|个方面|方面|点|项|类|个))|分别|各(?=有|自|是))"
_AFTER_LIST = re.compile(f"{_SHARED}|(?:是|指|有|要|应该|该)?(?:{_ASKS.pattern})", re.IGNORECASE)
_PARENTHESISED_LIST = re.compile(r"[（(]([^）)]*、[^）)]*)[）)](.*)$")
MAX_ITEM_CHARS = 10


def _listed(sentence: str) -> list[str]:
    """Each thing of a list asked about at once, with the question they share ("标准化、溯源、品牌这三块论文怎么建议"
    → "标准化论文怎么建议", …; "三种模式（平台驱动、政府+公共品牌、直播新农人）各有啥特点" → "平台驱动有啥特点", …);
    [] when the sentence lists nothing."""
    inner = _PARENTHESISED_LIST.search(sentence)
    if inner:
        items, asked = inner.group(1).split("、"), inner.group(2)
    else:
        items = sentence.split("、")
        after = _AFTER_LIST.search(items[-1])
        if after is None:
            return []
        items[-1], asked = items[-1][: after.start()], items[-1][after.start() :]
    asked = re.sub(f"^(?:{_SHARED}|[，,\\s])+", "", asked.strip())
    short = all(0 < len(i.strip()) <= MAX_ITEM_CHARS and not re.search("[，,；;。]", i) for i in items[1:])
    if len(items) < 2 or not short or not asked or _ASKS.search("".join(items)):
        return []
    return [f"{item.strip()}{asked}" for item in items]


def sub_questions(text: str) -> list[str]:
    """The separate questions of a long message: its question sentences, clauses joined by 还有/also, and
    clauses (between commas, or spaces in Chinese typed without them) that each carry their own question word
    ("policy 为什么 too macro, paper 建议怎么改?", "作者是谁 哪个学校的 啥时候发表的")."""
    parts: list[str] = []
    for sentence in split_sentences(text):
        both = _RESPECTIVELY.match(sentence) or _EACH_DEFINED.match(sentence)  # "理论基础和研究结论分别是什么"
        if both and not _ASKS.search(both.group(1) + both.group(2)):  # two things, not two questions
            first, second, asked = both.groups()
            parts += [first + asked, second + asked]
            continue
        listed = _listed(sentence)
        if listed:
            parts += listed
            continue
        for piece in _PART_JOINERS.split(sentence):
            worded = [c for c in _PIECE_BREAK.split(piece) if _ASKS.search(c)]
            parts += worded if len(worded) > 1 else [piece]
    asked = [p.strip(" ，,。？?") for p in parts if len(p.strip(" ，,。？?")) >= 4 and _has_content(p)]
    return asked if len(asked) > 1 else [text]


def _has_content(part: str) -> bool:
    """Whether a part names something ("论文有说吗", "does the paper mention it" only ask about the rest)."""
    generic = set(load_lexicon().generic)
    return any(len(t) > 1 and t not in generic for t in tokenize(part))
