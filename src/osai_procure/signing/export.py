"""The one export path, used by the CLI and the app: build the record, sign it, render."""

from __future__ import annotations

from dataclasses import dataclass

from osai_procure.loading import PolicyBundle
from osai_procure.models.answers import AnswersFile
from osai_procure.models.base import Lang
from osai_procure.models.evaluation import Evaluation
from osai_procure.models.report import (
    Record,
    Report,
    Seal,
    SignOff,
)
from osai_procure.render.fonts import Fonts
from osai_procure.render.pdf import render_pdf
from osai_procure.render.record import (
    canonical_record,
    record_document,
    sha256_hex,
)
from osai_procure.render.xlsx import render_xlsx
from osai_procure.report import build_record, build_report
from osai_procure.signing.keys import KeySet, SigningError
from osai_procure.signing.sign import NAMESPACE, attach_record, sign_pdf, sign_record


@dataclass(frozen=True)
class ReportSet:
    """A report in every format, from one record."""

    record: Record
    report: Report
    document: bytes
    pdf: bytes | None
    xlsx: bytes | None


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
    record = build_record(bundle, answers, evaluation, signoff, generated_at)
    payload = canonical_record(record)
    envelope = None
    if keys is not None:
        if signoff.entry("approver") is None:
            raise SigningError("the approver signs the record: add an approver to the sign-off")
        envelope = sign_record(payload, keys)
    document = record_document(record, envelope)
    seal = Seal(record_sha256=sha256_hex(payload), envelope=envelope)
    report = build_report(
        bundle,
        answers,
        evaluation,
        signoff,
        generated_at,
        seal=seal,
        spdx_list_version=record.spdx_list_version,
    )
    pdf_bytes = None
    if pdf:
        pdf_bytes = render_pdf(report, lang, fonts=fonts)
        if keys is not None:
            approver = signoff.entry("approver")
            pdf_bytes = sign_pdf(
                pdf_bytes,
                document,
                keys,
                reason=f"{NAMESPACE} record SHA-256 {seal.record_sha256}",
                signer_name=approver.name if approver else None,
            )
        else:
            pdf_bytes = attach_record(pdf_bytes, document)
    xlsx_bytes = render_xlsx(report, lang, document=document) if xlsx else None
    return ReportSet(record, report, document, pdf_bytes, xlsx_bytes)
