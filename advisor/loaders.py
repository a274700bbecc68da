"""Read a user's document (Markdown, TXT, PDF, DOCX) into text, or say clearly why not.

Pure reading only: chunking and indexing happen in ``index.py``. Every failure is a
UserInputError naming the file, so a batch of files can report one bad file and go on.
"""

from __future__ import annotations

from pathlib import Path

from advisor.errors import UserInputError

MAX_FILE_BYTES = 20 * 1024 * 1024
SUFFIXES = {".md", ".markdown", ".txt", ".pdf", ".docx"}
_TEXT_ENCODINGS = ("utf-8-sig", "gb18030")


def read_document(path: Path) -> tuple[str, bool]:
    """Return (text, is_markdown)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserInputError(
            f"{path.name}: unsupported file type '{suffix or '(none)'}'", hint="use .md, .txt, .pdf or .docx"
        )
    if not path.is_file():
        raise UserInputError(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise UserInputError(f"{path.name}: the file is empty")
    if size > MAX_FILE_BYTES:
        raise UserInputError(
            f"{path.name}: {size / 1e6:.1f} MB is over the {MAX_FILE_BYTES // 1_000_000} MB limit",
            hint="split the document into smaller files",
        )
    reader = {".pdf": _read_pdf, ".docx": _read_docx}.get(suffix, _read_text)
    text = reader(path)
    if not text.strip():
        raise UserInputError(f"{path.name}: no text could be extracted", hint="a scanned PDF needs OCR first")
    return text, suffix in {".md", ".markdown"}


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise UserInputError(f"{path.name}: this looks like a binary file, not text")
    for encoding in _TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserInputError(f"{path.name}: the text is neither UTF-8 nor GB18030", hint="save it as UTF-8")


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UserInputError(f"{path.name}: not a readable PDF ({exc.__class__.__name__})") from exc


def _read_docx(path: Path) -> str:
    import zipfile

    from docx import Document

    try:
        document = Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UserInputError(f"{path.name}: not a readable Word (.docx) file") from exc
    return "\n\n".join(p.text for p in document.paragraphs if p.text.strip())
