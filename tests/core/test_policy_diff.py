"""What an override changes against the policy it extends."""

from __future__ import annotations

from pathlib import Path

import pytest

from osai_procure.cli import main
from osai_procure.loading import ContentLibrary, PolicyBundle, load_policy
from osai_procure.policy_diff import diff_policies


def test_example_override_diff(
    root: Path, library: ContentLibrary, osgjp_bundle: PolicyBundle
) -> None:
    """The shipped agency example adds, removes and replaces criteria and widens terms."""
    child = load_policy(root / "policies/examples/agency-strict.yaml", library)
    diff = diff_policies(osgjp_bundle.policy, child.policy)
    assert diff.added == ("strict_training_data_released", "strict_domestic_hosting")
    assert diff.removed == ("optimizer_state_open",)
    assert dict(diff.changed)["osgjp_maintenance_plan"][:2] == ("title", "rule")
    names = [change.name for change in diff.settings]
    assert names == ["accepted_terms.data", "accepted_terms.parameters", "licence_catalogue"]
    assert "OpenMDW-1.0" in diff.settings[1].after
    assert "OpenMDW-1.0" not in diff.settings[1].before


def test_same_policy_has_no_diff(osgjp_bundle: PolicyBundle) -> None:
    """A policy compared with itself differs in nothing."""
    assert diff_policies(osgjp_bundle.policy, osgjp_bundle.policy).empty


def test_diff_command(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`osai-procure diff` prints the changes, one per line."""
    assert main(["diff", str(root / "policies/examples/agency-strict.yaml")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "example_agency_strict 1.0.0 against osg_jp_public_procurement 1.0.0"
    assert "+ criterion strict_training_data_released" in out
    assert "- criterion optimizer_state_open" in out


def test_diff_of_a_root_policy_is_a_message(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A policy that extends nothing gets a clear message, exit 2."""
    assert main(["diff", str(root / "policies/osaid-1.0.yaml")]) == 2
    assert "extends no other policy" in capsys.readouterr().err
