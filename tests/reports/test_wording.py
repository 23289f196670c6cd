"""The verdict is data, words are rendering: reason codes, the catalogue, and rewording."""

from __future__ import annotations

import json
import re
import string

import pytest

from osai_procure import wording
from osai_procure.engine import ENGINE_VERSION, evaluate
from osai_procure.loading import load_answers, load_policy
from osai_procure.models.base import I18n
from osai_procure.models.evaluation import REASON_CODES, Reason
from osai_procure.models.licence import FLAG_TITLES
from osai_procure.render.record import canonical_record, read_record_document, record_document
from osai_procure.report import build_record, build_report
from osai_procure.signing import KeySet, sign_record, verify_report
from tests.reports.helpers import (
    GENERATED_AT,
    case_dirs,
    case_policy,
    mini_library,
    mixed,
    shipped_library,
    signoff,
)


def test_every_reason_code_has_a_sentence_in_both_languages() -> None:
    """The catalogue has exactly one ja and one en template for every reason code."""
    assert set(wording.REASONS) == set(REASON_CODES)
    assert all(ja.strip() and en.strip() for ja, en in wording.REASONS.values())


def test_templates_name_only_reason_fields() -> None:
    """Each template fills in only fields a Reason has, the same ones in both languages."""
    fields = set(Reason.model_fields) - {"code"}
    for code, (ja, en) in wording.REASONS.items():
        names = [{n for _, n, _, _ in string.Formatter().parse(t) if n} for t in (ja, en)]
        assert names[0] <= fields and names[0] == names[1], code


def test_reason_sentences_fill_in_parameters() -> None:
    """A reason's sentence shows its parameters: lists joined, numbers without trailing zeros."""
    reason = Reason(code="answer_not_listed", question="q", value="c", required=["a", "b"])
    assert wording.reason_text(reason, "en") == "q: answered c, required one of a, b"
    below = Reason(code="number_below", question="years", value=2.0, required=5)
    assert wording.reason_text(below, "ja") == "years：2は5未満"


def test_a_reason_names_what_a_reader_calls_each_id() -> None:
    """Given names, a sentence shows them in place of the stored ids, per language."""
    reason = Reason(code="answer_differs", question="freedom_use", value="no", required="yes")
    names = {
        "question": I18n(ja="A.6.1", en="A.6.1"),
        "value": I18n(ja="「いいえ」", en="“No”"),
        "required": I18n(ja="「はい」", en="“Yes”"),
    }
    assert wording.reason_text(reason, "ja", names) == "A.6.1：回答は「いいえ」、必要なのは「はい」"
    assert wording.reason_i18n(reason, names).en == "A.6.1: answered “No”, required “Yes”"


def test_report_reasons_show_no_ids() -> None:
    """Every reason of every shipped case names questions, criteria, answers and red flags as a
    reader does (numbers, titles, labels), never by the ids the record stores."""
    library = shipped_library()
    words = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
    checked = 0
    for case in case_dirs():
        bundle = load_policy(case_policy(case), library)
        answers = load_answers(case / "answers.yaml", bundle)
        report = build_report(bundle, answers, evaluate(bundle, answers), signoff(), GENERATED_AT)
        ids = (
            set(bundle.questions)
            | {c.id for c in bundle.policy.criteria}
            | set(FLAG_TITLES)
            | {"yes", "no", "unknown", "catalogued", "spdx", "parameters"}
        )
        for finding in (f for g in report.finding_groups for f in g.findings):
            for reason in finding.reasons:
                checked += 1
                assert not ids & set(words.findall(reason.ja)), (case.name, reason.ja)
                assert "_" not in reason.en, (case.name, reason.en)
                assert re.match(r"(A\.\d+\.\d+：|基準F-\d\d「|\d+項目中)", reason.ja), reason.ja
    assert checked > 100


def test_signed_record_holds_codes_not_sentences(signed: dict[str, bytes]) -> None:
    """The signed evaluation carries reason codes and parameters; no sentence in any language."""
    record = json.loads(signed["json"])["record"]
    reasons = [r for f in record["evaluation"]["findings"] for r in f["reasons"]]
    assert reasons and all(set(r) >= {"code"} and not {"ja", "en"} & set(r) for r in reasons)
    assert {"code": "unanswered", "question": "unshareable_described"} in reasons


def test_record_states_engine_and_content_versions(signed: dict[str, bytes]) -> None:
    """The record names the engine version, the licence catalogue and the wording it used."""
    versions = json.loads(signed["json"])["record"]["versions"]
    assert versions["engine"] == ENGINE_VERSION
    assert versions["wording"] == wording.wording_digest()
    assert len(versions["licence_catalogue"]) == 64


@pytest.mark.parametrize("kind", ["pdf", "xlsx", "json"])
@pytest.mark.usefixtures("reworded")
def test_reworded_sentences_do_not_break_a_signed_record(
    kind: str, signed: dict[str, bytes], keys: KeySet
) -> None:
    """A record signed before every sentence was reworded still verifies in every format."""
    result = verify_report(signed[kind], keys.public_key, library=mini_library())
    assert result.ok, result.checks
    checks = {c.name: c.status for c in result.checks}
    assert checks["verdicts"] == "pass"
    if kind == "xlsx":
        assert checks["workbook_content"] == "skip"


def test_a_forged_reason_code_is_not_reproduced(keys: KeySet) -> None:
    """A validly signed record whose reason codes the answers do not give fails, naming the
    criterion."""
    bundle, answers, evaluation = mixed()
    first = next(f for f in evaluation.findings if f.reasons)
    forged_reason = first.reasons[0].model_copy(update={"code": "criterion_not_met"})
    forged = evaluation.model_copy(
        update={
            "findings": tuple(
                f.model_copy(update={"reasons": (forged_reason,)}) if f is first else f
                for f in evaluation.findings
            )
        }
    )
    record = build_record(bundle, answers, forged, signoff(), GENERATED_AT)
    document = record_document(record, sign_record(canonical_record(record), keys))
    assert read_record_document(document).record.evaluation == forged
    result = verify_report(document, keys.public_key, library=mini_library())
    failure = result.failures[0]
    assert failure.problem == "verdict_not_reproduced"
    assert f"criterion {first.criterion}: its reasons or deciding answers differ" in failure.detail
