"""Across reports: a report against the same agency's other reports (``check --db``).

These rules run only when the checker is given the agency's other reports
(from a database of imported reports); without them they are silent.
Agencies are matched by normalised name and province, never by a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..._findings import Finding
from ..._model import Provenance
from .._context import Context, Peer, agrees
from .._rule import Rule, fmt


def _peer_prov(peer: Peer, field: str) -> Provenance:
    return Provenance(path=peer.path, field=field, raw=peer.agency)


def _round_of(ctx: Context, year: int | None) -> list[Peer]:
    return [p for p in ctx.peers or [] if year is not None and p.assessed_year == year]


class PreviousScoreMismatch(Rule):
    code = "ITA901"
    name = "previous-score-mismatch"
    category = "cross-report"
    severity = "error"
    basis = "the agency's own report of that round"
    description = (
        'The previous result the report states ("ปีงบประมาณ 2567 ได้ 96.01 คะแนน") differs from the total '
        "of the agency's imported report of that round."
    )
    template = (
        "the report gives {year}'s result as {actual}, but the agency's report of {year} says {expected}"
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        prev, ay = ctx.report.previous, ctx.report.assessed_year
        if prev is None or prev.total_score is None or prev.assessed_year is None:
            return
        if ay is not None and prev.assessed_year >= ay:
            return  # the year label itself is wrong (ITA304): comparing by it would mislead
        disagreeing = _by_value(
            (peer, peer.total_score)
            for peer in _round_of(ctx, prev.assessed_year)
            if peer.total_score is not None and not agrees(prev.total_score, peer.total_score, [])
        )
        for value, peers in disagreeing.items():
            yield self.finding(
                ctx,
                location=prev.provenance,
                related=[_peer_prov(p, "total_score") for p in peers],
                year=prev.assessed_year,
                actual=fmt(prev.total_score),
                expected=_shown(value),
                others=[p.path for p in peers],
            )


def _by_value(pairs: Iterable[tuple[Peer, float | str | None]]) -> dict[float | str, list[Peer]]:
    """Peers grouped by the value they hold, so one disagreement is one finding."""
    out: dict[float | str, list[Peer]] = {}
    for peer, value in pairs:
        if value is not None:
            out.setdefault(round(value, 2) if isinstance(value, float) else value, []).append(peer)
    return out


class ClaimedChangeAgainstPrevious(Rule):
    code = "ITA902"
    name = "claimed-change-against-previous-report"
    category = "cross-report"
    severity = "error"
    basis = "change = this total − the previous round's total (the agency's own report of it)"
    description = (
        "The change against the previous year that the report claims is not the difference between its "
        "total and the total of the agency's imported report of the year before."
    )
    template = "the report claims a change of {actual}, but {total} − {previous} ({year}) = {expected}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        prev, total, ay = ctx.report.previous, ctx.total, ctx.report.assessed_year
        if prev is None or prev.claimed_change is None or total is None or ay is None:
            return
        for peer in _round_of(ctx, ay - 1):
            if peer.total_score is None:
                continue
            computed = total - peer.total_score
            if not agrees(prev.claimed_change, computed, [1.0, 1.0]):
                yield self.finding(
                    ctx,
                    location=prev.provenance,
                    related=[_peer_prov(peer, "total_score")],
                    actual=f"{prev.claimed_change:+.2f}",
                    expected=f"{computed:+.2f}",
                    total=fmt(total),
                    previous=fmt(peer.total_score),
                    year=ay - 1,
                    other=peer.path,
                )


class SameRoundMismatch(Rule):
    code = "ITA903"
    name = "same-round-mismatch"
    category = "cross-report"
    severity = "error"
    basis = "one agency has one result per round"
    description = (
        "Another imported report of the same agency gives the same round's result differently: its total, "
        "level, a tool score or an indicator score."
    )
    template = "{what} of {year} is {actual} here but {expected} in {other}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        r = ctx.report
        peers = _round_of(ctx, r.assessed_year)
        if not peers:
            return
        # compare what is printed as the report's own value with what the other report printed
        mine: list[tuple[str, float | str | None, Provenance | None, tuple[str, str | int]]] = [
            ("the total", r.total_score, r.total_sources[0] if r.total_sources else None, ("total", "")),
            ("the level", r.level, r.level_source, ("level", "")),
        ]
        for tool in ("IIT", "EIT", "OIT"):
            srcs = r.tool_sources.get(tool, [])
            mine.append(
                (f"the {tool} score", r.tool_scores.get(tool), srcs[0] if srcs else None, ("tool", tool))
            )
        for ind in r.indicators:
            first = ind.sources[0] if ind.sources else None
            mine.append((f"indicator {ind.number}", ind.score, first, ("indicator", ind.number)))
        for what, value, where, key in mine:
            if value is None:
                continue
            differing = _by_value(
                (p, _value_of(p, key)) for p in peers if not _same(value, _value_of(p, key))
            )
            for other, group in differing.items():
                yield self.finding(
                    ctx,
                    location=where,
                    related=[_peer_prov(p, what) for p in group],
                    what=what,
                    year=r.assessed_year,
                    actual=_shown(value),
                    expected=_shown(other),
                    other=group[0].path + (f" and {len(group) - 1} more" if len(group) > 1 else ""),
                    others=[p.path for p in group],
                )


def _value_of(peer: Peer, key: tuple[str, str | int]) -> float | str | None:
    kind, which = key
    if kind == "total":
        return peer.total_score
    if kind == "level":
        return peer.level
    if kind == "tool":
        return peer.tools.get(str(which))
    return peer.indicators.get(int(which))


def _same(a: float | str | None, b: float | str | None) -> bool:
    if a is None or b is None:
        return True  # nothing to compare
    if isinstance(a, float) and isinstance(b, float):
        return agrees(a, b, [])
    return "".join(str(a).split()) == "".join(str(b).split())


def _shown(value: float | str) -> str:
    return fmt(value) if isinstance(value, float) else str(value)


class AgencyNamedDifferently(Rule):
    code = "ITA904"
    name = "agency-named-differently"
    category = "cross-report"
    severity = "info"
    basis = "one agency, one name"
    description = (
        "The agency's other reports name it differently (spacing, abbreviations or spelling that the "
        "matching normalises away)."
    )
    template = "the agency is named “{actual}” here but “{expected}” in {other}"

    def check(self, ctx: Context) -> Iterator[Finding]:
        name = ctx.report.agency.name
        if not name:
            return
        seen: set[str] = set()
        for peer in ctx.peers or []:
            if peer.agency != name and peer.agency not in seen:
                seen.add(peer.agency)
                yield self.finding(
                    ctx,
                    location=None,
                    related=[_peer_prov(peer, "agency")],
                    actual=name,
                    expected=peer.agency,
                    other=peer.path,
                )


class AmbiguousAgencyMatch(Rule):
    code = "ITA905"
    name = "ambiguous-agency-match"
    category = "cross-report"
    severity = "info"
    basis = "agencies are matched by normalised name and province, never by a guess"
    description = (
        "More than one agency in the database matches this report's agency (for example the same name with "
        "no province), so it was not compared with any of them."
    )
    template = (
        "{count} agencies in the database match “{name}”; the report was not compared with their reports"
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.ambiguous_agencies:
            yield self.finding(
                ctx,
                location=None,
                name=ctx.report.agency.name or "",
                count=len(ctx.ambiguous_agencies),
                candidates=ctx.ambiguous_agencies,
            )


__all__ = [
    "AgencyNamedDifferently",
    "AmbiguousAgencyMatch",
    "ClaimedChangeAgainstPrevious",
    "PreviousScoreMismatch",
    "SameRoundMismatch",
]
