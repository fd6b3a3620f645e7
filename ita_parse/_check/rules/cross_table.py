"""Cross-table: one score printed in several places must be the same everywhere."""

from __future__ import annotations

from collections.abc import Iterator

from ... import _framework
from ..._findings import Finding
from ..._model import Provenance
from .._context import Context
from .._rule import Rule, fmt

_PLACE = {
    "summary": "the summary table",
    "items": "the items table",
    "analysis": "the analysis",
    "plan": "the plan table",
    "intro": "the introduction",
    "title": "the title",
}


def _places(srcs: list[Provenance]) -> str:
    names: list[str] = []
    for s in srcs:
        name = _PLACE.get(s.table or "", s.table or "the text")
        if name not in names:
            names.append(name)
    if len(names) <= 1:
        return names[0] if names else "the text"
    return ", ".join(names[:-1]) + " and " + names[-1]


def _squash(text: str) -> str:
    return "".join(text.split())


class IndicatorScoreMismatch(Rule):
    code = "ITA201"
    name = "indicator-score-mismatch"
    category = "cross-table"
    severity = "error"
    basis = "one indicator has one score"
    description = (
        "An indicator's score differs between the places the report prints it (summary table, items-table "
        "heading, analysis heading, plan table). The finding points at the value the report's own "
        "arithmetic does not support, lists every other place as related, and says which value the "
        "arithmetic supports (item mean, tool mean, total)."
    )
    template = "indicator {indicator} is {actual} in {where} but {others} in {elsewhere}{support}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for n, dispute in sorted(ctx.disputes.items()):
            values = dispute.values
            if dispute.supported is not None:
                odd = [v for v in values if v != dispute.supported]
                actual = odd[0]
                expected = dispute.supported
            else:
                # no arithmetic decides: point at the least printed value
                ordered = sorted(values, key=lambda v: (len(values[v]), v))
                actual, expected = ordered[0], ordered[-1]
            location = values[actual][0]
            related = [s for v, srcs in values.items() for s in srcs if s is not location]
            others = sorted(v for v in values if v != actual)
            support = (
                f"; the arithmetic supports {fmt(dispute.supported)} ({'; '.join(dispute.supported_by)})"
                if dispute.supported is not None
                else "; the arithmetic decides neither"
            )
            yield self.finding(
                ctx,
                location=location,
                related=related,
                indicator=n,
                actual=fmt(actual),
                where=_places(values[actual]),
                others=" / ".join(fmt(v) for v in others),
                elsewhere=_places([s for v in others for s in values[v]]),
                support=support,
                expected=None if dispute.supported is None else fmt(expected),
                supported=None if dispute.supported is None else dispute.supported,
                supported_by=dispute.supported_by,
                values={fmt(v): [s.table for s in srcs] for v, srcs in values.items()},
            )


class _PrintedTwice(Rule):
    """A report-level score printed in several places with different values."""

    def disagreement(
        self, ctx: Context, srcs: list[Provenance], what: str, expected: float | None
    ) -> Iterator[Finding]:
        by_value: dict[float, list[Provenance]] = {}
        for s in srcs:
            if s.value is not None:
                by_value.setdefault(round(s.value, 2), []).append(s)
        if len(by_value) < 2:
            return
        if expected is not None and expected in by_value:
            actual = next(v for v in by_value if v != expected)
        else:
            actual = sorted(by_value, key=lambda v: (len(by_value[v]), v))[0]
            expected = None
        location = by_value[actual][0]
        related = [s for s in srcs if s is not location]
        others = [v for v in by_value if v != actual]
        yield self.finding(
            ctx,
            location=location,
            related=related,
            what=what,
            actual=fmt(actual),
            where=_places(by_value[actual]),
            others=" / ".join(fmt(v) for v in others),
            elsewhere=_places([s for v in others for s in by_value[v]]),
            expected=fmt(expected) if expected is not None else None,
            values={fmt(v): [s.table for s in ss] for v, ss in by_value.items()},
        )


class TotalScoreMismatch(_PrintedTwice):
    code = "ITA202"
    name = "total-score-mismatch"
    category = "cross-table"
    severity = "error"
    basis = "one report has one total"
    description = "The total ITA score differs between the places the report states it."
    template = "the {what} is {actual} in {where} but {others} in {elsewhere}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        expected = None
        weights = ctx.weights()
        tools = {t: ctx.report.tool_scores.get(t) for t in ("IIT", "EIT", "OIT")}
        if all(v is not None for v in tools.values()):
            expected = round(sum(weights[t] * v for t, v in tools.items() if v is not None), 2)
        yield from self.disagreement(ctx, ctx.report.total_sources, "total score", expected)


class ToolScoreMismatch(_PrintedTwice):
    code = "ITA203"
    name = "tool-score-mismatch"
    category = "cross-table"
    severity = "error"
    basis = "one tool has one score"
    description = "A tool score (IIT, EIT, OIT) differs between the places the report states it."
    template = "the {what} is {actual} in {where} but {others} in {elsewhere}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for tool, srcs in sorted(ctx.report.tool_sources.items()):
            mean = ctx.tool_mean(tool)
            yield from self.disagreement(
                ctx, srcs, f"{tool} score", round(mean, 2) if mean is not None else None
            )


class IndicatorNameMismatch(Rule):
    code = "ITA205"
    name = "indicator-name-mismatch"
    category = "cross-table"
    severity = "info"
    basis = "indicator names (high); spacing from line wraps ignored; known variants allowed"
    description = (
        "The same indicator is named differently in two places, beyond line-wrap spaces and the "
        "variants seen in real reports."
    )
    template = "indicator {indicator} is named “{actual}” in {where} but “{expected}” in the framework"

    def check(self, ctx: Context) -> Iterator[Finding]:
        names: list[tuple[int, str, Provenance]] = []
        for row in ctx.report.plan:
            names.append((row.indicator, row.indicator_name, row.provenance))
        for a in ctx.report.analyses:
            if a.name:
                names.append((a.indicator, a.name, a.provenance))
        for ind in ctx.report.indicators:
            if ind.sources:
                names.append((ind.number, ind.name, ind.sources[0]))
        seen: set[tuple[int, str]] = set()
        for n, name, prov in names:
            if not 1 <= n <= 10 or not name:
                continue
            known = {_squash(v) for v in _framework.indicator_names_with_variants(n)}
            key = _squash(name)
            if key in known or (n, key) in seen:
                continue
            seen.add((n, key))
            yield self.finding(
                ctx,
                location=prov,
                indicator=n,
                actual=name,
                expected=_framework.indicator_name(n),
                where=_places([prov]),
            )


__all__ = ["IndicatorNameMismatch", "IndicatorScoreMismatch", "ToolScoreMismatch", "TotalScoreMismatch"]
