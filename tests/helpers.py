"""Shared test helpers."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import ita_parse

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "samruean-2569.txt"
DATA = Path(__file__).resolve().parent / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"
SHARED = ROOT.parent / "shared"
UPDATE_GOLDEN = os.environ.get("ITA_PARSE_UPDATE_GOLDEN") == "1"


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def semantic(report: ita_parse.Report, *, keep_text: bool = True) -> dict[str, Any]:
    """The report's values without what depends on the input's bytes or on the repair.

    Drops the source block, the quality counts, and every provenance ``raw``
    (which keeps the input as found).  With ``keep_text=False`` free-text
    fields are dropped too, leaving the structured values.
    """
    data = report.model_dump(mode="json")
    data.pop("source")
    data.pop("quality")
    data.pop("parser_version")
    text_keys = {"text", "title", "measure", "rationale", "name", "indicator_name", "owner"}

    def clean(obj: Any, key: str | None = None) -> Any:
        if isinstance(obj, dict):
            out = {}
            for k, v in obj.items():
                if k in ("raw", "code_raw") or (not keep_text and k in text_keys and isinstance(v, str)):
                    continue
                out[k] = clean(v, k)
            return out
        if isinstance(obj, list):
            return [clean(v) for v in obj]
        return obj

    result: dict[str, Any] = clean(data)
    return result


def golden_check(name: str, actual: str) -> None:
    """Compare with tests/golden/<name>; ITA_PARSE_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if UPDATE_GOLDEN or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not UPDATE_GOLDEN:
            raise AssertionError(f"golden file {path} was missing and has been written; review and commit it")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path}; rerun with ITA_PARSE_UPDATE_GOLDEN=1 if intended"
