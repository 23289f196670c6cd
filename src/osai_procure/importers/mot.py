"""Import a Model Openness Tool (MOT) model file: each MOF component's release and licence.

Licences are resolved as the Model Openness Tool does (lfai/model_openness_tool,
`ModelEvaluator::resolveLicense` and `ModelUpdater::processComponentLicenses`):

1. the component's own `license`, when the key is present and not null; `unlicensed` and an
   empty string mean "no licence" and do not fall through to the global licences;
2. else the global licence of the component's content type, `release.license.<type>.name`,
   trying the component's MOT content types in MOT's order (`mof.settings.yml`): model
   parameters (final) try `data` then `code`, documentation components `document` then `code`;
3. else `release.license.distribution.name`;
4. else none: the component is released but its terms are not stated.

Three states, as the record supports them. A listed component is released (`released: yes`):
MOT lists what a release contains. It is not released (`no`) when its licence says "Component
not included" (written in many ways), or when it is marked proprietary and the record gives no
place to obtain it (how MOT records GPT-4's or PaLM's weights). `unlicensed`, an empty licence
and "Undisclosed" mean nobody recorded a licence: the terms are unknown, never closed, and with
no location the release itself is unknown. "License not specified" leaves the terms unstated.
A component the file does not list is left unanswered: the record does not say, and that is an
open question for the vendor, not a finding against them. The one exception is the final
weights when `release.huggingface` is the model's own hub page, which shows them published.
Every answer names the record fields it rests on (`Answer.source`). Older MOT files use
`license_name`/`location`/`github` for `license`/`component_path`/`repository`; both are read.
The OSAID judgements a file cannot state are inferred only from a complete, openly licensed
record (see `importers.infer_osaid_answers`); the optimizer state is never answered.
"""

from __future__ import annotations

import re
from typing import Any

from osai_procure.errors import ContentError, Problem, coded_problem
from osai_procure.importers import (
    MUST_BE_LIST,
    MUST_BE_MAPPING,
    MUST_BE_TEXT,
    AnswerBuilder,
    ImportResult,
    LicenceReading,
    assessment_info,
    check_text,
    evidence,
    infer_osaid_answers,
    is_url,
    kind_of,
    problem_at,
)
from osai_procure.importers.notes import Note, join, note
from osai_procure.loading import PolicyBundle, closest, quoted
from osai_procure.models.questionnaire import ComponentQuestion
from osai_procure.yamlsafe import Loaded, Loc, load_bytes

SOURCE_LABEL = "Model Openness Tool file"
SUPPORTED_FRAMEWORK_VERSIONS = ("1.0",)
MAX_BYTES = 512 * 1024

# MOF component name -> question id of questionnaire osaid_1_0 (docs/content-ids.md).
MOF_QUESTIONS: dict[str, str] = {
    "Model architecture": "model_architecture",
    "Data preprocessing code": "code_data_preprocessing",
    "Training code": "code_training",
    "Evaluation code": "code_evaluation",
    "Supporting libraries and tools": "code_supporting_libraries",
    "Inference code": "code_inference",
    "Model parameters (Final)": "model_parameters_final",
    "Model parameters (Intermediate)": "model_parameters_intermediate",
    "Datasets": "datasets",
    "Data card": "data_card",
    "Technical report": "technical_report",
    "Research paper": "research_paper",
    "Evaluation data": "evaluation_data",
    "Evaluation results": "evaluation_results",
    "Model card": "model_card",
    "Sample model outputs": "sample_outputs",
    "Model metadata": "model_metadata",
}

# Components the framework marks optional (`required: false` in MOT's mof.settings.yml): a record
# that does not list one says nothing about it.
MOF_OPTIONAL = frozenset(
    {"Supporting libraries and tools", "Model metadata", "Sample model outputs"}
)

# The MOT content types of each component, in the order MOT tries them for a global licence
# (web/modules/mof/config/install/mof.settings.yml of lfai/model_openness_tool).
MOT_CONTENT_TYPES: dict[str, tuple[str, ...]] = {
    "Datasets": ("data", "code", "document"),
    "Data preprocessing code": ("code",),
    "Model architecture": ("code",),
    "Model parameters (Final)": ("data", "code"),
    "Model metadata": ("data",),
    "Model parameters (Intermediate)": ("data",),
    "Training code": ("code",),
    "Inference code": ("code",),
    "Evaluation code": ("code",),
    "Evaluation data": ("data",),
    "Evaluation results": ("document", "code"),
    "Supporting libraries and tools": ("code",),
    "Model card": ("document", "code"),
    "Data card": ("document", "code"),
    "Technical report": ("document", "code"),
    "Research paper": ("document",),
    "Sample model outputs": ("data", "code", "document"),
}

_NOT_INCLUDED = re.compile(r"^(component\s+)*not\s+(includ|releas)", re.IGNORECASE)
_NOT_SPECIFIED = re.compile(r"^licen[cs]e\s+not\s+specified$", re.IGNORECASE)
_HUB_MODEL = re.compile(
    r"^https?://(?:www\.)?(?:huggingface\.co|hf\.co)/([^/?#\s]+)/[^/?#\s]+/?(?:tree/[^?#\s]*)?$",
    re.IGNORECASE,
)
_HUB_NOT_MODELS = frozenset({"datasets", "spaces", "collections", "docs", "blog", "papers"})
_NO_TERMS = frozenset({"unlicensed", "undisclosed"})
# The components a model hub page of the model itself shows published: the weights.
HUB_COMPONENTS = frozenset({"Model parameters (Final)"})


def _fold(name: str) -> str:
    """Fold a component name for matching: case, spacing and quotes are ignored."""
    return " ".join(name.replace("'", "").replace('"', "").split()).casefold()


_FOLDED_NAMES = {_fold(name): name for name in MOF_QUESTIONS}


class _Reader:
    """Reads one loaded MOT document, collecting every problem before giving up."""

    def __init__(self, loaded: Loaded, builder: AnswerBuilder) -> None:
        """Start reading `loaded`, recording answers and notes in `builder`."""
        self.loaded = loaded
        self.builder = builder
        self.problems: list[Problem] = []

    def problem(self, loc: Loc, message: str, *, code: str, **params: object) -> None:
        """Record a located problem, with the code that words it in Japanese."""
        self.problems.append(problem_at(self.loaded, loc, message, code=code, **params))

    def wrong_kind(self, loc: Loc, message: str, expected: str, value: object) -> None:
        """Record a value of the wrong kind: what it must be, and what it is."""
        self.problem(loc, message, code="expected", expected=expected, found=kind_of(value))

    def text(self, node: dict[str, Any], key: str, loc: Loc, *, required: bool = False) -> str:
        """Return a text field ('' when absent or null); numbers are read as text."""
        value = node.get(key)
        if value is None:
            if required:
                self.problem((*loc, key), f"{key} is required", code="missing")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.wrong_kind(
                (*loc, key), f"{key} must be text, not {kind_of(value, 'en')}", MUST_BE_TEXT, value
            )
            return ""
        return str(value).strip()

    def mapping(self, node: dict[str, Any], key: str, loc: Loc) -> dict[str, Any] | None:
        """Return a mapping field, None when absent or null; record a problem otherwise."""
        value = node.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            message = f"{key} must be a mapping of keys, not {kind_of(value, 'en')}"
            self.wrong_kind((*loc, key), message, MUST_BE_MAPPING, value)
            return None
        return value


def _question_map(bundle: PolicyBundle | None) -> dict[str, str]:
    """MOF component name -> question id: the policy's questions where they name one."""
    mapping = dict(MOF_QUESTIONS)
    if bundle is not None:
        for question in bundle.questions.values():
            if isinstance(question, ComponentQuestion) and question.mof_component:
                for name in MOF_QUESTIONS:
                    if _fold(name) == _fold(question.mof_component):
                        mapping[name] = question.id
    return mapping


def import_mot(raw: bytes, name: str, bundle: PolicyBundle | None = None) -> ImportResult:
    """Import a Model Openness Tool model file (YAML) into imported, unconfirmed answers.

    Raises:
        ContentError: unsafe or malformed YAML, an unsupported framework version, or fields of
            the wrong type; every problem is reported with its line and key path.
    """
    loaded = check_text(load_bytes(raw, name, MAX_BYTES))
    builder = AnswerBuilder("mot", name, bundle, SOURCE_LABEL)
    reader = _Reader(loaded, builder)
    data = loaded.data
    if not isinstance(data, dict):
        raise ContentError(
            [
                coded_problem(
                    name,
                    "not a Model Openness Tool file: the top level must be a mapping",
                    1,
                    code="mot.not_mot",
                )
            ]
        )
    _check_framework(reader, data)
    release = data.get("release")
    if not isinstance(release, dict):
        what = "missing" if release is None else f"{kind_of(release, 'en')}, not a mapping"
        message = f"release is {what}; a MOT file describes one release"
        if release is None:
            reader.problem(("release",), message, code="missing_key", key="release")
        else:
            reader.problem(("release",), message, code="mot.release", found=kind_of(release))
        raise ContentError(reader.problems)
    loc: Loc = ("release",)
    model = reader.text(release, "name", loc, required=True)
    version = reader.text(release, "version", loc)
    producer = reader.text(release, "producer", loc)
    urls = _release_urls(reader, release)
    globals_ = _global_licences(reader, release)
    hub = model_hub_url(reader.text(release, "huggingface", loc))
    listed = _components(reader, release, globals_, urls, _question_map(bundle), hub)
    if reader.problems:
        raise ContentError(reader.problems)
    if not model:
        raise ContentError(
            [problem_at(loaded, (*loc, "name"), "release.name is empty", code="name_empty")]
        )
    questions = _question_map(bundle)
    _absent(builder, listed, questions, globals_, hub)
    _lineage(reader, release, model)
    infer_osaid_answers(builder, "Model Openness Tool record")
    for mof_name in sorted(MOF_OPTIONAL - listed):
        if not builder.has(questions[mof_name]):
            builder.info(note("mot.optional_unlisted", component=mof_name), questions[mof_name])
    for qid in ("code_hyperparameter_search", "optimizer_state"):
        if not builder.has(qid):
            builder.info(note("mot.no_component"), qid)
    return builder.finish(assessment_info(model, version or None, producer or None, name))


def _check_framework(reader: _Reader, data: dict[str, Any]) -> None:
    """Check that the file declares a supported Model Openness Framework version."""
    framework = reader.mapping(data, "framework", ())
    if framework is None:
        if "framework" not in data:
            reader.builder.warn(note("mot.no_framework"))
        return
    fname = reader.text(framework, "name", ("framework",))
    if fname and _fold(fname) != _fold("Model Openness Framework"):
        reader.problem(
            ("framework", "name"),
            f"framework {fname!r} is not the Model Openness Framework; not a MOT file",
            code="mot.not_mof",
            value=fname,
        )
    version = framework.get("version")
    shown = str(version).strip() if isinstance(version, str | int | float) else None
    if isinstance(version, bool) or (version is not None and shown is None):
        message = f"version must be text, not {kind_of(version, 'en')}"
        reader.wrong_kind(("framework", "version"), message, MUST_BE_TEXT, version)
    elif shown is not None and shown not in SUPPORTED_FRAMEWORK_VERSIONS:
        reader.problem(
            ("framework", "version"),
            f"Model Openness Framework version {shown!r} is not supported; this importer reads "
            f"version {', '.join(SUPPORTED_FRAMEWORK_VERSIONS)}",
            code="import.version",
            kind="Model Openness Framework",
            value=shown,
            options=quoted(SUPPORTED_FRAMEWORK_VERSIONS),
        )
    elif shown is None:
        reader.builder.warn(note("mot.no_framework_version"))


def _release_urls(reader: _Reader, release: dict[str, Any]) -> list[tuple[str, str]]:
    """The release's repository and Hugging Face URLs, as (url, what) pairs."""
    urls: list[tuple[str, str]] = []
    for key, what in (
        ("repository", "release repository"),
        ("github", "release repository"),
        ("huggingface", "Hugging Face page"),
    ):
        value = reader.text(release, key, ("release",))
        if is_url(value):
            urls.append((value, f"{what} (release.{key})"))
        elif value:
            reader.builder.warn(note("mot.url_ignored", key=key, value=value))
    return urls


def _global_licences(
    reader: _Reader, release: dict[str, Any]
) -> dict[str, tuple[str, str, str | None]]:
    """The global licences by MOT type: type -> (licence name, key path, licence text URL)."""
    out: dict[str, tuple[str, str, str | None]] = {}
    loc: Loc = ("release", "license")
    value = release.get("license")
    if value is None:
        return out
    if isinstance(value, str):
        if value.strip():
            reader.builder.warn(note("mot.licence_string"))
            out["distribution"] = (value.strip(), "release.license", None)
        return out
    if not isinstance(value, dict):
        message = f"license must be a mapping of keys, not {kind_of(value, 'en')}"
        reader.wrong_kind(loc, message, MUST_BE_MAPPING, value)
        return out
    for key in ("code", "data", "document", "distribution"):
        entry = reader.mapping(value, key, loc)
        if entry is None:
            continue
        licence = reader.text(entry, "name", (*loc, key))
        path = reader.text(entry, "path", (*loc, key))
        if licence:
            out[key] = (licence, f"release.license.{key}.name", path if is_url(path) else None)
    return out


def _components(
    reader: _Reader,
    release: dict[str, Any],
    globals_: dict[str, tuple[str, str, str | None]],
    urls: list[tuple[str, str]],
    questions: dict[str, str],
    hub: str | None,
) -> set[str]:
    """Record an answer per listed component; return the MOF names listed."""
    loc: Loc = ("release", "components")
    components = release.get("components")
    if components is None:
        if "components" in release:
            return set()  # `components:` written with no items: nothing was released
        reader.problem(
            loc,
            "release.components is missing; list the released components",
            code="mot.no_components",
        )
        return set()
    if not isinstance(components, list):
        message = f"components must be a list, not {kind_of(components, 'en')}"
        reader.wrong_kind(loc, message, MUST_BE_LIST, components)
        return set()
    listed: dict[str, int] = {}
    for index, item in enumerate(components):
        here: Loc = (*loc, index)
        if not isinstance(item, dict):
            message = f"a component must be a mapping of keys, not {kind_of(item, 'en')}"
            reader.wrong_kind(here, message, MUST_BE_MAPPING, item)
            continue
        raw_name = reader.text(item, "name", here, required=True)
        if not raw_name:
            if "name" in item and item.get("name") is not None:
                reader.problem((*here, "name"), "the component name is empty", code="name_empty")
            continue
        mof_name = _FOLDED_NAMES.get(_fold(raw_name))
        if mof_name is None:
            close = closest(raw_name, MOF_QUESTIONS)
            reader.builder.warn(
                note("mot.unknown_component.suggest", index=index, name=raw_name, suggestion=close)
                if close
                else note("mot.unknown_component", index=index, name=raw_name)
            )
            continue
        if mof_name in listed:
            reader.builder.warn(
                note("mot.component_twice", index=index, name=mof_name, first=listed[mof_name])
            )
            continue
        listed[mof_name] = index
        _component(reader, item, here, mof_name, questions[mof_name], globals_, urls, hub)
    if len(components) > len(MOF_QUESTIONS):
        reader.builder.warn(
            note("mot.too_many_components", count=len(components), limit=len(MOF_QUESTIONS))
        )
    return set(listed)


def _component(
    reader: _Reader,
    item: dict[str, Any],
    loc: Loc,
    mof_name: str,
    qid: str,
    globals_: dict[str, tuple[str, str, str | None]],
    urls: list[tuple[str, str]],
    hub: str | None,
) -> None:
    """Resolve one listed component's release and licence and record its answer.

    Released: yes when the record gives a place to get it (its path, or for the weights the
    model's own hub page); no when its licence says it was not included, or when it is marked
    proprietary with nowhere to get it; otherwise a listed component is released (MOT lists
    what a release contains) unless no licence was recorded either, which says nothing.
    """
    builder = reader.builder
    key = "license" if "license" in item else "license_name"
    if "license" in item and "license_name" in item:
        builder.warn(note("mot.both_licence", component=mof_name), qid)
    own = item.get(key)
    own_text = reader.text(item, key, loc) if own is not None else None
    path_key = "component_path" if "component_path" in item else "location"
    component_path = reader.text(item, path_key, loc)
    licence_path = reader.text(item, "license_path", loc)
    if reader.problems:
        return
    here = f"release.components[{mof_name}]"
    fields = [here]
    refs = [evidence(u, w) for u, w in urls]
    notes: list[Note] = []
    location: list[str] = []
    if is_url(component_path):
        location.append(component_path)
        fields.append(f"{here}.{path_key}")
        refs.insert(0, evidence(component_path, f"{mof_name} ({path_key})"))
    elif component_path:
        notes.append(note("mot.path_not_url", key=path_key, path=component_path))
    if hub and mof_name in HUB_COMPONENTS and not location:
        location.append(hub)
        fields.append("release.huggingface")
        notes.append(note("mot.hub_shows", hub=hub))
    if is_url(licence_path):
        refs.insert(0, evidence(licence_path, f"licence text of {mof_name} (license_path)"))
    elif licence_path:
        notes.append(note("mot.licence_path_not_url", path=licence_path))

    released = "yes"
    reading: LicenceReading | None = None
    if own_text is not None:
        fields.append(f"{here}.{key}")
    if own_text is not None and _NOT_INCLUDED.match(own_text):
        released = "no"
        notes.insert(0, note("mot.not_released", own=repr(own)))
        builder.info(note("mot.read_not_released", component=mof_name, own=own_text), qid)
    elif own_text is not None and own_text.casefold() in ("", "unlicensed", "unlicenced"):
        # MOT writes `unlicensed` when nobody recorded a licence: the terms are unknown, not
        # closed, and MOT does not fall back to the global licence.
        if not location:
            released = "unknown"
            notes.insert(0, note("mot.unlicensed_no_location", own=repr(own)))
        else:
            notes.insert(0, note("mot.unlicensed", own=repr(own)))
    elif own_text is not None and _NOT_SPECIFIED.match(own_text):
        notes.insert(0, note("mot.not_specified", own=repr(own)))
        builder.warn(note("mot.warn_not_specified", component=mof_name), qid)
    elif own_text is not None:
        reading = builder.licence(str(own), qid)
        notes.insert(0, note("mot.listed_released", raw=own_text, where=key))
    else:
        reading = _inherited(builder, mof_name, qid, globals_, notes, refs, fields)
        if reading is None:
            notes.insert(0, note("mot.no_licence_anywhere"))
            builder.warn(note("mot.warn_no_licence", component=mof_name), qid)
    if reading is not None and reading.facts is not None and reading.facts.kind in _NO_TERMS:
        # "Undisclosed" and the like say no licence is on record: unknown terms, not closed ones.
        notes.append(note("licence.no_terms", raw=reading.original))
        reading = None
        if not location:
            released = "unknown"
    if (
        released == "yes"
        and not location
        and reading is not None
        and reading.facts is not None
        and reading.facts.kind == "proprietary"
    ):
        released = "no"
        notes.insert(0, note("mot.proprietary"))
        builder.info(note("mot.warn_proprietary", component=mof_name), qid)
    builder.component(
        qid,
        released,
        location=location if released == "yes" else (),
        licence=reading if released == "yes" else None,
        evidence=refs,
        note=join(notes),
        fields=fields,
    )


def _inherited(
    builder: AnswerBuilder,
    mof_name: str,
    qid: str,
    globals_: dict[str, tuple[str, str, str | None]],
    notes: list[Note],
    refs: list[dict[str, str]],
    fields: list[str],
) -> LicenceReading | None:
    """The global licence a component without its own inherits, as MOT resolves it."""
    for mot_type in (*MOT_CONTENT_TYPES[mof_name], "distribution"):
        if mot_type in globals_:
            text, where, text_url = globals_[mot_type]
            notes.insert(0, note("mot.inherited", raw=text, where=where))
            fields.append(where)
            if text_url:
                refs.insert(0, evidence(text_url, f"licence text ({where})"))
            return builder.licence(text, qid)
    return None


def _absent(
    builder: AnswerBuilder,
    listed: set[str],
    questions: dict[str, str],
    globals_: dict[str, tuple[str, str, str | None]],
    hub: str | None,
) -> None:
    """Leave every required MOF component the file does not list unanswered: the record's
    silence is an open question, not a finding. The weights are the exception when the record
    gives the model's own hub page, which shows them published."""
    if hub and "Model parameters (Final)" not in listed:
        name = "Model parameters (Final)"
        qid = questions[name]
        notes = [note("mot.hub_unlisted", hub=hub)]
        refs = [evidence(hub, "model hub page (release.huggingface)")]
        fields = ["release.huggingface"]
        reading = _inherited(builder, name, qid, globals_, notes, refs, fields)
        if reading is None:
            notes.append(note("mot.no_licence_given"))
        builder.component(
            qid,
            "yes",
            location=[hub],
            licence=reading,
            evidence=refs,
            note=join(notes[::-1]),
            fields=fields,
        )
        listed = listed | {name}
    untold = [n for n in MOF_QUESTIONS if n not in listed and n not in MOF_OPTIONAL]
    if untold:
        builder.info(note("mot.untold", qs=[questions[n] for n in untold]))


def model_hub_url(text: str) -> str | None:
    """The URL when it is a Hugging Face page of one model (`huggingface.co/ORG/NAME`), else
    None: a bare host, a dataset, a space or a collection does not show published weights."""
    if not is_url(text):
        return None
    match = _HUB_MODEL.match(text.strip())
    if match is None or match.group(1).casefold() in _HUB_NOT_MODELS:
        return None
    return text.strip()


_FINE_TUNED = ("instruct fine-tuned", "chat fine-tuned")


def _lineage(reader: _Reader, release: dict[str, Any], model: str) -> None:
    """Answer the lineage questions where the record states them: `release.treatment` says
    whether the model was pre-trained or fine-tuned, and `release.origin` names the model it
    came from. Without a treatment, the origin alone does not say that it is a base model (MOT
    records often give the model's own family there)."""
    builder = reader.builder
    treatment = reader.text(release, "treatment", ("release",)).casefold()
    origin = reader.text(release, "origin", ("release",))
    if treatment == "pre-trained":
        builder.answer(
            "base_model_used",
            "no",
            note=note("mot.pretrained"),
            fields=["release.treatment"],
        )
    elif treatment in _FINE_TUNED:
        builder.answer(
            "base_model_used",
            "yes",
            note=note("mot.treatment", treatment=treatment),
            fields=["release.treatment"],
        )
        if origin and origin.casefold() != model.casefold():
            builder.answer(
                "base_model_name",
                origin,
                note=note("mot.origin"),
                fields=["release.origin"],
            )
        else:
            builder.info(note("mot.no_origin"))
    elif origin:
        builder.info(note("mot.origin_only", origin=origin))
