"""Where the user is: the place a question names as the user's, or the one the conversation gave before.

A question mentions places for many reasons — where the user is, where young people leave for, the paper's case
counties, a province compared with another, a university — and only the first is the user's place. Pure functions
over the text and the gazetteer; ``where`` is the one entry point (``understand`` calls it).
"""

from __future__ import annotations

import re

from advisor.answer import Turn
from advisor.domain import REGION_NAMES_ZH
from advisor.knowledge.tokens import is_common_noun, is_common_word, is_noun_phrase, is_pronoun, specific_tokens
from advisor.language import to_simplified
from advisor.places.gazetteer import Gazetteer, Resolution
from advisor.places.names import Place
from advisor.text import FIRST_PERSON, clause_with


def where(
    text: str,
    county: str | None,
    history: list[Turn],
    gazetteer: Gazetteer,
    national: bool = False,
    cases: frozenset[str] = frozenset(),
) -> tuple[Resolution | None, bool]:
    """The user's place for a (simplified) question, and whether an earlier turn gave it. ``cases`` are the codes
    of the places of the paper's cases (遂昌县, 曹县): "像遂昌那样做品牌" leaves the user where they said before, not
    in 遂昌; several places named ("遂昌跟曹县的做法有啥不一样") are no namesakes to choose from (``_one_of_several``)."""
    here, before = _place(text, county, history, gazetteer, national, cases)
    if not before and _spoken_of_as_case(here, text, cases, in_talk=bool(history)):
        # "我们county在Zhejiang Lishui那边，想学遂昌…": where the user is, without the case, or as they said before
        case = here.matched_text or "" if here is not None else ""
        elsewhere = _place(text.replace(case, " "), None, [], gazetteer, national)[0] if case else None
        if (
            here is not None
            and _another_place(elsewhere, here, text)
            and not _spoken_of_as_case(elsewhere, text, cases)
        ):
            return elsewhere, False
        return place_from_history(history, gazetteer, skip=cases)
    if not before and history and _beside_the_users(here, text):
        earlier = place_from_history(history, gazetteer, cases=cases)
        if earlier[0] is not None:
            return earlier
    return here, before


def _place(
    text: str,
    county: str | None,
    history: list[Turn],
    gazetteer: Gazetteer,
    national: bool = False,
    cases: frozenset[str] = frozenset(),
) -> tuple[Resolution | None, bool]:
    """The explicit county wins, then a place in this question, then one from earlier turns.

    A national question ("全国…") takes only a place it names itself: neither the explicit county nor
    one remembered from earlier turns. Words that only look like places are not read as places:
    "我们县/our county" is the user's own unnamed county, "江苏大学" an institution (see ``not_places``).
    """
    text = not_places(text)
    if national:
        here = gazetteer.find_in_text(text)
        return (here, False) if here.status != "not_found" else (None, False)
    if county and county.strip():
        found = gazetteer.by_code(county.strip())
        if found is not None:
            return Resolution(status="found", query=county, candidates=[found]), False
        return gazetteer.resolve(county.strip()), False
    here = gazetteer.find_in_text(text)
    if here.mentions:
        return _one_of_several(text, here, history, gazetteer)
    if here.status == "ambiguous":
        return _as_before(here, history, gazetteer)
    if here.status != "not_found":
        return _narrow_pending(here, history, gazetteer), False
    mention = place_like_mention(text)
    if mention:  # "火星县", "Xyzzyville County": looks like a place, is none we know — ask, don't guess
        return gazetteer.resolve(mention), False
    return place_from_history(history, gazetteer, cases=cases)


#: The user's own county without its name, and names of institutions (a university's province is not the
#: user's place): blanked before places are looked for, so neither becomes a place nor an unknown place.
_OWN_COUNTY = re.compile(
    r"(?:我们|咱们|咱|我|俺们|俺|本|我所在的?|我们这个?|我家那?个?)(?:县|市|区|旗|镇|乡|村)(?:里|城|上)?"
    r"|\b(?:our|my|this|the) (?:own )?(?:county|town|village|district|area|region)\b",
    re.IGNORECASE,
)
_INSTITUTION = re.compile(
    r"[\u4e00-\u9fff]{2,8}?(?:大学|学院|研究院|研究所|出版社|报社)|\b(?:[A-Z][a-z]+ )+(?:University|College|Institute|Publishers)\b"
)


#: Where the user came back from is not where they are: "came back from shenzhen to sell…", "从深圳回来".
_LEFT_FROM = re.compile(
    r"\b(?:came|come|coming|moved|returned|got) back from [a-z][a-z \-]{1,30}?(?=\s+(?:to|and|because|after)\b|[,.;!?]|$)"
    r"|从[\u4e00-\u9fff]{2,6}?(?=回来|回到|回乡|返乡|辞职)",
    re.IGNORECASE,
)


#: Where people go for work or study is not where the user is: "年轻人都跑兰州打工了", "我在武汉读研", "went to
#: Shenzhen for work", "I study in Wuhan"; nor where others leave for ("they all leave to hangzhou", "转头就去杭州义乌了").
_GONE_TO_WORK = re.compile(
    r"(?:跑|去|到|进|在)[\u4e00-\u9fff]{2,6}?(?=打工|务工|上班|找活|找工作|读研|读博|读大|读书|上学|上大学|念书|求学)"
    r"|(?:都|就|全|又|也)(?:跑|去|到)(?:了|去|到)?[\u4e00-\u9fff、]{2,8}?(?=了|去了)"  # "转头就去杭州义乌了"
    r"|\b(?:go|goes|going|gone|went|move|moves|moved|moving|leave|leaves|left|run|ran|head|headed) (?:off )?to "
    r"[A-Z][a-z]+(?: [A-Z][a-z]+)?(?= (?:for|to) (?:work|jobs?|find work|study|college|university)\b)"
    r"|\b(?:study|studying|studies|student) (?:in|at) [A-Z][a-z]+(?: [A-Z][a-z]+)?"
    r"|\b(?:they|young (?:people|ppl|folks)|youth|youngsters|kids|everyone|everybody)(?: all| mostly| just)? "
    r"(?:go|goes|went|leave|leaves|left|move|moves|moved|run|ran|head|heads|headed) (?:off |away )?(?:to|for) "
    r"[A-Z][a-z]+(?: [A-Z][a-z]+)?",
    re.IGNORECASE,
)


#: Where goods are sent is not where the user is: "寄到北京要多少钱", "发往上海", "how much per kg to Beijing", "shipping
#: cost from Yunnan to Shanghai" (the place after "to"; where they are sent from may be the user's).
_SENT_TO = re.compile(
    r"(?:寄|发|运|送|卖|销)(?:往|到)[\u4e00-\u9fff]{2,4}"
    r"|\b(?:ship|ships|shipped|shipping|send|sending|sent|deliver|delivered|delivering|delivery|mail|post|freight|"
    r"postage|courier|express|per (?:kg|kilo|jin|box|parcel|package|order))\b[^.?!,;]{0,40}?\bto "
    r"[A-Za-z]+(?: [A-Z][a-z]+)?",
    re.IGNORECASE,
)


def not_places(text: str) -> str:
    """The text with own-county phrases, institution names, places left behind or gone to for work and places goods
    are sent to blanked out (same length, for offsets)."""
    for pattern in (_OWN_COUNTY, _INSTITUTION, _LEFT_FROM, _GONE_TO_WORK, _SENT_TO):
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def names_an_institution(text: str) -> bool:
    """Whether a text names a university, school or institute ("北京大学经济学院", "Zhejiang University")."""
    return _INSTITUTION.search(text) is not None


def mentions_own_county(text: str) -> bool:
    return _OWN_COUNTY.search(text) is not None


def own_place_named(text: str, name: str) -> str:
    """A text with the user's place named where it says "our county/area" ("is there example from our area in the
    paper?" → "…from 遂昌县…"): what it asks of is that place."""
    return _OWN_COUNTY.sub(f" {name} ", text)


_ZH_MENTION = re.compile(
    r"(?:^|在|是|住|来自|我们|我家)((?:(?!在|是|住|来自|我们|我家)[\u4e00-\u9fff]){2,4}?(?:县|市|区|旗))"
)
_EN_MENTION = re.compile(r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?) (?:County|Prefecture|District)\b")


#: Common nouns that end like a place name but name none: 发达地区, 山区, 县城 …
_NOT_A_NAME = re.compile(r"(?:地区|山区|城区|市区|社区|园区|景区|片区|牧区|老区|郊区|产区|库区|县城|小县|县市|县区)$")
#: A county counted or pointed at is no name: "建一个县域…", "每个县", "这个县", "哪个区".
_COUNTED = re.compile(r"(?:[一两几每这那哪某整全各]个?|个)(?:县|市|区|旗)$")


def place_like_mention(text: str) -> str | None:
    """A name with a county-level suffix that the gazetteer did not know."""
    zh = _ZH_MENTION.search(text)
    if zh and _names_a_place(zh.group(1)):
        return zh.group(1)
    en = _EN_MENTION.search(text)
    return en.group(0) if en else None


#: The paper's three regions (东部, 中部, 西部): a county said to lie in one is described, not named.
_REGION = re.compile("|".join(REGION_NAMES_ZH.values()))


def _names_a_place(words: str) -> bool:
    """Whether words ending like a place name can be one: not a common noun (山区, 农业县), not a county counted or
    pointed at (每个县), not an area named after what is done there (评论区), not one whose words before the suffix
    are only words of grammar ("为什么县里培训过的年轻人…"), and saying nothing ("县里想搞区" wants something: it is no
    name)."""
    area = words.endswith("区") and is_common_word(words[:-1])  # "顾客老在评论区问": the comments, no district
    # "我们这种中部县": a kind of county; "其中区域不均衡那条": "among them", then 区域
    grammar = not specific_tokens(_REGION.sub("", words[:-1]), set()) or is_pronoun(words[:-1])
    return not (
        _NOT_A_NAME.search(words) or _COUNTED.search(words) or is_common_noun(words) or area or grammar
    ) and is_noun_phrase(words)


def _as_before(here: Resolution, history: list[Turn], gazetteer: Gazetteer) -> tuple[Resolution, bool]:
    """A name several places share, one of them the place the conversation gave ("Wuchang rice" after "we are in
    Wuchang, Heilongjiang"): that place, as the conversation's; else ask which."""
    before = place_from_history(history, gazetteer)[0]
    if before is not None and before.status == "found" and before.place in here.candidates:
        return before, True
    return here, False


def _narrow_pending(here: Resolution, history: list[Turn], gazetteer: Gazetteer) -> Resolution:
    """'北京的' after '朝阳区…' was ambiguous: pick the earlier candidate inside the newly named place."""
    if here.status != "found" or here.place is None or here.place.level == "county":
        return here
    pending = place_from_history(history, gazetteer)[0]
    if pending is None or pending.status != "ambiguous":
        return here
    inside = [c for c in pending.candidates if here.place.full_name in (c.province, c.prefecture)]
    if len(inside) == 1:
        return Resolution(status="found", query=here.query, candidates=inside, matched_text=here.matched_text)
    return here


def place_from_history(
    history: list[Turn], gazetteer: Gazetteer, skip: frozenset[str] = frozenset(), cases: frozenset[str] = frozenset()
) -> tuple[Resolution | None, bool]:
    """The place of the latest earlier question that names one (not one of ``skip``, the paper's case places, nor
    one of ``cases`` that its question spoke of as a case: "我们县想搞区域公用品牌…" → "那遂昌是咋做的？" →
    "刚才说的退出机制…谁来抽检？" is still about the user's unnamed county), read as that question was: of several
    places named, the one named as the user's ("刚从武汉辞职回湖北恩施老家" → 恩施)."""
    for n in range(len(history) - 1, -1, -1):
        if history[n].role != "user":
            continue
        text = not_places(to_simplified(history[n].content))
        found = gazetteer.find_in_text(text)
        if found.mentions:
            found = _one_of_several(text, found, [], gazetteer)[0] or found
        if found.status == "ambiguous":  # read as that question was: by the place given before it
            found = _as_before(found, history[:n], gazetteer)[0]
        if found.place is not None and (found.place.code in skip or _spoken_of_as_case(found, text, cases, n > 0)):
            continue
        if n > 0 and _beside_the_users(found, text) and place_from_history(history[:n], gazetteer, skip, cases)[0]:
            continue
        if found.status in ("found", "ambiguous", "out_of_scope"):
            return found, True
    return None, False


#: Words by which the user names a place as theirs, right before it (other place words may come between:
#: "我们是黑龙江五常的", "I'm from Guizhou, Leishan county"); not "去/到/学…", where the place is somewhere else.
_OWN_BEFORE = re.compile(
    r"(?:我在|我们在|我是|我们是|来自|住在|我家在?|老家在?|家乡|我们|咱们?|俺们?|回到?)"
    r"(?:(?![去到往跑学像和跟与比])[\u4e00-\u9fff ]){0,6}$"
    r"|\b(?:i|we)(?:'?m|'re| am| are| live| work| farm)?(?:\s+(?:an?|the)(?:\s+[\w-]+){1,3})?"
    r"\s+(?:from|in|at|based in|living in)\s+(?:[A-Z][\w-]*[ ,]+){0,3}$",
    re.IGNORECASE,
)


def _one_of_several(
    text: str, here: Resolution, history: list[Turn], gazetteer: Gazetteer
) -> tuple[Resolution | None, bool]:
    """Several different places named ("年轻人都跑去杭州、广州了", "贵州和浙江差距为什么大") ask no question of which one
    the user meant: the user's place is the one named as theirs ("我在雷山县，想学遂昌那样"), or the one left when
    the others are named as examples ("雷山县想学遂昌那样"); otherwise the one given earlier in the conversation."""
    own = [m for m in here.mentions if _OWN_BEFORE.search(text[: max(text.find(m), 0)])]
    if not own:
        own = [m for m in here.mentions if not _as_example(text, m, others=here.mentions)]
        own = own if len(own) < len(here.mentions) else []
    if len(own) != 1:
        return place_from_history(history, gazetteer)
    for other in here.mentions:
        if other != own[0]:
            text = text.replace(other, " " * len(other))
    return gazetteer.find_in_text(text), False


#: A place named as the user's neighbour: "隔壁江苏沭阳", "we're right next to Liaoning", "跟辽宁挨着的", "辽宁旁边" (the
#: words before the name, then the words after it). Not "比如湖北的" or "like Zhejiang", which ask about that place.
_BESIDE_BEFORE = re.compile(
    r"(?:隔壁|邻县|邻省|邻近|附近|挨着|紧挨着?|靠近|毗邻)(?:的)?\s*$|\b(?:next door(?: to)?|next to|neighbou?ring|bordering|borders?)\s*$",
    re.I,
)
_BESIDE_AFTER = re.compile(r"^\s*(?:县|省|市)?(?:挨着|接壤|交界|相邻|毗邻|旁边|隔壁)")


#: A place named as an example, not as where the user is: "像遂昌那样", "学曹县", "遂昌那个例子", "遂昌那个区域公用品牌",
#: "文中提到浙江遂昌的公共品牌" (the place inside what the paper says)
#: (a thing of the place pointed at: "that … of Suichang"), "like Suichang", "the Suichang example", a neighbour
#: (``_BESIDE_BEFORE``) or a place compared with (the words before the name, then the words after it).
_AS_EXAMPLE_BEFORE = re.compile(
    r"(?:像|学|学习|参考|借鉴|比如|例如)\s*$|\b(?:like|such as|copy|follow)\s*$"
    rf"|{_BESIDE_BEFORE.pattern}|\b(?:compared? (?:to|with))\s*$"
    r"|(?:文中|论文|文章|文里)[^，,。？?]{0,4}?(?:提到|说|讲|写|举|里|中)(?:的|了)?[^，,。？?\s]{0,3}$|\bthe paper (?:mentions|says|describes)\s*$",
    re.I,
)
_AS_EXAMPLE_AFTER = re.compile(
    r"^\s*(?:县)?(?:那个|那种|那样|(?:这个|的)?(?:例子|案例|经验|模式|做法|那样|一样|那种))|^\s*(?:county)?(?:'s)?\s*(?:example|case|model)\b",
    re.I,
)


#: A case asked what it did, in the past ("那遂昌是咋做的？", "how did Suichang do it"): in a conversation, what the
#: case did, not where the user is (asked first, of itself, the case's place is the place asked about).
_DID_BEFORE = re.compile(r"\b(?:how|what) did\s*$", re.I)
_DID_AFTER = re.compile(r"^\s*(?:县)?(?:当初|当时|之前)?是(?:咋|怎么|如何|怎样)(?:样)?(?:做|搞|弄|干)(?:起来|成|火)?的")


#: The user setting themselves beside the place just named: "…我们也想做", "we also want to", "us too".
_WE_TOO = re.compile(r"(?:我们|咱们|咱|我)(?:这边|这里|村|县)?也|\bwe (?:also|too)\b|\b(?:us|we) too\b", re.I)
#: ... or speaking of themselves and of the place in the third person: "跟山东曹县比，我们差在哪？人家咋做起来的".
_THEY = re.compile(r"人家|他们|\bthey\b|\btheir\b", re.I)


#: The words joining names in a list: "学遂昌和曹县" names both as examples.
_JOINED = re.compile(r"(?:和|与|跟|及|以及|、|,|，|&|\band\b)\s*$", re.I)


def _before_those_joined(before: str, names: list[str]) -> str:
    """The words before a name, without the other names listed just before it ("我们想学遂昌和|曹县" → "我们想学"):
    what is said of a list is said of each name in it."""
    while (joined := _JOINED.search(before)) is not None:
        head = before[: joined.start()].rstrip()
        name = next((n for n in names if n and head.lower().endswith(n.lower())), None)
        if name is None:
            break
        before = head[: len(head) - len(name)]
    return before


def _another_place(other: Resolution | None, case: Resolution, text: str) -> bool:
    """Whether a place found beside a case's is the user's: not the province or prefecture written with the case's
    name ("浙江遂昌那个是怎么做起来的"), which only says where the case is; nor a place said of the case in its own
    clause, with no word of the user's ("听说论文里说曹县是浙江的"): a claim on where the case is, true or not."""
    if other is None or other.status == "not_found" or other.place is None or case.place is None:
        return False
    name, case_name = (other.matched_text or "").lower(), (case.matched_text or "").lower()
    qualifies = re.search(re.escape(name) + r"[\s,，]*" + re.escape(case_name), text.lower()) is not None
    if qualifies and other.place.full_name in (case.place.province, case.place.prefecture):
        return False
    clause = clause_with(text.lower(), case_name)
    return not (name in clause and FIRST_PERSON.search(clause) is None)


def _spoken_of_as_case(here: Resolution | None, text: str, cases: frozenset[str], in_talk: bool = False) -> bool:
    """Whether the place this question names is one of the paper's cases, named as an example (``_AS_EXAMPLE_*``)
    rather than as where the user is ("换成遂昌", "How can Suichang improve logistics?"), or, ``in_talk`` (a
    conversation going on), asked what it did (``_DID_*``)."""
    if here is None or here.place is None or here.place.code not in cases:
        return False
    return _as_example(_unqualified(text, here), here.matched_text or "", in_talk)


def _beside_the_users(here: Resolution | None, text: str) -> bool:
    """Whether a place is named as the user's neighbour ("凭啥是中部啊 我们跟辽宁挨着的"): once a conversation has said
    where the user is, they are still there."""
    if here is None or here.place is None or not here.matched_text:
        return False
    text = _unqualified(text, here)
    at = text.lower().find(here.matched_text.lower())
    return at >= 0 and (
        _BESIDE_BEFORE.search(text[:at]) is not None
        or _BESIDE_AFTER.search(text[at + len(here.matched_text) :]) is not None
    )


def _unqualified(text: str, here: Resolution) -> str:
    """The text without the province or prefecture written before the place's name ("学浙江遂昌" → "学遂昌"): what is
    said before the qualified name is said of the place."""
    name = here.matched_text or ""
    if here.place is None or not name:
        return text
    for short in _qualifiers(here.place):
        text = re.sub(re.escape(short) + r"(?:省|市|自治区)?\s*(?=" + re.escape(name) + ")", "", text)
    return text


#: Where a place's name ends: a province's or prefecture's name without it is how users write it before a county's.
_ADMIN_SUFFIX = re.compile(r"(?:维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|省|市|地区|盟)$")


def _qualifiers(place: Place) -> list[str]:
    """The names by which users qualify a place: its province's and prefecture's, without 省/市 ("浙江", "丽水")."""
    return [short for whole in (place.province, place.prefecture) if (short := _ADMIN_SUFFIX.sub("", whole or ""))]


def _as_example(text: str, name: str, in_talk: bool = False, others: list[str] | None = None) -> bool:
    at = text.lower().find(name.lower()) if name else -1
    if at < 0:
        return False
    before, after = _before_those_joined(text[:at], others or []), text[at + len(name) :]
    if _AS_EXAMPLE_BEFORE.search(before) or _AS_EXAMPLE_AFTER.search(after):
        return True
    if in_talk and (_DID_BEFORE.search(before) or _DID_AFTER.search(after)):
        return True
    if _WE_TOO.search(after):  # "曹县是怎么靠电商火起来的？我们也想做汉服": the user is elsewhere
        return True
    if _OWN_COUNTY.search(after) and FIRST_PERSON.search(before) is None:
        # "遂昌是怎么做区域公共品牌的？我们县想学学": the user's county is another, unnamed; not "we r 3 ppl startup in
        # Suichang, Zhejiang. our county already have the public brand", where the user said where they are first
        return True
    return _THEY.search(after) is not None and FIRST_PERSON.search(text) is not None
