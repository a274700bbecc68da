"""The forms of questions and clauses, read from their words (grammar, both languages): the kind a question word
says ("怎么" how, "为啥" why), a yes/no question or a claim check, a question on whether the paper mentions something,
a request for a quantity, a clause that asks, a clause that binds the advisor (an instruction) or speaks of the user.
Features for ``analysis``; pure functions over text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from advisor.answering.catalogue import Kind
from advisor.answering.gaps import QUANTITY, asks_how_much
from advisor.answering.parts import asks_if_given, asks_which
from advisor.knowledge.tokens import is_noun_phrase, names_a_thing
from advisor.language import to_simplified
from advisor.text import clause_pieces, split_sentences

#: The question words of a kind, in either language: a feature added to the catalogue's nearness, so that
#: "…怎么补强？" is a how-to even when its topic words sit nearer to the examples of causes ("论文怎么说/咋看"
#: asks what the paper says, "怎么定义/理解" what something is, not how to do something).
FORMS: dict[Kind, re.Pattern[str]] = {
    "how": re.compile(
        r"(?:怎么|咋)(?![说讲看会写]|回事|定义|界定|理解|解释|评价|看待|判断|认为|分析|描述|总结|概括|归纳)"
        r"|如何(?!看|定义|界定|理解|解释|评价|判断|分析|描述|总结|概括|归纳)|怎样|该做|从哪|应该(?!算|是|属于|在|会|不|有|没)|\bhow (?:do|can|should|to|could)\b|\bwhat should\b"
        r"|\bwhat (?:do|can|could|must) (?:be done|\w+ do)\b|\bwhat to do\b|\bwants? (?:us |me |them )?to do about\b|\bwhat\b.{0,40}\b(?:recommend|suggest|advise)|(?:什么|啥|哪些)建议"
        r"|要不要|该不该|需不需要|\bshould (?:we|i)\b"  # whether to do something is advice asked for
        r"|(?:什么|啥|哪些|有|没)(?:好的?)?(?:办法|法子|招)"  # "有啥办法", "有没有好法子": a way to do it asked for
        r"|注意(?:点|些)?(?:啥|什么|哪些)|\bwhat (?:should|to) (?:we |i )?(?:watch out for|pay attention to|be careful)"
        r"|(?:怎么|如何)[说讲](?:要|该|应该|应)?(?:解决|应对|处理|改善|改进|办|做)",  # "论文怎么说要解决"
        re.I,
    ),
    # "怎么解释这个现象"; "咋会搞成这样", "怎么会卖不动" ask how come
    "why": re.compile(
        r"为什么|为啥|为何|凭(?:啥|什么)|(?:什么|啥)原因|(?:怎么|如何)解释|(?:怎么|咋)会|\bwhy\b|\bhow come\b", re.I
    ),
}
FORM_BONUS = 0.05
#: A plan asked for in so many words ("give me a plan", "write a proposal", "帮我们出个方案"), not "what can we do".
PLAN_NAMED = re.compile(r"规划|方案|\b(?:plan|proposal)\b", re.I)
#: ... or advice asked for ("有啥建议", "理个思路", "what does the paper suggest").
_ADVICE_NAMED = re.compile(r"计划|思路|建议|\bstrateg|suggest|recommend|advi[cs]e", re.I)


def asks_for_plan(text: str) -> bool:
    """Whether a question asks for a plan or advice in so many words, or asks how (``FORMS``)."""
    simple = to_simplified(text)
    return any(form.search(simple) for form in (PLAN_NAMED, _ADVICE_NAMED, FORMS["how"]))


def asks_quantity(text: str) -> bool:
    """Whether a question's words ask for a quantity (``gaps.QUANTITY``); ``gaps.asks_how_much`` only in so many
    words."""
    return QUANTITY.search(text) is not None


def asks_if_given_thing(text: str, question: str) -> bool:
    """Whether a question (or its clause ``text``) asks whether the paper gives some thing other than a figure ("有没有
    点名哪个网红"; a figure missing is ``verdict.figure_gaps``' to say, in its own words: "…多少億元？論文有給總額嗎")
    or advice or causes ("论文有没有讲怎么管", "paper里有没有解释logistics为啥这么贵" ask how and why, which the paper
    answers)."""
    return asks_if_given(text) and not (asks_quantity(text) or asks_how_much(question) or says_its_kind(text))


#: The form of a yes/no question or a claim check, in either language (a feature for the claim kind): a closing
#: particle or tag ("…吗", "…, right?"; "…吧" after a statement — "是美国人提出的吧", not "给个规划吧"), a closing
#: A-not-A question ("…行不行", "…对不对"), or a statement of what the paper says put as a question
#: ("论文说物流成本会超过产品价值，所以农产品不适合网上卖？"; not when it asks which or what: "论文提到哪几种模式？",
#: "what does the paper say we should do first?").
_YES_NO = re.compile(
    r"吗(?:[，,？?。]|\s*$)|(?:是|算|属于|应该|会|在|论文说|认为|提出)[^，,。？?]*吧(?:[？?。]?\s*$|[，,])"
    r"|(.)不\1[？?。]?\s*$|对吧|对不对|是不是|是否|有没有说|真的吗|没错吧"
    r"|^(?:论文|文章|作者)(?:里)?(?:说|认为|提到)(?!.*(?:哪|什么|啥|怎么|如何|多少|几[种个条点项类])).*[？?]\s*$"
    r"|\b(?:is it true|(?:right|correct)\?|(?:yes|true)\?\s*$|isn't it|(?<!what )(?<!how )(?<!why )does the paper say|"
    r"(?<!what )(?<!how )(?<!why )did the (?:paper|author) say|is that (?:true|right))",
    re.IGNORECASE,
)
#: The form of a question on whether the paper speaks to a subject at all ("论文有没有说…", "论文有说吗",
#: "does the paper mention it"): yes when the sources cover it, however the user worded the subject.
_MENTION = re.compile(
    r"有没有(?:说|提|讲|谈|写)|有(?:说|提|讲|谈)(?:到|过)?[^，,。？?！!]{0,20}?[吗嘛]|提到(?:了|过)?[吗嘛]|讲(?:了|过)?[吗嘛]"
    r"|(?:论文|文章|paper)\s*(?:里|中|上)?\s*(?:有没有|有[吗嘛没])\s*[？?]?\s*$"  # "…剪映剪视频、怎么投 Dou+，论文有吗"
    r"|\b(?:does|did) (?:(?:the |this )?paper|it|(?:the )?author) (?:mention|talk about|discuss|cover|say (?:any|some)thing)\b"
    r"|\b(?:is|was) there anything (?:[\w ]{0,30}?)(?:about|on)\b",
    re.IGNORECASE,
)
#: A question that opens with a question word asks that (why, how, what …), whatever follows: "Why does the paper
#: say 'secure the basics' for the West?" is not a yes/no question.
_WH_OPENING = re.compile(r"^\s*(?:why|how|what|which|where|when|who|为什么|为啥|为何|怎么|如何|哪些|什么|谁)", re.I)


#: A request to the advisor put as a question ("论文的结论能帮我概括下吗", "能summarize一下主要有哪几大问题吗", "can you
#: give me a plan?"): asks for something to be done, not whether something holds.
_REQUEST = re.compile(
    r"(?:帮|给|替)我(?!们)|请你|麻烦你|(?:能|可以)(?:不能|不可以)?[^，,。？?]{0,15}?一下|\b(?:can|could|would) you\b|\bplease\b",
    re.I,
)
#: A claim the user states: attributed to the paper, to someone or to their own belief ("论文说…", "论文里的曹县案例
#:是…", "听人讲…", "我记得是…", "a colleague says…", "I thought…"), or put with a tag that asks to confirm it ("…对吧",
#: "…是这样吗", "…, right?"): what the paper does not say is then not so. A question put directly ("真能带起来吗",
#: "是作者自己提出来的吗") is not judged by what the paper leaves out.
_STATED = re.compile(
    r"(?:论文|文章|作者|文中|本文|paper)\s*(?:里|中|上)?\s*(?:是不是)?(?:说|认为|讲|提到|指出|写|主张)"
    r"|(?:论文|文章|文中|本文)(?:里|中)?的|听说|听人(?:讲|说)|有人(?:说|讲)|据说|我(?:记得|以为|印象)"
    r"|(?:同事|老师|导师|领导|朋友|别人|亲戚|邻居|[表堂]?[哥姐弟妹]|[舅叔伯姨]+)(?:说|讲|告诉)"
    r"|\b(?:the )?(?:paper|author|article|study) (?:says|said|claims|argues|states|thinks|treats|shows|tells)\b"
    r"|\bdoes the (?:paper|author) say\b|\bI (?:heard|read|thought|remember)\b"
    r"|\b(?:someone|people|my \w+|a colleague) (?:says|said|told)\b"
    r"|(?<!不)对吧|对不对|是吧|没错吧|对吗|是这样吗|(?:是|算|属于|应该|在)[^，,。？?]*吧|\b(?:right|correct)\?|\bisn'?t it\b|\bis (?:it|that) (?:true|right)\b",
    re.I,
)


def asks_yes_or_no(text: str) -> bool:
    """The form of a yes/no question or a claim check (``_YES_NO``; an English question opened by a verb of being or
    doing, "Is Cao County famous for garlic?"; a claim stated and asked, "听说论文里曹县是靠卖大蒜出名的？") in a
    sentence that no question word opens ("I'm from Suichang. What does the paper say our county did?" is not one)
    and that asks nothing of the advisor (``_REQUEST``)."""
    return any(
        (_YES_NO.search(s) is not None or _POLAR.match(s) is not None or _stated_and_asked(s))
        and _WH_OPENING.match(s) is None
        and _REQUEST.search(s) is None
        for s in split_sentences(text)
    )


#: An English question opened by a verb of being or doing (not "should we…", "can I…": advice asked).
_POLAR = re.compile(r"^\s*(?:is|are|was|were|does|did|has|have)\b[^?]*\?\s*$", re.I)


#: Whether there is something at all ("有没有具体的例子", "is there any data"): not a claim that holds or not.
_EXISTS = re.compile(r"有没有|有无|\b(?:is|are) there\b", re.I)


def _stated_and_asked(sentence: str) -> bool:
    """A claim stated ("听说…", "论文说…") and put as a question, with no question word: whether it holds is asked
    (not whether there is something: "论文里讲新农人直播，有没有具体的例子？")."""
    asked = sentence.rstrip().endswith(("？", "?")) and _EXISTS.search(sentence) is None
    asks_what = asks_which(sentence) or form_of(sentence) is not None
    return asked and _STATED.search(sentence) is not None and not asks_what


def says_its_kind(text: str) -> bool:
    """Whether a question's own words say what kind it is: a question word of a kind ("怎么", "why")."""
    return form_of(text) is not None


def form_of(text: str) -> Kind | None:
    """The kind a question's own question word says ("怎么" how, "为啥" why), if any."""
    return next((kind for kind, form in FORMS.items() if form.search(text)), None)


#: The words by which a question asks where in the paper something is discussed ("论文是把曹县放在哪一种模式底下讲的",
#: "在哪一节讲的", "which section discusses …", "under which model does the paper put …").
_WHERE_DISCUSSED = re.compile(
    r"(?:放在|归在|归到|归于|属于|写在|讲在)哪(?:一)?(?:种|个|类|部分|节|章)"
    r"|哪(?:一)?(?:种|个|类)?(?:模式|部分|节|章|小节|类型)(?:底下|下面|之下|里面?|中)\S{0,3}?(?:讲|说|写|提|介绍|讨论)"
    r"|\b(?:which|what) (?:section|part|chapter|model|heading)\b[^?]{0,40}?\b(?:under|discuss(?:es|ed)?|talks? about|"
    r"mentions?|covers?|puts?|places?)\b|\bwhere (?:in the paper|does the paper (?:discuss|talk about|mention|put))"
    r"|\bin (?:which|what) (?:section|part|chapter)\b|在哪(?:一)?(?:部分|节|章)|哪(?:一)?(?:部分|节|章)(?:里|中)?(?:提|讲|说|写)",
    re.I,
)


def asks_where_discussed(text: str) -> bool:
    """Whether a question asks under which part of the paper something is discussed (``_WHERE_DISCUSSED``): the
    answering sentence's section and heading answer it."""
    return _WHERE_DISCUSSED.search(to_simplified(text)) is not None


def states_a_claim(text: str) -> bool:
    """Whether the question states a claim to be checked, not asks directly (``_STATED``)."""
    return _STATED.search(text) is not None


def asks_if_mentioned(text: str) -> bool:
    """Whether a question asks if the paper speaks to a subject at all (``_MENTION``)."""
    return _MENTION.search(text) is not None


#: The words by which a question asks whether the paper mentions something, and the paper itself: what is left
#: names the thing ("paper有没有讲跨境电商" → "跨境电商").
_MENTION_FRAME = re.compile(
    r"有没有|有無|有无|是否|(?:说|提|讲|谈|写)(?:到|过|了)?|[吗嘛呢没]|论文|文章|本文|作者|这篇|the paper|this paper|at all"
    r"|\b(?:does|did) (?:it|the author) |\b(?:mention|talk about|discuss|cover|say (?:any|some)thing(?: about)?)\b",
    re.I,
)


def unmentioned(text: str, unused_words: Callable[[str], set[str]]) -> list[str]:
    """What a question asking whether the paper mentions something names, in the user's words, when the sources use
    none of its words ("paper有没有讲跨境电商" → ["跨境电商"], "does the paper mention blockchain or NFT" → ["blockchain",
    "NFT"]); [] when they use one ("…environment / green stuff at all", "论文有没有说直播") or it asks no such thing.
    A clause asking it that names nothing asks of the things the clause before it lists ("…用剪映剪视频、怎么投
    Dou+，论文有吗": the sources use 视频, not Dou+)."""
    pieces = clause_pieces(text) or [text]
    for n, clause in enumerate(pieces):
        if not asks_if_mentioned(clause):
            continue
        thing = _MENTION_FRAME.sub(" ", clause)
        things = [thing] if names_a_thing(thing) or n == 0 else _LIST_JOINER.split(pieces[n - 1])
        named = [name for t in things for name in _unused_names(t, unused_words)]
        if named:
            return list(dict.fromkeys(named))
    return []


#: What joins the things of a list (grammar, both languages).
_LIST_JOINER = re.compile(r"[、/]|(?<=[\u4e00-\u9fff])(?:和|跟|与|或者?)|\s+(?:and|or)\s+", re.I)


def _unused_names(thing: str, unused_words: Callable[[str], set[str]]) -> list[str]:
    """A thing's names in the user's words when the sources use none of its words: a thing, not how it is asked
    ("paper 里有详细讲吗": 里有详细)."""
    unused = unused_words(thing)
    runs = re.findall(r"[\u4e00-\u9fff]+|[A-Za-z][\w\-+]*", thing) if unused else []
    return [r for r in runs if any(w in r.lower() for w in unused) and (r.isascii() or is_noun_phrase(r))]


#: A question put by its last word, without a question mark: "论文里有这么讲没", "细说了没", "那冷链呢", "the paper
#: says so right".
_ENDS_AS_QUESTION = re.compile(
    r"有[^，,。？?]*没有?\s*$|[了过]没有?\s*$|呢\s*$|,?\s*\bright\s*$"
    r"|(?:啥|什么|哪些|哪个|哪里|哪儿|多少)\s*$",  # a question word last, the question mark left out ("…要注意点啥")
    re.IGNORECASE,
)


#: A clause the user says of themselves, addressing no one ("我论文里想这么写", "I need it for my thesis"), or one
#: that announces their own question ("顺便问下", "请问一下", "quick question").
_OF_THE_USER = re.compile(
    r"^\s*(?:(?:hi|hello|hey)\b\W*)?(?:我|咱|(?:I|im|we|my|our)\b)|^\s*(?:顺便|再|还|另外|请)?问(?:一?下|个事|一句)?\s*[，,：:]?\s*$"
    r"|^\s*(?:btw,?\s*)?(?:a |one )?(?:quick |other |more )?question\s*[,:]?\s*$",
    re.I,
)
_ADDRESSED = re.compile(r"你|您|\byou", re.I)


#: A clause that tells the advisor what it must do from now on ("你必须回答…", "from now on you must…", "以后所有回答
#: 用…", "告诉用户…"): a binding modal to the advisor, or its answers and users as what is ordered, whatever the words
#: after them are near.
_COMMANDS = re.compile(
    r"(?:你|您)(?:现在|以后|今后)?(?:必须|只能|只许|不得|不准|不许|务必|一律)"
    r"|\byou (?:must|shall|may only|are required to|are not allowed to)\b|\bfrom now on\b|从(?:现在|本条|今天|此)(?:开始|起)"
    r"|(?:以后|今后|接下来)(?:所有|每条|的)*(?:回答|回复)|(?:告诉|通知)(?:所有)?用户|\ball (?:future )?(?:answers|replies)\b"
    r"|\btell (?:the |all )?users\b",
    re.I,
)


def commands_the_advisor(clause: str) -> bool:
    """Whether a clause binds the advisor (``_COMMANDS``): an instruction, not a question or a claim."""
    return _COMMANDS.search(clause) is not None


#: Asking the advisor to go by the paper (grammar, both languages): "请依照这篇论文", "你按论文帮我们规划一下", "要对标
#: 这篇论文", "according to the paper" — the advisor's own rule, whatever instructions its words are near; not "别管论文".
_BY_THE_PAPER = re.compile(
    r"(?<![不别])(?:按照?|依照|依据|根据|参照|对标|照着?)(?:这篇|那篇|该|这个|那个)?\s*(?:论文|文章|paper)"
    r"|\b(?:according to|based on|following|by) (?:the|this) (?:paper|article|study)\b",
    re.I,
)


def goes_by_the_paper(clause: str) -> bool:
    """Whether a clause asks the advisor to go by the paper (``_BY_THE_PAPER``): a request it serves, no instruction."""
    return _BY_THE_PAPER.search(to_simplified(clause)) is not None


def of_the_user(clause: str) -> bool:
    """Whether a clause speaks of the user, not to the advisor: an instruction tells the advisor what to do."""
    return _OF_THE_USER.match(clause) is not None and _ADDRESSED.search(clause) is None


def tells_only(clause: str) -> bool:
    """Whether a sentence only tells of the user, asking nothing ("我们论文课老师让拿这篇做读书报告")."""
    return of_the_user(clause) and not is_question(clause) and not asks_which(clause)


def is_question(text: str) -> bool:
    """Whether a clause asks something itself: a question mark, a question word, a yes/no form or a last word
    that asks."""
    if re.search(r"[？?]", text) or _ENDS_AS_QUESTION.search(text.strip(" 。.!！")):
        return True
    return any(f.search(text) for f in FORMS.values()) or asks_yes_or_no(text)


def put_as_question(part: str, text: str) -> bool:
    """Whether a sub-question of a message asks (a question mark after it in the message, or its own question form)."""
    return is_question(part) or re.search(rf"{re.escape(part)}\s*[？?]", text) is not None


#: A question asking how many things there are ("说了几条途径", "how many ways"; not "会的那几个").
_ASKS_HOW_MANY = re.compile(
    r"(?<![那这])几(?:个|条|点|方面|种|类|块|项|篇|章|部分|大|环节)|多少(?:个|条|点|种|类|块|项|篇)|\bhow many\b", re.I
)


def asks_how_many(text: str) -> bool:
    """Whether a question asks how many things there are (``_ASKS_HOW_MANY``)."""
    return _ASKS_HOW_MANY.search(text) is not None


#: A question asking what each part holds ("每章讲啥", "每部分大概讲啥", "一共几个 chapter, 每个讲什么", "what each
#: chapter covers"): grammar, "each" with a part or with a verb of saying.
_ASKS_EACH_PART = re.compile(
    r"每(?:一)?(?:章|部分|个部分|节|块|个)(?:都|大概|分别|具体)?(?:讲|说|写|是|介绍|有)|各(?:章|部分|节)(?:都|分别)?(?:讲|写|说)"
    r"|\beach (?:chapter|part|section)\b|\bwhat (?:each|every) (?:one|chapter|part|section)\b",
    re.I,
)


def asks_each_part(text: str) -> bool:
    """Whether a question asks what each part of something holds (``_ASKS_EACH_PART``)."""
    return _ASKS_EACH_PART.search(to_simplified(text)) is not None


#: A question asking when things were published ("2026年的占几篇", "最早的一篇是哪年的", "how many are from 2025",
#: "the oldest one"): a year, or a word asking for one or for the first or last in time.
_ASKS_YEARS = re.compile(
    r"(?:19|20)\d\d|哪一?年|年份|最早|最新|最近|\b(?:years?|earliest|oldest|latest|newest|recent)\b", re.I
)


def asks_years(text: str) -> bool:
    """Whether a question asks when things were published (``_ASKS_YEARS``)."""
    return _ASKS_YEARS.search(text) is not None


#: Words the user quotes ("曹县的“大蒜”品牌", "第二条那个“家门口就业”"): a name to be found as written, or what an
#: earlier answer said, pointed at.
QUOTED = re.compile(r"[“「『\"]([^”」』\"]{2,30})[”」』\"]")


#: A question asking what a term means ("“客货邮融合”到底是个啥", "C2M模式啥意思", "what does 'C2M' mean").
_MEANING = re.compile(
    r"(?:是|指)?(?:什么|啥)意思|(?:到底|究竟)是(?:个)?(?:啥|什么)|指(?:的?是)?(?:什么|啥)|怎么理解"
    r"|\bwhat (?:does|do)\b.{0,40}\bmean\b|\bwhat(?: is|'s| are)\b.{0,30}\b(?:meaning|mean)\b",
    re.I,
)


#: ... or, unquoted, the thing a clause opens with and asks what it is ("社区团购是个啥", "C2M模式是什么意思").
_WHAT_IT_IS = re.compile(
    r"(?:^|[，,。？?！!\s])(?:那|那个|这个)?([\u4e00-\u9fffA-Za-z0-9]{2,10}?)(?:到底|究竟)?"
    r"(?:是个?(?:啥|什么)(?:意思|东西)?|(?:是|指)?(?:什么|啥)意思|指的?是(?:什么|啥))(?=[\s，,。？?！!吗呢啊呀]|$)"
)


def terms_asked(text: str) -> list[str]:
    """The terms a question asks the meaning of: those it quotes, in a question asking what something means
    ("新闻里老说“客货邮融合”，到底是个啥？" → ["客货邮融合"]; "“农产品上行、工业品下行”…到底啥意思" → both); [] for any
    other question."""
    text = to_simplified(text)  # "「一人帶動一片」是什麼意思": the sources' sentences are in simplified characters
    if not _MEANING.search(text):
        return []
    return list(dict.fromkeys(t.strip() for quoted in QUOTED.findall(text) for t in _LIST_JOINER.split(quoted)))


def things_asked_what(text: str) -> list[str]:
    """The terms a question asks the meaning of, quoted (``terms_asked``), or else the thing a clause opens with and
    asks what it is (``_WHAT_IT_IS``: "社区团购是个啥 论文里有提吗" → ["社区团购"]): whether the paper ever says what
    they are is checked (``evidence.mentions_only``)."""
    return terms_asked(text) or list(dict.fromkeys(_WHAT_IT_IS.findall(to_simplified(text))))
