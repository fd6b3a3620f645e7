"""The rule base class and registry.

A rule is a small class with class attributes that describe it (code, name,
category, severity, the confidence of the ITA fact it rests on, a
description and a message template) and one method, ``check``, that yields
findings for a report.  The catalogue (``ita-parse rules``, docs/rules.md)
is generated from these attributes.

Codes are a family prefix plus digits and are never reused:

    ITA1xx arithmetic     ITA4xx level          ITA7xx text-quality
    ITA2xx cross-table    ITA5xx numbering      ITA8xx structure
    ITA3xx fiscal-year    ITA6xx duplicate-text ITA9xx cross-report
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from .._findings import Finding, Severity
from .._framework import confidence_rank, normalize_confidence
from .._model import Provenance

if TYPE_CHECKING:  # pragma: no cover
    from ._context import Context

DOCS_URL = "docs/rules.md"  # relative to the project; SARIF gets it as a relative help URI

#: every rule class by code, in definition order
REGISTRY: dict[str, type[Rule]] = {}


def severity_for(confidence: str, default: Severity) -> Severity:
    """A rule's severity given the confidence of the fact behind one finding.

    Only findings built on high-confidence facts keep an ``error`` severity;
    medium facts give warnings, low or open facts at most info.
    """
    conf = normalize_confidence(confidence) or "open"
    rank = confidence_rank(conf)
    if conf == "high":
        return default
    if rank >= confidence_rank("medium"):
        return "warning" if default == "error" else default
    return "info"


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]
    severity: ClassVar[Severity]
    #: confidence of the ITA fact the rule rests on ("high" for plain logic or arithmetic)
    confidence: ClassVar[str] = "high"
    #: what the rule rests on, in a few words (shown in the catalogue)
    basis: ClassVar[str] = ""
    tags: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str]
    template: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:
            return  # an abstract intermediate class
        if cls.code in REGISTRY:
            raise RuntimeError(
                f"rule code {cls.code} is used twice ({REGISTRY[cls.code].__name__}, {cls.__name__})"
            )
        REGISTRY[cls.code] = cls

    @classmethod
    def all_tags(cls) -> tuple[str, ...]:
        return (cls.category, cls.name, *cls.tags)

    @classmethod
    def url(cls) -> str:
        return f"{DOCS_URL}#{cls.code.lower()}"

    def check(self, ctx: Context) -> Iterator[Finding]:  # pragma: no cover - overridden
        raise NotImplementedError
        yield

    def finding(
        self,
        ctx: Context,
        *,
        location: Provenance | None,
        related: list[Provenance] | None = None,
        indicator: int | None = None,
        confidence: str | None = None,
        severity: Severity | None = None,
        **values: Any,
    ) -> Finding:
        """A finding of this rule; the message is the template filled with ``values``."""
        conf = confidence or self.confidence
        sev = severity or severity_for(conf, self.severity)
        message = self.template.format(indicator=indicator, **values)
        ctx_data = {k: _plain(v) for k, v in values.items()}
        return Finding(
            code=self.code,
            name=self.name,
            category=self.category,
            severity=sev,
            message=message,
            path=ctx.report.source.path,
            indicator=indicator,
            location=location or Provenance(),
            related=related or [],
            ctx=ctx_data,
            confidence=normalize_confidence(conf) or conf,
            tags=list(self.tags),
            url=self.url(),
        )


def _plain(value: Any) -> Any:
    """ctx values as JSON-friendly data."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def fmt(value: float | None) -> str:
    """A score as reports print it."""
    return "—" if value is None else f"{value:.2f}"
