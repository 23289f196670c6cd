"""Import a European Open Source AI Index entry: one YAML file per system.

The index (Liesenfeld, Blankvoort, Kalra, Dingemanse; Radboud University; CC-BY 4.0,
doi:10.5281/zenodo.15386042) grades fourteen dimensions of a system as open, partial or closed
(empty: not applicable), each with a `link` to its evidence and `notes` giving its reasons,
either nested (`weights_endmodel: {class, link, notes}`) or flat (`weights_endmodel_class`, ...).
It records the base model and the end model separately, which maps onto the lineage questions.

Three states, as the index's own definitions allow:
- open: released (`released: yes`), its link as the location; the terms are not stated, except
  the end model's licence (`system.endmodellicense`), which applies to its weights;
- partial: never "released under open terms": documents graded partial exist but say less
  than required (released, terms unknown); code, data and weights graded partial are only partly
  shared or gated, so whether the component is released is left unknown;
- closed: not released (the index defines closed as "not shared" / "not available").
The code and hardware documentation dimensions have no question of their own; they are kept as
notes. The freedoms, the data information and the skilled-person judgement are never inferred.
"""

from __future__ import annotations

from typing import Any, Literal

from osai_procure.errors import ContentError, Problem, coded_problem
from osai_procure.importers import (
    MUST_BE_MAPPING,
    MUST_BE_TEXT,
    MUST_BE_URLS,
    AnswerBuilder,
    ImportResult,
    LicenceReading,
    assessment_info,
    check_text,
    evidence,
    is_url,
    problem_at,
)
from osai_procure.importers.notes import Note, note
from osai_procure.loading import PolicyBundle
from osai_procure.yamlsafe import Loaded, Loc, load_bytes

SOURCE_LABEL = "European Open Source AI Index entry"
MAX_BYTES = 512 * 1024
Grade = Literal["open", "partial", "closed"]
_GRADES: dict[str, Grade] = {
    "open": "open",
    "🟩": "open",
    "partial": "partial",
    "🟧": "partial",
    "closed": "closed",
    "🟥": "closed",
}
# Index dimension -> (question ids, kind): "document" dimensions exist when graded partial;
# "artefact" dimensions (code, data, weights) are only partly shared when graded partial.
_DIMENSIONS: dict[str, tuple[tuple[str, ...], Literal["document", "artefact"]]] = {
    "weights_endmodel": (("model_parameters_final",), "artefact"),
    "trainingcode": (("code_training", "code_data_preprocessing"), "artefact"),
    "preprint": (("technical_report",), "document"),
    "paper": (("research_paper",), "document"),
    "modelcard": (("model_card",), "document"),
    "datasheet": (("data_card",), "document"),
}
_NOTES_ONLY = ("code", "hardware_architecture", "licenses")


class _Entry:
    """One graded dimension: its grade, links and notes, and the keys they were read from."""

    def __init__(self, grade: Grade | None, links: list[str], notes: str, fields: list[str]):
        """Hold what the index says about one dimension."""
        self.grade = grade
        self.links = links
        self.notes = notes
        self.fields = fields


def import_osai_index(raw: bytes, name: str, bundle: PolicyBundle | None = None) -> ImportResult:
    """Import a European Open Source AI Index entry (YAML) into imported, unconfirmed answers.

    Raises:
        ContentError: unsafe or malformed YAML, or fields of the wrong shape; every problem
            is reported with its line and key path.
    """
    loaded = check_text(load_bytes(raw, name, MAX_BYTES))
    data = loaded.data
    if not isinstance(data, dict) or not isinstance(data.get("system"), dict):
        raise ContentError(
            [
                coded_problem(
                    name,
                    "not an Open Source AI Index entry: it needs a `system` mapping",
                    1,
                    code="index.not_entry",
                )
            ]
        )
    problems: list[Problem] = []
    system: dict[str, Any] = data["system"]
    texts = {key: _text(loaded, system, ("system", key), problems) for key in _SYSTEM_KEYS}
    entries = {key: _entry(loaded, data, key, problems) for key in _ALL_DIMENSIONS}
    if problems:
        raise ContentError(problems)
    if not texts["name"]:
        raise ContentError(
            [problem_at(loaded, ("system", "name"), "system.name is empty", code="name_empty")]
        )
    builder = AnswerBuilder("osai-index", name, bundle, SOURCE_LABEL)
    builder.info(note("index.citation"))
    licence = _end_licence(builder, texts["endmodellicense"])
    for dimension, (questions, kind) in _DIMENSIONS.items():
        entry = entries[dimension]
        for qid in questions:
            _component(builder, qid, dimension, kind, entry, licence)
    _datasets(builder, entries["datasources_basemodel"], entries["datasources_endmodel"])
    _lineage(builder, texts, entries)
    for dimension in _NOTES_ONLY:
        entry = entries[dimension]
        if entry.grade is not None:
            if entry.notes:
                builder.info(
                    note(
                        "index.graded_only_notes",
                        dimension=dimension,
                        grade=entry.grade,
                        notes=entry.notes,
                    )
                )
            else:
                builder.info(note("index.graded_only", dimension=dimension, grade=entry.grade))
    builder.info(note("index.not_graded_rest"))
    org = data.get("org")
    producer = org.get("name") if isinstance(org, dict) else None
    return builder.finish(
        assessment_info(
            texts["endmodelname"] or texts["name"],
            None,
            producer.strip() if isinstance(producer, str) and producer.strip() else None,
            name,
        )
    )


_SYSTEM_KEYS = ("name", "link", "basemodelname", "endmodelname", "endmodellicense")
_ALL_DIMENSIONS = (
    *_DIMENSIONS,
    "datasources_basemodel",
    "datasources_endmodel",
    "weights_basemodel",
    *_NOTES_ONLY,
)


def _text(
    loaded: Loaded, node: dict[str, Any], loc: tuple[str, ...], problems: list[Problem]
) -> str:
    """A text field ('' when absent or empty); numbers and dates are read as text."""
    value = node.get(loc[-1])
    if value is None:
        return ""
    if isinstance(value, bool | dict | list):
        problems.append(
            problem_at(
                loaded, loc, f"{loc[-1]!s} must be text", code="must_be", expected=MUST_BE_TEXT
            )
        )
        return ""
    return str(value).strip()


def _entry(loaded: Loaded, data: dict[str, Any], key: str, problems: list[Problem]) -> _Entry:
    """Read one dimension, nested (`key: {class, link, notes}`) or flat (`key_class`, ...)."""
    node = data.get(key)
    parts: dict[str, tuple[Any, Loc]]
    if isinstance(node, dict):
        parts = {part: (node.get(part), (key, part)) for part in ("class", "link", "notes")}
        fields = [f"{key}.{part}" for part in ("class", "link", "notes") if node.get(part)]
    elif node is None:
        parts = {
            part: (data.get(f"{key}_{part}"), (f"{key}_{part}",))
            for part in ("class", "link", "notes")
        }
        fields = [
            f"{key}_{part}" for part in ("class", "link", "notes") if data.get(f"{key}_{part}")
        ]
    else:
        problems.append(
            problem_at(
                loaded,
                (key,),
                f"{key} must be a mapping of class, link, notes",
                code="must_be",
                expected=f"「class」、「link」、「notes」を持つ{MUST_BE_MAPPING}",
            )
        )
        return _Entry(None, [], "", [])
    raw_grade, loc = parts["class"]
    grade: Grade | None = None
    if raw_grade is not None and str(raw_grade).strip():
        grade = _GRADES.get(str(raw_grade).strip().casefold())
        if grade is None:
            problems.append(
                problem_at(
                    loaded,
                    loc,
                    f"class {raw_grade!r} is not open, partial or closed (or empty)",
                    code="not_allowed",
                    value=str(raw_grade),
                    options="「open」、「partial」、「closed」又は空欄",
                )
            )
    raw_links, loc = parts["link"]
    links: list[str] = []
    if isinstance(raw_links, str):
        raw_list: list[Any] = [raw_links]
    elif isinstance(raw_links, list):
        raw_list = raw_links
    elif raw_links is None:
        raw_list = []
    else:
        problems.append(
            problem_at(
                loaded,
                loc,
                "link must be a URL or a list of URLs",
                code="must_be",
                expected=MUST_BE_URLS,
            )
        )
        raw_list = []
    for item in raw_list:
        if is_url(item):
            links.append(str(item).strip())
    raw_notes, _ = parts["notes"]
    notes = " ".join(str(raw_notes).split()) if raw_notes is not None else ""
    return _Entry(grade, list(dict.fromkeys(links)), notes, fields)


def _end_licence(builder: AnswerBuilder, text: str) -> LicenceReading | None:
    """The end model's licence (`system.endmodellicense`), normalised, or None."""
    if not text:
        return None
    return builder.licence(text, "model_parameters_final")


def _note(dimension: str, entry: _Entry, what: Note) -> Note:
    """The answer's note: the grade, what it is read as, and the index's own notes."""
    said = note("index.graded", dimension=dimension, grade=str(entry.grade), what=what)
    if entry.notes:
        said += note("index.notes", notes=entry.notes)
    return said


def _component(
    builder: AnswerBuilder,
    qid: str,
    dimension: str,
    kind: Literal["document", "artefact"],
    entry: _Entry,
    licence: LicenceReading | None,
) -> None:
    """Answer one component question from a graded dimension."""
    if entry.grade is None:
        builder.info(note("index.not_graded", dimension=dimension), qid)
        return
    refs = [evidence(u, f"{dimension} (the index's evidence)") for u in entry.links]
    fields = list(entry.fields)
    terms = licence if qid == "model_parameters_final" else None
    if terms is not None:
        fields.append("system.endmodellicense")
    if entry.grade == "open":
        what = note("index.released") + note(
            "index.licence_from_end" if terms else "terms_unstated"
        )
        builder.component(
            qid,
            "yes",
            location=entry.links,
            licence=terms,
            evidence=refs,
            note=_note(dimension, entry, what),
            fields=fields,
        )
    elif entry.grade == "partial" and kind == "document":
        builder.component(
            qid,
            "yes",
            location=entry.links,
            evidence=refs,
            note=_note(dimension, entry, note("index.partial_document")),
            fields=entry.fields,
        )
    elif entry.grade == "partial":
        builder.component(
            qid,
            "unknown",
            evidence=refs,
            note=_note(dimension, entry, note("index.partial")),
            fields=entry.fields,
        )
    else:
        builder.component(
            qid,
            "no",
            evidence=refs,
            note=_note(dimension, entry, note("index.not_shared")),
            fields=entry.fields,
        )


def _datasets(builder: AnswerBuilder, base: _Entry, end: _Entry) -> None:
    """Answer the training datasets from the base and end model's data sources together."""
    graded = [
        (n, e)
        for n, e in (("datasources_basemodel", base), ("datasources_endmodel", end))
        if e.grade
    ]
    if not graded:
        builder.info(note("index.no_data_grade"), "datasets")
        return
    grades = {e.grade for _, e in graded}
    links = [u for _, e in graded for u in e.links]
    fields = [f for _, e in graded for f in e.fields]
    refs = [evidence(u, f"{n} (the index's evidence)") for n, e in graded for u in e.links]
    stages = tuple(
        note("index.stage_notes", dimension=n, grade=str(e.grade), notes=e.notes)
        if e.notes
        else note("index.stage", dimension=n, grade=str(e.grade))
        for n, e in graded
    )
    if grades == {"open"}:
        released, what = "yes", note("index.data_open")
    elif grades == {"closed"}:
        released, what = "no", note("index.data_closed")
    else:
        released, what = "unknown", note("index.data_partial")
    builder.component(
        "datasets",
        released,
        location=links if released == "yes" else (),
        evidence=refs,
        note=note("index.datasets", what=what, stages=stages),
        fields=fields,
    )


def _lineage(builder: AnswerBuilder, texts: dict[str, str], entries: dict[str, _Entry]) -> None:
    """Map the base and end model onto the lineage questions."""
    base, end = texts["basemodelname"], texts["endmodelname"]
    if not base:
        builder.info(note("index.no_base"))
        return
    if end and base.casefold() == end.casefold():
        builder.info(note("index.same_model"))
        return
    builder.answer(
        "base_model_used",
        "yes",
        note=note("index.base_and_end", base=base, end=end or texts["name"]),
        fields=["system.basemodelname", "system.endmodelname"],
    )
    builder.answer(
        "base_model_name",
        base,
        note="system.basemodelname",
        fields=["system.basemodelname"],
    )
    weights = entries["weights_basemodel"]
    if weights.grade is not None:
        _component(builder, "base_model_parameters", "weights_basemodel", "artefact", weights, None)
    data, code = entries["datasources_basemodel"], entries["trainingcode"]
    undocumented = data.grade == "closed" and entries["datasheet"].grade == "closed"
    if undocumented or code.grade == "closed":
        builder.answer(
            "base_model_preferred_form",
            "no",
            note=note("index.base_not_preferred"),
            fields=[*data.fields, *entries["datasheet"].fields, *code.fields],
        )
