"""Wizard: one step per questionnaire section, every change saved at once, resumable by URL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from osai_procure.engine import Progress, progress
from osai_procure.loading import PolicyBundle
from osai_procure.models.answers import Answer, AssessmentInfo, ComponentValue, SystemInfo
from osai_procure.models.base import Lang
from osai_procure.models.evaluation import Evaluation
from osai_procure.models.questionnaire import (
    ComponentQuestion,
    Question,
    Section,
    SingleChoiceQuestion,
    YesNoQuestion,
)
from osai_procure.report import display_value, question_numbers
from osai_procure.store import (
    AssessmentRecord,
    AttachmentInfo,
    ConflictError,
    LockedError,
    PermissionDeniedError,
)
from osai_procure.tasks import TaskList, task_list
from osai_procure.ui import records, services, shell, widgets
from osai_procure.ui.i18n import t
from osai_procure.wording import problem_text

STEP = records.WIZARD_STEP
JUMP = "wiz.jump"
PAGE = "wiz.page"  # what the page shows of the stored assessment (see `_summarise`)
NAV_WIDTH = 160  # pixels: Back and Next keep one size whatever the language
INFO_FIELDS = (
    "title",
    "procurement_id",
    "agency",
    "system_name",
    "system_version",
    "system_provider",
)


def _step_title(step: tuple[str, Section | None], lang: Lang) -> str:
    """The name of a step."""
    kind, section = step
    if section is not None:
        return section.title.get(lang)
    return t("wizard.details" if kind == "details" else "wizard.finish", lang)


def _current_step(record: AssessmentRecord, count: int) -> int:
    """This session's step for the assessment; a fresh session resumes the stored step."""
    state: dict[str, Any] = st.session_state.get(STEP) or {}
    if state.get("id") != record.id:
        state = {"id": record.id, "step": record.current_step}
        st.session_state[STEP] = state
    step = min(max(int(state["step"]), 0), count - 1)
    state["step"] = step
    return step


def _go(step: int) -> None:
    """Move to a step and remember it in the database (so a reload resumes there)."""
    state = st.session_state.get(STEP) or {}
    state["step"] = step
    st.session_state[STEP] = state
    ident = state.get("id")
    # Only an officer who may edit moves the stored step; others browse in this session.
    if ident and shell.may("edit"):
        services.repository().set_step(ident, step, shell.principal())


def _jumped() -> None:
    """The step selector changed."""
    _go(int(st.session_state[JUMP]))


# -- assessment details --------------------------------------------------------------------------


def _info_key(name: str) -> str:
    """Widget key of an assessment detail."""
    return f"info.{name}"


def _seed_info(info: AssessmentInfo, force: bool) -> None:
    """Put the stored details into their widgets."""
    values = {
        "title": info.title,
        "procurement_id": info.procurement_id or "",
        "agency": info.agency or "",
        "system_name": info.system.name,
        "system_version": info.system.version or "",
        "system_provider": info.system.provider or "",
    }
    for name, value in values.items():
        key = _info_key(name)
        # Write only what differs, so text being typed elsewhere is never replaced.
        if key not in st.session_state or (force and st.session_state[key] != value):
            st.session_state[key] = value


def _info_changed() -> None:
    """Save the details (title and system name may not be empty: keep the stored ones)."""
    ctx = widgets.context()
    if not ctx:
        return
    repo = services.repository()
    current = repo.get(ctx["id"])

    def value(name: str) -> str:
        return str(st.session_state.get(_info_key(name)) or "").strip()[:500]

    info = AssessmentInfo(
        title=value("title") or current.info.title,
        procurement_id=value("procurement_id") or None,
        agency=value("agency") or None,
        system=SystemInfo(
            name=value("system_name") or current.info.system.name,
            version=value("system_version") or None,
            provider=value("system_provider") or None,
        ),
    )
    try:
        record = repo.update_info(ctx["id"], info, ctx["version"], ctx["actor"])
    except ConflictError as exc:
        st.session_state[widgets.FLASH] = ("info_conflict", exc.changed_by, exc.changed_at)
        return
    except LockedError:
        return
    except PermissionDeniedError as exc:
        st.session_state[widgets.FLASH] = ("denied", exc)
        return
    ctx.update(version=record.version, saved_at=record.updated_at)


def _details(record: AssessmentRecord, bundle: PolicyBundle, lang: Lang, locked: bool) -> None:
    """Step 0: what is assessed, for which procurement; optional pre-fill from a file."""
    st.caption(t("wizard.details.help", lang))
    with st.container(border=True):
        common: dict[str, Any] = {"on_change": _info_changed, "disabled": locked, "max_chars": 500}
        st.text_input(t("info.title", lang), key=_info_key("title"), **common)
        left, right = st.columns(2)
        left.text_input(t("info.procurement_id", lang), key=_info_key("procurement_id"), **common)
        right.text_input(t("info.agency", lang), key=_info_key("agency"), **common)
        a, b, c = st.columns([2, 1, 2])
        a.text_input(t("info.system_name", lang), key=_info_key("system_name"), **common)
        b.text_input(t("info.system_version", lang), key=_info_key("system_version"), **common)
        c.text_input(t("info.system_provider", lang), key=_info_key("system_provider"), **common)
    _task_list(record, bundle, lang)
    if not locked:
        _import_block(record, bundle, lang)
    # Kept with the assessment: shown in every later session, open right after an import.
    just_imported = st.session_state.pop(NOTES_OPEN, None) == record.id
    widgets.kept_import_notes(record.id, bundle, lang, expanded=just_imported)


TASK_ICONS = {
    "not_started": ":gray-badge[:material/radio_button_unchecked: {}]",
    "in_progress": ":blue-badge[:material/pending: {}]",
    "needs_decision": ":orange-badge[:material/help: {}]",
    "done": ":green-badge[:material/check_circle: {}]",
}
FOCUS = records.WIZARD_FOCUS  # the question a jump should land on
NOTES_OPEN = "wiz.notes_open"  # the assessment whose import notes open (just imported)


def _open_question(step: int, question_id: str) -> None:
    """Go to a question's step and land on the question itself."""
    st.session_state[FOCUS] = question_id
    _go(step)


def _task_list(record: AssessmentRecord, bundle: PolicyBundle, lang: Lang) -> None:
    """The overview: every section with its state, its open required questions and a way in."""
    steps = records.wizard_steps(bundle)
    step_of = {id(section): i for i, (_, section) in enumerate(steps) if section is not None}
    tasks = task_list(bundle, record.answers, services.required_questions(bundle))
    st.subheader(t("tasks.title", lang), anchor=False)
    st.caption(t("tasks.summary", lang, done=tasks.done, total=tasks.total))
    numbers = question_numbers(bundle)
    for task in tasks.sections:
        step = step_of[id(task.section)]
        badge = TASK_ICONS[task.state].format(t(f"tasks.state.{task.state}", lang))
        detail = t("tasks.counts", lang, answered=task.answered, shown=task.shown)
        if task.open_required:
            detail += " · " + t("tasks.open_required", lang, n=len(task.open_required))
        if task.unconfirmed:
            detail += " · " + t("tasks.unconfirmed", lang, n=len(task.unconfirmed))
        with st.container(border=True, key=f"task.{task.section.id}"):
            # A row block, not columns: one element instead of three for each section.
            with st.container(
                horizontal=True, horizontal_alignment="distribute", vertical_alignment="center"
            ):
                st.markdown(
                    f"**{widgets.literal(task.section.title.get(lang))}** {badge}  \n"
                    f":gray[{detail}]"
                )
                st.button(
                    t("tasks.open", lang),
                    key=f"task.open.{task.section.id}",
                    on_click=_go,
                    args=(step,),
                    width=NAV_WIDTH,
                )
            for qid in task.open_required[:3]:
                widgets.question_link(
                    bundle.questions[qid],
                    numbers[qid],
                    lang,
                    f"task.q.{qid}",
                    _open_question,
                    (step, qid),
                )


def _import_block(record: AssessmentRecord, bundle: PolicyBundle, lang: Lang) -> None:
    """Pre-fill unanswered questions from a machine-readable record (never over an officer's)."""
    from osai_procure.errors import ContentError
    from osai_procure.importers import FORMATS, import_file, merge_answers, title_of

    with st.expander(t("wizard.import", lang)):
        fmt = st.selectbox(
            t("start.import.format", lang),
            [widgets.NO_IMPORT, *FORMATS],
            key="wiz.import.format",
            format_func=lambda f: widgets.format_name(f, lang),
        )
        upload = st.file_uploader(
            t("start.import.file", lang), key="wiz.import.file", max_upload_size=16
        )
        if st.button(t("wizard.import.button", lang), key="wiz.import.go", disabled=upload is None):
            assert upload is not None
            chosen = widgets.format_of(fmt, upload.getvalue(), upload.name, lang)
            if chosen is None:
                return
            try:
                result = import_file(chosen, upload.getvalue(), upload.name, bundle).in_language(
                    lang, title_of(bundle, lang)
                )
            except ContentError as exc:
                st.error(t("import.failed", lang))
                st.code("\n".join(problem_text(p, lang) for p in exc.problems[:50]), language=None)
                return
            merged = merge_answers(record.answers_file(), result)
            changes = {
                qid: answer
                for qid, answer in merged.answers.answers.items()
                if record.answers.get(qid) != answer
            }
            ctx = widgets.context()
            try:
                saved = services.repository().save_answers(
                    record.id, changes, ctx["version"], ctx["actor"]
                )
            except ConflictError as exc:
                st.warning(
                    t(
                        "conflict.other",
                        lang,
                        who=shell.who(exc.changed_by, lang),
                        when=shell.fmt_time(exc.changed_at, lang),
                        what=", ".join(exc.questions or exc.actions),
                    )
                )
                return
            except PermissionDeniedError as exc:
                st.error(shell.denied(exc, lang), icon=":material/block:")
                return
            ctx.update(
                version=saved.version,
                answers=dict(saved.answers),
                saved_at=saved.updated_at,
            )
            if result.notes:
                widgets.keep_import_notes(record.id, upload.name, result.notes[:200], lang)
            st.success(t("import.done", lang, n=len(changes)))
            st.session_state[NOTES_OPEN] = record.id


# -- sections --------------------------------------------------------------------------------------


def _section(
    section: Section,
    bundle: PolicyBundle,
    visible: set[str],
    progress_slot: DeltaGenerator,
    lang: Lang,
    locked: bool,
) -> None:
    """A questionnaire section: its visible questions, in order, each a fragment of its own."""
    if section.description is not None:
        st.caption(widgets.literal(section.description.get(lang)))
    answers = widgets.context().get("answers", {})
    # The side-by-side look has a place of its own, kept when it empties: once "confirm all"
    # has emptied it, the cards below keep their places on the page, so the browser updates
    # them rather than building every one of them anew.
    numbers = question_numbers(bundle)
    with st.container():
        if not locked:
            _confirm_imports(section, numbers, visible, answers, lang)
    for question in section.questions:
        if question.id in visible:
            with st.container(border=True, key=f"q.{question.id}"):
                number = numbers[question.id]
                widgets.question_header(question, answers.get(question.id), lang, number)
                _question_card(question, bundle, section, progress_slot, lang, locked)
    if not locked:
        _rest_unknown(section, visible, answers, lang)


def _unanswered(answer: Answer | None) -> bool:
    """No answer yet (at most evidence or a note)."""
    return answer is None or answer.value is None


def _unknown_answer(question: Question) -> Answer | None:
    """The answer 'unknown' where a question offers it (yes/no, one choice, a component)."""
    if isinstance(question, YesNoQuestion | SingleChoiceQuestion):
        return Answer(value="unknown")
    if isinstance(question, ComponentQuestion):
        component = ComponentValue.read({"released": "unknown"})
        assert component is not None  # a mapping always reads as a component answer
        return Answer(value=component.to_answer())
    return None


def _rest_unknown(
    section: Section, visible: set[str], answers: dict[str, Answer], lang: Lang
) -> None:
    """One button that records 'unknown' for every question of the section still unanswered
    that offers it: what the officer cannot tell stays unknown, said once, not per card."""
    open_ = [
        q.id
        for q in section.questions
        if q.id in visible and _unanswered(answers.get(q.id)) and _unknown_answer(q) is not None
    ]
    if len(open_) < 2:  # one question is one click on its own card
        return
    st.button(
        t("wizard.rest_unknown", lang, n=len(open_)),
        key=f"wiz.rest_unknown.{section.id}",
        on_click=_answer_unknown,
        args=(section, open_, lang),
        help=t("wizard.rest_unknown.help", lang),
        disabled=not shell.may("edit"),
        icon=":material/help:",
    )


def _answer_unknown(section: Section, question_ids: list[str], lang: Lang) -> None:
    """Record 'unknown' for the listed questions still unanswered, in one save."""
    ctx = widgets.context()
    answers = ctx.get("answers", {})
    questions = {q.id: q for q in section.questions}
    changes: dict[str, Answer | None] = {}
    for qid in question_ids:
        unknown, previous = _unknown_answer(questions[qid]), answers.get(qid)
        if unknown is not None and _unanswered(previous):
            # An answer with only evidence or a note keeps them.
            changes[qid] = (
                previous.model_copy(update={"value": unknown.value}) if previous else unknown
            )
    if not changes:
        return
    saved = _save_changes(ctx, changes)
    if saved is None:
        return
    for qid in changes:
        widgets.seed(questions[qid], saved.answers.get(qid), force=True)
    st.toast(t("wizard.rest_unknown.done", lang, n=len(changes)), icon=":material/help:")


def _confirm_imports(
    section: Section,
    numbers: Mapping[str, str],
    visible: set[str],
    answers: dict[str, Answer],
    lang: Lang,
) -> None:
    """The section's unconfirmed imported answers side by side with their sources, and one
    button that confirms them all. A row names its question by number (`numbers`), as its card
    below does."""
    pending = [
        q
        for q in section.questions
        if q.id in visible and widgets.imported_unconfirmed(answers.get(q.id))
    ]
    if not pending:
        return
    with st.expander(t("confirm.section.title", lang, n=len(pending)), expanded=True):
        st.caption(t("confirm.section.help", lang))
        head = (
            t("confirm.section.question", lang),
            t("confirm.section.value", lang),
            t("confirm.section.source", lang),
        )
        rows = [f"| {' | '.join(head)} |", "|---|---|---|"]
        for question in pending:
            answer = answers[question.id]
            sources = [e.url for e in answer.evidence if e.url and e.sha256] or [
                e.url for e in answer.evidence if e.url
            ]
            cells = (
                widgets.numbered(numbers[question.id], question.text.get(lang), lang),
                display_value(question, answer.value).get(lang),
                " ".join(s for s in sources[:2] if s),
            )
            # A table cell is one line: the value's lines (release, licence, places) are parted.
            parted = (c.replace("\n", t("confirm.section.parts", lang)) for c in cells)
            rows.append("| " + " | ".join(widgets.literal(c) for c in parted) + " |")
        # A plain table (not a data grid): read by screen readers and searchable on the page.
        st.markdown("\n".join(rows))
        st.button(
            t("confirm.section.button", lang),
            key=f"wiz.confirm_all.{section.id}",
            on_click=_confirm_all,
            args=([q.id for q in pending], lang),
            type="primary",
            disabled=not shell.may("edit"),
        )


def _save_changes(
    ctx: dict[str, Any], changes: Mapping[str, Answer | None]
) -> AssessmentRecord | None:
    """Save several answers in one revision for a section-wide action; on a conflict, a lock
    or a refused role, leave the message for the next run and return None."""
    try:
        saved = services.repository().save_answers(ctx["id"], changes, ctx["version"], ctx["actor"])
    except ConflictError as exc:
        st.session_state[widgets.FLASH] = ("info_conflict", exc.changed_by, exc.changed_at)
        return None
    except LockedError:
        st.session_state[widgets.FLASH] = "locked"
        return None
    except PermissionDeniedError as exc:
        st.session_state[widgets.FLASH] = ("denied", exc)
        return None
    ctx.update(version=saved.version, answers=dict(saved.answers), saved_at=saved.updated_at)
    return saved


def _confirm_all(question_ids: list[str], lang: Lang) -> None:
    """Mark the listed imported answers confirmed, in one save."""
    ctx = widgets.context()
    answers = ctx.get("answers", {})
    changes = {
        qid: answers[qid].model_copy(update={"confirmed": True})
        for qid in question_ids
        if widgets.imported_unconfirmed(answers.get(qid))
    }
    if not changes:
        return
    saved = _save_changes(ctx, changes)
    if saved is None:
        return
    for qid in changes:
        st.session_state[widgets.key(qid, "confirmed")] = True
    st.toast(t("confirm.section.done", lang, n=len(changes)), icon=":material/task_alt:")


@st.fragment
def _question_card(
    question: Question,
    bundle: PolicyBundle,
    section: Section,
    progress_slot: DeltaGenerator,
    lang: Lang,
    locked: bool,
) -> None:
    """The changing part of one question's card. A fragment: answering reruns only this (its
    callback has saved the answer), and it refreshes the progress and autosave line in its
    slot.

    When the change reaches further than that - a question appears or disappears, another
    officer's change came in with the save, the status changed, or the save was refused - the
    card asks for a full rerun so the whole page shows the stored state."""
    # A card's own rerun does not pass through the page's error guard: it has its own.
    with shell.logged_run("wizard.card", fragment=True):
        shell.guarded(lambda _: _card_body(question, bundle, section, progress_slot, lang, locked))


def _card_body(
    question: Question,
    bundle: PolicyBundle,
    section: Section,
    progress_slot: DeltaGenerator,
    lang: Lang,
    locked: bool,
) -> None:
    """What `_question_card` draws and decides."""
    ctx = widgets.context()
    page: dict[str, Any] = st.session_state.get(PAGE) or {}
    # Saved since the page was drawn (this card's callback ran before this rerun)? Decided
    # before the card is drawn: when the change reaches beyond the card, the whole page is
    # redrawn, and a card drawn first would be work and messages to the browser for nothing.
    saved = page.get("id") == ctx.get("id") and page.get("version") != ctx.get("version")
    refused = st.session_state.get(widgets.FLASH) == "locked"  # approved meanwhile
    if refused or (saved and not _follow_own_save(page, ctx, bundle, section, lang)):
        st.rerun(scope="app")
    widgets.question_body(
        question,
        ctx.get("answers", {}).get(question.id),
        bundle,
        _attachments(ctx).get(question.id, []),
        lang,
        locked,
    )
    _show_progress(progress_slot, page)


def _follow_own_save(
    page: dict[str, Any], ctx: dict[str, Any], bundle: PolicyBundle, section: Section, lang: Lang
) -> bool:
    """Bring the page's summary up to date after this session saved an answer; False when the
    page must be redrawn as a whole instead."""
    own_save = ctx["version"] == page["version"] + 1 and ctx.get("status") == page["status"]
    if not own_save:
        return False
    now = progress(bundle, ctx["answers"])
    if set(now.visible) != page["visible"] or _badged(ctx["answers"]) != page["badged"]:
        return False  # questions appear or go, or a card's header badge changes
    tasks = task_list(bundle, ctx["answers"], services.required_questions(bundle), now)
    _summarise(page, ctx["id"], ctx["version"], ctx["status"], now, section, lang, tasks)
    return True


def _badged(answers: dict[str, Any]) -> set[str]:
    """The questions whose card header shows the 'imported, please confirm' badge."""
    return {qid for qid, answer in answers.items() if widgets.imported_unconfirmed(answer)}


def _attachments(ctx: dict[str, Any]) -> dict[str, list[AttachmentInfo]]:
    """The assessment's evidence files by question: read on each full run and after an upload
    (which drops this cache), reused by the question cards' own reruns."""
    cached = st.session_state.get(widgets.FILES)
    if cached and cached[0] == ctx.get("id"):
        files: dict[str, list[AttachmentInfo]] = cached[1]
        return files
    files = {}
    if ctx.get("id"):
        for info in services.repository().attachments(ctx["id"]):
            files.setdefault(info.question_id, []).append(info)
    st.session_state[widgets.FILES] = (ctx.get("id"), files)
    return files


def _finish(
    record: AssessmentRecord,
    bundle: PolicyBundle,
    evaluation: Evaluation,
    steps: list[tuple[str, Section | None]],
    visible: set[str],
    lang: Lang,
) -> None:
    """The last step: what is still unknown, with a way straight to each question."""
    step_of = {
        q.id: index
        for index, (_, section) in enumerate(steps)
        if section is not None
        for q in section.questions
    }
    st.subheader(t("wizard.finish.unknown", lang), anchor=False)
    if not evaluation.unanswered:
        st.success(t("wizard.finish.all_answered", lang), icon=":material/task_alt:")
    _jump_list(bundle, evaluation.unanswered, step_of, steps, lang, "unknown")
    if evaluation.unconfirmed_imports:
        st.subheader(t("wizard.finish.unconfirmed", lang), anchor=False)
        found = [qid for qid in evaluation.unconfirmed_imports if qid in bundle.questions]
        _jump_list(bundle, found, step_of, steps, lang, "import")
    hidden = [qid for qid in record.answers if qid in bundle.questions and qid not in visible]
    if hidden:
        st.caption(t("question.hidden_answer", lang))
    if st.button(t("wizard.to_review", lang), type="primary", key="wiz.review"):
        shell.switch_to("review", record.id)


def _numbered(question: Question, number: str, lang: Lang) -> str:
    """A question as the report cites it: its number, then its text (as text, not markup)."""
    return widgets.literal(widgets.numbered(number, question.text.get(lang), lang))


def _jump_list(
    bundle: PolicyBundle,
    question_ids: Sequence[str],
    step_of: dict[str, int],
    steps: list[tuple[str, Section | None]],
    lang: Lang,
    group: str,
) -> None:
    """Open questions under the name of their step, each a link to the question itself."""
    numbers = question_numbers(bundle)
    shown_step: int | None = -1
    for qid in sorted(question_ids, key=lambda q: step_of.get(q, len(steps))):
        step = step_of.get(qid)
        if step != shown_step:
            where = _step_title(steps[step], lang) if step is not None else ""
            if where:
                st.markdown(f"**{widgets.literal(where)}**")
            shown_step = step
        question = bundle.questions[qid]
        if step is None:
            st.markdown(_numbered(question, numbers[qid], lang))
        else:
            key = f"wiz.goto.{group}.{qid}"
            widgets.question_link(question, numbers[qid], lang, key, _open_question, (step, qid))


# -- the page --------------------------------------------------------------------------------------


def _refresh_widgets(record: AssessmentRecord, lang: Lang) -> None:
    """Adopt the stored record as this session's view; say so when someone else changed it."""
    ctx = widgets.context()
    changed_elsewhere = ctx.get("id") == record.id and ctx.get("version") != record.version
    widgets.set_context(record, shell.actor(lang))
    _seed_info(record.info, force=True)
    if changed_elsewhere:
        st.toast(t("remote.updated", lang, version=record.version), icon=":material/sync:")


def _forget_other_widgets(shown: set[str]) -> None:
    """Drop the widget state of questions on other steps: they are re-seeded from the store
    when shown again, and a smaller session state makes every widget call cheaper."""
    conflict = (st.session_state.get(widgets.CONFLICT) or {}).get("question")
    for name in [k for k in st.session_state if isinstance(k, str) and k.startswith("answer.")]:
        question_id = name.split(".")[1]
        if question_id not in shown and question_id != conflict:
            del st.session_state[name]


def _show_progress(slot: DeltaGenerator, page: dict[str, Any]) -> None:
    """The progress bar, its figures and, under them, the autosave (or read-only) line: one
    place the page draws and a question card refreshes after its own save. One place for
    both lines, since a card writes to it on every full run too (Streamlit reserves a card's
    place in an outside container that way): each place costs two messages a card on each
    step change."""
    text = "  \n".join(part for part in (page.get("progress_text"), page.get("saved_text")) if part)
    slot.progress(page.get("progress", 0.0), text=text)


def _summarise(
    page: dict[str, Any],
    ident: str,
    version: int,
    status: str,
    now: Progress,
    section: Section | None,
    lang: Lang,
    tasks: TaskList,
    read_only_since: datetime | None = None,
) -> None:
    """Record what the page shows of a version: progress (sections done, questions answered,
    required criteria still open, this section) and the autosave line. The bar counts sections,
    whose number is fixed, so a conditional question that appears never moves it backwards.
    A page the officer may not change (`read_only_since`: the version's time) says it saves
    nothing, never that changes are saved automatically."""
    visible = set(now.visible)
    unanswered = set(now.unanswered)
    answered = len(visible - unanswered)
    text = t(
        "wizard.progress",
        lang,
        done=tasks.done,
        sections=tasks.total,
        answered=answered,
        gates=len(now.gates_unknown),
    )
    if section is not None:
        ids = [q.id for q in section.questions if q.id in visible]
        done = len([q for q in ids if q not in unanswered])
        text += " · " + t("wizard.section_progress", lang, answered=done, total=len(ids))
    saved_at = widgets.context().get("saved_at")
    page.update(
        id=ident,
        version=version,
        status=status,
        visible=visible,
        progress=tasks.done / tasks.total if tasks.total else 1.0,
        progress_text=text,
        saved_text=t(
            "saved.read_only", lang, time=shell.fmt_time(read_only_since, lang), version=version
        )
        if read_only_since is not None
        else t("saved.at", lang, time=shell.fmt_time(saved_at, lang), version=version)
        if saved_at is not None
        else t("saved.never", lang),
    )


def _back_next(index: int, count: int, lang: Lang, where: str, primary: bool) -> None:
    """Back and Next (none on the last step) in the row block being drawn; `where` tells the
    top row's buttons from the bottom's."""
    st.button(
        t("wizard.back", lang),
        key=f"wiz.back.{where}",
        disabled=index == 0,
        on_click=_go,
        args=(index - 1,),
        width=NAV_WIDTH,
    )
    if index < count - 1:
        st.button(
            t("wizard.next", lang),
            key=f"wiz.next.{where}",
            type="primary" if primary else "secondary",
            on_click=_go,
            args=(index + 1,),
            width=NAV_WIDTH,
        )


def _nav(index: int, steps: list[tuple[str, Section | None]], lang: Lang, where: str) -> None:
    """Back at the left, Next at the right."""
    with st.container(horizontal=True, horizontal_alignment="distribute"):
        _back_next(index, len(steps), lang, where, primary=True)


def render(lang: Lang) -> None:
    """The wizard page."""
    record = shell.current_assessment(lang)
    bundle = services.bundle_for(record.policy.id)
    shell.assessment_heading(record, lang, "wizard")
    if bundle is None:
        st.error(t("policy.missing", lang, policy=record.policy.id), icon=":material/error:")
        st.stop()
    assert bundle is not None
    _refresh_widgets(record, lang)
    # Read only as well when the officer's roles do not allow editing (the store refuses it).
    locked = record.locked or not shell.may("edit")
    _notices(record, bundle, lang)
    now = progress(bundle, record.answers)
    visible = set(now.visible)
    steps = records.wizard_steps(bundle)
    index = _current_step(record, len(steps))
    kind, section = steps[index]
    page: dict[str, Any] = {"badged": _badged(dict(record.answers))}
    tasks = task_list(bundle, record.answers, services.required_questions(bundle), now)
    read_only_since = record.updated_at if locked else None
    _summarise(
        page, record.id, record.version, record.status, now, section, lang, tasks, read_only_since
    )
    st.session_state[PAGE] = page
    st.session_state.pop(widgets.FILES, None)  # re-read: another officer may have attached one
    # The progress and autosave lines are a slot: a question card refreshes it after a save.
    progress_slot = st.empty()
    _show_progress(progress_slot, page)

    st.session_state[JUMP] = index
    # Row blocks rather than columns here and in `_nav`: drawn on every step change.
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.selectbox(
            t("wizard.jump", lang),
            list(range(len(steps))),
            key=JUMP,
            format_func=lambda i: f"{i + 1}. {_step_title(steps[i], lang)}",
            on_change=_jumped,
        )
        _back_next(index, len(steps), lang, "top", primary=False)
    st.header(widgets.literal(_step_title(steps[index], lang)), anchor=False, divider="gray")
    body = st.container()
    _nav(index, steps, lang, "bottom")
    with body:
        if kind == "details":
            _details(record, bundle, lang, locked)
        elif kind == "finish":
            _finish(record, bundle, services.evaluation(bundle, record), steps, visible, lang)
        elif section is not None:
            _forget_other_widgets({q.id for q in section.questions})
            _section(section, bundle, visible, progress_slot, lang, locked)
            focus = st.session_state.pop(FOCUS, None)
            if isinstance(focus, str) and focus in visible:
                widgets.scroll_to(f"q.{focus}")


def _notices(record: AssessmentRecord, bundle: PolicyBundle, lang: Lang) -> None:
    """Locked, in review, policy changed, unnamed officer, pending flash messages."""
    if record.locked:
        st.info(
            t(
                "locked.notice",
                lang,
                revision=record.revision,
                status=t(f"status.{record.status}", lang),
            ),
            icon=":material/lock:",
        )
        if shell.may("new_revision") and st.button(
            t("locked.new_revision", lang), key="wiz.new_revision"
        ):
            _new_revision(record, lang)
    elif not shell.may("edit"):
        st.info(t("denied.readonly", lang), icon=":material/visibility:")
    elif record.status == "in_review":
        st.warning(t("in_review.notice", lang), icon=":material/rate_review:")
    if record.policy.digest != bundle.policy.digest:
        st.warning(
            t("policy.changed", lang, old=record.policy.digest[:12], new=bundle.policy.digest[:12]),
            icon=":material/policy:",
        )
    if not record.locked and not shell.has_name() and services.roles() is None:
        st.caption(f":material/badge: {t('user.missing', lang)}")
    imported = st.session_state.get("wiz.imported")
    if isinstance(imported, dict) and imported.get("id") == record.id:
        st.session_state.pop("wiz.imported", None)
        if imported.get("docs"):
            st.success(
                t("start.gather.done", lang, docs=imported["docs"], n=imported["count"]),
                icon=":material/travel_explore:",
            )
        st.success(t("import.done", lang, n=imported["count"]), icon=":material/input:")
        if imported["notes"]:
            st.session_state[NOTES_OPEN] = record.id
    flash = st.session_state.get(widgets.FLASH)
    if flash == "locked":
        st.session_state.pop(widgets.FLASH, None)
        st.error(
            t(
                "locked.notice",
                lang,
                revision=record.revision,
                status=t(f"status.{record.status}", lang),
            )
        )
    elif isinstance(flash, tuple) and flash[0] == "denied":
        st.session_state.pop(widgets.FLASH, None)
        st.error(shell.denied(flash[1], lang), icon=":material/block:")
    elif isinstance(flash, tuple) and flash[0] == "info_conflict":
        st.session_state.pop(widgets.FLASH, None)
        st.warning(
            t(
                "conflict.other",
                lang,
                who=shell.who(flash[1], lang),
                when=shell.fmt_time(flash[2], lang),
                what=t("wizard.details", lang),
            )
        )


def _new_revision(record: AssessmentRecord, lang: Lang) -> None:
    """Start the next revision and open it."""
    from osai_procure.store import TransitionError

    try:
        revision = services.repository().new_revision(record.id, shell.actor(lang))
    except PermissionDeniedError as exc:
        st.error(shell.denied(exc, lang), icon=":material/block:")
        return
    except TransitionError as exc:
        st.warning(exc.text(lang))
        newest = services.repository().revisions(record.id)[-1]
        if newest.id != record.id:
            shell.switch_to("wizard", newest.id)
        return
    shell.switch_to("wizard", revision.id)
