"""JSON Schemas of the content files, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from osai_procure.models.answers import AnswersFile
from osai_procure.models.policy import Policy
from osai_procure.models.questionnaire import Questionnaire
from osai_procure.models.register import PublicRegister
from osai_procure.models.roles import RolesFile

SCHEMAS: dict[str, Any] = {
    "questionnaire.schema.json": Questionnaire,
    "policy.schema.json": Policy,
    "answers.schema.json": AnswersFile,
    "public-register.schema.json": PublicRegister,
    "roles.schema.json": RolesFile,
}


def schema_texts() -> dict[str, str]:
    """Return each schema file's name and its text."""
    out = {}
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://osai-procure.invalid/schemas/{name}"
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into a directory; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in schema_texts().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
