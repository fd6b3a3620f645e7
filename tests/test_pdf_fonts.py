"""The same report typed in other Thai fonts and laid out differently, exported here by LibreOffice.

Nothing in the reader may be tuned to the fixtures' three fonts: the report
re-set in other TLWG fonts, with other margins, another body size, and (in
one variant) no first-line indents, no paragraph spacing and ragged lines,
must give the same values and text.  Needs LibreOffice Writer and the TLWG
fonts (Debian: ``libreoffice-writer-nogui fonts-thai-tlwg``); skipped without.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import regex

import ita_parse

from .helpers import semantic
from .test_pdf import PDF_DIR, compare_with_ground_truth, ground_truth, reference, without_location

pytestmark = pytest.mark.slow

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

# name: (font, layout)
VARIANTS = {
    "loma": ("Loma", "margins"),
    "kinnari": ("Kinnari", "margins-15pt"),
    "tlwgtypo": ("Tlwg Typo", "margins"),
    "waree-flat": ("Waree", "flat"),
    # LibreOffice draws this monospaced font's marks over the next letter: only the stream order is right
    "tlwgmono": ("Tlwg Mono", "margins"),
}


def _variant_docx(src: Path, dest: Path, font: str, layout: str) -> None:
    """Copy of the report's .docx with another font and another page layout."""
    with zipfile.ZipFile(src) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    styles = parts["word/styles.xml"].decode("utf-8").replace("Laksaman", font)
    if layout.endswith("15pt"):
        styles = styles.replace(
            '<w:sz w:val="32"/><w:szCs w:val="32"/>', '<w:sz w:val="30"/><w:szCs w:val="30"/>'
        )
    doc = parts["word/document.xml"].decode("utf-8")
    # margins in twentieths of a point: portrait and landscape sections
    doc = doc.replace(
        'w:top="1417" w:right="1134" w:bottom="1134" w:left="1701"',
        'w:top="1200" w:right="1300" w:bottom="1000" w:left="1500"',
    ).replace(
        'w:top="1134" w:right="850" w:bottom="850" w:left="850"',
        'w:top="1000" w:right="1000" w:bottom="900" w:left="1000"',
    )
    if layout == "flat":
        doc = doc.replace('<w:ind w:firstLine="1417"/>', "")
        doc = regex.sub(
            r'<w:spacing w:(?:after|before)="\d+" w:(?:after|before)="\d+"/>',
            '<w:spacing w:before="0" w:after="0"/>',
            doc,
        )
        doc = doc.replace('<w:jc w:val="both"/>', '<w:jc w:val="left"/>')
    parts["word/styles.xml"] = styles.encode("utf-8")
    parts["word/document.xml"] = doc.encode("utf-8")
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


@pytest.fixture(scope="session")
def variant_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (Debian: libreoffice-writer-nogui fonts-thai-tlwg)")
    have = subprocess.run(["fc-list", ":lang=th", "family"], capture_output=True, text=True).stdout
    if "Loma" not in have:
        pytest.skip("the TLWG Thai fonts are not installed (Debian: fonts-thai-tlwg)")
    work = tmp_path_factory.mktemp("fonts")
    docx = []
    for name, (font, layout) in VARIANTS.items():
        path = work / f"{name}.docx"
        _variant_docx(PDF_DIR / "laksaman.docx", path, font, layout)
        docx.append(str(path))
    profile = work / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            *docx,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {name: work / f"{name}.pdf" for name in VARIANTS}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_other_fonts_and_layouts_give_the_same_report(name: str, variant_pdfs: dict[str, Path]) -> None:
    path = variant_pdfs[name]
    report = ita_parse.parse(path)
    font = VARIANTS[name][0].replace(" ", "")
    assert font.lower() in _font_names(path).lower(), "the variant was not set in its font"
    assert without_location(semantic(report, keep_text=False)) == reference()
    stats = compare_with_ground_truth(report, ground_truth(False))
    assert stats["indicator names"] == 10
    assert (stats["item texts"], stats["items"]) == (52, 52)
    assert stats["analysis cer"] <= 0.001
    assert stats["plan steps"] == (66, 66)
    assert stats["plan cells"] == (40, 40)
    assert all(q.verdict == "good" for q in report.quality.pages)


def _font_names(path: Path) -> str:
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(path)
    try:
        textpage = pdf[1].get_textpage()
        buf = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        pdfium_c.FPDFText_GetFontInfo(textpage, 0, buf, len(buf), flags)
        return buf.value.decode("latin-1")
    finally:
        pdf.close()
