"""Import notes in the assessment's language: a Japanese assessment gets Japanese notes in its
answers and in the import notes, questions named by their text, English left exactly as it was."""

from __future__ import annotations

import re
import string

import pytest

from osai_procure.importers import ImportResult, import_file, merge_answers, title_of
from osai_procure.importers.notes import MESSAGES, note
from osai_procure.loading import PolicyBundle
from osai_procure.models.answers import AnswersFile
from tests.importers.helpers import DATA

# An English phrase of three words or more: what a Japanese note must not hold beyond names.
ENGLISH_PHRASE = re.compile(r"\b[a-z]+ [a-z]+ [a-z]+\b")
QUESTION_ID = re.compile(r"\b[a-z]+_[a-z_]+\b")
QUOTED = re.compile(r"「[^」]*」")  # a record's own words and names, quoted


# A record of each kind an officer imports most: a Model Openness Tool file and a model card.
RECORDS = pytest.mark.parametrize(
    ("fmt", "path"), [("mot", "mot/Llama-3.1-8B.yml"), ("hf", "hf/olmo-7b-README.md")]
)


def _import(fmt: str, path: str, bundle: PolicyBundle) -> ImportResult:
    """Import a fixture under tests/data/importers."""
    return import_file(fmt, DATA / path, path, bundle)


@RECORDS
def test_a_japanese_import_writes_japanese_answer_notes(
    fmt: str, path: str, osgjp_bundle: PolicyBundle
) -> None:
    """Every imported answer's note says in Japanese where it came from and asks to confirm."""
    result = _import(fmt, path, osgjp_bundle).in_language("ja", title_of(osgjp_bundle, "ja"))
    assert result.answers.answers
    for qid, answer in result.answers.answers.items():
        assert answer.note is not None
        assert "から取り込みました。" in answer.note, qid
        assert answer.note.endswith("担当者の確認が必要です。"), qid
        assert "Imported from" not in answer.note
        assert not ENGLISH_PHRASE.search(answer.note.replace(path, "")), answer.note
        for item in answer.evidence:
            assert not ENGLISH_PHRASE.search(item.note or ""), item.note


def _workbook(bundle: PolicyBundle) -> bytes:
    """A vendor workbook returned filled in: the OLMo record's answers, exported in Japanese."""
    from osai_procure.importers.xlsx import export_vendor_workbook

    source = _import("mot", "mot/OLMo-7B.yml", bundle).in_language("ja")
    return export_vendor_workbook(bundle, source.answers, "ja")


@pytest.mark.parametrize(
    ("fmt", "path"),
    [
        ("cyclonedx", "cyclonedx/llama-ml-bom.cdx.json"),
        ("cyclonedx", "cyclonedx/olmo-ml-bom.cdx.json"),
        ("spdx", "spdx/olmo-ai-package.spdx3.json"),
        ("osai-index", "osai-index/llama-3.1.yaml"),
        ("osai-index", "osai-index/OLMo.yaml"),
        ("xlsx", "vendor.xlsx"),
    ],
)
def test_every_format_imports_in_japanese_without_english_sentences(
    fmt: str, path: str, osaid_bundle: PolicyBundle
) -> None:
    """CycloneDX, SPDX, the Open Source AI Index and the vendor workbook write their answers'
    notes and their import notes in Japanese for a Japanese assessment (the record's own words,
    quoted in 「」, aside)."""
    if fmt == "xlsx":
        result = import_file(fmt, _workbook(osaid_bundle), path, osaid_bundle)
    else:
        result = _import(fmt, path, osaid_bundle)
    title = title_of(osaid_bundle, "ja")
    japanese = result.in_language("ja", title)
    assert japanese.answers.answers
    for qid, answer in japanese.answers.answers.items():
        assert answer.note is not None and answer.note.endswith("担当者の確認が必要です。"), qid
        assert not ENGLISH_PHRASE.search(QUOTED.sub("", answer.note)), (qid, answer.note)
        for item in answer.evidence:
            assert not ENGLISH_PHRASE.search(item.note or ""), item.note
    for item in result.notes:
        said = item.text("ja", title)
        assert not ENGLISH_PHRASE.search(QUOTED.sub("", said)), said


def test_japanese_import_notes_name_questions_by_their_text(osgjp_bundle: PolicyBundle) -> None:
    """The import notes read in Japanese and name questions by text, never by id."""
    result = _import("mot", "mot/Llama-3.1-8B.yml", osgjp_bundle)
    title = title_of(osgjp_bundle, "ja")
    texts = [n.text("ja", title) for n in result.notes]
    assert texts
    for text in texts:
        assert not QUESTION_ID.search(text.replace("release.license.distribution.name", "")), text
    assert any("「最終的なモデル・パラメーター" in t or "「最終的なモデル" in t for t in texts)


@RECORDS
def test_the_title_an_import_gives_is_worded_in_the_assessment_language(
    fmt: str, path: str, osaid_bundle: PolicyBundle
) -> None:
    """With no title of the officer's, the import names the assessment after the system and the
    file: in Japanese for a Japanese assessment (`import --lang ja` writes it so)."""
    result = _import(fmt, path, osaid_bundle)
    name = result.answers.assessment.system.name
    assert result.answers.assessment.title == f"{name} (imported from {path})"
    japanese = result.in_language("ja").answers.assessment
    assert japanese.title == f"{name}（{path} から取り込み）"
    assert japanese.system == result.answers.assessment.system


def test_an_import_keeps_a_title_it_did_not_write(osaid_bundle: PolicyBundle) -> None:
    """A title that is not the import's own (merged into the officer's file) is left as it is."""
    result = _import("mot", "mot/Llama-3.1-8B.yml", osaid_bundle)
    own = result.answers.model_copy(
        update={"assessment": result.answers.assessment.model_copy(update={"title": "調達案件A"})}
    )
    mine = ImportResult(
        result.format, result.source, own, result.notes, result.details, result.values, result.label
    )
    assert mine.in_language("ja").answers.assessment.title == "調達案件A"


def test_english_stays_as_the_importers_always_wrote_it(osaid_bundle: PolicyBundle) -> None:
    """In English the notes are the stored sentences: in_language('en') changes nothing."""
    result = _import("mot", "mot/Llama-3.1-8B.yml", osaid_bundle)
    assert result.in_language("en") is result
    weights = result.answers.answers["model_parameters_final"].note
    assert weights is not None
    assert weights.startswith("Imported from Model Openness Tool file ")
    assert weights.endswith("Needs confirmation by an officer.")


def test_the_inferred_rationale_is_written_in_the_assessment_language(
    osaid_bundle: PolicyBundle,
) -> None:
    """A text answer the importer writes itself (the inferred rationale) follows the language."""
    record = DATA.parents[0] / "cases" / "mot_paper_stands_in_for_report" / "record.yml"
    result = import_file("mot", record, "record.yml", osaid_bundle)
    english = result.answers.answers["substantially_equivalent_rationale"].value
    assert isinstance(english, str) and english.startswith("Inferred from the")
    value = result.in_language("ja").answers.answers["substantially_equivalent_rationale"].value
    assert isinstance(value, str) and "確認者はまだ判断していません" in value


def test_a_merge_keeps_the_notes_of_the_answers_it_takes(osaid_bundle: PolicyBundle) -> None:
    """Merging into an assessment keeps the coded notes of the answers it takes, so they can
    still be written in Japanese."""
    result = _import("mot", "mot/Llama-3.1-8B.yml", osaid_bundle)
    empty = AnswersFile.model_validate(
        {"schema_version": 1, "assessment": {"title": "x", "system": {"name": "x"}}}
    )
    merged = merge_answers(empty, result).in_language("ja")
    note_ = merged.answers.answers["model_parameters_final"].note
    assert note_ is not None and note_.endswith("担当者の確認が必要です。")


def test_every_message_has_both_languages_with_the_same_arguments() -> None:
    """Each coded message has an English and a Japanese text, and the Japanese asks for no
    argument the English does not have (bar the derived *_ja names)."""
    for code, (en, ja) in MESSAGES.items():
        assert en and ja, code
        named = {f for _, f, _, _ in string.Formatter().parse(en) if f}
        wanted = {f for _, f, _, _ in string.Formatter().parse(ja) if f}
        derived = {w for w in wanted if w.endswith("_ja")}
        assert wanted - derived <= {n.split("!")[0] for n in named}, code


def test_an_unknown_code_is_refused() -> None:
    """A note code missing from the catalogue fails at once, not when rendered."""
    with pytest.raises(KeyError):
        note("no.such.code")


def test_notes_shown_in_english_name_questions_by_text_too(osaid_bundle: PolicyBundle) -> None:
    """Shown to an English officer, the notes name questions by their text, not their ids;
    the stored English message (what the CLI prints) keeps the ids."""
    result = _import("mot", "mot/Llama-3.1-8B.yml", osaid_bundle)
    shown = [n.text("en", title_of(osaid_bundle, "en")) for n in result.notes]
    assert not any(
        QUESTION_ID.search(s.replace("release.license.distribution.name", "")) for s in shown
    )
    assert any("code_data_preprocessing" in n.message for n in result.notes)


def test_how_a_mot_file_was_read_is_noted_in_japanese(osaid_bundle: PolicyBundle) -> None:
    """A MOT file with no framework block, a plain-string licence, a URL that is not one, a
    mistyped component, a component listed twice: each warning reads in Japanese, with the
    record's own words quoted and a did-you-mean, and in English as it always read."""
    record = (
        b"release:\n  name: X\n  repository: ftp://example.org/x\n  license: MIT\n"
        b"  components:\n    - {name: Model architectur}\n"
        b"    - {name: Model architecture}\n    - {name: Model architecture}\n"
    )
    result = import_file("mot", record, "x.yml", osaid_bundle)
    warnings = [n for n in result.notes if n.level == "warning"]
    assert [n.text("ja") for n in warnings] == [
        "ファイルに「framework」の記載がないため、Model Openness Framework 1.0 として読みました",
        "release.repository の「ftp://example.org/x」は「http://」又は「https://」で始まる URL では"
        "ないため、使いませんでした",
        "release.license が対応付けではなく文字列のため、配布物のライセンスとして読みました",
        "release.components[0] の「Model architectur」は Model Openness Framework の構成要素では"
        "ないため、使いませんでした（「Model architecture」の誤りではありませんか）",
        "release.components[2] の「Model architecture」は release.components[1] にも記載されて"
        "います。最初の記載を使いました",
    ]
    assert [n.message for n in warnings] == [
        "the file has no `framework` block; read as Model Openness Framework 1.0",
        "release.repository 'ftp://example.org/x' is not an http(s) URL; ignored",
        "release.license is a plain string; read as the distribution licence",
        "release.components[0]: 'Model architectur' is not a Model Openness Framework component "
        "(did you mean 'Model architecture'?); ignored",
        "release.components[2]: 'Model architecture' is listed again (first at item 1); the "
        "first entry is used",
    ]
