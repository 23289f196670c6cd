"""Start from a model's name: gather what is public about it into imported, unconfirmed answers.

The officer gives a Hugging Face model id, a repository URL, or a Model Openness Tool / Open
Source AI Index entry (`refs`). One reader per service (`sources`) fetches through one small
interface (`fetch.Fetcher`) and feeds the records it finds to the existing importers. `gather`
merges the readings (a Model Openness Tool record outranks an Index entry, which outranks the
Hub, which outranks file names in a repository), and every answer keeps, as evidence, the URL,
SHA-256 and time of the document it came from. Nothing here touches the network unless the
caller passes a live fetcher (`HttpFetcher`, switched on by `OSAI_PROCURE_ONLINE`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from osai_procure.gather.fetch import (
    Fetched,
    Fetcher,
    GatherError,
    GatherSettings,
    HttpFetcher,
    sha256_hex,
)
from osai_procure.gather.refs import Reference, parse_reference, parse_references
from osai_procure.gather.sources import READERS, Part, Reading, priority
from osai_procure.importers import ImportNote, title_of
from osai_procure.importers.notes import note
from osai_procure.loading import PolicyBundle
from osai_procure.models.answers import Answer, Evidence, SystemInfo
from osai_procure.models.base import Lang

__all__ = [
    "Document",
    "Fetched",
    "Fetcher",
    "GatherError",
    "GatherSettings",
    "Gathered",
    "HttpFetcher",
    "Reference",
    "gather",
    "parse_reference",
    "parse_references",
    "sha256_hex",
]


@dataclass(frozen=True)
class Document:
    """A fetched document as the assessment records it: URL, SHA-256, time."""

    url: str
    sha256: str
    retrieved_at: str


@dataclass(frozen=True)
class Gathered:
    """What was gathered: imported answers, notes, the documents read, the system's name."""

    answers: dict[str, Answer]
    notes: tuple[ImportNote, ...]
    documents: tuple[Document, ...]
    system: SystemInfo | None
    references: tuple[Reference, ...]


def _with_source(answer: Answer, document: Fetched, lang: Lang) -> Answer:
    """The answer with the document it was imported from among its evidence."""
    if any(e.url == document.url and e.sha256 == document.sha256 for e in answer.evidence):
        return answer
    source = Evidence(
        url=document.url,
        sha256=document.sha256,
        retrieved_at=document.retrieved_at,
        note=note("gather.source").render(lang),
    )
    return answer.model_copy(update={"evidence": (source, *answer.evidence)})


def gather(
    references: Sequence[Reference],
    fetcher: Fetcher,
    bundle: PolicyBundle | None,
    lang: Lang = "en",
) -> Gathered:
    """Gather every reference and merge the readings into one set of imported answers, their
    notes written in `lang` (the assessment's language; questions by their titles).

    A reference that does not exist or is refused becomes a warning note while the others are
    read; when none could be read, its error is raised.

    Raises:
        GatherError: the live path is off or a host cannot be reached (`disabled`, `offline`),
            or no reference could be read.
    """
    readings: list[tuple[Reference, Reading]] = []
    notes: list[ImportNote] = []
    first_error: GatherError | None = None
    kinds = priority([r.kind for r in references])
    for ref in sorted(references, key=lambda r: kinds.index(r.kind)):
        try:
            readings.append((ref, READERS[ref.kind](ref, fetcher, bundle)))
        except GatherError as exc:
            if exc.code in ("disabled", "offline"):
                raise
            first_error = first_error or exc
            notes.append(
                ImportNote(f"{ref} could not be read ({exc.code}: {exc.detail})", "warning")
            )
    if not readings and first_error is not None:
        raise first_error
    answers: dict[str, Answer] = {}
    documents: list[Document] = []
    system: SystemInfo | None = None
    for ref, reading in readings:
        for doc in reading.documents:
            documents.append(Document(doc.url, doc.sha256, doc.retrieved_at))
        for part in reading.parts:
            notes.extend(_merge(answers, part, ref, bundle, lang))
            system = part.result.answers.assessment.system
        notes.extend(reading.notes)
    return Gathered(answers, tuple(notes), tuple(documents), system, tuple(references))


def _merge(
    answers: dict[str, Answer], part: Part, ref: Reference, bundle: PolicyBundle | None, lang: Lang
) -> list[ImportNote]:
    """Add a part's answers; a later (more authoritative) record replaces an earlier answer."""
    notes = [
        ImportNote(
            f"{ref}: {n.message}",
            n.level,
            n.question,
            None if n.note is None else note("gather.prefix", ref=str(ref), text=n.note),
            n.questions,
        )
        for n in part.result.notes
    ]
    result = part.result.in_language(lang, title_of(bundle, lang))
    for qid, answer in result.answers.answers.items():
        previous = answers.get(qid)
        if previous is not None and previous.value != answer.value:
            replaced = note("gather.replaces", ref=str(ref), previous=repr(previous.value))
            notes.append(ImportNote(replaced.message, "info", qid, replaced))
        answers[qid] = _with_source(answer, part.document, lang)
    return notes
