"""Reading a question in its conversation: whether it is a follow-up that leaves its form or its subject to the
questions before it ("那物流呢？", "有没有类似的案例", "why?"), which question it leans on, and whether it points back
at the previous answer ("这数据是哪来的"). Grammar and the kind model's sureness; the pipeline mixes the vectors."""

from __future__ import annotations

import re

from advisor.answer import Turn
from advisor.answering.analysis import Analysis
from advisor.answering.draft import clean_quote
from advisor.answering.forms import says_its_kind
from advisor.answering.parts import refers_back
from advisor.answering.understand import type_named
from advisor.knowledge.tokens import specific_tokens
from advisor.language import simplified_characters, to_simplified
from advisor.text import NUMERALS, tokenize

#: Below this cosine to every kind's examples, a question's kind is not its own (see ``is_follow_up``) ...
WEAK_KIND = 0.45
#: ... nor is a short question's (a few words: "网也不好 经常卡") below this one.
SHORT_KIND, SHORT_TOKENS = 0.55, 6
#: The form of a follow-up that asks the previous question of something else: "那物流呢？", "What about the West?",
#: "same question for Shuyang", "…a county in Jiangxi, same advice?", "还有别的办法吗" ...
_SAME_QUESTION = re.compile(
    r"呢\s*[？?]?\s*$|^(?:and )?(?:what|how) about\b|\bsame (?:question|thing)\b|\bsame(?: \w+)?\s*[?？]\s*$"
    r"|^还有(?:别的|其他|其它|啥|什么)|^(?:anything|what) else\b",
    re.I,
)
#: ... or that opens by leaning on it ("那应该怎么改", "换成西部的县呢", "and for logistics?"), its own kind when its
#: words say one ("and why does the training fail?" is a why-question, like "那为什么…"); an opening 好吧/ok does not count.
_LEANING = re.compile(r"^(?:那|那么|那要是|换成|如果是|要是|同样|一样的|and\b)", re.I)
_INTERJECTION = re.compile(r"^(?:好吧|好的|好|嗯|哦|ok(?:ay)?|well)[，,.!！\s]*", re.I)


#: The words that open a question of its own in a conversation (grammar, both languages): a message saying it
#: changes the subject ("换个话题", "ok diff topic.", "another thing,").
_TOPIC_CHANGE = (
    r"换个(?:话题|问题)|还有一个问题|(?:another|one more|(?:a )?(?:diff|different|other|new)) (?:topic|question|thing|subject)"
    r"|changing (?:the )?(?:topic|subject)"
)
_CHANGE_OPENS = re.compile(rf"^\W*(?:(?:ok|okay|好的?|行)\W*)?(?:{_TOPIC_CHANGE})", re.I)
#: ... or only that a question of its own comes ("对了", "by the way"), which may still ask of what was said ("btw we're
#: in Gansu, Dingxi. does that change anything?").
_NEW_QUESTION = re.compile(rf"^\W*(?:(?:ok|okay|好的?|行)\W*)?(?:对了|顺便|另外|by the way|btw|{_TOPIC_CHANGE})", re.I)


def without_opener(text: str) -> str:
    """A message without the words opening it as a question of its own ("ok different question.", "对了，", "btw"):
    they tell how it stands to the conversation (read from the whole message), not what it asks, and their words are
    none of the sources' ("does the paper say anything about ecology" is no less the sources' after them)."""
    opener = _NEW_QUESTION.search(to_simplified(text))
    if opener is None or re.match(r"\w", text[opener.end() :]):  # "另外两种模式": the other two, not "besides"
        return text
    return text[opener.end() :].lstrip(" \t\n,，.。:：;；!！-—") or text


def changes_subject(text: str) -> bool:
    """Whether a message opens by saying it changes the subject ("ok diff topic. my uncle is in Yanbian…"): it is read
    alone, however few words it shares with the sources."""
    return _CHANGE_OPENS.search(to_simplified(text)) is not None


#: A follow-up asking the previous question of the user's own case ("what about for us then", "那我们这边呢").
_FOR_US = re.compile(
    r"^(?:what|how) about (?:for )?(?:us|me|our|my)\b|^那?(?:我们|咱们?|俺们?|我)(?:这边|这里|这儿|那边|县|村)?呢", re.I
)


def _without_interjection(text: str) -> str:
    """A question without an opening 好吧/ok, which says nothing of how it leans on the one before."""
    return _INTERJECTION.sub("", text.strip())


def asks_for_us(text: str) -> bool:
    """Whether a follow-up asks what holds for the user themselves ("ok what about for us then. we are in Nujiang…")."""
    return _FOR_US.search(_without_interjection(text)) is not None


def _elided(text: str) -> bool:
    rest = _without_interjection(text)
    return _SAME_QUESTION.search(rest) is not None or _LEANING.search(rest) is not None


#: ... a clause of it asking the previous question of something else ("OK 那 solution 呢？我们在 Hubei 恩施").
_ASKED_AGAIN = re.compile(r"呢\s*[？?]")


def leans_only(text: str) -> bool:
    """Whether a question opens by leaning on the one before ("那…", "and …") without asking it again of something
    else ("那物流呢？", "那人这块呢？我们这年轻人都出去打工了"): it may say its own subject."""
    rest = _without_interjection(text)
    again = _SAME_QUESTION.search(rest) is not None or _ASKED_AGAIN.search(rest) is not None
    return _LEANING.search(rest) is not None and not again


def is_elliptical(text: str) -> bool:
    """Whether a question leaves out what it asks ("那物流呢？", "What about the West?", "网也不好 经常卡")."""
    return _elided(text) or len(tokenize(text)) <= SHORT_TOKENS


#: How much of an answer's opening a question pointing back at it is read with.
OPENING_CHARS = 300


def opening(answer: str) -> str:
    """The sentences an answer opens with (what a question pointing back at it usually means), markers removed."""
    first = answer.split("\n\n", 1)[0]
    return clean_quote(first)[:OPENING_CHARS]


def said_in(history: list[Turn]) -> str:
    """What the conversation's answers said, in the paper's script (an answer in traditional characters said the
    simplified sentences it quotes)."""
    return simplified_characters("\n".join(t.content for t in history if t.role == "assistant"))


def anchor_at(asked: list[str]) -> int:
    """Where the latest question of a conversation that says itself what it asks is: the one whose kind a chain of
    follow-ups keeps ("直播咋搞" → "那物流呢？" → "网也不好 经常卡" are all how-to questions)."""
    return next((n for n in range(len(asked) - 1, -1, -1) if not is_elliptical(asked[n])), len(asked) - 1)


def is_follow_up(text: str, a: Analysis) -> bool:
    """Whether a question in a conversation takes its form from the one before (see ``_SAME_QUESTION``)."""
    if _elided(text):
        return True
    if says_its_kind(text) or a.yes_no:
        return False  # it says itself what it asks: "What should a county in Gansu do first…"
    short = len(tokenize(text)) <= SHORT_TOKENS
    place_given = a.u.place is not None and not a.u.place_from_history
    if refers_back(text) and not (place_given and short):
        # "where does that data come from?": the previous answer gives its subject, not its form; "oh sorry its in
        # Yunnan, Nujiang" only gives a place
        return False
    if _NEW_QUESTION.search(to_simplified(text)):
        return False  # "对了，顺便问一下…", "by the way, …": the user says a question of its own comes
    nearest_kind = max(a.match.kinds.values())
    if place_given:
        # "北京的", "说错了，我家其实在广东梅州，种的是柚子": a place given in answer to the previous turn, or put right,
        # asking nothing of its own; a question naming one that asks something of its own stands alone
        return short or nearest_kind < WEAK_KIND
    # a fragment ("网也不好 经常卡") may look off topic to the kind model; its nearest examples say whether it is
    off_topic = max(a.match.kinds, key=a.match.kinds.__getitem__) == "off_topic"
    return not off_topic and (nearest_kind < WEAK_KIND or (short and nearest_kind < SHORT_KIND))


#: The kind model's probability from which a follow-up's kind is its own, not the previous question's: "有没有类似的
#: 案例" (0.99 cases) or "你说的信息不对称具体指啥" (0.96 what) after a how-to; "那物流呢" (0.52 what) is not sure.
OWN_KIND_ODDS = 0.6


def asks_own_kind(text: str, a: Analysis) -> bool:
    """Whether a follow-up asks its own kind of question: its words say which ("why?", "那应该怎么改", "…真的吗"), or
    the kind model is sure of an in-domain kind; not when it asks the previous question of something else ("那农产品
    的呢" is 0.74 what, but asks the same question), unless that something is a kind of sentence ("对应的对策呢")."""
    if _SAME_QUESTION.search(_without_interjection(text)) is not None:
        # "对应的对策呢", "那案例呢": the same subject, asked for another kind; "what about deep processing…, does paper
        # say something?": whether the paper speaks of it
        return type_named(text) is not None or a.mention
    if says_its_kind(text):
        return True
    if a.u.place is not None and not a.u.place_from_history and not a.mention:
        # "说错了，我家其实在广东梅州，不是江西" (0.71 claim), "合作社其实注册在辽宁铁岭，那上面说的要改吗": the previous
        # question, asked of the place put right (not "is there anything in the paper about Anxi?")
        return False
    if a.yes_no:
        return True
    odds = a.match.kind_odds
    likeliest = max(odds, key=odds.__getitem__, default="off_topic")
    return likeliest != "off_topic" and odds[likeliest] >= OWN_KIND_ODDS


#: Words that point back at one thing of what was said ("增收那个", "人才那块", "that part"): grammar.
_POINTING = re.compile(r"[那这](?:个|块|部分|一?条|一?点|方面)|\bthat (?:part|one|point|bit)\b", re.I)


def item_pointed_at(question: str, said: str, titles: list[tuple[str, str]], generic: set[str]) -> list[str]:
    """The part of the paper a follow-up points at ("那个", "那块") by a word of its heading, when the conversation
    listed that heading among others ("2.2 分了哪几个方面" → "…；促进农民可持续增收…" → "增收那个具体是哪几条路子":
    §2.2.3); [] unless exactly one heading shown holds one of its words."""
    if _POINTING.search(question) is None:
        return []
    said = to_simplified(said)
    shown = [(section, title) for section, title in titles if title and title in said]
    words = specific_tokens(question, generic)
    pointed = [section for section, title in shown if words & set(tokenize(title))]
    return pointed if len(pointed) == 1 and len(shown) > 1 else []


#: A follow-up pointing at one thing of the previous answer's list by its number ("那第二条具体怎么弄？", "第3点啥意思",
#: "the second point", "item 2", "最后一条"): grammar. Not a step ("第一步" asks for an order), a question of the
#: user's own ("最后一个，…", "last one: …", "第二个问题") nor a thing of the user's ("开第二个 base").
_ORDINAL = re.compile(
    r"第\s*([一二两三四五六七八九十]|\d{1,2})\s*(?:条|点|项|种|个(?=那|这|具体|是|怎|咋|啥|什么|呢|[，,。？?]|$))"
    r"|(最后)一?(?:条|点|项)|\b(first|second|third|fourth|fifth|sixth|seventh|eighth|1st|2nd|3rd|[4-8]th)\s+"
    r"(?:one|point|item|bullet|measure|suggestion|thing|idea)\b|\b(last) (?:point|item|bullet|measure|suggestion)\b"
    r"|\b(?:point|item|bullet|number|no\.)\s*#?(\d{1,2})\b",
    re.I,
)
#: A line of a list in an answer ("- …", "2. …"), and the circled numbers of a list run into a sentence ("① … ② …").
_LIST_LINE = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)、])\s+(.+)$", re.M)
_CIRCLED = re.compile(r"[①②③④⑤⑥⑦⑧⑨⑩]")
#: Sentences numbered in turn ("其一，…其二，…", "First, … Second, …"), and a part's outline ("…这部分分为：A；B；C。").
_COUNTED = re.compile(r"(?:其[一二三四五六七八九]|\b(?:First|Second|Third|Fourth|Fifth)(?:ly)?)[，,]\s*")
_OUTLINE = re.compile(r"(?:分为|consists of)[:：]\s*([^。\n]+?[；;][^。\n]+?)(?:[。.]\s*(?:\[\d+\])?|\s*\[\d+\]|$)")


def item_numbered(question: str, answer: str) -> str | None:
    """The thing of the previous answer's first list that a follow-up points at by its number (``_ORDINAL``): what
    "那第二条具体怎么弄？" asks about is the answer's second line, whatever it says. None when it points at none, or at
    a number the list does not reach."""
    found = _ORDINAL.search(to_simplified(question))
    if found is None:
        return None
    word = next(g for g in found.groups() if g).lower()
    number = -1 if word in ("最后", "last") else int(word[0]) if word[0].isdigit() else NUMERALS.get(word, 0)
    items = answer_items(answer)
    if number == 0 or number > len(items):
        return None
    return items[number - 1] if number > 0 else items[-1]


def answer_items(answer: str) -> list[str]:
    """The things an answer lists first, markers removed: whichever of its lists begins first — a block of list
    lines, the parts of a sentence numbered ① ②, sentences numbered 其一/其二 or First/Second, or the parts a part
    of the paper is divided into ("consists of: Platform-driven…; Government-guided…; …" before a list of cases:
    "the second one" is the second model)."""
    found: list[tuple[int, list[str]]] = []
    lines = list(_LIST_LINE.finditer(answer))
    if lines:
        block = [lines[0]]
        for line in lines[1:]:
            if answer[block[-1].end() : line.start()].strip():
                break
            block.append(line)
        found.append((lines[0].start(), [m.group(1) for m in block]))
    for numbered in (_CIRCLED, _COUNTED):
        marks = list(numbered.finditer(answer))
        if len(marks) > 1:
            ends = [m.start() for m in marks[1:]] + [len(answer)]
            found.append((marks[0].start(), [answer[m.end() : end] for m, end in zip(marks, ends, strict=True)]))
    outline = _OUTLINE.search(answer)
    if outline:
        found.append((outline.start(), re.split(r"[；;]\s*", outline.group(1))))
    first = min(found, key=lambda f: f[0], default=(0, []))[1]
    return [clean_quote(item.split("\n\n")[0]) for item in first]
