"""The report model: what `ita_parse.parse` returns.

Everything here is data (pydantic v2).  The JSON shape is the contract in
``docs/interface.md``; fields marked *extension* are additions documented in
the README.  Text fields hold repaired Thai (NFC, no private-use glyphs, ำ
whole) with Arabic digits; ``Provenance.raw`` keeps what the input said.
"""

from __future__ import annotations

import datetime as _dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ._version import __version__

SCHEMA_VERSION: Literal["1"] = "1"

Tool = Literal["IIT", "EIT", "OIT"]
SourceKind = Literal["text", "pdf", "pdf-ocr", "docx", "html"]
TableKind = Literal["summary", "items", "analysis", "plan", "intro", "title"]
BBox = tuple[float, float, float, float]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Provenance(_Model):
    """Where a value was found in the input."""

    path: str | None = Field(
        default=None, description="The input file, when it is not the report's own source."
    )
    page: int | None = Field(default=None, ge=1, description="1-based page number (PDF inputs).")
    bbox: BBox | None = Field(default=None, description="[x0, top, x1, bottom] in PDF points.")
    table: TableKind | None = Field(default=None, description="Which part of the report this is in.")
    row: int | None = Field(default=None, ge=1, description="1-based body row of that table.")
    column: int | None = Field(default=None, ge=1, description="1-based column of that table.")
    paragraph: int | None = Field(
        default=None, ge=1, description="1-based paragraph (readers without pages: text, docx, html)."
    )
    line: int | None = Field(default=None, ge=1, description="Extension: 1-based line of a text input.")
    field: str | None = Field(
        default=None, description="Extension: the report field concerned, e.g. 'score' or 'steps'."
    )
    value: float | None = Field(
        default=None, description="Extension: the number printed at this place, for score sources."
    )
    candidates: list[float] = Field(
        default_factory=list,
        description="Extension (OCR): other readings of ``value`` the recogniser considered, best first.",
    )
    raw: str = Field(default="", description="The text as found, before repair (Thai digits and all).")


class Source(_Model):
    path: str
    sha256: str
    kind: SourceKind
    pages: int | None = None
    encoding: str | None = Field(default=None, description="Extension: detected text encoding.")


class Agency(_Model):
    name: str | None = None
    type: str | None = None
    district: str | None = None
    province: str | None = None


class Previous(_Model):
    """The previous round's result as the report states it."""

    assessed_year: int | None = None
    total_score: float | None = None
    claimed_change: float | None = Field(
        default=None, description="The change the text claims (positive = higher than last year)."
    )
    provenance: Provenance | None = Field(default=None, description="Extension: the sentence.")


class ToolScores(_Model):
    IIT: float | None = None
    EIT: float | None = None
    OIT: float | None = None

    def get(self, tool: str) -> float | None:
        value: float | None = getattr(self, tool)
        return value


class Indicator(_Model):
    number: int = Field(ge=1, le=10)
    name: str
    tool: Tool
    score: float | None = Field(
        default=None, description="As printed in the summary table (else the first place it is printed)."
    )
    sources: list[Provenance] = Field(
        default_factory=list, description="Every place this indicator's score is printed."
    )


class Item(_Model):
    code: str = Field(pattern=r"^[ieo][1-9][0-9]*$")
    indicator: int | None = Field(
        default=None,
        ge=1,
        le=10,
        description="The indicator the report places the item under (else the year's framework says).",
    )
    text: str
    score: float | None = None
    code_raw: str = Field(default="", description="Extension: the code as typed, e.g. '๐๑๓'.")
    provenance: Provenance = Field(default_factory=Provenance)


class AnalysisPart(_Model):
    number: int | None = None
    title: str
    text: str
    provenance: Provenance = Field(default_factory=Provenance)


class Analysis(_Model):
    indicator: int = Field(ge=1, le=10)
    score: float | None = None
    name: str | None = Field(default=None, description="Extension: the indicator name in the heading.")
    text: str
    parts: list[AnalysisPart] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=Provenance)


class Step(_Model):
    number: int | None = Field(default=None, description="The number printed before the step; null if none.")
    text: str
    marker: str = Field(default="", description="Extension: the marker before the step ('2.', '.', '-').")


class Period(_Model):
    text: str
    start: _dt.date | None = None
    end: _dt.date | None = None


class PlanRow(_Model):
    indicator: int = Field(ge=1, le=10)
    indicator_name: str
    score: float | None = None
    measure: str = ""
    rationale: str = ""
    steps: list[Step] = Field(default_factory=list)
    period: Period | None = None
    owner: str = ""
    provenance: Provenance = Field(default_factory=Provenance)


class PageQuality(_Model):
    """How usable one page's text was (PDF inputs)."""

    page: int = Field(ge=1)
    verdict: Literal["good", "repaired", "unusable", "empty"] = "good"
    score: float = Field(default=1.0, ge=0.0, le=1.0, description="1 = clean text layer, 0 = unusable.")
    chars: int = 0
    counts: dict[str, int] = Field(default_factory=dict)


class LowConfidence(_Model):
    """A value kept although nothing confirmed it (OCR)."""

    field: str
    value: float | str | None
    candidates: list[float | str] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=Provenance)


class Quality(_Model):
    repaired_chars: int = Field(default=0, description="Characters changed by the Thai repair.")
    suspect_chars: int = Field(
        default=0, description="Characters that look broken but were left alone (ambiguous or unknown)."
    )
    ocr_pages: list[int] = Field(default_factory=list)
    repairs: dict[str, int] = Field(default_factory=dict, description="Extension: repairs by kind.")
    ambiguous: dict[str, int] = Field(
        default_factory=dict, description="Extension: broken-looking words left alone, by word."
    )
    thai_digits: int = Field(default=0, description="Extension: Thai digits turned Arabic.")
    pages: list[PageQuality] = Field(default_factory=list, description="Extension: per-page triage.")
    low_confidence: list[LowConfidence] = Field(default_factory=list)


class Report(_Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source
    agency: Agency = Field(default_factory=Agency)
    title: str | None = Field(default=None, description="Extension: the document title as printed.")
    fiscal_year: int | None = Field(default=None, description="B.E. year the document is for (plan year).")
    assessed_year: int | None = Field(default=None, description="B.E. year of the ITA round it reports.")
    total_score: float | None = None
    level: str | None = None
    previous: Previous | None = None
    tool_scores: ToolScores = Field(default_factory=ToolScores)
    indicators: list[Indicator] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    analyses: list[Analysis] = Field(default_factory=list)
    plan: list[PlanRow] = Field(default_factory=list)
    quality: Quality = Field(default_factory=Quality)
    # extensions
    total_sources: list[Provenance] = Field(
        default_factory=list, description="Extension: every place the total score is printed."
    )
    tool_sources: dict[str, list[Provenance]] = Field(
        default_factory=dict, description="Extension: every place each tool score is printed."
    )
    year_sources: dict[str, list[Provenance]] = Field(
        default_factory=dict,
        description="Extension: where the fiscal and assessed years are stated ('fiscal', 'assessed').",
    )
    level_source: Provenance | None = Field(default=None, description="Extension: where the level is.")
    parser_version: str = Field(default=__version__, description="Extension: ita_parse version.")

    def indicator(self, number: int) -> Indicator | None:
        """The indicator with this number, if the report has it."""
        for ind in self.indicators:
            if ind.number == number:
                return ind
        return None
