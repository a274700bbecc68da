"""The one jieba segmenter of the project, with the domain's words added, so that every reader of Chinese words (BM25,
the claim checks, the misspelling reader) cuts a question the same way."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

#: Terms of the domain jieba's dictionary lacks, kept whole ("冷链", not 冷 + 链).
DOMAIN_WORDS = [
    "农村电商", "乡村振兴", "客货邮", "前置仓", "冷链", "淘宝村", "京东助农", "多多农园", "新农人", "统仓共配",
    "一县一品", "公共品牌", "子品牌", "直播带货", "短视频", "溯源", "供应链", "绿色信贷", "行动者网络",
    "上行", "下行", "卫星宽带", "千兆光纤", "集散中心", "电商服务站", "网络零售额", "遂昌", "曹县",
]  # fmt: skip


@lru_cache(maxsize=1)
def segmenter() -> Any:
    """jieba, imported on first use (its dictionary loads in about a second), with ``DOMAIN_WORDS`` added."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    for word in DOMAIN_WORDS:
        jieba.add_word(word)
    return jieba
