"""The checker: a Report → findings, one small rule class per contradiction.

    check(source_or_report) → CheckResult(valid, inputs, stats, findings)

Rules live in ``_check/rules/<category>.py``; ``_rule.py`` has the base class
and the registry, ``_context.py`` what rules share (the year's framework,
disputed values resolved once), ``catalogue.py`` the generated docs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .._errors import InputError, UsageError
from .._findings import SEVERITY_RANK, CheckResult, ErrorInfo, Finding, InputStatus, Severity, Stats
from .._model import Report
from .._read import DEFAULT_TIMEOUT
from . import rules as _rules  # noqa: F401  (registers the rules)
from ._context import Context, Peer
from ._rule import REGISTRY, Rule

__all__ = ["REGISTRY", "Peer", "Rule", "check", "check_paths", "run_rules", "selected_rules"]


def _matches(rule: type[Rule], pattern: str) -> bool:
    p = pattern.strip()
    if not p:
        return False
    if p.upper() == "ALL" or rule.code.upper().startswith(p.upper()):
        return True
    return p.lower() in (t.lower() for t in rule.all_tags())


def _validate(patterns: Iterable[str] | None) -> list[str] | None:
    if patterns is None:
        return None
    out = [p.strip() for p in patterns if p.strip()]
    for p in out:
        if not any(_matches(r, p) for r in REGISTRY.values()):
            raise UsageError(f"no rule has the code, code prefix or tag {p!r} (see `ita-parse rules`)")
    return out


def selected_rules(
    select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
) -> list[type[Rule]]:
    """The rules that ``--select`` / ``--ignore`` leave, in code order."""
    sel, ign = _validate(select), _validate(ignore)
    out = []
    for code in sorted(REGISTRY):
        rule = REGISTRY[code]
        if sel is not None and not any(_matches(rule, p) for p in sel):
            continue
        if ign is not None and any(_matches(rule, p) for p in ign):
            continue
        out.append(rule)
    return out


def _order(f: Finding) -> tuple[int, int, int, int, int, str]:
    loc = f.location
    return (loc.page or 0, loc.line or 0, loc.paragraph or 0, loc.row or 0, f.indicator or 0, f.code)


def run_rules(
    report: Report,
    rules: list[type[Rule]] | None = None,
    *,
    peers: list[Peer] | None = None,
    ambiguous: list[str] | None = None,
) -> list[Finding]:
    """Every finding of the given rules (all rules by default) on one report.

    ``peers`` are the same agency's other reports (from a database): with them
    the cross-report rules run; ``ambiguous`` names agencies that matched
    ambiguously.
    """
    ctx = Context.of(report, peers, ambiguous)
    findings: list[Finding] = []
    for rule in rules if rules is not None else selected_rules():
        findings.extend(rule().check(ctx))
    return sorted(findings, key=_order)


def _result(inputs: list[InputStatus], findings: list[Finding], fail_on: Severity) -> CheckResult:
    rank = SEVERITY_RANK[fail_on]
    failing = any(SEVERITY_RANK[f.severity] >= rank for f in findings)
    valid = not failing and all(s.error is None for s in inputs)
    return CheckResult(valid=valid, inputs=inputs, stats=Stats.of(findings), findings=findings)


def check(
    source: Report | str | os.PathLike[str] | bytes,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    fail_on: Severity = "error",
    ocr: str = "auto",
    timeout: float | None = DEFAULT_TIMEOUT,
    peers: list[Peer] | None = None,
) -> CheckResult:
    """Check one report (a Report, or a path, bytes or text to parse) and collect every finding.

    ``peers``: the same agency's other reports, for the cross-report rules
    (normally looked up in a database of imported reports).
    """
    rules = selected_rules(select, ignore)
    if isinstance(source, Report):
        findings = run_rules(source, rules, peers=peers)
        status = InputStatus(path=source.source.path, sha256=source.source.sha256)
        return _result([status], findings, fail_on)
    status, findings = _check_one(source, rules, ocr=ocr, timeout=timeout, peers=peers)
    return _result([status], findings, fail_on)


def _check_one(
    source: str | os.PathLike[str] | bytes,
    rules: list[type[Rule]],
    *,
    ocr: str,
    timeout: float | None = DEFAULT_TIMEOUT,
    name: str | None = None,
    peers: list[Peer] | None = None,
) -> tuple[InputStatus, list[Finding]]:
    from .._api import read_document, report_of

    shown = name or (str(source) if isinstance(source, (str, os.PathLike)) else "<bytes>")
    try:
        doc = read_document(source, ocr=ocr, timeout=timeout, name=name)
    except InputError as exc:
        return InputStatus(path=exc.path or shown, error=ErrorInfo(code=exc.code, message=exc.message)), []
    report = report_of(doc)
    return InputStatus(path=doc.path, sha256=doc.sha256), run_rules(report, rules, peers=peers)


def check_paths(
    paths: list[str],
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    fail_on: Severity = "error",
    ocr: str = "auto",
    timeout: float | None = DEFAULT_TIMEOUT,
) -> CheckResult:
    """Check every file named or found in the folders named; unreadable files become input errors."""
    from .._inputs import walk

    rules = selected_rules(select, ignore)
    found = walk(paths)
    statuses: list[InputStatus] = []
    findings: list[Finding] = []
    for inp in found.inputs:
        source = inp.data if inp.data is not None else Path(inp.path)
        try:
            status, got = _check_one(source, rules, ocr=ocr, timeout=timeout, name=inp.path)
        except Exception as exc:  # an internal error on one input must not stop the others
            status = InputStatus(
                path=inp.path, error=ErrorInfo(code="internal-error", message=f"{type(exc).__name__}: {exc}")
            )
            got = []
        statuses.append(status)
        findings.extend(got)
    return _result(statuses, findings, fail_on)
