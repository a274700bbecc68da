"""Language facts about text: zh or en, traditional or simplified, and folding between them.

``lingua`` is restricted to Chinese and English (``langdetect`` mislabels short Chinese); a share of
CJK characters decides first because it is exact for the only two languages we answer in.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from advisor.domain import Language

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language as L
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(L.CHINESE, L.ENGLISH).build()


def detect_language(text: str, default: Language = "zh", before: str = "") -> Language:
    """'zh' or 'en'. Any Chinese characters in a mostly-Latin question still count (place names). A message mixing
    both that the share of characters does not decide ("OK 那 solution 呢?") is in the language of the conversation's
    previous answer (``before``), when there is one."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    if cjk == 0 and latin == 0:
        return default
    if cjk == 0:
        return "en"
    if latin == 0 or cjk * 3 >= latin:  # one Chinese character carries about a word
        return "zh"
    if before:
        return detect_language(before)
    detected = _detector().detect_language_of(text)
    return "en" if detected is not None and detected.name == "ENGLISH" else "zh"


@lru_cache(maxsize=1)
def _converters() -> tuple[Any, Any, Any]:
    import opencc

    return opencc.OpenCC("tw2sp"), opencc.OpenCC("s2t"), opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """The text in the paper's script and words: traditional characters folded to simplified, and the words Taiwan
    uses for what the mainland paper names otherwise (網路 → 网络, 數位 → 数字, 資訊 → 信息), so that a traditional
    question matches the paper's words as a simplified one does. A text in simplified characters is already in the
    paper's script and is left alone: read as Taiwan usage, its mainland words would change ("中央一号文件" → 文档,
    "建立" → 创建, "整合" → 集成)."""
    return str(_converters()[0].convert(text)) if is_traditional(text) else text


def simplified_characters(text: str) -> str:
    """Traditional characters folded to simplified one by one, words kept: the inverse of ``to_traditional`` (for
    what the advisor itself wrote in traditional characters; ``to_simplified`` would also turn 建立 into 创建)."""
    return str(_converters()[2].convert(text))


def to_traditional(text: str) -> str:
    return str(_converters()[1].convert(text))


def is_traditional(text: str) -> bool:
    """True when the text uses traditional characters (folding them to simplified changes it; a simplified "网路"
    is not traditional)."""
    return bool(_CJK.search(text)) and simplified_characters(text) != text
