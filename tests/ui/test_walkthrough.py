"""One full walk-through: a new assessment, answers, review, sign-off, approval, signed exports."""

from __future__ import annotations

import io
from collections.abc import Callable

from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from osai_procure.store import Repository
from osai_procure.ui import exporting, services
from tests.ui.conftest import open_evidence, sign, texts
from tests.ui.test_wizard import goto

SIGNERS = (
    ("山田 太郎", "主査", "approve"),
    ("佐藤 花子", "課長補佐", "approve"),
    ("鈴木 一郎", "課長", "approve"),
)


def test_new_assessment_to_approved_signed_export(
    new_app: Callable[..., AppTest], repo: Repository
) -> None:
    """From Start to a signed PDF, workbook and JSON record that verify."""
    at = new_app("ja-JP")
    at.session_state["officer_name"] = "山田 太郎"
    at.run()
    at.text_input(key="new.title").input("生成AI基盤モデル 調達評価")
    at.text_input(key="new.agency").input("デジタル庁")
    at.text_input(key="new.system_name").input("ExampleLM")
    at.text_input(key="new.system_version").input("2.0")
    at.button[0].click().run()
    assert not at.exception
    ident = at.query_params["assessment"]
    ident = ident[0] if isinstance(ident, list) else ident
    assert repo.get(ident).title == "生成AI基盤モデル 調達評価"

    at = goto(at, "code")
    at.segmented_control(key="answer.code_training.released").set_value("yes").run()
    at.text_area(key="answer.code_training.location").input("https://example.org/train").run()
    at.text_input(key="answer.code_training.licence").input("Apache-2.0").run()
    at = open_evidence(at, "code_training")
    at.text_area(key="answer.code_training.evidence").input("https://example.org/train").run()
    at = goto(at, "freedoms")
    for question in ("freedom_use", "freedom_study", "freedom_modify", "freedom_share"):
        at.segmented_control(key=f"answer.{question}").set_value("yes").run()
    at = goto(at, "continuity")
    at.segmented_control(key="answer.continuity_exit_plan").set_value("yes").run()
    at.number_input(key="answer.continuity_transition_months").set_value(6).run()
    at = goto(at, "governance")
    at.radio(key="answer.governance_risk_level").set_value(
        at.radio(key="answer.governance_risk_level").options[0]
    ).run()
    assert not at.exception
    assert len(repo.get(ident).answers) == 8, " ".join(sorted(repo.get(ident).answers))

    review = at.switch_page("src/osai_procure/ui/page_scripts/review.py").run()
    assert not review.exception
    assert "OSAID" in texts(review)

    at = review.switch_page("src/osai_procure/ui/page_scripts/signoff.py").run()
    for number, (name, title, _) in enumerate(SIGNERS):
        if number == len(SIGNERS) - 1:
            # The verdict is still incomplete: the approver writes why they approve anyway.
            at.text_area[1].input("不明点は契約条項で担保するため承認する。")
        at = sign(at, title, name=name)
        assert not at.exception, at.exception
        assert not at.error, [e.value for e in at.error]
    record = repo.get(ident)
    assert record.status == "approved" and record.locked
    assert [s.name for s in record.signoffs] == [s[0] for s in SIGNERS]
    assert record.signature is not None and record.signature["record_sha256"]

    at = at.switch_page("src/osai_procure/ui/page_scripts/export.py").run()
    for fmt in ("pdf", "xlsx", "json"):
        at.button(key=f"export.make.{fmt}").click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
    exports = repo.exports(ident)
    assert sorted(e.format for e in exports) == ["json", "pdf", "xlsx"]
    assert all(e.signed and e.lang == "ja" for e in exports)
    for export in exports:
        data = repo.export(export.id)[1]
        outcome = exporting.verify_upload(data, services.library(), exporting.trust_store())
        assert outcome.ok, [(c.name, c.detail) for c in outcome.checks if c.ok is False]
    pdf = repo.export(next(e.id for e in exports if e.format == "pdf"))[1]
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "ExampleLM" in text and "鈴木 一郎" in text

    verify = at.switch_page("src/osai_procure/ui/page_scripts/verify.py").run()
    verify.file_uploader(key="verify.upload").set_value(("report.pdf", pdf, "application/pdf"))
    verify.run()
    assert "検証に成功しました" in texts(verify)
    tampered = bytearray(pdf)
    tampered[len(pdf) // 3] ^= 0x01  # one bit inside the signed byte range
    verify.file_uploader(key="verify.upload").set_value(
        ("t.pdf", bytes(tampered), "application/pdf")
    )
    verify.run()
    assert "検証に失敗しました" in texts(verify)
