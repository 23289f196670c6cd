"""The README's annotated policy example is a valid policy."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from osai_procure.loading import ContentLibrary, load_policy


def test_readme_policy_example_validates(root: Path, tmp_path: Path) -> None:
    """The YAML block under 'Writing an agency policy' loads and extends osaid_1_0."""
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Writing an agency policy", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block is not None
    agency = tmp_path / "agency"
    (agency / "policies").mkdir(parents=True)
    shutil.copytree(root / "schemas", agency / "schemas")
    path = agency / "policies" / "city.yaml"
    path.write_text(block.group(1), encoding="utf-8")
    bundle = load_policy(path, ContentLibrary.from_root(agency, root))
    assert bundle.policy.lineage == ("example_city_ai", "osaid_1_0")
    ids = [c.id for c in bundle.policy.criteria]
    assert "city_training_data_released" in ids
    assert "sample_outputs_open" not in ids
    assert bundle.policy.accepted_terms["parameters"].include == ("CC-BY-4.0", "OpenMDW-1.0")
