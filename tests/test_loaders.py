"""Tests for advisor.knowledge.loaders: reading users' documents (Markdown, TXT, PDF, DOCX) into text, or a clear error.

Pure reading, no index: every failure must be a UserInputError whose message names the file.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from advisor.errors import UserInputError
from advisor.knowledge.loaders import MAX_FILE_BYTES, read_document

HONEY_ZH = "雷山县苗岭蜂语养蜂专业合作社出产高山百花蜜。"


def make_pdf(path: Path, pages: list[list[str]], *, password: str | None = None) -> Path:
    """A real PDF with text (a CID font, so Chinese survives the round trip)."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    encrypt = pdfencrypt.StandardEncryption(password, strength=128) if password else None
    c = canvas.Canvas(str(path), encrypt=encrypt)
    for lines in pages:
        c.setFont("STSong-Light", 12)
        for i, line in enumerate(lines):
            c.drawString(72, 750 - 20 * i, line)
        c.showPage()
    c.save()
    return path


def make_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    document.save(str(path))
    return path


def read_error(path: Path) -> UserInputError:
    with pytest.raises(UserInputError) as info:
        read_document(path)
    assert info.value.exit_code == 2
    return info.value


# -- text and Markdown ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["notes.md", "NOTES.MD", "notes.markdown"])
def test_markdown_is_read_as_markdown(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(f"# 合作社\n\n{HONEY_ZH}\n", encoding="utf-8")
    text, is_markdown = read_document(path)
    assert is_markdown is True
    assert text == f"# 合作社\n\n{HONEY_ZH}\n"


def test_utf8_text_is_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("# not a heading in a .txt\n" + HONEY_ZH, encoding="utf-8")
    text, is_markdown = read_document(path)
    assert is_markdown is False
    assert HONEY_ZH in text


def test_utf8_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + HONEY_ZH.encode("utf-8"))
    assert read_document(path)[0] == HONEY_ZH


def test_gb18030_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    data = HONEY_ZH.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really not UTF-8
    path.write_bytes(data)
    assert read_document(path)[0] == HONEY_ZH


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_byte_order_mark_is_decoded(tmp_path: Path, encoding: str) -> None:
    """What Windows Notepad saves as "Unicode": ASCII letters carry NUL bytes, but it is text."""
    path = tmp_path / "notepad.txt"
    path.write_bytes(("\ufeffHoney co-op: " + HONEY_ZH).encode(encoding))
    assert read_document(path)[0] == "Honey co-op: " + HONEY_ZH


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(bytes(range(256)) * 8)
    error = read_error(path)
    assert "photo.txt" in error.message and "binary" in error.message


def test_text_in_an_unknown_encoding_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("caf\xe9 au lait".encode("latin-1"))
    error = read_error(path)
    assert "latin.txt" in error.message
    assert "UTF-8" in (error.hint or "")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    error = read_error(path)
    assert "empty.md" in error.message and "empty" in error.message


def test_whitespace_only_text_has_no_text_and_no_pdf_hint(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("  \n\n\t \n", encoding="utf-8")
    error = read_error(path)
    assert "blank.txt" in error.message and "no text" in error.message
    assert "OCR" not in str(error)  # that hint is for PDFs only


# -- what is not a document ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "shown"), [("sales.xlsx", ".xlsx"), ("README", "(none)"), ("a.doc", ".doc")])
def test_unsupported_extension(tmp_path: Path, name: str, shown: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"whatever")
    error = read_error(path)
    assert name in error.message and shown in error.message
    assert ".docx" in (error.hint or "")


def test_missing_file(tmp_path: Path) -> None:
    error = read_error(tmp_path / "nowhere" / "plan.md")
    assert "plan.md" in error.message and "no such file" in error.message


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    (tmp_path / "docs.md").mkdir()
    error = read_error(tmp_path / "docs.md")
    assert "docs.md" in error.message and "not a file" in error.message


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: no 20 MB written
    error = read_error(path)
    assert "huge.txt" in error.message and "limit" in error.message
    assert error.hint


# -- PDF -------------------------------------------------------------------------------------------------


def test_pdf_text_of_every_page(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "coop.pdf", [["青溪竹编工坊用本地毛竹编织果篮。"], ["Page two in English."]])
    text, is_markdown = read_document(path)
    assert is_markdown is False
    assert "青溪竹编工坊用本地毛竹编织果篮。" in text
    assert "Page two in English." in text
    assert text.index("青溪") < text.index("Page two")


def test_pdf_without_text_suggests_ocr(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "scan.pdf", [[]])
    error = read_error(path)
    assert "scan.pdf" in error.message and "no text" in error.message
    assert "OCR" in (error.hint or "")


@pytest.mark.parametrize(
    "data",
    [b"this is not a PDF at all" * 20, b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", b"%PDF-1.7\n" + bytes(range(256)) * 4],
    ids=["garbage", "truncated", "header-then-noise"],
)
def test_corrupt_pdf(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    error = read_error(path)
    assert "broken.pdf" in error.message and "PDF" in error.message


def test_cut_off_pdf(tmp_path: Path) -> None:
    whole = make_pdf(tmp_path / "whole.pdf", [["完整的一页。"]]).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) // 3])
    error = read_error(path)
    assert "cut.pdf" in error.message


def test_password_protected_pdf(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "locked.pdf", [["秘密"]], password="secret")
    error = read_error(path)
    assert "locked.pdf" in error.message and "password" in error.message


# -- DOCX ------------------------------------------------------------------------------------------------


def test_docx_paragraphs_and_table_text(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "plan.docx",
        ["石门坎洋芋加工坊简介", "", "加工坊把洋芋做成薯片。"],
        table=[["产品", "价格"], ["洋芋薯片", "每袋12元"]],
    )
    text, is_markdown = read_document(path)
    assert is_markdown is False
    paragraphs = text.split("\n\n")
    assert paragraphs[:2] == ["石门坎洋芋加工坊简介", "加工坊把洋芋做成薯片。"]  # empty paragraphs dropped
    assert "洋芋薯片 每袋12元" in paragraphs


def test_docx_without_text(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "blank.docx", [])
    error = read_error(path)
    assert "blank.docx" in error.message and "no text" in error.message


def _zip_bytes(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, content in files.items():
            z.writestr(name, content)
    return buf.getvalue()


@pytest.mark.parametrize(
    "data",
    [b"not a zip, not Word" * 10, _zip_bytes({"hello.txt": "a zip but not Word"})],
    ids=["garbage", "zip-not-docx"],
)
def test_corrupt_docx(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    error = read_error(path)
    assert "report.docx" in error.message and "Word" in error.message
