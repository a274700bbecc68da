"""The shipped corpus: the paper (zh original + our English rendering) and its reference list.

Files live in ``corpus/`` (see corpus/README.md for the format). This module only reads and
validates them; chunking is in ``chunking.py`` and indexing in ``index.py``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from advisor.domain import Language
from advisor.errors import ConfigError
from advisor.knowledge.chunking import Chunk, chunk_markdown, heading_chunks, split_front_matter

PAPER_ID = "pei2026"
USER_DOC_LABEL: dict[Language, str] = {"zh": "你的资料：", "en": "Your document: "}
_MARKER = re.compile(r"\[(\d{1,2})\]")


class SourceInfo(BaseModel):
    """What a citation needs to name a source."""

    id: str
    kind: str  # "paper" | "user"
    title: str
    title_en: str | None = None
    authors: str = ""
    authors_en: str | None = None
    year: int | None = None
    license: str | None = None
    attribution: str | None = None
    path: str | None = None

    def short(self, lang: Language) -> str:
        """'Pei 2026' / '裴彩利 2026' style label; a user's document always says it is theirs ("你的资料：…"),
        so whatever its title (even "裴彩利 2026") it cannot pass for the paper."""
        if self.kind != "paper":
            return f"{USER_DOC_LABEL[lang]}{self.title}"
        author = self.authors_en if lang == "en" and self.authors_en else self.authors
        surname = author.split()[-1] if lang == "en" and author else author
        return f"{surname} {self.year}" if self.year else surname


class Citing(BaseModel):
    section: str
    quote: str
    summary_en: str = ""


class Reference(BaseModel):
    """One work in the paper's reference list, and what the paper attributes to it."""

    key: str
    number: int
    id: str
    authors: list[str]
    authors_en: list[str] = []
    title: str
    title_en: str = ""
    journal: str
    journal_en: str = ""
    year: int
    volume: str | int | None = None
    issue: str | int | None = None
    pages: str | None = None
    cited_in: list[Citing] = []

    def short(self, lang: Language) -> str:
        """'潘方华 2026' / 'Pan Fanghua 2026'."""
        names = self.authors_en if lang == "en" and self.authors_en else self.authors
        lead = names[0] if names else "?"
        more = (" et al." if lang == "en" else "等") if len(names) > 1 else ""
        return f"{lead}{more} {self.year}"


class PaperFile(BaseModel):
    lang: Language
    meta: dict[str, object]
    body: str


def _read_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"Cannot read {path}: {exc}", hint="restore the file from the repository") from exc


def read_paper(corpus_dir: Path, lang: Language) -> PaperFile:
    path = corpus_dir / f"{PAPER_ID}.{lang}.md"
    try:
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"Corpus file missing: {path}", hint="restore corpus/ from the repository") from exc
    meta = yaml.safe_load(front) or {}
    return PaperFile(lang=lang, meta=meta, body=body)


def paper_source(corpus_dir: Path) -> SourceInfo:
    meta = read_paper(corpus_dir, "zh").meta
    published = str(meta.get("published", ""))
    return SourceInfo(
        id=PAPER_ID,
        kind="paper",
        title=str(meta.get("title", "")),
        title_en=str(meta.get("title_en", "")) or None,
        authors=str(meta.get("author", "")),
        authors_en=str(meta.get("author_en", "")) or None,
        year=int(published[:4]) if published[:4].isdigit() else None,
        license=str(meta.get("license", "")) or None,
        attribution=str(meta.get("attribution", "")) or None,
        path=f"corpus/{PAPER_ID}.zh.md",
    )


def paper_chunks(corpus_dir: Path) -> list[Chunk]:
    """All chunks of the paper, Chinese original first, then the English rendering."""
    return _both_languages(corpus_dir, chunk_markdown)


def paper_headings(corpus_dir: Path) -> list[Chunk]:
    """The paper's headings in both languages (see ``chunking.heading_chunks``)."""
    return _both_languages(corpus_dir, heading_chunks)


def _both_languages(corpus_dir: Path, split: Callable[..., list[Chunk]]) -> list[Chunk]:
    chunks: list[Chunk] = []
    for lang in ("zh", "en"):
        paper = read_paper(corpus_dir, lang)  # type: ignore[arg-type]
        chunks += split(paper.body, source_id=PAPER_ID, lang=paper.lang)
    return chunks


def load_references(corpus_dir: Path) -> list[Reference]:
    path = corpus_dir / "references.yaml"
    data = _read_yaml(path)
    try:
        items = (data or {}).get("references", []) if isinstance(data, dict) else []
        return [Reference.model_validate(item) for item in items]
    except ValidationError as exc:
        raise ConfigError(f"{path} is invalid: {exc.errors()[0]['msg']}", hint="fix the entry it names") from exc


def cited_references(text: str, references: list[Reference]) -> list[Reference]:
    """The references whose marker [n] appears in a passage (the paper's own citations)."""
    numbers = {int(n) for n in _MARKER.findall(text)}
    return [ref for ref in references if ref.number in numbers]


def corpus_fingerprint(corpus_dir: Path) -> str:
    """Hash of every corpus file that is indexed, so a changed corpus triggers a rebuild."""
    digest = hashlib.sha256()
    for path in [*sorted(corpus_dir.glob(f"{PAPER_ID}.*.md")), corpus_dir / "references.yaml"]:
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=4)
def cached_references(corpus_dir: Path) -> tuple[Reference, ...]:
    return tuple(load_references(corpus_dir))
