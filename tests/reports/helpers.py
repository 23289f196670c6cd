"""Shared helpers for the report tests: content, hand-made evaluations, keys, poppler wrappers."""

from __future__ import annotations

import datetime
import functools
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from osai_procure.engine import evaluate
from osai_procure.loading import ContentLibrary, PolicyBundle, load_answers, load_policy
from osai_procure.models.answers import AnswersFile
from osai_procure.models.base import I18n
from osai_procure.models.evaluation import (
    ComponentLicence,
    DecidingAnswer,
    Evaluation,
    Finding,
    LabelResult,
    MofResult,
    OsaidResult,
    PolicyResult,
    Reason,
)
from osai_procure.models.licence import LicenceFacts, LicenceFlagFact
from osai_procure.models.report import SignOff
from osai_procure.signing import KeySet, generate_keys

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
CONTENT = DATA / "content"
MINI_POLICY = CONTENT / "policies" / "report-mini.yaml"
MIXED_ANSWERS = DATA / "answers-mixed.yaml"
SIGNOFF_FILE = DATA / "signoff.yaml"
GOLDEN = DATA / "golden"
ROOT = HERE.parents[1]
CASES = ROOT / "tests" / "data" / "cases"
GENERATED_AT = "2026-05-12T10:00:00+09:00"
NOW = datetime.datetime(2026, 5, 12, 1, 0, tzinfo=datetime.UTC)

needs_poppler = pytest.mark.system_tools("pdftotext", "pdffonts", package="poppler-utils")


def mini_library() -> ContentLibrary:
    """The small test content (one questionnaire, one policy)."""
    return ContentLibrary.from_root(CONTENT)


@functools.cache
def mini_bundle() -> PolicyBundle:
    """The small test policy, resolved."""
    return load_policy(MINI_POLICY, mini_library())


def mixed_answers() -> AnswersFile:
    """Answers with a failed gate, an unknown, a catalogued licence and an unconfirmed import."""
    return load_answers(MIXED_ANSWERS, mini_bundle())


def signoff(**changes: Any) -> SignOff:
    """The three-role sign-off of the test data; `role=None` drops a role, a dict replaces it."""
    data = {
        "preparer": {
            "name": "山田 花子",
            "title": "主査",
            "organisation": "デジタル庁 調達課",
            "date": "2026-05-10",
            "decision": "approved",
            "comment": "取込み回答を確認した。",
        },
        "reviewer": {
            "name": "Jane Smith",
            "title": "Reviewer",
            "organisation": "OSPO",
            "date": "2026-05-11",
            "decision": "approved",
        },
        "approver": {
            "name": "佐藤 一郎",
            "title": "課長",
            "organisation": "デジタル庁",
            "date": "2026-05-12",
            "decision": "approved",
            "comment": "条件付きで承認する。",
        },
    }
    for role, value in changes.items():
        if value is None:
            data.pop(role)
        else:
            data[role] = value
    return SignOff.model_validate(data)


def mixed() -> tuple[PolicyBundle, AnswersFile, Evaluation]:
    """Bundle, answers and the real engine's evaluation of the mixed answers."""
    bundle = mini_bundle()
    answers = mixed_answers()
    return bundle, answers, evaluate(bundle, answers)


def answers_with(**values: Any) -> AnswersFile:
    """The mixed answers with some answers replaced (long form dicts or plain values)."""
    data = mixed_answers().model_dump(mode="json")
    for key, value in values.items():
        data["answers"][key] = (
            value if isinstance(value, dict) and "value" in value else {"value": value}
        )
    return AnswersFile.model_validate_json(json.dumps(data))


def answers_from(data: dict[str, Any]) -> AnswersFile:
    """An answers file from plain data (hostile strings included), bypassing the YAML loader."""
    return AnswersFile.model_validate_json(json.dumps(data))


def _t(ja: str, en: str) -> I18n:
    """A bilingual text."""
    return I18n(ja=ja, en=en)


def hand_made_evaluation(bundle: PolicyBundle) -> Evaluation:
    """An Evaluation built by hand (no engine): weights released under a flagged licence."""
    flagged = LicenceFacts(
        original="LicenseRef-Example-Open-Model",
        normalized="LicenseRef-Example-Open-Model",
        kind="catalogued",
        licence_ids=("LicenseRef-Example-Open-Model",),
        deprecated_ids=(),
        osi_approved=False,
        flags=(
            LicenceFlagFact(
                flag="revocable",
                licence="LicenseRef-Example-Open-Model",
                reason=_t("撤回できる。", "It can be revoked."),
            ),
            LicenceFlagFact(
                flag="user_caps",
                licence="LicenseRef-Example-Open-Model",
                reason=_t("利用者数の上限がある。", "It caps the number of users."),
            ),
        ),
        messages=(),
    )
    open_doc = LicenceFacts(
        original="CC-BY-4.0",
        normalized="CC-BY-4.0",
        kind="spdx",
        licence_ids=("CC-BY-4.0",),
        deprecated_ids=(),
        osi_approved=False,
        flags=(),
        messages=(),
    )

    def finding(
        criterion: str, status: str, severity: str, scope: str, weight: float, question: str
    ) -> Finding:
        source = next(c for c in bundle.policy.criteria if c.id == criterion)
        return Finding(
            criterion=criterion,
            title=source.title,
            scope=scope,  # type: ignore[arg-type]
            severity=severity,  # type: ignore[arg-type]
            weight=weight,
            status=status,  # type: ignore[arg-type]
            answers=(DecidingAnswer(question=question, value="yes", provenance="declared"),),
            licences=(),
            reasons=(Reason(code="unanswered", question=question),),
            refs=source.refs,
            remediation=source.remediation,
            contract_clause=source.contract_clause,
        )

    findings = (
        finding("weights_open", "not_met", "gate", "osaid", 1.0, "model_parameters_final"),
        finding("training_code_open", "met", "gate", "osaid", 1.0, "code_training"),
        finding("data_information", "unknown", "gate", "osaid", 1.0, "data_info_provenance"),
        finding("free_of_restrictions", "not_met", "gate", "policy", 1.0, "model_parameters_final"),
        finding("data_card_open", "not_met", "scored", "policy", 2.0, "data_card"),
        finding("hosted_in_japan", "unknown", "scored", "policy", 1.0, "hosting"),
        finding("users_estimated", "not_applicable", "info", "policy", 1.0, "monthly_users"),
    )
    policy = bundle.policy
    return Evaluation(
        osaid=OsaidResult(
            verdict="not_open_source_ai",
            failed=("weights_open",),
            unknown=("data_information",),
            would_pass_if_terms_changed=True,
        ),
        policy=PolicyResult(
            verdict="non_compliant",
            id=policy.id,
            version=policy.version,
            digest=policy.digest,
            score=0.25,
            gates_failed=("weights_open", "free_of_restrictions"),
            gates_unknown=("data_information",),
            conditions=("data_card_open",),
        ),
        openness_label=LabelResult(
            id="weights_available", title=_t("重みの入手のみ可能", "Weights available")
        ),
        mof_class=MofResult(mof_class="unclassified", missing_for_next=("model_parameters_final",)),
        findings=findings,
        licence_flags=(
            ComponentLicence(
                component="model_parameters_final",
                title=_t("最終パラメータ", "Final parameters"),
                content_type="parameters",
                released="yes",
                licence=flagged,
                acceptable=False,
            ),
            ComponentLicence(
                component="data_card",
                title=_t("データカード", "Data card"),
                content_type="documentation",
                released="yes",
                licence=open_doc,
                acceptable=True,
            ),
        ),
        unconfirmed_imports=("model_parameters_final",),
        unanswered=(),
    )


def make_keys(directory: Path) -> KeySet:
    """Fresh keys in a test directory."""
    return generate_keys(directory, now=NOW, unencrypted=True)


def run(*command: str, data: bytes | None = None) -> str:
    """Run a poppler tool and return its stdout as text."""
    result = subprocess.run(command, input=data, capture_output=True, check=True)
    return result.stdout.decode("utf-8", errors="replace")


def pdftotext(pdf: bytes, tmp_path: Path, name: str = "report.pdf") -> str:
    """The text of a PDF as poppler extracts it (pages separated by form feeds)."""
    path = tmp_path / name
    path.write_bytes(pdf)
    return run("pdftotext", "-enc", "UTF-8", str(path), "-")


def pdffonts(pdf: bytes, tmp_path: Path, name: str = "fonts.pdf") -> list[list[str]]:
    """The rows of `pdffonts`: name, type, encoding, emb, sub, uni, object, generation."""
    path = tmp_path / name
    path.write_bytes(pdf)
    lines = run("pdffonts", str(path)).splitlines()[2:]
    return [line.split() for line in lines if line.strip()]


def case_dirs() -> list[Path]:
    """The shipped golden case folders."""
    return (
        sorted(p for p in CASES.iterdir() if (p / "answers.yaml").exists())
        if CASES.is_dir()
        else []
    )


def case_policy(case: Path) -> Path:
    """The policy a case folder names (OSAID 1.0 by default)."""
    import yaml

    meta_path = case / "case.yaml"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    return ROOT / (meta or {}).get("policy", "policies/osaid-1.0.yaml")


def shipped_library() -> ContentLibrary:
    """The shipped content library."""
    return ContentLibrary.from_root(ROOT)
