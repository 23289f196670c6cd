"""Import a Hugging Face model card: a README.md whose YAML front matter describes the model.

What a card can tell: the repository's licence (`license`, or `license_name`/`license_link`
when `license: other`), which applies to the weights and to the card itself; evaluation
results (`model-index`); the training datasets it names (`datasets`); the model it derives
from (`base_model`); and whether downloads are gated (`extra_gated_*`). The card cannot tell
where the weights live (the repository id is not in the file), whether the code or the data
was released, or anything about the data information's detail: those stay unanswered.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from osai_procure.errors import ContentError, Problem, coded_problem
from osai_procure.importers import (
    MUST_BE_LIST,
    AnswerBuilder,
    ImportResult,
    LicenceReading,
    assessment_info,
    check_text,
    conjunction,
    evidence,
    infer_osaid_answers,
    is_url,
    problem_at,
)
from osai_procure.importers.notes import note
from osai_procure.loading import PolicyBundle
from osai_procure.yamlsafe import Loaded, decode, load_text

SOURCE_LABEL = "Hugging Face model card"
MAX_BYTES = 2 * 1024 * 1024
MAX_FRONT_MATTER_BYTES = 256 * 1024

_DATASET_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*(/[A-Za-z0-9][\w.\-]*)?$")
_MODEL_ID = _DATASET_ID  # hub model ids have the same shape as dataset ids
_DELIMITER = re.compile(r"^---[ \t]*$")


def front_matter(text: str, file: str) -> Loaded:
    """Load the YAML front matter of a model card, with line numbers as in the README.

    Raises:
        ContentError: no front matter, an unclosed one, or unsafe/malformed YAML in it.
    """
    lines = text.splitlines()
    if not lines or not _DELIMITER.match(lines[0]):
        raise ContentError(
            [
                coded_problem(
                    file,
                    "the model card has no YAML front matter: it must start with a line '---'; "
                    "nothing to import",
                    1,
                    code="hf.no_front_matter",
                )
            ]
        )
    for index in range(1, len(lines)):
        if _DELIMITER.match(lines[index]) or lines[index].rstrip() == "...":
            body = "\n".join(lines[1:index])
            break
    else:
        raise ContentError(
            [
                coded_problem(
                    file,
                    "the front matter is not closed by a second '---' line (truncated file?)",
                    len(lines),
                    code="hf.front_matter_unclosed",
                )
            ]
        )
    if len(body.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise ContentError(
            [
                coded_problem(
                    file,
                    f"the front matter is over {MAX_FRONT_MATTER_BYTES:,} bytes",
                    2,
                    code="hf.front_matter_too_large",
                    limit=f"{MAX_FRONT_MATTER_BYTES:,}",
                )
            ]
        )
    if not body.strip():
        raise ContentError(
            [
                coded_problem(
                    file,
                    "the front matter is empty; nothing to import",
                    2,
                    code="hf.front_matter_empty",
                )
            ]
        )
    # A leading newline stands for the opening '---' so that line numbers match the README.
    return check_text(load_text("\n" + body, file))


def _system_name(data: dict[str, Any], file: str) -> str:
    """The model's name: `model_name`, the first `model-index` name, or the file's folder."""
    for candidate in (data.get("model_name"), _first_index_name(data)):
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()
    path = PurePath(file)
    if path.stem.casefold() == "readme" and path.parent.name:
        return path.parent.name
    return path.stem or "unnamed model"


def _first_index_name(data: dict[str, Any]) -> str | None:
    """The name of the first `model-index` entry, if any."""
    index = data.get("model-index")
    if isinstance(index, list) and index and isinstance(index[0], dict):
        name = index[0].get("name")
        return name if isinstance(name, str) else None
    return None


def _strings(value: Any) -> list[str] | None:
    """A string or a list of strings as a list; None for any other shape."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    return None


def import_model_card(raw: bytes, name: str, bundle: PolicyBundle | None = None) -> ImportResult:
    """Import a Hugging Face model card (README.md with YAML front matter).

    Raises:
        ContentError: no or malformed front matter, or fields of the wrong shape.
    """
    loaded = front_matter(decode(raw, name, MAX_BYTES), name)
    data = loaded.data
    if not isinstance(data, dict):
        raise ContentError(
            [
                coded_problem(
                    name, "the front matter must be a mapping of keys", 2, code="top_not_mapping"
                )
            ]
        )
    problems: list[Problem] = []
    fields: dict[str, list[str]] = {}
    for key in ("license", "license_name", "license_link", "datasets", "base_model"):
        if key not in data or data[key] is None:
            continue
        values = _strings(data[key])
        if values is None:
            problems.append(
                problem_at(
                    loaded,
                    (key,),
                    f"{key} must be text or a list of texts",
                    code="must_be",
                    expected="文字列又は文字列のリスト",
                )
            )
            continue
        fields[key] = values
    if "model-index" in data and not isinstance(data["model-index"], list | type(None)):
        problems.append(
            problem_at(
                loaded,
                ("model-index",),
                "model-index must be a list",
                code="must_be",
                expected=MUST_BE_LIST,
            )
        )
    if problems:
        raise ContentError(problems)

    builder = AnswerBuilder("hf", name, bundle, SOURCE_LABEL)
    reading, where, refs = _licence(builder, fields)
    card_note = note("hf.card_is_readme")
    if reading is not None:
        licence_note = note("licence.as_written", raw=reading.original, where=where)
    else:
        licence_note = note("hf.no_licence")
        builder.warn(note("hf.no_licence_warn"))
    licence_fields = [where] if reading is not None else []
    builder.component(
        "model_parameters_final",
        "yes",
        licence=reading,
        evidence=refs,
        note=note("hf.weights") + licence_note + note("hf.no_location"),
        fields=["(front matter)", *licence_fields],
    )
    builder.component(
        "model_card",
        "yes",
        licence=reading,
        evidence=refs,
        note=card_note + licence_note,
        fields=["(front matter)", *licence_fields],
    )
    if _has_results(data):
        builder.component(
            "evaluation_results",
            "yes",
            licence=reading,
            evidence=refs,
            note=note("hf.results") + licence_note,
            fields=["model-index", *licence_fields],
        )
    _datasets(builder, fields.get("datasets", []))
    _base_models(builder, fields.get("base_model", []), data.get("base_model_relation"))
    gated = sorted(str(key) for key in data if str(key).startswith("extra_gated"))
    if gated:
        builder.warn(note("hf.gated"))
    infer_osaid_answers(builder, "model card", {"gated_access": gated} if gated else None)
    builder.info(note("hf.card_only"))
    return builder.finish(assessment_info(_system_name(data, name), None, None, name))


def _licence(
    builder: AnswerBuilder, fields: dict[str, list[str]]
) -> tuple[LicenceReading | None, str, list[dict[str, str]]]:
    """Read the card's licence: `license`, or `license_name` when it is `other`."""
    refs: list[dict[str, str]] = []
    for link in fields.get("license_link", []):
        if is_url(link):
            refs.append(evidence(link, "licence text (license_link)"))
        else:
            builder.info(note("hf.link_path", link=link))
    licences = fields.get("license", [])
    names = fields.get("license_name", [])
    if [x.casefold() for x in licences] in ([], ["other"]) and names:
        text, where = conjunction(names), "license_name"
    elif licences == ["other"] or not licences:
        return None, "", refs
    else:
        text, where = conjunction(licences), "license"
        if len(licences) > 1:
            builder.warn(note("hf.many_licences", n=len(licences)))
    return builder.licence(text), where, refs


def _has_results(data: dict[str, Any]) -> bool:
    """Whether `model-index` reports at least one result."""
    index = data.get("model-index")
    if not isinstance(index, list):
        return False
    return any(
        isinstance(e, dict) and isinstance(e.get("results"), list) and e["results"] for e in index
    )


def _datasets(builder: AnswerBuilder, names: list[str]) -> None:
    """Record the datasets the card names: where they are, not whether they are all of it."""
    if not names:
        builder.info(note("hf.no_datasets"), "datasets")
        return
    urls = []
    for dataset in names:
        if is_url(dataset):
            urls.append(dataset)
        elif _DATASET_ID.match(dataset):
            urls.append(f"https://huggingface.co/datasets/{dataset}")
        else:
            builder.warn(note("hf.not_dataset", dataset=dataset))
    if not urls:
        return
    builder.component(
        "datasets",
        "unknown",
        location=urls,
        evidence=[evidence(u, "dataset named by the card") for u in urls],
        fields=["datasets"],
        note=note("hf.datasets", n=len(urls), names=names),
    )


def _base_models(builder: AnswerBuilder, models: list[str], relation: Any) -> None:
    """Answer the lineage questions from `base_model`, and warn that the base model's own
    components and terms must be assessed too."""
    if not models:
        return
    how = f" ({relation})" if isinstance(relation, str) and relation.strip() else ""
    fields = ["base_model", *(["base_model_relation"] if how else [])]
    builder.answer(
        "base_model_used",
        "yes",
        note=note("hf.base_model", how=how, models=models),
        fields=fields,
    )
    builder.answer(
        "base_model_name",
        ", ".join(models),
        note=note("hf.base_model_field"),
        fields=["base_model"],
    )
    pages = [
        m if is_url(m) else f"https://huggingface.co/{m}"
        for m in models
        if is_url(m) or _MODEL_ID.match(m)
    ]
    if pages:
        builder.answer(
            "base_model_record",
            pages,
            note=note("hf.base_model_page"),
            fields=["base_model"],
            evidence=[evidence(u, "base model") for u in pages],
        )
    builder.warn(note("hf.derived", how=how, models=models))
