"""The wizard: autosave on every change, resume from the URL, conditional questions, licences,
evidence files, conflicts between officers, locked revisions."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from osai_procure.loading import PolicyBundle
from osai_procure.models.answers import Answer
from osai_procure.store import AssessmentRecord, PolicyStamp, Repository, SignOff
from osai_procure.ui.records import wizard_steps
from tests.ui.conftest import open_evidence, open_page, shown, sources, texts

ROLES = ("preparer", "reviewer", "approver")


def step_index(at: AppTest, section_id: str) -> int:
    """The wizard step of a section (the selector's options are step indexes)."""
    from osai_procure.ui import services

    bundle = services.bundle_for("osg_jp_public_procurement")
    assert bundle is not None
    for index, (_, section) in enumerate(wizard_steps(bundle)):
        if section is not None and section.id == section_id:
            return index
    raise AssertionError(section_id)


def goto(at: AppTest, section_id: str) -> AppTest:
    """Jump to a section with the step selector."""
    return at.selectbox(key="wiz.jump").select(step_index(at, section_id)).run()


def wizard(new_app: Callable[..., AppTest], record: AssessmentRecord) -> AppTest:
    """A fresh session on the wizard of an assessment, named 山田."""
    at = new_app(assessment=record.id)
    at.session_state["officer_name"] = "山田 太郎"
    return open_page(at, "wizard")


def test_every_change_is_saved_at_once_with_who_and_when(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """Answering writes to the database immediately, with the officer's name in the history."""
    at = goto(wizard(new_app, assessment), "freedoms")
    at.segmented_control(key="answer.freedom_study").set_value("no").run()
    stored = repo.get(assessment.id)
    assert stored.answers["freedom_study"].value == "no"
    assert stored.answers["freedom_study"].answered_by == "山田 太郎"
    entry = repo.history(assessment.id)[-1]
    assert (entry.actor, entry.question_id, entry.new["value"]) == (
        "山田 太郎",
        "freedom_study",
        "no",
    )
    assert "Saved" in texts(at)


def test_a_new_session_resumes_answers_and_step_from_the_url(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """A reload (a new session with `?assessment=`) finds every answer and the same step."""
    at = goto(wizard(new_app, assessment), "continuity")
    at.segmented_control(key="answer.continuity_exit_plan").set_value("yes").run()
    at.segmented_control(key="answer.continuity_fallback_tested").set_value("yes").run()
    at.date_input(key="answer.continuity_fallback_last_tested").set_value(dt.date(2026, 3, 31))
    at.run()
    reloaded = open_page(new_app(assessment=assessment.id), "wizard")
    assert reloaded.header[0].value == at.header[0].value
    assert reloaded.segmented_control(key="answer.continuity_exit_plan").value == "yes"
    assert reloaded.date_input(key="answer.continuity_fallback_last_tested").value == dt.date(
        2026, 3, 31
    )
    assert repo.get(assessment.id).answers["continuity_fallback_last_tested"].value == "2026-03-31"


def test_back_and_next_keep_every_answer(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord
) -> None:
    """Leaving a step and coming back shows what was entered."""
    at = goto(wizard(new_app, assessment), "skilled_person")
    at.text_area(key="answer.substantially_equivalent_rationale").input("再現手順を確認").run()
    at.button(key="wiz.next.bottom").click().run()
    at.button(key="wiz.back.bottom").click().run()
    assert at.text_area(key="answer.substantially_equivalent_rationale").value == "再現手順を確認"


def test_conditional_questions_follow_the_answers(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """Choosing 'unshareable' training data shows its question; unchoosing hides it."""
    at = goto(wizard(new_app, assessment), "training_data")
    keys = {w.key for w in at.segmented_control}
    assert "answer.unshareable_data_described" not in keys
    at.multiselect(key="answer.training_data_classes").set_value(["open", "unshareable"]).run()
    assert "answer.unshareable_data_described" in {w.key for w in at.segmented_control}
    at.segmented_control(key="answer.unshareable_data_described").set_value("yes").run()
    at.multiselect(key="answer.training_data_classes").set_value(["open"]).run()
    assert "answer.unshareable_data_described" not in {w.key for w in at.segmented_control}
    assert repo.get(assessment.id).answers["unshareable_data_described"].value == "yes"


def test_component_licence_is_normalised_and_red_flags_shown(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """A licence is normalised live; an AI licence with use restrictions is flagged."""
    at = goto(wizard(new_app, assessment), "parameters")
    at.segmented_control(key="answer.model_parameters_final.released").set_value("yes").run()
    at.text_input(key="answer.model_parameters_final.licence").input("apache 2").run()
    assert "Apache-2.0" in texts(at)
    at.text_input(key="answer.model_parameters_final.licence").input(
        "Llama 3 Community License"
    ).run()
    assert any("⚠" in e.value for e in at.error), texts(at)
    stored = repo.get(assessment.id).answers["model_parameters_final"].value
    assert stored == {"released": "yes", "license": "Llama 3 Community License"}


def test_validation_messages_appear_in_place(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord
) -> None:
    """A line that is not a URL, and missing required evidence, are flagged next to the field."""
    at = goto(wizard(new_app, assessment), "release")
    at.text_area(key="answer.release_publication_urls").input("https://example.org\nnot a url")
    at.run()
    assert "not a url" in " ".join(w.value for w in at.warning)
    at = goto(at, "code")
    at.segmented_control(key="answer.code_training.released").set_value("yes").run()
    assert "needs evidence" in texts(at)


def test_evidence_file_is_stored_with_its_sha256(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """An attached file is stored, and the answer's evidence records its name and SHA-256."""
    at = open_evidence(goto(wizard(new_app, assessment), "code"), "code_training")
    content = b"training config\n"
    uploader = next(u for u in at.file_uploader if u.key.startswith("answer.code_training.upload"))
    uploader.set_value(("train.yaml", content, "text/yaml"))
    at.run()
    digest = hashlib.sha256(content).hexdigest()
    answer = repo.get(assessment.id).answers["code_training"]
    assert any(e.sha256 == digest and e.file == "train.yaml" for e in answer.evidence)
    assert [a.sha256 for a in repo.attachments(assessment.id)] == [digest]
    assert "SHA-256" in texts(at)


def test_two_officers_on_one_question_see_a_conflict_not_a_silent_overwrite(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """The second officer's stale edit is held back with a choice; nothing is lost."""
    first = goto(wizard(new_app, assessment), "freedoms")
    second = goto(wizard(new_app, assessment), "freedoms")
    first.segmented_control(key="answer.freedom_share").set_value("yes").run()
    second.segmented_control(key="answer.freedom_share").set_value("no").run()
    assert repo.get(assessment.id).answers["freedom_share"].value == "yes"
    assert "changed this answer" in texts(second)
    second.button(key="conflict.mine.freedom_share").click().run()
    assert repo.get(assessment.id).answers["freedom_share"].value == "no"
    actions = [
        (e.question_id, e.new["value"] if e.new else None)
        for e in repo.history(assessment.id)
        if e.action == "answer"
    ]
    assert actions[-2:] == [("freedom_share", "yes"), ("freedom_share", "no")]


def test_edits_to_other_questions_merge_and_reload(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """Another officer's change to a different question is merged and shown here too."""
    first = goto(wizard(new_app, assessment), "freedoms")
    second = goto(wizard(new_app, assessment), "freedoms")
    first.segmented_control(key="answer.freedom_study").set_value("yes").run()
    second.segmented_control(key="answer.freedom_modify").set_value("yes").run()
    answers = repo.get(assessment.id).answers
    assert answers["freedom_study"].value == answers["freedom_modify"].value == "yes"
    assert second.segmented_control(key="answer.freedom_study").value == "yes"


def test_markup_in_answers_is_shown_literally(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """Markdown or HTML typed into an answer is escaped where the app displays it."""
    at = goto(wizard(new_app, assessment), "skilled_person")
    at.text_area(key="answer.substantially_equivalent_rationale").input(
        "<img src=x onerror=alert(1)> **bold** [link](javascript:alert(1))"
    ).run()
    review = open_page(new_app(assessment=assessment.id), "review")
    review.segmented_control(key="review.filter").set_value("all").run()
    for expander in review.expander:  # findings are built only when opened
        key = expander.proto.id.split("-", 2)[-1]  # $$ID-<hash>-<key>
        if key.startswith("review.finding."):
            review.session_state[key] = True
    review.run()
    shown = sources(review)
    assert "\\<img" in shown, "the answer is displayed, escaped"
    assert not re.search(r"(?<!\\)<img", shown)
    assert not re.search(r"(?<!\\)\]\(javascript", shown)


def test_an_approved_assessment_is_read_only_and_revisable(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """Approved: widgets disabled; 'new revision' opens a draft copy."""
    for role in ROLES:
        version = repo.get(assessment.id).version
        repo.record_signoff(
            assessment.id, SignOff(role=role, name=role, decision="approve"), ROLES, version, role
        )
    at = goto(wizard(new_app, assessment), "freedoms")
    assert at.segmented_control(key="answer.freedom_use").disabled
    at.button(key="wiz.new_revision").click().run()
    revision = repo.list_assessments()[0]
    assert revision.revision == 2 and revision.status == "draft"
    assert at.query_params["assessment"] in (revision.id, [revision.id])
    assert repo.get(revision.id).answers["freedom_use"] == Answer(
        value="yes",
        answered_at=repo.get(assessment.id).answers["freedom_use"].answered_at,
    )


def _import_mot(at: AppTest, mot: Path) -> AppTest:
    """On the first step, import a Model Openness Tool file into the assessment."""
    at.selectbox(key="wiz.jump").select(0).run()
    at.selectbox(key="wiz.import.format").set_value("mot")
    at.file_uploader(key="wiz.import.file").set_value((mot.name, mot.read_bytes(), "text/yaml"))
    at.run()
    return at.button(key="wiz.import.go").click().run()


def test_prefill_from_a_file_keeps_the_officers_answers(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """Importing into an assessment fills gaps as unconfirmed answers and keeps declared ones."""
    from tests.ui.conftest import ROOT

    mot = next((ROOT / "tests/data/importers/mot").glob("*.yml"))
    at = _import_mot(wizard(new_app, assessment), mot)
    assert not at.exception
    answers = repo.get(assessment.id).answers
    assert answers["freedom_use"].provenance == "declared"
    assert any(a.provenance == "imported" and not a.confirmed for a in answers.values())
    assert "Imported" in texts(at)


def test_import_notes_are_shown_again_in_a_later_session_in_its_language(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """The notes an import gave are kept with the assessment: a new session (a reload) shows
    them on the first step in the reader's language, Japanese or English."""
    from tests.ui.conftest import ROOT

    mot = ROOT / "tests/data/importers/mot/Llama-3.1-8B.yml"
    at = _import_mot(wizard(new_app, assessment), mot)
    assert not at.exception
    (kept,) = repo.import_notes(assessment.id)
    assert kept.source == mot.name and kept.notes
    english = "normalised to LicenseRef-Llama-3.1-Community"
    for locale, expected, absent in (
        ("ja-JP", "LicenseRef-Llama-3.1-Community と読みました", english),
        ("en-US", english, "と読みました"),
    ):
        later = new_app(locale=locale, assessment=assessment.id)
        later.session_state["officer_name"] = "山田 太郎"
        later = open_page(later, "wizard")
        later.selectbox(key="wiz.jump").select(0).run()
        assert not later.exception
        shown = texts(later)
        assert mot.name in shown
        assert expected in shown and absent not in shown


def test_a_whole_number_question_shows_whole_numbers_with_its_unit(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """A count of months takes and shows whole numbers (no decimals) beside its unit, and a
    stored 6.0 is shown and reported as 6 か月."""
    from osai_procure.report import display_value
    from osai_procure.ui import services

    repo.save_answers(
        assessment.id,
        {
            "continuity_exit_plan": Answer(value="yes"),
            "continuity_transition_months": Answer(value=6.0),
        },
        assessment.version,
        "fixture",
    )
    at = goto(wizard(new_app, assessment), "continuity")
    box = at.number_input(key="answer.continuity_transition_months")
    assert box.proto.format == "%d" and box.step == 1 and box.value == 6
    assert "months" in texts(at)
    bundle = services.bundle_for("osg_jp_public_procurement")
    assert bundle is not None
    shown = display_value(bundle.questions["continuity_transition_months"], 6.0)
    assert (shown.ja, shown.en) == ("6 か月", "6 months")


def test_the_rest_of_a_section_is_recorded_unknown_in_one_click(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """One button records 'unknown' for every open question of the section that offers it,
    keeps the answers already given and the questions without an 'unknown' (texts), and the
    cards show it at once."""
    from osai_procure.ui import services

    bundle = services.bundle_for("osg_jp_public_procurement")
    assert bundle is not None
    section = next(s for _, s in wizard_steps(bundle) if s is not None and s.id == "code")
    given = Answer(value={"released": "yes", "license": "MIT"})
    repo.save_answer(assessment.id, "code_training", given, assessment.version, "fixture")
    at = goto(wizard(new_app, assessment), "code")
    at.button(key="wiz.rest_unknown.code").click().run()
    assert not at.exception
    stored = repo.get(assessment.id).answers
    assert stored["code_training"].value == given.value
    offered = [q for q in section.questions if q.kind in ("component", "yes_no", "single_choice")]
    for question in offered:
        if question.id != "code_training" and question.id in stored:
            assert stored[question.id].value in ("unknown", {"released": "unknown"}), question.id
    unknown = [q for q in offered if stored.get(q.id) and stored[q.id].value != given.value]
    assert len(unknown) >= 2
    assert all(stored[q.id].answered_by == "山田 太郎" for q in unknown)
    first = next(q for q in unknown if q.kind == "component")
    assert at.segmented_control(key=f"answer.{first.id}.released").value == "unknown"
    assert "wiz.rest_unknown.code" not in {b.key for b in at.button}


def test_an_imported_answer_is_confirmed_in_place(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """Ticking 'confirmed' keeps the imported value and marks it confirmed."""
    imported = Answer(value={"released": "yes", "license": "MIT"}, provenance="imported")
    repo.save_answer(assessment.id, "code_training", imported, assessment.version, "importer")
    at = goto(wizard(new_app, assessment), "code")
    assert "This answer was imported" in texts(at)
    at.checkbox(key="answer.code_training.confirmed").check().run()
    stored = repo.get(assessment.id).answers["code_training"]
    assert stored.provenance == "imported" and stored.confirmed
    assert stored.value == {"released": "yes", "license": "MIT"}


def test_a_no_on_a_freedom_asks_which_terms_cause_it(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """Answering a freedom 'no' offers the terms that cause it; ticking one stores it with the
    answer, and answering 'yes' again drops it."""
    at = goto(wizard(new_app, assessment), "freedoms")
    assert "answer.freedom_use.terms" not in {w.key for w in at.multiselect}
    at.segmented_control(key="answer.freedom_use").set_value("no").run()
    at.multiselect(key="answer.freedom_use.terms").select("acceptable_use_policy").run()
    stored = repo.get(assessment.id).answers["freedom_use"]
    assert (stored.value, stored.terms) == ("no", ("acceptable_use_policy",))
    at.segmented_control(key="answer.freedom_use").set_value("yes").run()
    assert repo.get(assessment.id).answers["freedom_use"].terms == ()


def test_confirming_an_import_keeps_its_source_and_terms(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """Confirming an imported freedom keeps the record fields it came from and the licence
    red flags it follows from."""
    imported = Answer.model_validate(
        {
            "value": "no",
            "provenance": "imported",
            "terms": ["use_restrictions"],
            "source": {"record": "Llama.yml", "fields": ["release.license.distribution.name"]},
        }
    )
    repo.save_answer(assessment.id, "freedom_use", imported, assessment.version, "importer")
    at = goto(wizard(new_app, assessment), "freedoms")
    at.checkbox(key="answer.freedom_use.confirmed").check().run()
    stored = repo.get(assessment.id).answers["freedom_use"]
    assert stored.confirmed and stored.terms == ("use_restrictions",)
    assert stored.source is not None and stored.source.record == "Llama.yml"


def test_task_list_shows_each_section_and_jumps_to_a_required_question(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord
) -> None:
    """The overview lists every section with its state; a required question's button opens its
    section with the page set to land on that question."""
    at = wizard(new_app, assessment)
    shown = texts(at)
    assert "Your tasks" in shown and "sections" in shown
    assert "Not started" in shown and "required open" in shown
    at.button(key="task.q.freedom_study").click().run()
    assert at.selectbox(key="wiz.jump").value == step_index(at, "freedoms")
    assert "answer.freedom_study" in {w.key for w in at.segmented_control}
    assert "wiz.focus" not in at.session_state  # consumed: the page scrolled once


def test_review_names_an_unanswered_question_and_opens_it_in_the_wizard(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord
) -> None:
    """The Review's unanswered questions are links named by number and text (as the report
    cites them); one opens the wizard on that question's step, landing on the question."""
    from osai_procure.report import question_numbers
    from osai_procure.ui import services

    bundle = services.bundle_for("osg_jp_public_procurement")
    assert bundle is not None
    number = question_numbers(bundle)["freedom_study"]
    at = open_page(new_app(assessment=assessment.id), "review")
    at.session_state["review.tab"] = at.tabs[1].label  # the officer opens "Still unknown"
    at.run()
    link = at.button(key="review.goto.freedom_study")
    assert shown(link.label) == f"{number} {bundle.questions['freedom_study'].text.en}"
    link.click().run()
    assert at.selectbox(key="wiz.jump").value == step_index(at, "freedoms")
    assert "answer.freedom_study" in {w.key for w in at.segmented_control}
    assert "wiz.focus" not in at.session_state  # consumed: the page scrolled once


def test_progress_bar_counts_sections_so_conditional_questions_do_not_move_it_back(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord
) -> None:
    """Choosing an escrow shows more questions; the sections total stays the same."""
    at = wizard(new_app, assessment)
    before = re.search(r"of (\d+) sections", at.get("progress")[0].proto.text)
    goto(at, "preservation")
    at.radio(key="answer.preservation_deposit_holder").set_value("domestic_escrow").run()
    after = re.search(r"of (\d+) sections", at.get("progress")[0].proto.text)
    assert before and after and before.group(1) == after.group(1)


def _import_freedoms(repo: Repository, record: AssessmentRecord) -> None:
    """Store the four freedoms as imported, unconfirmed answers citing a fetched document."""
    from osai_procure.models.answers import Evidence

    source = Evidence(
        url="https://mot.isitopen.ai/api/v1/model/1130",
        sha256="a" * 64,
        retrieved_at="2026-12-01T09:00:00+00:00",
    )
    answers = {
        q: Answer(value="no", provenance="imported", evidence=(source,))
        for q in ("freedom_use", "freedom_study", "freedom_modify", "freedom_share")
    }
    repo.save_answers(record.id, answers, repo.get(record.id).version, "importer")


def test_confirm_all_imported_answers_of_a_section_after_seeing_their_sources(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """A section with imported answers lists value and source side by side; one button confirms
    them all in one save, keeping their evidence."""
    _import_freedoms(repo, assessment)
    at = goto(wizard(new_app, assessment), "freedoms")
    assert "Imported answers to confirm (4)" in {e.label for e in at.expander}
    shown = [re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown]
    table = next(m for m in shown if m.startswith("| Question"))
    assert "https://mot.isitopen.ai/api/v1/model/1130" in table
    at.button(key="wiz.confirm_all.freedoms").click().run()
    stored = repo.get(assessment.id).answers
    assert all(stored[q].confirmed for q in ("freedom_use", "freedom_share"))
    assert stored["freedom_use"].evidence[0].sha256 == "a" * 64
    assert "Imported answers to confirm (4)" not in {e.label for e in at.expander}


def test_the_side_by_side_look_parts_the_lines_of_an_imported_component(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """An imported component reads as release, licence and place, parted within its cell (a
    table cell holds one line: they used to run together)."""
    value = {"released": "yes", "location": ["https://github.com/x/train"], "license": "MIT"}
    answer = Answer(value=value, provenance="imported")
    repo.save_answers(assessment.id, {"code_training": answer}, assessment.version, "importer")
    at = goto(wizard(new_app, assessment), "code")
    shown = [re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown]
    table = next(m for m in shown if m.startswith("| Question"))
    assert "Release: Released / Licence: MIT / Location: `https://github.com/x/train`" in table
    assert "| A.1.2 Is the training code released" in table  # numbered as its card is


def test_evidence_is_open_where_required_and_a_url_added_once_can_be_picked_elsewhere(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """Required-evidence questions show their evidence fields without a click; a URL given for
    one question is offered by the library picker of another and saved there."""
    at = goto(wizard(new_app, assessment), "freedoms")
    url = "https://example.org/terms"
    at.text_area(key="answer.freedom_use.evidence").input(url).run()
    picker = at.multiselect(key="answer.freedom_study.evidence_pick")
    assert url in picker.options
    picker.select(url).run()
    stored = repo.get(assessment.id).answers["freedom_study"]
    assert [e.url for e in stored.evidence] == [url]


def test_an_uploaded_file_is_in_the_evidence_library_for_any_other_answer(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """A file uploaded once for one question is offered by the library picker of another, by
    name, and picking it cites the same file (name and SHA-256) there."""
    at = goto(wizard(new_app, assessment), "freedoms")
    content = b"acceptable use policy\n"
    uploader = next(u for u in at.file_uploader if u.key.startswith("answer.freedom_use.upload"))
    uploader.set_value(("aup.pdf", content, "application/pdf"))
    at.run()
    digest = hashlib.sha256(content).hexdigest()
    picker = at.multiselect(key="answer.freedom_study.evidence_pick")
    entry = next(o for o in picker.options if "aup.pdf" in o)
    assert digest[:12] in entry
    picker.select(entry).run()
    stored = repo.get(assessment.id).answers["freedom_study"]
    assert [(e.file, e.sha256) for e in stored.evidence] == [("aup.pdf", digest)]
    offered = [
        o
        for m in at.multiselect
        if m.key == "answer.freedom_study.evidence_pick"
        for o in m.options
    ]
    assert not any("aup.pdf" in o for o in offered), "a file already cited is not offered again"


def test_fetched_sources_are_kept_not_duplicated_when_the_officer_edits_evidence(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """A fetched document (URL with digest and time) stays once in the evidence after the
    officer adds a URL of their own."""
    _import_freedoms(repo, assessment)
    at = goto(wizard(new_app, assessment), "freedoms")
    assert "SHA-256 aaaaaaaaaaaa" in texts(at)
    at.text_area(key="answer.freedom_use.evidence").input("https://example.org/aup").run()
    stored = repo.get(assessment.id).answers["freedom_use"]
    assert [e.url for e in stored.evidence] == [
        "https://mot.isitopen.ai/api/v1/model/1130",
        "https://example.org/aup",
    ]
    assert stored.evidence[0].sha256 == "a" * 64


def test_folded_evidence_keeps_no_state_and_a_field_opened_on_demand_keeps_its_value(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """An empty folded evidence block, an unticked import confirmation and a missing scan hold
    no session state; a URL and a note typed into evidence opened on demand are saved and stay
    when the question is answered after the block is folded again."""
    at = goto(wizard(new_app, assessment), "code")
    question = "code_evaluation"  # evidence not required: folded
    for part in ("evidence", "note", "confirmed", "scan"):
        assert f"answer.{question}.{part}" not in at.session_state
    assert not any(a.key == f"answer.{question}.evidence" for a in at.text_area)
    at = open_evidence(at, question)
    url = "https://example.org/eval"
    at.text_area(key=f"answer.{question}.evidence").input(url).run()
    at.text_area(key=f"answer.{question}.note").input("評価スクリプトは公開済み").run()
    at.session_state[f"answer.{question}.evidence_open"] = False
    at.run()
    assert not any(a.key == f"answer.{question}.evidence" for a in at.text_area)
    at.segmented_control(key=f"answer.{question}.released").set_value("yes").run()
    stored = repo.get(assessment.id).answers[question]
    assert stored.value["released"] == "yes"
    assert [e.url for e in stored.evidence] == [url]
    assert stored.note == "評価スクリプトは公開済み"


def test_questions_carry_the_number_the_report_and_the_reasons_cite(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord
) -> None:
    """A question's card, its line in the task list and the review's answers show its number
    (A.n.m), the one a reason such as 「A.6.1：回答は…」 and the PDF cite."""
    from osai_procure.report import question_numbers
    from osai_procure.ui import services

    bundle = services.bundle_for("osg_jp_public_procurement")
    assert bundle is not None
    number = question_numbers(bundle)["freedom_study"]
    text = bundle.questions["freedom_study"].text
    at = wizard(new_app, assessment)
    # The task list's required question: a link named by its number and text.
    assert shown(at.button(key="task.q.freedom_study").label) == f"{number} {text.en}"
    goto(at, "freedoms")
    assert f"**{number} {text.en}**" in texts(at)
    at.session_state["lang"] = "ja"
    at.run()
    assert f"{number}\u3000{text.ja}" in texts(at)


def test_a_stored_answer_the_question_rejects_is_explained_in_japanese(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """A stored value the question does not offer (say, after the questionnaire changed) is
    shown on its card with why, in the officer's language."""
    repo.save_answer(
        assessment.id, "freedom_study", Answer(value="maybe"), assessment.version, "fixture"
    )
    at = wizard(new_app, assessment)
    at.session_state["lang"] = "ja"
    goto(at.run(), "freedoms")
    assert [e.value for e in at.error] == [
        "この回答は受け付けられません：「maybe」は使えません。使える値：「yes」、「no」、「unknown」"
    ]


@pytest.mark.parametrize(("record", "terms_only"), [("FALCON", True), ("MIXTRAL", False)])
def test_the_clauses_say_when_only_the_models_own_terms_fail(
    new_app: Callable[..., AppTest],
    repo: Repository,
    osaid_bundle: PolicyBundle,
    record: str,
    terms_only: bool,
) -> None:
    """Where OSAID fails on the model's licence alone (Falcon's record), the clauses tab says
    that a clause binds the contractor, not the model's rights holder; where released parts are
    missing (Mixtral's), the clauses can ask for them and nothing is added."""
    from osai_procure.importers import import_file
    from tests.importers import test_verdicts

    source = getattr(test_verdicts, record).encode()
    result = import_file("mot", source, "record.yml", osaid_bundle)
    policy = osaid_bundle.policy
    stamp = PolicyStamp(id=policy.id, version=policy.version, digest=policy.digest)
    created = repo.create(result.answers.assessment, stamp, "fixture", result.answers.answers)
    at = open_page(new_app(assessment=created.id), "review")
    at.session_state["review.tab"] = at.tabs[3].label  # the officer opens the clauses
    at.run()
    assert not at.exception
    assert "Suggested contract clause" in texts(at)  # the clauses tab is the one drawn
    said = " ".join(i.value for i in at.info)
    assert ("binds the contractor, not the model's rights holder" in said) is terms_only


def test_the_licence_table_shows_every_red_flag_in_full(
    new_app: Callable[..., AppTest], repo: Repository, osaid_bundle: PolicyBundle
) -> None:
    """The Licences tab's table lists each component with all its red flags, wrapped rather
    than cut at the column's edge (a plain table, not a data grid), its names shown as text."""
    from osai_procure.importers import import_file
    from tests.importers.helpers import DATA

    record = DATA / "mot" / "Llama-3.1-8B.yml"
    result = import_file("mot", record, record.name, osaid_bundle)
    answers = dict(result.answers.answers)
    hostile = {"released": "unknown", "license": "[x](https://evil.example) <b>b</b>"}
    answers["code_training"] = Answer(value=hostile)
    policy = osaid_bundle.policy
    stamp = PolicyStamp(id=policy.id, version=policy.version, digest=policy.digest)
    created = repo.create(result.answers.assessment, stamp, "fixture", answers)
    at = open_page(new_app(assessment=created.id), "review")
    at.session_state["review.tab"] = at.tabs[2].label  # the officer opens the licences
    at.run()
    assert not at.exception
    assert not at.dataframe
    (table,) = [t.value for t in at.table]
    weights = table[table["Component"].map(shown) == "Model parameters (Final)"]
    flags = weights["Red flags"].iloc[0]
    for title in ("User or revenue caps", "Use restrictions", "Restrictions imposed downstream"):
        assert title in flags
    assert "\\[x\\]\\(" in " ".join(table["Licence"])  # a link typed as a licence stays text
    components = [shown(c) for c in table["Component"]]
    # Whether a component is released is said where it is not (most are: no column for it).
    assert "Training code (Released: Unknown)" in components
    assert "Released" not in table.columns
