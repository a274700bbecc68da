"""The paper's models a question compares, named by the words of their parts' headings.

§3.3 describes three development models, each in a part of its own (3.3.1 平台驱动型, 3.3.2 政府引导 + 公共品牌型,
3.3.3 直播 + 短视频新农人型). A question naming two or more of them ("平台驱动型 vs 政府+公共品牌型 vs 直播新农人型，
各自的pros是啥", "靠大平台 vs 自己拍短视频搞直播，which one better") asks about those parts, however near §5.3's brand
measures, labelled with the same names, its words are. A model is named by a word of its heading that no sibling
heading has and that names no topic (平台 / 驱动, 公共品牌 / 引导, 短视频 / 新农人 / 直播; not 品牌), in either
language; the parts compared are those of the paper that describe models (their sentences are cases). Read from the
headings, no list of names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache

from advisor.answering.evidence import Unit, parent_section
from advisor.answering.understand import load_lexicon
from advisor.domain import Language
from advisor.text import tokenize

#: An English word of a heading names its part from this length ("new" of "new-farmer" names nothing).
MIN_ENGLISH = 4


class ModelParts:
    """The words naming each part that describes a model, distinct among its siblings."""

    def __init__(
        self, headings: Mapping[tuple[str, Language], str], units: Iterable[Unit], generic: frozenset[str]
    ) -> None:
        types: dict[str, set[str]] = defaultdict(set)
        for unit in units:
            if unit.source == "paper":
                types[unit.section].add(unit.type)
        models = [section for section, found in types.items() if found == {"case"}]
        siblings: dict[str | None, list[str]] = defaultdict(list)
        for section in models:
            siblings[parent_section(section)].append(section)
        words = {s: self._words(headings, s, generic) for group in siblings.values() if len(group) > 1 for s in group}
        self.names = {
            s: w - set().union(*(words[o] for o in words if o != s and _siblings(o, s))) for s, w in words.items()
        }

    @staticmethod
    def _words(headings: Mapping[tuple[str, Language], str], section: str, generic: frozenset[str]) -> set[str]:
        said = tokenize(f"{headings.get((section, 'zh'), '')} {headings.get((section, 'en'), '')}")
        said += [w.replace("-", "") for w in said if "-" in w]  # "live-stream" is typed "livestream" too
        return {w for w in said if w not in generic and (not w.isascii() or len(w) >= MIN_ENGLISH)} - _topic_words()

    def compared(self, text: str) -> list[str]:
        """The model parts a question names, when it names two or more of one part's models; [] else."""
        said = set(tokenize(text))
        named = sorted(section for section, words in self.names.items() if said & words)
        by_parent: dict[str | None, list[str]] = defaultdict(list)
        for section in named:
            by_parent[parent_section(section)].append(section)
        return max((group for group in by_parent.values() if len(group) > 1), key=len, default=[])


@lru_cache(maxsize=1)
def _topic_words() -> frozenset[str]:
    """The lexicon's topic words: a heading's 品牌 or "government" names the topic a question asks about ("平台驱动型的
    品牌培育，东中西三块各自怎么做"), not the model whose heading holds it."""
    return frozenset(term.lower() for words in load_lexicon().topics.values() for term in words)


def _siblings(one: str, other: str) -> bool:
    return parent_section(one) == parent_section(other)
