"""A changed PDF report is located to its pages: which page, how, and what it said when signed."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pyhanko.pdf_utils.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    StreamObject,
    pdf_string,
)
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ByteStringObject, ContentStream

from osai_procure.cli import main
from osai_procure.loading import ContentLibrary
from osai_procure.models.report import SignedPage
from osai_procure.signing import KeySet, VerificationResult, export_reports, pages, verify_report
from osai_procure.signing.explain import explain
from osai_procure.signing.sign import SIGNED_PAGES_FILE_NAME
from osai_procure.signing.trust import load_trust_store
from tests.reports.helpers import (
    CONTENT,
    GENERATED_AT,
    ROOT,
    make_keys,
    mini_library,
    mixed,
    signoff,
)

OLD = ROOT / "tests" / "data" / "records" / "osai-procure-0.1.0"


@pytest.fixture(scope="module")
def japanese(keys: KeySet) -> bytes:
    """The mixed report signed as a Japanese PDF."""
    bundle, answers, evaluation = mixed()
    result = export_reports(
        bundle, answers, evaluation, signoff(), GENERATED_AT, lang="ja", keys=keys, xlsx=False
    )
    assert result.pdf is not None
    return result.pdf


def _verify(data: bytes, keys: KeySet) -> VerificationResult:
    """Verify against the test content and the module's key."""
    return verify_report(data, keys.public_key, library=mini_library())


def _annotated(pdf: bytes, page: int, text: str) -> bytes:
    """The PDF with a text box added to one page (1-based) in an update after signing, as an
    editor adds a comment."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    target = writer.root["/Pages"]["/Kids"][page - 1].get_object()
    box = [FloatObject(x) for x in (100, 100, 300, 150)]
    note = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/FreeText"),
            NameObject("/Rect"): ArrayObject(box),
            NameObject("/Contents"): pdf_string(text),
            NameObject("/DA"): pdf_string("/Helv 12 Tf 0 g"),
        }
    )
    reference = writer.add_object(note)
    annotations = target.get("/Annots")
    if annotations is None:
        target[NameObject("/Annots")] = ArrayObject([reference])
    else:
        annotations.get_object().append(reference)
    writer.update_container(target)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _rewritten(pdf: bytes, page: int, old: bytes, new: bytes) -> bytes:
    """The PDF saved again in full (pypdf) with one run of a page's content stream replaced."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    contents = writer.pages[page - 1].get_contents()
    assert contents is not None
    data = contents.get_data()
    assert old in data
    contents.set_data(data.replace(old, new, 1))
    writer.pages[page - 1].replace_contents(contents)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _codes(pdf: bytes, page: int, font: str) -> dict[str, int]:
    """Character to byte code in one font subset of a page (its ToUnicode map, as reportlab
    writes it: one `<code> <unicode>` pair a line)."""
    resources = PdfReader(io.BytesIO(pdf)).pages[page - 1]["/Resources"]
    cmap = resources["/Font"][font].get_object()["/ToUnicode"].get_object().get_data()
    pairs = re.findall(rb"<([0-9A-F]{2})> <([0-9A-F]{4})>", cmap)
    return {chr(int(uni, 16)): int(code, 16) for code, uni in pairs}


def _word_dropped(pdf: bytes, page: int, word: str, dropped: str) -> bytes:
    """The PDF saved again in full with one character taken out of the first run of a page's
    text that shows `word` (in Japanese, where each subset font has its own codes)."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    target = writer.pages[page - 1]
    stream = ContentStream(target.get_contents(), writer)
    font = ""
    for operands, operator in stream.operations:
        if operator == b"Tf":
            font = str(operands[0])
        if operator == b"Tj":
            codes = _codes(pdf, page, font)
            if all(ch in codes for ch in word):
                raw = bytes(operands[0].original_bytes)
                shown = bytes(codes[ch] for ch in word)
                if shown in raw:
                    kept = bytes(codes[ch] for ch in word if ch != dropped)
                    operands[0] = ByteStringObject(raw.replace(shown, kept, 1))
                    break
    else:
        raise AssertionError(f"{word} is not on page {page}")
    target.replace_contents(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_annotation_added_after_signing_is_named_with_its_page(
    signed: dict[str, bytes], keys: KeySet
) -> None:
    """A comment added to page 3 by an editor: the answer names page 3, the annotation's kind
    and its text, in both languages, and the technical reason says the same."""
    result = _verify(_annotated(signed["pdf"], 3, "Approved by the minister"), keys)
    assert not result.ok and result.failures[0].problem == "tampered"
    reason = explain(result).reason
    assert reason.en.startswith(
        "An annotation (text box) reading “Approved by the minister” was added to page 3 "
        "after it was signed."
    )
    assert reason.en.endswith("Do not rely on this file: ask the issuer for the original.")
    assert reason.ja.startswith(
        "署名後に3ページ目へ注釈（テキストボックス）「Approved by the minister」が追加されて"
        "います。"
    )
    assert "page 3: annotation added (FreeText)" in result.reason


def test_a_text_changed_in_an_update_is_quoted_as_signed(
    signed: dict[str, bytes], keys: KeySet
) -> None:
    """A page's content replaced in an update after signing is compared with the signed
    revision still inside the file: the page, the wording now and the wording as signed."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed["pdf"]))
    page = writer.root["/Pages"]["/Kids"][1].get_object()
    data = page["/Contents"].data
    data = data.replace(b"Agency policy: Non-compliant", b"Agency policy: Compliant", 1)
    page[NameObject("/Contents")] = writer.add_object(StreamObject(stream_data=data))
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    result = _verify(out.getvalue(), keys)
    location = result.failures[0].pages
    assert location is not None and location.basis == "signed_revision"
    assert [(c.page, c.kind) for c in location.changes] == [(2, "text")]
    reason = explain(result).reason
    assert reason.en.startswith("The text of page 2 was changed after it was signed: where it")
    assert "now reads “…unknown. Agency policy: Compliant (score 100%;…”" in reason.en
    assert "it read “…unknown. Agency policy: Non-compliant (score 100%;…” when signed" in (
        reason.en
    )
    assert reason.ja.startswith("2ページ目の文字が署名後に変更されています。")


def test_a_file_saved_again_with_one_word_replaced_is_located_by_the_signed_pages(
    signed: dict[str, bytes], keys: KeySet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report saved again in full (the signed revision is gone) with one word replaced on
    page 2: the page texts signed with the record place it; the CLI says so in ja and en."""
    changed = _rewritten(
        signed["pdf"], 2, b"Agency policy: Non-compliant", b"Agency policy: Compliant"
    )
    result = _verify(changed, keys)
    assert result.failures[0].problem == "tampered"
    location = result.failures[0].pages
    assert location is not None and location.basis == "signed_pages"
    assert [(c.page, c.kind) for c in location.changes] == [(2, "text")]
    assert "Non-compliant" in (location.changes[0].signed or "")
    assert "Compliant (score" in (location.changes[0].now or "")
    target, key = tmp_path / "changed.pdf", tmp_path / "key.pem"
    target.write_bytes(changed)
    from osai_procure.signing import export_public_key

    key.write_bytes(export_public_key(keys.public_key))
    args = ["verify", str(target), "--public-key", str(key), "--policies", str(CONTENT)]
    assert main([*args, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "NOT VERIFIED: The text of page 2 was changed after it was signed" in err
    assert "it read “…unknown. Agency policy: Non-compliant (score 100%;…” when signed" in err
    assert "the page texts signed with the record: page 2: text)" in err
    assert main([*args, "--lang", "ja"]) == 1
    err = capsys.readouterr().err
    assert "検証できません：2ページ目の文字が署名後に変更されています。" in err
    assert "署名時には「…unknown. Agency policy: Non-compliant (score 100%;…」でした。" in err
    assert main([*args, "--format", "json"]) == 1
    checks = json.loads(capsys.readouterr().out)["checks"]
    (pages,) = [c["pages"] for c in checks if "pages" in c]
    assert pages["compared_with"] == "signed_pages"
    assert [(c["page"], c["kind"]) for c in pages["changes"]] == [(2, "text")]


def test_after_an_extractor_upgrade_a_changed_word_is_still_quoted(
    signed: dict[str, bytes], keys: KeySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report saved again in full and verified where another pypdf version reads the pages:
    the changed word is still located and quoted, told as read by another version."""
    changed = _rewritten(
        signed["pdf"], 2, b"Agency policy: Non-compliant", b"Agency policy: Compliant"
    )
    monkeypatch.setattr(pages, "extractor", lambda: "pypdf 0.0.0")
    result = _verify(changed, keys)
    location = result.failures[0].pages
    assert location is not None and location.basis == "signed_pages"
    assert [(c.page, c.kind) for c in location.changes] == [(2, "text_reread")]
    assert "Non-compliant" in (location.changes[0].signed or "")
    assert "Compliant (score" in (location.changes[0].now or "")
    said = explain(result).reason.ja
    assert "2ページ目の文字が署名後に変更されています" in said
    assert "空白と改行の違いは除いて比べています" in said


def _page(text: str, drawing: str = "0" * 64) -> SignedPage:
    """A page as read: its text, a drawing digest, no annotations."""
    return SignedPage(text=text, drawing_sha256=drawing, annotations=())


def test_spacing_alone_is_no_change_when_another_version_reads_the_text() -> None:
    """Read by another extractor version, a page whose words differ only in spaces and line
    breaks reads as signed; a changed character is a change, quoted; a page whose words read
    the same but whose drawing differs is a drawing change."""
    signed = (_page("判定: 不適合\n(評点 40%)"), _page("page two"))
    spaced = (_page("判定:  不適合 (評点\n40%)"), _page("page  two", "1" * 64))
    location = pages.compare_pages("signed_pages", signed, spaced, texts=False)
    assert [(c.page, c.kind) for c in location.changes] == [(2, "drawing")]
    edited = (_page("判定: 適合 (評点 40%)"), _page("page two"))
    (change,) = pages.compare_pages("signed_pages", signed, edited, texts=False).changes
    assert (change.page, change.kind) == (1, "text_reread")
    assert "不適合" in (change.signed or "") and "不適合" not in (change.now or "")
    assert pages.compare_pages("signed_pages", signed, spaced, texts=True).changes[0].kind == "text"


def test_a_japanese_report_saved_again_quotes_the_signed_verdict(
    japanese: bytes, keys: KeySet
) -> None:
    """「不適合」 turned into 「適合」 on page 2 of a Japanese report saved again in full: the
    answer quotes the signed wording around it."""
    changed = _word_dropped(japanese, 2, "「不適合」", "不")
    result = _verify(changed, keys)
    location = result.failures[0].pages
    assert location is not None and location.basis == "signed_pages"
    assert [(c.page, c.kind) for c in location.changes] == [(2, "text")]
    reason = explain(result).reason
    assert reason.ja.startswith("2ページ目の文字が署名後に変更されています。現在「")
    signed_quote = re.search(r"署名時には「(.*?)」でした。", reason.ja)
    now_quote = re.search(r"現在「(.*?)」となっている", reason.ja)
    assert signed_quote and now_quote
    assert "調達ポリシーの判定は「不適合」である" in signed_quote.group(1)
    assert "調達ポリシーの判定は「適合」である" in now_quote.group(1)


def test_a_page_added_or_a_metadata_change_is_told_apart(
    signed: dict[str, bytes], keys: KeySet
) -> None:
    """A page appended to a report saved again is named as added; a change outside the pages
    (the document title) says every page reads as signed."""
    reader = PdfReader(io.BytesIO(signed["pdf"]))
    writer = PdfWriter(clone_from=reader)
    writer.add_blank_page()
    out = io.BytesIO()
    writer.write(out)
    count = len(reader.pages)
    reason = explain(_verify(out.getvalue(), keys)).reason
    assert reason.en.startswith(
        f"Page {count + 1} was added after it was signed (the signed report has {count} pages)."
    )
    assert reason.ja.startswith(f"署名後に{count + 1}ページ目が追加されています")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(signed["pdf"])))
    writer.add_metadata({"/Title": "Changed"})
    out = io.BytesIO()
    writer.write(out)
    reason = explain(_verify(out.getvalue(), keys)).reason
    assert "Every page reads as it was signed: the change is elsewhere in the file" in reason.en
    assert "各ページの文字・注釈・描画は署名時のままです。" in reason.ja


def test_signed_pages_from_another_key_are_not_believed(
    signed: dict[str, bytes], keys: KeySet, tmp_path: Path
) -> None:
    """A rewritten report whose page texts were replaced by ones signed with another key (to
    hide the change) is not located: the answer says the change could not be placed."""
    from osai_procure.signing.pages import signed_pages_document

    changed = _rewritten(
        signed["pdf"], 2, b"Agency policy: Non-compliant", b"Agency policy: Compliant"
    )
    result = _verify(changed, keys)
    record_sha256 = result.envelope.payload_sha256 if result.envelope else ""

    def swapped(signer: KeySet) -> VerificationResult:
        """The changed report with its page texts replaced by ones `signer` signed for it."""
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(changed)))
        names = list(writer.root_object["/Names"]["/EmbeddedFiles"]["/Names"])
        spec = names[names.index(SIGNED_PAGES_FILE_NAME) + 1].get_object()
        spec["/EF"]["/F"].get_object().set_data(
            signed_pages_document(changed, record_sha256, signer)
        )
        out = io.BytesIO()
        writer.write(out)
        return _verify(out.getvalue(), keys)

    # The control: the record's own key is believed (so the swap itself is read).
    own = swapped(keys).failures[0].pages
    assert own is not None and own.basis == "signed_pages" and not own.changes
    result = swapped(make_keys(tmp_path / "stranger"))
    location = result.failures[0].pages
    assert location is not None and location.basis == "none"
    reason = explain(result).reason
    assert "The change could not be located to a page." in reason.en
    assert "変更箇所をページ単位で特定できませんでした。" in reason.ja


def _old(data: bytes) -> VerificationResult:
    """Verify bytes against the 0.1.0 release's content and trust file."""
    return verify_report(
        data,
        library=ContentLibrary.from_root(OLD / "content"),
        trust=load_trust_store(OLD / "trust.yaml"),
    )


def test_an_old_report_is_located_from_its_signed_revision_only() -> None:
    """A 0.1.0 report (no signed page texts): a comment added after signing is still placed
    from the signed revision; saved again in full, the change cannot be placed and says so."""
    pdf = (OLD / "report.pdf").read_bytes()
    assert _old(pdf).ok
    location = _old(_annotated(pdf, 1, "OK")).failures[0].pages
    assert location is not None and location.basis == "signed_revision"
    assert [(c.page, c.kind, c.now) for c in location.changes] == [(1, "annotation_added", "OK")]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_blank_page()
    out = io.BytesIO()
    writer.write(out)
    result = _old(out.getvalue())
    assert result.failures[0].pages is not None
    assert result.failures[0].pages.basis == "none"
    assert explain(result).reason.en.startswith(
        "The content changed after it was signed (it may have been tampered with). "
        "The change could not be located to a page."
    )
