"""Citation markers and their verification.

A ``CitationBook`` hands out ``[n]`` markers for quotes and passages while an answer is composed;
``finalize`` then checks the finished Markdown: every marker resolves, every citation is used (unused
ones are dropped and the rest renumbered in order of first use), every quote exists in the index, and
no number appears that is not in a cited quote — or the count of the items its line lists (``items_shown``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from advisor.answer import Citation
from advisor.domain import Language
from advisor.errors import BackendError
from advisor.knowledge.chunking import Chunk
from advisor.knowledge.corpus import Reference, SourceInfo, cited_references
from advisor.knowledge.retrieval import SearchIndex
from advisor.text import lists_in, numbers, split_sentences

_MARKER = re.compile(r"\[(\d{1,3})\]")


@dataclass
class CitationBook:
    """Assigns markers to quotes; one marker per distinct quote."""

    index: SearchIndex
    sources: dict[str, SourceInfo]
    references: list[Reference]
    lang: Language
    citations: list[Citation] = field(default_factory=list)
    _by_key: dict[str, int] = field(default_factory=dict)

    def quote(self, quote: str, *, whole: bool = False) -> int:
        """Cite an exact quote (e.g. a rule's supporting sentence); it must be in the index. With ``whole`` the
        citation shows the whole sentence(s) the quote is part of: what a summary longer than its quote says is
        checked against the sentences it summarises."""
        if quote in self._by_key and not whole:
            return self._by_key[quote]
        chunk = self.index.find_quote(quote)
        if chunk is None:
            raise BackendError(f"Quote not found in the index: {quote[:40]}…", hint="run `advisor index --rebuild`")
        shown = enclosing_sentences(quote.strip(), chunk.text) if whole else quote
        return self._by_key.get(shown) or self._add(shown, chunk, shown)

    def passage(self, chunk: Chunk) -> int:
        """Cite a whole retrieved passage; English passages are cited with their Chinese original."""
        original = self.index.twin_of(chunk) if chunk.lang == "en" and chunk.source_id == "pei2026" else None
        quoted = original or chunk
        key = f"chunk:{quoted.id}"
        if key in self._by_key:
            return self._by_key[key]
        return self._add(key, quoted, quoted.text)

    def cites(self, chunk: Chunk) -> bool:
        """Whether ``chunk`` is already cited as a passage (so a later section does not quote it again)."""
        return f"chunk:{chunk.id}" in self._by_key

    def _add(self, key: str, chunk: Chunk, quote: str) -> int:
        marker = len(self.citations) + 1
        twin = self.index.twin_of(chunk)
        source = self.sources.get(chunk.source_id)
        cites = cited_references(quote, self.references) if chunk.source_id == "pei2026" else []
        self.citations.append(
            Citation(
                marker=marker,
                source_id=chunk.source_id,
                title=_source_title(source, self.lang),
                section=chunk.section,
                section_title=chunk.section_title,
                quote=quote,
                chunk_id=chunk.id,
                translation=aligned_translation(quote, chunk, twin) if twin else None,
                translation_chunk_id=twin.id if twin else None,
                cites=[ref.short(self.lang) for ref in cites],
                source_label=_label(source, chunk, self.lang, cites),
            )
        )
        self._by_key[key] = marker
        return marker


def enclosing_sentences(quote: str, text: str) -> str:
    """The sentences of ``text`` that ``quote`` (a part of it) falls in, verbatim from the first one's start to the
    last one's end ("农产品网络零售额同比增长 9.9%" → the whole sentence that holds it)."""
    start = text.find(quote)
    if start < 0:
        return quote
    end, at = start + len(quote), 0
    first = last = None
    for sentence in split_sentences(text):
        begins = text.find(sentence, at)
        if begins < 0:  # a short fragment was joined to its sentence across whitespace: keep the quote as it is
            return quote
        at = begins + len(sentence)
        if begins <= start < at or (first is None and begins >= start):
            first = begins if first is None else first
        if first is not None and begins < end:
            last = at
    return text[first:last] if first is not None and last is not None else quote


def aligned_translation(quote: str, original: Chunk, twin: Chunk) -> str:
    """The twin's sentence that renders the quoted one, or the whole twin when the pairing is uncertain.

    Why: a citation card should put the English of the quoted sentence beside it, not a whole paragraph.
    The English rendering follows the original sentence by sentence, so when both paragraphs split into
    the same number of sentences (。；/ . ;) the quote's sentence index picks its rendering; when the
    counts differ or the quote spans sentences, the whole paragraph is the honest answer.
    """
    source, target = split_sentences(original.text), split_sentences(twin.text)
    holding = [i for i, sentence in enumerate(source) if quote.strip() in sentence]
    if len(source) != len(target) or len(holding) != 1 or len(source) == 1:
        return twin.text
    return target[holding[0]]


def _source_title(source: SourceInfo | None, lang: Language) -> str:
    if source is None:
        return ""
    return (source.title_en or source.title) if lang == "en" else source.title


def _label(source: SourceInfo | None, chunk: Chunk, lang: Language, cites: list[Reference]) -> str:
    """'Pei 2026, §3.2, citing 潘方华 2026' — what a reader writes in a footnote."""
    name = source.short(lang) if source else chunk.source_id
    if source is None or source.kind != "paper":  # a document's own numbering is not the paper's §
        return f"{name} · {chunk.section_title}" if chunk.section_title else name
    where = f"§{chunk.section}" if chunk.section[:1].isdigit() else chunk.section_title
    label = f"{name}, {where}"
    if cites:
        joined = ", ".join(ref.short(lang) for ref in cites)
        label += f", citing {joined}" if lang == "en" else f"，引 {joined}"
    return label


def markers_in(text: str) -> list[int]:
    return [int(m) for m in _MARKER.findall(text)]


def unsupported_numbers(sentence: str, cited_texts: list[str]) -> list[str]:
    """Numbers in a sentence that none of its cited texts contains."""
    found = []
    for number in numbers(_MARKER.sub("", sentence)):
        if not any(number in text for text in cited_texts):
            found.append(number)
    return found


def finalize(markdown: str, citations: list[Citation]) -> tuple[str, list[Citation]]:
    """Keep only used citations, renumber them by first use, and check no marker dangles."""
    order: list[int] = []
    for marker in markers_in(markdown):
        if marker not in order:
            order.append(marker)
    known = {c.marker: c for c in citations}
    dangling = [m for m in order if m not in known]
    if dangling:
        raise BackendError(f"Answer cites unknown markers {dangling}", code="dangling_marker")
    renumber = {old: new for new, old in enumerate(order, start=1)}
    text = _MARKER.sub(lambda m: f"[{renumber[int(m.group(1))]}]", markdown)
    kept = [known[old].model_copy(update={"marker": renumber[old]}) for old in order]
    return text, kept


def items_shown(lines: list[str], n: int) -> list[str]:
    """How many items each sentence of line n lists after its colon, and how many bullets follow the line — under
    the headings of its groups too ("论文共列出 10 条参考文献：" over "2024 年：" …): a count the answer shows is checked
    against what it counts, not a quote."""
    listed = [len(items) for items in lists_in(_MARKER.sub("", lines[n]))]
    rest = lines[n + 1 :]
    grouped = bool(rest) and _heads_group(rest[0])
    block = itertools.takewhile(lambda line: line.startswith("- ") or (grouped and _heads_group(line)), rest)
    bullets = sum(line.startswith("- ") for line in block)
    return [str(count) for count in (*listed, bullets) if count > 1]


def _heads_group(line: str) -> bool:
    """Whether a line heads a group of bullets ("2026 年（8 条）：")."""
    return not line.startswith("- ") and line.rstrip().endswith(("：", ":"))


def verify_numbers(markdown: str, citations: list[Citation], known: tuple[str, ...] = ()) -> tuple[str, int]:
    """Drop any line stating a number that none of its cited passages contains (grounded or silent).

    ``known`` holds texts every line may rely on without a marker (the sources' bibliographic facts).
    """
    by_marker = {c.marker: [c.quote, c.translation or ""] for c in citations}
    kept, removed = [], 0
    lines = markdown.splitlines()
    for n, line in enumerate(lines):
        cited = [*known, *(text for m in markers_in(line) for text in by_marker.get(m, []))]
        unsupported = unsupported_numbers(line, cited)
        if unsupported and set(unsupported) - set(items_shown(lines, n)):
            removed += 1
            continue
        kept.append(line)
    return "\n".join(kept) + ("\n" if markdown.endswith("\n") else ""), removed
