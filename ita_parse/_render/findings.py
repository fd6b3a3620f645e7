"""Findings as text (ruff-like, grouped by file), JSON, JSON Lines and SARIF 2.1.0."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .._findings import CheckResult, Finding
from .._model import Provenance
from .._version import __version__

_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_COLORS = {
    "error": "\x1b[31m",
    "warning": "\x1b[33m",
    "info": "\x1b[36m",
    "dim": "\x1b[2m",
    "bold": "\x1b[1m",
}
_RESET = "\x1b[0m"


def where(loc: Provenance) -> str:
    """A short human location: "line 22, summary row 6" or "page 3, plan row 7"."""
    parts: list[str] = []
    if loc.page is not None:
        parts.append(f"page {loc.page}")
    elif loc.line is not None:
        parts.append(f"line {loc.line}")
    elif loc.paragraph is not None:
        parts.append(f"paragraph {loc.paragraph}")
    if loc.table is not None:
        piece: str = loc.table
        if loc.row is not None:
            piece += f" row {loc.row}"
        parts.append(piece)
    return ", ".join(parts) or "document"


def render_text(result: CheckResult, *, color: bool = False) -> str:
    def c(kind: str, text: str) -> str:
        return f"{_COLORS[kind]}{text}{_RESET}" if color else text

    lines: list[str] = []
    by_path: dict[str, list[Finding]] = {}
    for f in result.findings:
        by_path.setdefault(f.path, []).append(f)
    for status in result.inputs:
        findings = by_path.pop(status.path, [])
        if status.error is not None:
            lines.append(c("bold", status.path))
            lines.append(f"  {c('error', 'cannot read')}: [{status.error.code}] {status.error.message}")
            lines.append("")
            continue
        if not findings:
            continue
        lines.append(c("bold", status.path))
        width = max(len(where(f.location)) for f in findings)
        for f in findings:
            loc = where(f.location).ljust(width)
            sev = c(f.severity, f.severity.ljust(7))
            lines.append(f"  {c('dim', loc)}  {f.code} {sev} {f.message}")
        lines.append("")
    for path, findings in by_path.items():  # findings for paths not listed as inputs
        lines.append(c("bold", path))
        lines.extend(f"  {where(f.location)}  {f.code} {f.severity} {f.message}" for f in findings)
        lines.append("")
    s = result.stats
    files = len(result.inputs)
    failed = sum(1 for i in result.inputs if i.error is not None)
    total = s.error + s.warning + s.info
    summary = (
        f"Found {_n(total, 'finding')} ({_n(s.error, 'error')}, {_n(s.warning, 'warning')}, {s.info} info) "
        f"in {_n(files, 'file')}"
    )
    if failed:
        summary += f"; {failed} could not be read"
    lines.append(summary + ".")
    return "\n".join(lines) + "\n"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def render_json(result: CheckResult) -> str:
    return result.model_dump_json(indent=2) + "\n"


def render_jsonl(result: CheckResult) -> Iterator[str]:
    for f in result.findings:
        yield f.model_dump_json()
    for status in result.inputs:
        if status.error is not None:
            yield json.dumps({"path": status.path, "error": status.error.model_dump()}, ensure_ascii=False)


def _logical(loc: Provenance) -> list[dict[str, Any]]:
    if loc.table is None:
        return []
    name = loc.table + (f" row {loc.row}" if loc.row is not None else "")
    if loc.field:
        name += f" {loc.field}"
    return [{"name": name, "kind": "element"}]


def _location(loc: Provenance, path: str, index: int | None, *, ident: int | None = None) -> dict[str, Any]:
    phys: dict[str, Any] = {"artifactLocation": {"uri": loc.path or path}}
    if index is not None and loc.path is None:
        phys["artifactLocation"]["index"] = index
    if loc.line is not None and loc.line >= 1:
        phys["region"] = {"startLine": loc.line}
    out: dict[str, Any] = {"physicalLocation": phys}
    logical = _logical(loc)
    if logical:
        out["logicalLocations"] = logical
    props = {k: v for k, v in loc.model_dump(exclude={"path", "raw"}).items() if v is not None}
    if props:
        out["properties"] = props
    if ident is not None:
        out["id"] = ident
    if loc.raw:
        out.setdefault("message", {"text": loc.raw[:200]})
    return out


def render_sarif(result: CheckResult) -> str:
    from .._check import REGISTRY

    rules = [REGISTRY[code] for code in sorted(REGISTRY)]
    rule_index = {r.code: i for i, r in enumerate(rules)}
    artifacts: list[dict[str, Any]] = []
    artifact_index: dict[str, int] = {}
    for status in result.inputs:
        art: dict[str, Any] = {"location": {"uri": status.path}}
        if status.sha256:
            art["hashes"] = {"sha-256": status.sha256}
        artifact_index[status.path] = len(artifacts)
        artifacts.append(art)
    results = []
    for f in result.findings:
        index = artifact_index.get(f.path)
        res: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": rule_index.get(f.code, -1),
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [_location(f.location, f.path, index)],
            "properties": {
                "name": f.name,
                "category": f.category,
                "confidence": f.confidence,
                "indicator": f.indicator,
                "ctx": f.ctx,
            },
        }
        if f.related:
            res["relatedLocations"] = [
                _location(r, f.path, index, ident=i + 1) for i, r in enumerate(f.related)
            ]
        if res["ruleIndex"] < 0:
            del res["ruleIndex"]
        results.append(res)
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{s.path}: [{s.error.code}] {s.error.message}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": s.path}}}],
        }
        for s in result.inputs
        if s.error is not None
    ]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ita-parse",
                        "version": __version__,
                        "rules": [
                            {
                                "id": r.code,
                                "name": r.name,
                                "shortDescription": {"text": r.description.split(". ")[0].rstrip(".") + "."},
                                "fullDescription": {"text": r.description},
                                "help": {"text": f"{r.description} Basis: {r.basis}."},
                                "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
                                "properties": {
                                    "category": r.category,
                                    "tags": list(r.all_tags()),
                                    "confidence": r.confidence,
                                },
                            }
                            for r in rules
                        ],
                    }
                },
                "artifacts": artifacts,
                "results": results,
                "invocations": [
                    {
                        "executionSuccessful": all(s.error is None for s in result.inputs),
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def render(result: CheckResult, fmt: str, *, color: bool = False) -> str:
    if fmt == "text":
        return render_text(result, color=color)
    if fmt == "json":
        return render_json(result)
    if fmt == "jsonl":
        return "".join(line + "\n" for line in render_jsonl(result))
    if fmt == "sarif":
        return render_sarif(result)
    raise ValueError(f"unknown format {fmt!r}")
