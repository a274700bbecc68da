"""The verdict of a yes/no question or a claim check: 是/不是/不完全 (Yes/No/Partly), decided by the answering
sentences, before them.

Two forms are told apart. "论文有没有说…/does the paper mention…" asks whether the paper speaks to a subject:
yes when an answering sentence is near the question, whatever everyday words the user put around it ("要借钱扩大规模，
论文有说吗"), and no verdict otherwise ("有没有提 future research": the paper has none). "论文说…对吧/Is it true
that…" states a claim, which is checked:

- a figure against the paper's figure *for the same subject* (``figure_verdict``);
- a Chinese claim naming something the sources never use ("美国社会学家") is not the paper's: no, when the user
  states the claim ("论文说…", "听人讲…", "…对吧"); a question put directly ("…吗") gets no verdict. A word that names
  no thing ("想确认一下", "已经", "这边": how the user puts it) does not, when the sentences hold the rest of the claim;
- a claim naming a person, place or body the answering sentences do not, where they name another ("Zhejiang
  University" against "江苏大学", "by Max Weber" against "卡龙、拉图尔"), or a year they do not give, where they give
  another ("发表是2025年？" against "2026年6月23日 发表"): no — the entity a false premise swaps (``_swapped_name``);
  a closing tag that names nothing the sources speak of ("还是瞎传的", "is that right?") is no claim of its own;
- a claim word the sources hold only negated ("发达" where the paper says "欠发达"): no;
- an absolute claim ("only", "都") where the answering sentence hedges ("部分", "some"): partly;
- a claim of several parts, some holding and some not: partly;
- a claim that the paper has what it lacks ("the paper is based on a survey of 300 farmers, right?", a question
  that mainly asks for a catalogue gap): no, said before the gap (``lacking_verdict``); yes for a claim that it
  lacks it ("论文没做问卷调查对吧");
- otherwise by the share of the claim's informative words the answering sentences hold, each word weighted by
  how rare it is in the sources (idf): "家门口就业" decides, "农村电商" (in every other sentence) hardly does. Below
  the share, a stated claim holds partly, and far below it not at all; a direct question gets no verdict.

A request put as a question ("能帮我概括下吗") is none of these (``analysis.asks_yes_or_no``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

from advisor.answering.analysis import Analysis, names_a_part, names_the_paper
from advisor.answering.catalogue import Gap
from advisor.answering.citations import CitationBook
from advisor.answering.draft import Phrases, clean_quote, marker
from advisor.answering.forms import (
    QUOTED,
    asks_if_mentioned,
    asks_yes_or_no,
    is_question,
    put_as_question,
    says_its_kind,
    states_a_claim,
)
from advisor.answering.gaps import asks_amount
from advisor.answering.parts import PAPER_SAID, asks_which
from advisor.answering.selection import Ranked
from advisor.answering.understand import asks_for_parts
from advisor.knowledge.tokens import framing_words, has_paper_term, proper_names, specific_tokens
from advisor.language import to_simplified
from advisor.text import CLAUSE_MARKS, clause_pieces, clause_with, has_cjk, numbers, tokenize, years

#: A figure asked for is one the paper gives when one of its statistics is this near the question (cosine; dev2-4:
#: the growth figures asked for 0.32-0.52, income figures or a conversion rate 0.18 and below).
FIGURE_SIMILARITY = 0.3
#: ... and one of the statistics nearest it writes a figure in the unit asked ("那绝对金额是多少亿？": growth rates do not).
MAX_STATISTICS = 3
#: The unit a question asks a quantity in ("多少亿", "几万", "多少钱"; "in yuan", "how much money", "how many billion"),
#: as the paper would write it.
_ASKED_UNIT = re.compile(
    r"(?:多少|几)\s*([亿万元%％倍]|钱|块)"
    r"|\b(?:in|how many|how much(?: in)?) (yuan|rmb|money|billions?|percent)\b|\bhow much (money)\b",
    re.I,
)
_UNIT_WRITTEN = {"钱": "元", "块": "元", "％": "%", "yuan": "元", "rmb": "元", "money": "元", "billion": "亿",
                 "billions": "亿", "percent": "%"}  # fmt: skip
#: ... or asks a count ("多少家", "几个村", "how many"), which a figure written as a count answers ("3 万个").
_ASKED_COUNT = re.compile(r"(?:多少|几)\s*[个家人名户村]|\bhow many\b", re.I)
_COUNT_WRITTEN = r"\d\s*[万亿]?\s*[个家人名户村]"

#: The ranked sentences searched for the question's figures.
FIGURE_SENTENCES = 40
#: The form words of a claim check and its attribution ("论文说…对吧", "the paper says … right?"): not the claim.
_YES_NO_FORM = re.compile(
    r"是不是|是否|对不对|对吧|有没有|真的假的|(?:是)?真的|吗|吧|呢|听(?:人|别人)?[说讲]|有人[说讲]|据说"
    r"|(?:论文|文章|作者)(?:里)?(?:说|认为|提到)|这篇(?:论文|文章)?|(?:这个?|的)意思"
    r"|\b(?:right|yes|true|correct)\?|\b(?:the )?(?:paper|author) (?:says|said|claims|argues|thinks)\b"
    r"|\bis it (?:true|correct|right) that\b",
    re.I,
)
#: A name a claim quotes in single quotes ("the 'Caoxian bamboo charcoal' brand"; not "the farmers' income").
_SINGLE_QUOTED = re.compile(r"(?<![A-Za-z])'([^']{2,30})'(?![A-Za-z])")
#: A question on whether the paper speaks to a subject is answered yes when an answering sentence is this near it
#: (cosine; dev sets: "要借钱扩大规模，论文有说吗" 0.30, "有没有提 future research 方向" 0.21 — the paper has none).
MENTION_SIMILARITY = 0.28
#: A claim whose informative words (idf-weighted) the answering sentences hold at this share is confirmed; one the
#: user states whose words they hold below the lower share is not what the paper says (dev2-dev22's stated claims
#: below 0.3: four of five were false — "young people come back mainly because the government pays subsidies").
CONFIRM_SHARE = 0.6
NOT_SAID_SHARE = 0.3
#: Absolute words of a claim, and the hedges of a source that make it only partly true (grammar, both languages).
_ABSOLUTE = re.compile(
    r"只有|只能|只是|仅仅|全都|全部|所有|都是|就是(?!说)|无非|\b(?:only|all|every|always|never|entirely|just)\b", re.I
)
_HEDGE = re.compile(r"部分|一些|有的|某些|少数|\b(?:some|part of|certain|a few|several)\b", re.I)
#: Prefixes that negate the word they are glued to in Chinese (欠发达, 不完善, 非农, 未形成, 缺乏…).
_NEGATING = ("欠", "不", "非", "未", "无", "缺乏", "难以")


class Verdicts:
    """Word rarity over the sources, for weighing a claim's words; built once per evidence set."""

    def __init__(self, texts: list[str], generic: set[str]) -> None:
        self.df: Counter[str] = Counter(t for text in texts for t in set(tokenize(text)))
        self.n = max(len(texts), 1)
        self.generic = generic

    def idf(self, token: str) -> float:
        return math.log((self.n + 1) / (self.df[token] + 1))

    def verdict(self, a: Analysis, chosen: list[Ranked], ranked: list[Ranked], book: CitationBook,
                p: Phrases) -> list[str]:  # fmt: skip
        """The verdict line(s) of a claim check or a yes/no question ([] for any other question)."""
        if not chosen or not (a.numbers or a.yes_no) or a.sections_asked or a.sourced:
            return []  # how two parts of the paper relate ("第4章和第5章一一对应吗") is its structure: shown, not judged;
            # where a figure comes from ("6.7%那个数据出处是哪") is not whether it holds
        if a.numbers and not a.yes_no and asks_which(a.u.text) and not states_a_claim(a.u.text):
            return []  # a figure named in a question on it ("what does the 6.7% figure refer to?") is not a claim
        if a.numbers:
            return figure_verdict(a, ranked, book, p)
        if lacking_verdict(a):
            return []  # said before the gap line, by the answer's writer
        if a.mention:  # the paper speaks to it when its own answering sentence (not the title page's) is near, and
            # it is not a quantity the paper lacks ("…有没有说能贷多少、利率多少": its gap line answers, in those words)
            if a.gap_first or any(a.gap_asked.values()):  # "论文自己有没有写局限性？": its gap line says no
                return []
            if _asks_which_given(a.parts):  # "…提了哪些要求？论文里有没有写具体是哪几年": which years, not whether
                return []
            body = [r for r in chosen if r.unit.type != "meta"]
            return [p("verdict_yes")] if body and body[0].similarity >= MENTION_SIMILARITY else []
        # a claim about a case the question names is checked against what the paper says of that case
        texts = [f"{r.unit.zh or ''} {r.unit.en or ''}" for r in chosen]
        held = " ".join([t for t in texts if a.speaks_of_named_case(t)] or texts)
        # each claim of several ("是平台+农户+合作社对吧，而且主要在发达地区？"), not a part that asks what, which, why
        # or how ("西部为啥发展慢？另外论文是不是说政策偏向东部？" checks one claim)
        # nor one the user only tells ("我在甘肃岷县种当归。论文是不是说…"), which claims nothing of the paper
        claims = [
            part for n, part in enumerate(a.parts) if not (n in a.told or asks_which(part) or says_its_kind(part))
        ] or _stating(a.parts)
        # ... nor one on the user's own case ("…回来包地种草莓的，我这种算不算？"), which the paper cannot decide
        claims = [part for part in claims if not _on_the_user(part)]
        # "X 对吧, and Y?": the tag states both parts; not when what states it is a part asking how ("文章裡講的…模式
        # 具體是怎麼運作的？我們合作社有個年輕人在拍抖音，不知道算不算": the user's own case, which the paper cannot decide)
        asking = [part for part in a.parts if part not in claims]
        if asking:  # beside a part that asks, what the user tells neither of the paper nor as a question is their
            # story ("…評論區老有人說是假貨…買家不信。論文有什麼辦法讓買家相信嗎？"): no claim of the paper's
            claims = [part for part in claims if put_as_question(part, a.u.text) or names_the_paper(part)]
        stated = states_a_claim(a.u.text) and not any(states_a_claim(part) for part in asking)
        verdicts = {self._claim(part, held, stated or states_a_claim(part)) for part in claims} - {None}
        if not verdicts:
            return []
        return [p(f"verdict_{verdicts.pop() if len(verdicts) == 1 else 'partly'}")]

    def _claim(self, question: str, held_text: str, stated: bool) -> str | None:
        """yes / no / partly for one claim, against the text of the answering sentences; None when the sources
        cannot decide it. What the sources never say decides only a claim the user states (``states_a_claim``:
        "论文说…是美国社会学家提出的吧": no); a question put directly ("真能把村里人带起来吗", "是作者自己提出来的吗")
        is not answered no because the paper uses other words — it gets the answering sentences without a verdict."""
        quoted = [*QUOTED.findall(question), *_SINGLE_QUOTED.findall(question)]
        if any(_squeezed(term) not in _squeezed(held_text) for term in quoted):
            return "no" if stated else None  # a name quoted is the paper's only as written ("企业+合作社+农户")
        claim = _claimed(question)
        if _swapped_name(claim, held_text):
            return "no" if stated else None  # "美国社会学家" where the sentences say "法国社会学家卡龙…"
        claimed = _YES_NO_FORM.sub(" ", claim)
        specific = specific_tokens(claimed, self.generic)
        held = set(tokenize(held_text))
        negated = [t for t in specific if has_cjk(t) and _only_negated(t, held_text) and not _only_negated(t, claimed)]
        if negated or _reversed(question, held_text):  # "发达" of "欠发达" is negated in both: no turn round
            return "no"
        if not any(self.df[t] or has_paper_term(t) for t in specific):
            return None  # a tag naming nothing the sources speak of ("还是瞎传的", "is that right?") claims nothing
        weight = sum(self.idf(t) for t in specific)
        share = sum(self.idf(t) for t in specific & held) / weight if weight else 0.0
        unseen = {t for t in specific if has_cjk(t) and not self.df[t] and not has_paper_term(t)}
        # a word the sources never use makes the claim not theirs ("照顾中西部", "追上东部"), unless the sentences hold
        # the rest of it and the word names no thing: how the user puts it ("想确认一下…", "…已经成了…", "咱西部这边…")
        if unseen and not (share >= CONFIRM_SHARE and unseen <= framing_words(claimed)):
            return "no" if stated else None
        if share < CONFIRM_SHARE:
            return ("no" if share < NOT_SAID_SHARE else "partly") if stated else None
        absolute = _ABSOLUTE.search(question) is not None
        hedged = absolute and (_HEDGE.search(held_text) is not None or _named_among_others(specific, held_text))
        return "partly" if hedged else "yes"


def _stating(parts: list[str]) -> list[str]:
    """The parts a claim is read from when none is left after those asking what, which, why or how: all of them, the
    claim being the message's ("这几年国家政策主要都砸给中西部了，东部反而没啥扶持，对吧？", whose "几年" and "啥" read as
    asking which), unless each of several says its kind or is put with a question word, when none states a claim
    ("what do … mean?? and which one does the paper say is the core")."""
    asking = [says_its_kind(p) or _WH_QUESTION.search(p) is not None for p in parts]
    return [] if len(parts) > 1 and all(asking) else parts


#: An English question put with a question word ("and which one does the paper say…", "what do … mean"): it asks,
#: whatever it says the paper says.
_WH_QUESTION = re.compile(
    r"\b(?:which|what|how|why|who|where|when)\b(?:\s+\w+)?\s+(?:do|does|did|is|are|was|were|can|should|would)\b", re.I
)


_CLAIM_BREAK = re.compile(f"[{CLAUSE_MARKS}]")
#: The words that deny what they go with (grammar, both languages): "论文没做问卷调查对吧" claims a lack.
_DENYING = re.compile(r"没有?|不|未|无|\b(?:no|not|never|without)\b|n't", re.I)


#: A question on the user's own case (grammar, both languages): "我这种算不算", "像我们这样的合作社算吗", "do I count".
_OWN_CASE = re.compile(
    r"^(?:像)?(?:我|我们|咱们?|俺)(?:家)?(?:这种|这样的?|这类|这个情况)|\b(?:do|does|would) (?:i|we) (?:count|qualify)\b"
    r"|\b(?:am i|are we) (?:a|an|one)\b",
    re.I,
)


def _on_the_user(claim: str) -> bool:
    """Whether a claim's asking clauses ask of the user's own case ("我这种算不算"), not of the paper ("…提出来的吧？
    我论文里想这么写", "有人说…我记得好像不对？")."""
    asking = [c for c in clause_pieces(claim) if is_question(c)]
    return bool(asking) and all(_OWN_CASE.search(c) for c in asking)


def lacking_verdict(a: Analysis) -> str | None:
    """The verdict of a claim the user states that the paper has a thing of a kind it lacks (a question mainly
    asking for a catalogue gap: a survey, a timetable, a name): "verdict_no", or "verdict_yes" when the claim is
    that the paper lacks it. None for any other question (whether the paper has it is answered by the gap line)."""
    if not (a.yes_no and a.gap_first and len(a.parts) == 1 and states_a_claim(a.u.text)) or a.numbers:
        return None
    denied = _DENYING.search(_YES_NO_FORM.sub(" ", _claimed(a.u.text))) is not None
    return "verdict_yes" if denied else "verdict_no"


#: Words by which a closing tag points back at the claim before it (grammar, both languages): "这个说法", "这么说".
_POINTS_AT_CLAIM = re.compile(
    r"这(?:个|种|样的?)?(?:说法|讲法|提法|观点|结论|话)|这么[说讲写]|这样[说讲写]|\b(?:this|that) (?:claim|statement|idea)\b",
    re.I,
)


#: The words asking which or how many things (not how): "有没有写具体是哪几年" asks for them, not whether they are there.
_WHICH_THINGS = re.compile(r"哪|几|多少|\b(?:which|how many)\b", re.I)


def _asks_which_given(parts: list[str]) -> bool:
    """Whether the one yes/no part of a question asks if the paper gives which things ("论文里有没有写具体是哪几年、哪几个
    政策文件名"): the things asked answer it, or their absence does; "yes, it mentions them" would not."""
    asking = [part for part in parts if asks_yes_or_no(part) or asks_if_mentioned(part)]
    return len(asking) == 1 and asks_if_mentioned(asking[0]) and _WHICH_THINGS.search(asking[0]) is not None


def _claimed(question: str) -> str:
    """What a claim check claims: from the clause that asks it on ("我在安徽金寨，跟领导汇报想引用一句：文章是不是说过，
    有的农产品…还贵？" claims what follows "是不是说过"); what the user tells before it is no part of the claim. A tag
    at the end ("…，对吧？", "这正常吗？") asks of all that precedes it, and is no part of the claim when it points back
    at it ("…，这篇论文里真有这个说法吗？")."""
    pieces = [piece for piece in _CLAIM_BREAK.split(question) if piece.strip()]
    if len(pieces) > 1 and _POINTS_AT_CLAIM.search(pieces[-1]):  # "…，这篇论文里真有这个说法吗": the tag points back at
        pieces = pieces[:-1]  # the claim, and is no part of it
        question = " ".join(pieces)
    start = next((n for n, piece in enumerate(pieces) if _YES_NO_FORM.search(piece)), 0)
    # "我们在青海互助，做青稞酒…，论文里说这种手工艺品能在网上卖吗？": a last clause reporting the paper is the claim
    if start == len(pieces) - 1 and start and PAPER_SAID.search(pieces[start]):
        return pieces[start]
    return question if start in (0, len(pieces) - 1) else " ".join(pieces[start:])  # "…，对吧？" tags all before it


def _named_among_others(words: set[str], text: str) -> bool:
    """Whether a word of a claim is one of several names the sources quote side by side ("only hanfu?" against
    "“曹县汉服”“曹县木制品”") or list ("是不是就是乡村振兴理论？" against "整合乡村振兴理论、可持续发展理论"): an
    absolute claim ("only", "就是") of one of them holds only partly."""
    quoted = QUOTED.findall(text)
    listed = [item for clause in clause_pieces(text) if "、" in clause for item in clause.split("、")]
    return any(
        len(names) > 1 and any(word in name.lower() for word in words for name in names) for names in (quoted, listed)
    )


#: A change from one state to another, in either language: "由“外部输血”转向“内部造血”", "from 'A' to 'B'" (grammar).
_TRANSITION = re.compile(
    r"(?:\bfrom\b|由|从(?!而))\s*(?:traditional\s+|传统的?)?[“「\"']?([^”」\"'，,。；;]{2,30}?)[”」\"']?\s*"
    r"(?:\bto\b|\binto\b|转向|转为|转变为|变为|到|向)\s*[“「\"']?([^”」\"'，,。；;]{2,30}?)"
    r"(?=[”」\"'，,。；;.?？!！]|对吧|吗|吧|$)",
    re.I,
)


def _reversed(claim: str, held_text: str) -> bool:
    """Whether a claim turns round a change the sources state: "shifts villages from 'internal blood-making' to
    'external blood transfusion'" where they say "from 'external blood transfusion' to 'internal blood generation'"."""
    return any(
        _alike(start, end_held) and _alike(end, start_held) and not _alike(start, start_held)
        for start, end in _TRANSITION.findall(claim)
        for start_held, end_held in _TRANSITION.findall(held_text)
    )


def _alike(one: str, other: str) -> bool:
    """Whether two names share at least half the words of the shorter ("internal blood-making", "internal blood
    generation")."""
    a, b = set(tokenize(one.lower())), set(tokenize(other.lower()))
    return bool(a and b) and len(a & b) >= max(1.0, min(len(a), len(b)) / 2)


def _swapped_name(claim: str, held_text: str) -> bool:
    """Whether a claim names a person, place or body the answering sentences do not, where they name another: the
    entity a false premise swaps ("美国社会学家" against "法国社会学家卡龙", "Zhejiang University" against "江苏大学",
    "by Max Weber"). A name with no other beside it in the sentences ("比东西本身还贵": 东西 read as a place) is not
    a swap."""
    held, claimed = _squeezed(held_text), _squeezed(claim)
    if all(_squeezed(name) in held for name in _named(claim)):
        return False
    return any(_squeezed(name) not in claimed for name in _named(held_text))


def _named(text: str) -> set[str]:
    """The names a text writes, and its years: a year is swapped like a name ("published 2025" against "2026年6月23日
    发表")."""
    return proper_names(text) | years(text)


def _squeezed(text: str) -> str:
    """A text without spaces, in one case and one width, so that "平台 + 农户", "平台+农户" and "平台＋农户" compare equal."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", to_simplified(text))).lower()


def _only_negated(word: str, text: str) -> bool:
    """Whether every use of a word in the text is negated by the prefix glued to it (发达 in 欠发达 only)."""
    negated = sum(text.count(f"{prefix}{word}") for prefix in _NEGATING)
    return negated > 0 and negated == text.count(word)


def figure_verdict(a: Analysis, ranked: list[Ranked], book: CitationBook, p: Phrases) -> list[str]:
    """Each figure the question states against the paper's figure for that subject: the clause of a ranked
    sentence that shares most words with the question ("农村网络零售额增长了9.9%" → "全国农村网络零售额同比增长
    6.7%", not the 农产品 clause beside it that holds 9.9%)."""
    subject = {t for t in tokenize(_strip_figures(a.u.text, a.numbers)) if len(t) > 1}
    for number in a.numbers:
        figures = [(clause_with(r.unit.quote, n), r) for r in ranked[:FIGURE_SENTENCES] for n in numbers(r.unit.quote)]
        figures = [(c, r) for c, r in figures if c]
        if not figures:
            return [p("verdict_no"), p("claim_number_absent")]
        clause, _ = max(figures, key=lambda f: len(subject & set(tokenize(_strip_figures(f[0], numbers(f[0]))))))
        if number not in clause:
            holder = next(((c, r) for c, r in figures if number in c), None)
            return [p("verdict_no"), _number_note(number, *holder, book, p) if holder else p("claim_number_absent")]
    return [p("verdict_yes")]


def _number_note(number: str, clause: str, holder: Ranked, book: CitationBook, p: Phrases) -> str:
    """Where the question's figure really is in the paper: the clause that holds it, quoted and cited."""
    marked = f"{clean_quote(clause).strip()}{marker(book.quote(holder.unit.quote))}"
    return p("claim_number", number=number) + marked + ("。" if p.lang == "zh" else ".")


def _strip_figures(text: str, figures: list[str]) -> str:
    for figure in figures:
        text = text.replace(figure, " ")
    return text


def figure_gaps(a: Analysis, ranked: list[Ranked], known_years: set[str]) -> list[Gap]:
    """A figure asked for that the paper does not give: one for a year its figures are not for ("那2024年增长多少？"),
    one in a unit its figures near the question lack ("那绝对金额是多少亿？": its figures are growth rates), or one on
    a subject no figure of the paper is near or ranked first for ("直播 conversion rate 多少?": cosine below
    ``FIGURE_SIMILARITY``). Asked for by the kind or by the words ("投流一天花多少合适"). Not when a gap already says
    what is missing (an amount, a local figure), nor for a count of the paper's own parts or references."""
    asked = "how_much" in a.kinds or asks_amount(a.u.text)
    on_sources = "references" in a.sections or a.reference_list  # "how many refs… how many are from 2026?"
    if not asked or on_sources or {"amount", "local_figure"} & set(a.gaps) or _counts_parts(a):
        return []  # "几大问题" counts the paper's own parts
    if years(a.u.text) - known_years:
        return ["year"]
    statistics = [r for r in ranked if r.unit.type == "statistic"]
    unit = _asked_unit(a.u.text)
    if unit and not any(_written_in(unit, r.unit.zh or r.unit.quote) for r in statistics[:MAX_STATISTICS]):
        return ["figure"]
    if ranked and ranked[0].unit.type == "statistic" and ranked[0].similarity >= FIGURE_SIMILARITY:
        return []  # "what growth figures does the paper give?"; not a statistic first by the kind of question alone
    nearest = max((r.similarity for r in statistics), default=0.0)
    return ["figure"] if nearest < FIGURE_SIMILARITY else []


def _counts_parts(a: Analysis) -> bool:
    """Whether the quantity a question asks is how many parts something has ("论文总结了几大问题"), not a figure:
    the clause asking it asks for parts ("能多挣多少钱？从哪几块挣？" asks an amount, then the parts), or a count
    in a part of the paper it names ("and how many problem areas in chapter 4": what that part consists of)."""
    if not a.parts_asked:
        return False
    asking = [c for c in clause_pieces(a.u.text) if asks_amount(c) or _asked_unit(c)]
    return all(asks_for_parts(c) or (bool(a.sections) and names_a_part(c)) for c in asking)


def _asked_unit(text: str) -> str | None:
    """The unit a question asks a quantity in, as a figure would be written in it ("多少钱" → 元; "how many" → a
    count)."""
    found = _ASKED_UNIT.search(text)
    if found is None:
        return "count" if _ASKED_COUNT.search(text) else None
    unit = next(group for group in found.groups() if group).lower()
    return _UNIT_WRITTEN.get(unit, unit)


def _written_in(unit: str, text: str) -> bool:
    """Whether a text writes a figure in this unit ("6.7%": %, not 亿 and no count)."""
    written = _COUNT_WRITTEN if unit == "count" else rf"\d\s*{re.escape(unit)}"
    return re.search(written, text) is not None
