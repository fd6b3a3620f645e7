"""Findings: what `ita_parse.check` returns (data only; the rules live in ``_check``)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ._model import SCHEMA_VERSION, Provenance

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {"error": 3, "warning": 2, "info": 1}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Finding(_Model):
    code: str = Field(description="Stable rule code, e.g. 'ITA101'; never reused.")
    name: str = Field(description="Kebab-case rule name, e.g. 'indicator-score-mismatch'.")
    category: str = Field(description="arithmetic, cross-table, fiscal-year, level, numbering, ...")
    severity: Severity
    message: str
    path: str = Field(description="The input file.")
    indicator: int | None = None
    location: Provenance = Field(default_factory=Provenance)
    related: list[Provenance] = Field(default_factory=list)
    ctx: dict[str, Any] = Field(default_factory=dict)
    # extensions
    confidence: str = Field(default="high", description="Extension: confidence of the ITA fact used.")
    tags: list[str] = Field(default_factory=list, description="Extension: the rule's tags.")
    url: str | None = Field(default=None, description="Extension: the rule's documentation.")


class ErrorInfo(_Model):
    code: str
    message: str


class InputStatus(_Model):
    path: str
    sha256: str | None = None
    error: ErrorInfo | None = None


class Stats(_Model):
    error: int = 0
    warning: int = 0
    info: int = 0
    by_code: dict[str, int] = Field(default_factory=dict)

    @classmethod
    def of(cls, findings: list[Finding]) -> Stats:
        stats = cls()
        for f in findings:
            setattr(stats, f.severity, getattr(stats, f.severity) + 1)
            stats.by_code[f.code] = stats.by_code.get(f.code, 0) + 1
        stats.by_code = dict(sorted(stats.by_code.items()))
        return stats


class CheckResult(_Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    valid: bool = True
    inputs: list[InputStatus] = Field(default_factory=list)
    stats: Stats = Field(default_factory=Stats)
    findings: list[Finding] = Field(default_factory=list)

    def at_or_above(self, severity: Severity) -> list[Finding]:
        """The findings at least as severe as ``severity``."""
        rank = SEVERITY_RANK[severity]
        return [f for f in self.findings if SEVERITY_RANK[f.severity] >= rank]
