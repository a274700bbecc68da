"""What an answer is built from (``Selected``): the analysis and the ranking, with the decisions read from both —
whether the sources cover the question (``coverage.py``) and whether it is off topic. Split out of ``selection.py``
(session 50), which ranks."""

from __future__ import annotations

from dataclasses import dataclass

from advisor.answering.analysis import Analysis
from advisor.answering.coverage import carried, covered, speaks_to
from advisor.answering.gaps import PAPER_GAPS
from advisor.answering.selection import Ranked

#: An off-topic question (nearest kind) is still answered when a source sentence is this near it (cosine).
OFF_TOPIC_SIMILARITY = 0.55
#: ... unless it is barely nearer the off-topic examples than a kind of in-domain question (cosine) and at least this
#: share of its specific words are the sources' (dev sets: off-topic questions 0-0.33).
OFF_TOPIC_MARGIN, SOURCE_WORDS = 0.03, 0.5
#: ... or by its kind: this far nearer a kind of in-domain question than the off-topic examples, on the domain.
IN_DOMAIN_LEAD = 0.15
#: A question the sources do not cover, with no domain word, is off topic when no sentence is even this near
#: ("怎么修汽车发动机？" scores about 0.1-0.16; in-domain questions the paper does not answer 0.25 and up).
UNRELATED_SIMILARITY = 0.2


@dataclass
class Selected:
    """What the answer is built from: the analysis and the ranking (best first)."""

    analysis: Analysis
    ranked: list[Ranked]
    words_used: float | None  # share of the question's specific words that the sources use (None: it has none)
    in_conversation: bool = False  # asked after earlier questions, which may give it its subject
    # share of its specific words that the sources use in their text, not on their title pages or reference lists
    # ("is Jiangsu University good for computer science?" uses the author's affiliation, not the domain's words)
    domain_words: float | None = None

    @property
    def word_coverage(self) -> float | None:
        """The share of words used, where it can judge coverage: not for a follow-up, which leaves its words to
        the question before, nor for a question naming a place (about one's county is never outside the subject)."""
        u = self.analysis.u
        if self.analysis.follow_up or (u.place is not None and u.place.status != "not_found"):
            return None
        return self.words_used

    @property
    def covered(self) -> bool:
        return covered(self.ranked, self.analysis, self.word_coverage)

    @property
    def only_carried(self) -> bool:
        """Covered only as a follow-up of a conversation the sources answered: its own nearest sentences answer none
        of it, so they lead no answer."""
        return carried(self.analysis) and not speaks_to(self.ranked, self.analysis, self.word_coverage)

    @property
    def off_topic(self) -> bool:
        """Off topic by meaning (nearest the off-topic examples, no sentence near) unless its words decide
        (``_words_decide``: "阳朔去年农村网络零售额是多少" is as near a hotel question in Yangshuo, but its words are
        the paper's); or unrelated to the domain altogether. The title page and the reference list are near only
        questions on the paper ("is Jiangsu University good for computer science?" is near the author's affiliation)."""
        on_paper = "paper" in self.analysis.kinds
        best = max((r.similarity for r in self.ranked[:10] if on_paper or r.unit.type != "meta"), default=0.0)
        if self.analysis.sections:
            return False  # it names a part of the paper
        # a message in a conversation may leave its subject to it ("有没有类似的案例"): off topic by meaning only
        # ... and one on what the paper is not ("What are the limitations of this study?") is about the paper
        on_its_gaps = on_paper and any(g in PAPER_GAPS for g in self.analysis.gaps)
        unrelated = not (self.covered or self.analysis.u.about_domain or self.in_conversation or on_its_gaps)
        unrelated = unrelated and best < UNRELATED_SIMILARITY
        # ... and one pointing back at a cited answer speaks of what it said ("so what format does it recommend
        # instead?" is near "can you recommend a hotel")
        of_the_answer = bool(self.analysis.referent) and self.analysis.thread_cited
        by_meaning = self.analysis.off_topic and best < OFF_TOPIC_SIMILARITY and not of_the_answer
        return (by_meaning and not (self._words_decide or self._kind_decides)) or unrelated

    @property
    def _kind_decides(self) -> bool:
        """Whether a question about the domain is clearly nearer a kind of in-domain question than the off-topic
        examples, however far its sentences are ("我在甘肃定西，领导让我做个电商整体规划，想问第一步干啥…": a plan 0.59,
        off topic 0.41; no sentence above 0.32)."""
        return self.analysis.u.about_domain and self._lead_over_off_topic >= IN_DOMAIN_LEAD

    @property
    def _words_decide(self) -> bool:
        """Whether its words keep a question in the domain that its meaning puts barely nearer the off-topic
        examples than a kind of in-domain question (0.42 against 0.41; "写一首诗" is 0.52 against 0.29)."""
        undecided = -self._lead_over_off_topic < OFF_TOPIC_MARGIN
        return undecided and self.domain_words is not None and self.domain_words >= SOURCE_WORDS

    @property
    def _lead_over_off_topic(self) -> float:
        """How much nearer the nearest kind of in-domain question is than the off-topic examples."""
        kinds = self.analysis.match.kinds
        return max((v for k, v in kinds.items() if k != "off_topic"), default=0.0) - kinds.get("off_topic", 0.0)
