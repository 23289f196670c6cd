"""Import a CycloneDX 1.5 / 1.6 ML-BOM (JSON): the model component, its model card and data.

Mapping: the `machine-learning-model` component (`metadata.component` when it is one, else the
first in `components`) gives the final model parameters, with `distribution` external
references as location and its `licenses` as terms. A `modelCard` (or a `model-card` external
reference) shows a released model card; `quantitativeAnalysis.performanceMetrics` shows
evaluation results. `data` components named in `modelCard.modelParameters.datasets` (by
`ref`) are the training data; `data` components not referenced are read as training data too,
with a warning. Several licence entries are read as all applying (AND); entries acknowledged
as `concluded` win over `declared` ones.
"""

from __future__ import annotations

from typing import Any

from osai_procure.errors import ContentError, Problem, coded_problem
from osai_procure.importers import (
    MUST_BE_LIST,
    MUST_BE_OBJECT,
    MUST_BE_TEXT,
    AnswerBuilder,
    ImportResult,
    LicenceReading,
    assessment_info,
    conjunction,
    evidence,
    infer_osaid_answers,
    is_url,
    iter_dicts,
    problem_at,
)
from osai_procure.importers.notes import Note, note
from osai_procure.loading import PolicyBundle, quoted
from osai_procure.yamlsafe import Loaded, Loc, load_json

SOURCE_LABEL = "CycloneDX ML-BOM"
MAX_BYTES = 16 * 1024 * 1024
SUPPORTED_VERSIONS = ("1.5", "1.6")
MODEL_TYPE = "machine-learning-model"


class _Bom:
    """A loaded BOM with its components indexed, collecting located problems."""

    def __init__(self, loaded: Loaded) -> None:
        """Start reading a loaded BOM."""
        self.loaded = loaded
        self.problems: list[Problem] = []
        self.components: list[tuple[Loc, dict[str, Any]]] = []
        self.by_ref: dict[str, tuple[Loc, dict[str, Any]]] = {}

    def problem(self, loc: Loc, message: str, *, code: str, **params: object) -> None:
        """Record a located problem, with the code that words it in Japanese."""
        self.problems.append(problem_at(self.loaded, loc, message, code=code, **params))

    def read(self) -> None:
        """Check format and version and index every component, nested ones included."""
        data = self.loaded.data
        if not isinstance(data, dict):
            raise ContentError(
                [
                    coded_problem(
                        self.loaded.file,
                        "a CycloneDX BOM is a JSON object",
                        1,
                        code="import.not_object",
                        kind="CycloneDX",
                    )
                ]
            )
        if data.get("bomFormat") != "CycloneDX":
            found = data.get("bomFormat")
            raise ContentError(
                [
                    problem_at(
                        self.loaded,
                        ("bomFormat",),
                        "not a CycloneDX BOM: bomFormat is "
                        + (repr(found) if found is not None else "missing")
                        + "; expected 'CycloneDX'",
                        code="cyclonedx.not_bom",
                    )
                ]
            )
        version = data.get("specVersion")
        if not isinstance(version, str) or version not in SUPPORTED_VERSIONS:
            raise ContentError(
                [
                    problem_at(
                        self.loaded,
                        ("specVersion",),
                        f"CycloneDX specVersion {version!r} is not supported; this importer "
                        f"reads ML-BOMs of version {' and '.join(SUPPORTED_VERSIONS)}",
                        code="import.version",
                        kind="CycloneDX",
                        value=version,
                        options=quoted(SUPPORTED_VERSIONS),
                    )
                ]
            )
        metadata = data.get("metadata")
        if metadata is not None and not isinstance(metadata, dict):
            self.problem(
                ("metadata",), "metadata must be an object", code="must_be", expected=MUST_BE_OBJECT
            )
        elif isinstance(metadata, dict) and metadata.get("component") is not None:
            self._add(("metadata", "component"), metadata["component"])
        components = data.get("components")
        if components is not None and not isinstance(components, list):
            self.problem(
                ("components",), "components must be a list", code="must_be", expected=MUST_BE_LIST
            )
        elif isinstance(components, list):
            self._walk(("components",), components, 0)
        if self.problems:
            raise ContentError(self.problems)

    def _walk(self, loc: Loc, items: list[Any], depth: int) -> None:
        """Index a list of components and their nested `components`."""
        for index, item in enumerate(items):
            here = (*loc, index)
            self._add(here, item)
            nested = item.get("components") if isinstance(item, dict) else None
            if isinstance(nested, list) and depth < 8:
                self._walk((*here, "components"), nested, depth + 1)

    def _add(self, loc: Loc, item: Any) -> None:
        """Index one component, checking the fields the importer reads."""
        if not isinstance(item, dict):
            self.problem(
                loc, "a component must be an object", code="must_be", expected=MUST_BE_OBJECT
            )
            return
        kind = item.get("type")
        if not isinstance(kind, str):
            self.problem((*loc, "type"), "a component needs a `type`", code="missing")
            return
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            self.problem((*loc, "name"), "a component needs a `name`", code="missing")
            return
        for key, shape in (
            ("licenses", list),
            ("externalReferences", list),
            ("modelCard", dict),
            ("data", list),
        ):
            if item.get(key) is not None and not isinstance(item[key], shape):
                what = "a list" if shape is list else "an object"
                self.problem(
                    (*loc, key),
                    f"{key} must be {what}",
                    code="must_be",
                    expected=MUST_BE_LIST if shape is list else MUST_BE_OBJECT,
                )
        if isinstance(item.get("licenses"), list):
            self._licences((*loc, "licenses"), item["licenses"])
        ref = item.get("bom-ref")
        if isinstance(ref, str):
            if ref in self.by_ref:
                return  # metadata.component repeated in components: one component, not two
            self.by_ref[ref] = (loc, item)
        self.components.append((loc, item))

    def _licences(self, loc: Loc, entries: list[Any]) -> None:
        """Check the shape of `licenses` entries: `expression`, or `license` with id or name."""
        for index, entry in enumerate(entries):
            here = (*loc, index)
            if not isinstance(entry, dict):
                self.problem(
                    here,
                    "a licence entry must be an object",
                    code="must_be",
                    expected=MUST_BE_OBJECT,
                )
                continue
            if "expression" in entry:
                if not isinstance(entry["expression"], str):
                    self.problem(
                        (*here, "expression"),
                        "expression must be text",
                        code="must_be",
                        expected=MUST_BE_TEXT,
                    )
                continue
            licence = entry.get("license")
            if not isinstance(licence, dict) or not any(
                isinstance(licence.get(k), str) for k in ("id", "name")
            ):
                self.problem(
                    here,
                    "a licence entry needs `expression`, or `license` with an `id` or `name`",
                    code="cyclonedx.licence_entry",
                )


def import_cyclonedx(raw: bytes, name: str, bundle: PolicyBundle | None = None) -> ImportResult:
    """Import a CycloneDX 1.5/1.6 ML-BOM (JSON).

    Raises:
        ContentError: malformed JSON, not CycloneDX, an unsupported specVersion, no
            machine-learning-model component, or fields of the wrong shape; located.
    """
    loaded = load_json(raw, name, MAX_BYTES)
    bom = _Bom(loaded)
    bom.read()
    models = [(loc, c) for loc, c in bom.components if c["type"] == MODEL_TYPE]
    if not models:
        raise ContentError(
            [
                coded_problem(
                    name,
                    f"the BOM has no {MODEL_TYPE!r} component; nothing to import",
                    code="import.no_model",
                    kind="BOM",
                    value=MODEL_TYPE,
                )
            ]
        )
    builder = AnswerBuilder("cyclonedx", name, bundle, SOURCE_LABEL)
    loc, model = models[0]
    if len(models) > 1:
        others = ", ".join(str(c["name"]) for _, c in models[1:])
        builder.warn(
            note("cdx.many_models", n=len(models), model=str(model["name"]), others=others)
        )
    _model(builder, bom, loc, model)
    _data(builder, bom, model)
    infer_osaid_answers(builder, "ML-BOM")
    version = model.get("version")
    return builder.finish(
        assessment_info(
            str(model["name"]).strip(),
            version.strip() if isinstance(version, str) and version.strip() else None,
            _supplier(model),
            name,
        )
    )


def _supplier(component: dict[str, Any]) -> str | None:
    """The supplier's (or manufacturer's) name, or the author."""
    for key in ("supplier", "manufacturer"):
        entity = component.get(key)
        if isinstance(entity, dict) and isinstance(entity.get("name"), str):
            return str(entity["name"]).strip() or None
    author = component.get("author")
    return author.strip() if isinstance(author, str) and author.strip() else None


def _licence(
    builder: AnswerBuilder, component: dict[str, Any], question: str
) -> tuple[LicenceReading | None, list[dict[str, str]]]:
    """A component's licence from `licenses`, and the licence URLs given."""
    entries = list(iter_dicts(component.get("licenses")))
    concluded = [e for _, e in entries if _ack(e) == "concluded"]
    chosen = concluded or [e for _, e in entries]
    texts: list[str] = []
    refs: list[dict[str, str]] = []
    for entry in chosen:
        if isinstance(entry.get("expression"), str):
            texts.append(entry["expression"])
            continue
        licence = entry["license"]
        text = licence.get("id") if isinstance(licence.get("id"), str) else licence.get("name")
        texts.append(str(text))
        if is_url(licence.get("url")):
            refs.append(evidence(licence["url"], f"licence text ({text})"))
    texts = [t.strip() for t in texts if t.strip()]
    if not texts:
        return None, refs
    if len(texts) > 1:
        builder.warn(note("many_licences", n=len(texts)), question)
    joined = conjunction(texts)
    return builder.licence(joined, question), refs


def _ack(entry: dict[str, Any]) -> str | None:
    """The `acknowledgement` of a licence entry (CycloneDX 1.6)."""
    inner = entry.get("license")
    value = entry.get("acknowledgement")
    if value is None and isinstance(inner, dict):
        value = inner.get("acknowledgement")
    return value if isinstance(value, str) else None


def _refs(component: dict[str, Any], *types: str) -> list[str]:
    """URLs of the component's external references of the given types."""
    return [
        str(ref["url"]).strip()
        for _, ref in iter_dicts(component.get("externalReferences"))
        if ref.get("type") in types and is_url(ref.get("url"))
    ]


def _model(builder: AnswerBuilder, bom: _Bom, loc: Loc, model: dict[str, Any]) -> None:
    """Record the model component, its model card and its evaluation results."""
    reading, licence_refs = _licence(builder, model, "model_parameters_final")
    location = _refs(model, "distribution", "distribution-intake")
    refs = [evidence(u, "distribution of the model") for u in location] + licence_refs
    refs += [evidence(u, "website") for u in _refs(model, "website")]
    refs += [evidence(u, "source repository (vcs)") for u in _refs(model, "vcs")]
    written = note("written", raw=reading.original) if reading else note("no_licence_listed")
    if reading is None:
        builder.warn(note("cdx.model_no_licence"), "model_parameters_final")
    here = f"components[{model['name']}]"
    said = note("cdx.model", name=str(model["name"])) + written
    if not location:
        said += note("cdx.no_distribution")
    builder.component(
        "model_parameters_final",
        "yes" if location else "unknown",
        location=location,
        licence=reading,
        evidence=refs,
        note=said,
        fields=[here, *([f"{here}.licenses"] if reading else [])],
    )
    card = model.get("modelCard")
    card_urls = _refs(model, "model-card")
    if isinstance(card, dict) or card_urls:
        builder.component(
            "model_card",
            "yes",
            location=card_urls,
            evidence=[evidence(u, "model card") for u in card_urls],
            note=note("cdx.card_inline" if isinstance(card, dict) else "cdx.card_ref"),
            fields=[
                f"{here}.modelCard" if isinstance(card, dict) else f"{here}.externalReferences"
            ],
        )
    analysis = card.get("quantitativeAnalysis") if isinstance(card, dict) else None
    metrics = analysis.get("performanceMetrics") if isinstance(analysis, dict) else None
    if isinstance(metrics, list) and metrics:
        builder.component(
            "evaluation_results",
            "yes",
            note=note("cdx.metrics", n=len(metrics)),
            fields=[f"{here}.modelCard.quantitativeAnalysis.performanceMetrics"],
        )
    params = card.get("modelParameters") if isinstance(card, dict) else None
    if isinstance(params, dict):
        for key in ("architectureFamily", "modelArchitecture"):
            if isinstance(params.get(key), str):
                builder.info(note("cdx.parameter", key=key, value=params[key]))


def _data(builder: AnswerBuilder, bom: _Bom, model: dict[str, Any]) -> None:
    """Record the training data: referenced data components, inline datasets, loose ones."""
    card = model.get("modelCard")
    params = card.get("modelParameters") if isinstance(card, dict) else None
    listed = params.get("datasets") if isinstance(params, dict) else None
    used: list[dict[str, Any]] = []
    inline: list[dict[str, Any]] = []
    for _, entry in iter_dicts(listed):
        ref = entry.get("ref")
        if isinstance(ref, str):
            target = bom.by_ref.get(ref)
            if target is None or target[1].get("type") != "data":
                builder.warn(note("cdx.dangling_dataset", ref=ref), "datasets")
            else:
                used.append(target[1])
        else:
            inline.append(entry)
    referenced = {id(c) for c in used}
    loose = [c for _, c in bom.components if c["type"] == "data" and id(c) not in referenced]
    if loose:
        builder.warn(note("cdx.loose_data", n=len(loose)))
        used += loose
    if not used and not inline:
        builder.info(note("cdx.no_data"), "datasets")
        return
    names: list[str] = []
    locations: list[str] = []
    texts: list[str] = []
    unstated: list[str] = []
    complete = True
    for component in used:
        names.append(str(component["name"]))
        urls = _refs(component, "distribution", "distribution-intake")
        for _, item in iter_dicts(component.get("data")):
            contents = item.get("contents")
            if isinstance(contents, dict) and is_url(contents.get("url")):
                urls.append(str(contents["url"]).strip())
        complete = complete and bool(urls)
        locations += urls
        reading, _ = _licence(builder, component, "datasets")
        if reading is None or reading.value is None:
            unstated.append(str(component["name"]))
        else:
            texts.append(reading.value)
    for entry in inline:
        names.append(str(entry.get("name") or "unnamed dataset"))
        contents = entry.get("contents")
        url = contents.get("url") if isinstance(contents, dict) else None
        complete = complete and is_url(url)
        if is_url(url):
            locations.append(str(url).strip())
        unstated.append(str(entry.get("name") or "unnamed dataset"))
    licence = None
    if texts and not unstated:
        joined = conjunction(texts)
        licence = builder.licence(joined, "datasets")
    elif unstated:
        builder.warn(note("no_licence_for", names=unstated), "datasets")
    released = "yes" if complete else "unknown"
    builder.component(
        "datasets",
        released,
        location=locations,
        licence=licence,
        evidence=[evidence(u, "training data location") for u in locations],
        note=note("training_data", names=names)
        + (note("cdx.data_unplaced") if not complete else Note(())),
        fields=[f"components[{c['name']}]" for c in used]
        + (
            ["components[" + str(model["name"]) + "].modelCard.modelParameters.datasets"]
            if inline
            else []
        ),
    )
