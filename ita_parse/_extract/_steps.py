"""Split the steps cell of a plan row into numbered steps, as printed."""

from __future__ import annotations

import regex

from .._model import Step
from ._patterns import STEP_BARE_DOT_RE, STEP_START_RE

_BULLET_RE = regex.compile(r"^\s*[-•●▪◦๏∙]\s*(?=\S)")
_SPACES = regex.compile(r"[ \t]+")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def split_steps(paragraphs: list[str]) -> list[Step]:
    """The steps of a cell, one per number printed ("1.", "2)"), bullet or bare dot.

    A paragraph with no marker continues the step before it (sub-items such as
    "(1) …" stay inside their step); before any marker it is a step of its own
    with no number.  Numbers are kept as printed, gaps and repeats included.
    """
    steps: list[Step] = []

    def add(number: int | None, marker: str, text: str) -> None:
        steps.append(Step(number=number, text=_clean(text), marker=marker))

    for para in paragraphs:
        para = para.strip()
        if not para:
            continue
        bare = STEP_BARE_DOT_RE.match(para)
        bullet = _BULLET_RE.match(para)
        marks = list(STEP_START_RE.finditer(para))
        head_end = marks[0].start() if marks else len(para)
        head = para[:head_end].strip()
        if bare:
            # ". text" — a step whose number was lost; numbered steps after it still split
            add(None, bare.group().strip(), para[bare.end() : head_end])
        elif bullet and not (marks and marks[0].start() <= bullet.end()):
            # "- text": a step without a number; inline numbers after it still split
            add(None, "-", para[bullet.end() : head_end])
        elif head:
            if steps:
                steps[-1] = Step(
                    number=steps[-1].number, text=_clean(steps[-1].text + " " + head), marker=steps[-1].marker
                )
            else:
                add(None, "", head)
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(para)
            add(int(m.group("num")), m.group().strip(), para[m.end() : end])
    return [s for s in steps if s.text or s.number is not None]
