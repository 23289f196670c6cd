"""Reading licence documents: formats, locations, and texts that cannot be read."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from osai_procure.licences.document import MAX_BYTES, read_document, read_path


def _pdf(pages: list[str]) -> bytes:
    """A PDF with one paragraph of text per page (an empty string gives a blank page)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for text in pages:
        y = 800
        for line in text.splitlines():
            pdf.drawString(50, y, line)
            y -= 14
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_pdf_paragraphs_carry_their_page() -> None:
    """Each paragraph of a PDF knows its page and its section number."""
    data = _pdf(
        ["1. Grant.", "2. Governing Law. This Agreement is governed by the laws of Utopia."]
    )
    document = read_document(data, "terms.pdf")
    assert document.format == "pdf" and document.pages == 2
    last = document.paragraphs[-1]
    assert (last.page, last.section) == (2, "2")


def test_pdf_page_without_text_is_reported() -> None:
    """A page with no extractable text (a scanned image) is named in the problems."""
    document = read_document(
        _pdf(["1. Grant. You may use the model for any purpose.", ""]), "x.pdf"
    )
    assert ("pdf_pages_without_text", "2") in document.problems


def test_damaged_pdf_is_unreadable_not_an_error() -> None:
    """A file that starts like a PDF but is not one comes back unreadable, with the reason."""
    document = read_document(b"%PDF-1.7\n garbage " * 10, "broken.pdf")
    assert not document.readable
    assert [code for code, _ in document.problems] == ["pdf_unreadable"]


def test_binary_file_is_not_text() -> None:
    """Bytes that are not text are refused as such, never scanned as gibberish."""
    document = read_document(bytes(range(256)) * 40, "model.bin")
    assert not document.readable and document.problems[0][0] == "not_text"


def test_html_text_without_scripts() -> None:
    """HTML is read as its visible text; scripts are dropped and blocks split paragraphs."""
    page = (
        "<html><head><title>t</title><script>var x = 'You agree not to use';</script></head>"
        "<body><h2>3. Use</h2><p>You may use the model &amp; its outputs.</p></body></html>"
    )
    document = read_document(page.encode(), "terms.html")
    assert [p.text for p in document.paragraphs] == [
        "3. Use",
        "You may use the model & its outputs.",
    ]
    assert document.paragraphs[1].section == "3"


def test_shift_jis_japanese_terms_are_read() -> None:
    """Japanese terms saved as Shift_JIS are decoded, and 第N条 becomes the section."""
    text = "第3条（禁止事項）\n利用者は、本モデルを軍事目的で使用してはならない。\n"
    document = read_document(text.encode("cp932"), "規約.txt")
    assert document.paragraphs[-1].section == "第3条"
    assert document.paragraphs[-1].text.startswith("利用者は")


def test_lettered_and_roman_items_nest_under_their_section() -> None:
    """Items a., i., ii. under section 1 are located as 1.a, 1.a.i, 1.a.ii."""
    text = "1. Licence.\na. Grant.\ni. First.\nii. Second.\n"
    sections = [p.section for p in read_document(text.encode(), "l.txt").paragraphs]
    assert sections == ["1", "1.a", "1.a.i", "1.a.ii"]


def test_too_large_file_keeps_its_digest(tmp_path: Path) -> None:
    """A file over the size limit is not read, but its size and whole-file SHA-256 are kept."""
    import hashlib

    path = tmp_path / "huge.txt"
    data = b"a" * (MAX_BYTES + 10)
    path.write_bytes(data)
    document = read_path(path)
    assert not document.readable
    assert document.problems == (("too_large", str(len(data))),)
    assert document.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("data", [b"", b"   \n\n  ", b"MIT"])
def test_too_little_text_is_unreadable(data: bytes) -> None:
    """Empty or near-empty files are not readable terms."""
    assert not read_document(data, "LICENSE").readable


def _bomb_pdf(megabytes: int) -> bytes:
    """A one-page PDF whose content stream inflates to `megabytes` of spaces (a zip bomb)."""
    import zlib

    packer = zlib.compressobj(9)
    block = b" " * (1 << 20)
    stream = b"".join(packer.compress(block) for _ in range(megabytes)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def test_pdf_zip_bomb_is_named_and_stopped() -> None:
    """A page whose stream inflates past the reader's limit is reported as such, unread."""
    import pypdf.filters

    megabytes = pypdf.filters.ZLIB_MAX_OUTPUT_LENGTH // (1 << 20) + 8
    document = read_document(_bomb_pdf(megabytes), "terms.pdf")
    assert ("pdf_stream_limit", "1") in document.problems
    assert not document.readable and document.paragraphs == ()
