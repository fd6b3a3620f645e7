"""Structure: what a report should contain and does not."""

from __future__ import annotations

from collections.abc import Iterator

from ... import _framework
from ..._findings import Finding
from .._context import Context
from .._rule import Rule


class NotAReport(Rule):
    code = "ITA801"
    name = "not-an-ita-report"
    category = "structure"
    severity = "error"
    basis = "an ITA report states at least a score, an indicator or a plan"
    description = (
        "Nothing in the input is part of an ITA report: no total, level, indicator, item, analysis or plan "
        "row was found. (Reported by `check`; `parse` exits with code 2 instead.)"
    )
    template = "no part of an ITA report was found in this input"

    def check(self, ctx: Context) -> Iterator[Finding]:
        from ..._api import is_empty

        if is_empty(ctx.report):
            yield self.finding(ctx, location=None)


_PARTS = {
    "summary": "the summary table of indicator scores",
    "items": "the items table",
    "analyses": "the analysis of the indicators",
    "plan": "the improvement plan table",
}


class MissingPart(Rule):
    code = "ITA802"
    name = "missing-part"
    category = "structure"
    severity = "warning"
    confidence = "low"
    basis = "what an improvement report usually holds (genre, low confidence)"
    description = (
        "A report that has some of the usual parts (summary table, items table, analyses, plan) lacks "
        "another. Web announcements that state only a total and a level are not reports of this kind and "
        "are not flagged."
    )
    template = "the report has {have} but no {missing}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        r = ctx.report
        have = {
            "summary": any(s.table == "summary" for i in r.indicators for s in i.sources),
            "items": bool(r.items),
            "analyses": bool(r.analyses),
            "plan": bool(r.plan),
        }
        if sum(have.values()) < 2:
            return
        for part, present in have.items():
            if not present:
                yield self.finding(
                    ctx,
                    location=None,
                    have=", ".join(k for k, v in have.items() if v),
                    missing=_PARTS[part],
                    part=part,
                )


class IndicatorMissingFromPart(Rule):
    code = "ITA803"
    name = "indicator-missing-from-part"
    category = "structure"
    severity = "warning"
    confidence = "low"
    basis = "every indicator is analysed (genre, low confidence)"
    description = "The analysis covers some indicators but not all ten."
    template = "the analysis has no section for indicator(s) {missing}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        got = {a.indicator for a in ctx.report.analyses}
        if not got:
            return
        missing = [n for n in range(1, 11) if n not in got]
        if missing:
            yield self.finding(
                ctx,
                location=ctx.report.analyses[0].provenance,
                missing=", ".join(map(str, missing)),
                actual=sorted(got),
            )


class ScoreNotRead(Rule):
    code = "ITA804"
    name = "score-not-read"
    category = "structure"
    severity = "warning"
    basis = "every item row has a score"
    description = "A row of the items table has no score that reads as a number from 0 to 100."
    template = "item {code} has no score that reads as a number"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for item in ctx.report.items:
            if item.score is None:
                yield self.finding(ctx, location=item.provenance, indicator=item.indicator, code=item.code)


class FrameworkUnknown(Rule):
    code = "ITA805"
    name = "framework-unknown"
    category = "structure"
    severity = "info"
    basis = "the years whose ITA framework is known (2562–2568)"
    description = (
        "The year whose ITA result the report gives is unknown or has no known framework, so the checks "
        "that need that year's item numbering, weights or rating labels were skipped."
    )
    template = "{what}; checks that need the year's framework were skipped"

    def check(self, ctx: Context) -> Iterator[Finding]:
        r = ctx.report
        if ctx.framework is not None or not (r.indicators or r.items or r.level):
            return
        if r.assessed_year is None:
            what = "the report does not say which ITA round it reports"
        else:
            known = _framework.known_years()
            what = f"the ITA framework of {r.assessed_year} is not known (known: {known[0]}–{known[-1]})"
        yield self.finding(ctx, location=None, what=what, year=r.assessed_year)


__all__ = ["FrameworkUnknown", "IndicatorMissingFromPart", "MissingPart", "NotAReport", "ScoreNotRead"]
