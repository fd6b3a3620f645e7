"""What every rule needs to know about one report.

The context resolves disputed scores once, for all rules: when a report
prints one indicator's score differently in different places, the value
that the report's own arithmetic supports (item mean, tool mean, total) is
the one arithmetic rules use, so one dispute gives one cross-table finding
and not a second, arithmetic one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import fmean

from .. import _framework
from .._framework import YearFramework
from .._model import Provenance, Report

#: half a unit of the last printed decimal: published scores have 2 decimals
HALF_UNIT = 0.005
EPS = 1e-9


def tolerance(weights: list[float]) -> float:
    """How far a printed result may lie from the same formula over printed inputs.

    Each input may be off by half a unit through rounding and so may the result:
    half a unit times (1 + the sum of the absolute weights).
    """
    return HALF_UNIT * (1.0 + sum(abs(w) for w in weights)) + EPS


def agrees(printed: float, computed: float, weights: list[float]) -> bool:
    return abs(printed - computed) <= tolerance(weights)


@dataclass(frozen=True)
class Peer:
    """Another report of the same agency, as cross-report rules need it (from a database)."""

    path: str
    agency: str
    province: str | None
    assessed_year: int | None
    total_score: float | None
    level: str | None = None
    tools: dict[str, float | None] = field(default_factory=dict)
    indicators: dict[int, float | None] = field(default_factory=dict)


@dataclass
class Dispute:
    """An indicator printed with different values in different places."""

    indicator: int
    values: dict[float, list[Provenance]]
    supported: float | None
    supported_by: list[str] = field(default_factory=list)


@dataclass
class Context:
    report: Report
    framework: YearFramework | None
    #: the value arithmetic uses for each indicator
    value: dict[int, float] = field(default_factory=dict)
    disputes: dict[int, Dispute] = field(default_factory=dict)
    #: the total arithmetic uses (the one the tools support when the report prints several)
    total: float | None = None
    #: the agency's other reports (None: no database given, cross-report rules stay silent)
    peers: list[Peer] | None = None
    #: names of several agencies that matched this one ambiguously
    ambiguous_agencies: list[str] = field(default_factory=list)

    @classmethod
    def of(
        cls, report: Report, peers: list[Peer] | None = None, ambiguous: list[str] | None = None
    ) -> Context:
        ctx = cls(
            report=report,
            framework=_framework.framework_for(report.assessed_year),
            peers=peers,
            ambiguous_agencies=list(ambiguous or []),
        )
        for ind in report.indicators:
            if ind.score is not None:
                ctx.value[ind.number] = ind.score
        ctx._resolve_disputes()
        ctx.total = ctx._resolve_total()
        return ctx

    def tool(self, tool: str) -> float | None:
        """The tool score arithmetic above the tools uses.

        The printed score, unless it disagrees with the mean of its indicators: then
        that mean, so one wrong tool score gives one finding (ITA103) and not a second
        one on the total.
        """
        printed = self.report.tool_scores.get(tool)
        mean = self.tool_mean(tool)
        if printed is not None and (mean is None or agrees(printed, mean, [1.0])):
            return printed
        return mean

    def _resolve_total(self) -> float | None:
        srcs = [s for s in self.report.total_sources if s.value is not None]
        printed = {round(s.value, 2) for s in srcs if s.value is not None}
        if len(printed) < 2:
            return self.report.total_score
        weights = self.weights()
        tools = {t: self.tool(t) for t in ("IIT", "EIT", "OIT")}
        if any(v is None for v in tools.values()):
            return self.report.total_score
        computed = sum(weights[t] * v for t, v in tools.items() if v is not None)
        fitting = [v for v in printed if agrees(v, computed, list(weights.values()))]
        return fitting[0] if len(fitting) == 1 else self.report.total_score

    # -- arithmetic views ------------------------------------------------------

    def tool_indicators(self, tool: str) -> list[int]:
        if self.framework is not None:
            return list(self.framework.indicators_of_tool(tool))
        return [n for n in range(1, 11) if _framework.indicator_tool(n) == tool]

    def weights(self) -> dict[str, float]:
        return self.framework.weights if self.framework is not None else _framework.total_weights()

    def tool_mean(self, tool: str, values: dict[int, float] | None = None) -> float | None:
        values = self.value if values is None else values
        nums = self.tool_indicators(tool)
        if not nums or any(n not in values for n in nums):
            return None
        return fmean(values[n] for n in nums)

    def item_mean(self, indicator: int) -> tuple[float, list[str]] | None:
        """Mean of the indicator's items, when the year's framework says it is one."""
        fw = self.framework
        if fw is None or indicator not in fw.indicators:
            return None
        spec = fw.indicators[indicator]
        if spec.score_rule != "mean-of-items" or spec.tool == "EIT":
            # EIT indicators are not means of the displayed e-items (ita-framework §8)
            return None
        scores = self.item_scores()
        codes = list(spec.items)
        if not codes or any(scores.get(c) is None for c in codes):
            return None
        return fmean(scores[c] for c in codes), codes  # type: ignore[misc]

    def item_scores(self) -> dict[str, float | None]:
        out: dict[str, float | None] = {}
        for item in self.report.items:
            out.setdefault(item.code, item.score)
        return out

    # -- disputes --------------------------------------------------------------

    def _resolve_disputes(self) -> None:
        for ind in self.report.indicators:
            by_value: dict[float, list[Provenance]] = {}
            for src in ind.sources:
                if src.value is not None:
                    by_value.setdefault(round(src.value, 2), []).append(src)
            if len(by_value) < 2:
                continue
            support: dict[float, list[str]] = {}
            for candidate in by_value:
                support[candidate] = self._support(ind.number, candidate)
            best = max(len(v) for v in support.values())
            winners = [v for v, why in support.items() if len(why) == best]
            supported = winners[0] if best > 0 and len(winners) == 1 else None
            self.disputes[ind.number] = Dispute(
                ind.number, by_value, supported, support.get(supported, []) if supported is not None else []
            )
            if supported is not None:
                self.value[ind.number] = supported

    def _support(self, n: int, candidate: float) -> list[str]:
        """The report's own relations that hold when indicator ``n`` is ``candidate``."""
        why: list[str] = []
        values = dict(self.value)
        values[n] = candidate
        mean = self.item_mean(n)
        if mean is not None and agrees(candidate, mean[0], [1.0]):
            why.append(f"mean of items {mean[1][0]}–{mean[1][-1]} = {mean[0]:.2f}")
        tool = _framework.indicator_tool(n)
        printed_tool = self.report.tool_scores.get(tool)
        computed = self.tool_mean(tool, values)
        if printed_tool is not None and computed is not None and agrees(printed_tool, computed, [1.0]):
            nums = self.tool_indicators(tool)
            why.append(f"{tool} {printed_tool:.2f} = mean of indicators {nums[0]}–{nums[-1]}")
        total = self.report.total_score
        if total is not None and all(k in values for k in range(1, 11)) and self.framework is not None:
            weighted = sum(values[k] * self.framework.indicator_weight(k) for k in range(1, 11))
            if agrees(total, weighted, [self.framework.indicator_weight(k) for k in range(1, 11)]):
                why.append(f"total {total:.2f} = weighted sum of the indicators")
        return why
