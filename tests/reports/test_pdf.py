"""The PDF: extracted text, page count, embedded fonts, kinsoku, metadata, glyph placeholders."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from osai_procure.engine import evaluate
from osai_procure.loading import load_answers, load_policy
from osai_procure.models.report import Report, Seal
from osai_procure.render import HEADINGS
from osai_procure.render.fonts import (
    FontNotFoundError,
    bundled_font_dir,
    find_fonts,
    load_fonts,
)
from osai_procure.render.pdf import CANNOT_START, _Paragraph, render_pdf
from osai_procure.report import build_report
from tests.reports.helpers import (
    GENERATED_AT,
    answers_with,
    case_dirs,
    case_policy,
    mini_bundle,
    mixed,
    needs_poppler,
    pdffonts,
    pdftotext,
    shipped_library,
    signoff,
)

PUNCTUATION_STRESS = (
    "学習データの出所、範囲、特性、取得方法、選別基準、ラベリング手順を十分詳細に記載する。"
    "「オープンソース」と「オープンウェイト」は異なる概念である。重みの公開（2026年）。"
    "ライセンス（Apache-2.0）、利用規約（AUP）、及び「追加条件」。ちょっと「キャッシュ」のデータ。"
)


def _report(**answers: object) -> Report:
    """The mixed report, with some answers replaced."""
    bundle = mini_bundle()
    values = answers_with(**answers) if answers else mixed()[1]
    return build_report(
        bundle,
        values,
        evaluate(bundle, values),
        signoff(),
        GENERATED_AT,
        seal=Seal(record_sha256="cd" * 32),
    )


@pytest.fixture(scope="module")
def ja_pdf() -> bytes:
    """The Japanese PDF of the mixed answers with a long punctuation-heavy note."""
    return render_pdf(_report(reviewer_notes=PUNCTUATION_STRESS * 12), "ja")


@pytest.fixture(scope="module")
def en_pdf() -> bytes:
    """The English PDF of the same answers."""
    return render_pdf(_report(reviewer_notes=PUNCTUATION_STRESS * 12), "en")


def test_fonts_ship_inside_the_package_with_their_licence(tmp_path: Path) -> None:
    """BIZ UD Gothic comes from the package (with the OFL); a bad override says what to do."""
    files = find_fonts()
    assert files.family == "BIZ UDGothic"
    assert files.regular.parent == bundled_font_dir()
    assert (files.regular.parent / "OFL.txt").read_text(encoding="utf-8").find("SIL OPEN FONT") > 0
    assert files.bold.name == "BIZUDGothic-Bold.ttf"
    with pytest.raises(FontNotFoundError, match="OSAI_PROCURE_FONT_DIR"):
        find_fonts([tmp_path])


def test_the_same_report_gives_the_same_pdf_bytes() -> None:
    """With the bundled font the PDF is byte-identical from run to run (and machine to machine)."""
    report = _report(reviewer_notes=PUNCTUATION_STRESS)
    assert render_pdf(report, "ja") == render_pdf(report, "ja")


def test_font_directory_can_be_configured(tmp_path: Path) -> None:
    """OSAI_PROCURE_FONT_DIR (or an explicit list) points at another copy of the fonts."""
    source = find_fonts()
    for path in {source.regular, source.bold, source.mono}:
        (tmp_path / path.name).symlink_to(path)
    found = find_fonts([tmp_path])
    assert found.regular.parent == tmp_path and found.family == source.family


def test_every_fixed_heading_has_glyphs() -> None:
    """No fixed heading would need a placeholder: the font covers all template text."""
    fonts = load_fonts()
    missing = {ch for text in HEADINGS.values() for ch in text.ja + text.en if not fonts.covers(ch)}
    assert missing == set()


@needs_poppler
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_fonts_are_embedded(lang: str, ja_pdf: bytes, en_pdf: bytes, tmp_path: Path) -> None:
    """pdffonts lists only embedded subsets: every font `emb yes`, no stray Helvetica."""
    rows = pdffonts(ja_pdf if lang == "ja" else en_pdf, tmp_path)
    assert rows
    for row in rows:
        emb = row[-5]
        assert emb == "yes", row
        assert "Helvetica" not in row[0]


@needs_poppler
def test_japanese_text_pages_and_numbers(ja_pdf: bytes, tmp_path: Path) -> None:
    """The Japanese PDF has the cover, every section heading and 'n / N' on each page."""
    text = pdftotext(ja_pdf, tmp_path)
    pages = text.split("\f")[:-1]
    total = len(PdfReader(io.BytesIO(ja_pdf)).pages)
    assert total == len(pages) >= 6
    for number, page in enumerate(pages, start=1):
        assert re.search(rf"\b{number}\s*/\s*{total}\b", page), number
    for key in (
        "summary",
        "findings",
        "licences",
        "warnings",
        "remediation",
        "signoff",
        "appendix_answers",
        "appendix_provenance",
    ):
        assert HEADINGS[key].ja in text, key
    for needle in (
        "オープンソースAIではない",
        "不適合",
        "重みの入手のみ可能",
        "デジタル庁",
        "LicenseRef-Llama-3.1-Community",
        "受注者は",
        "山田 花子",
        "A.1.1",
        "F-01",
        mini_bundle().policy.digest,
    ):
        assert needle in text, needle


@needs_poppler
def test_english_text(en_pdf: bytes, tmp_path: Path) -> None:
    """The English PDF uses English headings and labels, with the user's Japanese kept."""
    text = pdftotext(en_pdf, tmp_path)
    for key in ("summary", "findings", "licences", "warnings", "remediation", "signoff"):
        assert HEADINGS[key].en in text, key
    for needle in (
        "Not Open Source AI",
        "Non-compliant",
        "Weights available",
        "The Contractor shall",
        "デジタル庁",
        "Example AI 株式会社",
    ):
        assert needle in text, needle
    assert "判定" not in text


@needs_poppler
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_line_starts_with_closing_punctuation(
    lang: str, ja_pdf: bytes, en_pdf: bytes, tmp_path: Path
) -> None:
    """Kinsoku: no extracted line starts with 、 or 。 (nor other closing marks)."""
    text = pdftotext(ja_pdf if lang == "ja" else en_pdf, tmp_path)
    assert PUNCTUATION_STRESS[:20] in text.replace("\n", "")
    bad = [line for line in text.splitlines() if line and line[0] in "、。，．）」』】"]
    assert bad == []


def test_kinsoku_at_every_width() -> None:
    """At widths from 60 to 400 pt no line starts with a character that cannot start one."""
    fonts = load_fonts()
    from reportlab.lib.styles import ParagraphStyle

    style = ParagraphStyle("t", fontName=fonts.regular, fontSize=10, leading=14, wordWrap="CJK")
    bad = []
    for offset in range(0, len(PUNCTUATION_STRESS), 7):
        text = PUNCTUATION_STRESS[offset:] + PUNCTUATION_STRESS[:offset]
        for width in range(40, 400, 9):
            para = _Paragraph(text, style)
            para.wrap(width, 10_000)
            lines = ["".join(w.text for w in line.words) for line in para.blPara.lines]
            assert "".join(lines) == text  # nothing lost or duplicated
            bad += [(width, line) for line in lines[1:] if line[:1] in CANNOT_START]
    assert bad == []


def test_english_words_are_not_split_when_a_space_is_near() -> None:
    """Latin words break at spaces; a word is cut only when it alone fills the line."""
    fonts = load_fonts()
    from reportlab.lib.styles import ParagraphStyle

    style = ParagraphStyle("t", fontName=fonts.regular, fontSize=10, leading=14, wordWrap="CJK")
    para = _Paragraph("データ情報 (Data information) documentation requirements apply", style)
    para.wrap(120, 1000)
    lines = ["".join(w.text for w in line.words).strip() for line in para.blPara.lines]
    words = " ".join(lines).split()
    assert "documentation" in words and "requirements" in words


@needs_poppler
def test_missing_glyphs_become_visible_placeholders(tmp_path: Path) -> None:
    """Emoji and rare CJK are shown as [U+XXXX] with a note, never as blanks."""
    pdf = render_pdf(_report(reviewer_notes="吉野家と𠮷野家 😀 ✅ end"), "ja")
    text = pdftotext(pdf, tmp_path)
    assert "[U+20BB7]" in text and "[U+1F600]" in text and "[U+2705]" in text
    assert "吉野家と" in text and "野家" in text
    assert HEADINGS["glyph_note"].ja[:10] in text.replace("\n", "")


def test_metadata_and_creation_date() -> None:
    """Title, author, subject and creator are set; the date comes from generated_at."""
    report = _report()
    info = PdfReader(io.BytesIO(render_pdf(report, "ja"))).metadata
    assert info is not None
    assert info.title == f"{report.title.ja}: Example LLM"
    assert info.author == "山田 花子"
    assert info.subject == report.subject.ja
    assert info["/Creator"].startswith("osai-procure ")
    assert info["/CreationDate"].startswith("D:20260512100000+09'00'")


def test_rendering_is_deterministic() -> None:
    """The same report renders to the same bytes (no clock, no random ids)."""
    report = _report()
    assert render_pdf(report, "en") == render_pdf(report, "en")


def test_unsigned_report_says_so() -> None:
    """Without a signature the sign-off page says changes cannot be detected."""
    pdf = render_pdf(_report(), "en")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert re.sub(r"\s+", " ", HEADINGS["not_signed"].en) in re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("case", case_dirs(), ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_shipped_case_renders(case: Path, lang: str) -> None:
    """Each golden case of the shipped policies renders in both languages."""
    library = shipped_library()
    bundle = load_policy(case_policy(case), library)
    answers = load_answers(case / "answers.yaml", bundle)
    report = build_report(bundle, answers, evaluate(bundle, answers), signoff(), GENERATED_AT)
    pdf = render_pdf(report, lang)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 5
