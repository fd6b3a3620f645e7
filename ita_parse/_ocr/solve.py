"""The report's arithmetic as a constraint on what OCR read: choose between candidates, mark the rest.

Every score OCR read is a variable whose values are its candidate readings,
best first, each with a cost (how much worse its shapes matched than the
best reading's).  Values from a text layer are variables with one value.
The constraints are the ones the checker uses (``_check._context``), with
its tolerance:

* the mean of an indicator's items equals the indicator (IIT indicators that
  the year's framework computes as a mean of items; EIT indicators are not);
* a tool's score equals the mean of its indicators;
* the total equals the weighted sum of the tools;
* the same score printed in several places (summary table, item-table
  heading, analysis heading, plan table) is the same: *soft*, because reports
  really do disagree with themselves (the sample prints indicator 6 as 96.29
  once and 96.26 three times).

Each indicator, tool and the total has a latent value, one of its printings'
values; a printing agrees with it or not.  The assignment chosen maximises,
in order, satisfied arithmetic constraints (weight 10), then agreeing
printings (1 each), less a small cost for every reading other than the best
(so that agreement alone seldom overrides the shapes).  The search is local
(one variable at a time, latents re-chosen exactly), which suffices because
candidates per cell are few.

A value read by OCR is *confirmed* when (a) a satisfied constraint involves
it and another independently read value (its items, its tool, the total, or
a second printing of it), and (b) nothing else it might read as would do as
well: every other candidate satisfies fewer arithmetic constraints (the
variables around it re-chosen each time, so that two misreads that make up
for each other are caught; for a reading other than the cell's best,
agreement does not count here), and (c) if it is not the cell's best
reading, a second printing reads it so as its best: the arithmetic alone
never rewrites a printed value unmarked, since reports do get their sums
wrong and a misread that makes a wrong sum right would hide the error.  A
value the arithmetic decides (a, b) but nothing seconds (c) is kept, marked;
every other unconfirmed value goes back to its best reading, marked.  Every
other OCR value is kept, at its best reading, and listed in
``Report.quality.low_confidence`` with its candidates and the cell it came
from; the checker turns each into an ITA703 finding.  Never silently wrong.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import fmean

from .. import _framework
from .._check._context import tolerance
from .._document import Document
from .._model import LowConfidence, Provenance, Report
from .._thai import to_arabic_digits

ARITH = 10.0
AGREE = 1.0
#: cost of choosing a reading other than the best, per unit of shape distance, plus a flat part
SWITCH_FLAT = 0.5
SWITCH_PER_DISTANCE = 10.0
#: up to this many combinations, the readings around a value are all tried when checking it
EXHAUSTIVE = 1024


@dataclass
class Var:
    """One printed score: its candidate values (best first) and what each costs."""

    key: str  # "indicator 6 (summary table)", "item i10", "IIT (summary table)", "total (intro)"
    group: str  # "ind:6", "tool:IIT", "total", "item:i10"
    candidates: list[float]
    costs: list[float] = field(default_factory=list)
    ocr: bool = True
    provenance: Provenance | None = None

    def cost(self, k: int) -> float:
        if k == 0:
            return 0.0
        extra = self.costs[k] - self.costs[0] if len(self.costs) > k else 0.05
        return SWITCH_FLAT + SWITCH_PER_DISTANCE * max(0.0, extra)


@dataclass
class Problem:
    vars: list[Var]
    #: IIT indicator → the item codes whose mean it is
    item_means: dict[int, list[str]] = field(default_factory=dict)
    #: tool → its indicators
    tools: dict[str, list[int]] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)


@dataclass
class _Eval:
    arith: int
    agree: int
    latent: dict[str, float]
    satisfied: set[str]  # "mean:N", "tool:T", "total"


class Solver:
    def __init__(self, problem: Problem) -> None:
        self.p = problem
        self.by_group: dict[str, list[int]] = {}
        for i, v in enumerate(problem.vars):
            self.by_group.setdefault(v.group, []).append(i)
        # constants of the evaluation, computed once (it runs thousands of times per report)
        self._tol_one = tolerance([1.0])
        self._tool_names = sorted(problem.tools)
        self._tol_total = tolerance([problem.weights.get(t, 0.0) for t in self._tool_names])
        # the first variable of each item code (a code printed twice counts once, as its first printing)
        first_item: dict[str, int] = {}
        for i, v in enumerate(problem.vars):
            if v.group.startswith("item:"):
                first_item.setdefault(v.group[5:], i)
        self._mean_items: dict[int, list[int] | None] = {
            n: ([first_item[c] for c in codes] if codes and all(c in first_item for c in codes) else None)
            for n, codes in problem.item_means.items()
        }
        self._memo: dict[tuple[int, ...], _Eval] = {}
        self._switch_costs = [[v.cost(k) for k in range(len(v.candidates))] for v in problem.vars]

    # -- evaluation with the latents chosen exactly ------------------------------------------------

    def evaluate(self, choice: list[int]) -> _Eval:
        key = tuple(choice)
        found = self._memo.get(key)
        if found is None:
            found = self._evaluate(choice)
            if len(self._memo) < 200_000:
                self._memo[key] = found
        return found  # shared: callers only read it

    def _evaluate(self, choice: list[int]) -> _Eval:
        p = self.p
        value = [v.candidates[k] for v, k in zip(p.vars, choice, strict=True)]
        by_group = self.by_group
        tol_one = self._tol_one

        def options(group: str) -> list[float]:
            return sorted({value[i] for i in by_group.get(group, [])})

        def agree(group: str, latent: float) -> int:
            return sum(1 for i in by_group.get(group, []) if value[i] == latent)

        # the mean of each IIT indicator's items (None: an item is missing); the same for every latent
        means: dict[int, float | None] = {
            n: (fmean(value[i] for i in idx) if idx is not None else None)
            for n, idx in self._mean_items.items()
        }
        local_memo: dict[tuple[int, float], tuple[int, int, bool]] = {}

        def local(n: int, latent: float) -> tuple[int, int, bool]:
            got = local_memo.get((n, latent))
            if got is None:
                mean = means.get(n)
                ok = mean is not None and abs(latent - mean) <= tol_one
                got = local_memo[(n, latent)] = ((1 if ok else 0), agree(f"ind:{n}", latent), ok)
            return got

        best: _Eval | None = None
        tool_names = self._tool_names
        tool_opts = [options(f"tool:{t}") or [None] for t in tool_names]  # type: ignore[list-item]
        total_opts: list[float | None] = list(options("total")) or [None]
        # a tool's best indicators depend on the tool's latent only: computed once per latent
        tool_memo: dict[
            tuple[str, float | None], tuple[float, int, int, dict[str, float], set[str]] | None
        ] = {}

        def tool_best(t: str, lt: float | None) -> tuple[float, int, int, dict[str, float], set[str]] | None:
            if (t, lt) in tool_memo:
                return tool_memo[(t, lt)]
            inds = p.tools[t]
            per_ind = [options(f"ind:{n}") for n in inds]
            t_best: tuple[float, int, int, dict[str, float], set[str]] | None = None
            for combo in itertools.product(*[o or [None] for o in per_ind]):  # type: ignore[list-item]
                a = g = 0
                lat: dict[str, float] = {}
                sat: set[str] = set()
                for n, vn in zip(inds, combo, strict=True):
                    if vn is None:
                        continue
                    ok_a, ok_g, ok = local(n, vn)
                    a += ok_a
                    g += ok_g
                    lat[f"ind:{n}"] = vn
                    if ok:
                        sat.add(f"mean:{n}")
                complete = lt is not None and all(c is not None for c in combo)
                if (
                    complete
                    and lt is not None
                    and abs(lt - fmean(c for c in combo if c is not None)) <= tol_one
                ):
                    a += 1
                    sat.add(f"tool:{t}")
                score = ARITH * a + AGREE * g
                if t_best is None or score > t_best[0]:
                    t_best = (score, a, g, lat, sat)
            tool_memo[(t, lt)] = t_best
            return t_best

        for tool_vals in itertools.product(*tool_opts):
            for total in total_opts:
                arith = agree_n = 0
                latent: dict[str, float] = {}
                satisfied: set[str] = set()
                for t, lt in zip(tool_names, tool_vals, strict=True):
                    if lt is not None:
                        agree_n += agree(f"tool:{t}", lt)
                        latent[f"tool:{t}"] = lt
                    t_best = tool_best(t, lt)
                    if t_best is not None:
                        arith += t_best[1]
                        agree_n += t_best[2]
                        latent.update(t_best[3])
                        satisfied |= t_best[4]
                if total is not None:
                    agree_n += agree("total", total)
                    latent["total"] = total
                    if all(v is not None for v in tool_vals) and p.weights:
                        weighted = sum(
                            p.weights.get(t, 0.0) * v
                            for t, v in zip(tool_names, tool_vals, strict=True)
                            if v is not None
                        )
                        if abs(total - weighted) <= self._tol_total:
                            arith += 1
                            satisfied.add("total")
                ev = _Eval(arith, agree_n, latent, satisfied)
                if best is None or (ARITH * ev.arith + AGREE * ev.agree) > (
                    ARITH * best.arith + AGREE * best.agree
                ):
                    best = ev
        return best or _Eval(0, 0, {}, set())

    def objective(self, choice: list[int]) -> float:
        ev = self.evaluate(choice)
        costs = self._switch_costs
        cost = sum(costs[i][k] for i, k in enumerate(choice) if k)
        return ARITH * ev.arith + AGREE * ev.agree - cost

    # -- search ----------------------------------------------------------------------------------

    def solve(self) -> list[int]:
        """Local search, then each constraint's variables tried together (a local search alone stops
        where two misreads of one mean must both change before the mean holds)."""
        everything = range(len(self.p.vars))
        choice = self._search([0] * len(self.p.vars), frozen=-1, scope=everything)
        for _ in range(3):
            before = choice
            for block in self._blocks():
                choice = self._best_with(choice, block)
            choice = self._search(choice, frozen=-1, scope=everything)
            if choice == before:
                break
        return choice

    def _blocks(self) -> list[list[int]]:
        """The variables with alternatives of each constraint: an item mean, a tool mean, the total."""
        p = self.p

        def alts(groups: list[str]) -> list[int]:
            return sorted(
                j for g in groups for j in self.by_group.get(g, []) if len(p.vars[j].candidates) > 1
            )

        blocks = [alts([f"ind:{n}"] + [f"item:{c}" for c in codes]) for n, codes in p.item_means.items()]
        blocks += [alts([f"tool:{t}"] + [f"ind:{n}" for n in inds]) for t, inds in p.tools.items()]
        blocks.append(alts(["total"] + [f"tool:{t}" for t in p.tools]))
        return [b for b in blocks if b]

    def _search(self, choice: list[int], frozen: int, scope: Iterable[int]) -> list[int]:
        """Improve ``choice`` one variable at a time (in ``scope``, never ``frozen``) while it helps."""
        scope = [i for i in scope if i != frozen and len(self.p.vars[i].candidates) > 1]
        score = self.objective(choice)
        for _ in range(4):
            improved = False
            for i in scope:
                for k in range(len(self.p.vars[i].candidates)):
                    if k == choice[i]:
                        continue
                    trial = list(choice)
                    trial[i] = k
                    s = self.objective(trial)
                    if s > score + 1e-9:
                        choice, score, improved = trial, s, True
            if not improved:
                break
        return choice

    def _best_with(self, choice: list[int], scope: list[int]) -> list[int]:
        """The best choice of the ``scope`` variables, the rest fixed: every combination when they are
        few (two misreads that make up for each other need two changes at once), else the local search."""
        combos = 1
        for j in scope:
            combos *= len(self.p.vars[j].candidates)
        if combos > EXHAUSTIVE:
            return self._search(choice, frozen=-1, scope=scope)
        best, best_score = choice, self.objective(choice)
        for picks in itertools.product(*[range(len(self.p.vars[j].candidates)) for j in scope]):
            trial = list(choice)
            for j, k in zip(scope, picks, strict=True):
                trial[j] = k
            s = self.objective(trial)
            if s > best_score + 1e-9:
                best, best_score = trial, s
        return best

    def neighbours(self, i: int) -> set[int]:
        """The variables that share a constraint with variable ``i`` (and so may make up for it)."""
        p = self.p
        group = p.vars[i].group
        out: set[int] = set()

        def add_group(g: str) -> None:
            out.update(self.by_group.get(g, []))

        def add_indicator(n: int) -> None:
            add_group(f"ind:{n}")
            for code in p.item_means.get(n, []):
                add_group(f"item:{code}")

        kind, _, name = group.partition(":")
        if kind == "item":
            for n, codes in p.item_means.items():
                if name in codes:
                    add_indicator(n)
        elif kind == "ind":
            n = int(name)
            add_indicator(n)
            for t, inds in p.tools.items():
                if n in inds:
                    add_group(f"tool:{t}")
                    for m in inds:
                        add_group(f"ind:{m}")
        elif kind == "tool":
            add_group(group)
            add_group("total")
            for m in p.tools.get(name, []):
                add_group(f"ind:{m}")
            for t in p.tools:
                add_group(f"tool:{t}")
        else:
            add_group("total")
            for t in p.tools:
                add_group(f"tool:{t}")
        out.discard(i)
        return out

    # -- confirmation ----------------------------------------------------------------------------

    def confirmed(self, choice: list[int]) -> list[bool]:
        return self.judge(choice)[0]

    def judge(self, choice: list[int]) -> tuple[list[bool], list[int]]:
        """Which values are confirmed, and the values to keep.

        A value the arithmetic decides but no second printing seconds (a
        reading other than the cell's best) is kept, and marked; any other
        unconfirmed value goes back to the cell's best reading, and is marked.
        """
        # judged again after values go back to their best reading: a confirmation may have leant on them
        for _ in range(4):
            out, keep = self._judge_once(choice)
            if keep == choice:
                break
            choice = keep
        return out, choice

    def _judge_once(self, choice: list[int]) -> tuple[list[bool], list[int]]:
        ev = self.evaluate(choice)
        values = [v.candidates[k] for v, k in zip(self.p.vars, choice, strict=True)]
        out: list[bool] = []
        keep = list(choice)
        for i, v in enumerate(self.p.vars):
            if not v.ocr:
                out.append(True)
                continue
            decided = self._involved(i, v, values, ev) and self._determined(i, v, choice, ev)
            confirmed = decided and (choice[i] == 0 or self._seconded(i, values, choice))
            if not decided:
                keep[i] = 0
            out.append(confirmed)
        return out, keep

    def _seconded(self, i: int, values: list[float], choice: list[int]) -> bool:
        """A reading other than the cell's best needs a second printing whose best reading is that value.

        The arithmetic alone must not rewrite what was printed: reports do get
        their sums wrong (that is what the checker is for), and a misread that
        happens to make a wrong sum right would otherwise hide the error.
        """
        group = self.p.vars[i].group
        return any(j != i and choice[j] == 0 and values[j] == values[i] for j in self.by_group.get(group, []))

    def _involved(self, i: int, v: Var, values: list[float], ev: _Eval) -> bool:
        """(a): a satisfied constraint ties this value to another value read on its own."""
        p = self.p
        value = values[i]
        if v.group.startswith("item:"):
            code = v.group[5:]
            return any(code in codes and f"mean:{n}" in ev.satisfied for n, codes in p.item_means.items())
        latent = ev.latent.get(v.group)
        if latent is None or latent != value:
            return False
        others = [j for j in self.by_group[v.group] if j != i and values[j] == value]
        if others:
            return True  # a second printing reads the same
        if v.group.startswith("ind:"):
            n = int(v.group[4:])
            tool = next((t for t, inds in p.tools.items() if n in inds), None)
            return f"mean:{n}" in ev.satisfied or (tool is not None and f"tool:{tool}" in ev.satisfied)
        if v.group.startswith("tool:"):
            return f"tool:{v.group[5:]}" in ev.satisfied or "total" in ev.satisfied
        if v.group == "total":
            return "total" in ev.satisfied
        return False

    def _determined(self, i: int, v: Var, choice: list[int], ev: _Eval) -> bool:
        """(b): every other reading of this cell would satisfy fewer constraints.

        The other variables of its constraints are re-chosen for each reading
        tried, so that two misreads that make up for each other are caught.
        """
        switched = choice[i] != 0
        scope = sorted(j for j in self.neighbours(i) if len(self.p.vars[j].candidates) > 1)
        for k in range(len(v.candidates)):
            if k == choice[i]:
                continue
            trial = list(choice)
            trial[i] = k
            alt = self.evaluate(self._best_with(trial, scope))
            if alt.arith < ev.arith:
                continue
            if not switched and alt.arith == ev.arith and alt.agree < ev.agree:
                continue
            return False
        return True


# --- the report ---------------------------------------------------------------------------------------


def _alt_floats(texts: Iterable[str]) -> list[float]:
    out: list[float] = []
    for t in texts:
        try:
            value = round(float(to_arabic_digits(t).rstrip(".")), 2)
        except ValueError:
            continue
        if 0.0 <= value <= 100.0 and value not in out:
            out.append(value)
    return out


def _ocr_candidates(doc: Document, prov: Provenance, value: float) -> tuple[list[float], list[float]]:
    """The candidates and costs of a number OCR read in running text, found by page, box and value."""
    for n in doc.ocr_numbers:
        if n.page != prov.page or n.cell:
            continue
        if prov.bbox is not None:
            x0, top, x1, bottom = prov.bbox
            cx, cy = (n.bbox[0] + n.bbox[2]) / 2, (n.bbox[1] + n.bbox[3]) / 2
            if not (x0 - 2 <= cx <= x1 + 2 and top - 2 <= cy <= bottom + 2):
                continue
        values = _alt_floats([n.text, *n.candidates])
        if values and values[0] == round(value, 2):
            return values, list(n.costs) if n.costs else []
    return [round(value, 2)], []


_TABLE_NAMES = {
    "summary": "summary table",
    "items": "item table",
    "analysis": "analysis heading",
    "plan": "plan table",
    "intro": "intro",
    "title": "title",
}


def _where(prov: Provenance) -> str:
    table = _TABLE_NAMES.get(prov.table or "", prov.table or "text")
    return f"{table}, page {prov.page}" if prov.page else table


def build_problem(report: Report, doc: Document) -> Problem:
    """Variables and constraints of a report: every printed score, the year's arithmetic."""
    ocr_pages = set(doc.ocr_pages)
    vars_: list[Var] = []

    def add(key: str, group: str, prov: Provenance) -> None:
        if prov.value is None:
            return
        value = round(prov.value, 2)
        ocr = prov.page in ocr_pages
        if not ocr:
            vars_.append(Var(key, group, [value], [0.0], False, prov))
            return
        if prov.candidates or prov.table in ("summary", "items", "plan"):
            cands = [value, *[round(c, 2) for c in prov.candidates if 0 <= c <= 100 and round(c, 2) != value]]
            costs = _cell_costs(doc, prov, len(cands))
        else:
            cands, costs = _ocr_candidates(doc, prov, value)
        vars_.append(Var(key, group, cands, costs, True, prov))

    for ind in report.indicators:
        for prov in ind.sources:
            add(f"indicator {ind.number} ({_where(prov)})", f"ind:{ind.number}", prov)
    for tool, provs in report.tool_sources.items():
        for prov in provs:
            add(f"{tool} tool score ({_where(prov)})", f"tool:{tool}", prov)
    for prov in report.total_sources:
        add(f"total score ({_where(prov)})", "total", prov)
    for item in report.items:
        add(f"item {item.code}", f"item:{item.code}", item.provenance)
    framework = _framework.framework_for(report.assessed_year)
    item_means: dict[int, list[str]] = {}
    tools: dict[str, list[int]] = {}
    if framework is not None:
        for n, spec in framework.indicators.items():
            if spec.score_rule == "mean-of-items" and spec.tool != "EIT" and spec.items:
                item_means[n] = list(spec.items)
        for tool in ("IIT", "EIT", "OIT"):
            tools[tool] = list(framework.indicators_of_tool(tool))
        weights = dict(framework.weights)
    else:
        for n in range(1, 11):
            tools.setdefault(_framework.indicator_tool(n), []).append(n)
        weights = _framework.total_weights()
    return Problem(vars_, item_means, tools, weights)


def _cell_costs(doc: Document, prov: Provenance, count: int) -> list[float]:
    for n in doc.ocr_numbers:
        if n.cell and n.page == prov.page and n.costs and prov.bbox is not None:
            cx, cy = (n.bbox[0] + n.bbox[2]) / 2, (n.bbox[1] + n.bbox[3]) / 2
            x0, top, x1, bottom = prov.bbox
            if x0 <= cx <= x1 and top <= cy <= bottom:
                return list(n.costs)[:count]
    return []


def needs_solving(report: Report, doc: Document) -> bool:
    return bool(doc.ocr_pages) or any(s.candidates for ind in report.indicators for s in ind.sources)


def solve(report: Report, doc: Document) -> Report:
    """Choose between the readings of every OCR'd score by the report's arithmetic; mark the unconfirmed.

    Updates the chosen values in place (``Indicator.score``, ``Item.score``,
    ``tool_scores``, ``total_score`` and every ``Provenance.value`` and its
    ``candidates``) and appends a ``LowConfidence`` entry for every OCR value
    nothing confirms.
    """
    problem = build_problem(report, doc)
    if not any(v.ocr for v in problem.vars):
        return report
    solver = Solver(problem)
    ok, choice = solver.judge(solver.solve())
    for v, k, confirmed in zip(problem.vars, choice, ok, strict=True):
        prov = v.provenance
        chosen = v.candidates[k]
        if prov is not None and v.ocr:
            prov.value = chosen
            prov.candidates = [c for c in v.candidates if c != chosen]
        if not confirmed and prov is not None:
            report.quality.low_confidence.append(
                LowConfidence(
                    field=v.key,
                    value=chosen,
                    candidates=[c for c in v.candidates if c != chosen],
                    provenance=prov,
                )
            )
    _sync(report)
    return report


def _sync(report: Report) -> None:
    """The report's summary fields from the (updated) values of their sources, as the extractor sets them."""
    for ind in report.indicators:
        summary = [s for s in ind.sources if s.table == "summary" and s.value is not None]
        first = summary[0] if summary else next((s for s in ind.sources if s.value is not None), None)
        if first is not None:
            ind.score = first.value
    for item in report.items:
        if item.provenance.value is not None:
            item.score = item.provenance.value
    for tool, srcs in report.tool_sources.items():
        if srcs and srcs[0].value is not None:
            setattr(report.tool_scores, tool, srcs[0].value)
    if report.total_sources and report.total_sources[0].value is not None:
        report.total_score = report.total_sources[0].value
