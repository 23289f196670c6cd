"""Import an SPDX 3.0 document (JSON-LD) with AI and Dataset profile packages.

Mapping: the AI package (`ai_AIPackage`; the document's root element when there are several)
gives the final model parameters: released, `software_downloadLocation` as location, and its
licence from `hasConcludedLicense`, else `hasDeclaredLicense`. Dataset packages
(`dataset_DatasetPackage`) reached by `trainedOn` give the training datasets, by `testedOn` the
evaluation data; a dataset package linked by neither is read as training data, with a warning.
A dataset's `dataset_dataCollectionProcess` and `dataset_dataPreprocessing` texts answer the
data information questions (1)(c) and (1)(e) as imported, to be confirmed. `NOASSERTION`
means the terms are not stated; `NONE` means no licence.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from osai_procure.errors import ContentError, Problem, coded_problem
from osai_procure.importers import (
    MUST_BE_OBJECT,
    AnswerBuilder,
    ImportResult,
    LicenceReading,
    assessment_info,
    conjunction,
    evidence,
    infer_osaid_answers,
    is_url,
    problem_at,
)
from osai_procure.importers.notes import Note, note
from osai_procure.loading import PolicyBundle, quoted
from osai_procure.yamlsafe import Loaded, Loc, load_json

SOURCE_LABEL = "SPDX 3.0 document"
MAX_BYTES = 16 * 1024 * 1024
SUPPORTED_SPEC = "3.0"
MAX_LICENCE_DEPTH = 16

_AI_TYPES = {"ai_aipackage", "aipackage"}
_DATASET_TYPES = {"dataset_datasetpackage", "datasetpackage"}
_RELATIONSHIP_TYPES = {"relationship", "lifecyclescopedrelationship"}


def _type(element: dict[str, Any]) -> str:
    """The element's class, folded and stripped of any IRI prefix."""
    value = element.get("type") or element.get("@type")
    if not isinstance(value, str):
        return ""
    return value.rsplit("/", 1)[-1].casefold()


def _prop(element: dict[str, Any], name: str) -> Any:
    """A property by its compact JSON-LD name (`software_downloadLocation`) or bare name."""
    if name in element:
        return element[name]
    bare = name.split("_", 1)[-1]
    return element.get(bare)


def _ident(element: dict[str, Any]) -> str | None:
    """The element's identifier (`spdxId`, or `@id` for blank nodes)."""
    for key in ("spdxId", "@id"):
        value = element.get(key)
        if isinstance(value, str) and value:
            return value
    return None


class _Document:
    """An SPDX 3.0 graph indexed by identifier, with its relationships."""

    def __init__(self, loaded: Loaded) -> None:
        """Start reading a loaded SPDX document."""
        self.loaded = loaded
        self.problems: list[Problem] = []
        self.elements: list[tuple[Loc, dict[str, Any]]] = []
        self.by_id: dict[str, dict[str, Any]] = {}
        self.relations: list[tuple[str, str, str]] = []

    def problem(self, loc: Loc, message: str, *, code: str, **params: object) -> None:
        """Record a located problem, with the code that words it in Japanese."""
        self.problems.append(problem_at(self.loaded, loc, message, code=code, **params))

    def read(self) -> None:
        """Check the document's shape and version and index its elements."""
        data = self.loaded.data
        file = self.loaded.file
        if not isinstance(data, dict):
            raise ContentError(
                [
                    coded_problem(
                        file,
                        "an SPDX 3.0 document is a JSON object",
                        1,
                        code="import.not_object",
                        kind="SPDX 3.0",
                    )
                ]
            )
        if "spdxVersion" in data:
            version = data.get("spdxVersion")
            raise ContentError(
                [
                    problem_at(
                        self.loaded,
                        ("spdxVersion",),
                        f"this is an {version} document; only SPDX 3.0 (JSON-LD, with the AI "
                        "and Dataset profiles) is supported",
                        code="spdx.not_v3",
                        value=str(version).removeprefix("SPDX-"),
                    )
                ]
            )
        graph = data.get("@graph")
        base: Loc = ("@graph",)
        if graph is None and ("type" in data or "@type" in data):
            graph, base = [data], ()
        if not isinstance(graph, list):
            raise ContentError(
                [
                    coded_problem(
                        file,
                        "not an SPDX 3.0 JSON-LD document: no `@graph` list",
                        1,
                        code="spdx.no_graph",
                    )
                ]
            )
        for index, element in enumerate(graph):
            loc: Loc = (*base, index) if base else ()
            if not isinstance(element, dict):
                self.problem(
                    loc, "an element must be a JSON object", code="must_be", expected=MUST_BE_OBJECT
                )
                continue
            if not _type(element):
                self.problem(loc, "an element has no `type`", code="spdx.no_type")
                continue
            self.elements.append((loc, element))
            ident = _ident(element)
            if ident is not None:
                self.by_id.setdefault(ident, element)
        self._check_version(data)
        for loc, element in self.elements:
            if _type(element) in _RELATIONSHIP_TYPES:
                self._relation(loc, element)
        if self.problems:
            raise ContentError(self.problems)

    def _check_version(self, data: dict[str, Any]) -> None:
        """Require SPDX 3.0.x, from CreationInfo.specVersion or else the JSON-LD context."""
        versions: list[tuple[Loc, str]] = []
        for loc, element in self.elements:
            if _type(element) == "creationinfo":
                spec = _prop(element, "specVersion")
                if not isinstance(spec, str):
                    self.problem(
                        (*loc, "specVersion"),
                        "specVersion must be text like '3.0.1'",
                        code="must_be",
                        expected="「3.0.1」のような文字列",
                    )
                    continue
                versions.append(((*loc, "specVersion"), spec))
            info = element.get("creationInfo")
            if isinstance(info, dict) and isinstance(info.get("specVersion"), str):
                versions.append(((*loc, "creationInfo", "specVersion"), info["specVersion"]))
        for loc, spec in versions:
            if spec != SUPPORTED_SPEC and not spec.startswith(SUPPORTED_SPEC + "."):
                self.problem(
                    loc,
                    f"SPDX specVersion {spec!r} is not supported; this importer reads SPDX "
                    f"{SUPPORTED_SPEC}.x",
                    code="import.version",
                    kind="SPDX",
                    value=spec,
                    options=quoted([f"{SUPPORTED_SPEC}.x"]),
                )
        if versions:
            return
        context = data.get("@context")
        contexts = context if isinstance(context, list) else [context]
        if not any(isinstance(c, str) and "/rdf/3.0" in c for c in contexts):
            self.problem(
                ("@context",),
                "cannot tell the SPDX version: no CreationInfo.specVersion and no SPDX 3.0 "
                "@context",
                code="spdx.unknown_version",
            )

    def _relation(self, loc: Loc, element: dict[str, Any]) -> None:
        """Index one relationship, checking its shape."""
        source = element.get("from")
        kind = element.get("relationshipType")
        targets = element.get("to")
        if isinstance(targets, str):
            targets = [targets]
        if not isinstance(source, str) or not isinstance(kind, str):
            self.problem(
                loc,
                "a Relationship needs `from` (an id) and `relationshipType`",
                code="spdx.relationship",
            )
            return
        if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
            self.problem(
                (*loc, "to"),
                "`to` must be a list of element ids",
                code="must_be",
                expected="要素のIDのリスト",
            )
            return
        for target in targets:
            self.relations.append((source, kind, target))

    def targets(self, source: str, *kinds: str) -> list[str]:
        """The targets of relationships of the given types from `source`."""
        wanted = {k.casefold() for k in kinds}
        return [t for s, k, t in self.relations if s == source and k.casefold() in wanted]

    def of_type(self, types: set[str]) -> Iterator[tuple[Loc, dict[str, Any]]]:
        """The elements of the given classes, in document order."""
        return ((loc, e) for loc, e in self.elements if _type(e) in types)


def import_spdx3(raw: bytes, name: str, bundle: PolicyBundle | None = None) -> ImportResult:
    """Import an SPDX 3.0 JSON-LD document with an AI package.

    Raises:
        ContentError: malformed JSON, an SPDX 2.x or other unsupported version, no AI package,
            or elements of the wrong shape; every problem is located.
    """
    loaded = load_json(raw, name, MAX_BYTES)
    doc = _Document(loaded)
    doc.read()
    models = list(doc.of_type(_AI_TYPES))
    if not models:
        raise ContentError(
            [
                coded_problem(
                    name,
                    "the document has no AI package (ai_AIPackage); nothing to import",
                    code="import.no_model",
                    kind="SPDX",
                    value="ai_AIPackage",
                )
            ]
        )
    builder = AnswerBuilder("spdx", name, bundle, SOURCE_LABEL)
    loc, model = _root_model(doc, models, builder)
    model_name = _prop(model, "name")
    if not isinstance(model_name, str) or not model_name.strip():
        raise ContentError(
            [problem_at(loaded, (*loc, "name"), "the AI package has no name", code="name_empty")]
        )
    version = _prop(model, "software_packageVersion")
    _model(doc, builder, loc, model)
    trained = _datasets(doc, model, "trainedOn")
    tested = _datasets(doc, model, "testedOn")
    linked = {id(e) for e in trained + tested}
    loose = [e for _, e in doc.of_type(_DATASET_TYPES) if id(e) not in linked]
    if loose:
        builder.warn(note("spdx.loose_data", n=len(loose)))
        trained += loose
    _dataset_answer(doc, builder, "datasets", trained, "training")
    _dataset_answer(doc, builder, "evaluation_data", tested, "evaluation")
    _data_information(builder, trained)
    infer_osaid_answers(builder, "SPDX document")
    return builder.finish(
        assessment_info(
            model_name.strip(),
            version.strip() if isinstance(version, str) and version.strip() else None,
            _supplier(doc, model),
            name,
        )
    )


def _root_model(
    doc: _Document, models: list[tuple[Loc, dict[str, Any]]], builder: AnswerBuilder
) -> tuple[Loc, dict[str, Any]]:
    """Pick the AI package the document is about: a root element, else the first."""
    roots: set[str] = set()
    for _, element in doc.elements:
        if _type(element) in ("spdxdocument", "bom", "software_sbom", "sbom"):
            value = element.get("rootElement")
            roots.update(
                v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)
            )
    chosen = next((m for m in models if _ident(m[1]) in roots), models[0])
    others = [str(_prop(e, "name")) for _, e in models if e is not chosen[1]]
    if others:
        builder.warn(
            note(
                "spdx.many_models",
                n=len(models),
                model=str(_prop(chosen[1], "name")),
                others=", ".join(others),
            )
        )
    return chosen


def _supplier(doc: _Document, model: dict[str, Any]) -> str | None:
    """The name of the AI package's supplier, when it is an agent in the graph."""
    supplier = _prop(model, "suppliedBy")
    if isinstance(supplier, str):
        agent = doc.by_id.get(supplier)
        name = agent.get("name") if agent else None
        return name.strip() if isinstance(name, str) and name.strip() else None
    return None


def _licence_text(doc: _Document, ref: str, depth: int = 0) -> str | None:
    """An SPDX licence expression for a licence element id (None for NOASSERTION)."""
    tail = ref.rstrip("/").rsplit("/", 1)[-1]
    if tail.casefold().endswith("noassertionlicense") or tail == "NOASSERTION":
        return None
    if tail.casefold().endswith("nonelicense") or tail == "NONE":
        return "NONE"
    element = doc.by_id.get(ref)
    if element is None:
        if "spdx.org/licenses/" in ref:
            return tail
        # A bare licence id (not an element reference) is read as written; a reference to an
        # element that is not in the document cannot be read.
        return None if ":" in ref or "/" in ref else ref
    kind = _type(element)
    if kind.endswith("licenseexpression"):
        text = _prop(element, "simplelicensing_licenseExpression")
        return text if isinstance(text, str) else None
    if kind.endswith("listedlicense") or kind.endswith("customlicense"):
        ident = _ident(element) or ""
        if "spdx.org/licenses/" in ident:
            return ident.rstrip("/").rsplit("/", 1)[-1]
        name = element.get("name")
        return name if isinstance(name, str) else ident.rsplit("#", 1)[-1] or None
    if kind.endswith("conjunctivelicenseset") or kind.endswith("disjunctivelicenseset"):
        members = _prop(element, "expandedlicensing_member")
        if depth >= MAX_LICENCE_DEPTH or not isinstance(members, list):
            return None
        parts = [_licence_text(doc, m, depth + 1) for m in members if isinstance(m, str)]
        if not parts or any(p is None for p in parts):
            return None
        joiner = " AND " if kind.endswith("conjunctivelicenseset") else " OR "
        return "(" + joiner.join(p for p in parts if p) + ")"
    return None


def _licence_of(
    doc: _Document, builder: AnswerBuilder, element: dict[str, Any], question: str
) -> tuple[LicenceReading | None, Note]:
    """An element's licence: concluded, else declared; with how it was found."""
    ident = _ident(element)
    for kind in ("hasConcludedLicense", "hasDeclaredLicense"):
        targets = doc.targets(ident, kind) if ident else []
        if not targets:
            continue
        texts = [_licence_text(doc, t) for t in targets]
        if any(t is None for t in texts):
            return None, note("spdx.unreadable", kind=kind)
        joined = conjunction([str(t) for t in texts])
        return builder.licence(joined, question), note("spdx.relationship", kind=kind, value=joined)
    for key in ("software_declaredLicense", "software_concludedLicense"):
        value = _prop(element, key)
        if isinstance(value, str) and value.strip():
            builder.warn(note("spdx.non_standard", key=key), question)
            if value.strip() == "NOASSERTION":
                return None, note("spdx.noassertion", kind=key)
            return builder.licence(value, question), note(
                "spdx.relationship", kind=key, value=value
            )
    return None, note("spdx.no_relationship")


def _location(element: dict[str, Any]) -> list[str]:
    """The download location of a package, when it is a URL."""
    value = _prop(element, "software_downloadLocation")
    return [value.strip()] if is_url(value) else []


def _model(doc: _Document, builder: AnswerBuilder, loc: Loc, model: dict[str, Any]) -> None:
    """Record the AI package as the released final parameters."""
    reading, how = _licence_of(doc, builder, model, "model_parameters_final")
    location = _location(model)
    refs = [evidence(u, "download location of the AI package") for u in location]
    for key in ("software_homePage", "software_sourceInfo"):
        value = _prop(model, key)
        if is_url(value):
            refs.append(evidence(value, key))
    if reading is None:
        builder.warn(note("spdx.terms_unstated", how=how), "model_parameters_final")
    here = f"element[{_ident(model) or _prop(model, 'name')}]"
    released = "yes" if location else "unknown"
    said = note("spdx.package", name=str(_prop(model, "name"))) + note("spdx.licence_from", how=how)
    if not location:
        said += note("spdx.no_download")
    builder.component(
        "model_parameters_final",
        released,
        location=location,
        licence=reading,
        evidence=refs,
        note=said,
        fields=[here, *([f"{here}.software_downloadLocation"] if location else [])],
    )


def _datasets(doc: _Document, model: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The dataset packages related to the model by `kind`."""
    ident = _ident(model)
    if ident is None:
        return []
    out = []
    for target in doc.targets(ident, kind):
        element = doc.by_id.get(target)
        if element is not None and _type(element) in _DATASET_TYPES:
            out.append(element)
    return out


def _dataset_answer(
    doc: _Document,
    builder: AnswerBuilder,
    question: str,
    datasets: list[dict[str, Any]],
    role: str,
) -> None:
    """Record the datasets of one role as a single component answer."""
    if not datasets:
        builder.info(note("spdx.no_datasets", role=role), question)
        return
    locations: list[str] = []
    readings: list[LicenceReading] = []
    names: list[str] = []
    unstated: list[str] = []
    for dataset in datasets:
        name = str(_prop(dataset, "name") or _ident(dataset) or "unnamed")
        names.append(name)
        locations += _location(dataset)
        reading, _ = _licence_of(doc, builder, dataset, question)
        if reading is None or reading.value is None:
            unstated.append(name)
        else:
            readings.append(reading)
    located = sum(1 for dataset in datasets if _location(dataset))
    released = "yes" if located == len(datasets) else "unknown"
    licence = None
    if not unstated and readings:
        text = conjunction([str(r.value) for r in readings])
        licence = builder.licence(text, question) if len(readings) > 1 else readings[0]
    elif unstated:
        builder.warn(note("no_licence_for", names=unstated), question)
    said = note("spdx.datasets", role=role, names=names)
    if released == "unknown":
        said += note("spdx.datasets_unplaced")
    builder.component(
        question,
        released,
        location=locations,
        licence=licence,
        evidence=[evidence(u, f"download location of a {role} dataset") for u in locations],
        note=said,
        fields=[f"element[{_ident(d) or _prop(d, 'name')}]" for d in datasets],
    )


def _data_information(builder: AnswerBuilder, datasets: list[dict[str, Any]]) -> None:
    """Answer (1)(c) and (1)(e) when every training dataset describes them."""
    if not datasets:
        return
    for question, prop, what in (
        ("data_info_collection", "dataset_dataCollectionProcess", "how the data was collected"),
        ("data_info_processing", "dataset_dataPreprocessing", "how the data was processed"),
    ):
        texts = []
        for dataset in datasets:
            value = _prop(dataset, prop)
            if isinstance(value, list):
                value = "; ".join(v for v in value if isinstance(v, str))
            if isinstance(value, str) and value.strip():
                texts.append(value.strip())
        if len(texts) < len(datasets):
            builder.info(note("spdx.undescribed", what=what, prop=prop), question)
            continue
        excerpt = " | ".join(texts)
        if len(excerpt) > 300:
            excerpt = excerpt[:297] + "..."
        builder.answer(
            question,
            "yes",
            fields=[f"element[{_ident(d) or _prop(d, 'name')}].{prop}" for d in datasets],
            note=note("spdx.described", what=what, prop=prop, excerpt=excerpt)
            + note("judge_detail"),
        )
