"""The pages of a signed PDF: what each said when signed, and where a changed PDF differs.

A PDF's signature says only that some byte changed. To say which page changed and what it said,
a changed PDF is compared page by page with the PDF as signed: the signed revision when an
update was appended after signing (the original bytes are still inside the file), else the
page texts signed at export (`SignedPages`, attached beside the record and signed by the
record's key), which outlive a file saved again in full. Each page is read the same way on both
sides: its text (pypdf's extractor), a digest of its drawing operations, and its annotations.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import re
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError

from osai_procure.models.base import Lang
from osai_procure.models.report import (
    SIGNED_PAGES_FORMAT,
    SignatureEnvelope,
    SignedPage,
    SignedPages,
)
from osai_procure.render.record import RecordError, canonical, sha256_hex
from osai_procure.signing.checks import LocationBasis, PageChange, PageLocation
from osai_procure.signing.keys import KeySet
from osai_procure.signing.sign import sign_record, signed_bytes
from osai_procure.yamlsafe import NumberTooLong, parse_json_int

PAGES_NAMESPACE = "osai-procure/signed-pages/v1"
# A report has tens of pages; a file with far more is not located page by page.
MAX_PAGES = 1000
# Characters quoted on each side of a change, and the longest changed run quoted in full.
CONTEXT = 20
LONGEST_QUOTE = 60
# Characters of an annotation's own text kept (a note, a link's address).
ANNOTATION_TEXT = 200
_CJK_BREAK = re.compile(r"(?<=[^\x00-\x7f])\s*\n\s*(?=[^\x00-\x7f])")


def extractor() -> str:
    """The text extractor and its version: texts are compared only when both sides match."""
    import pypdf

    return f"pypdf {pypdf.__version__}"


def _operand(value: Any) -> Any:
    """A content-stream operand as plain data, independent of how the file spelled it."""
    from pypdf.generic import ByteStringObject, NameObject, TextStringObject

    if isinstance(value, (TextStringObject, ByteStringObject)):
        raw = value.original_bytes if isinstance(value, TextStringObject) else bytes(value)
        return {"s": raw.hex()}
    if isinstance(value, NameObject):
        return {"n": str(value)}
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, Decimal)):
        return format(Decimal(str(value)).normalize(), "f")
    if isinstance(value, dict):
        return {str(k): _operand(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_operand(v) for v in value]
    if isinstance(value, bytes):
        return {"b": value.hex()}
    return {"o": str(value)}


def _drawing_sha256(page: Any, reader: Any) -> str:
    """SHA-256 of a page's drawing operations, parsed (so spacing and number spelling in the
    stream do not count, only what is drawn and where)."""
    from pypdf.generic import ContentStream

    contents = page.get_contents()
    digest = hashlib.sha256()
    if contents is not None:
        for operands, operator in ContentStream(contents, reader).operations:
            line = json.dumps([_operand(operands), _operand(operator)], sort_keys=True)
            digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def _annotations(page: Any) -> tuple[str, ...]:
    """Each annotation as its kind and its text ("FreeText Approved"), the PDF signature's
    own field left out (signing adds it after the pages were read)."""
    found = []
    for item in page.get("/Annots") or ():
        annotation = item.get_object()
        subtype = str(annotation.get("/Subtype", "/Annot")).lstrip("/")
        field = annotation.get("/FT") or (annotation.get("/Parent") or {}).get("/FT")
        if subtype == "Popup" or (subtype == "Widget" and field == "/Sig"):
            continue
        action = annotation.get("/A")
        text = annotation.get("/Contents") or (action.get("/URI") if action else None) or ""
        text = " ".join(str(text).split())[:ANNOTATION_TEXT]
        found.append(f"{subtype} {text}".strip())
    return tuple(found)


def read_pages(pdf: bytes) -> tuple[SignedPage, ...]:
    """Each page of a PDF as the comparison reads it: text, drawing digest, annotations.

    Raises:
        ValueError: the PDF has more than MAX_PAGES pages.
        Exception: whatever pypdf raises on a damaged file (callers treat it as unlocatable).
    """
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(io.BytesIO(pdf), strict=False)
        if len(reader.pages) > MAX_PAGES:
            raise ValueError(f"the PDF has {len(reader.pages)} pages")
        return tuple(
            SignedPage(
                text=page.extract_text() or "",
                drawing_sha256=_drawing_sha256(page, reader),
                annotations=_annotations(page),
            )
            for page in reader.pages
        )


def signed_pages_document(pdf: bytes, record_sha256: str, keys: KeySet) -> bytes:
    """The signed page texts of a rendered (not yet signed) PDF, as the JSON attached to it:
    canonical `{"pages": SignedPages, "signature": envelope}`, signed by the record key."""
    pages = SignedPages(
        format=SIGNED_PAGES_FORMAT,
        record_sha256=record_sha256,
        extractor=extractor(),
        pages=read_pages(pdf),
    )
    plain = pages.model_dump(mode="json")
    envelope = sign_record(canonical(plain), keys, namespace=PAGES_NAMESPACE)
    return canonical({"pages": plain, "signature": envelope.model_dump(mode="json")})


def read_signed_pages(
    document: bytes, record: SignatureEnvelope, record_sha256: str
) -> SignedPages | None:
    """The signed page texts, when they are exactly as signed by the key that signed the record
    and for that record; None otherwise (they then say nothing about the pages)."""
    try:
        parsed = json.loads(document.decode("utf-8"), parse_int=parse_json_int)
        if not isinstance(parsed, dict) or set(parsed) != {"pages", "signature"}:
            return None
        if canonical(parsed) != document:
            return None
        pages = SignedPages.model_validate(parsed["pages"], strict=False)
        envelope = SignatureEnvelope.model_validate(parsed["signature"], strict=False)
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(envelope.public_key))
        key.verify(
            base64.b64decode(envelope.signature, validate=True),
            signed_bytes(envelope.model_dump(mode="json")),
        )
    except (
        UnicodeDecodeError,
        ValueError,  # JSON, base64, key bytes and pydantic's ValidationError
        ValidationError,
        RecursionError,
        NumberTooLong,
        RecordError,
        InvalidSignature,
    ):
        return None
    bound = (
        envelope.namespace == PAGES_NAMESPACE
        and envelope.public_key == record.public_key
        and envelope.key_fingerprint == record.key_fingerprint
        and envelope.payload_sha256 == sha256_hex(canonical(parsed["pages"]))
        and pages.record_sha256 == record_sha256
    )
    return pages if bound else None


def _one_line(text: str) -> str:
    """Text on one line: a break inside Japanese text is dropped, any other becomes a space."""
    return " ".join(_CJK_BREAK.sub("", text).split())


def _widen(text: str, position: int, step: int) -> int:
    """`position` moved outwards to the nearest space within a few characters (so a quote does
    not cut a word), or left where it is when there is none (Japanese has no spaces)."""
    for moved in range(12):
        at = position + step * moved
        if at <= 0 or at >= len(text):
            return max(0, min(len(text), at))
        if text[at - 1 if step < 0 else at].isspace():
            return at
    return position


def _quote(text: str, start: int, end: int) -> str:
    """text[start:end] with some context either side, a long run cut short, on one line."""
    cut = end - start > LONGEST_QUOTE
    end = min(end, start + LONGEST_QUOTE)
    before = _widen(text, max(0, start - CONTEXT), -1)
    after = end if cut else _widen(text, min(len(text), end + CONTEXT), 1)
    quoted = ("…" if before > 0 else "") + text[before:after]
    return _one_line(quoted + ("…" if after < len(text) else ""))


def _text_change(page: int, signed: str, now: str) -> PageChange:
    """A page whose text differs: the signed and present wording around the change (from the
    first differing character to the last)."""
    prefix = 0
    limit = min(len(signed), len(now))
    while prefix < limit and signed[prefix] == now[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < limit - prefix and signed[len(signed) - 1 - suffix] == now[len(now) - 1 - suffix]
    ):
        suffix += 1
    return PageChange(
        page,
        "text",
        signed=_quote(signed, prefix, len(signed) - suffix),
        now=_quote(now, prefix, len(now) - suffix),
    )


def _annotation_changes(page: int, signed: Iterable[str], now: Iterable[str]) -> list[PageChange]:
    """Annotations added to or removed from a page, each with its kind and text."""
    before, after = Counter(signed), Counter(now)
    changes = []
    for item in sorted((after - before).elements()):
        subtype, _, text = item.partition(" ")
        changes.append(PageChange(page, "annotation_added", annotation=subtype, now=text or None))
    for item in sorted((before - after).elements()):
        subtype, _, text = item.partition(" ")
        changes.append(
            PageChange(page, "annotation_removed", annotation=subtype, signed=text or None)
        )
    return changes


def _same_words(signed: str, now: str) -> bool:
    """Whether two texts hold the same characters once spaces and line breaks are set aside
    (what two versions of a text extractor most often disagree on)."""
    return "".join(signed.split()) == "".join(now.split())


def compare_pages(
    basis: LocationBasis,
    signed: tuple[SignedPage, ...],
    now: tuple[SignedPage, ...],
    *,
    texts: bool,
) -> PageLocation:
    """How each page differs from the page as signed. `texts`: the same extractor read both
    sides, so texts are compared exactly; otherwise they are compared with spaces and line
    breaks set aside, and a difference is told as read by another version."""
    changes: list[PageChange] = []
    for index, (before, after) in enumerate(zip(signed, now, strict=False)):
        page = index + 1
        found = []
        if texts and before.text != after.text:
            found.append(_text_change(page, before.text, after.text))
        elif not texts and not _same_words(before.text, after.text):
            change = _text_change(page, _one_line(before.text), _one_line(after.text))
            found.append(replace(change, kind="text_reread"))
        found += _annotation_changes(page, before.annotations, after.annotations)
        if not found and before.drawing_sha256 != after.drawing_sha256:
            found.append(PageChange(page, "drawing"))
        changes += found
    changes += [PageChange(n, "page_added") for n in range(len(signed) + 1, len(now) + 1)]
    changes += [PageChange(n, "page_removed") for n in range(len(now) + 1, len(signed) + 1)]
    return PageLocation(basis, tuple(changes), len(signed))


def locate_change(
    pdf: bytes,
    *,
    signed_revision: bytes | None,
    signed_pages: bytes | None,
    record: SignatureEnvelope | None,
    record_sha256: str | None,
) -> PageLocation:
    """Which pages of a changed PDF differ from the PDF as signed, and how: compared with the
    signed revision when the file still holds it, else with the signed page texts (when the
    record's key signed them for this record); basis "none" when neither can be read."""
    try:
        now = read_pages(pdf)
    except Exception:  # a PDF pypdf cannot read page by page: the change cannot be placed
        return PageLocation("none")
    if signed_revision is not None:
        try:
            before = read_pages(signed_revision)
        except Exception:  # fall back on the signed page texts below
            pass
        else:
            return compare_pages("signed_revision", before, now, texts=True)
    if signed_pages is not None and record is not None and record_sha256 is not None:
        pages = read_signed_pages(signed_pages, record, record_sha256)
        if pages is not None:
            same = pages.extractor == extractor()
            return compare_pages("signed_pages", pages.pages, now, texts=same)
    return PageLocation("none")


# How each kind of page change is named in the technical line, in (ja, en); the Japanese is
# filled in with the page and, for an annotation, its kind as a reader calls it.
_KIND_WORDS = {
    "text": ("{page}ページ目の本文", "text"),
    "annotation_added": ("{page}ページ目への注釈{annotation}の追加", "annotation added"),
    "annotation_removed": ("{page}ページ目の注釈{annotation}の削除", "annotation removed"),
    "drawing": ("{page}ページ目の描画（画像・図形など）", "drawing"),
    "text_reread": (
        "{page}ページ目の本文（署名時とは別の版の読取り機能で比較）",
        "text (read by another extractor version)",
    ),
    "page_added": ("{page}ページ目の追加", "page added"),
    "page_removed": ("{page}ページ目の削除", "page removed"),
}


def describe_location(location: PageLocation, lang: Lang = "en") -> str:
    """The location in one technical line (appended to the PDF signature check's detail), in
    one language."""
    if lang == "ja":
        return _describe_location_ja(location)
    if location.basis == "none":
        return "the change could not be located to a page"
    against = (
        "the signed revision inside the file"
        if location.basis == "signed_revision"
        else "the page texts signed with the record"
    )
    if not location.changes:
        return f"every page matches {against}"
    parts = []
    for change in location.changes:
        what = _KIND_WORDS[change.kind][1]
        if change.annotation:
            what += f" ({change.annotation})"
        parts.append(f"page {change.page}: {what}")
    return f"compared with {against}: " + ", ".join(parts)


def _describe_location_ja(location: PageLocation) -> str:
    """The location in Japanese: what it was compared with, then each page's change."""
    from osai_procure.wording import VERIFY

    if location.basis == "none":
        return "変更箇所をページ単位で特定できませんでした"
    against = (
        "ファイル内に残る署名時の版"
        if location.basis == "signed_revision"
        else "記録とともに署名された各ページの文字"
    )
    if not location.changes:
        return f"全てのページが{against}と一致します"
    parts = []
    for change in location.changes:
        annotation = ""
        if change.annotation:  # its kind as a reader calls it; an unusual kind as PDF names it
            words = VERIFY.get(f"annotation.{change.annotation}")
            annotation = f"（{words[0] if words else change.annotation}）"
        parts.append(_KIND_WORDS[change.kind][0].format(page=change.page, annotation=annotation))
    return f"{against}と比較：" + "、".join(parts)
