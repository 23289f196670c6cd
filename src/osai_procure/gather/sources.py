"""One reader per public service: what each can tell about a model, as imported answers.

A reader fetches through a `Fetcher`, hands the records it finds to the existing importers
(`osai_procure.importers`) and adds what only the service shows (where the weights live, which
code files a repository holds, the paper a card links). Every answer a reader produces is
imported and unconfirmed; its evidence names the fetched document's URL, SHA-256 and time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from huggingface_hub import hf_hub_url
from huggingface_hub.hf_api import DatasetInfo, ModelInfo

from osai_procure.errors import ContentError
from osai_procure.gather.fetch import Fetched, Fetcher, GatherError
from osai_procure.gather.refs import Kind, Reference
from osai_procure.importers import (
    AnswerBuilder,
    ImportNote,
    ImportResult,
    assessment_info,
    import_file,
    importers,
)
from osai_procure.importers.notes import note
from osai_procure.loading import PolicyBundle

__all__ = ["READERS", "Part", "Reading"]

HF_ENDPOINT = "https://huggingface.co"
GITHUB_API = "https://api.github.com"
GITHUB_HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
MOT_SITE = "https://mot.isitopen.ai"
# The Open Source AI Index keeps one YAML file per system in this public repository.
INDEX_REPO = "opening-up-chatgpt/opening-up-chatgpt.github.io"
INDEX_FOLDER = "projects"
INDEX_SITE = "https://osai-index.eu"
MAX_DATASETS = 5
MAX_LOCATIONS = 5

_WEIGHTS = re.compile(r"\.(safetensors|bin|gguf|pt|pth|ckpt|h5|msgpack|onnx)$", re.IGNORECASE)
_ARXIV = re.compile(r"^arxiv:(\d{4}\.\d{4,5})(v\d+)?$", re.IGNORECASE)
# File names that show a kind of code in a repository: a hint an officer confirms, not proof.
CODE_PATTERNS: dict[str, re.Pattern[str]] = {
    "code_training": re.compile(r"(^|/)(pre)?train[^/]*\.(py|sh)$|(^|/)finetun[^/]*\.(py|sh)$"),
    "code_inference": re.compile(r"(^|/)(infer|inference|generate|serve|chat)[^/]*\.(py|sh)$"),
    "code_evaluation": re.compile(r"(^|/)(eval|evaluate|benchmark)[^/]*\.(py|sh)$"),
    "code_data_preprocessing": re.compile(
        r"(^|/)(preprocess|prepare_data|data_prep|tokeni[sz]e_data|dedup)[^/]*\.(py|sh)$"
    ),
}


@dataclass(frozen=True)
class Part:
    """One imported result and the document it was read from."""

    result: ImportResult
    document: Fetched


@dataclass
class Reading:
    """What one reader gathered: imported parts, every fetched document, and notes."""

    parts: list[Part] = field(default_factory=list)
    documents: list[Fetched] = field(default_factory=list)
    notes: list[ImportNote] = field(default_factory=list)

    def fetch(self, fetcher: Fetcher, url: str, **kw: Any) -> Fetched:
        """Fetch a document and remember it.

        Raises:
            GatherError: see `Fetcher.get`.
        """
        doc = fetcher.get(url, **kw)
        self.documents.append(doc)
        return doc

    def optional(self, fetcher: Fetcher, url: str, what: str, **kw: Any) -> Fetched | None:
        """Fetch a document whose absence is a note, not a failure (an offline host still is).

        Raises:
            GatherError: `offline` or `disabled`.
        """
        try:
            return self.fetch(fetcher, url, **kw)
        except GatherError as exc:
            if exc.code in ("offline", "disabled"):
                raise
            self.notes.append(ImportNote(f"{what} could not be read ({exc.detail}): {url}"))
            return None

    def imported(self, fmt: str, doc: Fetched, name: str, bundle: PolicyBundle | None) -> None:
        """Run an importer on a fetched document; a record it refuses becomes a warning."""
        try:
            result = import_file(fmt, doc.data, name, bundle)
        except ContentError as exc:
            first = exc.problems[0] if exc.problems else None
            self.notes.append(
                ImportNote(f"{name} was fetched but could not be imported: {first}", "warning")
            )
            return
        self.parts.append(Part(result, doc))


def _model_info(data: dict[str, Any]) -> tuple[ModelInfo, dict[str, Any]]:
    """The Hub's own model of a model's metadata, and its card data as a plain mapping."""
    info = ModelInfo(**data)  # type: ignore[no-untyped-call]  # huggingface_hub leaves it bare
    card = info.card_data.to_dict() if info.card_data is not None else {}  # type: ignore[no-untyped-call]
    return info, card


def _dataset_card(data: dict[str, Any]) -> dict[str, Any]:
    """The card data of a dataset's metadata, through the Hub's own model."""
    info = DatasetInfo(**data)  # type: ignore[no-untyped-call]  # huggingface_hub leaves it bare
    return info.card_data.to_dict() if info.card_data is not None else {}  # type: ignore[no-untyped-call]


def _json(doc: Fetched) -> dict[str, Any]:
    """The JSON object of a fetched document.

    Raises:
        GatherError: `refused` when the body is not a JSON object.
    """
    try:
        data = json.loads(doc.data)
    except ValueError:
        raise GatherError("refused", doc.url, "the answer is not JSON") from None
    if not isinstance(data, dict):
        raise GatherError("refused", doc.url, "the answer is not a JSON object")
    return data


def _ref(doc: Fetched, note: str) -> dict[str, str]:
    """An evidence entry naming a fetched document, its digest and time."""
    return {"url": doc.url, "sha256": doc.sha256, "retrieved_at": doc.retrieved_at, "note": note}


# -- Hugging Face ------------------------------------------------------------------------------


def read_hf(ref: Reference, fetcher: Fetcher, bundle: PolicyBundle | None) -> Reading:
    """Read a Hugging Face model: its metadata (API), its card, repository files, datasets, paper.

    Raises:
        GatherError: the model does not exist or the Hub cannot be reached.
    """
    reading = Reading()
    meta = reading.fetch(fetcher, f"{HF_ENDPOINT}/api/models/{ref.id}")
    info, card_data = _model_info(_json(meta))
    files = sorted(s.rfilename for s in (info.siblings or []))
    revision = info.sha or "main"
    page = f"{HF_ENDPOINT}/{ref.id}"
    if "README.md" in files:
        card = reading.optional(
            fetcher,
            hf_hub_url(ref.id, "README.md", revision=revision, endpoint=HF_ENDPOINT),
            "the model card",
        )
        if card is not None:
            reading.imported("hf", card, f"{ref.id}/README.md", bundle)
    else:
        reading.notes.append(ImportNote("the repository has no model card (README.md)", "warning"))
    licence = card_data.get("license")
    builder = AnswerBuilder("hf", page, bundle, "Hugging Face repository")
    reading_licence = (
        builder.licence(licence) if isinstance(licence, str) and licence != "other" else None
    )
    licence_files = [f for f in files if re.match(r"^(LICEN[CS]E|COPYING)[^/]*$", f, re.I)]
    licence_refs = []
    for name in licence_files[:2]:
        doc = reading.optional(
            fetcher, hf_hub_url(ref.id, name, revision=revision, endpoint=HF_ENDPOINT), name
        )
        if doc is not None:
            licence_refs.append(_ref(doc, f"licence file {name} in the repository"))
    weights = [f for f in files if _WEIGHTS.search(f)]
    repo_ref = _ref(meta, "Hub metadata: the repository's file list")
    if weights:
        builder.component(
            "model_parameters_final",
            "yes",
            location=[page],
            licence=reading_licence,
            evidence=[repo_ref, *licence_refs],
            note=note(
                "gather.weights",
                files=", ".join(weights[:3]) + (", ..." if len(weights) > 3 else ""),
            ),
        )
    modeling = [f for f in files if re.match(r"^(modeling|configuration)_[^/]*\.py$", f)]
    if modeling:
        builder.component(
            "model_architecture",
            "yes",
            location=[f"{page}/blob/{revision}/{f}" for f in modeling[:MAX_LOCATIONS]],
            licence=reading_licence,
            evidence=[repo_ref],
            note=note("gather.architecture", files=modeling),
        )
    supporting = [
        f for f in ("config.json", "tokenizer.json", "tokenizer_config.json") if f in files
    ]
    if supporting:
        reading.notes.append(
            ImportNote(
                "the repository also holds " + ", ".join(supporting) + " (configuration and "
                "tokenizer): evidence for the parameters and architecture, listed with the "
                "weights",
                question="model_parameters_final",
            )
        )
    papers = [m.group(1) for t in (info.tags or []) if (m := _ARXIV.match(t))]
    if papers:
        builder.component(
            "research_paper",
            "yes",
            location=[f"https://arxiv.org/abs/{p}" for p in papers[:MAX_LOCATIONS]],
            evidence=[_ref(meta, "Hub metadata: the paper the repository links (arxiv tag)")],
            note=note("gather.paper"),
        )
    _hf_datasets(reading, builder, fetcher, card_data)
    if builder.answers:
        result = builder.finish(assessment_info(ref.id.split("/")[-1], None, None, page))
        reading.parts.append(Part(result, meta))
    return reading


def _hf_datasets(
    reading: Reading, builder: AnswerBuilder, fetcher: Fetcher, card_data: dict[str, Any]
) -> None:
    """Read the cards of the datasets a model card names and note their licences."""
    names = card_data.get("datasets")
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list):
        return
    ids = [n for n in names if isinstance(n, str) and re.match(r"^[\w.-]+(/[\w.-]+)?$", n)]
    licences: list[str] = []
    refs: list[dict[str, str]] = []
    for dataset in ids[:MAX_DATASETS]:
        doc = reading.optional(
            fetcher, f"{HF_ENDPOINT}/api/datasets/{dataset}", f"dataset {dataset}"
        )
        if doc is None:
            continue
        card = _dataset_card(_json(doc))
        licence = card.get("license")
        shown = licence if isinstance(licence, str) else "not stated"
        refs.append(_ref(doc, f"dataset card {dataset}: licence {shown}"))
        if isinstance(licence, str):
            licences.append(licence)
    if len(ids) > MAX_DATASETS:
        reading.notes.append(
            ImportNote(f"only the first {MAX_DATASETS} of {len(ids)} datasets were read")
        )
    if refs:
        reading.notes.append(
            ImportNote(
                "dataset cards read: " + "; ".join(r["note"].split(": ", 1)[1] for r in refs),
                question="datasets",
            )
        )
        builder.component(
            "data_card",
            "yes",
            location=[f"{HF_ENDPOINT}/datasets/{d}" for d in ids[:MAX_DATASETS]],
            evidence=refs,
            note=note("gather.data_cards"),
        )


# -- GitHub ------------------------------------------------------------------------------------


def read_github(ref: Reference, fetcher: Fetcher, bundle: PolicyBundle | None) -> Reading:
    """Read a GitHub repository: its licence (REST API) and which kinds of code it holds.

    Raises:
        GatherError: the repository does not exist or GitHub cannot be reached.
    """
    reading = Reading()
    repo = reading.fetch(fetcher, f"{GITHUB_API}/repos/{ref.id}", headers=GITHUB_HEADERS)
    data = _json(repo)
    page = str(data.get("html_url") or f"https://github.com/{ref.id}")
    branch = str(data.get("default_branch") or "main")
    builder = AnswerBuilder("github", page, bundle, "GitHub repository")
    licence_doc = reading.optional(
        fetcher, f"{GITHUB_API}/repos/{ref.id}/license", "the licence file", headers=GITHUB_HEADERS
    )
    licence = None
    evidence = [_ref(repo, "GitHub repository metadata")]
    if licence_doc is not None:
        spdx = (_json(licence_doc).get("license") or {}).get("spdx_id")
        if isinstance(spdx, str) and spdx not in ("NOASSERTION", ""):
            licence = builder.licence(spdx)
        else:
            reading.notes.append(
                ImportNote("GitHub did not recognise the licence file: read it", "warning")
            )
        evidence.append(_ref(licence_doc, "the repository's licence file (GitHub REST API)"))
    else:
        reading.notes.append(ImportNote("the repository has no licence file", "warning"))
    tree = reading.optional(
        fetcher,
        f"{GITHUB_API}/repos/{ref.id}/git/trees/{quote(branch)}?recursive=1",
        "the file list",
        headers=GITHUB_HEADERS,
    )
    paths: list[str] = []
    if tree is not None:
        entries = _json(tree).get("tree")
        if isinstance(entries, list):
            paths = [
                str(e["path"])
                for e in entries
                if isinstance(e, dict)
                and e.get("type") == "blob"
                and isinstance(e.get("path"), str)
            ]
        evidence.append(_ref(tree, "the repository's file list"))
    for qid, pattern in CODE_PATTERNS.items():
        hits = [p for p in paths if pattern.search(p.casefold())]
        if not hits:
            continue
        builder.component(
            qid,
            "yes",
            location=[f"{page}/blob/{branch}/{p}" for p in hits[:MAX_LOCATIONS]],
            licence=licence,
            evidence=evidence,
            note=note(
                "gather.code_by_name",
                files=", ".join(hits[:3]) + (", ..." if len(hits) > 3 else ""),
            ),
        )
    if builder.answers:
        result = builder.finish(assessment_info(ref.id.split("/")[-1], None, None, page))
        reading.parts.append(Part(result, repo))
    else:
        reading.notes.append(
            ImportNote(f"no training, inference or evaluation code recognised by name in {page}")
        )
    return reading


# -- Model Openness Tool and Open Source AI Index ---------------------------------------------


def read_mot(ref: Reference, fetcher: Fetcher, bundle: PolicyBundle | None) -> Reading:
    """Read a Model Openness Tool entry through its public API and import it as a MOT record.

    Raises:
        GatherError: the entry does not exist or the tool cannot be reached.
    """
    reading = Reading()
    doc = reading.fetch(fetcher, f"{MOT_SITE}/api/v1/model/{quote(ref.id)}")
    data = _json(doc)
    # The API wraps the record (framework, release) with its id and computed class.
    record = {k: data[k] for k in ("framework", "release") if k in data}
    body = json.dumps(record, ensure_ascii=False).encode("utf-8")
    reading.imported("mot", Fetched(doc.url, body, doc.sha256, doc.retrieved_at), doc.url, bundle)
    return reading


def read_index(ref: Reference, fetcher: Fetcher, bundle: PolicyBundle | None) -> Reading:
    """Read an Open Source AI Index entry (its YAML file in the Index's public repository).

    Raises:
        GatherError: the entry does not exist or GitHub cannot be reached.
    """
    reading = Reading()
    path = f"{INDEX_FOLDER}/{ref.id}.yaml"
    doc = reading.fetch(
        fetcher,
        f"{GITHUB_API}/repos/{INDEX_REPO}/contents/{quote(path)}",
        headers={**GITHUB_HEADERS, "Accept": "application/vnd.github.raw+json"},
    )
    if "osai_index" in importers():
        reading.imported("osai_index", doc, f"{INDEX_SITE}/model/{ref.id}", bundle)
    else:
        reading.notes.append(
            ImportNote(
                f"the Open Source AI Index entry {ref.id} was fetched and kept as evidence; "
                "this installation cannot import its answers yet"
            )
        )
    return reading


Reader = Callable[[Reference, Fetcher, PolicyBundle | None], Reading]
READERS: dict[Kind, Reader] = {
    "github": read_github,
    "hf": read_hf,
    "index": read_index,
    "mot": read_mot,
}


def priority(kinds: Sequence[Kind]) -> list[Kind]:
    """Kinds from the least to the most authoritative: a later record's answer wins."""
    order: list[Kind] = ["github", "hf", "index", "mot"]
    return [k for k in order if k in kinds]
