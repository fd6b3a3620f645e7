"""Rating levels: the label must exist in the assessed year's scheme and fit the score."""

from __future__ import annotations

from collections.abc import Iterator

from ... import _framework
from ..._findings import Finding
from .._context import Context
from .._rule import Rule, fmt


def _years_using(label: str) -> list[int]:
    out = []
    for year in _framework.known_years():
        fw = _framework.framework_for(year)
        if fw is not None and fw.levels is not None and fw.levels.find(label) is not None:
            out.append(year)
    return out


class LevelNotInScheme(Rule):
    code = "ITA401"
    name = "level-not-in-scheme"
    category = "level"
    severity = "error"
    basis = "the rating labels of each year (AA–F up to 2565; ผ่าน / ผ่านดี / ผ่านดีเยี่ยม from 2566)"
    description = (
        "The rating label does not exist in the rating scheme of the year whose result the report gives "
        "(AA–F up to 2565; ผ่าน / ผ่านดี / ผ่านดีเยี่ยม from 2566). Severity follows how sure the "
        "year's scheme is."
    )
    template = "the level “{actual}” is not a label of {year}; that year's labels are {labels}{used}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        label = ctx.report.level
        fw = ctx.framework
        if not label or fw is None or fw.levels is None:
            return
        if fw.levels.find(label) is not None:
            return
        used = _years_using(label)
        yield self.finding(
            ctx,
            location=ctx.report.level_source,
            confidence=fw.levels.labels_confidence,
            actual=label,
            year=fw.year,
            labels=", ".join(lv.label for lv in fw.levels.labels),
            used=f" (it is a label of {used[0]}–{used[-1]})" if used else "",
            expected=[lv.label for lv in fw.levels.labels],
        )


class LevelDoesNotFitScore(Rule):
    code = "ITA402"
    name = "level-does-not-fit-score"
    category = "level"
    severity = "error"
    basis = "each label's score range and conditions, with their own confidence (e.g. pass line 85: high)"
    description = (
        "The rating label exists in the year's scheme but the scores do not meet it: the total lies outside "
        "the label's range, or a condition the label needs fails (a ผ่าน* label needs a total of at least 85; "
        "ผ่านดี in 2568 needs EIT ≥ 85). Conditions known only with low confidence give at most info."
    )
    template = "the level is “{label}” but {reason}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        label_text = ctx.report.level
        fw = ctx.framework
        total = ctx.report.total_score
        if not label_text or fw is None or fw.levels is None or total is None:
            return
        label = fw.levels.find(label_text)
        if label is None:
            return
        src = ctx.report.level_source
        related = ctx.report.total_sources[:1]
        req = label.requires_confidence
        if req is None or label.requires_total_min is None:
            # a label defined by its score range alone (AA–F, or a below-pass candidate)
            if not label.contains(total):
                yield self.finding(
                    ctx,
                    location=src,
                    related=related,
                    confidence=label.confidence,
                    label=label.label,
                    reason=f"the total {fmt(total)} is outside its range {fmt(label.min)}–{fmt(label.max)}",
                    actual=total,
                    expected=[label.min, label.max],
                )
            return
        # the conditions the label needs, each as sure as the evidence for it (the pass line is high)
        if round(total, 2) < label.requires_total_min:
            yield self.finding(
                ctx,
                location=src,
                related=related,
                confidence=req,
                label=label.label,
                reason=f"it needs a total of at least {fmt(label.requires_total_min)}, "
                f"and the total is {fmt(total)}",
                actual=total,
                expected=label.requires_total_min,
            )
            return
        for tool, minimum in sorted(label.requires_tools_min.items()):
            value = ctx.report.tool_scores.get(tool)
            if value is not None and round(value, 2) < minimum:
                yield self.finding(
                    ctx,
                    location=src,
                    related=ctx.report.tool_sources.get(tool, [])[:1],
                    confidence=req,
                    label=label.label,
                    reason=f"it needs {tool} ≥ {fmt(minimum)} and {tool} is {fmt(value)}",
                    actual=value,
                    expected=minimum,
                    tool=tool,
                )
        if label.presumed_confidence is not None:
            for tool, minimum in sorted(label.presumed_tools_min.items()):
                value = ctx.report.tool_scores.get(tool)
                if value is not None and round(value, 2) < minimum:
                    yield self.finding(
                        ctx,
                        location=src,
                        related=ctx.report.tool_sources.get(tool, [])[:1],
                        confidence=label.presumed_confidence,
                        label=label.label,
                        reason=f"it is believed to need {tool} ≥ {fmt(minimum)} and {tool} is {fmt(value)}",
                        actual=value,
                        expected=minimum,
                        tool=tool,
                    )


__all__ = ["LevelDoesNotFitScore", "LevelNotInScheme"]
