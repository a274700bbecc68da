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
#: Windows Notepad's "Unicode" is UTF-16 with a byte-order mark (its ASCII bytes contain NULs).
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_document(path: Path) -> tuple[str, bool]:
    """Return (text, is_markdown)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserInputError(
            f"{path.name}: unsupported file type '{suffix or '(none)'}'", hint="use .md, .txt, .pdf or .docx"
        )
    if not path.exists():
        raise UserInputError(f"{path}: no such file")
    if not path.is_file():
        raise UserInputError(f"{path}: not a file (give the document itself, not a folder)")
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
        raise UserInputError(
            f"{path.name}: no text could be extracted",
            hint="a scanned PDF needs OCR first" if suffix == ".pdf" else None,
        )
    return text, suffix in {".md", ".markdown"}


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserInputError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise UserInputError(f"{path.name}: this looks like a binary file, not text")
    for encoding in _TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserInputError(f"{path.name}: the text is neither UTF-8 nor GB18030", hint="save it as UTF-8")


def _read_pdf(path: Path) -> str:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on a damaged file would clutter the CLI
    try:
        reader = PdfReader(str(path))
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except FileNotDecryptedError as exc:
        raise UserInputError(f"{path.name}: the PDF is password-protected", hint="remove the password first") from exc
    except Exception as exc:  # a damaged PDF can make the parser raise almost anything
        raise UserInputError(f"{path.name}: not a readable PDF ({exc.__class__.__name__})") from exc


def _read_docx(path: Path) -> str:
    from docx import Document

    try:
        document = Document(str(path))
        paragraphs = [p.text for p in document.paragraphs]
        for table in document.tables:  # text kept in tables is text too
            for row in table.rows:
                cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells))  # merged cells repeat
                paragraphs.append(" ".join(c for c in cells if c))
    except Exception as exc:  # not a zip, a zip that is not Word, a damaged package …
        raise UserInputError(f"{path.name}: not a readable Word (.docx) file") from exc
    return "\n\n".join(p for p in paragraphs if p.strip())
