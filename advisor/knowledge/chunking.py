"""Pure chunking: Markdown text in, citable chunks with stable ids out.

Why paragraph-level: a citation must quote one passage and show its translation beside it, so a
chunk is a paragraph of a section (split further only when it is long), and the Chinese chunk and its
English twin share the same `(section, paragraph)` locator. Ids look like ``pei2026:zh:5.1:2``; a long
paragraph split into parts gets ``pei2026:zh:5.1:2-1``, ``…:2-2``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter
from pydantic import BaseModel, ConfigDict

from advisor.domain import Language

#: Bump when the chunking changes, so existing indexes are rebuilt.
CHUNKER_VERSION = "1"
MAX_CHUNK_CHARS: dict[str, int] = {"zh": 700, "en": 1600}
_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3"), ("####", "h4")]
_CJK_SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", ". ", "! ", "? ", "; ", "，", ", ", " ", ""]
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(.*)$")
_NAMED_SECTIONS = {
    "摘要": "abstract",
    "abstract": "abstract",
    "关键词": "keywords",
    "keywords": "keywords",
    "参考文献": "references",
    "references": "references",
}


class Chunk(BaseModel):
    """One citable passage."""

    model_config = ConfigDict(frozen=True)

    id: str
    source_id: str
    lang: Language
    section: str
    section_title: str
    paragraph: int
    part: int
    text: str

    @property
    def locator(self) -> tuple[str, str, int]:
        """What a chunk and its translation share: (source, section, paragraph)."""
        return (self.source_id, self.section, self.paragraph)


def section_from_heading(heading: str) -> tuple[str, str]:
    """'5.1. 补齐基础设施短板' -> ('5.1', '补齐基础设施短板'); '摘要' -> ('abstract', '摘要')."""
    heading = heading.strip()
    match = _NUMBERED.match(heading)
    if match:
        return match.group(1), match.group(2).strip()
    named = _NAMED_SECTIONS.get(heading.lower())
    if named:
        return named, heading
    slug = re.sub(r"[^\w]+", "-", heading.lower()).strip("-")[:40]
    return slug or "body", heading


def split_front_matter(text: str) -> tuple[str, str]:
    """Return (front matter YAML, body). Files without front matter get an empty header."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[4:end], text[end + 4 :].lstrip("\n")
    return "", text


def _section_of(headings: list[str]) -> tuple[str, str]:
    """No heading: 'body'; only the document title: 'front' (author, dates); else the deepest heading."""
    if not headings:
        return "body", ""
    only = headings[0]
    if len(headings) == 1 and not _NUMBERED.match(only) and only.lower() not in _NAMED_SECTIONS:
        return "front", only
    return section_from_heading(headings[-1])


def _sections(body: str) -> Iterator[tuple[str, str, list[str]]]:
    """Yield (section id, section title, paragraphs) using LangChain's Markdown header splitter."""
    splitter = MarkdownHeaderTextSplitter(_HEADERS, strip_headers=True)
    for doc in splitter.split_text(body):
        section, title = _section_of([doc.metadata[key] for _, key in _HEADERS if key in doc.metadata])
        paragraphs = [p.strip() for p in doc.page_content.split("\n") if p.strip()]
        if paragraphs:
            yield section, title, paragraphs


def _parts(paragraph: str, max_chars: int) -> list[str]:
    if len(paragraph) <= max_chars:
        return [paragraph]
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=max_chars, chunk_overlap=0, separators=_CJK_SEPARATORS, keep_separator="end"
    )
    return [p.strip() for p in splitter.split_text(paragraph) if p.strip()]


def chunk_markdown(body: str, *, source_id: str, lang: Language, max_chars: int | None = None) -> list[Chunk]:
    """Split a Markdown body (front matter removed) into chunks with stable ids."""
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for section, title, paragraphs in _sections(body):
        offset = seen.get(section, 0)  # a repeated heading continues the numbering
        for number, paragraph in enumerate(paragraphs, start=offset + 1):
            parts = _parts(paragraph, max_chars or MAX_CHUNK_CHARS[lang])
            for part_no, text in enumerate(parts, start=1):
                suffix = f"-{part_no}" if len(parts) > 1 else ""
                chunks.append(
                    Chunk(
                        id=f"{source_id}:{lang}:{section}:{number}{suffix}",
                        source_id=source_id,
                        lang=lang,
                        section=section,
                        section_title=title,
                        paragraph=number,
                        part=part_no if len(parts) > 1 else 0,
                        text=text,
                    )
                )
        seen[section] = offset + len(paragraphs)
    return chunks


_HEADING_LINE = re.compile(r"^(#{1,4})\s+(\S.*?)\s*$")


def heading_chunks(body: str, *, source_id: str, lang: Language) -> list[Chunk]:
    """Each heading of a Markdown body as a citable chunk, paragraph 0 of its section (the document's title is
    the front matter's). Why: the paragraph chunks leave the headings out, yet a paper's outline ("§3.3 names three
    models: 平台驱动型…") is quoted from them."""
    chunks = []
    for line in body.splitlines():
        match = _HEADING_LINE.match(line)
        if match is None:
            continue
        section, title = section_from_heading(match.group(2))
        if len(match.group(1)) == 1 and not _NUMBERED.match(match.group(2)):
            section = "front"
        chunks.append(
            Chunk(
                id=f"{source_id}:{lang}:{section}:0",
                source_id=source_id,
                lang=lang,
                section=section,
                section_title=title,
                paragraph=0,
                part=0,
                text=title,
            )
        )
    return chunks


def chunk_plain_text(text: str, *, source_id: str, lang: Language, max_chars: int | None = None) -> list[Chunk]:
    """Chunk text without headings (TXT, PDF, DOCX): blank-line paragraphs, joined lines repaired."""
    paragraphs = [_join_lines(block.splitlines()) for block in re.split(r"\n\s*\n", text)]
    body = "\n".join(p for p in paragraphs if p.strip())
    return chunk_markdown(body, source_id=source_id, lang=lang, max_chars=max_chars)


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _join_lines(lines: list[str]) -> str:
    """Re-join a paragraph broken over lines: no space between CJK characters, one between words."""
    out = ""
    for line in (raw.strip() for raw in lines):
        if not line:
            continue
        glue = "" if not out or (_CJK.match(out[-1]) or _CJK.match(line[0])) else " "
        out += glue + line
    return out
