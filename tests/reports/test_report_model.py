"""The Report model: computed once by build_report, with a golden file (REGEN_GOLDEN=1)."""

from __future__ import annotations

import difflib
import json
import os

import pytest
from pydantic import ValidationError

from osai_procure import __version__
from osai_procure.engine import evaluate
from osai_procure.loading import PolicyBundle
from osai_procure.models.report import Record, Report, Seal, SignOff
from osai_procure.render.record import (
    canonical,
    canonical_record,
    read_record_document,
    record_document,
    sha256_hex,
)
from osai_procure.report import ReportError, build_record, build_report, display_value
from tests.reports.helpers import (
    GENERATED_AT,
    GOLDEN,
    ROOT,
    answers_with,
    hand_made_evaluation,
    mini_bundle,
    mixed,
    mixed_answers,
    signoff,
)

FAKE_SEAL = Seal(record_sha256="ab" * 32)


def _golden_text(data: dict[str, object]) -> str:
    """Report JSON with the volatile fields (tool and SPDX versions) pinned."""
    data = {**data, "tool_version": "<tool>", "spdx_list_version": "<spdx>"}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_golden_report() -> None:
    """The report of the mixed answers matches the golden file (regenerate: REGEN_GOLDEN=1)."""
    bundle, answers, evaluation = mixed()
    report = build_report(bundle, answers, evaluation, signoff(), GENERATED_AT, seal=FAKE_SEAL)
    actual = _golden_text(report.model_dump(mode="json"))
    path = GOLDEN / "report-mixed.json"
    if os.environ.get("REGEN_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), "golden", "actual", n=2
            )
        )
        pytest.fail(f"the report differs from {path.name} (REGEN_GOLDEN=1 to accept):\n{diff}")


def test_report_carries_digests_versions_and_time() -> None:
    """Policy id/version/digest, questionnaire digests, tool version and generated_at are kept."""
    bundle, answers, evaluation = mixed()
    report = build_report(bundle, answers, evaluation, signoff(), GENERATED_AT)
    assert (report.policy.id, report.policy.version) == ("report_mini_policy", "2026.1")
    assert report.policy.digest == bundle.policy.digest
    assert [(q.id, q.digest) for q in report.questionnaires] == list(
        bundle.questionnaire_digests.items()
    )
    assert report.tool_version == __version__
    assert report.generated_at == GENERATED_AT
    assert report.spdx_list_version


def test_hand_made_evaluation_orders_remediation_gates_first() -> None:
    """Remediation lists gates (not met, then unknown) before scored criteria, numbered 1..n."""
    bundle = mini_bundle()
    report = build_report(
        bundle, mixed_answers(), hand_made_evaluation(bundle), signoff(), GENERATED_AT
    )
    assert [r.criterion for r in report.remediation] == [
        "weights_open",
        "free_of_restrictions",
        "data_information",
        "data_card_open",
        "hosted_in_japan",
    ]
    assert [r.priority for r in report.remediation] == [1, 2, 3, 4, 5]
    assert [r.condition for r in report.remediation] == [False, False, False, True, False]
    assert report.remediation[0].clause is not None


def test_hand_made_evaluation_totals_and_badges() -> None:
    """Totals count findings by status; badges keep the four verdicts apart with tones."""
    bundle = mini_bundle()
    report = build_report(
        bundle, mixed_answers(), hand_made_evaluation(bundle), signoff(), GENERATED_AT
    )
    t = report.totals
    assert (t.criteria, t.met, t.not_met, t.unknown, t.not_applicable) == (7, 1, 3, 2, 1)
    assert (t.gates_failed, t.gates_unknown, t.score_percent) == (2, 1, "25%")
    assert [(b.key, b.tone, b.mark) for b in report.badges] == [
        ("osaid", "fail", "×"),
        ("policy", "fail", "×"),
        ("label", "info", ""),
        ("mof", "info", ""),
    ]
    assert "fails on its terms only" in report.badges[0].detail.en


def test_hand_made_evaluation_openwashing_warnings() -> None:
    """Weights-only release, changeable terms, complete-but-restricted and 'open' names warn."""
    bundle = mini_bundle()
    report = build_report(
        bundle, mixed_answers(), hand_made_evaluation(bundle), signoff(), GENERATED_AT
    )
    ids = [w.id for w in report.warnings]
    assert ids == [
        "weights_only",
        "complete_but_restricted",
        "changeable_terms",
        "restricted_use",
        "open_in_name_only",
        "unconfirmed_vendor_claims",
        "claims_without_evidence",
    ]
    weights = report.warnings[0]
    assert weights.items == ("model_parameters_final",)
    # The requirements are named by their titles, as an officer reads them, never by id.
    titles = {f.criterion: f.title for f in hand_made_evaluation(bundle).findings}
    assert titles["weights_open"].en in weights.detail.en
    assert f"「{titles['weights_open'].ja}」" in weights.detail.ja
    assert "weights_open" not in weights.detail.en + weights.detail.ja


def test_no_warnings_for_an_open_release() -> None:
    """No openwashing warning when OSAID passes and nothing is flagged or unconfirmed."""
    bundle = mini_bundle()
    evaluation = hand_made_evaluation(bundle)
    clean = evaluation.model_copy(
        update={
            "osaid": evaluation.osaid.model_copy(
                update={
                    "verdict": "open_source_ai",
                    "failed": (),
                    "unknown": (),
                    "would_pass_if_terms_changed": False,
                }
            ),
            "licence_flags": (evaluation.licence_flags[1],),
            "unconfirmed_imports": (),
        }
    )
    answers = answers_with(
        data_info_provenance={"value": "yes", "evidence": [{"url": "https://example.org/data"}]},
        model_parameters_final={
            "value": {"released": "no"},
            "evidence": [{"url": "https://example.org/w"}],
        },
        code_training={"value": {"released": "no"}, "evidence": [{"url": "https://example.org/c"}]},
    )
    report = build_report(bundle, answers, clean, signoff(), GENERATED_AT)
    assert report.warnings == ()


def test_answer_rows_translate_values_and_keep_evidence() -> None:
    """Answer rows carry labels in both languages, evidence, provenance and appendix numbers."""
    bundle, answers, evaluation = mixed()
    report = build_report(bundle, answers, evaluation, signoff(), GENERATED_AT)
    rows = {r.question: r for s in report.sections for r in s.rows}
    assert rows["training_data_classes"].value.ja == "公開、共有不可"
    assert rows["training_data_classes"].value.en == "Public, Unshareable"
    assert rows["data_info_provenance"].value.en == "Yes"
    assert rows["monthly_users"].value.en == "12000 users"
    weights = rows["model_parameters_final"]
    assert weights.number == "A.1.1"
    assert weights.provenance == "imported" and weights.unconfirmed_import
    assert weights.evidence[0].link == "https://huggingface.co/example/llm-3.1/blob/main/LICENSE"
    assert rows["unshareable_described"].state == "unknown"


def test_hidden_questions_are_not_asked() -> None:
    """A question whose show_if is not met is 'not asked', not 'unanswered'."""
    bundle = mini_bundle()
    answers = answers_with(training_data_classes=["public"], unshareable_described=None)
    data = answers.model_dump(mode="json")
    del data["answers"]["unshareable_described"]
    from tests.reports.helpers import answers_from

    answers = answers_from(data)
    from osai_procure.engine import evaluate

    report = build_report(bundle, answers, evaluate(bundle, answers), signoff(), GENERATED_AT)
    rows = {r.question: r for s in report.sections for r in s.rows}
    assert rows["unshareable_described"].state == "not_shown"
    assert report.totals.not_shown == 1


def test_findings_name_the_answers_that_decided_them() -> None:
    """Each finding lists the deciding answers with their appendix reference and evidence."""
    bundle, answers, evaluation = mixed()
    report = build_report(bundle, answers, evaluation, signoff(), GENERATED_AT)
    first = report.finding_groups[0].findings[0]
    assert (first.number, first.criterion, first.status) == ("F-01", "weights_open", "not_met")
    assert first.answers[0].ref == "A.1.1"
    assert first.answers[0].evidence[0].url.startswith("https://huggingface.co/")
    assert first.remediation is not None and first.contract_clause is not None
    assert [g.scope for g in report.finding_groups] == ["osaid", "policy"]


def test_links_only_for_http() -> None:
    """javascript:, file: and data: evidence URLs are kept as text but never linked."""
    answers = answers_with(
        reviewer_notes={
            "value": "x",
            "evidence": [
                {"url": "javascript:alert(1)"},
                {"url": "file:///etc/passwd"},
                {"url": "data:text/html,<b>x</b>"},
                {"url": 'https://ok.example/"><b>'},
                {"url": "https://ok.example/a?b=1&c=2"},
            ],
        }
    )
    bundle = mini_bundle()
    from osai_procure.engine import evaluate

    report = build_report(bundle, answers, evaluate(bundle, answers), signoff(), GENERATED_AT)
    row = next(r for s in report.sections for r in s.rows if r.question == "reviewer_notes")
    assert [e.link for e in row.evidence] == [
        None,
        None,
        None,
        None,
        "https://ok.example/a?b=1&c=2",
    ]
    assert row.evidence[0].url == "javascript:alert(1)"


def test_display_value_of_unknown_and_missing() -> None:
    """Unknown and missing answers read as such in both languages."""
    question = mini_bundle().questions["hosting"]
    assert display_value(question, "unknown").en == "Unknown"
    assert display_value(question, None).ja == "未回答"
    assert display_value(question, "domestic").ja == "国内の基盤"


def test_signoff_states() -> None:
    """All approved: approved; any rejection: rejected; a required role missing: incomplete."""
    bundle, answers, evaluation = mixed()

    def status(value: SignOff) -> str:
        return build_report(bundle, answers, evaluation, value, GENERATED_AT).signoff.status

    assert status(signoff()) == "approved"
    rejected = {"name": "X", "date": "2026-05-12", "decision": "rejected", "comment": "no"}
    assert status(signoff(approver=rejected)) == "rejected"
    assert status(signoff(reviewer=None)) == "incomplete"
    assert status(SignOff()) == "incomplete"


def test_signoff_validation() -> None:
    """Sign-off entries need an ISO date, a known decision and one entry per role."""
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        signoff(approver={"name": "X", "date": "12/05/2026", "decision": "approved"})
    with pytest.raises(ValidationError, match="decision"):
        signoff(approver={"name": "X", "date": "2026-05-12", "decision": "maybe"})
    entry = {"role": "approver", "name": "X", "date": "2026-05-12", "decision": "approved"}
    with pytest.raises(ValidationError, match="more than once"):
        SignOff.model_validate({"entries": (entry, entry)})


def test_generated_at_needs_a_time_zone() -> None:
    """generated_at is passed in, ISO 8601 with a time zone; anything else is refused."""
    bundle, answers, evaluation = mixed()
    with pytest.raises(ReportError, match="time zone"):
        build_report(bundle, answers, evaluation, signoff(), "2026-05-12T10:00:00")
    with pytest.raises(ReportError, match="ISO 8601"):
        build_record(bundle, answers, evaluation, signoff(), "yesterday")


def test_record_refuses_an_evaluation_of_another_policy() -> None:
    """A record cannot pair a policy with an evaluation made against another one."""
    bundle, answers, evaluation = mixed()
    other = evaluation.model_copy(
        update={"policy": evaluation.policy.model_copy(update={"digest": "0" * 64})}
    )
    with pytest.raises(ReportError, match="evaluation is for policy"):
        build_record(bundle, answers, other, signoff(), GENERATED_AT)


def test_record_is_complete_and_canonical() -> None:
    """The record holds assessment, answers with evidence, evaluation, digests and sign-off."""
    bundle, answers, evaluation = mixed()
    record = build_record(bundle, answers, evaluation, signoff(), GENERATED_AT)
    payload = canonical_record(record)
    data = json.loads(payload)
    assert set(data) == {
        "format",
        "tool",
        "versions",
        "generated_at",
        "spdx_list_version",
        "assessment",
        "prepared_for",
        "policy",
        "questionnaires",
        "answers",
        "evaluation",
        "signoff",
    }
    assert data["policy"]["digest"] == bundle.policy.digest
    assert data["answers"]["model_parameters_final"]["evidence"][0]["url"].startswith("https://")
    assert payload == canonical(json.loads(payload))  # RFC 8785: a fixed point
    assert b'"weight":1}' in payload and b'"weight":1.0' not in payload  # JCS: 1.0 is 1
    document = read_record_document(record_document(record, None))
    assert document.payload == payload and document.envelope is None
    assert document.record == Record.model_validate_json(payload)
    assert sha256_hex(payload) == sha256_hex(document.payload)


REPORT_CORE = (
    "report.py",
    "models/report.py",
    "render/__init__.py",
    "render/pdf.py",
    "render/xlsx.py",
    "render/record.py",
    "render/fonts.py",
    "signing/__init__.py",
    "signing/checks.py",
    "signing/keys.py",
    "signing/sign.py",
    "signing/verify.py",
    "signing/verify_pdf.py",
    "signing/verify_xlsx.py",
    "signing/export.py",
)


def test_report_core_reads_no_clock() -> None:
    """The report core never asks for the time: generated_at and `now` are passed in."""
    import ast
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "src" / "osai_procure"
    calls = []
    for name in REPORT_CORE:
        tree = ast.parse((source / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in (
                "now",
                "today",
                "utcnow",
                "time",
                "localtime",
                "gmtime",
            ):
                calls.append(f"{name}:{node.lineno} .{node.attr}")
    assert calls == []


def test_report_core_imports_no_streamlit() -> None:
    """Importing the report, render and signing modules leaves streamlit out of sys.modules."""
    import subprocess
    import sys

    modules = (
        "osai_procure.report",
        "osai_procure.render.pdf",
        "osai_procure.render.xlsx",
        "osai_procure.render.record",
        "osai_procure.signing",
        "osai_procure.cli_reports",
    )
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + ("print('streamlit' in sys.modules)\n")
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def _scanned_report() -> tuple[Report, str]:
    """The mixed report with hand-written terms scanned beside a yes/no answer (one clause
    dismissed with its reason), and the scanned document's SHA-256."""
    from osai_procure.engine import evaluate
    from osai_procure.licences.document import read_document
    from osai_procure.licences.scanned import scan_evidence
    from osai_procure.licences.scanning import scan_document

    text = (
        "Terms of use.\n\nYou may use the Model for non-commercial research purposes only.\n\n"
        "The rights are not being granted to you if you are domiciled in the European Union.\n"
    )
    scan = scan_evidence(scan_document(read_document(text.encode(), "TERMS.txt")))
    data = scan.model_dump(mode="json")
    dismissed = next(c for c in data["clauses"] if c["flag"] == "territory_exclusion")
    dismissed.update(decision="dismissed", reason="Annex B grants worldwide use.")
    bundle = mini_bundle()
    answers = answers_with(data_info_provenance={"value": "yes", "scan": data})
    report = build_report(bundle, answers, evaluate(bundle, answers), signoff(), GENERATED_AT)
    return report, scan.sha256


def test_a_scan_beside_an_answer_is_quoted_in_its_row() -> None:
    """A terms document scanned beside a yes/no answer is printed in the answer's row: its
    digest, each flagged clause quoted with its place, and a dismissal with its reason; the
    'yes' beside a clause not dismissed is warned about."""
    report, sha256 = _scanned_report()
    rows = [r for s in report.sections for r in s.rows]
    row = next(r for r in rows if r.question == "data_info_provenance")
    lines = [line.en for line in row.scan]
    warning = next(w for w in report.warnings if w.id == "scanned_terms_contradict_yes")
    assert warning.items == ("data_info_provenance",)
    assert sha256 in lines[0]
    assert any("non-commercial research purposes only" in line for line in lines)
    assert any("Annex B grants worldwide use." in line for line in lines)


def test_scanned_clauses_are_printed_in_the_pdf_and_the_workbook() -> None:
    """The PDF appendix and the Answers sheet quote the scanned clause and the dismissal."""
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from osai_procure.render.pdf import render_pdf
    from osai_procure.render.xlsx import render_xlsx

    report, _ = _scanned_report()
    pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(report, "en"))).pages)
    assert "non-commercial research purposes only" in " ".join(pdf.split())
    assert "Annex B grants worldwide use." in " ".join(pdf.split())
    book = load_workbook(io.BytesIO(render_xlsx(report, "en")))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert any("Annex B grants worldwide use." in cell for cell in cells)


def test_a_yes_beside_only_dismissed_clauses_is_not_warned_about() -> None:
    """Once every scanned clause is dismissed with a reason, the 'yes' stands unwarned."""
    from osai_procure.engine import evaluate
    from osai_procure.licences.document import read_document
    from osai_procure.licences.scanned import scan_evidence
    from osai_procure.licences.scanning import scan_document

    text = "Terms.\n\nYou may use the Model for non-commercial research purposes only.\n"
    data = scan_evidence(scan_document(read_document(text.encode(), "T.txt"))).model_dump(
        mode="json"
    )
    assert data["clauses"]
    for clause in data["clauses"]:
        clause.update(decision="dismissed", reason="The contract grants commercial use.")
    bundle = mini_bundle()
    answers = answers_with(data_info_provenance={"value": "yes", "scan": data})
    report = build_report(bundle, answers, evaluate(bundle, answers), signoff(), GENERATED_AT)
    assert "scanned_terms_contradict_yes" not in [w.id for w in report.warnings]


def _llama_report(bundle: PolicyBundle) -> Report:
    """The report of the Llama 3.1 8B Model Openness Tool record under a policy."""
    from osai_procure.importers import import_file

    record = ROOT / "tests" / "data" / "importers" / "mot" / "Llama-3.1-8B.yml"
    answers = import_file("mot", record, record.name, bundle).answers
    return build_report(bundle, answers, evaluate(bundle, answers), signoff(), GENERATED_AT)


def test_licences_are_grouped_by_licence_with_their_red_flags_once(
    osaid_bundle: PolicyBundle,
) -> None:
    """Components under one licence make one group: its red flags once, the components it
    applies to, and a one-line summary with the counts in both languages."""
    report = _llama_report(osaid_bundle)
    llama = [r for r in report.licences if r.normalized == "LicenseRef-Llama-3.1-Community"]
    assert len(llama) > 1
    group = next(
        g for g in report.licence_groups if g.normalized == "LicenseRef-Llama-3.1-Community"
    )
    assert group is report.licence_groups[0]  # the most red flags first
    assert [f.flag for f in group.flags] == [f.flag for f in llama[0].flags]
    assert group.components == tuple(r.title for r in llama)
    n, m = len(group.flags), len(llama)
    assert group.summary.en == (
        f"Llama 3.1 Community License Agreement: {n} red flags, applies to {m} components"
    )
    assert group.summary.ja == (
        f"Llama 3.1 Community License Agreement: 問題となる条件が{n}件あり、"
        f"{m}件の構成要素に適用されます"
    )
    assert sum(len(g.components) for g in report.licence_groups) == len(report.licences)


def test_mof_says_released_components_are_not_under_an_open_licence(
    osaid_bundle: PolicyBundle,
) -> None:
    """The MOF badge names released components whose licence is not open as such, never as
    missing, and apart from those not shown released with a licence."""
    report = _llama_report(osaid_bundle)
    mof = next(b for b in report.badges if b.key == "mof")
    assert "missing" not in mof.detail.en and "不足" not in mof.detail.ja
    assert mof.detail.en.startswith("for the next class: ")
    assert "not under an open licence" in mof.detail.en
    assert "はオープンなライセンスではありません" in mof.detail.ja
