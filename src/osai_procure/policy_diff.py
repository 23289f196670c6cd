"""What an agency policy changes against the policy it extends (pure, shared by CLI and UI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from osai_procure.models.policy import ResolvedPolicy


@dataclass(frozen=True)
class FieldChange:
    """One changed setting: its name, and the parent's and the child's values as text."""

    name: str
    before: str
    after: str


@dataclass(frozen=True)
class PolicyDiff:
    """Criteria added, removed or changed, and other settings changed."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[tuple[str, tuple[str, ...]], ...] = ()
    settings: tuple[FieldChange, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        """Nothing differs."""
        return not (self.added or self.removed or self.changed or self.settings)


def _text(value: Any) -> str:
    """A compact text form of a setting."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value) or "—"
    return str(value)


def _terms(policy: ResolvedPolicy) -> dict[str, Any]:
    """Accepted terms as plain data per content type."""
    return {ct: terms.model_dump(mode="json") for ct, terms in policy.accepted_terms.items()}


def diff_policies(parent: ResolvedPolicy, child: ResolvedPolicy) -> PolicyDiff:
    """Compare a resolved child policy with its resolved parent."""
    before = {c.id: c for c in parent.criteria}
    after = {c.id: c for c in child.criteria}
    added = tuple(c for c in after if c not in before)
    removed = tuple(c for c in before if c not in after)
    changed = []
    for ident in after:
        if ident in before:
            old = before[ident].model_dump(mode="json", by_alias=True)
            new = after[ident].model_dump(mode="json", by_alias=True)
            fields = tuple(k for k in new if old.get(k) != new.get(k))
            if fields:
                changed.append((ident, fields))
    settings: list[FieldChange] = []
    old_terms, new_terms = _terms(parent), _terms(child)
    for content_type in sorted(set(old_terms) | set(new_terms)):
        if old_terms.get(content_type) != new_terms.get(content_type):
            settings.append(
                FieldChange(
                    f"accepted_terms.{content_type}",
                    _text(old_terms.get(content_type)),
                    _text(new_terms.get(content_type)),
                )
            )
    simple = {
        "questionnaires": (parent.questionnaires, child.questionnaires),
        "thresholds": (parent.thresholds.model_dump(), child.thresholds.model_dump()),
        "openness_labels": (
            tuple(x.id for x in parent.openness_labels),
            tuple(x.id for x in child.openness_labels),
        ),
        "mof_classes": (
            tuple(x.id for x in parent.mof_classes),
            tuple(x.id for x in child.mof_classes),
        ),
        "signoff_roles": (parent.signoff_roles, child.signoff_roles),
        "licence_catalogue": (
            tuple(x.id for x in parent.licence_catalogue),
            tuple(x.id for x in child.licence_catalogue),
        ),
    }
    for name, (old_value, new_value) in simple.items():
        if old_value != new_value:
            settings.append(FieldChange(name, _text(old_value), _text(new_value)))
    return PolicyDiff(added, removed, tuple(changed), tuple(settings))
