"""Copied text: an analysis or plan row pasted from another, a paragraph said twice."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from difflib import SequenceMatcher

from ..._findings import Finding
from .._context import Context
from .._rule import Rule

#: texts shorter than this (whitespace removed) are too short to call copies
MIN_CHARS = 60
SIMILAR = 0.9


def _squash(text: str) -> str:
    return "".join(text.split())


@functools.lru_cache(maxsize=1024)
def _shingles(squashed: str) -> frozenset[str]:
    return frozenset(squashed[i : i + 4] for i in range(max(1, len(squashed) - 3)))


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0–1, ignoring whitespace.

    Texts that share few 4-character pieces are told apart cheaply; only likely
    copies pay for difflib's exact ratio.
    """
    a, b = _squash(a), _squash(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    sa, sb = _shingles(a), _shingles(b)
    overlap = len(sa & sb) / max(1, min(len(sa), len(sb)))
    # difflib.ratio() <= 2·min/(len a + len b), so a length ratio under 0.8 cannot reach 0.9
    if overlap < SIMILAR - 0.1 or min(len(a), len(b)) / max(len(a), len(b)) < 0.8:
        return min(overlap, 0.5)
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


class AnalysisCopied(Rule):
    code = "ITA601"
    name = "analysis-copied"
    category = "duplicate-text"
    severity = "warning"
    basis = "each indicator's analysis is about that indicator"
    description = (
        "The analysis of one indicator is the analysis of another, verbatim or nearly so (90% alike or "
        "more, whitespace ignored)."
    )
    template = "the analysis of indicator {indicator} is {percent}% the same as that of indicator {other}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        analyses = [a for a in ctx.report.analyses if len(_squash(a.text)) >= MIN_CHARS]
        reported: set[int] = set()
        for j, later in enumerate(analyses):
            for earlier in analyses[:j]:
                if later.indicator == earlier.indicator or later.indicator in reported:
                    continue
                sim = similarity(later.text, earlier.text)
                if sim >= SIMILAR:
                    reported.add(later.indicator)
                    yield self.finding(
                        ctx,
                        location=later.provenance,
                        related=[earlier.provenance],
                        indicator=later.indicator,
                        other=earlier.indicator,
                        percent=int(sim * 100),
                        similarity=round(sim, 3),
                    )


class ParagraphRepeated(Rule):
    code = "ITA602"
    name = "paragraph-repeated"
    category = "duplicate-text"
    severity = "warning"
    basis = "an analysis says each thing once"
    description = (
        "Inside one indicator's analysis a paragraph or part is repeated (e.g. its part 1 and part 2 "
        "say the same), verbatim or nearly so."
    )
    template = "the analysis of indicator {indicator} says the same thing twice: {what}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for a in ctx.report.analyses:
            if len(a.parts) >= 2:
                for j, later in enumerate(a.parts):
                    for earlier in a.parts[:j]:
                        if (
                            len(_squash(later.text)) >= MIN_CHARS
                            and similarity(later.text, earlier.text) >= SIMILAR
                        ):
                            yield self.finding(
                                ctx,
                                location=later.provenance,
                                related=[earlier.provenance],
                                indicator=a.indicator,
                                what=f"part {later.number or j + 1} repeats part {earlier.number or '?'}",
                            )
                            break
                continue
            paras = [p for p in a.text.split("\n") if len(_squash(p)) >= MIN_CHARS]
            for j, para in enumerate(paras):
                if any(similarity(para, before) >= SIMILAR for before in paras[:j]):
                    yield self.finding(
                        ctx,
                        location=a.provenance,
                        indicator=a.indicator,
                        what=f"paragraph {j + 1} repeats an earlier one",
                    )
                    break


class PlanRowCopied(Rule):
    code = "ITA603"
    name = "plan-row-copied"
    category = "duplicate-text"
    severity = "info"
    basis = "each plan row answers its own indicator"
    description = (
        "Two plan rows for different indicators have the same measure, rationale or steps, verbatim or "
        "nearly so. Often deliberate (one measure serving two indicators), so only info."
    )
    template = (
        "plan row {row} (indicator {indicator}) has the same {fields} as row {other_row} (indicator {other})"
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        rows = ctx.report.plan
        for j, later in enumerate(rows):
            for i, earlier in enumerate(rows[:j]):
                if later.indicator == earlier.indicator:
                    continue
                fields = []
                for name in ("measure", "rationale"):
                    x, y = getattr(later, name), getattr(earlier, name)
                    if len(_squash(x)) >= MIN_CHARS // 2 and similarity(x, y) >= SIMILAR:
                        fields.append(name)
                steps_x = " ".join(s.text for s in later.steps)
                steps_y = " ".join(s.text for s in earlier.steps)
                if len(_squash(steps_x)) >= MIN_CHARS and similarity(steps_x, steps_y) >= SIMILAR:
                    fields.append("steps")
                if fields:
                    yield self.finding(
                        ctx,
                        location=later.provenance,
                        related=[earlier.provenance],
                        indicator=later.indicator,
                        row=j + 1,
                        other_row=i + 1,
                        other=earlier.indicator,
                        fields=" and ".join(fields),
                    )
                    break


__all__ = ["AnalysisCopied", "ParagraphRepeated", "PlanRowCopied", "similarity"]
