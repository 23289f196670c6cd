"""Which licences the Model Openness Tool counts as open, for the MOF class.

The Model Openness Tool (lfai/model_openness_tool, MIT licence) counts a component towards a
class when its resolved licence is open by `LicenseHandler::isOpenSourceLicense`: approved by
the OSI or marked free by the FSF in the SPDX licence list, one of its open-data licences, or
OpenMDW-1.0. Whether the licence suits the component's content type only adds a message there,
so it is not checked here. MOT compares single licence ids; an expression is read here as its
operators say (OR: any operand, AND: every operand, WITH: the licence), which MOT never sees.
"""

from __future__ import annotations

from osai_procure.licences.spdx import licence_info
from osai_procure.models.licence import (
    LicenceFacts,
    LicenceLeaf,
    LicenceNode,
    LicenceOr,
    LicenceWith,
)

__all__ = ["MOT_OPEN_DATA", "mot_open"]

# LicenseHandler::OPEN_DATA_LICENSES and OPEN_LICENSES of the Model Openness Tool.
MOT_OPEN_DATA: frozenset[str] = frozenset(
    {
        "CC0-1.0",
        "CC-BY-1.0",
        "CC-BY-2.0",
        "CC-BY-2.5",
        "CC-BY-2.5-AU",
        "CC-BY-3.0",
        "CC-BY-3.0-AT",
        "CC-BY-3.0-AU",
        "CC-BY-3.0-DE",
        "CC-BY-3.0-IGO",
        "CC-BY-3.0-NL",
        "CC-BY-3.0-US",
        "CC-BY-4.0",
        "CC-BY-SA-1.0",
        "CC-BY-SA-2.0",
        "CC-BY-SA-2.0-UK",
        "CC-BY-SA-2.1-JP",
        "CC-BY-SA-2.5",
        "CC-BY-SA-3.0",
        "CC-BY-SA-3.0-AT",
        "CC-BY-SA-4.0",
        "CDLA-Permissive-1.0",
        "CDLA-Permissive-2.0",
        "CDLA-Sharing-1.0",
        "ODC-PDDL-1.0",
        "ODC-By-1.0",
        "ODbL-1.0",
        "GFDL-1.3",
        "OGL-Canada-2.0",
        "OGL-UK-2.0",
        "OGL-UK-3.0",
        "OpenMDW-1.0",
    }
)


def _leaf_open(licence_id: str) -> bool:
    """Whether MOT counts one licence id as open."""
    if licence_id in MOT_OPEN_DATA:
        return True
    info = licence_info(licence_id)
    return info is not None and (info.osi_approved or info.fsf_libre)


def _node_open(node: LicenceNode) -> bool:
    """Openness over an expression tree."""
    if isinstance(node, LicenceLeaf):
        return _leaf_open(node.id)
    if isinstance(node, LicenceWith):
        return _leaf_open(node.licence.id)
    if isinstance(node, LicenceOr):
        return any(_node_open(arg) for arg in node.args)
    return all(_node_open(arg) for arg in node.args)


def mot_open(facts: LicenceFacts) -> bool:
    """Whether the Model Openness Tool would count this licence as open."""
    if facts.kind not in ("spdx", "catalogued") or facts.tree is None:
        return False
    return _node_open(facts.tree)
