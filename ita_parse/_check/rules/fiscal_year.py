"""Fiscal years: plan periods, the assessed and previous years, years in item titles."""

from __future__ import annotations

from collections.abc import Iterator

from ..._dates import find_be_years, fiscal_year_of, fiscal_year_range
from ..._findings import Finding
from ..._model import Provenance
from .._context import Context
from .._rule import Rule

#: B.E. years an ITA document can plausibly name (the 10-indicator ITA began in 2562)
PLAUSIBLE_BE = range(2500, 2701)


def _row_prov(prov: Provenance, field: str) -> Provenance:
    return prov.model_copy(update={"field": field})


class PlanPeriodOutsideFiscalYear(Rule):
    code = "ITA301"
    name = "plan-period-outside-fiscal-year"
    category = "fiscal-year"
    severity = "error"
    basis = "fiscal year N = 1 Oct N−1 … 30 Sep N (Budget Procedure Act)"
    description = (
        "A plan row's period starts before or ends after the fiscal year the document is for "
        "(fiscal year N runs from 1 October N−1 to 30 September N)."
    )
    template = (
        "plan row {row} (indicator {indicator}) runs {start} – {end}, which is fiscal year {period_fy}, "
        "outside fiscal year {fiscal_year} ({fy_start} – {fy_end})"
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        fy = ctx.report.fiscal_year
        if fy is None or fy not in PLAUSIBLE_BE:
            return
        fy_start, fy_end = fiscal_year_range(fy)
        for k, row in enumerate(ctx.report.plan, start=1):
            p = row.period
            if p is None or (p.start is None and p.end is None):
                continue
            start, end = p.start or p.end, p.end or p.start
            assert start is not None and end is not None
            if fy_start <= start and end <= fy_end:
                continue
            period_fy = fiscal_year_of(start)
            label = (
                str(period_fy) if fiscal_year_of(end) == period_fy else f"{period_fy}–{fiscal_year_of(end)}"
            )
            yield self.finding(
                ctx,
                location=_row_prov(row.provenance, "period"),
                indicator=row.indicator,
                row=k,
                start=start.isoformat(),
                end=end.isoformat(),
                period_fy=label,
                fiscal_year=fy,
                fy_start=fy_start.isoformat(),
                fy_end=fy_end.isoformat(),
                period=p.text,
                expected=[fy_start.isoformat(), fy_end.isoformat()],
                actual=[start.isoformat(), end.isoformat()],
            )


class PlanPeriodReversed(Rule):
    code = "ITA302"
    name = "plan-period-reversed"
    category = "fiscal-year"
    severity = "error"
    basis = "a period ends after it starts"
    description = "A plan row's period ends before it starts."
    template = "plan row {row} (indicator {indicator}) ends on {end}, before it starts on {start}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for k, row in enumerate(ctx.report.plan, start=1):
            p = row.period
            if p is not None and p.start and p.end and p.end < p.start:
                yield self.finding(
                    ctx,
                    location=_row_prov(row.provenance, "period"),
                    indicator=row.indicator,
                    row=k,
                    start=p.start.isoformat(),
                    end=p.end.isoformat(),
                    period=p.text,
                )


class AssessedYearNotPrevious(Rule):
    code = "ITA303"
    name = "assessed-year-not-fiscal-minus-one"
    category = "fiscal-year"
    severity = "error"
    confidence = "medium"
    basis = "a plan for FY N analyses the ITA result of N−1 (the genre's usual practice, medium)"
    description = (
        "The ITA round whose result the document reports is not the year before the fiscal year the "
        "document is for."
    )
    template = (
        "the document is for fiscal year {fiscal_year} "
        "but reports the ITA result of {actual} (expected {expected})"
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        fy, ay = ctx.report.fiscal_year, ctx.report.assessed_year
        if fy is None or ay is None or ay == fy - 1 or fy not in PLAUSIBLE_BE or ay not in PLAUSIBLE_BE:
            return
        src = ctx.report.year_sources.get("assessed", [])
        related = ctx.report.year_sources.get("fiscal", [])
        yield self.finding(
            ctx,
            location=src[0] if src else None,
            related=related[:1],
            fiscal_year=fy,
            actual=ay,
            expected=fy - 1,
        )


class PreviousYearMismatch(Rule):
    code = "ITA304"
    name = "previous-year-mismatch"
    category = "fiscal-year"
    severity = "error"
    basis = "the previous round is the year before the assessed one"
    description = (
        "The year the text gives for the previous result is not the year before the assessed year "
        "(e.g. the previous score labelled with the assessed year itself)."
    )
    template = (
        "the previous result is labelled {actual}, but the assessed year is {assessed} "
        "so the previous one is {expected}"
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        prev, ay = ctx.report.previous, ctx.report.assessed_year
        if prev is None or prev.assessed_year is None or ay is None or prev.assessed_year == ay - 1:
            return
        src = ctx.report.year_sources.get("assessed", [])
        yield self.finding(
            ctx,
            location=prev.provenance,
            related=src[:1],
            actual=prev.assessed_year,
            assessed=ay,
            expected=ay - 1,
        )


class AssessedYearInconsistent(Rule):
    code = "ITA305"
    name = "assessed-year-inconsistent"
    category = "fiscal-year"
    severity = "error"
    basis = "one report reports one ITA round"
    description = (
        "The sentences that state which ITA round the report gives the result of name different years."
    )
    template = "the result is said to be of {actual} here but of {expected} in {count} other place(s)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        srcs = [s for s in ctx.report.year_sources.get("assessed", []) if s.value is not None]
        years = {int(s.value) for s in srcs if s.value is not None}
        if len(years) < 2:
            return
        main = ctx.report.assessed_year
        # a sentence that names the year twice is one place, reported once
        places: dict[tuple[object, ...], Provenance] = {}
        for s in srcs:
            places.setdefault((s.page, s.line, s.paragraph, s.table, s.value), s)
        others = [o for o in places.values() if o.value == main]
        for s in places.values():
            if s.value is not None and int(s.value) != main:
                yield self.finding(
                    ctx, location=s, related=others, actual=int(s.value), expected=main, count=len(others)
                )


class ImpossibleYear(Rule):
    code = "ITA306"
    name = "impossible-year"
    category = "fiscal-year"
    severity = "error"
    basis = "B.E. years of ITA documents lie between 2500 and 2700"
    description = (
        "A year that cannot be a B.E. year of an ITA document: a B.E. year converted twice (3105), or a "
        "C.E. year where B.E. is meant (2025)."
    )
    template = "{what} is {actual}, which cannot be a B.E. year here{hint}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        r = ctx.report
        places: list[tuple[str, int, Provenance | None]] = []
        for kind, srcs in r.year_sources.items():
            for s in srcs:
                if s.value is not None:
                    places.append((f"the {kind} year", int(s.value), s))
        if r.previous and r.previous.assessed_year is not None:
            places.append(("the previous result's year", r.previous.assessed_year, r.previous.provenance))
        for item in r.items:
            for year, _, _ in find_be_years(item.text):
                places.append((f"the year in item {item.code}", year, item.provenance))
        for k, row in enumerate(r.plan, start=1):
            if row.period:
                for year, _, _ in find_be_years(row.period.text):
                    places.append(
                        (f"the year in plan row {k}'s period", year, _row_prov(row.provenance, "period"))
                    )
        seen: set[tuple[str, int]] = set()
        for what, year, prov in places:
            if year in PLAUSIBLE_BE or (what, year) in seen:
                continue
            seen.add((what, year))
            hint = ""
            if year - 543 in PLAUSIBLE_BE:
                hint = f" (it looks like a B.E. year converted twice: {year - 543})"
            elif year + 543 in PLAUSIBLE_BE:
                hint = f" (it looks like a C.E. year: B.E. {year + 543})"
            yield self.finding(ctx, location=prov, what=what, actual=year, hint=hint)


class ItemTitleYear(Rule):
    code = "ITA307"
    name = "item-title-year"
    category = "fiscal-year"
    severity = "error"
    confidence = "medium"
    basis = "OIT titles name the assessed year or the one before (2568 evidence, medium)"
    description = (
        "A year in an OIT item title is neither the assessed year nor the year before it, or is the "
        "wrong one of the two for that item (plans and lists name the assessed year, reports of results "
        "the year before)."
    )
    template = "item {code} names {actual} but the assessed year is {assessed}: expected {expected}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        fw, ay = ctx.framework, ctx.report.assessed_year
        if fw is None or ay is None or not fw.title_year_offsets:
            return
        for item in ctx.report.items:
            for year, _, _ in find_be_years(item.text):
                if year not in PLAUSIBLE_BE:
                    continue  # ITA306
                offset = year - ay
                rule = fw.title_year_rule.get(item.code)
                if offset not in fw.title_year_offsets:
                    allowed = " or ".join(str(ay + o) for o in sorted(fw.title_year_offsets, reverse=True))
                    yield self.finding(
                        ctx,
                        location=item.provenance,
                        code=item.code,
                        actual=year,
                        assessed=ay,
                        expected=allowed,
                        confidence=fw.title_year_offsets_confidence or "low",
                    )
                elif rule is not None:
                    want = ay if rule == "assessed" else ay - 1
                    if year != want:
                        yield self.finding(
                            ctx,
                            location=item.provenance,
                            code=item.code,
                            actual=year,
                            assessed=ay,
                            expected=want,
                            confidence=fw.title_year_rule_confidence or "low",
                        )


__all__ = [
    "AssessedYearInconsistent",
    "AssessedYearNotPrevious",
    "ImpossibleYear",
    "ItemTitleYear",
    "PlanPeriodOutsideFiscalYear",
    "PlanPeriodReversed",
    "PreviousYearMismatch",
]
