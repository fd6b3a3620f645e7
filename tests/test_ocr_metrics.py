"""The acceptance measures of issue #6, shared by the OCR tests and bench/ocr.py, and their own tests.

* scores: the 66 score values of the sample report (10 indicators as the summary
  table prints them, 3 tools, the total, 52 items) exact, and how many are
  wrong *without* a low-confidence mark (must be 0);
* plan: rows whose period and owner are right (whitespace ignored);
* analysis CER: edit distance over the analysis text (whitespace removed,
  continuation markers left out) against the ground truth.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

import regex

from ita_parse import Report
from ita_parse._document import Document, Table, TextBlock
from ita_parse._thai import to_arabic_digits

GROUND_TRUTH = Path(__file__).parent / "data" / "pdf" / "groundtruth_thai.json"
_WS = regex.compile(r"\s+")


def truth() -> dict[str, object]:
    data: dict[str, object] = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    return data


def _num(text: str) -> float:
    return round(float(to_arabic_digits(text)), 2)


def expected_scores(gt: dict[str, object] | None = None) -> dict[str, float]:
    """field → value: 'indicator N', 'tool IIT', 'total', 'item i1' … (66 in the sample)."""
    gt = gt or truth()
    out: dict[str, float] = {}
    rows = gt["indicator_table"]
    assert isinstance(rows, list)
    tools = iter(("IIT", "EIT", "OIT"))
    for n, row in enumerate(rows[1:], start=1):
        out[f"indicator {n}"] = _num(row[1])
        if row[2]:
            out[f"tool {next(tools)}"] = _num(row[2])
    intro = gt["intro"]
    assert isinstance(intro, list)
    m = regex.search(r"ผลคะแนน\s*([๐-๙0-9.]+)", intro[1])
    assert m is not None
    out["total"] = _num(m.group(1))
    items = gt["item_table"]
    assert isinstance(items, list)
    for label, score in items[1:]:
        m = regex.match(r"^([ie๐0])([๐-๙0-9]+)", label)
        if not m:
            continue
        letter = "o" if m.group(1) in "๐0" else m.group(1)
        out[f"item {letter}{int(to_arabic_digits(m.group(2)))}"] = _num(score)
    return out


@dataclass
class ScoreResult:
    total: int
    exact: int
    wrong_unmarked: list[str] = field(default_factory=list)
    wrong_marked: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.exact / self.total if self.total else 0.0


def _marked(report: Report) -> set[tuple[int | None, str]]:
    """(page, field) of the values OCR marked as low confidence."""
    return {(e.provenance.page, e.field) for e in report.quality.low_confidence}


def report_scores(report: Report) -> dict[str, tuple[float | None, bool]]:
    """field → (value the report gives, whether that value carries a low-confidence mark)."""
    marked_fields = {e.field for e in report.quality.low_confidence}
    out: dict[str, tuple[float | None, bool]] = {}
    for ind in report.indicators:
        key = f"indicator {ind.number}"
        out[key] = (ind.score, any(f.startswith(key + " ") or f == key for f in marked_fields))
    for tool in ("IIT", "EIT", "OIT"):
        value = report.tool_scores.get(tool)
        out[f"tool {tool}"] = (value, any(f.startswith(f"{tool} ") or f == tool for f in marked_fields))
    out["total"] = (report.total_score, any(f.startswith("total") for f in marked_fields))
    for item in report.items:
        key = f"item {item.code}"
        if key not in out:
            out[key] = (item.score, any(f == key or f.startswith(key + " ") for f in marked_fields))
    return out


def score_accuracy(report: Report, expected: dict[str, float] | None = None) -> ScoreResult:
    expected = expected or expected_scores()
    got = report_scores(report)
    result = ScoreResult(total=len(expected), exact=0)
    for key, want in expected.items():
        value, marked = got.get(key, (None, False))
        if value is None:
            result.missing.append(key)
        elif abs(value - want) < 0.001:
            result.exact += 1
        elif marked:
            result.wrong_marked.append(f"{key}: {value} (want {want})")
        else:
            result.wrong_unmarked.append(f"{key}: {value} (want {want})")
    return result


def _squash(text: str) -> str:
    return _WS.sub("", to_arabic_digits(text))


def plan_rows_right(report: Report, gt: dict[str, object] | None = None) -> tuple[int, list[str]]:
    """Plan rows (of the ground truth's) whose period and owner are right, and what went wrong."""
    gt = gt or truth()
    rows = gt["plan_rows"]
    assert isinstance(rows, list)
    got = {p.indicator: p for p in report.plan}
    right = 0
    problems: list[str] = []
    for k, row in enumerate(rows, start=1):
        p = got.get(k)
        if p is None:
            problems.append(f"row {k}: missing")
            continue
        period_ok = p.period is not None and _squash(p.period.text) == _squash(row[5])
        owner_ok = _squash(p.owner) == _squash(row[6])
        if period_ok and owner_ok:
            right += 1
        else:
            problems.append(f"row {k}: period {p.period.text if p.period else None!r} owner {p.owner!r}")
    return right, problems


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one row at a time in numpy (insertions via a running minimum)."""
    import numpy as np

    if not a or not b:
        return len(a) + len(b)
    bb = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    idx = np.arange(len(b) + 1, dtype=np.int64)
    prev = idx.copy()
    for i, ch in enumerate(a, start=1):
        cost = (bb != ord(ch)).astype(np.int64)
        cur = np.empty_like(prev)
        cur[0] = i
        cur[1:] = np.minimum(prev[1:] + 1, prev[:-1] + cost)
        # cur[j] = min over k <= j of cur[k] + (j - k)
        cur = np.minimum.accumulate(cur - idx) + idx
        prev = cur
    return int(prev[-1])


_MARKER = regex.compile(r"^\s*/\S.*(?:\.{2,}|…)\s*$")


def analysis_cer(doc: Document, gt: dict[str, object] | None = None) -> float:
    """CER of the analysis section after repair (whitespace removed, Arabic digits on both sides).

    The analysis is the running text between the item table and the plan table
    (the plan's own heading left out); the reference is the ground truth's
    analysis paragraphs without the "/…" continuation markers.
    """
    gt = gt or truth()
    paragraphs = gt["analysis"]
    assert isinstance(paragraphs, list)
    ref = "".join(_squash(p) for p in paragraphs if not _MARKER.match(p))
    plan_heading = gt["plan_heading"]
    assert isinstance(plan_heading, str)
    blocks = doc.blocks
    plan = next((i for i, b in enumerate(blocks) if isinstance(b, Table) and b.ncols >= 5), len(blocks))
    items = max((i for i, b in enumerate(blocks[:plan]) if isinstance(b, Table)), default=-1)
    texts = [
        b.text
        for b in blocks[items + 1 : plan]
        if isinstance(b, TextBlock)
        and difflib.SequenceMatcher(None, _squash(b.text), _squash(plan_heading)).ratio() < 0.8
    ]
    got = "".join(_squash(t) for t in texts)
    return edit_distance(got, ref) / max(1, len(ref))


def test_expected_scores_are_the_sample_s_66_values() -> None:
    expected = expected_scores()
    assert len(expected) == 66
    assert expected["indicator 6"] == 96.29 and expected["tool EIT"] == 95.77 and expected["total"] == 96.79
    assert expected["item o13"] == 50.0 and expected["item i10"] == 71.43


def test_edit_distance() -> None:
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == 3 and edit_distance("abc", "abc") == 0
