"""Sign-off, the signed assessment record, and the Report every renderer lays out.

`Report` is computed once by `report.build_report`: ordering, labels in both languages, totals,
excerpts and warnings are all decided there, so the PDF and the workbook show the same facts.
`Record` is the canonical, complete, machine-readable record that is signed and embedded.
"""

from __future__ import annotations

import datetime
from typing import Any, Final, Literal

from pydantic import Field, field_validator, model_validator

from osai_procure.models.answers import Answer, AssessmentInfo, PolicyRef
from osai_procure.models.base import I18n, Strict
from osai_procure.models.evaluation import Evaluation
from osai_procure.models.policy import Role

ROLES: tuple[Role, ...] = ("preparer", "reviewer", "approver")
# Appended to a sign-off's comment in the signed record when the name was typed, not signed
# in (the record has no field of its own for it); Verify looks for it.
NOT_AUTHENTICATED = "［認証なし / not authenticated］"
RECORD_FORMAT: Final = "osai-procure/assessment-record/v1"
REPORT_FORMAT: Final = "osai-procure/report/v1"
SIGNATURE_FORMAT: Final = "osai-procure/signature/v1"
SIGNED_PAGES_FORMAT: Final = "osai-procure/signed-pages/v1"

Tone = Literal["pass", "warn", "fail", "info"]
Decision = Literal["approved", "rejected"]


# -- sign-off -----------------------------------------------------------------------------------


class SignOffEntry(Strict):
    """One person's sign-off: who, in which role, when, and what they decided."""

    role: Role
    name: str = Field(min_length=1)
    title: str = ""
    organisation: str = ""
    date: str = Field(description="ISO 8601 calendar date, YYYY-MM-DD")
    decision: Decision
    comment: str = ""

    @field_validator("date")
    @classmethod
    def _iso_date(cls, value: str) -> str:
        """Accept only an ISO 8601 calendar date."""
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date; write YYYY-MM-DD") from None
        return value


class SignOff(Strict):
    """The sign-off of an assessment: at most one entry per role.

    Also accepts the file form `{preparer: {...}, reviewer: {...}, approver: {...}}`.
    """

    entries: tuple[SignOffEntry, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _role_mapping(cls, data: Any) -> Any:
        """Turn `{role: {fields}}` into `{entries: [{role, fields}]}`; lists stand for tuples."""
        if isinstance(data, dict) and isinstance(data.get("entries"), list):
            return {**data, "entries": tuple(data["entries"])}
        if isinstance(data, dict) and "entries" not in data and set(data) <= set(ROLES):
            return {
                "entries": tuple(
                    {**data[role], "role": role} if isinstance(data[role], dict) else data[role]
                    for role in ROLES
                    if role in data and data[role] is not None
                )
            }
        return data

    @field_validator("entries")
    @classmethod
    def _one_per_role(cls, value: tuple[SignOffEntry, ...]) -> tuple[SignOffEntry, ...]:
        """Reject two entries for the same role."""
        roles = [entry.role for entry in value]
        for role in ROLES:
            if roles.count(role) > 1:
                raise ValueError(f"the role {role!r} signs off more than once")
        return tuple(sorted(value, key=lambda entry: ROLES.index(entry.role)))

    def entry(self, role: Role) -> SignOffEntry | None:
        """Return the entry of a role, or None."""
        return next((e for e in self.entries if e.role == role), None)


# -- the signed record --------------------------------------------------------------------------


class ToolInfo(Strict):
    """The tool that produced a record."""

    name: str
    version: str


class RecordVersions(Strict):
    """What a record was made with, beyond the policy and questionnaire digests: the engine's
    decision procedure, the licence catalogue (ids, aliases and flags; not its prose) and the
    wording its reports were rendered with."""

    engine: str
    licence_catalogue: str = Field(pattern=r"^[0-9a-f]{64}$")
    wording: str = Field(pattern=r"^[0-9a-f]{64}$")
    rendering: str = Field(description="the workbook layout edition (render.xlsx)")


class DigestRef(Strict):
    """A content file (policy or questionnaire) named by id and version, and its SHA-256."""

    id: str
    version: str
    digest: str = Field(pattern=r"^[0-9a-f]{64}$")


class Record(Strict):
    """The canonical, complete record of an assessment: what is signed and re-performed."""

    format: Literal["osai-procure/assessment-record/v1"]
    tool: ToolInfo
    versions: RecordVersions
    generated_at: str
    spdx_list_version: str
    assessment: AssessmentInfo
    prepared_for: PolicyRef | None = Field(description="the `policy:` the answers file names")
    policy: DigestRef = Field(description="the resolved policy evaluated, after `extends`")
    questionnaires: tuple[DigestRef, ...]
    answers: dict[str, Answer]
    evaluation: Evaluation
    signoff: SignOff


class SignatureEnvelope(Strict):
    """A detached signature over a record's canonical bytes, bound to one purpose (namespace).

    The signed bytes are a fixed prefix followed by the RFC 8785 form of every field but
    `signature`, so the namespace, the digest, the key and the PDF certificate are all signed.
    """

    format: Literal["osai-procure/signature/v1"]
    namespace: str
    algorithm: Literal["Ed25519"]
    canonicalization: Literal["RFC8785"]
    payload_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    public_key: str = Field(description="raw public key, base64")
    key_fingerprint: str = Field(description="'SHA256:' + hex SHA-256 of the raw public key")
    pdf_certificate_sha256: str | None = Field(
        default=None, description="SHA-256 of the DER certificate that signs the PDF (PAdES)"
    )
    signature: str = Field(description="base64")


class SignedPage(Strict):
    """One page of a signed PDF as its text extractor read it when it was signed."""

    text: str
    drawing_sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the page's drawing operations"
    )
    annotations: tuple[str, ...] = Field(description="each annotation: its kind and its text")


class SignedPages(Strict):
    """What each page of one signed PDF said, so a later change can be located to a page.

    It is attached to the PDF beside the record, signed by the record's key under its own
    namespace. It cannot live in the record: every page prints the record's digest, and one
    record is rendered in either language and again later, each PDF with pages of its own.
    """

    format: Literal["osai-procure/signed-pages/v1"]
    record_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    extractor: str = Field(description="the text extractor and its version, e.g. 'pypdf 7.1.1'")
    pages: tuple[SignedPage, ...]


class Seal(Strict):
    """What a report shows about its record: the digest and, when signed, the signature."""

    record_sha256: str
    envelope: SignatureEnvelope | None = None


# -- the report ---------------------------------------------------------------------------------


class Badge(Strict):
    """One verdict shown as a badge on the cover; verdicts stand side by side, never merged."""

    key: Literal["osaid", "policy", "label", "mof"]
    heading: I18n
    value: I18n
    tone: Tone
    mark: str = Field(description="a redundant shape for colour-blind readers: ○ △ × ？ －")
    detail: I18n


class Totals(Strict):
    """Counts an auditor checks first."""

    criteria: int
    met: int
    not_met: int
    unknown: int
    not_applicable: int
    gates_failed: int
    gates_unknown: int
    score_percent: str
    questions: int
    answered: int
    unknown_answers: int
    unanswered: int
    not_shown: int
    unconfirmed_imports: int
    evidence_items: int
    evidence_missing: int


class EvidenceRow(Strict):
    """One piece of evidence; `link` is set only for http(s) URLs, so only those are clickable."""

    url: str | None = None
    link: str | None = None
    sha256: str | None = None
    file: str | None = None
    note: str | None = None
    drill: I18n | None = Field(
        default=None, description="a cited preservation drill record, in one line per language"
    )


class DrillRow(Strict):
    """A preservation drill whose record is cited as evidence: when, who, what was checked,
    the result and the record's digest, with labels in both languages."""

    questions: tuple[str, ...] = Field(description="the questions citing the record")
    names: tuple[I18n, ...] = Field(
        default=(), description="the same, as an officer reads them: number and text, never ids"
    )
    performed_at: str
    performed_by: str
    target: str
    kind_label: I18n
    files_listed: int
    files_checked: int
    bytes_checked: int
    size: str = Field(description="bytes_checked in a readable unit")
    checked_label: I18n = Field(description="files checked of those listed, and the bytes read")
    missing: int
    extra: int
    changed: int
    unreadable: int
    problems_label: I18n = Field(description="the missing, extra, changed and unreadable counts")
    result_label: I18n
    tone: Tone
    record_sha256: str | None = Field(description="SHA-256 of the record file cited")
    key_fingerprint: str | None
    signed_label: I18n


class AnswerRow(Strict):
    """One question and its answer, for the appendix and the Answers sheet."""

    number: str
    question: str
    text: I18n
    kind: str
    state: Literal["answered", "unknown", "unanswered", "not_shown"]
    state_label: I18n
    value: I18n = Field(description="the full answer as displayed, labels translated")
    excerpt: I18n = Field(description="the answer cut for table cells")
    evidence: tuple[EvidenceRow, ...]
    evidence_required: bool
    note: str | None
    provenance: str | None
    provenance_label: I18n
    answered_by: str | None
    answered_at: str | None
    confirmed: bool
    unconfirmed_import: bool
    scan: tuple[I18n, ...] = Field(
        default=(),
        description="a licence or terms document scanned beside the answer: its digest, "
        "identity, notices and flagged clauses quoted with the officer's decisions",
    )


class AnswerSection(Strict):
    """A questionnaire section and its answer rows."""

    number: str
    questionnaire: str
    id: str
    title: I18n
    rows: tuple[AnswerRow, ...]


class FindingAnswer(Strict):
    """An answer a finding rests on, as the engine read it, with its evidence."""

    question: str
    ref: str = Field(description="the number of the answer row in the appendix")
    text: I18n
    excerpt: I18n
    evidence: tuple[EvidenceRow, ...]
    provenance_label: I18n
    unconfirmed_import: bool


class FindingRow(Strict):
    """The outcome of one criterion, ready to lay out."""

    number: str
    criterion: str
    title: I18n
    scope: str
    scope_label: I18n
    severity: str
    severity_label: I18n
    weight: float
    status: str
    status_label: I18n
    tone: Tone
    mark: str
    reasons: tuple[I18n, ...]
    answers: tuple[FindingAnswer, ...]
    licences: tuple[str, ...] = Field(description="licence strings the rule read (excerpts)")
    refs: tuple[I18n, ...] = Field(description="the sources the criterion cites, ready to show")
    agency_practice: bool = Field(
        default=False, description="the criterion cites the agency's own practice, not a standard"
    )
    remediation: I18n | None
    contract_clause: I18n | None


class FindingGroup(Strict):
    """Findings of one scope: the OSAID 1.0 criteria, then the agency policy's own."""

    scope: str
    title: I18n
    findings: tuple[FindingRow, ...]


class LicenceFlagRow(Strict):
    """A red flag of a component's licence, and why it is one."""

    flag: str
    title: I18n
    reason: I18n
    licence: str


class LicenceRow(Strict):
    """One component's licence: terms, OSI approval, acceptability and red flags."""

    component: str
    title: I18n
    content_type: str
    content_type_label: I18n
    released: str
    released_label: I18n
    licence: str = Field(description="the licence as written (excerpt)")
    normalized: str | None
    kind: str
    kind_label: I18n
    osi_approved: bool
    acceptable: bool
    verdict: I18n
    tone: Tone
    deprecated_ids: tuple[str, ...]
    flags: tuple[LicenceFlagRow, ...]
    messages: tuple[I18n, ...]


class LicenceGroup(Strict):
    """One licence and every component under it: its red flags said once, not per component."""

    licence: str = Field(description="the licence as first written (excerpt)")
    normalized: str | None
    summary: I18n = Field(description="'<licence>: N red flags, applies to M components'")
    flags: tuple[LicenceFlagRow, ...]
    components: tuple[I18n, ...]
    tone: Tone


class WarningRow(Strict):
    """An openwashing warning: a claim of openness the evidence does not carry."""

    id: str
    title: I18n
    detail: I18n
    items: tuple[str, ...] = Field(description="the components or questions concerned (ids)")
    names: tuple[I18n, ...] = Field(
        default=(), description="the same, as an officer reads them: titles, never ids"
    )
    tone: Tone


class ImportedConclusionRow(Strict):
    """A conclusion that rests on imported answers no officer has confirmed."""

    kind: str
    conclusion: str = Field(description="the criterion id, or the verdict, label or class")
    title: I18n = Field(description="what the conclusion is about")
    outcome: I18n = Field(description="the conclusion as drawn (status, verdict, label, class)")
    questions: tuple[str, ...] = Field(description="the unconfirmed imported answers it reads")
    names: tuple[I18n, ...] = Field(
        default=(), description="the same, as an officer reads them: number and text, never ids"
    )


class RemediationRow(Strict):
    """One thing to fix, most important first, with the contract clause that would fix it."""

    priority: int
    finding: str
    criterion: str
    title: I18n
    severity_label: I18n
    status_label: I18n
    tone: Tone
    condition: bool = Field(description="listed by the policy as a condition of compliance")
    action: I18n
    clause: I18n | None


class SignOffRow(Strict):
    """One role of the sign-off, signed or still missing."""

    role: Role
    role_label: I18n
    required: bool
    entry: SignOffEntry | None
    decision_label: I18n
    tone: Tone


class SignOffSummary(Strict):
    """The sign-off state of the report."""

    status: Literal["approved", "rejected", "incomplete"]
    status_label: I18n
    tone: Tone
    rows: tuple[SignOffRow, ...]


class PolicyInfo(Strict):
    """The policy evaluated: id, version and digest of its canonical form after `extends`."""

    id: str
    version: str
    digest: str
    title: I18n
    lineage: tuple[str, ...]


class QuestionnaireInfo(Strict):
    """A questionnaire the policy uses, with the digest of its canonical form."""

    id: str
    version: str
    title: I18n
    digest: str


class Report(Strict):
    """Everything a renderer lays out, computed once; renderers compute nothing."""

    format: Literal["osai-procure/report/v1"]
    generated_at: str
    tool_version: str
    spdx_list_version: str
    title: I18n
    subject: I18n
    author: str = Field(description="document metadata: the preparer, else the agency")
    assessment: AssessmentInfo
    policy: PolicyInfo
    questionnaires: tuple[QuestionnaireInfo, ...]
    badges: tuple[Badge, ...]
    disclaimer: I18n
    summary: tuple[I18n, ...]
    totals: Totals
    finding_groups: tuple[FindingGroup, ...]
    licences: tuple[LicenceRow, ...]
    licence_groups: tuple[LicenceGroup, ...] = Field(
        default=(), description="the licences rows grouped by licence, most red flags first"
    )
    warnings: tuple[WarningRow, ...]
    resting_on_imports: tuple[ImportedConclusionRow, ...] = Field(
        default=(),
        description="apart from the findings: every conclusion resting on unconfirmed imports",
    )
    remediation: tuple[RemediationRow, ...]
    signoff: SignOffSummary
    sections: tuple[AnswerSection, ...]
    drills: tuple[DrillRow, ...] = Field(
        default=(), description="the preservation drills whose records are cited as evidence"
    )
    seal: Seal | None = None
