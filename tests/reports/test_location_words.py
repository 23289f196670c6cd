"""Where a changed PDF differs, said in one line in Japanese and English (signing.pages)."""

from __future__ import annotations

from osai_procure.signing.checks import Check, PageChange, PageLocation
from osai_procure.signing.explain import technical
from osai_procure.signing.pages import describe_location

_MIXED = PageLocation(
    "signed_pages",
    (
        PageChange(2, "text", signed="不適合", now="適合"),
        PageChange(3, "annotation_added", annotation="FreeText"),
        PageChange(4, "annotation_removed", annotation="Sound"),
        PageChange(5, "drawing"),
        PageChange(6, "page_added"),
    ),
)


def test_each_kind_of_change_is_named_in_japanese() -> None:
    """Every kind of page change reads as natural Japanese, annotations by the name a reader
    uses (an unusual kind as the PDF names it)."""
    assert describe_location(_MIXED, "ja") == (
        "記録とともに署名された各ページの文字と比較：2ページ目の本文、"
        "3ページ目への注釈（テキストボックス）の追加、4ページ目の注釈（Sound）の削除、"
        "5ページ目の描画（画像・図形など）、6ページ目の追加"
    )
    revision = PageLocation("signed_revision", (PageChange(7, "page_removed"),))
    assert describe_location(revision, "ja") == "ファイル内に残る署名時の版と比較：7ページ目の削除"
    reread = PageLocation("signed_pages", (PageChange(1, "text_reread"),))
    assert describe_location(reread, "ja") == (
        "記録とともに署名された各ページの文字と比較：1ページ目の本文（署名時とは別の版の読取り機能で比較）"
    )


def test_no_change_and_no_basis_in_japanese() -> None:
    """Pages that all read as signed, and a change that cannot be placed, each in one
    sentence."""
    assert describe_location(PageLocation("signed_revision"), "ja") == (
        "全てのページがファイル内に残る署名時の版と一致します"
    )
    assert describe_location(PageLocation("none"), "ja") == (
        "変更箇所をページ単位で特定できませんでした"
    )


def test_the_english_line_is_unchanged() -> None:
    """English stays as the verifier has always written it (the default language)."""
    assert describe_location(_MIXED) == (
        "compared with the page texts signed with the record: page 2: text, page 3: annotation "
        "added (FreeText), page 4: annotation removed (Sound), page 5: drawing, page 6: page added"
    )
    assert describe_location(PageLocation("none"), "en") == (
        "the change could not be located to a page"
    )


def test_the_japanese_technical_line_carries_the_location() -> None:
    """A failed PDF signature check located to its pages: the Japanese technical line says
    where, as the English one does."""
    location = PageLocation("signed_revision", (PageChange(2, "text"),))
    english = "the PDF was changed after it was signed; " + describe_location(location)
    check = Check("pdf_signature", "fail", english, "tampered", pages=location, code="pdf_changed")
    line = technical(check)
    assert line.en == english
    assert line.ja == (
        "改ざん：署名の後で PDF が変更されています"
        "（ファイル内に残る署名時の版と比較：2ページ目の本文）"
    )
