"""Question widgets: one per question kind, keyed `answer.<question_id>`, saved on every change.

Each change is written to the database at once (callbacks run before the rerun), so Back,
Next, a page switch or a reload never lose an answer. Widget state is seeded from the stored
answers whenever a widget is (re)created; the store's version tells this session when another
officer changed something, and a clash on the same question is shown in place.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import streamlit as st
from pydantic import ValidationError

from osai_procure.loading import PolicyBundle, value_problems
from osai_procure.models.answers import OTHER_TERMS, Answer, ComponentValue, Evidence, TermsBasis
from osai_procure.models.base import Lang
from osai_procure.models.licence import FLAG_TITLES, LicenceCheck
from osai_procure.models.questionnaire import (
    RELEASE_VALUES,
    ComponentQuestion,
    DateQuestion,
    MultiChoiceQuestion,
    NumberQuestion,
    Question,
    SingleChoiceQuestion,
    TextQuestion,
    UrlListQuestion,
    YesNoQuestion,
)
from osai_procure.models.scan import ScanEvidence
from osai_procure.report import drill_line
from osai_procure.store import (
    MAX_ATTACHMENT_BYTES,
    AssessmentRecord,
    AttachmentInfo,
    AttachmentTooLargeError,
    ConflictError,
    LockedError,
    PermissionDeniedError,
    Principal,
)
from osai_procure.ui import services, shell
from osai_procure.ui.i18n import STRINGS, t
from osai_procure.ui.i18n import literal as literal  # re-exported: pages call widgets.literal
from osai_procure.wording import coded_text, licence_note_text

if TYPE_CHECKING:
    from osai_procure.importers import ImportNote

CTX = "wiz.ctx"
CONFLICT = "wiz.conflict"
FLASH = "wiz.flash"
UPLOAD_GEN = "wiz.upload_gen"
FILES = "wiz.files"  # the assessment's attachments, cached between a card's own reruns
MAX_TEXT = 20_000
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_LICENCE_CACHE: dict[tuple[str, str], LicenceCheck] = {}


def key(question_id: str, part: str | None = None) -> str:
    """The widget key of a question (or of one part of it)."""
    return f"answer.{question_id}" + (f".{part}" if part else "")


# -- the per-session editing context -------------------------------------------------------------


def set_context(record: AssessmentRecord, actor: Principal) -> None:
    """Remember what this session last saw of the assessment (for callbacks and conflicts)."""
    st.session_state[CTX] = {
        "id": record.id,
        "version": record.version,
        "status": record.status,
        "answers": dict(record.answers),
        "actor": actor,
        "saved_at": st.session_state.get(CTX, {}).get("saved_at")
        if st.session_state.get(CTX, {}).get("id") == record.id
        else None,
    }


def context() -> dict[str, Any]:
    """The editing context set by `set_context`."""
    ctx: dict[str, Any] = st.session_state.get(CTX, {})
    return ctx


def _after_save(record: AssessmentRecord) -> None:
    """Adopt a freshly saved record as this session's view."""
    context().update(
        id=record.id,
        version=record.version,
        status=record.status,
        answers=dict(record.answers),
        saved_at=record.updated_at,
    )


# -- reading and writing widget state --------------------------------------------------------


def _lines(text: Any) -> list[str]:
    """Non-empty stripped lines of a text area."""
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def bad_urls(lines: list[str]) -> list[str]:
    """The lines that are not http(s) URLs."""
    return [line for line in lines if not _URL.match(line)]


def seed(question: Question, answer: Answer | None, force: bool = False) -> None:
    """Put a stored answer into the question's widget state (only where absent unless
    `force`)."""
    state = st.session_state
    value = answer.value if answer is not None else None

    def put(name: str, item: Any) -> None:
        # Only write what differs: a write makes the browser replace the widget's content,
        # which would also wipe text the officer is typing there right now.
        if name not in state or (force and state[name] != item):
            state[name] = item

    def put_held(name: str, item: Any) -> None:
        # A field that may not be on the page (folded evidence, a checkbox shown only for an
        # import) gets a key only once it holds something: absent reads as empty, and every
        # key costs each text widget of the page time (Streamlit 1.67 copies the whole session
        # state for each one: benchmarks/streamlit_text_widget_state.py).
        if name in state or item:
            put(name, item)

    if isinstance(question, YesNoQuestion):
        if isinstance(value, bool):
            value = "yes" if value else "no"
        put(key(question.id), value if value in _yes_no_options(question) else None)
        if question.ask_terms:
            terms = answer.terms if answer is not None else ()
            put(key(question.id, "terms"), [t for t in terms if t in OTHER_TERMS])
    elif isinstance(question, SingleChoiceQuestion):
        put(key(question.id), value if value in _choice_options(question) else None)
    elif isinstance(question, MultiChoiceQuestion):
        ids = {c.id for c in question.choices}
        items = value if isinstance(value, list | tuple) else []
        put(key(question.id), [v for v in items if v in ids])
    elif isinstance(question, TextQuestion):
        put(key(question.id), value if isinstance(value, str) else "")
    elif isinstance(question, UrlListQuestion):
        items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        put(key(question.id), "\n".join(str(v) for v in items))
    elif isinstance(question, DateQuestion):
        put(key(question.id), _as_date(value))
    elif isinstance(question, NumberQuestion):
        number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
        whole = whole_number(question) and (number is None or float(number).is_integer())
        shown = (int(number) if whole else float(number)) if number is not None else None
        put(key(question.id), shown)
    elif isinstance(question, ComponentQuestion):
        component = ComponentValue.read(value)
        released = component.released if component is not None else None
        put(key(question.id, "released"), released if released in RELEASE_VALUES else None)
        put(key(question.id, "location"), "\n".join(component.location if component else ()))
        put(key(question.id, "licence"), (component.licence or "") if component else "")
        from osai_procure.ui import licence_scan  # the scan widgets build on this module

        licence_scan.seed_scan(question.id, value, force)
    if question.licence_scan and not isinstance(question, ComponentQuestion):
        from osai_procure.ui import licence_scan

        scan = answer.scan if answer is not None else None
        licence_scan.seed_scan(
            question.id, {"scan": scan.model_dump(mode="json") if scan else None}, force
        )
    urls = [e.url for e in answer.evidence if e.url and not _kept(e)] if answer is not None else []
    put_held(key(question.id, "evidence"), "\n".join(urls))
    put_held(key(question.id, "note"), (answer.note or "") if answer is not None else "")
    put_held(key(question.id, "confirmed"), bool(answer.confirmed) if answer is not None else False)


def whole_number(question: NumberQuestion) -> bool:
    """Whether a number question counts whole units (its bounds, where given, are whole)."""
    bounds = (question.minimum, question.maximum)
    return all(b is None or float(b).is_integer() for b in bounds)


def _bound(value: float | None, whole: bool) -> int | float | None:
    """A bound of a number input, as an int when the input counts whole units."""
    if value is None:
        return None
    return int(value) if whole else value


def _as_date(value: Any) -> dt.date | None:
    """A stored ISO date as a date, or None."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def value_from_state(question: Question) -> Any:
    """The answer value the widgets hold now (None when nothing is entered)."""
    state = st.session_state
    raw = state.get(key(question.id))
    if isinstance(question, YesNoQuestion | SingleChoiceQuestion):
        return raw or None
    if isinstance(question, MultiChoiceQuestion):
        return list(raw) if raw else None
    if isinstance(question, TextQuestion):
        text = str(raw or "").strip()
        return text[:MAX_TEXT] or None
    if isinstance(question, UrlListQuestion):
        return _lines(raw) or None
    if isinstance(question, DateQuestion):
        return raw.isoformat() if isinstance(raw, dt.date) else None
    if isinstance(question, NumberQuestion):
        if raw is None:
            return None
        number = float(raw)
        return int(number) if number.is_integer() else number
    if isinstance(question, ComponentQuestion):
        released = state.get(key(question.id, "released"))
        location = _lines(state.get(key(question.id, "location")))
        licence = str(state.get(key(question.id, "licence")) or "").strip()[:2000]
        scan = state.get(key(question.id, "scan"))
        if released is None and not location and not licence and not scan:
            return None
        component = ComponentValue.read(
            {"released": released, "location": location, "license": licence, "scan": scan}
        )
        assert component is not None  # a mapping always reads as a component answer
        return component.to_answer()
    return None  # pragma: no cover - every kind is handled above


def _kept(evidence: Evidence) -> bool:
    """Evidence the officer does not retype: a stored file, or a fetched document with its
    digest and time (shown as a source line, kept as it was)."""
    return bool(evidence.sha256 or evidence.file)


def answer_from_state(question: Question, previous: Answer | None) -> Answer | None:
    """Build the answer the widgets describe, keeping stored file evidence and provenance."""
    state = st.session_state
    value = value_from_state(question)
    # A field that is not on the page (its evidence folded away: Streamlit drops the state of
    # a widget it did not draw) keeps what is stored; it is never read as emptied.
    typed = key(question.id, "evidence")
    if typed in state:
        urls = _lines(state.get(typed))
    else:
        urls = [e.url for e in previous.evidence if e.url and not _kept(e)] if previous else []
    noted = key(question.id, "note")
    if noted in state:
        note = str(state.get(noted) or "").strip()[:MAX_TEXT] or None
    else:
        note = previous.note if previous is not None else None
    files = tuple(e for e in (previous.evidence if previous else ()) if _kept(e))
    kept_urls = {e.url for e in files if e.url}
    evidence = (*files, *(Evidence(url=u) for u in dict.fromkeys(urls) if u not in kept_urls))
    scan = _scan_from_state(question)
    if value is None and not evidence and note is None and scan is None:
        return None
    provenance = previous.provenance if previous is not None else "declared"
    ticked = key(question.id, "confirmed")
    confirmed = bool(state[ticked]) if ticked in state else bool(previous and previous.confirmed)
    same = previous is not None and value == previous.value
    if previous is not None and previous.provenance == "imported" and not same:
        provenance, confirmed = "declared", False  # the officer's own answer now
    return Answer(
        value=value,
        evidence=evidence,
        note=note,
        provenance=provenance,
        confirmed=confirmed if provenance == "imported" else False,
        # Where an imported answer came from stays with it while its value is unchanged.
        source=previous.source if same and previous is not None else None,
        terms=_terms_from_state(question, value, previous if same else None),
        scan=scan,
    )


def _scan_from_state(question: Question) -> ScanEvidence | None:
    """The scan kept beside a question that is not a component (a component's scan is part
    of its value); None when there is none or it is not valid (a dismissal awaiting its
    reason is not stored)."""
    if isinstance(question, ComponentQuestion) or not question.licence_scan:
        return None
    data = st.session_state.get(key(question.id, "scan"))
    if not isinstance(data, Mapping):
        return None
    try:
        return ScanEvidence.model_validate_json(json.dumps(dict(data)))
    except (ValidationError, TypeError, ValueError):
        return None


def save(question_id: str, answer: Answer | None) -> None:
    """Write one answer from a callback outside this module (the licence scan)."""
    _save(question_id, answer)


def _terms_from_state(
    question: Question, value: Any, previous: Answer | None
) -> tuple[TermsBasis, ...]:
    """The terms a `no` follows from: those the officer ticked, plus licence red flags an
    importer recorded (they are not offered in the widget) while the value is unchanged."""
    if not isinstance(question, YesNoQuestion) or value != "no":
        return ()
    kept = tuple(t for t in (previous.terms if previous else ()) if t not in OTHER_TERMS)
    if not question.ask_terms:
        return kept
    # Streamlit's multiselect can hand back the label shown before a language switch instead of
    # the option, so labels in either language are read back as their term.
    names = {t(f"terms.{term}", lang): term for term in OTHER_TERMS for lang in ("ja", "en")}
    ticked = {
        names.get(item, item) for item in st.session_state.get(key(question.id, "terms")) or []
    }
    return (*kept, *(term for term in OTHER_TERMS if term in ticked))


def _save(question_id: str, answer: Answer | None, expected: int | None = None) -> None:
    """Write one answer; a clash with another officer's change is kept for display."""
    ctx = context()
    repo = services.repository()
    try:
        record = repo.save_answers(
            ctx["id"],
            {question_id: answer},
            ctx["version"] if expected is None else expected,
            ctx["actor"],
        )
    except ConflictError as exc:
        st.session_state[CONFLICT] = {
            "question": question_id,
            "who": exc.changed_by,
            "when": exc.changed_at,
            "version": exc.current_version,
            "mine": answer,
            "what": ", ".join(exc.questions or exc.actions),
        }
        return
    except LockedError:
        st.session_state[FLASH] = "locked"
        return
    except PermissionDeniedError as exc:
        st.session_state[FLASH] = ("denied", exc)
        return
    st.session_state.pop(CONFLICT, None)
    _after_save(record)


def on_change(question: Question) -> None:
    """Callback of every answer widget: save the question's answer now."""
    ctx = context()
    if not ctx:
        return
    previous = ctx["answers"].get(question.id)
    _save(question.id, answer_from_state(question, previous))


def _fetched_time(stamp: str | None, lang: Lang) -> str:
    """When a document was fetched, in the officer's time zone (as written when unreadable)."""
    if not stamp:
        return "—"
    try:
        return shell.fmt_time(dt.datetime.fromisoformat(stamp), lang)
    except ValueError:
        return stamp


FILE_PICK = "file:"  # a library entry naming an uploaded file: "file:<sha256>:<name>"


def evidence_library() -> list[str]:
    """The assessment's evidence library: every URL given as evidence or location in any
    answer, and every uploaded file, in first-seen order, so evidence added once can be picked
    for any other answer. A file is the entry `file:<sha256>:<name>`."""
    seen: dict[str, None] = {}
    for answer in context().get("answers", {}).values():
        for item in answer.evidence:
            if item.url:
                seen.setdefault(item.url)
            elif item.file and item.sha256:
                seen.setdefault(f"{FILE_PICK}{item.sha256}:{item.file}")
        component = ComponentValue.read(answer.value) if isinstance(answer.value, dict) else None
        for url in component.location if component is not None else ():
            seen.setdefault(url)
    return list(seen)[:200]


def pick_evidence(question: Question) -> None:
    """Callback of the library picker: add the picked URLs to the question's evidence, save."""
    pick = key(question.id, "evidence_pick")
    chosen = [u for u in st.session_state.get(pick) or [] if isinstance(u, str)]
    if not chosen:
        return
    urls = [u for u in chosen if not u.startswith(FILE_PICK)]
    # A file cited elsewhere keeps what its evidence says (a drill record's summary).
    cited = {
        (item.sha256, item.file): item
        for held in context().get("answers", {}).values()
        for item in held.evidence
        if item.file and item.sha256
    }
    files = [
        cited.get((sha, name)) or Evidence(sha256=sha, file=name)
        for sha, name in (u[len(FILE_PICK) :].split(":", 1) for u in chosen if u not in urls)
    ]
    field = key(question.id, "evidence")
    current = _lines(st.session_state.get(field))
    st.session_state[field] = "\n".join([*current, *(u for u in urls if u not in current)])
    st.session_state[pick] = []
    ctx = context()
    if not ctx:
        return
    previous = ctx["answers"].get(question.id)
    answer = answer_from_state(question, previous)
    if files:
        base = answer or Answer(value=None)
        held = {(e.sha256, e.file) for e in base.evidence}
        extra = tuple(e for e in files if (e.sha256, e.file) not in held)
        answer = base.model_copy(update={"evidence": (*base.evidence, *extra)})
    _save(question.id, answer)


def library_label(entry: str, lang: Lang) -> str:
    """How a library entry reads in the picker: a URL as it is, a file by name and digest."""
    if not entry.startswith(FILE_PICK):
        return entry
    sha, name = entry[len(FILE_PICK) :].split(":", 1)
    # Options are plain text, not markdown: the template is filled without escaping.
    template = STRINGS["evidence.library.file"][0 if lang == "ja" else 1]
    return template.format(name=name, sha=sha[:12])


def keep_mine(question_id: str) -> None:
    """Conflict: overwrite the other officer's answer with mine (recorded in the history)."""
    conflict = st.session_state.get(CONFLICT)
    if not conflict or conflict["question"] != question_id:
        return
    _save(question_id, conflict["mine"], expected=services.repository().version_of(context()["id"]))


def take_theirs(question: Question) -> None:
    """Conflict: drop my input and load the stored answer."""
    st.session_state.pop(CONFLICT, None)
    record = services.repository().get(context()["id"])
    _after_save(record)
    seed(question, record.answers.get(question.id), force=True)


def on_upload(question: Question, upload_key: str) -> None:
    """Store an uploaded evidence file and reference it (name and SHA-256) in the answer."""
    uploaded = st.session_state.get(upload_key)
    ctx = context()
    if uploaded is None or not ctx:
        return
    st.session_state.pop(FILES, None)
    generations: dict[str, int] = st.session_state.setdefault(UPLOAD_GEN, {})
    generations[question.id] = generations.get(question.id, 0) + 1
    data = uploaded.getvalue()
    try:
        stored = services.repository().add_attachment(
            ctx["id"],
            question.id,
            uploaded.name,
            data,
            ctx["actor"],
            media_type=uploaded.type or "application/octet-stream",
        )
    except AttachmentTooLargeError:
        st.session_state[FLASH] = ("too_large", question.id)
        return
    except LockedError:
        st.session_state[FLASH] = "locked"
        return
    except PermissionDeniedError as exc:
        st.session_state[FLASH] = ("denied", exc)
        return
    previous = ctx["answers"].get(question.id)
    current = answer_from_state(question, previous)
    base = current or Answer(value=None)
    answer = base.model_copy(
        update={"evidence": (*base.evidence, Evidence(sha256=stored.sha256, file=stored.filename))}
    )
    _save(question.id, answer)
    st.session_state[FLASH] = ("uploaded", question.id, stored.sha256)


# -- rendering -----------------------------------------------------------------------------------


def _yes_no_options(question: YesNoQuestion) -> list[str]:
    """The answers a yes/no question offers."""
    return ["yes", "no", "unknown", *(["not_applicable"] if question.allow_na else [])]


def _choice_options(question: SingleChoiceQuestion) -> list[str]:
    """The answers a single-choice question offers, with 'unknown' last."""
    return [c.id for c in question.choices] + ["unknown"]


def _release_options(question: ComponentQuestion) -> list[str]:
    """The release states a component question offers."""
    return ["yes", "no", "unknown", *(["not_applicable"] if question.allow_na else [])]


def licence_check(text: str, bundle: PolicyBundle) -> LicenceCheck:
    """Check a licence string against the policy (memoised per policy digest and text)."""
    from osai_procure.licences import check_licence

    cache_key = (bundle.policy.digest, text)
    found = _LICENCE_CACHE.get(cache_key)
    if found is None:
        if len(_LICENCE_CACHE) > 2048:
            _LICENCE_CACHE.clear()
        found = check_licence(text, bundle.catalogue, bundle.policy.accepted_terms)
        _LICENCE_CACHE[cache_key] = found
    return found


def _licence_feedback(question: ComponentQuestion, bundle: PolicyBundle, lang: Lang) -> None:
    """Live licence normalisation and red flags under a component's licence field."""
    text = str(st.session_state.get(key(question.id, "licence")) or "").strip()
    if not text:
        return
    check = licence_check(text, bundle)
    parts = [f"`{check.normalized}`"] if check.normalized else []
    parts.append(t("licence.osi", lang) if check.osi_approved else t("licence.not_osi", lang))
    ctype = t(f"ctype.{question.content_type}", lang)
    acceptable = check.acceptable.get(question.content_type)
    if acceptable is not None:
        parts.append(
            t("licence.acceptable" if acceptable else "licence.unacceptable", lang, ctype=ctype)
        )
    # The verdict line with the licence's notes under it, then every red flag in one box: a
    # component card is drawn on each step change, and each element is a message to draw.
    line = "  \n".join(
        [" · ".join(parts), *(literal(licence_note_text(m, lang)) for m in check.messages)]
    )
    if acceptable:
        st.success(line, icon=":material/check_circle:")
    elif acceptable is False:
        st.warning(line, icon=":material/warning:")
    else:
        st.caption(line)
    flags = []
    for flag in check.flags:
        title = FLAG_TITLES.get(flag.flag)
        flags.append(
            t(
                "licence.flag",
                lang,
                title=title.get(lang) if title else flag.flag,
                reason=flag.reason.get(lang),
            )
        )
    if flags:
        st.error("\n".join(f"- {flag}" for flag in flags), icon=":material/flag:")


def _label(question: Question, lang: Lang) -> str:
    """A question's text as its (collapsed) widget label."""
    return question.text.get(lang)


def render_value_widget(
    question: Question, bundle: PolicyBundle, lang: Lang, disabled: bool
) -> None:
    """The input widget(s) for a question's value."""
    common: dict[str, Any] = {
        "on_change": on_change,
        "args": (question,),
        "disabled": disabled,
    }
    label = _label(question, lang)
    if isinstance(question, YesNoQuestion):
        st.segmented_control(
            label,
            _yes_no_options(question),
            key=key(question.id),
            format_func=lambda v: t(f"value.{v}", lang),
            label_visibility="collapsed",
            **common,
        )
        if question.ask_terms and st.session_state.get(key(question.id)) == "no":
            st.multiselect(
                t("answer.terms", lang),
                list(OTHER_TERMS),
                key=key(question.id, "terms"),
                format_func=lambda v: t(f"terms.{v}", lang),
                help=t("answer.terms.help", lang),
                **common,
            )
    elif isinstance(question, SingleChoiceQuestion):
        # Radio options are markdown; content labels are shown as text.
        labels = {c.id: literal(c.label.get(lang)) for c in question.choices}
        labels["unknown"] = t("value.unknown", lang)
        st.radio(
            label,
            _choice_options(question),
            key=key(question.id),
            format_func=lambda v: labels.get(v, v),
            label_visibility="collapsed",
            **common,
        )
    elif isinstance(question, MultiChoiceQuestion):
        labels = {c.id: c.label.get(lang) for c in question.choices}
        st.multiselect(
            label,
            [c.id for c in question.choices],
            key=key(question.id),
            format_func=lambda v: labels.get(v, v),
            label_visibility="collapsed",
            placeholder=t("choice.placeholder", lang),
            **common,
        )
    elif isinstance(question, TextQuestion):
        if question.multiline:
            st.text_area(
                label,
                key=key(question.id),
                label_visibility="collapsed",
                max_chars=MAX_TEXT,
                height=100,
                **common,
            )
        else:
            st.text_input(
                label, key=key(question.id), label_visibility="collapsed", max_chars=2000, **common
            )
    elif isinstance(question, UrlListQuestion):
        st.text_area(
            label,
            key=key(question.id),
            label_visibility="collapsed",
            placeholder="https://…",
            height=80,
            **common,
        )
        wrong = bad_urls(_lines(st.session_state.get(key(question.id))))
        if wrong:
            st.warning(
                t("url.invalid", lang, lines=", ".join(wrong[:5])), icon=":material/link_off:"
            )
    elif isinstance(question, DateQuestion):
        st.date_input(
            label,
            key=key(question.id),
            label_visibility="collapsed",
            format="YYYY/MM/DD",
            min_value=dt.date(1970, 1, 1),
            max_value=dt.date(2100, 12, 31),
            **common,
        )
    elif isinstance(question, NumberQuestion):
        unit = question.unit.get(lang) if question.unit else None
        whole = whole_number(question)
        box, unit_col = st.columns([2, 5], vertical_alignment="center")
        box.number_input(
            f"{label} ({unit})" if unit else label,
            key=key(question.id),
            label_visibility="collapsed",
            min_value=_bound(question.minimum, whole),
            max_value=_bound(question.maximum, whole),
            step=1 if whole else None,
            format="%d" if whole else None,
            placeholder=t("number.placeholder", lang),
            **common,
        )
        if unit:
            unit_col.markdown(literal(unit))
    elif isinstance(question, ComponentQuestion):
        # One compact row: released, location, licence (what they call for follows the row,
        # then the evidence). A row block, not columns: one element instead of four, on every
        # component card of every step change.
        with st.container(horizontal=True):
            st.segmented_control(
                t("component.released", lang),
                _release_options(question),
                key=key(question.id, "released"),
                format_func=lambda v: t(f"value.{v}", lang),
                **common,
            )
            st.text_area(
                t("component.location", lang),
                key=key(question.id, "location"),
                placeholder="https://…",
                height=68,
                **common,
            )
            st.text_input(
                t("component.licence", lang),
                key=key(question.id, "licence"),
                placeholder=t("component.licence.placeholder", lang),
                help=t("component.licence.help", lang),
                max_chars=2000,
                **common,
            )
        wrong = bad_urls(_lines(st.session_state.get(key(question.id, "location"))))
        if wrong:
            st.warning(
                t("url.invalid", lang, lines=", ".join(wrong[:5])), icon=":material/link_off:"
            )
        _licence_feedback(question, bundle, lang)


def _evidence_block(
    question: Question,
    answer: Answer | None,
    files: list[AttachmentInfo],
    lang: Lang,
    disabled: bool,
) -> None:
    """Evidence URLs, a note and attached files, folded away unless something is there."""
    count = len(answer.evidence) + (1 if answer and answer.note else 0) if answer else 0
    label = t("question.evidence_count", lang, n=count) if count else t("question.evidence", lang)
    # The fields are built only while the expander is open: most questions never need them,
    # and every widget costs time on each rerun. Open where evidence is required, or where the
    # officer gave some; an import's own sources are shown in the section's side-by-side look.
    imported = answer is not None and answer.provenance == "imported"
    expander = st.expander(
        label,
        expanded=question.evidence_required or (bool(count) and not imported),
        key=key(question.id, "evidence_open"),
        on_change="rerun",
    )
    if not expander.open:
        return
    with expander:
        common: dict[str, Any] = {"on_change": on_change, "args": (question,), "disabled": disabled}
        for item in answer.evidence if answer is not None else ():
            if item.drill is not None:
                st.caption(literal(drill_line(item.drill).get(lang)))
            if item.url and item.sha256:
                st.caption(
                    t(
                        "evidence.fetched",
                        lang,
                        url=literal(item.url),
                        sha=item.sha256[:12],
                        time=_fetched_time(item.retrieved_at, lang),
                    )
                )
        held = {f"{FILE_PICK}{e.sha256}:{e.file}" for e in answer.evidence} if answer else set()
        library = [
            u
            for u in evidence_library()
            if u not in _lines(st.session_state.get(key(question.id, "evidence"))) and u not in held
        ]
        if library and not disabled:
            st.multiselect(
                t("evidence.library", lang),
                library,
                key=key(question.id, "evidence_pick"),
                on_change=pick_evidence,
                args=(question,),
                format_func=lambda entry: library_label(entry, lang),
                placeholder=t("evidence.library.placeholder", lang, n=len(library)),
            )
        st.text_area(
            t("evidence.urls", lang),
            key=key(question.id, "evidence"),
            placeholder="https://…",
            height=68,
            **common,
        )
        wrong = bad_urls(_lines(st.session_state.get(key(question.id, "evidence"))))
        if wrong:
            st.warning(
                t("url.invalid", lang, lines=", ".join(wrong[:5])), icon=":material/link_off:"
            )
        st.text_area(
            t("evidence.note", lang),
            key=key(question.id, "note"),
            height=68,
            max_chars=MAX_TEXT,
            **common,
        )
        for info in files:
            cols = st.columns([5, 1], vertical_alignment="center")
            cols[0].caption(
                t(
                    "evidence.attached",
                    lang,
                    name=info.filename,
                    size=_size(info.size),
                    sha=info.sha256[:16],
                )
            )
            with cols[1]:
                st.download_button(
                    t("evidence.download", lang),
                    data=_attachment_bytes(info.id),
                    file_name=info.filename,
                    mime=info.media_type,
                    key=f"download.{question.id}.{info.id}",
                    on_click="ignore",
                    type="tertiary",
                )
        if not disabled:
            generation = st.session_state.get(UPLOAD_GEN, {}).get(question.id, 0)
            upload_key = key(question.id, f"upload{generation}")
            st.file_uploader(
                t("evidence.file", lang),
                key=upload_key,
                on_change=on_upload,
                args=(question, upload_key),
                max_upload_size=MAX_ATTACHMENT_BYTES // 2**20,
            )


def _attachment_bytes(attachment_id: int) -> Any:
    """A lazy download: the bytes are read only when the officer clicks."""

    def load() -> bytes:
        return services.repository().attachment(attachment_id)[1]

    return load


def _size(size: int) -> str:
    """A byte count for people."""
    from osai_procure.ui.shell import human_size

    return human_size(size)


def imported_unconfirmed(answer: Answer | None) -> bool:
    """Whether an answer carries the 'imported, please confirm' badge."""
    return answer is not None and answer.provenance == "imported" and not answer.confirmed


def numbered(number: str, text: str, lang: Lang) -> str:
    """A question as the report and the review cite it: its number (A.n.m), then its text."""
    if not number:
        return text
    return f"{number}{chr(0x3000) if lang == 'ja' else ' '}{text}"


def question_link(
    question: Question,
    number: str,
    lang: Lang,
    key: str,
    on_click: Callable[..., None],
    args: tuple[Any, ...],
) -> bool:
    """An open question as a link-like button named by its number and text, as the report
    cites it (shown as text, not markup): one element for the browser to draw, and a screen
    reader hears which question it opens."""
    return st.button(
        literal(numbered(number, question.text.get(lang), lang)),
        key=key,
        on_click=on_click,
        args=args,
        type="tertiary",
        icon=":material/arrow_forward:",
    )


def question_header(
    question: Question, answer: Answer | None, lang: Lang, number: str = ""
) -> None:
    """The fixed part of a question's card: its number (as the report and the review cite it),
    text, badges, help and the clauses it implements."""
    badges = []
    if question.evidence_required:
        badges.append(f":orange-badge[{t('question.evidence_required', lang)}]")
    if any(r.agency_practice for r in question.refs):
        badges.append(f":gray-badge[{t('question.agency_practice', lang)}]")
    if imported_unconfirmed(answer):
        badges.append(f":violet-badge[{t('question.imported', lang)}]")
    lines = [
        f"**{_escape_md(numbered(number, question.text.get(lang), lang))}** " + " ".join(badges)
    ]
    # Help and clause lines as small grey text in the same element: a card is drawn on every
    # step change, and each element is one more message for the browser to draw.
    lines.append(_small(_escape_md(question.help.get(lang))))
    if question.refs:
        lines.append(
            _small(
                f"{t('question.refs', lang)}{t('label.colon', lang)}"
                + " / ".join(_escape_md(r.text().get(lang)) for r in question.refs)
            )
        )
    st.markdown("  \n".join(line for line in lines if line))


def _small(markdown: str) -> str:
    """Markdown shown as a caption shows it (small, grey), inside a larger markdown element;
    line by line, since a directive does not reach over a line break."""
    return "  \n".join(f":small[:gray[{line}]]" for line in markdown.splitlines() if line.strip())


def question_body(
    question: Question,
    answer: Answer | None,
    bundle: PolicyBundle,
    files: list[AttachmentInfo],
    lang: Lang,
    disabled: bool,
) -> None:
    """The part of a question's card that follows the answer: input, messages, confirmation,
    conflict and evidence (the wizard redraws only this when the officer answers)."""
    # Re-seed from the stored answer on every run: callbacks have saved any change before this
    # run, so the store holds what the widgets should show, including after a page switch or
    # another officer's change. A question in conflict keeps the officer's unsaved input.
    conflict = st.session_state.get(CONFLICT) or {}
    seed(question, answer, force=conflict.get("question") != question.id)
    render_value_widget(question, bundle, lang, disabled)
    if isinstance(question, ComponentQuestion) or question.licence_scan:
        from osai_procure.ui import licence_scan

        licence_scan.render_scan(question, lang, disabled)
    _messages(question, answer, lang)
    if answer is not None and answer.provenance == "imported":
        st.checkbox(
            t("question.confirm", lang),
            key=key(question.id, "confirmed"),
            on_change=on_change,
            args=(question,),
            disabled=disabled,
        )
    _conflict(question, lang)
    _evidence_block(question, answer, files, lang, disabled)


def _messages(question: Question, answer: Answer | None, lang: Lang) -> None:
    """Validation messages in place: a stored value the question rejects, missing evidence."""
    if answer is None:
        return
    for _, found in value_problems(question, answer.value):
        message = coded_text(found, lang)
        st.error(t("question.invalid", lang, message=message), icon=":material/error:")
    if question.evidence_required and answer.value not in (None, "unknown") and not answer.evidence:
        st.warning(t("question.evidence_missing", lang), icon=":material/attach_file:")
    flash = st.session_state.get(FLASH)
    if isinstance(flash, tuple) and len(flash) > 1 and flash[1] == question.id:
        st.session_state.pop(FLASH, None)
        if flash[0] == "too_large":
            st.error(t("evidence.too_large", lang, limit=_size(MAX_ATTACHMENT_BYTES)))
        elif flash[0] == "uploaded":
            st.success(t("evidence.saved", lang, sha=str(flash[2])[:16]))


def _conflict(question: Question, lang: Lang) -> None:
    """A clash with another officer's change to this question: choose, nothing is lost."""
    conflict = st.session_state.get(CONFLICT)
    if not conflict or conflict["question"] != question.id:
        return
    from osai_procure.ui.shell import fmt_time, who

    st.warning(
        t(
            "conflict.title",
            lang,
            who=who(conflict["who"], lang),
            when=fmt_time(conflict["when"], lang),
        ),
        icon=":material/group:",
    )
    cols = st.columns(2)
    cols[0].button(
        t("conflict.keep_mine", lang),
        key=f"conflict.mine.{question.id}",
        on_click=keep_mine,
        args=(question.id,),
    )
    cols[1].button(
        t("conflict.take_theirs", lang),
        key=f"conflict.theirs.{question.id}",
        on_click=take_theirs,
        args=(question,),
    )


def _escape_md(text: str) -> str:
    """Show text literally in markdown (see `i18n.literal`)."""
    return literal(text)


def import_notes(notes: Sequence[ImportNote], bundle: PolicyBundle, lang: Lang) -> None:
    """What an import says, in the officer's language: one line each, questions by their text,
    warnings marked; the record's own words shown literally."""
    from osai_procure.importers import title_of

    title = title_of(bundle, lang)
    lines = [
        f"- {':material/warning:' if n.level == 'warning' else ':material/info:'} "
        f"{literal(n.text(lang, title))}"
        for n in notes
    ]
    st.markdown("\n".join(lines))


def keep_import_notes(
    assessment_id: str, source: str, notes: Sequence[ImportNote], lang: Lang
) -> None:
    """Keep an import's notes with the assessment, as codes, to be shown again later; a role
    that may not edit is told the notes were not kept (the answers are saved already)."""
    from osai_procure.store import PermissionDeniedError

    try:
        services.repository().add_import_notes(
            assessment_id, source, [n.to_data() for n in notes], shell.actor(lang)
        )
    except PermissionDeniedError as exc:
        st.warning(shell.denied(exc, lang), icon=":material/block:")


def kept_import_notes(
    assessment_id: str, bundle: PolicyBundle, lang: Lang, expanded: bool = False
) -> None:
    """Every import's notes kept with the assessment, newest first, in the reader's language:
    the source, when and by whom, then the notes."""
    from osai_procure.importers import ImportNote

    kept = services.repository().import_notes(assessment_id)
    if not kept:
        return
    with st.expander(t("import.notes.kept", lang, n=len(kept)), expanded=expanded):
        for entry in kept:
            st.caption(
                t(
                    "import.notes.source",
                    lang,
                    source=literal(entry.source),
                    when=shell.fmt_time(entry.at, lang),
                    who=literal(shell.who(entry.actor, lang)),
                )
            )
            notes = [n for n in (ImportNote.from_data(d) for d in entry.notes) if n is not None]
            import_notes(notes, bundle, lang)


def scroll_to(key: str) -> None:
    """Scroll the page to the container with widget key `key` (a jump lands on the question).

    Streamlit gives a keyed container the class `st-key-<key>` (other characters as `-`); a
    zero-height component finds it in the page and scrolls it into view.
    """
    import json

    import streamlit.components.v1 as components

    css_class = "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())
    components.html(
        "<script>const c = "
        + json.dumps(css_class)
        + "; const f = () => { const e = window.parent.document.getElementsByClassName(c)[0];"
        " if (e) { e.scrollIntoView({block: 'start'}); } else { setTimeout(f, 100); } };"
        " f();</script>",
        height=0,
    )


NO_IMPORT = "—"  # no import format chosen: read it from the file


def format_of(fmt: str, raw: bytes, name: str, lang: Lang) -> str | None:
    """The format chosen, or read from the file when none was (None, after saying so, when
    the file does not show it)."""
    from osai_procure.importers import detect_format

    if fmt != NO_IMPORT:
        return fmt
    found = detect_format(raw, name)
    if found is None:
        st.error(t("import.format.unknown", lang, file=literal(name)))
    return found


def format_name(fmt: str, lang: Lang) -> str:
    """A file format as an officer knows it ("Hugging Face model card (README.md)")."""
    if fmt == NO_IMPORT:
        return t("import.format.none", lang)
    name = f"import.format.{fmt}"
    return t(name, lang) if name in STRINGS else fmt
