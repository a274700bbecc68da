"""Tests for advisor.rules: the rule data must stay faithful to Pei (2026) and the selection deterministic."""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.domain import DIMENSIONS, ROLES, TIERS, Dimension, Tier
from advisor.errors import ConfigError, UserInputError
from advisor.rules import (
    RuleBook,
    examples_for,
    find_strategy,
    get_rulebook,
    load_rulebook,
    parse_role,
    parse_tier,
    parse_topic,
    plan,
    problems_for,
    render_plan,
)
from advisor.settings import get_settings

ZH_CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "pei2026.zh.md"
BOOK: RuleBook = get_rulebook()
HEADING = re.compile(r"^#{2,4} (\d+(?:\.\d+)*)\.? ")


def _paragraphs_by_section() -> list[tuple[str, str]]:
    """(section number, paragraph line) for every body paragraph of the zh Markdown."""
    lines = ZH_CORPUS.read_text(encoding="utf-8").splitlines()
    if lines and lines[0] == "---":  # skip YAML front matter
        lines = lines[lines.index("---", 1) + 1 :]
    out, section = [], ""
    for line in lines:
        match = HEADING.match(line)
        if match:
            section = match.group(1)
        elif line.strip() and not line.startswith("#"):
            out.append((section, line))
    return out


needs_corpus = pytest.mark.skipif(
    not ZH_CORPUS.exists(), reason="corpus/pei2026.zh.md not written yet (the corpus engineer adds it)"
)
QUOTED = (
    [("strategy", s.id, s.section, s.quote) for s in BOOK.strategies]
    + [("problem", p.id, p.section, p.quote) for p in BOOK.problems]
    + [("model", m.id, m.section, m.quote) for m in BOOK.models]
)


@needs_corpus
@pytest.mark.parametrize(("kind", "ident", "section", "quote"), QUOTED, ids=[f"{q[0]}:{q[1]}" for q in QUOTED])
def test_quote_is_verbatim_in_one_paragraph_of_its_section(kind: str, ident: str, section: str, quote: str) -> None:
    hits = [sec for sec, para in _paragraphs_by_section() if quote in para]
    assert hits, f"{kind} {ident}: quote not found verbatim in any paragraph of {ZH_CORPUS.name}"
    assert section in hits, f"{kind} {ident}: quote found under §{hits}, not under §{section}"


#: §5 recommendation phrases copied exactly from the paper; each must be inside some strategy quote.
SECTION5_PHRASES = [
    "千兆光纤与 5G 全覆盖",
    "产地直播与数据服务中心",
    "行政村网络稳定性",
    "乡镇电商服务站",
    "基础运营设备",
    "移动基站与卫星宽带",
    "基础交易与信息发布",
    "偏远村庄宽带网速",
    "降低资费标准",
    "物联网",
    "科研机构合作",
    "县域冷链与前置仓",
    "统仓共配与低损耗配送",
    "客货邮融合",
    "县域冷链集散点",
    "生鲜运输补贴",
    "以县城为节点建立集散中心",
    "乡镇定时配送",
    "寄得出、收得到",
    "薪资待遇",
    "大学生、退役军人",
    "返乡",
    "技能培训",
    "理论 + 实践",
    "线上 + 线下",
    "薪酬福利体系",
    "晋升通道",
    "创业补贴",
    "场地支持",
    "公共品牌 + 企业子品牌",
    "一县一品",
    "平台品质认证",
    "逐步建立口碑",
    "本地资源禀赋",
    "手工艺品",
    "深加工",
    "准入、抽检与退出机制",
    "统一标准、包装与溯源",
    "规范使用主体",
    "遏制恶性竞争",
    "区域公共品牌",
    "由政府引导、企业参与",
    "个人 IP",
    "小众品牌",
    "抱团合作",
    "统一定价",
    "虚假宣传",
    "低价内耗",
    "规模化、标准化",
    "技术指导体系",
    "质量检测体系",
    "溯源体系",
    "统筹规划",
    "企业 + 合作社 + 农户",
    "物流 + 电商 + 产地",
    "利益共享、风险共担",
    "信息共享平台",
    "实施细则",
    "中西部农村地区",
    "小型电商企业",
    "财政补贴、税收优惠外",
    "生态保障",
    "信用体系",
    "信用评价机制",
    "抵押物",
    "融资门槛",
    "融资成本",
    "贷款利率",
    "绿色信贷",
    "供应链贷款",
    "创业贷款",
    "金融服务平台",
]


@pytest.mark.parametrize("phrase", SECTION5_PHRASES)
def test_every_section5_phrase_is_covered_by_a_strategy_quote(phrase: str) -> None:
    assert any(phrase in s.quote for s in BOOK.strategies), f"§5 phrase not encoded: {phrase}"


@needs_corpus
@pytest.mark.parametrize("phrase", SECTION5_PHRASES)
def test_section5_phrase_table_is_copied_from_the_paper(phrase: str) -> None:
    assert any(phrase in para for sec, para in _paragraphs_by_section() if sec.startswith("5"))


GENERAL_DIGITAL = ["digital.broadband-speed-tariffs", "digital.technology-application"]
TALENT = ["talent.attract-returnees", "talent.training", "talent.incentives", "talent.startup-support"]
BRAND_GENERAL = [
    "brand.government.admission-sampling-exit",
    "brand.government.unified-standards",
    "brand.livestream.personal-ip",
    "brand.livestream.no-false-ads-price-wars",
    "brand.platform.local-specialties",
    "brand.government.regional-public-brand",
    "brand.livestream.group-pricing",
    "brand.platform.deep-processing",
]
SUPPLY = [
    "supply-chain.standardisation",
    "supply-chain.enterprise-cooperative-farmer",
    "supply-chain.quality-testing",
    "supply-chain.traceability",
    "supply-chain.coordination-planning",
    "supply-chain.logistics-ecommerce-origin",
    "supply-chain.information-sharing-platform",
]
POLICY_GENERAL = ["policy.implementation-rules", "policy.small-firms-farmers", "policy.diversified-support"]
FINANCE = [
    "finance.credit-system",
    "finance.collateral",
    "finance.lower-financing-costs",
    "finance.green-supply-chain-startup-loans",
    "finance.platform-cooperation",
]

PLAN_TABLE = [
    ("east", "digital", ["digital.east.gigabit-5g", "digital.east.origin-live-data-centre", *GENERAL_DIGITAL]),
    ("east", "logistics", ["logistics.east.cold-chain-forward-warehouse", "logistics.east.shared-warehousing"]),
    ("east", "talent", TALENT),
    ("east", "brand", ["brand.platform.east.public-brand-sub-brands", *BRAND_GENERAL]),
    ("east", "supply-chain", SUPPLY),
    ("east", "policy", POLICY_GENERAL),
    ("east", "finance", FINANCE),
    (
        "central",
        "digital",
        ["digital.central.village-network-stability", "digital.central.township-service-station", *GENERAL_DIGITAL],
    ),
    (
        "central",
        "logistics",
        [
            "logistics.central.passenger-freight-mail",
            "logistics.central.cold-chain-hub",
            "logistics.central.fresh-transport-subsidy",
        ],
    ),
    ("central", "talent", TALENT),
    ("central", "brand", ["brand.platform.central.one-county-one-product", *BRAND_GENERAL]),
    ("central", "supply-chain", SUPPLY),
    ("central", "policy", ["policy.central-west-tilt", *POLICY_GENERAL]),
    ("central", "finance", FINANCE),
    (
        "west",
        "digital",
        ["digital.west.mobile-satellite-broadband", "digital.west.basic-trade-first", *GENERAL_DIGITAL],
    ),
    ("west", "logistics", ["logistics.west.county-hub", "logistics.west.township-scheduled-delivery"]),
    ("west", "talent", TALENT),
    ("west", "brand", ["brand.platform.west.quality-certification", *BRAND_GENERAL]),
    ("west", "supply-chain", SUPPLY),
    ("west", "policy", ["policy.central-west-tilt", *POLICY_GENERAL]),
    ("west", "finance", FINANCE),
]


@pytest.mark.parametrize(("tier", "dimension", "expected"), PLAN_TABLE, ids=[f"{t}-{d}" for t, d, _ in PLAN_TABLE])
def test_plan_per_tier_and_dimension(tier: Tier, dimension: Dimension, expected: list[str]) -> None:
    assert [s.id for s in plan(BOOK, tier, topics=[dimension])] == expected


def test_plan_table_covers_every_tier_and_dimension_and_every_strategy() -> None:
    assert {(t, d) for t, d, _ in PLAN_TABLE} == {(t, d) for t in TIERS for d in DIMENSIONS}
    assert {i for _, _, ids in PLAN_TABLE for i in ids} == {s.id for s in BOOK.strategies}


@pytest.mark.parametrize("tier", TIERS)
def test_plan_without_topics_is_the_union_and_tier_specific_first(tier: str) -> None:
    result = plan(BOOK, tier)  # type: ignore[arg-type]
    assert {s.id for s in result} == {i for t, _, ids in PLAN_TABLE if t == tier for i in ids}
    general = [s.is_general for s in result]
    assert general == sorted(general), "tier-specific strategies must come before general ones"


@pytest.mark.parametrize("role", ROLES)
def test_role_filter_keeps_only_that_role_and_puts_its_own_first(role: str) -> None:
    result = plan(BOOK, "central", role=role)  # type: ignore[arg-type]
    assert result, f"no strategy serves {role}"
    assert all(role in s.roles for s in result)
    own = [s.roles[0] == role for s in result]
    assert own == sorted(own, reverse=True)


def test_trainer_gets_training() -> None:
    assert [s.id for s in plan(BOOK, "west", role="trainer")] == ["talent.training"]
    assert plan(BOOK, "west", role="培训师") == plan(BOOK, "west", role="trainer")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        (
            "platform",
            [
                "brand.platform.west.quality-certification",
                "brand.platform.local-specialties",
                "brand.platform.deep-processing",
            ],
        ),
        (
            "government-brand",
            [
                "brand.government.admission-sampling-exit",
                "brand.government.unified-standards",
                "brand.government.regional-public-brand",
            ],
        ),
        (
            "livestream",
            [
                "brand.livestream.personal-ip",
                "brand.livestream.no-false-ads-price-wars",
                "brand.livestream.group-pricing",
            ],
        ),
        (
            "直播",
            [
                "brand.livestream.personal-ip",
                "brand.livestream.no-false-ads-price-wars",
                "brand.livestream.group-pricing",
            ],
        ),
    ],
)
def test_model_filter_on_brand(model: str, expected: list[str]) -> None:
    assert [s.id for s in plan(BOOK, "west", topics=["brand"], model=model)] == expected


def test_model_filter_leaves_other_dimensions_alone() -> None:
    with_model = plan(BOOK, "east", topics=["finance", "brand"], model="platform")
    assert [s.id for s in with_model if s.dimension == "finance"] == FINANCE
    with pytest.raises(UserInputError):
        plan(BOOK, "east", model="franchise")


def test_plan_is_deterministic_and_independent_of_topic_order() -> None:
    topics = list(DIMENSIONS)
    first = [s.id for s in plan(BOOK, "west", topics=topics, role="farmer")]
    for seed in range(5):
        random.Random(seed).shuffle(topics)
        assert [s.id for s in plan(BOOK, "west", topics=topics, role="farmer")] == first


def test_plan_rejects_unknown_tier() -> None:
    with pytest.raises(UserInputError):
        plan(BOOK, "northeast")  # type: ignore[arg-type]
    assert parse_tier("西部") == "west"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("logistics", "logistics"),
        ("digital", "digital"),
        ("talent", "talent"),
        ("brand", "brand"),
        ("supply-chain", "supply-chain"),
        ("policy", "policy"),
        ("finance", "finance"),
        ("Logistics ", "logistics"),
        ("物流", "logistics"),
        ("数字", "digital"),
        ("人才", "talent"),
        ("品牌", "brand"),
        ("供应链", "supply-chain"),
        ("政策", "policy"),
        ("金融", "finance"),
    ],
)
def test_parse_topic_aliases(text: str, expected: str) -> None:
    assert parse_topic(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("farmer", "farmer"),
        ("cooperative", "cooperative"),
        ("enterprise", "enterprise"),
        ("livestreamer", "livestreamer"),
        ("government", "government"),
        ("trainer", "trainer"),
        ("农户", "farmer"),
        ("合作社", "cooperative"),
        ("企业", "enterprise"),
        ("主播", "livestreamer"),
        ("政府", "government"),
        ("培训师", "trainer"),
    ],
)
def test_parse_role_aliases(text: str, expected: str) -> None:
    assert parse_role(text) == expected


@pytest.mark.parametrize(
    ("parser", "bad", "listed"),
    [
        (parse_topic, "tourism", "supply-chain"),
        (parse_topic, "", "物流"),
        (parse_role, "mayor", "livestreamer"),
        (parse_tier, "north", "central"),
    ],
)
def test_parsers_reject_unknown_words_with_the_allowed_list(
    parser: Callable[[str], object], bad: str, listed: str
) -> None:
    with pytest.raises(UserInputError) as info:
        parser(bad)
    assert listed in (info.value.hint or "")


def test_problems_answered_by_ids_exist_and_share_a_dimension() -> None:
    by_id = {s.id: s for s in BOOK.strategies}
    assert [p.section for p in BOOK.problems] == [
        "4.1.1",
        "4.1.2",
        "4.2",
        "4.3.1",
        "4.3.2",
        "4.4.1",
        "4.4.2",
        "4.5.1",
        "4.5.2",
        "4.6",
    ]
    for p in BOOK.problems:
        for sid in p.answered_by:
            assert sid in by_id, f"{p.id} answered_by unknown {sid}"
            assert by_id[sid].dimension in p.dimensions, f"{p.id}: {sid} is off-topic"


def test_problems_for_topics() -> None:
    assert [p.section for p in problems_for(BOOK, ["finance"])] == ["4.5.2"]
    assert [p.section for p in problems_for(BOOK, ["物流"])] == ["4.1.2", "4.6"]  # type: ignore[list-item]
    assert len(problems_for(BOOK, None)) == len(BOOK.problems)


def test_models_tiers_and_places() -> None:
    ids = [m.id for m in BOOK.models]
    assert ids == ["taobao-village", "jd-farm-aid", "duoduo-farm", "suichang", "caoxian", "livestream-new-farmers"]
    for m in BOOK.models:
        assert m.tiers and set(m.tiers) <= set(TIERS)
        assert (m.county is None) == (m.home_tier is None)
    by_id = {m.id: m for m in BOOK.models}
    assert set(by_id["duoduo-farm"].tiers) == {"central", "west"}  # paper: 聚焦部分欠发达地区
    assert by_id["suichang"].county == "遂昌县" and by_id["suichang"].brands == ["遂昌高山茶", "遂昌竹炭"]
    assert by_id["caoxian"].county == "曹县" and by_id["caoxian"].brands == ["曹县汉服", "曹县木制品"]


@pytest.mark.parametrize(
    ("tier", "product", "expected"),
    [
        ("west", None, ["duoduo-farm", "suichang", "caoxian", "livestream-new-farmers"]),
        ("east", None, ["suichang", "caoxian", "taobao-village", "jd-farm-aid", "livestream-new-farmers"]),
        ("central", "tea", ["suichang"]),
        ("west", "茶叶", ["suichang"]),
        ("east", "Fresh produce", ["jd-farm-aid", "livestream-new-farmers"]),
        ("central", "汉服", ["caoxian"]),
        ("west", "handicraft", []),
    ],
)
def test_examples_for(tier: str, product: str | None, expected: list[str]) -> None:
    assert [m.id for m in examples_for(BOOK, tier, product)] == expected  # type: ignore[arg-type]


def test_section_matches_dimension() -> None:
    expected = {
        "digital": {"5.1"},
        "logistics": {"5.1"},
        "talent": {"5.2"},
        "brand": {"5.3"},
        "supply-chain": {"5.4.1", "5.4.2"},
        "policy": {"5.5.1"},
        "finance": {"5.5.2"},
    }
    for s in BOOK.strategies:
        assert s.section in expected[s.dimension], s.id


def test_find_strategy_and_to_public() -> None:
    s = find_strategy(BOOK, "logistics.west.county-hub")
    assert s.to_public("en") == {
        "id": s.id,
        "dimension": "logistics",
        "tiers": ["west"],
        "section": "5.1",
        "text": s.text_en,
        "quote": s.quote,
    }
    assert s.to_public("zh")["text"] == s.text_zh
    with pytest.raises(UserInputError):
        find_strategy(BOOK, "logistics.north.pole")


def test_render_plan_groups_by_dimension_with_citations() -> None:
    strategies = plan(BOOK, "west", topics=["brand", "logistics"])
    zh = render_plan(strategies, "zh", heading="西部保底")
    assert zh.startswith("## 西部保底")
    assert zh.index("### 物流体系") < zh.index("### 品牌建设")
    assert "- 西部以县城为节点建立集散中心。（§5.1）" in zh
    assert "直播新农人型：以个人 IP 与产地特色打造小众品牌。（§5.3）" in zh
    en = render_plan(strategies, "en")
    assert "### Logistics" in en and "(§5.3)" in en and "（" not in en
    assert render_plan([], "en").strip() == "(no matching recommendations)"


# ---------------------------------------------------------------- invalid data → ConfigError


def _copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    target.mkdir()
    for name in ("strategies.yaml", "problems.yaml", "models.yaml"):
        shutil.copy(get_settings().paths.rules_dir / name, target / name)
    return target


@pytest.mark.parametrize(
    ("file", "old", "new", "expect"),
    [
        ("strategies.yaml", "strategies:", "strategies: [unclosed", "invalid YAML"),
        ("strategies.yaml", "strategies:", "strategy:", "'strategies'"),
        ("strategies.yaml", "tiers: [west]", "tiers: [north]", "tiers"),
        ("strategies.yaml", "priority: 3", "priority: 7", "priority"),
        ("strategies.yaml", "id: talent.incentives", "id: talent.training", "duplicate"),
        ("strategies.yaml", "    model: livestream", "    model: null", "model"),
        ("problems.yaml", "- finance.collateral", "- finance.nonexistent", "answered_by"),
        ("models.yaml", "tiers: [central, west]", "tiers: [northeast]", "tiers"),
        ("models.yaml", "product_types: [apparel, wood]", "product_types: [spaceships]", "product_types"),
    ],
)
def test_invalid_rules_raise_config_error_naming_file_and_field(
    tmp_path: Path, file: str, old: str, new: str, expect: str
) -> None:
    rules = _copy_rules(tmp_path)
    path = rules / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_rulebook(rules)
    assert file in info.value.message and expect in info.value.message


def test_missing_rules_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_rulebook(tmp_path)


def test_copied_rules_load_identically(tmp_path: Path) -> None:
    assert load_rulebook(_copy_rules(tmp_path)) == BOOK
