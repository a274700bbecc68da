"""What a question asks, piece by piece: its sub-questions ("作者是谁 哪个学校的 啥时候发表的" → three), each ranked on
its own so that every part gets its answering sentence.

Pure functions of the text: the forms that join or share questions (还有/also, "A和B分别…", a list asked about at
once, question words between commas or spaces) are grammar, not topics.
"""

from __future__ import annotations

import re

from advisor.answering.understand import load_lexicon, type_named
from advisor.knowledge.tokens import specific_tokens
from advisor.language import to_simplified
from advisor.text import split_sentences

#: What joins two questions in one sentence ("…，还有…", "… and also …", "… and why …").
_PART_JOINERS = re.compile(
    r"[，,]\s*(?:还有|另外|以及|同时|再就是|顺便问下?|而且|并且|and\b)|\b(?:and also|also,|plus)\b"
    r"|\s+and (?=(?:why|how|what|which|where|who|when)\b)",
    re.IGNORECASE,
)
#: The question words of any kind, in either language (who, which, when, what, how many …).
_ASKS = re.compile(
    r"谁|哪|啥|什么|干嘛|(?<![好十])几(?![乎十百千万])|多少|怎|咋|如何|为什么|为何|\b(?:who|what|when|where|which|why|how)\b",
    re.IGNORECASE,
)


#: Question words that ask nothing: a question word before 都/也, its verb between or not ("谁都不赚钱": no one; "什么都
#: 不会": nothing; "出了坏果谁赔都说不清": whoever pays; "怎么卖也卖不动"), or one
#: standing for a forgotten name ("拼多多那个什么农园，…"); 几 of a rough count ("好几个做直播的", "十几个人", "几十万":
#: several) or 几乎 (almost) is no question word in ``_ASKS``; nor is 啥的/什么的 closing a list ("卖点土鸡蛋、腊肉啥的":
#: and such), unlike after a verb ("服务点是干啥的": what for).
_INDEFINITE = re.compile(
    r"(?:谁|什么|啥|哪儿?|怎么)[\u4e00-\u9fff]{0,2}?\s*(?:都|也)|(?<=\S)那个(?:什么|啥)(?=[\u4e00-\u9fff]{1,4}(?:[，,、。？?\s]|$))"
    r"|(?<=[\u4e00-\u9fff])(?<![干做搞弄用为是有])(?:啥|什么)的(?=[，,。？?！!；;\s]|$)"
)


def asks_which(text: str) -> bool:
    """Whether a question asks who, what, which, how … rather than whether ("论文里举了啥例子" against "真能…吗")."""
    return _ASKS.search(_INDEFINITE.sub(" ", text)) is not None


_RESPECTIVELY = re.compile(r"(.+?)(?:和|与|以及|及)(.+?)分别(.*)")
#: Two things asked to be defined at once ("农产品上行 工业品下行 啥意思", "A和B是什么"): a definition each, unless
#: the question is how they relate ("…是什么关系").
_EACH_DEFINED = re.compile(
    r"^(\S.{1,14}?)(?:和|与|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff]))(\S.{1,14}?)"
    r"\s*((?:是|指)?(?:啥|什么)(?:意思)?|怎么理解)(?!.*(?:关系|区别|不同|联系|差别|差距))"
)


#: Two things said of one subject and asked about at once: "既能A，又能B", "不仅A，还B".
_BOTH = re.compile(r"^(.*?)(?:既(?!然)|不仅|不但)(.+?)[，,]?\s*(?:又|还|也|而且)(.+)$")
#: Two things named after one preposition: "what is meant by the 'upward' flow … and the 'downward' flow …".
_THE_TWO = re.compile(r"^(.*\b(?:by|of|between|about|on)\s+)(the\b[^,]+?) and (the\b[^,]+?)[?.!\s]*$", re.I)
#: A list of three or more things in English ("Taobao villages, JD's model and Duoduo Orchard"), asked about as a
#: list (to compare them, or each of them) rather than mentioned in passing.
_EN_LIST = re.compile(
    r"((?:[\w'’-]+ ){0,3}[\w'’-]+)((?:, (?:[\w'’-]+ ){0,4}[\w'’-]+)+),? and ((?:[\w'’-]+ ){0,4}[\w'’-]+)"
)
_AS_A_LIST = re.compile(r"\b(?:compare|comparing|differen\w*|each|both|respectively|between|versus|vs)\b", re.I)


#: Two things set against each other or quoted side by side: "「品牌意识薄弱」跟「产品同质化」到底差在哪", "平台驱动型
#: vs 政府引导+公共品牌型", "说啥“农产品上行”“工业品下行”，这俩词啥意思".
_QUOTED_PAIR = re.compile(
    r"[「“\"『]([^」”\"』]{2,20})[」”\"』]\s*(?:跟|和|与|同|或|还是|vs\.?|and|or|、)?\s*[「“\"『]([^」”\"』]{2,20})[」”\"』]",
    re.I,
)
#: ... or unquoted, with what is asked of them: "京东助农跟多多农园这两种模式有啥不一样" (things of three characters or
#: more: tiers compared, "东部和西部有什么区别", have their own answer, each tier's measures).
_UNQUOTED_PAIR = re.compile(
    r"(?:^|[，,。：:；;\s])([^\s，,。：:；;？?跟和与同]{3,8}?)\s*(?:跟|和|与|同)\s*([^\s，,。？?跟和与]{3,8}?)\s*"
    r"(?:这两种模式|这两种|这两个|两者|二者|这俩)?\s*(?:之间)?(?:有|的)?(?:啥|什么)?(?:不一样|区别|不同|差别|差异)"
)
_VERSUS = re.compile(
    r"(?:^|[\s，,：:])([^\sa-z，,：:]{2,20})\s*(?:vs\.?|versus)\s*([^\sa-z，,。？?]{2,20})"  # 平台驱动型 vs 政府引导型
    r"|\b([a-z][\w'’-]*(?: [\w'’-]+){0,2}) (?:vs\.?|versus) ([\w'’-]+(?: [\w'’-]+){0,2})",  # policy problems vs finance …
    re.I,
)


def _two_things(sentence: str) -> list[str]:
    """The two questions in one that asks about two things at once ("为什么说农村电商既能带动产业兴旺，又能让农民稳定
    增收" → "为什么说农村电商能带动产业兴旺", "为什么说农村电商能让农民稳定增收"); [] when it does not."""
    both = _BOTH.match(sentence)
    if both and not _ASKS.search(both.group(2) + both.group(3)):  # "既要补物流又要搞品牌，钱从哪来": one question
        subject, first, second = both.groups()
        return [subject + first, subject + second]
    two = _THE_TWO.match(sentence)
    if two and not _ASKS.search(two.group(2) + two.group(3)):
        asked, first, second = two.groups()
        return [asked + first, asked + second]
    return []


def _listed_in_english(sentence: str) -> list[str]:
    """The things of an English list asked about as a list ("compare A, B and C"); [] otherwise."""
    found = _EN_LIST.search(sentence)
    if found is None or not _AS_A_LIST.search(sentence):
        return []
    rest = [*(i for i in found.group(2).split(", ") if i), found.group(3)]
    longest = max(len(i.split()) for i in rest)  # the first thing is as long as the others, not "Can you compare A"
    items = [" ".join(found.group(1).split()[-longest:]), *rest]
    return [] if _ASKS.search(" ".join(items)) else items


#: Commas, dashes ("how is ANT used — what kinds of actors…") and spaces between Chinese words, inside one sentence
#: (``analysis.clauses``' break would also part it at a question mark that does not end a sentence, which
#: sub-questions do not).
_PIECE_BREAK = re.compile(r"[，,、]|\s*(?:—+|--|–)\s*|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


#: What a list shares: a demonstrative with its count ("这三块"), 分别 or 各 ("各有啥特点"), then the question.
_SHARED = r"(?:(?:这|那)(?:些|[一二三四五六几两\d]*(?:块|个方面|方面|点|项|类|种|条|个))|分别|各自的?|各(?=有|是))"
_AFTER_LIST = re.compile(f"{_SHARED}|(?:是|指|有|要|应该|该)?(?:{_ASKS.pattern})", re.IGNORECASE)
#: A list in brackets or between dashes ("三种模式——平台驱动型、政府引导型、新农人型——各自的特点").
_PARENTHESISED_LIST = re.compile(r"(?:[（(]|——)([^）)—]*[、,，][^）)—]*)(?:[）)]|——)(.*)$")
MAX_ITEM_CHARS, MAX_ITEM_WORDS = 10, 4
_NEGATION = re.compile(r"[不没沒别別]")


def _listed(sentence: str) -> list[str]:
    """Each thing of a list asked about at once, with the question they share ("标准化、溯源、品牌这三块论文怎么建议"
    → "标准化论文怎么建议", …; "三种模式（平台驱动、政府+公共品牌、直播新农人）各有啥特点" → "平台驱动有啥特点", …);
    [] when the sentence lists nothing."""
    inner = _PARENTHESISED_LIST.search(sentence)
    if inner:
        items, asked = re.split(r"\s*[、,，]\s*", inner.group(1)), inner.group(2)
    else:
        items = sentence.split("、")
        after = _AFTER_LIST.search(_INDEFINITE.sub(lambda m: " " * len(m.group()), items[-1]))  # not "啥都不会"
        if after is None:
            return _quoted_after_question(sentence)
        # a quoted list ("“农产品上行、工业品下行”，啥意思") starts after its opening quote and ends at its closing one;
        # a list referred back to ("平台驱动型、…、直播新农人型，这三种模式…") ends at the comma before the reference
        closing = r"[，,]?" if re.match(_SHARED, items[-1][after.start() :]) else ""
        last = re.sub(f'(?:[」”"』]\\s*[，,]?|{closing})\\s*$', "", items[-1][: after.start()])
        # a quoted list ends at its closing quote ("“农产品上行、工业品下行”，我听了好几遍…，到底啥意思")
        last = re.split(r"[」”\"』]", last)[0]
        items[-1], asked = last, items[-1][after.start() :]
        items[0] = re.split(r"[，,：:；;「“\"『]", items[0])[-1]  # the list starts after the clause before it
    asked = re.sub(f"^(?:{_SHARED}|[，,\\s—–-])+", "", asked.strip())
    asked = asked.rstrip(" .。")  # a full stop after the list asks nothing: "(they grow danggui, the herb)."
    short = all(_short(i) and not re.search("[，,；;。]", i) for i in items[1:])
    # things, not what someone does or feels ("評論說不放心、不知道是哪裡來的" lists no thing: a negation opens a
    # predicate, never a thing's name)
    said = any(_NEGATION.match(i.strip()) for i in items)
    if len(items) < 2 or not short or not asked or said or asks_which("".join(items)):
        return []
    space = " " if asked.isascii() else ""
    return [f"{item.strip()}{space}{asked}" for item in items]


#: A quoted list that a question before it asks about, ending the sentence: "什么叫「农产品上行、工业品下行」？".
_ASKED_BEFORE_QUOTED = re.compile(r"^(.*?)[「“\"『]([^」”\"』]{2,40})[」”\"』]\s*[？?。.]?\s*$")


def _quoted_after_question(sentence: str) -> list[str]:
    """Each thing of a quoted list with the question before it ("什么叫农产品上行", "什么叫工业品下行"); [] else."""
    found = _ASKED_BEFORE_QUOTED.match(sentence)
    if found is None or not asks_which(found.group(1)):
        return []
    items = [item.strip() for item in found.group(2).split("、")]
    if len(items) < 2 or not all(_short(item) for item in items):
        return []
    return [f"{found.group(1).strip()}{item}" for item in items]


def _short(item: str) -> bool:
    """Short enough to be one thing of a list: ten characters, or four English words."""
    item = item.strip(" ?？")
    return 0 < len(item) <= MAX_ITEM_CHARS or (item.isascii() and 0 < len(item.split()) <= MAX_ITEM_WORDS)


def sub_questions(text: str) -> list[str]:
    """The separate questions of a long message: its question sentences, clauses joined by 还有/also, and
    clauses (between commas or 、, or spaces in Chinese typed without them) that each carry their own question word
    ("policy 为什么 too macro, paper 建议怎么改?", "作者是谁 哪个学校的 啥时候发表的", "作者是谁、哪个单位"); the
    things of a list asked about at once (``_things_listed``)."""
    parts: list[str] = []
    for sentence in split_sentences(text):
        listed = _things_listed(sentence) or _asked_respectively(sentence)
        if listed:
            parts += listed
            continue
        for piece in _PART_JOINERS.split(sentence):
            worded = [c for c in _PIECE_BREAK.split(piece) if asks_which(c)]
            parts += _with_told(piece, worded) if len(worded) > 1 else _asked_within(piece, worded)
    # a part naming nothing that asks how, why or what ("又该怎么改", "what does the paper want to do about it") asks
    # its own question of what the part before named; one asking only whether ("论文有说吗") asks about the rest
    asked = [
        p.strip(" ，,。？?") for p in parts if len(p.strip(" ，,。？?")) >= 4 and (has_content(p) or asks_which(p))
    ]
    return asked if len(asked) > 1 else [text]


#: What the paper is reported to say ("论文说…", "文章里面提到…"): the context of a question asked
#: inside it, after it ("论文说电商能形成“引才育才用才”的人才循环，这里面说的回流人群主要指哪些人？" asks who returns), or
#: the claim itself in a clause of its own (``verdict._claimed``).
PAPER_SAID = re.compile(r"(?:论文|文章|文中|作者|本文)(?:里面|里|中)?(?:说|讲|提到|写|认为)")
_POINTS_INTO = re.compile(r"^\s*(?:这里面|这里头|这里边|这当中|其中|里面)")


#: Words by which a question points at what the previous answer said: a pronoun or a demonstrative with its noun
#: ("那它怎么 apply 到 framework 里", "这数据是哪来的", "the gap between the two", "which one suits us",
#: "under that model"). Grammar, not topics: what they point at is read from the answer itself.
_REFERS_BACK = re.compile(
    r"它|这个|那个|这些|那些|这种|那种|这类|两者|二者|这两|那两|上述|刚才|前面(?:说|提|讲)|这(?=数据|数字|理论|模式|框架|方法|条)"
    r"|\b(?:it|its|they|them|these|those|the two|both|which one|the (?:former|latter))\b(?<!\bis it)"
    r"|\b(?:that|this) (?:model|one|data|figure|number|theory|framework|approach|strategy|gap|measure|case)\b"
    r"|\b(?:the|that|this) \w+(?: \w+)? (?:thing|bit|stuff)\b",  # "why is the pay thing even a problem?"
    re.IGNORECASE,
)


def refers_back(text: str) -> bool:
    """Whether a question points at something said before it (``_REFERS_BACK``): in the previous answer, or in the
    same message ("…平台上老是给差评、退货，论文对这种情况怎么说")."""
    return _REFERS_BACK.search(text) is not None


def _with_told(piece: str, worded: list[str]) -> list[str]:
    """The clauses of a sentence that ask, the first with what the user tells before it when it points back at that
    ("…同一款茶每批口感都不一样，平台上老是给差评，论文对这种情况怎么说，我们该咋办": "这种情况" is what was told; alone,
    "论文对这种情况怎么说" is nearest the paper's conclusion)."""
    before = piece[: piece.find(worded[0])]
    if before.strip(" ，,、") and refers_back(worded[0]):
        return [before + worded[0], *worded[1:]]
    return worded


def _asked_respectively(sentence: str) -> list[str]:
    """Two questions asked each in turn ("培训怎么改和怎么留人分别有啥建议"), each with what is asked of both; [] else."""
    both = _RESPECTIVELY.match(sentence)
    if both is None or not (asks_which(both.group(1)) and asks_which(both.group(2))):
        return []
    first, second, asked = both.groups()
    return [first + asked, second + asked]


def _asked_within(piece: str, worded: list[str]) -> list[str]:
    """The question a clause asks inside what the paper says before it, first, then what the paper says; else the
    piece whole."""
    if len(worded) != 1 or not _POINTS_INTO.match(worded[0]):
        return [piece]
    said = piece[: piece.find(worded[0])]
    return [worded[0], said] if PAPER_SAID.search(said) else [piece]


def lists_things(text: str) -> bool:
    """Whether a question asks the same of several things at once ("农产品上行 工业品下行 这俩词啥意思", "compare A,
    B and C"): each of them is answered by the sentence about it rather than the one that names them all."""
    return bool(listed_items(text))


def listed_items(text: str) -> list[str]:
    """The sub-questions that each ask of one thing of a list (not a question beside the list: "…到底啥意思？跟我们
    种地的有啥关系")."""
    return [p.strip(" ，,。？?") for sentence in split_sentences(text) for p in _things_listed(sentence)]


def things_of(parts: list[str]) -> list[str]:
    """The things a list's sub-questions ask about, without the words they share ("网络都想听听…", "物流都想听听…"
    → "网络", "物流"; "为什么说农村电商能带动产业兴旺", "…能让农民稳定增收" → "带动产业兴旺", "让农民稳定增收")."""
    head, tail = _shared_start(parts), _shared_start([p[::-1] for p in parts])
    return [p[head : len(p) - tail] or p for p in parts]


def _shared_start(texts: list[str]) -> int:
    """How many characters all the texts start with."""
    shortest = min(map(len, texts), default=0)
    return next((n for n in range(shortest) if len({t[n] for t in texts}) > 1), shortest)


def _things_listed(sentence: str) -> list[str]:
    """The question asked of each thing a sentence lists ("理论基础和研究结论分别是什么" → two; two things set against
    each other, each read with the whole question); [] when it lists none."""
    pair = _QUOTED_PAIR.search(sentence) or _VERSUS.search(sentence) or _UNQUOTED_PAIR.search(sentence)
    if pair:
        return [thing for thing in pair.groups() if thing]
    both = _RESPECTIVELY.match(sentence) or _EACH_DEFINED.match(sentence)
    if both and not _ASKS.search(both.group(1) + both.group(2)):  # two things, not two questions
        first, second, asked = both.groups()
        return [first + asked, second + asked]
    return _two_things(sentence) or _listed(sentence) or _listed_in_english(sentence)


def has_content(part: str) -> bool:
    """Whether a part names something ("论文有说吗", "does the paper mention it" only ask about the rest): a word
    that is not generic, or the kind of sentence it asks for ("几大问题？": 问题 is generic as "question")."""
    generic = set(load_lexicon().generic)
    return bool(specific_tokens(part, generic)) or type_named(part) is not None


#: Asking whether the paper gives something: "论文有没有具体的生态指标", "有写数字吗", "does she admit any limitations".
_ASKS_IF_GIVEN = re.compile(
    r"有没有|有無|有无|是否(?:有|提|讲|给)|有(?:写|提|讲|说|给|做|用)(?:过|到|了)?[^，,。？?什么啥哪怎]{0,12}(?:吗|嘛|没)"
    r"|\b(?:does|did|do) (?:the paper|it|she|he|they|the authors?|pei)\b[^?.,;]{0,40}?"
    r"\b(?:give|have|name|include|list|provide|use|report|rank|admit|discuss|contain|offer)\b"
    r"|\b(?:is|are) there (?:any|a|an)\b|^\s*any\b",
    re.I,
)


def asks_whether_given(part: str) -> bool:
    """Whether a sub-question asks whether the paper gives something ("论文有没有解释", "does it say"): of what the
    message names before it, whatever words of its own it has."""
    return _ASKS_IF_GIVEN.search(to_simplified(part)) is not None


def asks_if_given(text: str) -> bool:
    """Whether a question asks whether the paper gives some thing it names in the same clause ("有没有点名哪个网红";
    not "论文有说吗", which asks about the clause before it)."""
    pieces = _CLAUSE_BREAK.split(to_simplified(text))
    return any(_ASKS_IF_GIVEN.search(piece) and has_content(piece) for piece in pieces)


_CLAUSE_BREAK = re.compile(r"[，,。？?！!；;]+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
MIN_CLAUSE_CHARS = 5


def clauses(text: str) -> list[str]:
    """The clauses of a long message (between punctuation, or spaces in Chinese typed without it); [] for one."""
    found = [c.strip() for c in _CLAUSE_BREAK.split(text) if len(c.strip()) >= MIN_CLAUSE_CHARS]
    return found if len(found) > 1 else []
