"""Text quality: broken text layers, and codes typed with the wrong character."""

from __future__ import annotations

from collections.abc import Iterator

from ..._findings import Finding, Severity
from .._context import Context
from .._rule import Rule

#: repair kinds that normalise rather than fix a broken layer
NOT_BREAKAGE = frozenset({"nfc", "zero_width"})
#: share of suspect characters (left broken or ambiguous) above which the text is called unreliable
SUSPECT_SHARE = 0.002


class BrokenTextLayer(Rule):
    code = "ITA701"
    name = "broken-text-layer"
    category = "text-quality"
    severity = "warning"
    basis = "what the Thai repair had to change or could not decide"
    description = (
        "The input's Thai text was broken (private-use glyphs, lost or split ำ, U+FFFD, marks out of "
        "order) and had to be repaired, or some of it could not be repaired with certainty. Pages whose "
        "text layer is unusable are named."
    )
    template = "{what}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        q = ctx.report.quality
        bad_pages = [p.page for p in q.pages if p.verdict == "unusable"]
        if bad_pages:
            yield self.finding(
                ctx,
                location=None,
                what=f"the text layer of page(s) {_pages(bad_pages)} is unusable",
                pages=bad_pages,
                severity="warning",
            )
        # canonical reordering (NFC) is normalisation, not a sign of a broken layer
        broken = {k: v for k, v in q.repairs.items() if k not in NOT_BREAKAGE}
        if broken:
            kinds = ", ".join(f"{k} {v}" for k, v in sorted(broken.items(), key=lambda kv: -kv[1]))
            yield self.finding(
                ctx,
                location=None,
                severity="info",
                what=f"the Thai text was repaired in {sum(broken.values())} place(s) ({kinds})",
                repairs=broken,
            )
        if q.suspect_chars:
            words = ", ".join(list(q.ambiguous)[:8])
            total = max(
                1,
                sum(len(i.text) for i in ctx.report.items)
                + sum(len(a.text) for a in ctx.report.analyses)
                + sum(len(r.rationale) + len(r.measure) for r in ctx.report.plan),
            )
            severity: Severity = "warning" if q.suspect_chars / total > SUSPECT_SHARE else "info"
            yield self.finding(
                ctx,
                location=None,
                severity=severity,
                what=f"{q.suspect_chars} place(s) in the text look broken but were left as found"
                + (f" (words that read two ways: {words})" if words else ""),
                suspect=q.suspect_chars,
                ambiguous=q.ambiguous,
            )


def _pages(pages: list[int]) -> str:
    return ", ".join(map(str, pages[:12])) + (" …" if len(pages) > 12 else "")


class OitCodeThaiZero(Rule):
    code = "ITA702"
    name = "oit-code-typed-with-zero"
    category = "text-quality"
    severity = "warning"
    basis = "OIT items are o1, o2, …: the letter o, not a zero"
    description = (
        'OIT item codes are typed with a zero (Thai ๐ or 0) where the letter o belongs, so "๐๑๓" reads '
        "as the number 13. ita_parse reads them as o-codes; the document should be corrected."
    )
    template = (
        "{count} OIT item code(s) are typed with a zero instead of the letter o (e.g. “{example}” for {code})"
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        typed = [i for i in ctx.report.items if i.code.startswith("o") and i.code_raw[:1] in ("0", "๐")]
        if typed:
            yield self.finding(
                ctx,
                location=typed[0].provenance,
                related=[i.provenance for i in typed[1:]],
                count=len(typed),
                example=typed[0].code_raw,
                code=typed[0].code,
                codes=[i.code for i in typed],
            )


class LowConfidenceValue(Rule):
    code = "ITA703"
    name = "low-confidence-value"
    category = "text-quality"
    severity = "warning"
    basis = "a value read by OCR that no arithmetic relation or repeated printing confirms"
    description = (
        "A value was read from a scanned page and nothing in the report confirms it: no item mean, tool "
        "mean, total or second printing of the same score agrees with it. It is kept, but may be misread; "
        "look at the cell."
    )
    template = "{what} was read as {actual} from the scan and nothing confirms it{others}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for entry in ctx.report.quality.low_confidence:
            others = [c for c in entry.candidates if c != entry.value]
            shown = ", ".join(f"{c:.2f}" if isinstance(c, float) else str(c) for c in others[:4])
            yield self.finding(
                ctx,
                location=entry.provenance,
                indicator=None,
                what=entry.field,
                actual=f"{entry.value:.2f}" if isinstance(entry.value, float) else str(entry.value),
                others=f" (it may also read {shown})" if shown else "",
                candidates=others,
            )


__all__ = ["BrokenTextLayer", "LowConfidenceValue", "OitCodeThaiZero"]
