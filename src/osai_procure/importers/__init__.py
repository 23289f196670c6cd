"""Evidence importers: turn machine-readable records into imported, unconfirmed answers.

Each format has one importer, `(raw bytes, file name, policy bundle or None) -> ImportResult`,
registered in `importers()` under the name the CLI and the app use (`FORMATS`). An importer
either returns a complete result (answers plus notes that say what was normalised, inferred or
left unknown) or raises `ContentError` naming the file and the place: never a partial import.

Every imported answer has `provenance: imported` and `confirmed: false`, so the engine lists it
in `Evaluation.unconfirmed_imports` until an officer confirms it. This module also holds what
the importers share: reading a source with a size cap, a JSON loader with line numbers, licence
normalisation, the answer builder and the OSAID inferences drawn from a complete record.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from osai_procure.errors import ContentError, Problem, coded_problem
from osai_procure.importers.notes import Note, evidence_note_ja, label_ja, note, text
from osai_procure.licences import (
    Catalogue,
    analyse_licence,
    default_accepted_terms,
    is_acceptable,
)
from osai_procure.loading import (
    PolicyBundle,
    did_you_mean,
    quoted,
    suggested,
    value_problems,
)
from osai_procure.models.answers import Answer, AnswersFile, AssessmentInfo, ComponentValue
from osai_procure.models.base import ContentType, Lang
from osai_procure.models.licence import AcceptedTerms, LicenceFacts
from osai_procure.yamlsafe import Loaded, Loc, reading_problem, too_large, unreadable

__all__ = [
    "FORMATS",
    "ImportNote",
    "ImportResult",
    "Importer",
    "detect_format",
    "import_file",
    "importers",
    "merge_answers",
]

FORMATS: tuple[str, ...] = ("mot", "hf", "spdx", "cyclonedx", "xlsx", "osai-index")

# Size caps per format, checked before a byte is parsed. Real MOT files and model-card front
# matter are a few kilobytes; BOMs can list thousands of components; workbooks are zips whose
# inflated size is checked separately (see importers.xlsx).
MAX_SOURCE_BYTES: dict[str, int] = {
    "mot": 512 * 1024,
    "hf": 2 * 1024 * 1024,
    "spdx": 16 * 1024 * 1024,
    "cyclonedx": 16 * 1024 * 1024,
    "xlsx": 5 * 1024 * 1024,
    "osai-index": 512 * 1024,
}

NoteLevel = Literal["info", "warning"]

# The component questions of questionnaire osaid_1_0 (docs/content-ids.md) and their content type.
COMPONENT_TYPES: dict[str, ContentType] = {
    "model_architecture": "code",
    "code_data_preprocessing": "code",
    "code_training": "code",
    "code_validation_testing": "code",
    "code_evaluation": "code",
    "code_benchmark_inference": "code",
    "code_supporting_libraries": "code",
    "code_hyperparameter_search": "code",
    "code_inference": "code",
    "model_parameters_final": "parameters",
    "model_parameters_intermediate": "parameters",
    "optimizer_state": "parameters",
    "datasets": "data",
    "data_card": "documentation",
    "technical_report": "documentation",
    "research_paper": "documentation",
    "evaluation_data": "data",
    "evaluation_results": "data",
    "model_card": "documentation",
    "sample_outputs": "data",
    "model_metadata": "documentation",
    "system_application_code": "code",
    "system_retrieval": "code",
    "system_guardrails": "parameters",
    "system_prompts": "code",
}

NEEDS_CONFIRMATION = "Needs confirmation by an officer."


@dataclass(frozen=True)
class ImportNote:
    """Something the officer should know about an import: a normalisation, an inference, a gap."""

    message: str
    level: NoteLevel = "info"
    question: str | None = None
    note: Note | None = None
    questions: tuple[str, ...] = ()

    def __str__(self) -> str:
        """Render as `level: question: message`."""
        where = f"{self.question}: " if self.question else ""
        return f"{self.level}: {where}{self.message}"

    def text(self, lang: Lang, title: Callable[[str], str] | None = None) -> str:
        """The note in `lang`, its question by title (`title`) where one is given."""
        name = title or (lambda q: q)
        if self.note is None:
            where = f"{name(self.question)}: " if self.question else ""
            return f"{where}{self.message}"
        body = self.note.render(lang, title)
        if self.question:
            return f"{name(self.question)}: {body}"
        if self.questions:
            names = [name(q) for q in self.questions]
            return (
                f"{body} ({', '.join(names)})" if lang == "en" else f"{body}（{'、'.join(names)}）"
            )
        return body

    def to_data(self) -> dict[str, Any]:
        """The note as JSON data to keep with the assessment: its codes (put into words when
        shown, in the reader's language) and the English words as written today."""
        data: dict[str, Any] = {"level": self.level, "message": self.message}
        if self.question:
            data["question"] = self.question
        if self.questions:
            data["questions"] = list(self.questions)
        if self.note is not None:
            data["note"] = self.note.to_data()
        return data

    @classmethod
    def from_data(cls, data: Any) -> ImportNote | None:
        """A note kept by `to_data`; None when the data is not one. A code this release no
        longer knows shows the English words kept beside it."""
        if not isinstance(data, dict) or not isinstance(data.get("message"), str):
            return None
        level = data.get("level")
        question = data.get("question")
        questions = data.get("questions", [])
        if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
            questions = []
        return cls(
            data["message"],
            level if level in ("info", "warning") else "info",
            question if isinstance(question, str) else None,
            Note.from_data(data.get("note")),
            tuple(questions),
        )


@dataclass(frozen=True)
class ImportResult:
    """A complete import: the answers file and what the officer should know about it."""

    format: str
    source: str
    answers: AnswersFile
    notes: tuple[ImportNote, ...] = ()
    # What each imported answer's note and (for text written by the importer) value say, as
    # codes: `in_language` writes them in the assessment's language.
    details: dict[str, Note] = field(default_factory=dict)
    values: dict[str, Note] = field(default_factory=dict)
    label: str = ""

    def in_language(self, lang: Lang, title: Callable[[str], str] | None = None) -> ImportResult:
        """The same import with its answers' notes (and importer-written values) in `lang`.

        English is what the importers store already; an answer without a coded note is kept.
        """
        if lang == "en":
            return self
        answers = dict(self.answers.answers)
        for qid, detail in self.details.items():
            answer = answers.get(qid)
            if answer is None:
                continue
            update: dict[str, Any] = {
                "note": answer_note(self.label, self.source, detail, lang),
                "evidence": tuple(
                    e.model_copy(update={"note": evidence_note_ja(e.note)}) if e.note else e
                    for e in answer.evidence
                ),
            }
            value = self.values.get(qid)
            if value is not None:
                update["value"] = value.render(lang, title)
            answers[qid] = answer.model_copy(update=update)
        model = self.answers.model_copy(update={"answers": answers})
        # The title the import gave (the officer gave none) is worded in `lang` as well.
        info = model.assessment
        given = note("import.title", name=info.system.name, source=self.source)
        if info.title == given.render("en"):
            retitled = info.model_copy(update={"title": given.render(lang)})
            model = model.model_copy(update={"assessment": retitled})
        return ImportResult(
            self.format, self.source, model, self.notes, self.details, self.values, self.label
        )

    @property
    def warnings(self) -> tuple[ImportNote, ...]:
        """The notes of level `warning`."""
        return tuple(n for n in self.notes if n.level == "warning")

    @property
    def imported_questions(self) -> tuple[str, ...]:
        """The questions answered by unconfirmed imported answers, in order."""
        return tuple(
            qid
            for qid, answer in self.answers.answers.items()
            if answer.provenance == "imported" and not answer.confirmed
        )


Importer = Callable[[bytes, str, PolicyBundle | None], ImportResult]


def importers() -> dict[str, Importer]:
    """Return the registry: format name -> importer function."""
    # Imported here, not at module level: the format modules import this package's helpers.
    from osai_procure.importers import cyclonedx, hf, mot, osai_index, spdx3, xlsx

    return {
        "mot": mot.import_mot,
        "hf": hf.import_model_card,
        "spdx": spdx3.import_spdx3,
        "cyclonedx": cyclonedx.import_cyclonedx,
        "xlsx": xlsx.import_vendor_workbook_for,
        "osai-index": osai_index.import_osai_index,
    }


def import_file(
    fmt: str,
    source: Path | bytes,
    name: str | None = None,
    bundle: PolicyBundle | None = None,
) -> ImportResult:
    """Import a file (a path, or the bytes of an upload called `name`) in format `fmt`.

    Raises:
        ContentError: unknown format, unreadable or too large file, or any problem in it.
    """
    registry = importers()
    label = name or (str(source) if isinstance(source, Path) else "<upload>")
    if fmt not in registry:
        code, params = suggested(
            "import.unknown_format", fmt, registry, value=fmt, options=quoted(FORMATS)
        )
        raise ContentError(
            [
                coded_problem(
                    label,
                    f"unknown import format {fmt!r}{did_you_mean(fmt, registry)}; "
                    f"formats: {', '.join(FORMATS)}",
                    None,
                    "",
                    code=code,
                    **params,
                )
            ]
        )
    raw, label = read_source(source, name, MAX_SOURCE_BYTES[fmt])
    return registry[fmt](raw, label, bundle)


_SNIFF_BYTES = 64 * 1024
_TOP_KEY = r"^{key}:[ \t]*(#.*)?$"


def detect_format(raw: bytes, name: str = "") -> str | None:
    """The import format a file is written in, read from its first bytes (and its name only to
    tell a model card): a workbook, a CycloneDX or SPDX JSON document, a Model Openness Tool or
    Open Source AI Index YAML file, a model card with front matter; None when it is none of
    these clearly, so the officer names the format."""
    head = raw[:_SNIFF_BYTES]
    if head.startswith(b"PK\x03\x04"):
        return "xlsx" if name.lower().endswith((".xlsx", ".xlsm")) or not name else None
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    if text.lstrip().startswith("{"):
        if '"bomFormat"' in text and "CycloneDX" in text:
            return "cyclonedx"
        if ('"@context"' in text and "spdx" in text.lower()) or '"spdxVersion"' in text:
            return "spdx"
        return None
    keys = {
        key
        for key in ("framework", "release", "system")
        if re.search(_TOP_KEY.format(key=key), text, re.MULTILINE)
    }
    if keys == {"framework", "release"} or keys == {"release"}:
        return "mot"
    if keys == {"system"}:
        return "osai-index"
    if name.lower().endswith(".md") or (text.startswith("---") and not keys):
        return "hf"  # a model card (README.md), with or without its front matter
    return None


def read_source(source: Path | bytes, name: str | None, max_bytes: int) -> tuple[bytes, str]:
    """Return the bytes of a path or upload and its display name, refusing oversize input early.

    Raises:
        ContentError: the file cannot be read or is larger than `max_bytes`.
    """
    if isinstance(source, bytes):
        label = name or "<upload>"
        size = len(source)
        raw: bytes | None = source
    else:
        label = name or str(source)
        try:
            size = source.stat().st_size
        except OSError as exc:
            raise ContentError([unreadable(label, exc)]) from None
        raw = None
    if size > max_bytes:
        raise ContentError([too_large(label, size, max_bytes)])
    if raw is None:
        assert isinstance(source, Path)
        try:
            raw = source.read_bytes()
        except OSError as exc:
            raise ContentError([unreadable(label, exc)]) from None
        if len(raw) > max_bytes:  # the file grew between stat and read
            raise ContentError([too_large(label, len(raw), max_bytes)])
    if not raw.strip():
        raise ContentError([reading_problem(label, "the file is empty", code="read.empty")])
    return raw, label


# -- locations and text ---------------------------------------------------------------------


def dotted(data: Any, loc: Loc) -> str:
    """Render a location as a key path, naming list items by their name or id where they have
    one (`release.components[Model card].license`)."""
    out = ""
    node = data
    for part in loc:
        child: Any = None
        if isinstance(part, int):
            label: str = str(part)
            if isinstance(node, list) and 0 <= part < len(node):
                child = node[part]
                if isinstance(child, dict):
                    for key in ("name", "bom-ref", "spdxId", "id"):
                        value = child.get(key)
                        if isinstance(value, str) and value.strip() and len(value) <= 80:
                            label = value.strip()
                            break
            out += f"[{label}]"
        else:
            if isinstance(node, dict):
                child = node.get(part)
            out += f".{part}" if out else str(part)
        node = child
    return out


def problem_at(loaded: Loaded, loc: Loc, message: str, *, code: str, **params: object) -> Problem:
    """A problem located by line (where known) and key path in a loaded document, with the code
    and parameters that word it in Japanese (`wording.PROBLEMS`)."""
    line = loaded.line_of(loc)
    return coded_problem(loaded.file, message, line, dotted(loaded.data, loc), code=code, **params)


# What the importers' located problems say a value must be (`PROBLEMS["must_be"]`).
MUST_BE_TEXT = "文字列"
MUST_BE_MAPPING = "「キー: 値」の対応付け"
MUST_BE_LIST = "リスト"
MUST_BE_OBJECT = "JSON のオブジェクト"
MUST_BE_URLS = "URL 又は URL のリスト"


_KINDS: dict[str, tuple[str, str]] = {
    "boolean": ("真偽値（{value}）", "a boolean ({value})"),
    "number": ("数値（{value}）", "a number ({value})"),
    "list": ("リスト", "a list"),
    "mapping": ("対応付け", "a mapping"),
    "text": ("文字列", "text"),
}


def kind_of(value: object, lang: Lang = "ja") -> str:
    """What a value read from a file is, for a message (in Japanese, `PROBLEMS["expected"]`'s
    `found`; in English, the importer's own message)."""
    shown = ""
    if isinstance(value, bool):
        kind, shown = "boolean", str(value).lower()
    elif isinstance(value, int | float):
        kind, shown = "number", str(value)
    elif isinstance(value, list):
        kind = "list"
    elif isinstance(value, dict):
        kind = "mapping"
    else:
        kind = "text"
    ja, en = _KINDS[kind]
    return (ja if lang == "ja" else en).format(value=shown)


def check_text(loaded: Loaded) -> Loaded:
    """Join UTF-16 surrogate pairs that YAML escapes leave split, and refuse lone surrogates
    (they cannot be written out as UTF-8 and would fail later, far from the cause).

    Raises:
        ContentError: a string holds an unpaired surrogate escape.
    """
    problems: list[Problem] = []

    def fix(value: Any, loc: Loc) -> Any:
        """Return `value` with every string repaired, recording lone surrogates."""
        if isinstance(value, str):
            return _fix_string(value, loc)
        if isinstance(value, list):
            return [fix(item, (*loc, i)) for i, item in enumerate(value)]
        if isinstance(value, dict):
            return {
                (_fix_string(k, loc) if isinstance(k, str) else k): fix(v, (*loc, k))
                for k, v in value.items()
            }
        return value

    def _fix_string(text: str, loc: Loc) -> str:
        """Join surrogate pairs; record a problem for a lone one."""
        try:
            text.encode("utf-8")
            return text
        except UnicodeEncodeError:
            pass
        try:
            return text.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            problems.append(
                problem_at(
                    loaded,
                    loc,
                    "a text holds an unpaired \\u surrogate escape; fix the escape",
                    code="read.surrogate",
                )
            )
            return text

    data = fix(loaded.data, ())
    if problems:
        raise ContentError(problems[:20])
    return Loaded(loaded.file, data, loaded.lines, loaded.text)


# -- licences -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LicenceReading:
    """A licence string as written, the value to record, and what analysis found."""

    original: str
    value: str | None
    facts: LicenceFacts | None

    @property
    def known(self) -> bool:
        """Whether the licence is a recognised SPDX expression or catalogued licence."""
        return self.facts is not None and self.facts.kind in ("spdx", "catalogued")


# -- building answers -----------------------------------------------------------------------


@dataclass
class AnswerBuilder:
    """Collects imported answers and notes, then validates them into an `ImportResult`."""

    fmt: str
    file: str
    bundle: PolicyBundle | None
    source_label: str
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[ImportNote] = field(default_factory=list)

    @property
    def catalogue(self) -> Catalogue:
        """The licence catalogue: the policy's (with its additions) or the default."""
        return self.bundle.catalogue if self.bundle is not None else Catalogue.default()

    @property
    def accepted_terms(self) -> dict[ContentType, AcceptedTerms]:
        """The accepted terms per content type: the policy's, or the shipped defaults."""
        if self.bundle is not None:
            return dict(self.bundle.policy.accepted_terms)
        return dict(default_accepted_terms())

    details: dict[str, Note] = field(default_factory=dict)
    values: dict[str, Note] = field(default_factory=dict)

    def info(self, message: str | Note, question: str | None = None) -> None:
        """Record an informational note."""
        self.notes.append(_import_note(message, "info", question))

    def warn(self, message: str | Note, question: str | None = None) -> None:
        """Record a warning."""
        self.notes.append(_import_note(message, "warning", question))

    def licence(self, raw: str, question: str | None = None) -> LicenceReading:
        """Normalise a licence string, keeping the original and noting what changed."""
        text = " ".join(raw.split())
        if not text:
            return LicenceReading(raw, None, None)
        facts = analyse_licence(text, self.catalogue)
        if facts.kind in ("spdx", "catalogued") and facts.normalized:
            if facts.normalized != raw:
                self.info(
                    note("licence.normalised", raw=raw, normalized=facts.normalized), question
                )
            return LicenceReading(raw, facts.normalized, facts)
        if facts.kind == "unrecognised":
            self.warn(note("licence.unrecognised", raw=raw), question)
        elif facts.kind in ("unlicensed", "undisclosed", "proprietary"):
            self.info(note("licence.kind", raw=raw, kind=facts.kind), question)
        return LicenceReading(raw, text, facts)

    def acceptable(self, reading: LicenceReading | None, content_type: ContentType) -> bool:
        """Whether a licence is one the policy (or the defaults) accept for a content type."""
        if reading is None or reading.facts is None or not reading.known:
            return False
        terms = self.accepted_terms.get(content_type)
        return terms is not None and is_acceptable(reading.facts, terms)

    def component(
        self,
        question: str,
        released: str,
        *,
        location: Sequence[str] = (),
        licence: LicenceReading | None = None,
        evidence: Sequence[dict[str, str]] = (),
        note: str | Note,
        fields: Sequence[str] = (),
    ) -> None:
        """Record a component answer (released, location, licence) with its evidence and the
        record fields it was read from."""
        value = ComponentValue.read(
            {
                "released": released,
                "location": list(dict.fromkeys(location)),
                "license": licence.value if licence is not None else None,
            }
        )
        assert value is not None  # a mapping always reads as a component answer
        self.answer(question, value.to_answer(), note=note, evidence=evidence, fields=fields)

    def answer(
        self,
        question: str,
        value: Any,
        *,
        note: str | Note,
        evidence: Sequence[dict[str, str]] = (),
        fields: Sequence[str] = (),
        terms: Sequence[str] = (),
        value_note: Note | None = None,
    ) -> None:
        """Record an imported, unconfirmed answer; the note ends by asking for confirmation.

        `fields` name the places in the record the answer rests on; `terms` the terms it follows
        from when only terms make it what it is (see `Answer.terms`).
        """
        detail = text(note) if isinstance(note, str) else note
        self.details[question] = detail
        if value_note is not None:
            self.values[question] = value_note
        else:
            self.values.pop(question, None)
        entry: dict[str, Any] = {
            "value": value,
            "evidence": [dict(e) for e in evidence],
            "note": answer_note(self.source_label, self.file, detail, "en"),
            "provenance": "imported",
            "confirmed": False,
            "source": {"record": self.file, "fields": list(dict.fromkeys(fields))},
        }
        if terms:
            entry["terms"] = list(dict.fromkeys(terms))
        self.answers[question] = entry

    def fields_of(self, question: str) -> tuple[str, ...]:
        """The record fields a recorded answer rests on (empty when none is recorded)."""
        entry = self.answers.get(question)
        if entry is None:
            return ()
        return tuple(entry["source"]["fields"])

    def has(self, question: str) -> bool:
        """Whether an answer to `question` has been recorded."""
        return question in self.answers

    def value_of(self, question: str) -> Any:
        """The recorded value of a question, or None."""
        entry = self.answers.get(question)
        return None if entry is None else entry["value"]

    def finish(self, assessment: AssessmentInfo) -> ImportResult:
        """Validate everything recorded and return the result.

        Raises:
            ContentError: an answer does not fit its question (a defect: reported, not hidden).
        """
        answers = dict(self.answers)
        problems: list[Problem] = []
        if self.bundle is not None:
            for qid in list(answers):
                question = self.bundle.questions.get(qid)
                if question is None:
                    self.warn(note("question.not_in_policy", q=qid, policy=self.bundle.policy.id))
                    del answers[qid]
                    continue
                for sub, (message, code, params) in value_problems(question, answers[qid]["value"]):
                    path = ".".join(("answers", qid, *sub))
                    problems.append(
                        coded_problem(self.file, message, None, path, code=code, **params)
                    )
        if problems:
            raise ContentError(problems)
        document: dict[str, Any] = {
            "schema_version": 1,
            "assessment": assessment.model_dump(mode="json", exclude_none=True),
            "answers": answers,
        }
        if self.bundle is not None:
            document["policy"] = {
                "id": self.bundle.policy.id,
                "version": self.bundle.policy.version,
            }
        try:
            model = AnswersFile.model_validate_json(json.dumps(document, ensure_ascii=False))
        except ValidationError as exc:  # pragma: no cover - importers build valid documents
            raise ContentError(
                [
                    coded_problem(
                        self.file,
                        str(err["msg"]),
                        None,
                        ".".join(map(str, err["loc"])),
                        code="invalid",
                    )
                    for err in exc.errors(include_url=False)
                ]
            ) from None
        return ImportResult(
            self.fmt,
            self.file,
            model,
            _grouped(self.notes),
            {q: d for q, d in self.details.items() if q in answers},
            {q: v for q, v in self.values.items() if q in answers},
            self.source_label,
        )


def title_of(bundle: PolicyBundle | None, lang: Lang) -> Callable[[str], str]:
    """A question id as the officer reads it: its text in `lang` (the id when unknown)."""
    questions = bundle.questions if bundle is not None else {}

    def title(qid: str) -> str:
        question = questions.get(qid)
        if question is None:
            return qid
        if lang == "en":
            return "“" + question.text.get(lang).split("? ")[0].rstrip("?") + "?”"
        return "「" + question.text.get(lang).split("。")[0] + "」"

    return title


def answer_note(label: str, file: str, detail: Note, lang: Lang) -> str:
    """The note of an imported answer: where it came from, what was read, a request to confirm.

    English keeps the words every stored assessment and golden case holds.
    """
    if lang == "en":
        body = note("frame", label=label, file=file, detail=detail.render("en")).render("en")
        if not body.endswith("."):
            body += "."
        return f"{body} {NEEDS_CONFIRMATION}"
    said = detail.render(lang).rstrip("。")
    return f"{label_ja(label)}「{file}」から取り込みました。{said}。担当者の確認が必要です。"


def _import_note(message: str | Note, level: NoteLevel, question: str | None) -> ImportNote:
    """An import note from English text or a coded note."""
    if isinstance(message, str):
        return ImportNote(message, level, question)
    return ImportNote(message.message, level, question, message)


def _grouped(notes: list[ImportNote]) -> tuple[ImportNote, ...]:
    """Merge notes that say the same thing about several questions into one, in order."""
    questions: dict[tuple[str, NoteLevel], list[str]] = {}
    order: list[tuple[str, NoteLevel]] = []
    plain: dict[tuple[str, NoteLevel], ImportNote] = {}
    coded: dict[tuple[str, NoteLevel], Note | None] = {}
    for item in notes:
        key = (item.message, item.level)
        if key not in questions:
            questions[key] = []
            order.append(key)
            coded[key] = item.note
        if item.question is None:
            plain[key] = item
        elif item.question not in questions[key]:
            questions[key].append(item.question)
    out = []
    for key in order:
        names = questions[key]
        if key in plain or len(names) != 1:
            suffix = f" ({', '.join(names)})" if names else ""
            out.append(ImportNote(key[0] + suffix, key[1], None, coded[key], tuple(names)))
        else:
            out.append(ImportNote(key[0], key[1], names[0], coded[key]))
    return tuple(out)


def conjunction(texts: Sequence[str]) -> str:
    """Join licence expressions that all apply with AND, parenthesising compound ones."""
    if len(texts) == 1:
        return texts[0]
    return " AND ".join(f"({t})" if " " in t.strip() else t for t in texts)


def evidence(url: str | None = None, note: str | None = None) -> dict[str, str]:
    """An evidence entry as plain data (url and/or note)."""
    out: dict[str, str] = {}
    if url:
        out["url"] = url
    if note:
        out["note"] = note
    return out


def is_url(text: object) -> bool:
    """Whether a value is an http(s) URL without spaces (what is accepted as a location)."""
    if not isinstance(text, str):
        return False
    value = text.strip()
    lowered = value.casefold()
    return (
        (lowered.startswith("https://") or lowered.startswith("http://"))
        and len(value) > len("https://")
        and not any(ch.isspace() for ch in value)
    )


def assessment_info(
    name: str, version: str | None, provider: str | None, source: str
) -> AssessmentInfo:
    """The assessment metadata of an imported record."""
    system: dict[str, str] = {"name": name}
    if version:
        system["version"] = version
    if provider:
        system["provider"] = provider
    title = note("import.title", name=name, source=source).render("en")
    return AssessmentInfo.model_validate_json(json.dumps({"title": title, "system": system}))


# -- OSAID inferences from a complete record -------------------------------------------------

# The components a record must show released under accepted terms before the judgements of a
# complete record are inferred: the code, parameters and data documentation the OSI checklist
# requires (the research paper or technical report is checked separately: either will do).
REQUIRED_FOR_INFERENCE: tuple[str, ...] = (
    "model_architecture",
    "code_data_preprocessing",
    "code_training",
    "code_inference",
    "model_parameters_final",
    "datasets",
    "data_card",
)
# Code elements with no component of their own in the Model Openness Framework (hyperparameter
# search) or optional in it (supporting libraries): a complete record is read as including
# them in its released code.
CODE_COVERED_BY_TRAINING: tuple[str, ...] = (
    # The OSI checklist's "Training, validation and testing" is one component.
    "code_validation_testing",
    "code_supporting_libraries",
    "code_hyperparameter_search",
)
FREEDOMS: tuple[str, ...] = ("freedom_use", "freedom_study", "freedom_modify", "freedom_share")
# Each licence red flag and the freedoms it takes away (osaid-and-licences.md section 6).
FLAG_FREEDOMS: dict[str, tuple[str, ...]] = {
    "use_restrictions": ("freedom_use", "freedom_modify", "freedom_share"),
    "user_caps": ("freedom_use", "freedom_share"),
    "unilateral_change": ("freedom_use", "freedom_study", "freedom_modify", "freedom_share"),
    "revocable": ("freedom_use", "freedom_study", "freedom_modify", "freedom_share"),
    # A licensor's right to restrict use "remotely or otherwise" (RAIL, Gemma) limits use; it
    # does not take back the released components, so study, modification and sharing stand.
    "remote_restriction": ("freedom_use",),
    "flow_down": ("freedom_share",),
    "output_restrictions": ("freedom_modify", "freedom_share"),
    "territory_exclusion": ("freedom_use", "freedom_share"),
    "non_commercial": ("freedom_use", "freedom_modify", "freedom_share"),
    "royalty": ("freedom_use", "freedom_share"),
    # Indemnity and a foreign forum are burdens on the buyer, not limits on a freedom.
    "indemnity": (),
    "jurisdiction": (),
    # OSD 4 lets a licence require derived works to carry a different name, and OSI-approved
    # licences require credits (Apache-2.0 s. 4, GPL-3.0 s. 7(b)-(c), CPAL, AAL): a naming or
    # attribution duty is a point for legal review, not a freedom taken away.
    "naming_attribution": (),
    "permission_required": ("freedom_use",),
    "no_public_grant": FREEDOMS,
}
# Terms other than a licence text and the freedoms they take away: an acceptable-use policy
# restricts purposes like a use-restriction clause; a click-through or gated download makes
# every user ask (or agree) before use, and every recipient before sharing.
OTHER_TERM_FREEDOMS: dict[str, tuple[str, ...]] = {
    "acceptable_use_policy": ("freedom_use", "freedom_modify", "freedom_share"),
    "click_through": ("freedom_use", "freedom_share"),
    "gated_access": ("freedom_use", "freedom_share"),
}
DATA_INFO: tuple[str, ...] = (
    "data_info_provenance",
    "data_info_scope",
    "data_info_collection",
    "data_info_labelling",
    "data_info_processing",
)
# Components whose licences grant (or deny) the freedoms of the system as a whole.
FREEDOM_COMPONENTS: tuple[str, ...] = (
    "model_parameters_final",
    "code_training",
    "code_inference",
    "model_architecture",
)


def _released_open(builder: AnswerBuilder, qid: str) -> bool | None:
    """True when a recorded component is released under accepted terms, False when it is not
    released or its terms are not accepted, None when the record does not say."""
    value = builder.value_of(qid)
    component = ComponentValue.read(value) if isinstance(value, dict) else None
    if component is None:
        return None
    if component.released != "yes":
        return False if component.released == "no" else None
    licence = component.licence
    if licence is None:
        return False
    reading = LicenceReading(licence, licence, analyse_licence(licence, builder.catalogue))
    return builder.acceptable(reading, COMPONENT_TYPES[qid])


def _flags_of(builder: AnswerBuilder) -> dict[str, list[str]]:
    """Red flags in the licences of released freedom-bearing components: flag -> components."""
    found: dict[str, list[str]] = {}
    for qid in FREEDOM_COMPONENTS:
        value = builder.value_of(qid)
        component = ComponentValue.read(value) if isinstance(value, dict) else None
        if component is None or component.released != "yes" or component.licence is None:
            continue
        licence = component.licence
        for flag in analyse_licence(licence, builder.catalogue).flags:
            found.setdefault(flag.flag, []).append(qid)
    return found


def infer_osaid_answers(
    builder: AnswerBuilder, record: str, other_terms: dict[str, Sequence[str]] | None = None
) -> None:
    """Infer the OSAID judgements a record supports; leave the rest unanswered, with a note.

    A red flag in the licence of the parameters, training or inference code or architecture
    answers the freedoms it takes away `no`. Only a complete record (every component of
    `REQUIRED_FOR_INFERENCE` released under accepted terms, a research paper or technical report
    likewise, and no red flag) has the four freedoms, the data information (1)(a)-(e), the
    training data classes and the skilled-person judgement inferred `yes`, and the code elements
    of `CODE_COVERED_BY_TRAINING` read as part of the released training code. Every inference
    says so in its note and stays unconfirmed until an officer confirms it. `other_terms` are
    terms beyond the licences the record shows (see `OTHER_TERM_FREEDOMS`), each with the record
    fields that show it; they take freedoms away as red flags do. A freedom answered `no` names
    the terms it follows from (`Answer.terms`), so the engine can tell terms from gaps.
    """
    flags = _flags_of(builder)
    taken: dict[str, list[Note]] = {}
    because: dict[str, list[str]] = {}
    fields: dict[str, list[str]] = {}
    for flag, components in sorted(flags.items()):
        for freedom in FLAG_FREEDOMS.get(flag, ()):
            taken.setdefault(freedom, []).append(
                note("infer.flag", flag=flag, qs=sorted(components))
            )
            because.setdefault(freedom, []).append(flag)
            for qid in components:
                fields.setdefault(freedom, []).extend(builder.fields_of(qid))
    for term, where in sorted((other_terms or {}).items()):
        for freedom in OTHER_TERM_FREEDOMS.get(term, ()):
            taken.setdefault(freedom, []).append(
                note("infer.other_term", term=term.replace("_", " "), fields=list(where))
            )
            because.setdefault(freedom, []).append(term)
            fields.setdefault(freedom, []).extend(where)
    for freedom in FREEDOMS:
        if freedom in taken:
            builder.answer(
                freedom,
                "no",
                note=note("infer.terms", terms=tuple(taken[freedom])),
                fields=fields[freedom],
                terms=because[freedom],
            )
    states = {qid: _released_open(builder, qid) for qid in REQUIRED_FOR_INFERENCE}
    documented = any(_released_open(builder, q) for q in ("research_paper", "technical_report"))
    if all(states.values()) and documented and not flags and not other_terms:
        _infer_complete(builder, record)
        return
    missing = [qid for qid, ok in states.items() if not ok]
    if not documented:
        missing.append("research_paper or technical_report")
    untold = [f for f in FREEDOMS if f not in taken]
    if untold:
        builder.info(note("infer.untold", qs=untold, record=record, missing=missing))
    unread = [q for q in DATA_INFO if not builder.has(q)]
    if unread:
        builder.info(note("infer.data_detail", qs=unread, record=record))
    builder.info(note("infer.skilled_person"), "substantially_equivalent")


def _infer_complete(builder: AnswerBuilder, record: str) -> None:
    """Record the inferences of a complete, openly licensed record."""
    basis = [
        f
        for qid in (*REQUIRED_FOR_INFERENCE, "research_paper", "technical_report")
        for f in builder.fields_of(qid)
    ]
    training = builder.value_of("code_training")
    for qid in CODE_COVERED_BY_TRAINING:
        if not builder.has(qid) and isinstance(training, dict):
            builder.answer(
                qid,
                dict(training),
                fields=builder.fields_of("code_training"),
                note=note("infer.code_in_training", record=record),
            )
    for freedom in FREEDOMS:
        builder.answer(freedom, "yes", note=note("infer.complete", record=record), fields=basis)
    for qid in DATA_INFO:
        builder.answer(
            qid,
            "yes",
            fields=basis,
            note=note("infer.data_info", record=record),
        )
    builder.answer(
        "training_data_classes",
        ["open"],
        fields=builder.fields_of("datasets"),
        note=note("infer.data_classes", record=record),
    )
    builder.answer(
        "substantially_equivalent",
        "yes",
        fields=basis,
        note=note("infer.complete_judgement", record=record),
    )
    rationale = note("infer.rationale", record=record, file=builder.file)
    builder.answer(
        "substantially_equivalent_rationale",
        rationale.message,
        fields=basis,
        note=note("infer.rationale_note"),
        value_note=rationale,
    )
    builder.info(note("infer.done", record=record))


# -- merging into an existing assessment ------------------------------------------------------


def merge_answers(base: AnswersFile, result: ImportResult) -> ImportResult:
    """Pre-fill an existing assessment with an import without overwriting an officer's work.

    Answers that are declared, verified or confirmed are kept; unconfirmed imported answers are
    replaced by the new import; a kept answer that differs from the import is noted.
    """
    merged: dict[str, Answer] = dict(base.answers)
    notes = list(result.notes)
    for qid, answer in result.answers.answers.items():
        current = merged.get(qid)
        if current is not None and (current.provenance != "imported" or current.confirmed):
            if current.value != answer.value:
                notes.append(
                    _import_note(
                        note(
                            "kept_answer", current=repr(current.value), imported=repr(answer.value)
                        ),
                        "warning",
                        qid,
                    )
                )
            continue
        merged[qid] = answer
    answers = base.model_copy(
        update={"answers": merged, "policy": base.policy or result.answers.policy}
    )
    taken = {q for q, a in merged.items() if a is result.answers.answers.get(q)}
    return ImportResult(
        result.format,
        result.source,
        answers,
        tuple(notes),
        {q: d for q, d in result.details.items() if q in taken},
        {q: v for q, v in result.values.items() if q in taken},
        result.label,
    )


def iter_dicts(items: object) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (index, item) for the mapping items of a list; anything else yields nothing."""
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield index, item
