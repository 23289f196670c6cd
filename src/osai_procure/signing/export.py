"""The one export path, used by the CLI and the app: build the record, sign it, render.

Two entries share every step after the record exists: `export_reports` makes a new record (and
signs it when keys are given); `export_signed_document` renders a record signed earlier (an
approved revision) again, in any format or language, carrying exactly that record and
signature so every export verifies against one digest.
"""

from __future__ import annotations

from dataclasses import dataclass

from osai_procure.loading import PolicyBundle
from osai_procure.models.answers import AnswersFile
from osai_procure.models.base import Lang
from osai_procure.models.evaluation import Evaluation
from osai_procure.models.report import Record, Report, Seal, SignatureEnvelope, SignOff
from osai_procure.render.fonts import Fonts
from osai_procure.render.pdf import render_pdf
from osai_procure.render.record import (
    canonical_record,
    read_record_document,
    record_document,
    sha256_hex,
)
from osai_procure.render.xlsx import render_xlsx
from osai_procure.report import build_record, build_report, report_of_record
from osai_procure.signing.keys import KeySet, SigningError
from osai_procure.signing.pages import signed_pages_document
from osai_procure.signing.sign import NAMESPACE, attach_record, sign_pdf, sign_record


@dataclass(frozen=True)
class SealedRecord:
    """A record as written: the model, its canonical bytes, the envelope and the document."""

    record: Record
    payload: bytes
    envelope: SignatureEnvelope | None
    document: bytes

    @property
    def seal(self) -> Seal:
        """What a report prints about the record: its digest and signature."""
        return Seal(record_sha256=sha256_hex(self.payload), envelope=self.envelope)


@dataclass(frozen=True)
class ReportSet:
    """A report in every format, from one record."""

    record: Record
    report: Report
    document: bytes
    pdf: bytes | None
    xlsx: bytes | None


def seal_record(
    bundle: PolicyBundle,
    answers: AnswersFile,
    evaluation: Evaluation,
    signoff: SignOff,
    generated_at: str,
    *,
    keys: KeySet | None = None,
) -> SealedRecord:
    """Build the record and write its document, signed by the approver's key when given.

    Raises:
        SigningError: signing was asked for without an approver in the sign-off.
        ReportError: `generated_at` is malformed, or the evaluation is for another policy.
    """
    record = build_record(bundle, answers, evaluation, signoff, generated_at)
    payload = canonical_record(record)
    envelope = None
    if keys is not None:
        if signoff.entry("approver") is None:
            raise SigningError.coded("no_approver")
        envelope = sign_record(payload, keys)
    return SealedRecord(record, payload, envelope, record_document(record, envelope))


def _render(
    sealed: SealedRecord,
    report: Report,
    *,
    lang: Lang,
    keys: KeySet | None,
    pdf: bool,
    xlsx: bool,
    fonts: Fonts | None,
) -> ReportSet:
    """Lay the report out as a PDF (signed when keys are given) and a workbook, both carrying
    the record document."""
    pdf_bytes = None
    if pdf:
        pdf_bytes = render_pdf(report, lang, fonts=fonts)
        if keys is not None and sealed.envelope is not None:
            approver = sealed.record.signoff.entry("approver")
            # The pages are read as rendered, before signing, and signed in the same update,
            # so a later change can be located to a page (signing.pages).
            pages = signed_pages_document(pdf_bytes, sealed.seal.record_sha256, keys)
            pdf_bytes = sign_pdf(
                pdf_bytes,
                sealed.document,
                keys,
                reason=f"{NAMESPACE} record SHA-256 {sealed.seal.record_sha256}",
                signer_name=approver.name if approver else None,
                signed_pages=pages,
            )
        else:
            pdf_bytes = attach_record(pdf_bytes, sealed.document)
    xlsx_bytes = render_xlsx(report, lang, document=sealed.document) if xlsx else None
    return ReportSet(sealed.record, report, sealed.document, pdf_bytes, xlsx_bytes)


def export_reports(
    bundle: PolicyBundle,
    answers: AnswersFile,
    evaluation: Evaluation,
    signoff: SignOff,
    generated_at: str,
    *,
    lang: Lang,
    keys: KeySet | None = None,
    pdf: bool = True,
    xlsx: bool = True,
    fonts: Fonts | None = None,
) -> ReportSet:
    """Build the record, sign it (when keys are given), and render the PDF and workbook.

    Raises:
        SigningError: signing was asked for without an approver in the sign-off.
        FontNotFoundError: no Japanese font is installed for the PDF.
    """
    sealed = seal_record(bundle, answers, evaluation, signoff, generated_at, keys=keys)
    report = build_report(
        bundle,
        answers,
        evaluation,
        signoff,
        generated_at,
        seal=sealed.seal,
        spdx_list_version=sealed.record.spdx_list_version,
    )
    return _render(sealed, report, lang=lang, keys=keys, pdf=pdf, xlsx=xlsx, fonts=fonts)


def export_signed_document(
    bundle: PolicyBundle,
    document: bytes,
    *,
    lang: Lang,
    keys: KeySet | None,
    pdf: bool = True,
    xlsx: bool = True,
    fonts: Fonts | None = None,
) -> ReportSet:
    """Render a record document written earlier (an approved revision) as a PDF and a
    workbook that carry exactly that document; the PDF is signed again with `keys`.

    Raises:
        RecordError: the document is not a record this tool wrote, or changed since.
        FontNotFoundError: no Japanese font is installed for the PDF.
    """
    parsed = read_record_document(document)
    record = parsed.record
    sealed = SealedRecord(record, parsed.payload, parsed.envelope, document)
    report = report_of_record(bundle, record, sealed.seal)
    return _render(sealed, report, lang=lang, keys=keys, pdf=pdf, xlsx=xlsx, fonts=fonts)
