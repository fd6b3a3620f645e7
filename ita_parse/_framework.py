"""Year-by-year ITA methodology facts (NACC ITAS, FY 2562-2568), loaded from ``data/framework.json``.

The data file summarises the shared research notes (``ita-framework.md`` / ``.json``).  Every fact carries
a confidence label from :data:`CONFIDENCE_ORDER`.  The project rule: only checks built on **high** facts
may be errors; everything else is a warning or info.  Code must ask this module instead of testing
``year == ...``.

Years without a known structure (FY 2569, whose framework NACC is still revising, or any unknown year)
give ``framework_for(year) is None``; their notes are still available through :func:`year_notes`.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

__all__ = [
    "CONFIDENCE_ORDER",
    "Confidence",
    "IndicatorSpec",
    "LevelLabel",
    "LevelScheme",
    "ScoreRule",
    "SubIndicator",
    "YearFramework",
    "all_level_labels",
    "confidence_rank",
    "framework_for",
    "indicator_name",
    "indicator_names_with_variants",
    "indicator_tool",
    "is_high",
    "known_years",
    "min_confidence",
    "normalize_confidence",
    "pass_line",
    "tool_name",
    "tool_names",
    "total_weights",
    "year_confidence",
    "year_notes",
]

Confidence = Literal["open", "low", "medium-low", "medium", "medium-high", "high"]
CONFIDENCE_ORDER: tuple[Confidence, ...] = ("open", "low", "medium-low", "medium", "medium-high", "high")
Tool = Literal["IIT", "EIT", "OIT"]
ScoreRule = Literal["mean-of-items", "mean-of-sub-indicator-means", "open"]
Scheme = Literal["letter", "pass"]
TitleYear = Literal["assessed", "previous"]

_TOOL_PREFIX: dict[str, str] = {"IIT": "i", "EIT": "e", "OIT": "o"}
_CODE_RE = re.compile(r"^([ieo])(\d+)$")
_WS_RE = re.compile(r"\s+")
_CONF_TOKEN_RE = re.compile(r"[\s(;,:]+")


# ---------------------------------------------------------------------------- confidence helpers


def normalize_confidence(conf: str) -> Confidence | None:
    """The bare label of ``conf``: its first word, so ``"high (Sam Ruean exact)"`` gives ``"high"``.

    ``"low-medium"`` is read as ``"medium-low"``.  Returns None when the first word is not a label.
    """
    parts = _CONF_TOKEN_RE.split(conf.strip(), maxsplit=1)
    word = parts[0].casefold() if parts else ""
    if word == "low-medium":
        word = "medium-low"
    for label in CONFIDENCE_ORDER:
        if word == label:
            return label
    return None


def is_high(conf: str) -> bool:
    """True only for the label ``high`` (trailing explanations are ignored)."""
    return normalize_confidence(conf) == "high"


def confidence_rank(conf: str) -> int:
    """Position in :data:`CONFIDENCE_ORDER` (0 = open ... 5 = high); -1 for an unknown label."""
    label = normalize_confidence(conf)
    return -1 if label is None else CONFIDENCE_ORDER.index(label)


def min_confidence(*confs: str | None) -> Confidence:
    """The weakest of the given labels; None and unknown labels count as ``open``."""
    worst: Confidence = "high"
    for conf in confs:
        label = normalize_confidence(conf) if conf is not None else None
        if label is None:
            return "open"
        if CONFIDENCE_ORDER.index(label) < CONFIDENCE_ORDER.index(worst):
            worst = label
    return worst


def _norm_label(text: str) -> str:
    return _WS_RE.sub("", text).casefold()


def _norm_code(code: str) -> str:
    return code.strip().casefold()


# ---------------------------------------------------------------------------- public model


@dataclass(frozen=True)
class LevelLabel:
    """One rating label of a year, e.g. ``AA`` (95.00-100) or ``ผ่านดี``.

    ``min``/``max`` is the total-score range (2-decimal published values) and ``confidence`` rates the
    label and that range for the year.  ``requires_*`` are further necessary conditions with their own
    ``requires_confidence``; ``presumed_*`` are conditions believed but not shown.
    """

    label: str
    min: float
    max: float
    confidence: Confidence
    requires_total_min: float | None = None
    requires_tools_min: dict[str, float] = field(default_factory=dict)
    requires_confidence: Confidence | None = None
    presumed_tools_min: dict[str, float] = field(default_factory=dict)
    presumed_confidence: Confidence | None = None
    note: str | None = None
    evidence: str | None = None

    def contains(self, total: float) -> bool:
        """Whether a total score (compared at 2 decimals) lies in this label's range."""
        value = round(total, 2)
        return self.min <= value <= self.max

    def requirement_confidence(self) -> Confidence | None:
        """Confidence of ``requires_*`` for this year: the weaker of the label's and the requirement's."""
        if self.requires_confidence is None:
            return None
        return min_confidence(self.confidence, self.requires_confidence)


@dataclass(frozen=True)
class LevelScheme:
    """The rating labels of a year: ``letter`` (AA-F) or ``pass`` (ผ่าน / ผ่านดี / ผ่านดีเยี่ยม)."""

    scheme: Scheme
    labels_confidence: Confidence
    labels: tuple[LevelLabel, ...]
    below_pass_labels: tuple[LevelLabel, ...] = ()
    note: str | None = None

    def find(self, label: str) -> LevelLabel | None:
        """The label (or below-pass candidate) equal to ``label`` ignoring whitespace and Latin case."""
        key = _norm_label(label)
        for candidate in (*self.labels, *self.below_pass_labels):
            if _norm_label(candidate.label) == key:
                return candidate
        return None

    def all_labels(self) -> tuple[LevelLabel, ...]:
        return (*self.labels, *self.below_pass_labels)


@dataclass(frozen=True)
class SubIndicator:
    """An OIT sub-indicator such as ``9.3`` and its items."""

    key: str
    name: str | None
    items: tuple[str, ...]
    confidence: Confidence
    name_note: str | None = None
    evidence: str | None = None


@dataclass(frozen=True)
class IndicatorSpec:
    """One of the ten indicators in one year."""

    number: int
    name: str
    tool: Tool
    items: tuple[str, ...]
    items_confidence: Confidence
    score_rule: ScoreRule
    score_rule_confidence: Confidence
    sub_indicators: dict[str, SubIndicator] = field(default_factory=dict)
    name_note: str | None = None
    items_evidence: str | None = None
    score_rule_evidence: str | None = None


@dataclass(frozen=True)
class YearFramework:
    """The assessment framework of one fiscal year (พ.ศ.)."""

    year: int
    confidence: Confidence
    weights: dict[str, float]
    weights_confidence: Confidence
    tool_rule_confidence: Confidence
    indicators: dict[int, IndicatorSpec]
    item_codes: tuple[str, ...]
    item_titles: dict[str, tuple[str, str]]
    item_title_candidates: dict[str, tuple[str, ...]]
    title_year_rule: dict[str, TitleYear]
    title_year_rule_confidence: Confidence | None
    title_year_offsets: tuple[int, ...]
    title_year_offsets_confidence: Confidence | None
    oit_item_values: tuple[float, ...] | None
    oit_item_values_confidence: Confidence
    measures_items: tuple[str, ...]
    measures_items_confidence: Confidence
    levels: LevelScheme | None
    notes: tuple[str, ...]
    _item_index: dict[str, int] = field(init=False, repr=False, compare=False)
    _sub_index: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        item_index = {code: n for n, spec in self.indicators.items() for code in spec.items}
        sub_index = {
            code: key
            for spec in self.indicators.values()
            for key, sub in spec.sub_indicators.items()
            for code in sub.items
        }
        object.__setattr__(self, "_item_index", item_index)
        object.__setattr__(self, "_sub_index", sub_index)

    def indicator_of(self, code: str) -> int | None:
        """The indicator of an item code (``"o12"``, ``"I3"``), or None if the year has no such item."""
        return self._item_index.get(_norm_code(code))

    def items_of(self, indicator: int) -> tuple[str, ...]:
        """The item codes of an indicator (empty for an unknown indicator)."""
        spec = self.indicators.get(indicator)
        return spec.items if spec is not None else ()

    def sub_indicator_of(self, code: str) -> str | None:
        """The OIT sub-indicator key (``"9.3"``) of an item code, if known."""
        return self._sub_index.get(_norm_code(code))

    def tool_of(self, code: str) -> str | None:
        n = self.indicator_of(code)
        return self.indicators[n].tool if n is not None else None

    def indicators_of_tool(self, tool: str) -> tuple[int, ...]:
        return tuple(n for n, spec in sorted(self.indicators.items()) if spec.tool == tool)

    def indicator_weight(self, indicator: int) -> float:
        """Weight of one indicator in the total: tool weight / number of that tool's indicators."""
        tool = self.indicators[indicator].tool
        return self.weights[tool] / len(self.indicators_of_tool(tool))


# ---------------------------------------------------------------------------- raw JSON models


class _Raw(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _RawTool(_Raw):
    name: str
    english: str


class _RawScale(_Raw):
    levels: dict[str, float]
    confidence: Confidence
    evidence: str | None = None
    note: str | None = None


class _RawMeasuresDocument(_Raw):
    names: list[str]
    required_content: list[str]
    required_content_confidence: Confidence
    typical_table_columns: list[str]
    typical_table_columns_note: str
    note: str


class _RawGeneral(_Raw):
    confidence_scale: list[Confidence]
    tools: dict[str, _RawTool]
    tools_confidence: Confidence
    tools_evidence: str
    indicator_tools: dict[str, Tool]
    indicator_tools_confidence: Confidence
    indicator_tools_evidence: str
    indicator_names: dict[str, str]
    indicator_names_confidence: Confidence
    indicator_names_evidence: str
    indicator_english: dict[str, str]
    indicator_name_variants: dict[str, list[str]]
    indicator_name_variants_confidence: Confidence
    indicator_name_variants_evidence: str
    total_weights: dict[Tool, float]
    total_formula: str
    tool_formula: str
    total_formula_confidence: Confidence
    total_formula_evidence: str
    pass_line: float
    pass_line_confidence: Confidence
    pass_line_evidence: str
    rounding: str
    item_scale: _RawScale
    yes_no_scale: _RawScale
    year_confidence_meaning: str
    measures_document: _RawMeasuresDocument

    @model_validator(mode="after")
    def _check(self) -> _RawGeneral:
        if tuple(self.confidence_scale) != CONFIDENCE_ORDER:
            raise ValueError("confidence_scale differs from CONFIDENCE_ORDER")
        if sorted(self.tools) != sorted(_TOOL_PREFIX):
            raise ValueError("tools must be exactly IIT, EIT, OIT")
        expected = [str(n) for n in range(1, 11)]
        for name, mapping in (
            ("indicator_tools", self.indicator_tools),
            ("indicator_names", self.indicator_names),
            ("indicator_english", self.indicator_english),
        ):
            if sorted(mapping, key=int) != expected:
                raise ValueError(f"{name} must have keys 1..10")
        if not math.isclose(sum(self.total_weights.values()), 1.0, abs_tol=1e-9):
            raise ValueError("total_weights must sum to 1")
        return self


class _RawRequirement(_Raw):
    total_min: float | None = None
    tools_min: dict[Tool, float] = {}


class _RawLevelLabel(_Raw):
    label: str
    min: float
    max: float
    confidence: Confidence
    evidence: str | None = None
    requires: _RawRequirement | None = None
    requires_confidence: Confidence | None = None
    requires_evidence: str | None = None
    presumed: _RawRequirement | None = None
    presumed_confidence: Confidence | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> _RawLevelLabel:
        if not 0.0 <= self.min <= self.max <= 100.0:
            raise ValueError(f"level {self.label!r}: bad range {self.min}-{self.max}")
        if (self.requires is None) != (self.requires_confidence is None):
            raise ValueError(f"level {self.label!r}: requires and requires_confidence go together")
        if (self.presumed is None) != (self.presumed_confidence is None):
            raise ValueError(f"level {self.label!r}: presumed and presumed_confidence go together")
        return self


class _RawLevels(_Raw):
    scheme: Scheme
    labels_confidence: Confidence
    labels_evidence: str | None = None
    labels: list[_RawLevelLabel]
    below_pass_labels: list[_RawLevelLabel]
    note: str | None = None


class _RawSubIndicator(_Raw):
    name: str | None
    items: list[str]
    confidence: Confidence
    evidence: str | None = None
    name_note: str | None = None
    name_confidence: Confidence | None = None
    name_evidence: str | None = None


class _RawIndicator(_Raw):
    items: list[str]
    items_confidence: Confidence
    items_evidence: str | None = None
    score_rule: ScoreRule
    score_rule_confidence: Confidence
    score_rule_evidence: str | None = None
    sub_indicators: dict[str, _RawSubIndicator] | None = None
    name_note: str | None = None


class _RawTitle(_Raw):
    title: str
    confidence: Confidence
    evidence: str | None = None


class _RawTitleCandidates(_Raw):
    candidates: list[str]
    confidence: Confidence
    note: str | None = None


class _RawTitleYearRule(_Raw):
    assessed: list[str]
    previous: list[str]
    confidence: Confidence
    evidence: str | None = None
    allowed_offsets: list[int]
    allowed_offsets_confidence: Confidence
    allowed_offsets_evidence: str | None = None


class _RawItemGroup(_Raw):
    items: list[str]
    confidence: Confidence
    evidence: str | None = None


class _RawTarget(_Raw):
    rule: str
    confidence: Confidence
    evidence: str | None = None


class _RawYear(_Raw):
    confidence: Confidence
    evidence: str | None = None
    notes: list[str]
    sources: list[str] = []
    # Structure: all present for a year with a known framework, all absent otherwise.
    weights: dict[Tool, float] | None = None
    weights_confidence: Confidence | None = None
    weights_evidence: str | None = None
    tool_is_mean_of_indicators_confidence: Confidence | None = None
    tool_rule_evidence: str | None = None
    indicators: dict[str, _RawIndicator] | None = None
    item_titles: dict[str, _RawTitle] = {}
    item_title_candidates: dict[str, _RawTitleCandidates] = {}
    title_year_rule: _RawTitleYearRule | None = None
    oit_item_values: list[float] | None = None
    oit_item_values_confidence: Confidence | None = None
    oit_item_values_evidence: str | None = None
    oit_item_values_seen: list[float] | None = None
    reverse_coded_items: _RawItemGroup | None = None
    yes_no_items: _RawItemGroup | None = None
    measures_items: list[str] | None = None
    measures_items_confidence: Confidence | None = None
    measures_items_evidence: str | None = None
    levels: _RawLevels | None = None
    target: _RawTarget | None = None
    national: dict[str, float | bool | str] | None = None

    @property
    def has_structure(self) -> bool:
        return self.indicators is not None

    @model_validator(mode="after")
    def _check(self) -> _RawYear:
        required = {
            "weights": self.weights,
            "weights_confidence": self.weights_confidence,
            "tool_is_mean_of_indicators_confidence": self.tool_is_mean_of_indicators_confidence,
            "indicators": self.indicators,
            "oit_item_values_confidence": self.oit_item_values_confidence,
            "measures_items": self.measures_items,
            "measures_items_confidence": self.measures_items_confidence,
            "levels": self.levels,
        }
        present = [k for k, v in required.items() if v is not None]
        if not present:
            return self
        if len(present) != len(required):
            missing = sorted(set(required) - set(present))
            raise ValueError(f"year structure incomplete, missing {missing}")
        assert self.indicators is not None and self.weights is not None
        if sorted(self.indicators, key=int) != [str(n) for n in range(1, 11)]:
            raise ValueError("indicators must have keys 1..10")
        if not math.isclose(sum(self.weights.values()), 1.0, abs_tol=1e-9):
            raise ValueError("weights must sum to 1")
        seen: set[str] = set()
        for key, ind in self.indicators.items():
            for code in ind.items:
                if not _CODE_RE.match(code):
                    raise ValueError(f"indicator {key}: bad item code {code!r}")
                if code in seen:
                    raise ValueError(f"item {code} listed twice")
                seen.add(code)
            if ind.sub_indicators is not None:
                sub_items = [c for sub in ind.sub_indicators.values() for c in sub.items]
                if sorted(sub_items) != sorted(ind.items):
                    raise ValueError(f"indicator {key}: sub-indicators must partition its items")
                for sub_key in ind.sub_indicators:
                    if not sub_key.startswith(f"{key}."):
                        raise ValueError(f"indicator {key}: sub-indicator key {sub_key!r}")
        referenced = [
            *self.item_titles,
            *self.item_title_candidates,
            *(self.measures_items or []),
            *(self.title_year_rule.assessed if self.title_year_rule else []),
            *(self.title_year_rule.previous if self.title_year_rule else []),
        ]
        unknown = sorted(set(referenced) - seen)
        if unknown:
            raise ValueError(f"references to items the year does not have: {unknown}")
        return self


class _RawFile(_Raw):
    schema_: int
    sources: str
    general: _RawGeneral
    years: dict[str, _RawYear]

    @model_validator(mode="before")
    @classmethod
    def _rename_schema(cls, data: object) -> object:
        if isinstance(data, dict) and "schema" in data:
            data = dict(data)
            data["schema_"] = data.pop("schema")
        return data

    @model_validator(mode="after")
    def _check(self) -> _RawFile:
        if self.schema_ != 1:
            raise ValueError(f"unsupported framework.json schema {self.schema_}")
        for key in self.years:
            if not key.isdigit():
                raise ValueError(f"year key {key!r} is not a number")
        return self


# ---------------------------------------------------------------------------- loading


@functools.cache
def _raw() -> _RawFile:
    text = (files("ita_parse") / "data" / "framework.json").read_text(encoding="utf-8")
    return _RawFile.model_validate_json(text)


def _level(raw: _RawLevelLabel) -> LevelLabel:
    req = raw.requires
    pre = raw.presumed
    return LevelLabel(
        label=raw.label,
        min=raw.min,
        max=raw.max,
        confidence=raw.confidence,
        requires_total_min=req.total_min if req is not None else None,
        requires_tools_min={str(t): v for t, v in req.tools_min.items()} if req is not None else {},
        requires_confidence=raw.requires_confidence,
        presumed_tools_min={str(t): v for t, v in pre.tools_min.items()} if pre is not None else {},
        presumed_confidence=raw.presumed_confidence,
        note=raw.note,
        evidence=raw.evidence,
    )


def _build_year(year: int, raw: _RawYear, general: _RawGeneral) -> YearFramework:
    assert raw.indicators is not None and raw.weights is not None and raw.levels is not None
    assert raw.weights_confidence is not None and raw.tool_is_mean_of_indicators_confidence is not None
    assert raw.oit_item_values_confidence is not None and raw.measures_items is not None
    assert raw.measures_items_confidence is not None
    indicators: dict[int, IndicatorSpec] = {}
    for key, ind in sorted(raw.indicators.items(), key=lambda kv: int(kv[0])):
        n = int(key)
        tool = general.indicator_tools[key]
        prefix = _TOOL_PREFIX[tool]
        if any(not code.startswith(prefix) for code in ind.items):
            raise ValueError(f"{year} indicator {n}: {tool} items must start with {prefix!r}")
        subs = {
            sub_key: SubIndicator(
                key=sub_key,
                name=sub.name,
                items=tuple(sub.items),
                confidence=sub.confidence,
                name_note=sub.name_note,
                evidence=sub.evidence,
            )
            for sub_key, sub in (ind.sub_indicators or {}).items()
        }
        indicators[n] = IndicatorSpec(
            number=n,
            name=general.indicator_names[key],
            tool=tool,
            items=tuple(ind.items),
            items_confidence=ind.items_confidence,
            score_rule=ind.score_rule,
            score_rule_confidence=ind.score_rule_confidence,
            sub_indicators=subs,
            name_note=ind.name_note,
            items_evidence=ind.items_evidence,
            score_rule_evidence=ind.score_rule_evidence,
        )
    item_codes = tuple(code for n in sorted(indicators) for code in indicators[n].items)
    rule = raw.title_year_rule
    title_year_rule: dict[str, TitleYear] = {}
    if rule is not None:
        for code in rule.assessed:
            title_year_rule[code] = "assessed"
        for code in rule.previous:
            title_year_rule[code] = "previous"
    levels = raw.levels
    return YearFramework(
        year=year,
        confidence=raw.confidence,
        weights={str(t): w for t, w in raw.weights.items()},
        weights_confidence=raw.weights_confidence,
        tool_rule_confidence=raw.tool_is_mean_of_indicators_confidence,
        indicators=indicators,
        item_codes=item_codes,
        item_titles={code: (t.title, t.confidence) for code, t in raw.item_titles.items()},
        item_title_candidates={code: tuple(c.candidates) for code, c in raw.item_title_candidates.items()},
        title_year_rule=title_year_rule,
        title_year_rule_confidence=rule.confidence if rule is not None else None,
        title_year_offsets=tuple(rule.allowed_offsets) if rule is not None else (),
        title_year_offsets_confidence=rule.allowed_offsets_confidence if rule is not None else None,
        oit_item_values=tuple(raw.oit_item_values) if raw.oit_item_values is not None else None,
        oit_item_values_confidence=raw.oit_item_values_confidence,
        measures_items=tuple(raw.measures_items),
        measures_items_confidence=raw.measures_items_confidence,
        levels=LevelScheme(
            scheme=levels.scheme,
            labels_confidence=levels.labels_confidence,
            labels=tuple(_level(lv) for lv in levels.labels),
            below_pass_labels=tuple(_level(lv) for lv in levels.below_pass_labels),
            note=levels.note,
        ),
        notes=tuple(raw.notes),
    )


@functools.cache
def _frameworks() -> dict[int, YearFramework]:
    data = _raw()
    return {
        int(key): _build_year(int(key), year, data.general)
        for key, year in sorted(data.years.items())
        if year.has_structure
    }


# ---------------------------------------------------------------------------- public functions


def framework_for(year_be: int | None) -> YearFramework | None:
    """The framework of a fiscal year (พ.ศ.), or None when the year's structure is unknown (e.g. 2569)."""
    if year_be is None:
        return None
    return _frameworks().get(year_be)


def known_years() -> list[int]:
    """Years with a known structure, ascending (2562-2568)."""
    return sorted(_frameworks())


def year_confidence(year_be: int) -> Confidence | None:
    """Overall confidence of a year in the data file, including years without structure (2569: low)."""
    raw = _raw().years.get(str(year_be))
    return raw.confidence if raw is not None else None


def year_notes(year_be: int) -> tuple[str, ...]:
    """The notes of a year in the data file (also for years without structure, such as 2569)."""
    raw = _raw().years.get(str(year_be))
    return tuple(raw.notes) if raw is not None else ()


@functools.cache
def _all_level_labels() -> frozenset[str]:
    return frozenset(
        lv.label for fw in _frameworks().values() if fw.levels is not None for lv in fw.levels.all_labels()
    )


def all_level_labels() -> set[str]:
    """Every rating label of every year, including the below-pass candidates (a fresh set)."""
    return set(_all_level_labels())


def _indicator_key(n: int) -> str:
    key = str(n)
    if key not in _raw().general.indicator_tools:
        raise KeyError(f"no indicator {n}; indicators are 1..10")
    return key


def indicator_tool(n: int) -> str:
    """The tool (IIT, EIT or OIT) of indicator ``n`` (the same in every year; high)."""
    return _raw().general.indicator_tools[_indicator_key(n)]


def indicator_name(n: int) -> str:
    """The Thai name of indicator ``n`` as NACC prints it (high)."""
    return _raw().general.indicator_names[_indicator_key(n)]


def indicator_names_with_variants(n: int) -> tuple[str, ...]:
    """The NACC name of indicator ``n`` first, then variants seen in reports (low: not NACC wording)."""
    general = _raw().general
    key = _indicator_key(n)
    return (general.indicator_names[key], *general.indicator_name_variants.get(key, ()))


def total_weights() -> dict[str, float]:
    """Tool weights in the total: IIT 0.3, EIT 0.3, OIT 0.4 (a fresh dict)."""
    return {str(t): w for t, w in _raw().general.total_weights.items()}


def pass_line() -> float:
    """The national pass line (85; high)."""
    return _raw().general.pass_line


def tool_name(tool: str, *, english: bool = False) -> str:
    """Thai (default) or English name of a tool."""
    spec = _raw().general.tools[tool]
    return spec.english if english else spec.name


def tool_names() -> dict[str, tuple[str, str]]:
    """``{"IIT": (thai, english), ...}``."""
    return {tool: (spec.name, spec.english) for tool, spec in _raw().general.tools.items()}
