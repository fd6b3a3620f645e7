"""Agency name, type, district and province from the title and intro."""

from __future__ import annotations

import functools

import regex

from .._model import Agency
from ._patterns import loose

# Kinds of Thai public agency, longest first so "เทศบาลตำบล" wins over "เทศบาล".
AGENCY_TYPES: tuple[str, ...] = tuple(
    sorted(
        (
            "องค์การบริหารส่วนจังหวัด",
            "องค์การบริหารส่วนตำบล",
            "เทศบาลนคร",
            "เทศบาลเมือง",
            "เทศบาลตำบล",
            "กรุงเทพมหานคร",
            "เมืองพัทยา",
            "สำนักงานเขตพื้นที่การศึกษา",
            "สำนักงานสาธารณสุขจังหวัด",
            "สำนักงานสาธารณสุขอำเภอ",
            "สำนักงาน",
            "กระทรวง",
            "กรม",
            "มหาวิทยาลัย",
            "โรงพยาบาลส่งเสริมสุขภาพตำบล",
            "โรงพยาบาล",
            "โรงเรียน",
            "วิทยาลัย",
            "สถาบัน",
            "ศาล",
            "การไฟฟ้า",
            "การประปา",
            "การท่าเรือ",
            "การรถไฟ",
            "องค์การ",
            "ศูนย์",
            "กอง",
        ),
        key=len,
        reverse=True,
    )
)
_TYPE_RE = regex.compile(
    "(?P<type>" + "|".join(loose(t) for t in AGENCY_TYPES) + r")(?P<rest>[ก-๙A-Za-z0-9.\-]*)"
)
_DISTRICT_RE = regex.compile(rf"(?:{loose('อำเภอ')}|(?<![ก-ฮ])อ\.|เขต)\s*(?P<name>[ก-๙]+)")
_PROVINCE_RE = regex.compile(r"(?:จังหวัด|(?<![ก-ฮ])จ\.)\s*(?P<name>[ก-๙]+)")
_SPACE_RE = regex.compile(r"\s+")


@functools.cache
def _provinces() -> frozenset[str]:
    from pythainlp.corpus import provinces

    names = frozenset(str(n) for n in provinces())
    return names | {"กรุงเทพมหานคร"}


def _canonical_type(found: str) -> str:
    squashed = found.replace(" ", "")
    for t in AGENCY_TYPES:
        if regex.fullmatch(loose(t), squashed):
            return t
    return squashed


def find_agency_name(text: str) -> tuple[str, str] | None:
    """(name, type) of the first agency named in ``text``."""
    for m in _TYPE_RE.finditer(text):
        rest = m.group("rest")
        if not rest or rest.startswith(("และ", "ของ", "ใน")):
            continue  # a bare word such as "สำนักงาน" in running text
        kind = _canonical_type(m.group("type"))
        return kind + rest, kind
    return None


def find_province(text: str) -> str | None:
    for m in _PROVINCE_RE.finditer(text):
        name = m.group("name")
        if name in _provinces():
            return name
        for p in _provinces():  # "จังหวัดราชบุรีโดย…": the name runs into the next word
            if name.startswith(p):
                return p
    return None


def find_district(text: str) -> str | None:
    m = _DISTRICT_RE.search(text)
    if not m:
        return None
    name = m.group("name")
    # stop where the province starts when there is no space between them
    cut = regex.search(r"(?:จังหวัด|จ\.)", name)
    return name[: cut.start()] if cut else name


def extract_agency(texts: list[str]) -> Agency:
    """The agency from the title and intro lines, in that order of trust."""
    agency = Agency()
    for text in texts:
        text = _SPACE_RE.sub(" ", text)
        if agency.name is None:
            found = find_agency_name(text)
            if found:
                agency.name, agency.type = found
        if agency.district is None:
            agency.district = find_district(text)
        if agency.province is None:
            agency.province = find_province(text)
    return agency
