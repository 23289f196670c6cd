"""Answers files: the assessment's metadata and an answer per question, with evidence."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import ConfigDict, Field, ValidationError, field_validator, model_validator

from osai_procure.models.base import Strict
from osai_procure.models.licence import FlagId
from osai_procure.models.scan import ScanEvidence

Provenance = Literal["declared", "verified", "imported"]
ReleaseStatus = Literal["yes", "no", "unknown", "not_applicable"]
RELEASE_STATUSES: tuple[ReleaseStatus, ...] = ("yes", "no", "unknown", "not_applicable")
# Terms that are not a component's licence text but restrict the system all the same.
OtherTerm = Literal["acceptable_use_policy", "click_through", "gated_access"]
# What an answer can rest on when it follows from terms alone: a licence red flag or other terms.
TermsBasis = FlagId | OtherTerm
OTHER_TERMS: tuple[OtherTerm, ...] = ("acceptable_use_policy", "click_through", "gated_access")


# The largest integer a signed record's canonical JSON (RFC 8785) carries exactly.
_SAFE_INT = 2**53 - 1


class DrillSummary(Strict):
    """What a preservation drill record says (`osai_procure.deposit.drill_record`), kept with
    the evidence that cites the record so the report can show it: when, who, what was checked
    and the result. The record file, whose SHA-256 the evidence holds, is the proof."""

    performed_at: str = Field(description="when the drill ran (ISO 8601, UTC)")
    performed_by: str
    target: str = Field(description="the deposit checked: its path, or the upload and digest")
    deposit_kind: Literal["bagit", "sha256-manifest"]
    files_listed: int = Field(ge=0, le=_SAFE_INT)
    files_checked: int = Field(ge=0, le=_SAFE_INT)
    bytes_checked: int = Field(ge=0, le=_SAFE_INT)
    missing: int = Field(ge=0, le=_SAFE_INT)
    extra: int = Field(ge=0, le=_SAFE_INT)
    changed: int = Field(ge=0, le=_SAFE_INT)
    unreadable: int = Field(ge=0, le=_SAFE_INT)
    result: Literal["passed", "failed"]
    key_fingerprint: str | None = Field(
        default=None, description="the key that signed the record ('SHA256:…'); None: unsigned"
    )


class Evidence(Strict):
    """A piece of evidence: a link, a file digest, a note; a preservation drill record cited
    as evidence carries what it says (`drill`)."""

    url: str | None = None
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    file: str | None = Field(default=None, description="name of a stored attachment")
    note: str | None = None
    retrieved_at: str | None = Field(
        default=None, description="when the linked document was fetched (ISO 8601), if it was"
    )
    drill: DrillSummary | None = Field(
        default=None, description="the preservation drill the cited file records, if it is one"
    )


class ComponentValue(Strict):
    """The answer to a component question: is it released, where, under which licence, and the
    licence document as scanned. The one typed form every reader uses, from the widget to the
    report; `to_answer` gives the stored form.

    The licence is written under the key `license` (answers files, the store and signed
    records have always used it, and a signed record cannot be renamed); the field is `licence`.
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=True, validate_by_alias=True, serialize_by_alias=True
    )

    released: ReleaseStatus
    location: tuple[str, ...] = ()
    licence: str | None = Field(default=None, alias="license")
    scan: ScanEvidence | None = Field(
        default=None, description="the licence document as scanned, with the officer's review"
    )

    @field_validator("location", mode="before")
    @classmethod
    def _one_url(cls, value: Any) -> Any:
        """Accept a single URL as a one-item list."""
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list):
            return tuple(value)
        return value

    @classmethod
    def read(cls, value: Any) -> ComponentValue | None:
        """Read a stored component answer leniently (loading has already reported what is
        malformed): a bare release status, an unknown status read as `unknown`, a blank licence
        as none, a malformed scan as none. None when the value is no component answer."""
        if isinstance(value, str) and value in RELEASE_STATUSES:
            return cls(released=value)
        if not isinstance(value, Mapping):
            return None
        released = value.get("released")
        location = value.get("location") or ()
        locations = (location,) if isinstance(location, str) else tuple(location)
        licence = value.get("license")
        return cls.model_validate(
            {
                "released": released if released in RELEASE_STATUSES else "unknown",
                "location": tuple(str(x) for x in locations),
                "license": licence if isinstance(licence, str) and licence.strip() else None,
                "scan": _scan(value.get("scan")),
            }
        )

    @property
    def states_terms(self) -> bool:
        """Whether the answer says anything about the terms: a licence string or a scan."""
        return self.licence is not None or self.scan is not None

    def to_answer(self) -> dict[str, Any]:
        """The stored form: `released`, then `location`, `license` and `scan` when given."""
        data: dict[str, Any] = {"released": self.released}
        if self.location:
            data["location"] = list(self.location)
        if self.licence:
            data["license"] = self.licence
        if self.scan is not None:
            data["scan"] = self.scan.model_dump(mode="json")
        return data


def _scan(value: Any) -> ScanEvidence | None:
    """Scan evidence from its stored form; None when absent or malformed."""
    if isinstance(value, ScanEvidence) or value is None:
        return value
    try:
        return ScanEvidence.model_validate_json(json.dumps(value))
    except (ValidationError, TypeError, ValueError):
        return None


class AnswerSource(Strict):
    """Where an imported answer was read: the record and the fields of it that say so."""

    record: str = Field(description="the file or record the answer was imported from")
    fields: tuple[str, ...] = Field(
        default=(), description="key paths (or cells) in the record that the answer rests on"
    )

    @field_validator("fields", mode="before")
    @classmethod
    def _list(cls, value: Any) -> Any:
        """Let a YAML/JSON list stand for the tuple."""
        return tuple(value) if isinstance(value, list) else value


class Answer(Strict):
    """One answer in long form; the short form `question: value` is expanded to this."""

    value: Any
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None
    provenance: Provenance = "declared"
    answered_by: str | None = None
    answered_at: str | None = None
    confirmed: bool = Field(default=False, description="an officer confirmed an imported answer")
    source: AnswerSource | None = Field(
        default=None, description="for an imported answer: the record and fields it came from"
    )
    scan: ScanEvidence | None = Field(
        default=None,
        description=(
            "for a question that is not a component: the licence or terms document scanned "
            "beside it, with the officer's review (a component keeps its scan in its value)"
        ),
    )
    terms: tuple[TermsBasis, ...] = Field(
        default=(),
        description=(
            "the terms this answer follows from (licence red flags, an acceptable-use policy, "
            "a click-through or gated access): set when only terms make the answer what it is, "
            "so the terms counterfactual can set them aside"
        ),
    )

    @field_validator("scan", mode="before")
    @classmethod
    def _scan_from_data(cls, value: Any) -> Any:
        """Read a scan given as plain data in JSON mode, so its lists stand for tuples."""
        if isinstance(value, dict):
            return ScanEvidence.model_validate_json(json.dumps(value))
        return value

    @model_validator(mode="before")
    @classmethod
    def _lists_to_tuples(cls, data: Any) -> Any:
        """Let YAML/JSON lists stand for the tuple fields."""
        if isinstance(data, dict):
            for key in ("evidence", "terms"):
                if isinstance(data.get(key), list):
                    data = {**data, key: tuple(data[key])}
        return data


class SystemInfo(Strict):
    """The AI system being assessed."""

    name: str
    version: str | None = None
    provider: str | None = None


class AssessmentInfo(Strict):
    """What is being assessed, for which procurement."""

    title: str
    procurement_id: str | None = None
    agency: str | None = None
    system: SystemInfo


class PolicyRef(Strict):
    """The policy an answers file was prepared against."""

    id: str
    version: str | None = None


class AnswersFile(Strict):
    """An answers file (YAML or JSON)."""

    schema_version: Literal[1]
    assessment: AssessmentInfo
    policy: PolicyRef | None = None
    answers: dict[str, Answer] = Field(default_factory=dict)

    @field_validator("answers", mode="before")
    @classmethod
    def _expand_short_form(cls, value: Any) -> Any:
        """Expand `question: value` to `{value: ...}`; a mapping with `value` is the long form."""
        if not isinstance(value, dict):
            return value
        return {
            key: (
                item
                if isinstance(item, Answer) or (isinstance(item, dict) and "value" in item)
                else {"value": item}
            )
            for key, item in value.items()
        }
