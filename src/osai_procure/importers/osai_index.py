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

from osai_procure.errors import ContentError, Problem
from osai_procure.importers import (
    AnswerBuilder,
    ImportResult,
    LicenceReading,
    assessment_info,
    check_text,
    evidence,
    is_url,
    problem_at,
)
from osai_procure.loading import PolicyBundle
from osai_procure.yamlsafe import Loaded, Loc, load_bytes

SOURCE_LABEL = "European Open Source AI Index entry"
MAX_BYTES = 512 * 1024
CITATION = (
    "European Open Source AI Index, doi:10.5281/zenodo.15386042 (CC-BY 4.0): cite the index "
    "files when reusing these answers"
)

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
            [Problem(name, "not an Open Source AI Index entry: it needs a `system` mapping", 1)]
        )
    problems: list[Problem] = []
    system: dict[str, Any] = data["system"]
    texts = {key: _text(loaded, system, ("system", key), problems) for key in _SYSTEM_KEYS}
    entries = {key: _entry(loaded, data, key, problems) for key in _ALL_DIMENSIONS}
    if problems:
        raise ContentError(problems)
    if not texts["name"]:
        raise ContentError([problem_at(loaded, ("system", "name"), "system.name is empty")])
    builder = AnswerBuilder("osai-index", name, bundle, SOURCE_LABEL)
    builder.info(CITATION)
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
            builder.info(
                f"{dimension}: graded {entry.grade}; no question of its own"
                + (f" (notes: {entry.notes})" if entry.notes else "")
            )
    builder.info(
        "the freedoms, the data information (1)(a)-(e) and the skilled-person judgement are not "
        "graded by the index: left unknown"
    )
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
        problems.append(problem_at(loaded, loc, f"{loc[-1]!s} must be text"))
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
            problem_at(loaded, (key,), f"{key} must be a mapping of class, link, notes")
        )
        return _Entry(None, [], "", [])
    raw_grade, loc = parts["class"]
    grade: Grade | None = None
    if raw_grade is not None and str(raw_grade).strip():
        grade = _GRADES.get(str(raw_grade).strip().casefold())
        if grade is None:
            problems.append(
                problem_at(
                    loaded, loc, f"class {raw_grade!r} is not open, partial or closed (or empty)"
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
        problems.append(problem_at(loaded, loc, "link must be a URL or a list of URLs"))
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


def _note(dimension: str, entry: _Entry, what: str) -> str:
    """The answer's note: the grade, what it is read as, and the index's own notes."""
    text = f"{dimension} graded {entry.grade}: {what}"
    if entry.notes:
        text += f"; the index notes: {entry.notes!r}"
    return text


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
        builder.info(f"{dimension} is not graded: left unknown", qid)
        return
    refs = [evidence(u, f"{dimension} (the index's evidence)") for u in entry.links]
    fields = list(entry.fields)
    terms = licence if qid == "model_parameters_final" else None
    if terms is not None:
        fields.append("system.endmodellicense")
    if entry.grade == "open":
        what = "released" + (
            "; licence from system.endmodellicense" if terms else "; its terms are not stated"
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
            note=_note(
                dimension,
                entry,
                "it exists but says less than required; its terms are not stated",
            ),
            fields=entry.fields,
        )
    elif entry.grade == "partial":
        builder.component(
            qid,
            "unknown",
            evidence=refs,
            note=_note(
                dimension,
                entry,
                "only partly shared or gated, never read as released under open terms; "
                "record what is released and under which terms",
            ),
            fields=entry.fields,
        )
    else:
        builder.component(
            qid,
            "no",
            evidence=refs,
            note=_note(dimension, entry, "not shared"),
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
        builder.info("neither data source dimension is graded: left unknown", "datasets")
        return
    grades = {e.grade for _, e in graded}
    links = [u for _, e in graded for u in e.links]
    fields = [f for _, e in graded for f in e.fields]
    refs = [evidence(u, f"{n} (the index's evidence)") for n, e in graded for u in e.links]
    notes = "; ".join(
        f"{n} graded {e.grade}" + (f", the index notes: {e.notes!r}" if e.notes else "")
        for n, e in graded
    )
    if grades == {"open"}:
        released, what = "yes", "every graded stage's training data is shared; terms not stated"
    elif grades == {"closed"}:
        released, what = "no", "the training data is not shared"
    else:
        released, what = "unknown", "some training data is shared, not all (partial)"
    builder.component(
        "datasets",
        released,
        location=links if released == "yes" else (),
        evidence=refs,
        note=f"{what} ({notes})",
        fields=fields,
    )


def _lineage(builder: AnswerBuilder, texts: dict[str, str], entries: dict[str, _Entry]) -> None:
    """Map the base and end model onto the lineage questions."""
    base, end = texts["basemodelname"], texts["endmodelname"]
    if not base:
        builder.info("the index names no base model (system.basemodelname): lineage left unknown")
        return
    if end and base.casefold() == end.casefold():
        builder.info(
            "the base and end model are the same: the index does not say whether it was "
            "trained from scratch; base_model_used left unknown"
        )
        return
    builder.answer(
        "base_model_used",
        "yes",
        note=f"the index names base model {base!r} and end model {end or texts['name']!r}",
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
            note="the index grades the training code closed, or both the base model's data "
            "sources and the datasheet closed",
            fields=[*data.fields, *entries["datasheet"].fields, *code.fields],
        )
