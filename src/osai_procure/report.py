"""Build the Report (what renderers lay out) and the Record (what is signed), once, from results.

Everything a reader sees is decided here: order, numbering, bilingual labels, totals, excerpts
for table cells, openwashing warnings and remediation priorities. Renderers only lay it out.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from osai_procure import __version__
from osai_procure.engine import ENGINE_VERSION, visible_questions
from osai_procure.errors import CodedError
from osai_procure.licences import is_acceptable, osaid_accepted_terms
from osai_procure.licences import spdx_list_version as installed_spdx_list_version
from osai_procure.licences.catalogue import Catalogue, catalogue_digest
from osai_procure.licences.scanned import scan_lines
from osai_procure.loading import PolicyBundle
from osai_procure.models.answers import (
    Answer,
    AnswersFile,
    ComponentValue,
    DrillSummary,
    Evidence,
)
from osai_procure.models.base import I18n
from osai_procure.models.evaluation import (
    ComponentLicence,
    Evaluation,
    Finding,
    PolicyResult,
    Reason,
)
from osai_procure.models.licence import FLAG_TITLES
from osai_procure.models.questionnaire import (
    ComponentQuestion,
    MultiChoiceQuestion,
    NumberQuestion,
    Question,
    SingleChoiceQuestion,
    UrlListQuestion,
    YesNoQuestion,
)
from osai_procure.models.report import (
    RECORD_FORMAT,
    REPORT_FORMAT,
    ROLES,
    AnswerRow,
    AnswerSection,
    Badge,
    DigestRef,
    DrillRow,
    EvidenceRow,
    FindingAnswer,
    FindingGroup,
    FindingRow,
    ImportedConclusionRow,
    LicenceFlagRow,
    LicenceGroup,
    LicenceRow,
    PolicyInfo,
    QuestionnaireInfo,
    Record,
    RecordVersions,
    RemediationRow,
    Report,
    Seal,
    SignOff,
    SignOffRow,
    SignOffSummary,
    Tone,
    ToolInfo,
    Totals,
    WarningRow,
)
from osai_procure.render import RENDERING_EDITION
from osai_procure.wording import licence_note_i18n, reason_i18n, wording_digest

TOOL_NAME = "osai-procure"
EXCERPT_CHARS = 300
LICENCE_EXCERPT_CHARS = 160


class ReportError(CodedError):
    """The inputs of a report are inconsistent (e.g. a malformed `generated_at`)."""


def _t(ja: str, en: str) -> I18n:
    """A bilingual text."""
    return I18n(ja=ja, en=en)


def _same(text: str) -> I18n:
    """User text, shown as written in both languages."""
    return I18n(ja=text, en=text)


# -- vocabularies: every label in both languages, in one place -----------------------------------

_OSAID = {
    "open_source_ai": (_t("オープンソースAI", "Open Source AI"), "pass", "○"),
    "not_open_source_ai": (_t("オープンソースAIではない", "Not Open Source AI"), "fail", "×"),
    "insufficient_evidence": (_t("根拠不十分", "Insufficient evidence"), "warn", "？"),
}
_POLICY = {
    "compliant": (_t("適合", "Compliant"), "pass", "○"),
    "conditionally_compliant": (_t("条件付き適合", "Conditionally compliant"), "warn", "△"),
    "non_compliant": (_t("不適合", "Non-compliant"), "fail", "×"),
    "incomplete": (_t("判定未了", "Incomplete"), "warn", "？"),
}
_EXCEPTION = (_t("条件付き適合（例外）", "Conditionally compliant (exception)"), "warn", "△")


def osaid_verdict_label(verdict: str) -> I18n:
    """The OSAID verdict's label in both languages."""
    return _OSAID[verdict][0]


def policy_verdict_name(verdict: str) -> I18n:
    """A policy verdict's label by its id (a verdict recorded as an id in a check's detail)."""
    return _POLICY[verdict][0]


def vocabulary_label(vocabulary: str, value: str) -> I18n:
    """A label of one of the report's vocabularies (`status`, `severity`, `content_type`,
    `licence_kind`) by its id, for the command line's text; an unknown id as written."""
    if vocabulary == "status":
        return _STATUS[value][0] if value in _STATUS else _same(value)
    table = {"severity": _SEVERITY, "content_type": _CONTENT_TYPE, "licence_kind": _KIND}
    return table[vocabulary].get(value) or _same(value)


def policy_verdict_label(result: PolicyResult) -> tuple[I18n, str, str]:
    """The policy verdict's label, tone and mark; a verdict that rests on a recorded exception
    says so."""
    return _EXCEPTION if result.excepted else _POLICY[result.verdict]


_STATUS = {
    "met": (_t("充足", "Met"), "pass", "○"),
    "not_met": (_t("未充足", "Not met"), "fail", "×"),
    "unknown": (_t("不明", "Unknown"), "warn", "？"),
    "not_applicable": (_t("対象外", "Not applicable"), "info", "－"),
}
_SEVERITY = {
    "gate": _t("必須", "Gate"),
    "scored": _t("評点", "Scored"),
    "info": _t("参考", "Information"),
}
_SCOPE = {
    "osaid": _t("OSAID 1.0 の要件", "OSAID 1.0 requirements"),
    "policy": _t("調達ポリシーの要件", "Agency policy requirements"),
}
_CONTENT_TYPE = {
    "code": _t("コード", "Code"),
    "data": _t("データ", "Data"),
    "parameters": _t("パラメータ", "Parameters"),
    "documentation": _t("文書", "Documentation"),
}
_RELEASED = {
    "yes": _t("公開", "Released"),
    "no": _t("非公開", "Not released"),
    "unknown": _t("不明", "Unknown"),
    "not_applicable": _t("不使用", "Not used"),
}
_YES_NO = {
    "yes": _t("はい", "Yes"),
    "no": _t("いいえ", "No"),
    "unknown": _t("不明", "Unknown"),
    "not_applicable": _t("該当なし", "Not applicable"),
}
_KIND = {
    "spdx": _t("SPDX 式", "SPDX expression"),
    "catalogued": _t("カタログ登録済みのAIライセンス", "Catalogued AI licence"),
    "unlicensed": _t("ライセンスなし", "Unlicensed"),
    "undisclosed": _t("非開示", "Undisclosed"),
    "proprietary": _t("独自ライセンス", "Proprietary"),
    "unrecognised": _t("識別できないライセンス", "Unrecognised licence"),
    "missing": _t("記載なし", "Not stated"),
}
_STATE = {
    "answered": _t("回答済み", "Answered"),
    "unknown": _t("不明と回答", "Answered unknown"),
    "unanswered": _t("未回答", "Not answered"),
    "not_shown": _t("対象外（条件により非表示）", "Not asked (condition not met)"),
}
_PROVENANCE = {
    "declared": _t("申告", "Declared"),
    "verified": _t("検証済み", "Verified"),
    "imported": _t("取込み", "Imported"),
    None: _t("―", "—"),
}
_ROLE = {
    "preparer": _t("作成者", "Preparer"),
    "reviewer": _t("確認者", "Reviewer"),
    "approver": _t("承認者", "Approver"),
}
_DECISION = {
    "approved": (_t("承認", "Approved"), "pass"),
    "rejected": (_t("却下", "Rejected"), "fail"),
    None: (_t("未署名", "Not signed"), "warn"),
}
_SIGNOFF_STATUS = {
    "approved": (_t("承認済み", "Approved"), "pass"),
    "rejected": (_t("却下", "Rejected"), "fail"),
    "incomplete": (_t("承認手続未了", "Sign-off incomplete"), "warn"),
}


# The 17 Model Openness Framework component names (the questionnaire's `mof_component`).
_MOF_COMPONENT_JA = {
    "Model architecture": "モデル・アーキテクチャ",
    "Data preprocessing code": "データ前処理コード",
    "Training code": "トレーニングコード",
    "Evaluation code": "評価コード",
    "Supporting libraries and tools": "サポート用のライブラリとツール",
    "Inference code": "推論コード",
    "Model parameters (Final)": "モデルパラメータ（最終）",
    "Model parameters (Intermediate)": "モデルパラメータ（中間）",
    "Datasets": "データセット",
    "Data card": "データ・カード",
    "Technical report": "技術レポート",
    "Research paper": "研究論文",
    "Evaluation data": "評価データ",
    "Evaluation results": "評価結果",
    "Model card": "モデル・カード",
    "Sample model outputs": "モデル出力のサンプル",
    "Model metadata": "モデルメタデータ",
}


def component_name(question: Question | None, fallback: I18n) -> I18n:
    """A component's short name: its MOF component name, else the fallback (question text)."""
    if isinstance(question, ComponentQuestion) and question.mof_component:
        name = question.mof_component
        return I18n(ja=_MOF_COMPONENT_JA.get(name, name), en=name)
    return fallback


# -- small helpers ------------------------------------------------------------------------------


def _cut(text: str, limit: int) -> str:
    """Cut text for a table cell; the full text stays in the appendix and the record."""
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def _cut_i18n(text: I18n, limit: int) -> I18n:
    """Cut both languages of a text."""
    return I18n(ja=_cut(text.ja, limit), en=_cut(text.en, limit))


def _percent(share: float) -> str:
    """A share 0..1 as a whole percentage."""
    return f"{round(share * 100)}%"


def _safe_link(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link, else None (never javascript:, file:, data:)."""
    if not url or any(ord(ch) < 0x21 or ch in '"<>\\' for ch in url):
        return None
    parts = urlsplit(url)
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _evidence(items: Iterable[Evidence]) -> tuple[EvidenceRow, ...]:
    """Evidence rows, links made clickable only for http(s); a drill record in words."""
    return tuple(
        EvidenceRow(
            url=e.url,
            link=_safe_link(e.url),
            sha256=e.sha256,
            file=e.file,
            note=e.note,
            drill=drill_line(e.drill) if e.drill is not None else None,
        )
        for e in items
    )


# -- preservation drills ------------------------------------------------------------------------

_DRILL_KIND = {
    "bagit": _t("BagIt バッグ", "BagIt bag"),
    "sha256-manifest": _t("SHA-256 マニフェスト", "SHA-256 manifest"),
}
_DRILL_RESULT = {
    "passed": (_t("合格", "Passed"), "pass"),
    "failed": (_t("不合格", "Failed"), "fail"),
}


def human_size(size: int) -> str:
    """A byte count in a readable binary unit (B, KiB, MiB, GiB, TiB)."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024:
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TiB"


def drill_time(text: str) -> str:
    """When a drill ran, to the minute in UTC ('2026-12-01 10:05 UTC'); as written if it is
    not an ISO 8601 time."""
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return moment.strftime("%Y-%m-%d %H:%M")


def drill_line(drill: DrillSummary) -> I18n:
    """A drill record as one line of evidence: when, who, the result and the counts."""
    result = _DRILL_RESULT[drill.result][0]
    kind = _DRILL_KIND[drill.deposit_kind]
    at, size = drill_time(drill.performed_at), human_size(drill.bytes_checked)
    return _t(
        f"預託物の検証 {at}（実施者：{drill.performed_by}）：{result.ja}。{kind.ja}の"
        f"{drill.files_listed} ファイル中 {drill.files_checked} ファイル（{size}）を照合。"
        f"欠落 {drill.missing}・余分 {drill.extra}・変更 {drill.changed}・"
        f"読取不能 {drill.unreadable}",
        f"Preservation drill {at} by {drill.performed_by}: {result.en}. "
        f"{drill.files_checked} of the {kind.en}'s {drill.files_listed} files ({size}) checked; "
        f"{drill.missing} missing, {drill.extra} extra, {drill.changed} changed, "
        f"{drill.unreadable} unreadable",
    )


def _drills(answers: AnswersFile, names: Mapping[str, I18n]) -> tuple[DrillRow, ...]:
    """Every drill record cited as evidence, once each (by its digest), oldest first, with
    the questions citing it."""
    cited: dict[tuple[str | None, str], tuple[DrillSummary, list[str]]] = {}
    for question, answer in sorted(answers.answers.items()):
        for item in answer.evidence:
            if item.drill is None:
                continue
            ident = (item.sha256, item.drill.performed_at)
            cited.setdefault(ident, (item.drill, []))[1].append(question)
    rows = []
    for (sha256, _at), (drill, questions) in sorted(
        cited.items(), key=lambda kv: (kv[1][0].performed_at, kv[0][0] or "")
    ):
        label, tone = _DRILL_RESULT[drill.result]
        rows.append(
            DrillRow(
                questions=tuple(questions),
                names=tuple(names.get(q, _same(q)) for q in questions),
                performed_at=drill_time(drill.performed_at),
                performed_by=drill.performed_by,
                target=drill.target,
                kind_label=_DRILL_KIND[drill.deposit_kind],
                files_listed=drill.files_listed,
                files_checked=drill.files_checked,
                bytes_checked=drill.bytes_checked,
                size=human_size(drill.bytes_checked),
                checked_label=_t(
                    f"{drill.files_listed} ファイル中 {drill.files_checked} ファイル"
                    f"（{human_size(drill.bytes_checked)}）",
                    f"{drill.files_checked} of {drill.files_listed} files "
                    f"({human_size(drill.bytes_checked)})",
                ),
                missing=drill.missing,
                extra=drill.extra,
                changed=drill.changed,
                unreadable=drill.unreadable,
                problems_label=_t(
                    f"欠落 {drill.missing}・余分 {drill.extra}・変更 {drill.changed}・"
                    f"読取不能 {drill.unreadable}",
                    f"{drill.missing} missing, {drill.extra} extra, {drill.changed} changed, "
                    f"{drill.unreadable} unreadable",
                ),
                result_label=label,
                tone=tone,  # type: ignore[arg-type]  # the table's tones are Tone values
                record_sha256=sha256,
                key_fingerprint=drill.key_fingerprint,
                signed_label=(
                    _t("署名あり", "Signed")
                    if drill.key_fingerprint
                    else _t("署名なし", "Not signed")
                ),
            )
        )
    return tuple(rows)


def _join(items: list[I18n], ja_sep: str = "、", en_sep: str = ", ") -> I18n:
    """Join bilingual items with each language's separator."""
    return I18n(ja=ja_sep.join(i.ja for i in items), en=en_sep.join(i.en for i in items))


def _scalar(value: Any) -> str:
    """A scalar as text (numbers without a trailing .0)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return value
    return "" if value is None else str(value)


def display_value(question: Question | None, value: Any) -> I18n:
    """An answer value as a reader sees it, with choice labels in both languages."""
    if value is None or value == "" or value == []:
        return _STATE["unanswered"]
    if value == "unknown":
        return _YES_NO["unknown"]
    if isinstance(question, YesNoQuestion):
        key = ("yes" if value else "no") if isinstance(value, bool) else value
        return _YES_NO.get(key, _same(_scalar(value)))
    if isinstance(question, SingleChoiceQuestion | MultiChoiceQuestion):
        labels = {c.id: c.label for c in question.choices}
        items = value if isinstance(value, list) else [value]
        return _join([labels.get(i, _same(_scalar(i))) for i in items])
    if isinstance(question, UrlListQuestion):
        items = value if isinstance(value, list) else [value]
        return _same("\n".join(_scalar(i) for i in items))
    if isinstance(question, NumberQuestion):
        unit = question.unit
        number = _scalar(value)
        return I18n(
            ja=f"{number} {unit.ja}" if unit else number,
            en=f"{number} {unit.en}" if unit else number,
        )
    component = ComponentValue.read(value) if isinstance(question, ComponentQuestion) else None
    if component is not None and isinstance(value, dict):
        return _component_text(component)
    if isinstance(value, dict | list):
        return _same(
            ", ".join(_scalar(v) for v in (value.values() if isinstance(value, dict) else value))
        )
    return _same(_scalar(value))


def _component_text(value: ComponentValue) -> I18n:
    """A component answer: released, where, under which licence."""
    released = _RELEASED[value.released]
    locations = list(value.location)
    licence = value.licence
    ja = [f"公開状況：{released.ja}"]
    en = [f"Release: {released.en}"]
    if licence:
        ja.append(f"ライセンス：{_scalar(licence)}")
        en.append(f"Licence: {_scalar(licence)}")
    if locations:
        ja.append("公開場所：" + " ".join(locations))
        en.append("Location: " + " ".join(locations))
    return I18n(ja="\n".join(ja), en="\n".join(en))


def _state(value: Any, visible: bool) -> str:
    """Whether a question was answered, answered unknown, left unanswered or not asked."""
    if not visible:
        return "not_shown"
    if value is None or value == "" or value == []:
        return "unanswered"
    component = ComponentValue.read(value) if isinstance(value, dict) else None
    if value == "unknown" or (component is not None and component.released == "unknown"):
        return "unknown"
    return "answered"


def _parse_generated_at(generated_at: str) -> datetime.datetime:
    """Parse `generated_at` (ISO 8601 with a time zone).

    Raises:
        ReportError: it is not ISO 8601 or has no time zone.
    """
    try:
        moment = datetime.datetime.fromisoformat(generated_at)
    except ValueError:
        raise ReportError.coded("report.generated_at_not_iso", value=generated_at) from None
    if moment.tzinfo is None:
        raise ReportError.coded("report.generated_at_no_zone", value=generated_at)
    return moment


# -- the record ---------------------------------------------------------------------------------


def build_record(
    bundle: PolicyBundle,
    answers: AnswersFile,
    evaluation: Evaluation,
    signoff: SignOff,
    generated_at: str,
    *,
    spdx_list_version: str | None = None,
) -> Record:
    """The complete record to sign: assessment, answers with evidence, evaluation, digests.

    Raises:
        ReportError: `generated_at` is malformed, or the evaluation is for another policy.
    """
    _parse_generated_at(generated_at)
    policy = bundle.policy
    if (evaluation.policy.id, evaluation.policy.digest) != (policy.id, policy.digest):
        raise ReportError.coded(
            "report.other_policy",
            found=evaluation.policy.id,
            found_digest=evaluation.policy.digest[:12],
            expected=policy.id,
            expected_digest=policy.digest[:12],
        )
    return Record(
        format=RECORD_FORMAT,
        tool=ToolInfo(name=TOOL_NAME, version=__version__),
        versions=RecordVersions(
            engine=ENGINE_VERSION,
            licence_catalogue=catalogue_digest(bundle.catalogue),
            wording=wording_digest(),
            rendering=RENDERING_EDITION,
        ),
        generated_at=generated_at,
        spdx_list_version=spdx_list_version or installed_spdx_list_version(),
        assessment=answers.assessment,
        prepared_for=answers.policy,
        policy=DigestRef(id=policy.id, version=policy.version, digest=policy.digest),
        questionnaires=tuple(
            DigestRef(id=q.id, version=q.version, digest=bundle.questionnaire_digests[q.id])
            for q in bundle.questionnaires
        ),
        answers=dict(sorted(answers.answers.items())),
        evaluation=evaluation,
        signoff=signoff,
    )


def answers_of(record: Record) -> AnswersFile:
    """The answers file a record was evaluated from, rebuilt for re-evaluation."""
    data = {
        "schema_version": 1,
        "assessment": record.assessment.model_dump(mode="json"),
        "policy": record.prepared_for.model_dump(mode="json") if record.prepared_for else None,
        "answers": {k: a.model_dump(mode="json") for k, a in record.answers.items()},
    }
    return AnswersFile.model_validate_json(json.dumps(data, ensure_ascii=False))


def report_of_record(bundle: PolicyBundle, record: Record, seal: Seal) -> Report:
    """The report of a record read back (a signed record exported again, or a workbook being
    compared with its record): its answers, verdicts, sign-off and date, with its seal.

    Raises:
        ReportError: the record is for another policy than `bundle`.
    """
    return build_report(
        bundle,
        answers_of(record),
        record.evaluation,
        record.signoff,
        record.generated_at,
        seal=seal,
        spdx_list_version=record.spdx_list_version,
    )


# -- the report ---------------------------------------------------------------------------------


def build_report(
    bundle: PolicyBundle,
    answers: AnswersFile,
    evaluation: Evaluation,
    signoff: SignOff,
    generated_at: str,
    *,
    seal: Seal | None = None,
    spdx_list_version: str | None = None,
) -> Report:
    """Compute everything the PDF and the workbook show, once.

    Raises:
        ReportError: `generated_at` is malformed.
    """
    _parse_generated_at(generated_at)
    policy = bundle.policy
    sections, rows_by_question = _sections(bundle, answers, evaluation)
    finding_groups = _finding_groups(bundle, answers, evaluation, rows_by_question)
    findings = [f for group in finding_groups for f in group.findings]
    licences = tuple(
        _licence_row(c, bundle.questions.get(c.component)) for c in evaluation.licence_flags
    )
    signoff_summary = _signoff(signoff, bundle.policy.signoff_roles)
    all_rows = [row for section in sections for row in section.rows]
    names = _question_names(licences, all_rows)
    totals = _totals(evaluation, all_rows)
    system = answers.assessment.system
    preparer = signoff.entry("preparer")
    return Report(
        format=REPORT_FORMAT,
        generated_at=generated_at,
        tool_version=__version__,
        spdx_list_version=spdx_list_version or installed_spdx_list_version(),
        title=_t("オープンソースAI 調達評価報告書", "Open Source AI procurement assessment"),
        subject=_t(
            f"{system.name} の評価（{policy.title.ja}、版 {policy.version}）",
            f"Assessment of {system.name}: {policy.title.en}, version {policy.version}",
        ),
        author=(preparer.name if preparer else None) or answers.assessment.agency or TOOL_NAME,
        assessment=answers.assessment,
        policy=PolicyInfo(
            id=policy.id,
            version=policy.version,
            digest=policy.digest,
            title=policy.title,
            lineage=policy.lineage,
        ),
        questionnaires=tuple(
            QuestionnaireInfo(
                id=q.id,
                version=q.version,
                title=q.title,
                digest=bundle.questionnaire_digests[q.id],
            )
            for q in bundle.questionnaires
        ),
        badges=_badges(bundle, evaluation),
        disclaimer=_t(
            "本書の判定は調達機関が行うものであり、"
            "OSI（Open Source Initiative）による認証ではない。OSIはAIシステムを認証しない。",
            "This is the agency's own determination, not a certification: the Open Source "
            "Initiative (OSI) does not certify AI systems.",
        ),
        summary=_summary(bundle, answers, evaluation, totals, signoff_summary),
        totals=totals,
        finding_groups=finding_groups,
        licences=licences,
        licence_groups=licence_groups(licences, bundle.catalogue),
        warnings=_warnings(evaluation, licences, all_rows, names)
        + _widened_terms(bundle, evaluation, names)
        + _scanned_terms_against_yes(answers, names),
        resting_on_imports=_resting_on_imports(bundle, evaluation, names),
        remediation=_remediation(evaluation, findings),
        signoff=signoff_summary,
        sections=sections,
        drills=_drills(answers, names),
        seal=seal,
    )


def _resting_on_imports(
    bundle: PolicyBundle, evaluation: Evaluation, names: Mapping[str, I18n]
) -> tuple[ImportedConclusionRow, ...]:
    """The conclusions that rest on imported, unconfirmed answers, titled for the reader."""
    labels = {label.id: label.title for label in bundle.policy.openness_labels}
    labels["closed"] = bundle.policy.closed_label
    labels["undetermined"] = bundle.policy.undetermined_label
    criteria = {c.id: c.title for c in bundle.policy.criteria}
    rows = []
    for item in evaluation.resting_on_imports:
        if item.kind == "osaid_verdict":
            title = _t("OSAID 1.0 の判定", "OSAID 1.0 verdict")
            outcome = _OSAID[item.conclusion][0]
        elif item.kind == "openness_label":
            title = _t("公開度ラベル", "Openness label")
            outcome = labels.get(item.conclusion, _same(item.conclusion))
        elif item.kind == "mof_class":
            title = _t("MOF クラス（参考）", "MOF class (for information)")
            outcome = (
                _t("分類なし", "Unclassified")
                if item.conclusion == "unclassified"
                else _t(f"クラス {item.conclusion}", f"Class {item.conclusion}")
            )
        else:
            title = criteria.get(item.conclusion, _same(item.conclusion))
            outcome = _STATUS[item.status][0]
        rows.append(
            ImportedConclusionRow(
                kind=item.kind,
                conclusion=item.conclusion,
                title=title,
                outcome=outcome,
                questions=item.questions,
                names=tuple(names.get(q, _same(q)) for q in item.questions),
            )
        )
    return tuple(rows)


def _mof_detail(bundle: PolicyBundle, evaluation: Evaluation) -> I18n:
    """What the next MOF class lacks, split honestly: components released under a stated
    licence the Model Openness Tool does not hold open, and components not shown released with
    a licence (the answers do not say, or say they were not released)."""
    missing = evaluation.mof_class.missing_for_next
    if not missing:
        return _t("最上位クラス", "highest class")
    released = {row.component for row in evaluation.licence_flags if row.released == "yes"}

    def names(ids: list[str]) -> I18n:
        return _join([component_name(bundle.questions.get(c), _same(c)) for c in ids])

    closed = names([c for c in missing if c in released])
    unshown = names([c for c in missing if c not in released])
    parts: list[I18n] = []
    if closed.en:
        parts.append(
            _t(
                f"{closed.ja}はオープンなライセンスではありません",
                f"{closed.en} not under an open licence",
            )
        )
    if unshown.en:
        parts.append(
            _t(
                f"{unshown.ja}は公開とライセンスが確認できません",
                f"{unshown.en} not shown released with a licence",
            )
        )
    said = _join(parts, "。", "; ")
    return _t(f"次のクラスに向けて：{said.ja}", f"for the next class: {said.en}")


def _badges(bundle: PolicyBundle, evaluation: Evaluation) -> tuple[Badge, ...]:
    """The four verdicts, side by side."""
    osaid, policy = evaluation.osaid, evaluation.policy
    o_label, o_tone, o_mark = _OSAID[osaid.verdict]
    p_label, p_tone, p_mark = policy_verdict_label(policy)
    mof = evaluation.mof_class
    mof_value = (
        _t("分類なし", "Unclassified")
        if mof.mof_class == "unclassified"
        else _t(f"クラス {mof.mof_class}", f"Class {mof.mof_class}")
    )
    o_detail = _t(
        f"未充足 {len(osaid.failed)}件・不明 {len(osaid.unknown)}件",
        f"{len(osaid.failed)} not met, {len(osaid.unknown)} unknown",
    )
    if osaid.would_pass_if_terms_changed and osaid.unknown_if_terms_changed:
        n = len(osaid.unknown_if_terms_changed)
        o_detail = _t(
            o_detail.ja + f"（利用条件が変わり、不明な {n} 件が確認されれば適合）",
            o_detail.en + f" (would pass if the terms changed, once {n} unknowns are confirmed)",
        )
    elif osaid.would_pass_if_terms_changed:
        o_detail = _t(
            o_detail.ja + "（不適合の原因は提供条件のみ）",
            o_detail.en + " (fails on its terms only)",
        )
    return (
        Badge(
            key="osaid",
            heading=_t("OSAID 1.0 判定", "OSAID 1.0"),
            value=o_label,
            tone=o_tone,  # type: ignore[arg-type]
            mark=o_mark,
            detail=o_detail,
        ),
        Badge(
            key="policy",
            heading=_t("調達ポリシー判定", "Agency policy"),
            value=p_label,
            tone=p_tone,  # type: ignore[arg-type]
            mark=p_mark,
            detail=_t(
                f"評点 {_percent(policy.score)}・必須要件の未充足 {len(policy.gates_failed)}件",
                f"score {_percent(policy.score)}, {len(policy.gates_failed)} gates failed",
            ),
        ),
        Badge(
            key="label",
            heading=_t("公開度ラベル", "Openness label"),
            value=evaluation.openness_label.title,
            tone="info",
            mark="",
            detail=_t("ポリシーが定める4段階", "four levels set by the policy"),
        ),
        Badge(
            key="mof",
            heading=_t("MOF クラス（参考）", "MOF class (for information)"),
            value=mof_value,
            tone="info",
            mark="",
            detail=_mof_detail(bundle, evaluation),
        ),
    )


def _sections(
    bundle: PolicyBundle, answers: AnswersFile, evaluation: Evaluation
) -> tuple[tuple[AnswerSection, ...], dict[str, AnswerRow]]:
    """Every question of every questionnaire, numbered A.s.q, with its answer."""
    visible = {q.id for q in visible_questions(bundle, answers)}
    unconfirmed = set(evaluation.unconfirmed_imports)
    sections: list[AnswerSection] = []
    by_question: dict[str, AnswerRow] = {}
    numbers = question_numbers(bundle)
    number = 0
    for questionnaire in bundle.questionnaires:
        for section in questionnaire.sections:
            number += 1
            rows = []
            for question in section.questions:
                answer = answers.answers.get(question.id)
                row = _answer_row(
                    numbers[question.id],
                    question,
                    answer,
                    question.id in visible,
                    question.id in unconfirmed,
                )
                rows.append(row)
                by_question[question.id] = row
            sections.append(
                AnswerSection(
                    number=f"A.{number}",
                    questionnaire=questionnaire.id,
                    id=section.id,
                    title=section.title,
                    rows=tuple(rows),
                )
            )
    return tuple(sections), by_question


def _answer_row(
    number: str, question: Question, answer: Answer | None, visible: bool, unconfirmed: bool
) -> AnswerRow:
    """One question with its answer, evidence and provenance."""
    value = answer.value if answer else None
    state = _state(value, visible)
    shown = display_value(question, value) if state != "not_shown" or answer else _STATE[state]
    return AnswerRow(
        number=number,
        question=question.id,
        text=question.text,
        kind=question.kind,
        state=state,  # type: ignore[arg-type]
        state_label=_STATE[state],
        value=shown,
        excerpt=_cut_i18n(shown, EXCERPT_CHARS),
        evidence=_evidence(answer.evidence) if answer else (),
        evidence_required=question.evidence_required,
        note=answer.note if answer else None,
        provenance=answer.provenance if answer else None,
        provenance_label=_PROVENANCE[answer.provenance if answer else None],
        answered_by=answer.answered_by if answer else None,
        answered_at=answer.answered_at if answer else None,
        confirmed=answer.confirmed if answer else False,
        unconfirmed_import=unconfirmed,
        scan=scan_lines(answer.scan) if answer is not None and answer.scan is not None else (),
    )


def question_numbers(bundle: PolicyBundle) -> dict[str, str]:
    """Each question's number as the report prints it: A.<section>.<question>, sections
    counted across the bundle's questionnaires in order."""
    sections = [s for q in bundle.questionnaires for s in q.sections]
    return {
        question.id: f"A.{n}.{index}"
        for n, section in enumerate(sections, start=1)
        for index, question in enumerate(section.questions, start=1)
    }


def reason_sentences(bundle: PolicyBundle, evaluation: Evaluation) -> Callable[[Reason], I18n]:
    """A reason's sentence in both languages as the report words it (question numbers, answer
    labels, criterion and red-flag titles), for text written outside the report (the CLI)."""
    names = _ReasonNames(bundle, evaluation, criterion_numbers(evaluation))
    return lambda reason: reason_i18n(reason, names.of(reason))


def criterion_numbers(evaluation: Evaluation) -> dict[str, str]:
    """Each criterion's number as the report prints it (F-nn, OSAID's first)."""
    return _criterion_numbers(_in_order(evaluation))


def _in_order(evaluation: Evaluation) -> list[Finding]:
    """The findings in reading order: OSAID's first, then the policy's."""
    return [f for scope in ("osaid", "policy") for f in evaluation.findings if f.scope == scope]


def _criterion_numbers(ordered: Sequence[Finding]) -> dict[str, str]:
    """Each criterion's number (F-nn) in reading order."""
    return {f.criterion: f"F-{n:02d}" for n, f in enumerate(ordered, start=1)}


def _finding_groups(
    bundle: PolicyBundle,
    answers: AnswersFile,
    evaluation: Evaluation,
    rows: Mapping[str, AnswerRow],
) -> tuple[FindingGroup, ...]:
    """Findings grouped by scope (OSAID first), numbered F-nn in reading order."""
    ordered = _in_order(evaluation)
    numbers = _criterion_numbers(ordered)
    names = _ReasonNames(bundle, evaluation, numbers)
    groups = []
    for scope in ("osaid", "policy"):
        out = [
            _finding_row(numbers[f.criterion], f, bundle, answers, rows, names)
            for f in ordered
            if f.scope == scope
        ]
        if out:
            groups.append(FindingGroup(scope=scope, title=_SCOPE[scope], findings=tuple(out)))
    return tuple(groups)


class _ReasonNames:
    """What a reader calls the ids a reason stores: a question by its number (A.n.m), a
    criterion by its number and title, an answer by its label, a licence as written, red flags
    and licence kinds by their titles."""

    def __init__(
        self, bundle: PolicyBundle, evaluation: Evaluation, numbers: Mapping[str, str]
    ) -> None:
        self.bundle = bundle
        self.questions = question_numbers(bundle)
        titles = {f.criterion: f.title for f in evaluation.findings}
        self.criteria = {
            cid: I18n(ja=f"{number}「{titles[cid].ja}」", en=f"{number} “{titles[cid].en}”")
            for cid, number in numbers.items()
        }
        self.licences = {
            c.component: _cut(c.licence.original, LICENCE_EXCERPT_CHARS)
            for c in evaluation.licence_flags
            if c.licence.original
        }

    def of(self, reason: Reason) -> dict[str, I18n]:
        """The reader's words for each id parameter of one reason."""
        names: dict[str, I18n] = {}
        question = self.bundle.questions.get(reason.question) if reason.question else None
        if reason.question:
            names["question"] = _same(self.questions.get(reason.question, reason.question))
        if reason.criterion:
            names["criterion"] = self.criteria.get(reason.criterion, _same(reason.criterion))
        if reason.value is not None:
            names["value"] = _quoted(display_value(question, reason.value))
        if reason.required is not None:
            if reason.code == "answer_not_listed" and isinstance(reason.required, list):
                each = [_quoted(display_value(question, r)) for r in reason.required]
                names["required"] = _join(each)
            elif reason.code == "choice_missing":
                names["required"] = _quoted(display_value(question, [reason.required]))
            else:
                names["required"] = _quoted(display_value(question, reason.required))
        if reason.licence and reason.question in self.licences:
            names["licence"] = _same(self.licences[reason.question])
        if reason.flags:
            names["flags"] = _join([FLAG_TITLES.get(f, _same(f)) for f in reason.flags])
        if reason.licence_kind:
            names["licence_kind"] = _KIND.get(reason.licence_kind, _same(reason.licence_kind))
        if reason.content_type:
            names["content_type"] = _CONTENT_TYPE.get(
                reason.content_type, _same(reason.content_type)
            )
        return names


def _quoted(text: I18n) -> I18n:
    """An answer as a sentence quotes it: 「…」 in Japanese, “…” in English."""
    return I18n(ja=f"「{text.ja}」", en=f"“{text.en}”")


def _finding_row(
    number: str,
    finding: Finding,
    bundle: PolicyBundle,
    answers: AnswersFile,
    rows: Mapping[str, AnswerRow],
    names: _ReasonNames,
) -> FindingRow:
    """One finding with the answers and evidence that decided it."""
    label, tone, mark = _STATUS[finding.status]
    deciding = []
    seen: set[str] = set()
    for read in finding.answers:
        if read.question in seen:
            continue
        seen.add(read.question)
        answer = answers.answers.get(read.question)
        row = rows.get(read.question)
        evidence = (
            _evidence(answer.evidence)
            if answer and answer.evidence
            else _evidence(Evidence(url=u) for u in read.evidence_urls)
        )
        shown = display_value(bundle.questions.get(read.question), read.value)
        deciding.append(
            FindingAnswer(
                question=read.question,
                ref=row.number if row else "",
                text=row.text if row else _same(read.question),
                excerpt=_cut_i18n(shown, EXCERPT_CHARS),
                evidence=evidence,
                provenance_label=_PROVENANCE.get(read.provenance, _PROVENANCE[None]),
                unconfirmed_import=read.provenance == "imported" and not read.confirmed,
            )
        )
    return FindingRow(
        number=number,
        criterion=finding.criterion,
        title=finding.title,
        scope=finding.scope,
        scope_label=_SCOPE[finding.scope],
        severity=finding.severity,
        severity_label=_SEVERITY[finding.severity],
        weight=finding.weight,
        status=finding.status,
        status_label=label,
        tone=tone,  # type: ignore[arg-type]
        mark=mark,
        reasons=tuple(reason_i18n(r, names.of(r)) for r in finding.reasons),
        answers=tuple(deciding),
        licences=tuple(
            dict.fromkeys(_cut(f.original, LICENCE_EXCERPT_CHARS) for f in finding.licences)
        ),
        refs=tuple(r.text() for r in finding.refs),
        agency_practice=any(r.agency_practice for r in finding.refs),
        remediation=finding.remediation if finding.status in ("not_met", "unknown") else None,
        contract_clause=finding.contract_clause
        if finding.status in ("not_met", "unknown")
        else None,
    )


def _licence_row(component: ComponentLicence, question: Question | None) -> LicenceRow:
    """One component's licence with its verdict and red flags."""
    facts = component.licence
    if component.released == "yes":
        tone: Tone = ("warn" if facts.flags else "pass") if component.acceptable else "fail"
        verdict = (
            _t("受入れ可", "Acceptable")
            if component.acceptable
            else _t("受入れ不可", "Not acceptable")
        )
    elif component.released == "not_applicable":
        tone, verdict = "info", _t("不使用", "Not used")
    else:
        tone = "warn"
        verdict = _t("未公開・不明", "Not released or unknown")
    return LicenceRow(
        component=component.component,
        title=component_name(question, component.title),
        content_type=component.content_type,
        content_type_label=_CONTENT_TYPE[component.content_type],
        released=component.released,
        released_label=_RELEASED.get(component.released, _same(component.released)),
        licence=_cut(facts.original, LICENCE_EXCERPT_CHARS),
        normalized=facts.normalized,
        kind=facts.kind,
        kind_label=_KIND[facts.kind],
        osi_approved=facts.osi_approved,
        acceptable=component.acceptable,
        verdict=verdict,
        tone=tone,
        deprecated_ids=facts.deprecated_ids,
        flags=tuple(
            LicenceFlagRow(
                flag=f.flag,
                title=FLAG_TITLES[f.flag],
                reason=f.reason,
                licence=f.licence,
            )
            for f in facts.flags
        ),
        messages=tuple(licence_note_i18n(note) for note in facts.messages),
    )


def licence_groups(
    rows: Sequence[LicenceRow], catalogue: Catalogue | None = None
) -> tuple[LicenceGroup, ...]:
    """The licence rows grouped by licence (its SPDX form, else as written): each licence once,
    by its catalogued name where it has one, with its red flags and the components it applies
    to; most red flags first, then by name."""
    groups: dict[str, list[LicenceRow]] = {}
    for row in rows:
        groups.setdefault(row.normalized or row.licence, []).append(row)
    out = []
    for members in groups.values():
        first = members[0]
        entry = catalogue.get(first.normalized) if catalogue and first.normalized else None
        name = entry.name if entry is not None else first.licence
        n, m = len(first.flags), len(members)
        flags_en = "no red flags" if n == 0 else f"{n} red flag{'s' if n != 1 else ''}"
        flags_ja = "問題となる条件はなく" if n == 0 else f"問題となる条件が{n}件あり"
        tones = {r.tone for r in members}
        out.append(
            LicenceGroup(
                licence=name,
                normalized=first.normalized,
                summary=_t(
                    f"{name}: {flags_ja}、{m}件の構成要素に適用されます",
                    f"{name}: {flags_en}, applies to {m} component{'s' if m != 1 else ''}",
                ),
                flags=first.flags,
                components=tuple(r.title for r in members),
                tone=next((t for t in ("fail", "warn", "info", "pass") if t in tones), "info"),
            )
        )
    return tuple(sorted(out, key=lambda g: (-len(g.flags), g.licence.casefold())))


def _totals(evaluation: Evaluation, rows: list[AnswerRow]) -> Totals:
    """Counts of findings, answers and evidence."""
    statuses = [f.status for f in evaluation.findings]
    answered = [r for r in rows if r.state == "answered"]
    return Totals(
        criteria=len(statuses),
        met=statuses.count("met"),
        not_met=statuses.count("not_met"),
        unknown=statuses.count("unknown"),
        not_applicable=statuses.count("not_applicable"),
        gates_failed=len(evaluation.policy.gates_failed),
        gates_unknown=len(evaluation.policy.gates_unknown),
        score_percent=_percent(evaluation.policy.score),
        questions=len(rows),
        answered=len(answered),
        unknown_answers=sum(r.state == "unknown" for r in rows),
        unanswered=sum(r.state == "unanswered" for r in rows),
        not_shown=sum(r.state == "not_shown" for r in rows),
        unconfirmed_imports=len(evaluation.unconfirmed_imports),
        evidence_items=sum(len(r.evidence) for r in rows),
        evidence_missing=sum(r.evidence_required and not r.evidence for r in answered),
    )


_CHANGEABLE = ("unilateral_change", "revocable")


def _warning(
    ident: str,
    title: I18n,
    detail: I18n,
    items: Iterable[str],
    tone: Tone,
    names: Mapping[str, I18n],
) -> WarningRow:
    """One warning; the ids it concerns travel with the titles an officer reads."""
    ids = tuple(items)
    named = tuple(names.get(i, _same(i)) for i in ids)
    return WarningRow(id=ident, title=title, detail=detail, items=ids, names=named, tone=tone)


def _question_names(licences: Iterable[LicenceRow], rows: Iterable[AnswerRow]) -> dict[str, I18n]:
    """Questions by what an officer calls them: a component's name, else the question cut short."""
    names = {
        r.question: I18n(
            ja=f"{r.number}「{_cut(r.text.ja.rstrip('。'), 40)}」",
            en=f"{r.number} “{_cut(r.text.en, 60)}”",
        )
        for r in rows
    }
    names.update({r.component: r.title for r in licences})
    return names


def _widened_terms(
    bundle: PolicyBundle, evaluation: Evaluation, names: Mapping[str, I18n]
) -> tuple[WarningRow, ...]:
    """OSAID components accepted only because the agency widened the default terms: the OSAID
    verdict then rests on the agency's judgement of those terms, not on the OSI's."""
    osaid_reads = {
        q
        for c in bundle.policy.criteria
        if c.scope == "osaid"
        for q in re.findall(r"'question': '([a-z_0-9]+)'", str(c.rule.model_dump()))
    }
    defaults = osaid_accepted_terms()
    widened = [
        c.component
        for c in evaluation.licence_flags
        if c.acceptable
        and c.component in osaid_reads
        and not is_acceptable(c.licence, defaults[c.content_type])
    ]
    if not widened:
        return ()
    title = _t(
        "調達機関が広げた条件に依拠するOSAIDの判定",
        "OSAID verdict relies on terms the agency added",
    )
    detail = _t(
        "次の構成要素は、OSAIDの既定の条件では受け入れられず、このポリシーが追加した条件によって"
        "受け入れられている。OSAIDに関するこれらの条件の適否は調達機関の判断であり、OSIの判断ではない。",
        "These components are accepted only under terms this policy adds to the OSAID defaults. "
        "Whether those terms meet OSAID is the agency's judgement, not the OSI's.",
    )
    return (_warning("agency_widened_terms", title, detail, widened, "warn", names),)


def _scanned_terms_against_yes(
    answers: AnswersFile, names: Mapping[str, I18n]
) -> tuple[WarningRow, ...]:
    """Answers of 'yes' beside a scanned terms document whose flagged clauses the officer has
    not dismissed: the answer claims a freedom the scanned words may take away."""
    items = [
        question
        for question, answer in answers.answers.items()
        if answer.value == "yes"
        and answer.scan is not None
        and any(c.decision != "dismissed" for c in answer.scan.clauses)
    ]
    if not items:
        return ()
    title = _t("読み取った条項と食い違う回答", "Answers the scanned clauses contradict")
    detail = _t(
        f"「はい」と回答した {len(items)} 件に、読み取った文書の問題条項が除外されないまま"
        "残っている。条項を確認して回答を見直すか、理由を付けて条項を除外すること。",
        f"{len(items)} answers say yes while the document scanned beside them has flagged "
        "clauses not dismissed: review the clauses, then change the answer or dismiss them "
        "with a reason.",
    )
    return (_warning("scanned_terms_contradict_yes", title, detail, items, "warn", names),)


def _warnings(
    evaluation: Evaluation,
    licences: tuple[LicenceRow, ...],
    rows: list[AnswerRow],
    names: Mapping[str, I18n],
) -> tuple[WarningRow, ...]:
    """Openwashing: openness claimed (weights, names, vendor answers) but not carried."""
    out: list[WarningRow] = []
    osaid = evaluation.osaid
    titles = {f.criterion: f.title for f in evaluation.findings}
    released = [row for row in licences if row.released == "yes"]
    weights = [r.component for r in released if r.content_type == "parameters"]
    missing = (*osaid.failed, *osaid.unknown)
    if weights and osaid.verdict != "open_source_ai" and missing:
        named = [titles.get(c, _t(c, c)) for c in missing]  # an officer reads titles, not ids
        detail = _t(
            f"モデルの重みは公開されているが、OSAID 1.0 の要件のうち {len(missing)} 件が"
            f"未充足又は不明である（{'、'.join(f'「{t.ja}」' for t in named)}）。"
            "重みの公開だけではオープンソースAIではない。"
            "重みを導出したコードとデータ情報も必要である。",
            f"The weights are released, but {len(missing)} OSAID 1.0 requirements are not met "
            f"or unknown ({'; '.join(t.en for t in named)}). Releasing weights alone does not "
            "make a system Open Source AI: the code and data information used to derive them "
            "are required too.",
        )
        title = _t("重みだけの公開（オープンウェイト）", "Weights released without the rest")
        out.append(_warning("weights_only", title, detail, weights, "fail", names))
    if osaid.would_pass_if_terms_changed and osaid.unknown_if_terms_changed:
        n = len(osaid.unknown_if_terms_changed)
        title = _t(
            "利用条件が開かれていない（他の要件は未確認）",
            "Terms that are not open; the other requirements are not yet confirmed",
        )
        detail = _t(
            "満たされない要件は、いずれも利用条件（ライセンス、利用規約、同意・申請を要する入手"
            f"方法）によるものである。条件が変わり、かつ不明な {n} 件の要件が確認されれば、"
            "OSAID 1.0 を満たし得る。",
            "Every requirement that is not met fails only because of terms (licences, an "
            "acceptable-use policy, click-through or gated access). If the terms changed, it "
            f"would pass once the {n} unknown requirements are confirmed.",
        )
        pending = (*osaid.failed, *osaid.unknown_if_terms_changed)
        out.append(_warning("complete_but_restricted", title, detail, pending, "fail", titles))
    elif osaid.would_pass_if_terms_changed:
        title = _t(
            "構成要素は揃うが利用条件が開かれていない",
            "Complete release under terms that are not open",
        )
        detail = _t(
            "構成要素は揃っているが、利用条件（ライセンス、利用規約、同意・申請を要する入手方法）"
            "が原因で OSAID 1.0 を満たさない。"
            "「オープン」と称していても、条件が変わらない限りオープンソースAIではない。",
            "Every component is there, but the terms (licences, an acceptable-use policy, "
            "click-through or gated access) fail OSAID 1.0. Whatever it is called, it is not "
            "Open Source AI unless the terms change.",
        )
        out.append(_warning("complete_but_restricted", title, detail, osaid.failed, "fail", titles))
    changeable = [r for r in released if any(f.flag in _CHANGEABLE for f in r.flags)]
    if changeable:
        title = _t("後から変更・撤回できる利用条件", "Terms that can change or be withdrawn")
        detail = _t(
            "ライセンサーが条件を一方的に変更し、又は利用を撤回・制限できる構成要素がある。"
            "今日公開されていても、明日も使い続けられる保証はない。",
            "For some components the licensor can change the terms unilaterally or withdraw "
            "or restrict use. Being available today does not assure use tomorrow.",
        )
        items = [r.component for r in changeable]
        out.append(_warning("changeable_terms", title, detail, items, "fail", names))
    restricted = [r for r in released if any(f.flag not in _CHANGEABLE for f in r.flags)]
    if restricted:
        flags = dict.fromkeys(
            f.flag for r in restricted for f in r.flags if f.flag not in _CHANGEABLE
        )
        title = _t("利用目的・利用者の制限", "Restrictions on use or users")
        detail = _t(
            "公開されているが次の制限があり、「いかなる目的にも許可なく使用できる」"
            "とはいえない：" + "、".join(FLAG_TITLES[f].ja for f in flags) + "。",
            "Released, but restricted, so use for any purpose without asking permission is "
            "not assured: " + ", ".join(FLAG_TITLES[f].en for f in flags) + ".",
        )
        items = [r.component for r in restricted]
        out.append(_warning("restricted_use", title, detail, items, "warn", names))
    named_open = [
        r
        for r in released
        if "open" in f"{r.licence} {r.normalized or ''}".casefold()
        and (not r.acceptable or not r.osi_approved or r.flags)
    ]
    if named_open:
        licence_names = list(dict.fromkeys(r.licence for r in named_open))
        title = _t("名称だけの「オープン」", "“Open” in name only")
        detail = _t(
            "名称に「Open」を含むが、OSI承認ではない、ポリシー上受け入れられない、"
            "又は制限があるライセンスがある：" + "、".join(licence_names) + "。",
            "Some licences are called open but are not OSI-approved, not accepted by the "
            "policy, or carry restrictions: " + ", ".join(licence_names) + ".",
        )
        items = [r.component for r in named_open]
        out.append(_warning("open_in_name_only", title, detail, items, "warn", names))
    unconfirmed = evaluation.unconfirmed_imports
    if unconfirmed:
        title = _t("未確認の取込み回答", "Imported answers not confirmed")
        detail = _t(
            f"取り込んだ回答 {len(unconfirmed)} 件が担当者により確認されていない。"
            "事業者の自己申告をそのまま判定に用いている。",
            f"{len(unconfirmed)} imported answers have not been confirmed by an officer: "
            "the vendor's claims are used as given.",
        )
        out.append(_warning("unconfirmed_vendor_claims", title, detail, unconfirmed, "warn", names))
    lacking = [
        r.question for r in rows if r.state == "answered" and r.evidence_required and not r.evidence
    ]
    if lacking:
        title = _t("根拠資料のない主張", "Claims without evidence")
        detail = _t(
            f"根拠資料が必要な回答 {len(lacking)} 件に根拠資料がない。",
            f"{len(lacking)} answers that need evidence have none.",
        )
        out.append(_warning("claims_without_evidence", title, detail, lacking, "warn", names))
    return tuple(out)


_SEVERITY_ORDER = {"gate": 0, "scored": 1, "info": 2}
_STATUS_ORDER = {"not_met": 0, "unknown": 1}


def _remediation(evaluation: Evaluation, findings: list[FindingRow]) -> tuple[RemediationRow, ...]:
    """What to fix, gates first, then by weight; each with its contract clause."""
    conditions = set(evaluation.policy.conditions)
    todo = [f for f in findings if f.status in _STATUS_ORDER and f.remediation is not None]
    todo.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], _STATUS_ORDER[f.status], -f.weight))
    return tuple(
        RemediationRow(
            priority=index,
            finding=f.number,
            criterion=f.criterion,
            title=f.title,
            severity_label=f.severity_label,
            status_label=f.status_label,
            tone=f.tone,
            condition=f.criterion in conditions,
            action=f.remediation,  # type: ignore[arg-type]  # filtered above
            clause=f.contract_clause,
        )
        for index, f in enumerate(todo, start=1)
    )


def _signoff(signoff: SignOff, required: Iterable[str]) -> SignOffSummary:
    """Each role's sign-off and the overall state."""
    required = set(required)
    rows = []
    for role in ROLES:
        entry = signoff.entry(role)
        label, tone = _DECISION[entry.decision if entry else None]
        rows.append(
            SignOffRow(
                role=role,
                role_label=_ROLE[role],
                required=role in required,
                entry=entry,
                decision_label=label,
                tone=tone,  # type: ignore[arg-type]
            )
        )
    if any(r.entry and r.entry.decision == "rejected" for r in rows):
        status = "rejected"
    elif all(r.entry for r in rows if r.required):
        status = "approved"
    else:
        status = "incomplete"
    label, tone = _SIGNOFF_STATUS[status]
    return SignOffSummary(
        status=status,  # type: ignore[arg-type]
        status_label=label,
        tone=tone,  # type: ignore[arg-type]
        rows=tuple(rows),
    )


def _summary(
    bundle: PolicyBundle,
    answers: AnswersFile,
    evaluation: Evaluation,
    totals: Totals,
    signoff: SignOffSummary,
) -> tuple[I18n, ...]:
    """The executive summary, paragraph by paragraph."""
    info = answers.assessment
    system = info.system
    policy = bundle.policy
    name = " ".join(x for x in (system.name, system.version) if x)
    who_ja = f"{info.agency}が" if info.agency else ""
    proc_ja = f"調達案件 {info.procurement_id} において、" if info.procurement_id else ""
    prov_ja = f"（提供者：{system.provider}）" if system.provider else ""
    who_en = info.agency or "The agency"
    proc_en = f" for procurement {info.procurement_id}" if info.procurement_id else ""
    prov_en = f" (provider: {system.provider})" if system.provider else ""
    out = [
        _t(
            f"本書は、{who_ja}{proc_ja}AIシステム「{name}」{prov_ja}を、オープンソースAIの定義 "
            f"OSAID 1.0 及び調達ポリシー「{policy.title.ja}」（版 {policy.version}）"
            "に照らして評価した結果である。",
            f"{who_en} assessed the AI system “{name}”{prov_en}{proc_en} against the Open Source "
            f"AI Definition (OSAID 1.0) and the policy “{policy.title.en}” "
            f"(version {policy.version}).",
        )
    ]
    osaid = evaluation.osaid
    verdict = _OSAID[osaid.verdict][0]
    pending = len(osaid.unknown_if_terms_changed)
    if osaid.would_pass_if_terms_changed and pending:
        extra = _t(
            "不適合の原因は提供条件のみであり、条件が改められ、"
            f"不明な {pending} 件が確認されれば適合する見込みである。",
            f" It would pass if the terms changed, once {pending} unknowns are confirmed.",
        )
    elif osaid.would_pass_if_terms_changed:
        extra = _t(
            "不適合の原因は提供条件のみであり、条件が改められれば適合する見込みである。",
            " It fails on its terms only and would likely pass if they were changed.",
        )
    else:
        extra = _t("", "")
    out.append(
        _t(
            f"OSAID 1.0 の判定は「{verdict.ja}」である。必須要件のうち"
            f"未充足 {len(osaid.failed)} 件、不明 {len(osaid.unknown)} 件。{extra.ja}",
            f"OSAID 1.0: {verdict.en}. Of its required criteria, {len(osaid.failed)} are not met "
            f"and {len(osaid.unknown)} unknown.{extra.en}",
        )
    )
    result = evaluation.policy
    p_verdict = policy_verdict_label(result)[0]
    out.append(
        _t(
            f"調達ポリシーの判定は「{p_verdict.ja}」である（評点 {totals.score_percent}、"
            f"必須要件の未充足 {len(result.gates_failed)} 件・不明 {len(result.gates_unknown)} 件、"
            f"完全適合のための条件 {len(result.conditions)} 件）。",
            f"Agency policy: {p_verdict.en} (score {totals.score_percent}; "
            f"{len(result.gates_failed)} gates failed, {len(result.gates_unknown)} unknown; "
            f"{len(result.conditions)} conditions for full compliance).",
        )
    )
    if result.excepted:
        waived = ", ".join(result.excepted)
        out.append(
            _t(
                f"記録された例外（理由及び承認者は回答のとおり）により、次の必須要件を満たさない"
                f"まま条件付き適合とした：{waived}。これらの要件は満たされていない。",
                f"A recorded exception (reason and approver as answered) makes the verdict "
                f"conditionally compliant although these gates are not met: {waived}.",
            )
        )
    mof = evaluation.mof_class.mof_class
    out.append(
        _t(
            f"公開度ラベルは「{evaluation.openness_label.title.ja}」、"
            f"Model Openness Framework のクラスは {'分類なし' if mof == 'unclassified' else mof}"
            "（参考）である。",
            f"Openness label: {evaluation.openness_label.title.en}. "
            "Model Openness Framework class: "
            f"{'unclassified' if mof == 'unclassified' else mof} (for information).",
        )
    )
    out.append(
        _t(
            f"質問 {totals.questions} 問のうち回答済み {totals.answered} 問、不明 "
            f"{totals.unknown_answers} 問、未回答 {totals.unanswered} 問、条件により対象外 "
            f"{totals.not_shown} 問。根拠資料 {totals.evidence_items} 件、"
            f"根拠資料が必要なのに無い回答 {totals.evidence_missing} 件、"
            f"未確認の取込み回答 {totals.unconfirmed_imports} 件。",
            f"Of {totals.questions} questions, {totals.answered} are answered, "
            f"{totals.unknown_answers} answered unknown, {totals.unanswered} unanswered and "
            f"{totals.not_shown} not asked. {totals.evidence_items} pieces of evidence are "
            "attached; "
            f"{totals.evidence_missing} answers lack required evidence; "
            f"{totals.unconfirmed_imports} imported answers are unconfirmed.",
        )
    )
    out.append(
        _t(f"承認状況：{signoff.status_label.ja}。", f"Sign-off: {signoff.status_label.en}.")
    )
    return tuple(out)
