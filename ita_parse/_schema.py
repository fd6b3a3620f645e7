"""The JSON Schemas in ``schemas/``, generated from the models."""

from __future__ import annotations

import json
from typing import Any

from ._findings import CheckResult
from ._model import Report

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``report`` (parse output) or ``findings`` (check output)."""
    if kind == "report":
        body = Report.model_json_schema(mode="serialization")
        title = "ita_parse report"
    elif kind == "findings":
        body = CheckResult.model_json_schema(mode="serialization")
        title = "ita_parse findings"
    else:
        raise ValueError(f"unknown schema {kind!r}: use 'report' or 'findings'")
    return {"$schema": SCHEMA_URL, "$id": f"ita_parse/{kind}.schema.json", "title": title, **body}


def schema_text(kind: str) -> str:
    return json.dumps(schema(kind), ensure_ascii=False, indent=2) + "\n"
