"""Arithmetic: the report's scores against the formulas that make them.

Published scores have two decimals, so a printed result may differ from the
formula over printed inputs by what rounding explains (see ``tolerance``)
and no more.
"""

from __future__ import annotations

from collections.abc import Iterator
from statistics import fmean

from ..._findings import Finding
from ..._framework import min_confidence
from ..._model import Provenance
from .._context import Context, agrees, tolerance
from .._rule import Rule, fmt


def _sources(ctx: Context, n: int) -> list[Provenance]:
    ind = ctx.report.indicator(n)
    return list(ind.sources) if ind else []


class IndicatorNotItemMean(Rule):
    code = "ITA101"
    name = "indicator-not-mean-of-items"
    category = "arithmetic"
    severity = "error"
    confidence = "high"
    basis = "IIT indicator = plain mean of its items (per year; high for 2568, medium before)"
    description = (
        "An IIT indicator's score is not the mean of its items as the items table prints them. "
        "The year's framework says which items make which indicator and how sure that is; EIT "
        "indicators are never checked against the displayed e-items (they include data not shown)."
    )
    template = "indicator {indicator} is {actual} but the mean of its items {items} is {expected}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        fw = ctx.framework
        if fw is None:
            return
        for n in sorted(ctx.value):
            mean = ctx.item_mean(n)
            if mean is None:
                continue
            value = ctx.value[n]
            computed, codes = mean
            if agrees(value, computed, [1.0]):
                continue
            spec = fw.indicators[n]
            conf = min_confidence(spec.score_rule_confidence, spec.items_confidence)
            ind = ctx.report.indicator(n)
            location = next((s for s in ind.sources if s.value == value), None) if ind else None
            items = [i.provenance for i in ctx.report.items if i.code in codes]
            yield self.finding(
                ctx,
                location=location,
                related=items,
                indicator=n,
                confidence=conf,
                actual=fmt(value),
                expected=fmt(computed),
                items=f"{codes[0]}–{codes[-1]}",
                tolerance=tolerance([1.0]),
                item_scores={c: ctx.item_scores().get(c) for c in codes},
            )


class OitIndicatorNotSubMean(Rule):
    code = "ITA102"
    name = "oit-indicator-not-mean-of-sub-indicators"
    category = "arithmetic"
    severity = "error"
    confidence = "high"
    basis = "OIT indicator = mean of its sub-indicator means (high for 2564; groupings vary by year)"
    description = (
        "An OIT indicator's score is not the mean of its sub-indicator means. Checked only for years "
        "whose sub-indicator grouping is known at medium confidence or better."
    )
    template = "indicator {indicator} is {actual} but the mean of its sub-indicator means is {expected}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        fw = ctx.framework
        if fw is None:
            return
        scores = ctx.item_scores()
        for n, spec in sorted(fw.indicators.items()):
            if (
                spec.score_rule != "mean-of-sub-indicator-means"
                or not spec.sub_indicators
                or n not in ctx.value
            ):
                continue
            conf = min_confidence(
                spec.score_rule_confidence, *(s.confidence for s in spec.sub_indicators.values())
            )
            if conf not in ("medium", "medium-high", "high"):
                continue  # the grouping is not known well enough to check
            subs: dict[str, float] = {}
            for key, sub in spec.sub_indicators.items():
                values = [scores.get(c) for c in sub.items]
                if not values or any(v is None for v in values):
                    break
                subs[key] = fmean(v for v in values if v is not None)
            else:
                computed = fmean(subs.values())
                value = ctx.value[n]
                if agrees(value, computed, [1.0]):
                    continue
                ind = ctx.report.indicator(n)
                location = next((s for s in ind.sources if s.value == value), None) if ind else None
                yield self.finding(
                    ctx,
                    location=location,
                    indicator=n,
                    confidence=conf,
                    actual=fmt(value),
                    expected=fmt(computed),
                    sub_indicators={k: round(v, 4) for k, v in subs.items()},
                    tolerance=tolerance([1.0]),
                )


class ToolNotIndicatorMean(Rule):
    code = "ITA103"
    name = "tool-not-mean-of-indicators"
    category = "arithmetic"
    severity = "error"
    confidence = "high"
    basis = "tool score = plain mean of its indicators (high for 2564 and 2568, medium otherwise)"
    description = (
        "A tool score (IIT, EIT, OIT) is not the mean of its indicators. Where an indicator is printed "
        "with two values, the value the report's arithmetic supports is used (the dispute itself is ITA201)."
    )
    template = "{tool} is {actual} but the mean of indicators {indicators} is {expected}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        conf = ctx.framework.tool_rule_confidence if ctx.framework else "medium"
        for tool in ("IIT", "EIT", "OIT"):
            printed = ctx.report.tool_scores.get(tool)
            computed = ctx.tool_mean(tool)
            if printed is None or computed is None:
                continue
            nums = ctx.tool_indicators(tool)
            if agrees(printed, computed, [1.0]):
                continue
            srcs = ctx.report.tool_sources.get(tool, [])
            related = [src for n in nums for src in _sources(ctx, n)[:1]]
            yield self.finding(
                ctx,
                location=srcs[0] if srcs else None,
                related=related,
                confidence=conf,
                tool=tool,
                actual=fmt(printed),
                expected=fmt(computed),
                indicators=f"{nums[0]}–{nums[-1]}",
                values={n: ctx.value.get(n) for n in nums},
                tolerance=tolerance([1.0]),
            )


class TotalNotWeightedSum(Rule):
    code = "ITA104"
    name = "total-not-weighted-sum"
    category = "arithmetic"
    severity = "error"
    confidence = "high"
    basis = "total = 0.3·IIT + 0.3·EIT + 0.4·OIT (high, every year)"
    description = (
        "The total ITA score is not 0.3·IIT + 0.3·EIT + 0.4·OIT of the tool scores (the tool scores the "
        "report prints; where it prints none, the means of its indicators)."
    )
    template = "the total is {actual} but 0.3·IIT + 0.3·EIT + 0.4·OIT = {expected}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        total = ctx.total
        if total is None:
            return
        weights = ctx.weights()
        tools: dict[str, float] = {}
        for tool in ("IIT", "EIT", "OIT"):
            value = ctx.tool(tool)
            if value is None:
                return
            tools[tool] = value
        computed = sum(weights[t] * v for t, v in tools.items())
        if agrees(total, computed, list(weights.values())):
            return
        srcs = [
            s
            for s in ctx.report.total_sources
            if s.value is not None and round(s.value, 2) == round(total, 2)
        ]
        related = [s for t in tools for s in ctx.report.tool_sources.get(t, [])[:1]]
        yield self.finding(
            ctx,
            location=srcs[0] if srcs else None,
            related=related,
            actual=fmt(total),
            expected=fmt(computed),
            tools=tools,
            weights=weights,
            tolerance=tolerance(list(weights.values())),
        )


class ClaimedChangeMismatch(Rule):
    code = "ITA105"
    name = "claimed-change-mismatch"
    category = "arithmetic"
    severity = "error"
    confidence = "high"
    basis = "change = this total − the previous total the report itself states"
    description = (
        'The change against the previous year that the text claims ("สูงกว่าปีที่ผ่านมา 0.78 คะแนน") is '
        "not the difference between this year's total and the previous total the text states."
    )
    template = "the text claims a change of {actual} but {total} − {previous} = {expected}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        prev = ctx.report.previous
        total = ctx.total
        if prev is None or prev.claimed_change is None or prev.total_score is None or total is None:
            return
        computed = total - prev.total_score
        if agrees(prev.claimed_change, computed, [1.0, 1.0]):
            return
        yield self.finding(
            ctx,
            location=prev.provenance,
            related=ctx.report.total_sources[:1],
            actual=f"{prev.claimed_change:+.2f}",
            expected=f"{computed:+.2f}",
            total=fmt(total),
            previous=fmt(prev.total_score),
            tolerance=tolerance([1.0, 1.0]),
        )


__all__ = [
    "ClaimedChangeMismatch",
    "IndicatorNotItemMean",
    "OitIndicatorNotSubMean",
    "ToolNotIndicatorMean",
    "TotalNotWeightedSum",
]
