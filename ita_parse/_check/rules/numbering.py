"""Numbering: plan steps 1..n, indicators 1–10, the year's item codes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..._findings import Finding
from ..._framework import min_confidence
from .._context import Context
from .._rule import Rule


def _sequence(numbers: list[int | None]) -> str:
    return " ".join("·" if n is None else str(n) for n in numbers)


class StepNumbering(Rule):
    code = "ITA501"
    name = "step-numbering"
    category = "numbering"
    severity = "error"
    basis = "numbered steps count 1, 2, 3, … in order"
    description = (
        "The numbered steps of a plan cell do not count 1, 2, 3, … : a number is repeated, the count "
        "restarts, skips a number or does not start at 1. A step printed without a number is ITA502."
    )
    template = "plan row {row} (indicator {indicator}) numbers its steps {sequence}: {problem}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for k, row in enumerate(ctx.report.plan, start=1):
            numbers = [s.number for s in row.steps]
            if not any(n is not None for n in numbers):
                continue
            problem = None
            for pos, n in enumerate(numbers, start=1):
                if n is None or n == pos:
                    continue
                prev = next((m for m in reversed(numbers[: pos - 1]) if m is not None), None)
                if n in numbers[: pos - 1]:
                    problem = f"{n} comes again after {prev}" if prev is not None else f"{n} comes again"
                elif prev is not None and n < prev:
                    problem = f"{n} follows {prev}"
                elif pos == 1:
                    problem = f"it starts at {n}"
                else:
                    problem = f"step {pos} is numbered {n}"
                break
            if problem is None:
                continue
            yield self.finding(
                ctx,
                location=row.provenance.model_copy(update={"field": "steps"}),
                indicator=row.indicator,
                row=k,
                sequence=_sequence(numbers),
                problem=problem,
                actual=numbers,
                expected=list(range(1, len(numbers) + 1)),
            )


class StepWithoutNumber(Rule):
    code = "ITA502"
    name = "step-without-number"
    category = "numbering"
    severity = "warning"
    basis = "numbered steps: each has a number"
    description = "A step in a plan cell whose other steps are numbered has no number of its own."
    template = "plan row {row} (indicator {indicator}): step {position} has no number (“{text}”)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for k, row in enumerate(ctx.report.plan, start=1):
            numbers = [s.number for s in row.steps]
            if sum(1 for n in numbers if n is not None) < 2:
                continue
            for pos, step in enumerate(row.steps, start=1):
                if step.number is None:
                    text = step.text if len(step.text) <= 40 else step.text[:40] + "…"
                    yield self.finding(
                        ctx,
                        location=row.provenance.model_copy(update={"field": "steps"}),
                        indicator=row.indicator,
                        row=k,
                        position=pos,
                        text=text,
                        expected=pos,
                        actual=None,
                    )


class IndicatorsIncomplete(Rule):
    code = "ITA503"
    name = "indicators-incomplete"
    category = "numbering"
    severity = "error"
    basis = "10 indicators, 1–10 (high for 2562–2568)"
    description = "The summary table of indicator scores lacks some of the ten indicators."
    template = "the summary table has no score for indicator(s) {missing}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        in_summary = {i.number: s for i in ctx.report.indicators for s in i.sources if s.table == "summary"}
        if not in_summary:
            return
        missing = [n for n in range(1, 11) if n not in in_summary]
        if not missing:
            return
        conf = "high" if ctx.framework is not None else "medium"
        first = in_summary[min(in_summary)]
        yield self.finding(
            ctx,
            location=first,
            confidence=conf,
            missing=", ".join(map(str, missing)),
            expected=list(range(1, 11)),
            actual=sorted(in_summary),
        )


class ItemsIncomplete(Rule):
    code = "ITA504"
    name = "items-incomplete"
    category = "numbering"
    severity = "error"
    basis = "the year's item numbering (e.g. i1–i15, e1–e9, o1–o28 in 2568), with its confidence"
    description = (
        "The items table lacks item codes the assessed year's framework has, or has codes it does not have. "
        "Severity follows how sure the year's numbering is."
    )
    template = "the items table {problem}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        fw = ctx.framework
        items = ctx.report.items
        if fw is None or not items:
            return
        codes = {i.code for i in items}
        for prefix, tool in (("i", "IIT"), ("e", "EIT"), ("o", "OIT")):
            expected = [c for c in fw.item_codes if c.startswith(prefix)]
            have = [c for c in codes if c.startswith(prefix)]
            if not have:
                continue  # a report may print only some tools' items
            missing = [c for c in expected if c not in codes]
            extra = sorted((c for c in have if c not in expected), key=lambda c: int(c[1:]))
            if not missing and not extra:
                continue
            conf = min_confidence(*(fw.indicators[n].items_confidence for n in fw.indicators_of_tool(tool)))
            parts = []
            if missing:
                parts.append(f"lacks {', '.join(missing)}")
            if extra:
                parts.append(f"has {', '.join(extra)}, which {fw.year} does not have")
            first = next(i.provenance for i in items if i.code.startswith(prefix))
            yield self.finding(
                ctx,
                location=first,
                confidence=conf,
                problem=" and ".join(parts) + f" ({tool})",
                missing=missing,
                extra=extra,
            )


class ItemCodeDuplicate(Rule):
    code = "ITA505"
    name = "item-code-duplicate"
    category = "numbering"
    severity = "error"
    basis = "each item code once"
    description = "An item code appears more than once in the items table."
    template = "item {code} appears {count} times"

    def check(self, ctx: Context) -> Iterator[Finding]:
        counts = Counter(i.code for i in ctx.report.items)
        for code, count in counts.items():
            if count > 1:
                provs = [i.provenance for i in ctx.report.items if i.code == code]
                yield self.finding(
                    ctx, location=provs[1], related=[provs[0], *provs[2:]], code=code, count=count
                )


class ItemUnderOtherIndicator(Rule):
    code = "ITA506"
    name = "item-under-other-indicator"
    category = "numbering"
    severity = "error"
    basis = "the year's item-to-indicator mapping, with its confidence (IIT 2568 high; OIT splits low)"
    description = (
        "The items table places an item under a different indicator heading than the year's framework "
        "assigns it to. Severity follows how sure that assignment is."
    )
    template = "item {code} is printed under indicator {actual} but belongs to indicator {expected}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        fw = ctx.framework
        if fw is None:
            return
        for item in ctx.report.items:
            want = fw.indicator_of(item.code)
            if want is None or item.indicator is None or item.indicator == want:
                continue
            spec = fw.indicators[want]
            conf = spec.items_confidence
            sub = fw.sub_indicator_of(item.code)
            if sub is not None:
                conf = min_confidence(conf, spec.sub_indicators[sub].confidence)
            yield self.finding(
                ctx,
                location=item.provenance,
                indicator=want,
                confidence=conf,
                code=item.code,
                actual=item.indicator,
                expected=want,
            )


__all__ = [
    "IndicatorsIncomplete",
    "ItemCodeDuplicate",
    "ItemUnderOtherIndicator",
    "ItemsIncomplete",
    "StepNumbering",
    "StepWithoutNumber",
]
