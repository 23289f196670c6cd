"""The hardened YAML loader: hostile and malformed input gets a located message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from osai_procure.errors import ContentError
from osai_procure.yamlsafe import MAX_BYTES, MAX_DEPTH, load_bytes, load_file, load_text


def _message(text: str) -> str:
    """Load text that must fail and return the error message."""
    with pytest.raises(ContentError) as info:
        load_text(text, "agency.yaml")
    return str(info.value)


def test_alias_bomb_is_refused_quickly() -> None:
    """A billion-laughs document is refused at its first alias, with the line."""
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for i in range(8):
        prev, cur = chr(ord("a") + i), chr(ord("a") + i + 1)
        bomb += f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    assert _message(bomb) == (
        "agency.yaml:2: YAML aliases (*name) and merge keys are not allowed; "
        "write the value out in full"
    )


def test_merge_keys_are_refused() -> None:
    """`<<: *base` is an alias too and is refused."""
    assert "aliases" in _message("base: &b {x: 1}\nchild:\n  <<: *b\n")


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 200, 999])
def test_nesting_past_the_cap_gets_the_projects_own_message(depth: int) -> None:
    """From 65 levels to about 1000, our composer's guard refuses with our own words."""
    assert _message("[" * depth + "]" * depth) == (
        f"agency.yaml:1: nesting deeper than {MAX_DEPTH} levels; flatten the document"
    )


@pytest.mark.parametrize("depth", [5_000, 50_000])
def test_very_deep_nesting_gets_a_located_message(depth: int) -> None:
    """Deeper still, whichever layer stops it (libyaml has its own limit), the message names
    the file and line and nothing crashes; the wording is the library's business."""
    message = _message("[" * depth + "]" * depth)
    assert message.startswith("agency.yaml:1: ")
    assert "nesting" in message


def test_deep_nesting_in_a_subprocess_exits_cleanly(tmp_path: Path) -> None:
    """`evaluate` on an answers file 100,000 levels deep: exit 2, a located message, no crash
    (PyYAML's C composer would segfault) and no traceback."""
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 100_000 + "]" * 100_000)
    done = subprocess.run(
        [sys.executable, "-m", "osai_procure.cli", "evaluate", str(path), "--policy", "osaid_1_0"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"{path}:1: ")
    assert "nesting" in done.stderr and "Traceback" not in done.stderr


def test_duplicate_keys_are_errors() -> None:
    """A key written twice is reported at the second occurrence."""
    assert _message("id: a\nversion: '1'\nid: b\n") == "agency.yaml:3: duplicate key 'id'"


def test_malformed_yaml_names_the_line() -> None:
    """A syntax error gives the file and line."""
    assert _message("a: 1\nb: [1, 2\nc: 3\n").startswith("agency.yaml:3: malformed YAML")


def test_two_documents_are_refused() -> None:
    """Only one document per file."""
    assert "more than one YAML document" in _message("a: 1\n---\nb: 2\n")


def test_empty_file() -> None:
    """An empty file says so."""
    assert _message("") == "agency.yaml: the file is empty"


def test_size_limit(tmp_path: Path) -> None:
    """A file over the limit is refused before it is read."""
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_BYTES + 1))
    with pytest.raises(ContentError) as info:
        load_file(path)
    assert "the limit is 2,097,152 bytes" in str(info.value)


def test_not_utf8() -> None:
    """Bytes that are not UTF-8 are reported with their line."""
    with pytest.raises(ContentError) as info:
        load_bytes(b"a: 1\nb: \xff\xfe\n", "latin.yaml")
    assert str(info.value) == "latin.yaml:2: byte 8 is not valid UTF-8; save the file as UTF-8"


def test_yaml_1_1_booleans_stay_strings() -> None:
    """`NO`, `yes` and `on` are text (YAML 1.2 core schema); only true/false are booleans."""
    loaded = load_text("country: NO\nanswer: yes\nflag: on\nreal: true\n", "a.yaml")
    assert loaded.data == {"country": "NO", "answer": "yes", "flag": "on", "real": True}


def test_python_tags_are_refused() -> None:
    """Arbitrary Python object tags are not constructed."""
    message = _message("a: !!python/object/apply:os.system ['true']\n")
    assert message == (
        "agency.yaml:1: unsupported YAML tag tag:yaml.org,2002:python/object/apply:os.system; "
        "write plain lists and mappings"
    )


def test_lines_are_recorded_per_key() -> None:
    """Every key path has its line."""
    loaded = load_text("a:\n  b:\n    - x\n    - y: 1\n", "a.yaml")
    assert loaded.lines[("a", "b", 1, "y")] == 4


def test_lone_surrogate_escape_is_refused() -> None:
    """A `\\ud800` escape would make text that cannot be written as UTF-8 later."""
    message = _message('a: "x\\ud800y"\n')
    assert message.startswith("agency.yaml:1: ")
    assert "Unicode character escape" in message or "lone surrogate" in message


def test_json_files_use_the_json_parser() -> None:
    """A .json document loads with its lines, tabs and exponents as JSON means them."""
    raw = b'{\n\t"a": 1e5,\n\t"b": [\n\t\t{"c": "\\ud83d\\ude00"}\n\t]\n}\n'
    loaded = load_bytes(raw, "answers.json")
    assert loaded.data == {"a": 100000.0, "b": [{"c": "😀"}]}
    assert loaded.lines[("b", 0)] == 4


def test_json_duplicate_keys_and_lone_surrogates() -> None:
    """JSON gets the same refusals as YAML: duplicate keys and unpaired surrogate escapes."""
    with pytest.raises(ContentError) as info:
        load_bytes(b'{"a": 1,\n "a": 2}', "x.json")
    assert "duplicate key 'a'" in str(info.value)
    with pytest.raises(ContentError) as info:
        load_bytes(b'{"a": "\\ud800"}', "x.json")
    assert "unpaired" in str(info.value)
