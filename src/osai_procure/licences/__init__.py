"""Licence analysis: normalise licence strings, recognise AI licences, judge acceptability.

`analyse_licence` turns a free-text licence field into `LicenceFacts` (kind, canonical SPDX
expression, expression tree, red flags); `is_acceptable` judges those facts against an
agency's `AcceptedTerms` for one content type; `check_licence` does both for every content
type. Flags: every catalogued leaf of an expression reports its flags, even inside an OR;
acceptability alone follows expression semantics (OR: any operand, AND: all, WITH: the licence).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Literal

from osai_procure.licences.catalogue import Catalogue
from osai_procure.licences.spdx import (
    DEPRECATED_AMBIGUOUS,
    ExpressionSyntaxError,
    ParsedLeaf,
    ParsedNode,
    ParsedWith,
    Resolution,
    exception_id,
    licence_info,
    never_acceptable,
    parse_canonical,
    resolve_spdx,
    scancode_category,
    spdx_flags,
    spdx_list_version,
    split_expression,
)
from osai_procure.models.base import CONTENT_TYPES, ContentType, I18n
from osai_procure.models.licence import (
    AcceptedTerms,
    FlagId,
    LicenceAnd,
    LicenceCheck,
    LicenceFacts,
    LicenceFlagFact,
    LicenceKind,
    LicenceLeaf,
    LicenceNode,
    LicenceNote,
    LicenceOr,
    LicenceWith,
)

__all__ = [
    "Catalogue",
    "analyse_licence",
    "check_licence",
    "default_accepted_terms",
    "is_acceptable",
    "osaid_accepted_terms",
    "spdx_list_version",
]

# Whole-field values that say something about licensing without naming a licence. Keys are
# case-folded with whitespace collapsed. "Unlicense" (an OSI-approved licence) is absent on
# purpose: only "unlicensed" means "no licence".
_Special = Literal["unlicensed", "undisclosed", "proprietary"]
_SPECIAL: dict[str, _Special] = {
    **dict.fromkeys(
        ("unlicensed", "unlicenced", "no license", "no licence", "none", "not licensed"),
        "unlicensed",
    ),
    **dict.fromkeys(
        (
            "undisclosed",
            "unknown",
            "not disclosed",
            "component not include",
            "component not included",
            "noassertion",
            "unspecified",
            "not specified",
            "n/a",
        ),
        "undisclosed",
    ),
    **dict.fromkeys(
        (
            "proprietary",
            "proprietary license",
            "proprietary licence",
            "all rights reserved",
            "commercial",
            "commercial license",
            "commercial licence",
            "closed source",
        ),
        "proprietary",
    ),
}
_PLACEHOLDER = "LicenseRef-osai-unknown-{}"
# Real expressions nest two or three levels; a bound keeps parsing, validation and
# serialisation of hostile input far from Python's recursion limit.
_MAX_DEPTH = 32
_TRAILING_PAREN = re.compile(r"^(?P<head>[^()]*?)\s*\((?P<inner>[^()]*)\)\s*$")


# --------------------------------------------------------------------------------------------
# Messages.


def _msg_normalised(original: str, canonical: str) -> LicenceNote:
    """Note: a chunk was rewritten to its canonical form."""
    return LicenceNote(code="normalised", written=original, canonical=canonical)


def _msg_catalogued(original: str, entry_id: str, name: str) -> LicenceNote:
    """Note: a chunk matched a catalogue entry."""
    return LicenceNote(code="catalogued", written=original, entry=entry_id, name=name)


def _msg_deprecated(old: str, new: str) -> LicenceNote:
    """Note: a deprecated SPDX id was written."""
    return LicenceNote(code="deprecated", written=old, canonical=new)


def _msg_unknown(keys: list[str]) -> LicenceNote:
    """Note: chunks that match no SPDX id and no catalogue entry."""
    return LicenceNote(code="unknown_keys", keys=tuple(keys))


def _msg_syntax(detail: str) -> LicenceNote:
    """Note: the expression does not parse (`detail` is the parser's own message)."""
    return LicenceNote(code="unparsable", detail=detail)


def _msg_role(key: str, role: str) -> LicenceNote:
    """Note: a licence used as an exception or the reverse."""
    code: Literal["licence_after_with", "exception_alone"] = (
        "licence_after_with" if role == "exception" else "exception_alone"
    )
    return LicenceNote(code=code, written=key)


def _msg_deprecated_ambiguous(old: str, candidates: tuple[str, ...]) -> LicenceNote:
    """Note: a deprecated SPDX id whose replacement depends on the licence text."""
    return LicenceNote(code="deprecated_ambiguous", written=old, keys=candidates)


# Licences of a database as such: ODbL 1.0 and ODC-By 1.0 grant rights in the database (its
# copyright as a collection and any database right) and say that the contents are not covered
# (ODbL s. 1 "Contents", s. 2.4; ODC-By s. 2.4). The terms of the texts, images or other works
# inside must be checked separately. PDDL 1.0 and the CDLA licences reach the contents too.
DATABASE_ONLY_LICENCES = frozenset({"ODbL-1.0", "ODC-By-1.0"})


def _msg_database_only(licence_id: str) -> LicenceNote:
    """Note: a licence that covers a database but not its contents."""
    return LicenceNote(code="database_only", written=licence_id)


def _msg_scancode(key: str, category: str | None) -> LicenceNote:
    """Note: a ScanCode licence that the catalogue does not describe."""
    return LicenceNote(code="scancode_uncatalogued", written=key, category=category)


# --------------------------------------------------------------------------------------------
# Analysis.


class _Unrecognised(Exception):
    """Internal: analysis ends with kind `unrecognised` and these messages."""

    def __init__(self, messages: list[LicenceNote]) -> None:
        """Keep the messages explaining why."""
        super().__init__()
        self.messages = messages


class _Builder:
    """Accumulates what analysis learns while it resolves chunks and walks the tree."""

    def __init__(self, catalogue: Catalogue) -> None:
        """Start empty for `catalogue`."""
        self.catalogue = catalogue
        self.messages: list[LicenceNote] = []
        self.deprecated: list[str] = []
        self.flags: list[LicenceFlagFact] = []
        self.ids: list[str] = []
        self.catalogued = False

    def resolve_chunk(self, chunk: str, *, record: bool = True) -> str | None:
        """Canonical expression text for one chunk, or None when unknown; with `record`,
        note what was rewritten or deprecated."""
        raw = chunk.strip()
        entry = self.catalogue.lookup(raw)
        found: Resolution | None = None if entry is not None else resolve_spdx(raw)
        if found is not None:
            # A ScanCode key (or alias) may name a catalogued licence.
            entry = self.catalogue.lookup(found.text)
        if entry is not None:
            if record and raw != entry.id:
                self.messages.append(_msg_catalogued(raw, entry.id, entry.name))
            return entry.id
        if found is None:
            return None
        if record and found.deprecated is not None:
            self.deprecated.append(found.deprecated)
            candidates = DEPRECATED_AMBIGUOUS.get(found.deprecated)
            self.messages.append(
                _msg_deprecated_ambiguous(found.deprecated, candidates)
                if candidates
                else _msg_deprecated(found.deprecated, found.text)
            )
        elif record and raw != found.text:
            self.messages.append(_msg_normalised(raw, found.text))
        return found.text

    def _name_with_short_form(self, text: str) -> str | None:
        """Resolve 'Creative Commons Attribution 4.0 (CC BY 4.0)': a name followed by a
        parenthesised short form, with no operator in either part."""
        match = _TRAILING_PAREN.match(text)
        if match is None or len(split_expression(match["head"])) != 1:
            return None
        if len(split_expression(match["inner"])) != 1:
            return None
        head = self.resolve_chunk(match["head"], record=False)
        inner = self.resolve_chunk(match["inner"], record=False)
        if head is not None and inner is not None and head != inner:
            return None  # two different licences: not a name and its short form
        part = match["head"] if head is not None else match["inner"]
        return self.resolve_chunk(part) if (head or inner) else None

    def canonical_text(self, text: str) -> tuple[str, list[str]]:
        """Rewrite `text` into canonical expression text; also return the unknown chunks."""
        whole = self.resolve_chunk(text) or self._name_with_short_form(text)
        if whole is not None:
            return whole, []
        pieces: list[str] = []
        unknown: list[str] = []
        for token in split_expression(text):
            if token.kind != "chunk":
                pieces.append(token.text)
                continue
            resolved = self.resolve_chunk(token.text)
            if resolved is None:
                unknown.append(token.text)
                resolved = _PLACEHOLDER.format(len(unknown))
            pieces.append(resolved)
        return " ".join(pieces), unknown

    def _record(self, licence_id: str) -> None:
        """Remember an id in order of appearance."""
        if licence_id not in self.ids:
            self.ids.append(licence_id)

    def _flag(self, leaf: LicenceLeaf, reason: I18n, flag: FlagId) -> None:
        """Record one flag fact, once per (flag, licence)."""
        if any(f.flag == flag and f.licence == leaf.id for f in self.flags):
            return
        self.flags.append(LicenceFlagFact(flag=flag, licence=leaf.id, reason=reason))

    def leaf(self, key: str) -> LicenceLeaf:
        """Classify one licence id into a tree leaf, recording its flags.

        Raises:
            _Unrecognised: the id is an exception used as a licence.
        """
        self._record(key)
        entry = self.catalogue.get(key)
        if entry is not None:
            self.catalogued = True
            node = LicenceLeaf(
                id=key,
                source="catalogue",
                osi_approved=False,
                flags=tuple(item.flag for item in entry.flags),
            )
            for item in entry.flags:
                self._flag(node, item.reason, item.flag)
            return node
        info = licence_info(key)
        if info is not None:
            if info.id in DATABASE_ONLY_LICENCES:
                self.messages.append(_msg_database_only(info.id))
            implied = spdx_flags(info.id)
            node = LicenceLeaf(
                id=info.id,
                source="spdx",
                osi_approved=bool(info.osi_approved),
                flags=tuple(flag for flag, _ in implied),
            )
            for flag, reason in implied:
                self._flag(node, reason, flag)
            return node
        if exception_id(key) is not None:
            raise _Unrecognised([_msg_role(key, "licence")])
        # Only ScanCode `LicenseRef-` keys reach here: every other chunk was resolved to an
        # SPDX id or a catalogue id, or replaced by a placeholder and reported as unknown.
        self.messages.append(_msg_scancode(key, scancode_category(key)))
        return LicenceLeaf(id=key, source="scancode", osi_approved=False)

    def node(self, parsed: ParsedNode) -> LicenceNode:
        """Convert a parsed expression into the serialisable tree.

        Raises:
            _Unrecognised: WITH has a licence on its right or an exception on its left.
        """
        if isinstance(parsed, ParsedLeaf):
            return self.leaf(parsed.key)
        if isinstance(parsed, ParsedWith):
            exception = exception_id(parsed.exception)
            if exception is None:
                raise _Unrecognised([_msg_role(parsed.exception, "exception")])
            licence = self.leaf(parsed.licence)
            self._record(exception)
            return LicenceWith(licence=licence, exception=exception)
        args = tuple(self.node(arg) for arg in parsed.args)
        return LicenceAnd(args=args) if parsed.op == "and" else LicenceOr(args=args)


def _osi(node: LicenceNode) -> bool:
    """OSI approval over the tree: OR any operand, AND all, WITH the licence."""
    if isinstance(node, LicenceLeaf):
        return node.osi_approved
    if isinstance(node, LicenceWith):
        return node.licence.osi_approved
    if isinstance(node, LicenceOr):
        return any(_osi(arg) for arg in node.args)
    return all(_osi(arg) for arg in node.args)


def _paren_depth(text: str) -> int:
    """The deepest parenthesis nesting in `text`."""
    depth = deepest = 0
    for char in text:
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth -= 1
    return deepest


def _simple(original: str, kind: LicenceKind, messages: list[LicenceNote]) -> LicenceFacts:
    """Facts for every kind that carries no expression."""
    return LicenceFacts(
        original=original,
        normalized=None,
        kind=kind,
        licence_ids=(),
        deprecated_ids=(),
        osi_approved=False,
        flags=(),
        messages=tuple(messages),
        tree=None,
    )


@functools.lru_cache(maxsize=65536)
def _analyse(text: str | None, catalogue: Catalogue) -> LicenceFacts:
    """Uncached-body of `analyse_licence`; memoised on (text, catalogue identity)."""
    original = "" if text is None else text
    stripped = original.strip().strip("\"'`“”‘’").strip()
    if not stripped:
        return _simple(original, "missing", [LicenceNote(code="missing")])
    special = _SPECIAL.get(" ".join(stripped.casefold().split()).rstrip("."))
    if special is not None:
        return _simple(original, special, [LicenceNote(code=special)])

    builder = _Builder(catalogue)
    canonical, unknown = builder.canonical_text(stripped)
    if _paren_depth(canonical) > _MAX_DEPTH:
        return _simple(original, "unrecognised", [LicenceNote(code="nested_too_deeply")])
    try:
        parsed, rendered = parse_canonical(canonical)
    except ExpressionSyntaxError as error:
        problems = [_msg_unknown(unknown)] if unknown else []
        return _simple(original, "unrecognised", [*problems, _msg_syntax(str(error))])
    if unknown:
        return _simple(original, "unrecognised", [_msg_unknown(unknown)])
    try:
        tree = builder.node(parsed)
    except _Unrecognised as error:
        return _simple(original, "unrecognised", error.messages)
    return LicenceFacts(
        original=original,
        normalized=rendered,
        kind="catalogued" if builder.catalogued else "spdx",
        licence_ids=tuple(builder.ids),
        deprecated_ids=tuple(dict.fromkeys(builder.deprecated)),
        osi_approved=_osi(tree),
        flags=tuple(builder.flags),
        messages=tuple(builder.messages),
        tree=tree,
    )


def analyse_licence(text: str | None, catalogue: Catalogue) -> LicenceFacts:
    """Analyse one licence field: classify it, normalise it to SPDX, find its red flags.

    Pure and deterministic; results are memoised per (text, catalogue instance). Never
    raises for any string: what cannot be understood comes back with kind `unrecognised`.
    """
    return _analyse(text, catalogue)


# --------------------------------------------------------------------------------------------
# Acceptability.


@functools.lru_cache(maxsize=256)
def _folded_terms(terms: AcceptedTerms) -> tuple[frozenset[str], frozenset[str]]:
    """Case-folded include and exclude sets of `terms`."""
    return (
        frozenset(item.casefold() for item in terms.include),
        frozenset(item.casefold() for item in terms.exclude),
    )


def _leaf_ok(leaf: LicenceLeaf, terms: AcceptedTerms) -> bool:
    """Whether one licence is accepted under `terms`."""
    include, exclude = _folded_terms(terms)
    key = leaf.id.casefold()
    if key in exclude:
        return False
    # OSAID FAQ: NonCommercial and NoDerivatives terms are never acceptable, whatever the policy.
    if never_acceptable(leaf.id) or "non_commercial" in leaf.flags:
        return False
    if key in include:
        return True
    if leaf.flags:
        # A flagged licence is accepted only when the agency names it explicitly.
        return False
    return terms.osi_approved and leaf.osi_approved


def _node_ok(node: LicenceNode, terms: AcceptedTerms) -> bool:
    """Acceptability over the tree: OR any operand, AND all, WITH the licence."""
    if isinstance(node, LicenceLeaf):
        return _leaf_ok(node, terms)
    if isinstance(node, LicenceWith):
        _, exclude = _folded_terms(terms)
        return node.exception.casefold() not in exclude and _leaf_ok(node.licence, terms)
    if isinstance(node, LicenceOr):
        return any(_node_ok(arg, terms) for arg in node.args)
    return all(_node_ok(arg, terms) for arg in node.args)


def is_acceptable(facts: LicenceFacts, terms: AcceptedTerms) -> bool:
    """Whether the analysed licence is acceptable under `terms` for one content type.

    Missing, unlicensed, undisclosed, proprietary and unrecognised licences never are.
    """
    if facts.kind not in ("spdx", "catalogued") or facts.tree is None:
        return False
    return _node_ok(facts.tree, terms)


# The built-in defaults every policy starts from. They stay as they were when records were first
# signed, because a resolved policy (defaults included) is hashed into every record; the wider
# OSAID view below is written out in policies/osaid-1.0.yaml instead, where a reader sees it.
_DEFAULT_CONTENT_TERMS = (
    "CC0-1.0",
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CDLA-Permissive-2.0",
    "CDLA-Sharing-1.0",
    "ODC-By-1.0",
    "ODbL-1.0",
    "PDDL-1.0",
)
_DEFAULT_TERMS: dict[ContentType, AcceptedTerms] = {
    "code": AcceptedTerms(osi_approved=True),
    "data": AcceptedTerms(osi_approved=True, include=_DEFAULT_CONTENT_TERMS),
    "parameters": AcceptedTerms(osi_approved=True, include=_DEFAULT_CONTENT_TERMS),
    "documentation": AcceptedTerms(
        osi_approved=True, include=("CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0")
    ),
}

# Open content and data terms that grant the four freedoms (attribution and share-alike only):
# the OSAID policy's accepted terms, and the baseline against which a report notes terms an
# agency added. Older CC BY / BY-SA versions are common for Wikipedia-derived data; the two
# Japanese government terms state their compatibility with CC BY 4.0 (PDL 1.0,
# https://www.digital.go.jp/resources/open_data/public_data_license_v1.0, 2024-07-05;
# 政府標準利用規約 2.0, its predecessor). NC and ND variants are never accepted.
OPEN_CONTENT_TERMS = (
    "CC0-1.0",
    "CC-BY-2.0",
    "CC-BY-2.5",
    "CC-BY-3.0",
    "CC-BY-4.0",
    "CC-BY-SA-2.0",
    "CC-BY-SA-2.5",
    "CC-BY-SA-3.0",
    "CC-BY-SA-4.0",
    "CDLA-Permissive-1.0",
    "CDLA-Permissive-2.0",
    "CDLA-Sharing-1.0",
    "ODC-By-1.0",
    "ODbL-1.0",
    "PDDL-1.0",
    "LicenseRef-Japan-PDL-1.0",
    "LicenseRef-Japan-Gov-Standard-Terms-2.0",
)
_OSAID_TERMS: dict[ContentType, AcceptedTerms] = {
    "code": AcceptedTerms(osi_approved=True),
    "data": AcceptedTerms(osi_approved=True, include=OPEN_CONTENT_TERMS),
    "parameters": AcceptedTerms(osi_approved=True, include=OPEN_CONTENT_TERMS),
    # Documents: the content licences only. ODbL and ODC-By license a database, not the text of
    # a report or card, and the CDLA and PDDL are written for data; evaluation results and
    # sample outputs are data in substance and are asked as data (questionnaire osaid_1_0).
    "documentation": AcceptedTerms(
        osi_approved=True,
        include=tuple(t for t in OPEN_CONTENT_TERMS if not t.startswith(("CDLA", "OD", "PDDL"))),
    ),
}


def osaid_accepted_terms() -> dict[ContentType, AcceptedTerms]:
    """The OSD-conformant open terms the OSAID policy accepts: the baseline for noting terms an
    agency added."""
    return dict(_OSAID_TERMS)


def default_accepted_terms() -> dict[ContentType, AcceptedTerms]:
    """The default OSAID view: OSI-approved licences everywhere, plus common open data and
    content terms for data, parameters and documentation (OpenMDW-1.0 is left to agencies)."""
    return dict(_DEFAULT_TERMS)


def check_licence(
    text: str | None, catalogue: Catalogue, accepted: Mapping[ContentType, AcceptedTerms]
) -> LicenceCheck:
    """Analyse `text` and judge it for every content type in `accepted`."""
    facts = analyse_licence(text, catalogue)
    ordered = [ct for ct in CONTENT_TYPES if ct in accepted]
    ordered += [ct for ct in accepted if ct not in CONTENT_TYPES]
    return LicenceCheck(
        original=facts.original,
        normalized=facts.normalized,
        kind=facts.kind,
        osi_approved=facts.osi_approved,
        licence_ids=facts.licence_ids,
        acceptable={ct: is_acceptable(facts, accepted[ct]) for ct in ordered},
        flags=facts.flags,
        deprecated_ids=facts.deprecated_ids,
        messages=facts.messages,
        spdx_list_version=spdx_list_version(),
    )
