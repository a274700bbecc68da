"""What a question asks for that the paper lacks (an order of steps, an amount, a ranking, a local figure …), read from
its nearness to the intent catalogue's gap examples; and the user's own words asking for it, which its line names.
"""

from __future__ import annotations

import re

from advisor.answering.catalogue import Gap, Match
from advisor.language import to_simplified
from advisor.text import numbers

#: A gap holds when the question is this near its examples, and nearer than to most kinds.
GAP_MIN = 0.55
GAP_KIND_MARGIN = 0.05
#: ... or, less near (English questions sit farther from every example), clearly nearer it than to any kind (dev
#: half: "What interest rate should we expect…" 0.40 against 0.30; "物流和品牌两方面该怎么做" 0.53 against 0.45 is not).
GAP_FLOOR, GAP_LEAD = 0.35, 0.1
#: ... or, for a clause of a longer question, this near and as clearly nearer it than to any kind ("想问先干啥后干啥"
#: 0.51 against 0.41: an order; "每一步大概多长时间" 0.54 against 0.26: a time).
CLAUSE_GAP_FLOOR = 0.50
#: ... or, when a text asks whether the paper gives something (``parts.asks_if_given``), its nearest gap this near
#: and not far below the nearest kind: asking whether a thing is there is what a gap's examples ask, and the nearest
#: kind is then the paper's sections that the clause names.
GIVEN_FLOOR, GIVEN_MARGIN = 0.40, 0.11
#: ... unless it asks for advice or examples, which the paper gives ("有没有一套像样的思路", "有没有类似的案例").
ADVICE_KINDS = ("how", "plan", "cases")
#: A gap the words of a text name (``GAP_FORMS``) holds when the text is about as near its examples as to the nearest
#: gap's ("要准备什么材料" is as near a platform's sign-up papers as an application's).
WORDED_MARGIN = 0.05
#: Gaps asked only in words of their own (``GAP_FORMS``): a ranking by a superlative, a comparison or a choice among
#: options ("哪个平台最好", "which suits us better", "哪种跟我们搭", "能排第几"); a question on what kinds or links
#: there are is near the ranking examples by "哪个" alone ("电商到底是通过哪几个环节帮乡村的", "what kinds of models
#: have formed"). The paper's own data and method are asked of in words naming them ("有没有做问卷", "any regression"),
#: and so is which provinces fall in which tier ("怎么划分的", "算东部还是西部", "which provinces"): a question whether
#: it speaks of a thing is near those examples by its frame alone ("论文有说要做深加工吗", "does the paper actually say
#: the central region should give subsidies…"). A place's own figure is asked in words naming a figure: a trouble
#: told of a named county ("最近差评好多 有人说小米里有虫 … 我们是山西沁县的") or a case asked how it worked ("论文里遂昌
#: 到底是怎么做的") is near those examples by its place name alone.
WORDS_REQUIRED = ("ranking", "empirical", "tier_list", "operation", "publication", "local_figure")
#: The gaps on the paper's own research (its limitations, its data, its sources): a question on whether it mentions
#: a thing is near their examples by its frame ("论文有没有讲…"), not by the thing.
PAPER_GAPS = ("limitations", "empirical", "no_source")


#: The words by which a question asks how much or how many in so many words, whatever kind it reads as ("投流一天花多少
#: 合适"); ``analysis.asks_quantity``'s other words ("数据", "rate") also name what a question is about.
_HOW_MUCH = re.compile(r"多少|\bhow (?:much|many)\b", re.I)


def asks_how_much(text: str) -> bool:
    """Whether a question asks how much or how many in so many words (``_HOW_MUCH``)."""
    return _HOW_MUCH.search(text) is not None


#: The words asking for something's weak sides (grammar, both languages): "优缺点", "有啥坏处", "pros and cons".
_DRAWBACKS = re.compile(
    r"缺点|劣势|弊端|坏处|(?<![a-z])(?:cons|drawbacks?|downsides?|disadvantages?|weaknesses|weak points)(?![a-z])", re.I
)


def asks_drawbacks(text: str) -> bool:
    """Whether a question asks for weak sides (``_DRAWBACKS``): of the paper's models, which it gives only the strengths
    and features of (§3.3: "此类模式的优势在于…")."""
    return _DRAWBACKS.search(to_simplified(text)) is not None


#: The words of a question on a gap (grammar, both languages): an order of steps ("先弄啥后弄啥", "先…还是…", "先抓啥", "怎么排",
#: "what first"), a time frame ("分年度", "多久", "with yearly targets"; a plan of so many years is ``SHAPES_ASKED``), a name ("具体哪家银行", "叫什么名字",
#: "which company"). They decide a gap that is also the text's
#: nearest (from ``GIVEN_FLOOR``): the clause "我们这种地方该先弄啥后弄啥" is 0.47 near the order examples, 0.40 near
#: how-questions; "有没有具体哪家银行的产品" 0.45 near the names examples.
GAP_FORMS: dict[str, re.Pattern[str]] = {
    "order": re.compile(
        r"先[^，,。；;]{0,12}?(?:后|再|还是)|先[^，,。；;？?]{0,3}?(?:啥|什么|哪)|先后|第一步|顺序|怎么排|哪个先"
        r"|排(?:个|一下)?(?:序|先后)"
        r"|(?<![a-z])(?:first step|in what order|(?:what|which)(?: \w+){0,3} first|prioriti[sz]e)(?![a-z])",
        re.I,
    ),
    "procedure": re.compile(
        r"(?:怎么|如何|咋|去哪|在哪|找谁|哪个部门|哪个单位)[^，,。？?]{0,6}?(?:申请|申請|申報|申报|报名|報名|办理|辦理|办手续|辦手續)"
        r"|(?:申请|申請|申报|申報|办理|辦理|报名|報名)[^，,。？?]{0,6}?(?:流程|条件|條件|材料|手续|手續|步骤)"
        r"[^，,。]{0,4}?(?:什么|什麼|啥|哪些|怎样|怎樣|吗|嗎|？|\?)"
        r"|(?:准备|準備|交|带|帶)(?:哪些|什么|什麼|啥)(?:材料|证明|證明|证件|證件|手续)"
        r"|(?<![a-z])(?:(?:how|where) (?:do |can |should )?(?:i |we |to )?apply|application (?:process|steps?|forms?)"
        r"|what documents|paperwork|which (?:office|department|agency))(?![a-z])",
        re.I,
    ),
    "timeline": re.compile(
        r"多久|多长时间|多長時間|(?:要|需要|得|用)[几幾]年|[几幾]年(?:能|才|内|內|可以)|时间表|時間表|分年度|每年(?:的)?目标"
        r"|第[一二三1-3]年"
        r"|(?<![a-z])(?:how long|timeline|schedule|roadmap|year[- ]by[- ]year|yearly|annual targets?|by when)(?![a-z])",
        re.I,
    ),
    "ranking": re.compile(
        r"最(?!近|新|后|终|早|初)|排名|排行|排个名|排序|排第|第几名|选哪|谁更|前几|更(?:好|强|适合|有效)|比较(?:好|适合|合适)"
        r"|哪(?:个|种|家|些|一种)[^，,。？?]{0,8}?(?:更|最|好|强|适合|合适|搭)|(?:适合|合适)[^，,。？?]{0,4}?哪"
        r"|(?<![a-z])(?:best|top|rank\w*|number one|lead(?:s|ing)? in|better|worst|most|least|suits? (?:us|me)"
        r"|(?:cheap|low|high|big|fast|larg|small|great|strong)(?:er|est))(?![a-z])",
        re.I,
    ),
    "names": re.compile(
        r"哪家|哪位|叫(?:什么|啥)名|(?<![a-z])(?:which|what) (?:compan(?:y|ies)|banks?|shops?|stores?|persons?)(?![a-z])",
        re.I,
    ),
}


#: A plan asked for in a shape the paper does not give it in: so many years ("三年规划", "三年plan", "a 3 year plan") is
#: a timeline, so many steps ("三步走", "分几步走", "a 3 step plan") an order. The words decide alone: the shape is what
#: is asked.
SHAPES_ASKED: dict[str, re.Pattern[str]] = {
    "timeline": re.compile(
        r"[一二两三四五1-5]\s*年[^，,。？?！!]{0,10}?(?:规划|计划|方案|規劃|計劃|plan|roadmap)"  # "三年plan"
        r"|(?<![a-z])(?:\d+|two|three|five)[- ]?(?:yr|year)s?(?: \w+){0,2} (?:plan|roadmap)(?![a-z])",
        re.I,
    ),
    "order": re.compile(
        r"[一二两三四五几1-5]\s*步[^，,。？?！!]{0,10}?(?:规划|计划|方案|走|規劃|計劃|plan|roadmap)"
        r"|(?<![a-z])(?:\d+|two|three|four|five)[- ]?steps?(?: \w+){0,2} (?:plan|roadmap)(?![a-z])",
        re.I,
    ),
}


#: The words by which a question asks for a quantity (grammar, both languages): "多少", "几个", "占比", "how many",
#: "what share", "data" (not "大数据"; "数字" is digital, as in 数字基建); a question on which things there are
#: ("论文介绍了哪些模式") asks for none.
QUANTITY = re.compile(
    r"多少|(?<![好十])几(?:[个种类条大项点成年倍天周月次人户家期]|成|小时|课时)|占比|比例|比重|增长了?几|增速|(?<!大)数据|统计|规模有多大|百分之|%|％"
    r"|\bhow (?:many|much|big|fast)\b|\b(?:figures?|numbers?|data|statistics?|percent(?:age)?|share|rate)\b",
    re.I,
)
#: The words a gap in ``WORDS_REQUIRED`` must be asked in, where they decide nothing alone: "这个数据是哪来的" names
#: data, yet asks for a source, not whether the paper has data of its own.
REQUIRED_FORMS: dict[str, re.Pattern[str]] = {
    # a quantity, or what is counted or measured: sales, growth, scale, a ranking, how the place is doing
    "local_figure": re.compile(
        QUANTITY.pattern
        + r"|增长|规模|销售额|零售额|交易额|营业额|营收|产值|销量|现状|排名|排第|发展得?(?:怎么样|如何)"
        r"|(?<![a-z])(?:sales|revenue|turnover|growth|volume|output|size|rank\w*)(?![a-z])",
        re.I,
    ),
    # the journal, which the title page does not give ("哪个期刊", "core journal")
    "publication": re.compile(
        r"期刊|杂志|雜誌|CSSCI|SSCI|影响因子|影響因子|(?<![a-z])(?:journal|impact factor)(?![a-z])",
        re.I,
    ),
    # who carries a measure out or pays for it ("谁来抽检", "集散中心谁出钱建", "who pays for it"): not how a thing
    # works, which the paper may say ("品牌准入、抽检、退出机制是啥意思", "那种模式具體是怎麼運作的")
    "operation": re.compile(
        r"谁(?:来|去|出|负责|管|建|搭|付|掏|维护|执行|抽检|说了算)|(?:钱|资金|经费)(?:从哪|由谁|谁出|哪里来|哪来)"
        r"|(?<![a-z])(?:who (?:will |would |should )?(?:pays?|runs?|does|builds?|is in charge|decides?|manages?"
        r"|maintains?|funds?)|who(?:'s| is) paying|paid for by|funded by)(?![a-z])",
        re.I,
    ),
    "tier_list": re.compile(
        r"划分|怎么划|分法|分区|界线|属于|归(?:到|为|入|属|哪)|算(?:是)?(?:东|中|西)|哪些省|省份|哪边|哪档|依据"
        r"|(?<![a-z])(?:divid\w*|division|classif\w*|which provinces|list the provinces|belongs?|count(?:s|ed)? as"
        r"|which (?:region|tier|belt)|basis)(?![a-z])",
        re.I,
    ),
    "empirical": re.compile(
        r"实证|實證|问卷|問卷|调查|調查|调研|調研|访谈|訪談|样本|樣本|回归|迴歸|回歸|计量|計量|数据|數據|定量|统计|統計"
        r"|实地|實地|方法|模型|检验|檢驗|验证|驗證"
        r"|(?<![a-z])(?:empiric\w*|surveys?|interviews?|regressions?|econometric\w*|quantitative|data|samples?"
        r"|statistic\w*|fieldwork|field (?:work|study|research)|methods?|methodology|model|tests?|tested|testing)(?![a-z])",
        re.I,
    ),
}


def leads_kinds(gap: str, match: Match) -> bool:
    """Whether a text is clearly nearer a gap's examples than any kind's (by ``GAP_LEAD``). What the paper itself
    lacks is asked as a question on the paper ("did the author test this framework with survey data?" is 0.44 near
    the empirical examples, 0.52 near the paper's, 0.31 the next kind's): that kind is no rival of it."""
    rival = max(v for k, v in match.kinds.items() if not (gap in PAPER_GAPS and k == "paper"))
    return match.gaps[gap] >= rival + GAP_LEAD


_ALL_FORMS = {**GAP_FORMS, **REQUIRED_FORMS}


def gaps_of(
    matches: list[Match],
    *,
    whole: bool = False,
    placed: bool = True,
    given: list[bool] | None = None,
    texts: list[str] | None = None,
) -> list[Gap]:
    """What the question asks for that the paper lacks: a gap near its examples and nearer than the same text is
    to most kinds; one clearly nearer than to every kind (the ``whole`` question or a sub-question from
    ``GAP_FLOOR``, a clause from ``CLAUSE_GAP_FLOOR``); or the nearest gap of a text asking whether the paper
    gives something (``given``, one flag per match; ``GIVEN_FLOOR``) — in the whole question or in one of its clauses
    ("…是先弄网还是先学直播啊" asks for an order); or a gap about as near as the nearest that the words of a text name
    (``GAP_FORMS``); or the shape a plan is asked in, by its words alone (``SHAPES_ASKED``)."""
    found: dict[str, float] = {}
    texts = texts or [""] * len(matches)
    worded = [{g for g, form in _ALL_FORMS.items() if form.search(t)} for t in texts]
    for match, asks_if_given, named, text in zip(matches, given or [False] * len(matches), worded, texts, strict=True):
        top_kind = max(match.kinds.values())
        nearest_gap = max(match.gaps, key=match.gaps.__getitem__, default=None)
        asks_if_given = asks_if_given and max(match.kinds, key=match.kinds.__getitem__) not in ADVICE_KINDS
        for gap, score in match.gaps.items():
            near = score >= GAP_MIN and score >= top_kind - GAP_KIND_MARGIN
            nearest = score >= (GAP_FLOOR if whole else CLAUSE_GAP_FLOOR) and leads_kinds(gap, match)
            is_given = asks_if_given and gap == nearest_gap and score >= max(GIVEN_FLOOR, top_kind - GIVEN_MARGIN)
            is_worded = gap in named and gap in GAP_FORMS
            is_worded = is_worded and score >= max(GIVEN_FLOOR, max(match.gaps.values()) - WORDED_MARGIN)
            unworded = gap in WORDS_REQUIRED and gap not in named  # a ranking is asked in words that rank
            if (near or nearest or is_given or is_worded) and (placed or gap != "local_figure") and not unworded:
                found[gap] = max(found.get(gap, 0.0), score)
        for gap, shape in SHAPES_ASKED.items():
            if shape.search(text):
                found[gap] = max(found.get(gap, 0.0), match.gaps.get(gap, 0.0))
    return sorted(found, key=lambda g: -found[g])[:2]  # type: ignore[return-value]


#: The gaps whose line names the user's own words for what is missing ("每个班多少人合适" → "关于“每个班多少人合适”：…"):
#: the quantity or time they lack differs from question to question; the others say it whole.
NAMED_GAPS = ("amount", "figure", "year", "timeline")
QUANTITY_GAPS = ("amount", "figure", "year")
#: ... a quantity asked in so many words: how much (``asks_how_much``), or what share (not "想跟几个合作社", not
#: "any number?").
_ASKS_SHARE = re.compile(
    r"比例|百分之|占比|几成|几个点|\bwhat (?:share|percentage)\b"
    # ... or a rate, by the unit it is counted per ("每斤补多少" aside, "the exact subsidy per kg")
    r"|每(?:斤|公斤|千克|吨|亩|单|件)|(?<![a-z])per (?:kg|kilo\w*|tons?|tonnes?|mu|order|parcel|unit|head)(?![a-z])",
    re.I,
)
#: ... when those words are short enough to quote (a long rambling clause is not repeated back).
MAX_ASKED_CHARS, MAX_ASKED_WORDS = 24, 12
#: What opens a clause without being asked ("比如一期搞几天", "还有，…", "and what…").
_OPENERS = re.compile(r"^(?:比如说?|例如|还有|另外|那么?|就是|请问|\s*(?:ok|okay|and|so|also|plus|btw),?\s+)+", re.I)


def asking_words(gaps: list[Gap], pieces: list[str], matches: list[Match]) -> dict[str, list[str]]:
    """For each gap whose line names it (``NAMED_GAPS``), every clause of the question that itself asks for it: a
    quantity in its words ("税率多少", "利润怎么分比例"), a time by nearness to the gap's examples. All or none:
    naming one of two would tell the user the other was answered ("…要投多少钱？补贴每吨能补多少？"). Only when each
    is short enough to quote, and none holds a figure (a number the sources lack is never written back)."""
    asked: dict[str, list[str]] = {}
    for gap in gaps:
        shape = SHAPES_ASKED.get(gap)
        by_shape = shape is not None and any(shape.search(piece) for piece in pieces)  # "三年的电商推进方案" asks it
        asking = [
            _OPENERS.sub("", piece.strip(" ，,。？?！!；;")).strip()
            for piece, match in zip(pieces, matches, strict=True)
            if (
                shape.search(piece) if shape is not None and by_shape
                else asks_amount(piece) if gap in QUANTITY_GAPS
                else match.gaps.get(gap, 0.0) >= GAP_MIN
            )
        ]  # fmt: skip
        words = list(dict.fromkeys(w for w in asking if w))
        if gap in NAMED_GAPS and words and all(map(_quotable, words)):
            asked[gap] = words
    return asked


def asks_amount(text: str) -> bool:
    """Whether a question asks how much or what share in so many words ("占售价的百分之几")."""
    return asks_how_much(text) or _ASKS_SHARE.search(text) is not None


def _quotable(words: str) -> bool:
    short = len(words.split()) <= MAX_ASKED_WORDS if words.isascii() else len(words) <= MAX_ASKED_CHARS
    return short and not numbers(words)
