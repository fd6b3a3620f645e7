"""Generated files must match what the code generates, and the public API is what __all__ says."""

from __future__ import annotations

import json

import ita_parse
from ita_parse._check import REGISTRY
from ita_parse._check.catalogue import markdown
from ita_parse._schema import schema_text

from .helpers import ROOT


def test_rules_doc_is_current() -> None:
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert doc == markdown(), (
        "docs/rules.md is stale: run `ita-parse rules --format markdown > docs/rules.md`"
    )


def test_schemas_are_current() -> None:
    for kind in ("report", "findings"):
        committed = (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert committed == schema_text(kind), (
            f"schemas/{kind}.schema.json is stale: run `ita-parse schema {kind} > schemas/{kind}.schema.json`"
        )


def test_report_json_validates_against_the_schema() -> None:
    import jsonschema

    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    report = ita_parse.parse(ROOT / "samples" / "samruean-2569.txt")
    jsonschema.validate(json.loads(report.model_dump_json()), schema)


def test_rule_codes_are_well_formed_and_unique() -> None:
    import regex

    names = [r.name for r in REGISTRY.values()]
    assert len(set(names)) == len(names)
    for code, rule in REGISTRY.items():
        assert regex.fullmatch(r"ITA[1-9][0-9]{2}", code)
        assert regex.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
        assert rule.category in (
            "arithmetic",
            "cross-table",
            "fiscal-year",
            "level",
            "numbering",
            "duplicate-text",
            "text-quality",
            "structure",
            "cross-report",
        )
        # the family digit matches the category
        family = {
            "arithmetic": "1",
            "cross-table": "2",
            "fiscal-year": "3",
            "level": "4",
            "numbering": "5",
            "duplicate-text": "6",
            "text-quality": "7",
            "structure": "8",
            "cross-report": "9",
        }
        assert code[3] == family[rule.category], code
        assert rule.description and rule.template and rule.basis


def test_all_is_complete_and_sorted() -> None:
    public = {name for name in dir(ita_parse) if not name.startswith("_")}
    assert public <= set(ita_parse.__all__) | {"annotations"}
    assert ita_parse.__all__ == sorted(ita_parse.__all__)
    for name in ita_parse.__all__:
        assert hasattr(ita_parse, name), name


def test_public_objects_show_as_ita_parse() -> None:
    assert ita_parse.Report.__module__ == "ita_parse"
    assert ita_parse.parse.__module__ == "ita_parse"
    assert repr(ita_parse.Agency()).startswith("Agency(")


def test_import_does_not_load_pdf_libraries() -> None:
    import subprocess
    import sys

    code = (
        "import sys, ita_parse; "
        "print(sorted(m for m in ('pdfplumber', 'pdfminer', 'pypdfium2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
