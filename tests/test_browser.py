"""The HTML report in a real browser: Chromium (Debian's chromium + chromium-driver) driven by Selenium.

Each test writes a report with ``ita-parse report``, opens it as a person would, and checks what they
would see: one entry per finding of the JSON, every page crop loaded with its box over the disputed
text, the ten indicators in the chart, no console error and no network request; then prints the page
to PDF (A4) and checks that every finding's text is in it and that no finding is cut across two
pages.  Screenshots and the printed PDFs are left in the test's tmp dir.

Nothing is downloaded: Selenium gets the installed chromedriver and chromium by path (Selenium
Manager is never asked), and Chromium runs with its background networking off.
"""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from PIL import Image
from selenium.webdriver.common.by import By

from ita_parse import repair_thai, to_thai_digits

from .helpers import DATA, SAMPLE, sample_text
from .test_cli import run
from .variants import replace

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None
)
LAKSAMAN = DATA / "pdf" / "laksaman.pdf"
SCANNED = DATA / "pdf" / "scanned.pdf"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--hide-scrollbars",
    "--window-size=1280,1000",
]

if not (CHROMIUM and CHROMEDRIVER):
    if os.environ.get("CI"):
        pytest.fail(
            "the browser tests need Chromium in CI (apt-get install chromium chromium-driver)",
            pytrace=False,
        )
    pytest.skip(
        "needs chromium and chromedriver (apt-get install chromium chromium-driver)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common import selenium_manager

    def no_manager(*args: object, **kwargs: object) -> Any:
        raise AssertionError("Selenium Manager was asked for a driver: it must not download anything")

    patch = pytest.MonkeyPatch()
    patch.setattr(selenium_manager.SeleniumManager, "binary_paths", no_manager)
    patch.setenv("SE_OFFLINE", "true")
    profile = tmp_path_factory.mktemp("chromium-profile")
    options = webdriver.ChromeOptions()
    assert CHROMIUM is not None and CHROMEDRIVER is not None
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        patch.undo()


@dataclass
class Seen:
    """What the browser showed of one report."""

    findings: list[dict[str, Any]]  # the JSON's
    articles: list[Any]  # the finding entries on the page
    html: Path
    pdf_text: list[str]


def _report(source: Path, out: Path, *extra: str) -> tuple[Path, list[dict[str, Any]]]:
    code, _, err = run("report", str(source), "-o", str(out), "--jobs", "1", *extra)
    assert code in (0, 1), err
    code, js, err = run("check", str(source), "--format", "json", "--jobs", "1", *extra)
    assert code in (0, 1), err
    findings: list[dict[str, Any]] = json.loads(js)["findings"]
    return out / (source.stem + ".html"), findings


def _wait_for_images(driver: Any) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if driver.execute_script("return Array.from(document.images).every(i => i.complete)"):
            return
        time.sleep(0.1)
    raise AssertionError("the page's images did not finish loading")


def _network_requests(driver: Any, page_url: str) -> list[str]:
    """What the browser asked for besides the page itself and its data: images (the performance log).

    chrome:// pages (the new-tab page a fresh browser shows) are the browser's own, not requests.
    """
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url != page_url and not url.startswith(("data:", "chrome:", "chrome-untrusted:", "about:")):
                urls.append(url)
    return urls


def _screenshot(driver: Any, path: Path) -> None:
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 15000), "scale": 1}
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
    )
    path.write_bytes(base64.b64decode(shot["data"]))


def _squash(text: str) -> str:
    return "".join(text.split())


def _print_pdf(driver: Any, path: Path, count: int) -> list[str]:
    """Print the page to an A4 PDF, with invisible start and end marks in every finding; each page's text."""
    driver.execute_script(
        """
        document.querySelectorAll('article.finding').forEach((a, i) => {
          for (const [where, tag] of [['afterbegin', 'S'], ['beforeend', 'E']]) {
            a.insertAdjacentHTML(where,
              `<span style="font-size:3px;line-height:0;color:#fff">QQ${tag}${i + 1}QQ</span>`);
          }
        });
        """
    )
    pdf = driver.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True, "paperWidth": 8.27}
    )
    path.write_bytes(base64.b64decode(pdf["data"]))
    with pdfplumber.open(path) as doc:
        page = doc.pages[0]
        assert round(page.width) == 595 and round(page.height) == 842  # A4 in points
        texts = [p.extract_text() or "" for p in doc.pages]
    assert sum(t.count("QQS") for t in texts) == count
    return texts


def _open(driver: Any, html: Path, findings: list[dict[str, Any]], shots: Path, name: str) -> Seen:
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get_log("performance")
    url = html.resolve().as_uri()
    driver.get(url)
    _wait_for_images(driver)
    articles = driver.find_elements(By.CSS_SELECTOR, "article.finding")
    # one entry per finding of the JSON, each showing its message
    assert len(articles) == len(findings)
    shown = sorted(_squash(a.find_element(By.CSS_SELECTOR, "p.message").text) for a in articles)
    assert shown == sorted(_squash(f["message"]) for f in findings)
    # every crop loaded, every box inside its image
    for figure in driver.find_elements(By.CSS_SELECTOR, "figure.crop"):
        img = figure.find_element(By.TAG_NAME, "img")
        assert driver.execute_script("return arguments[0].naturalWidth", img) > 0
        frame = img.rect
        assert frame["width"] > 50 and frame["height"] > 10
        for box in figure.find_elements(By.CSS_SELECTOR, "div.box"):
            r = box.rect
            assert r["width"] > 2 and r["height"] > 2
            assert frame["x"] - 1.5 <= r["x"] and r["x"] + r["width"] <= frame["x"] + frame["width"] + 1.5
            assert frame["y"] - 1.5 <= r["y"] and r["y"] + r["height"] <= frame["y"] + frame["height"] + 1.5
    # the chart: the ten indicators, each with a bar
    bars = driver.find_elements(By.CSS_SELECTOR, "svg.score-chart g.indicator")
    assert len(bars) == 10 and all(b.is_displayed() for b in bars)
    assert all(b.find_element(By.CSS_SELECTOR, "rect.bar").rect["width"] > 10 for b in bars)
    # nothing logged, nothing fetched
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []
    requests = _network_requests(driver, url)
    assert requests == [], requests[:5]
    _screenshot(driver, shots / f"{name}.png")
    texts = _print_pdf(driver, shots / f"{name}-printed.pdf", len(articles))
    _no_finding_cut(texts, findings, articles)
    return Seen(findings, articles, html, texts)


def _no_finding_cut(texts: list[str], findings: list[dict[str, Any]], articles: list[Any]) -> None:
    pages = [_squash(t) for t in texts]
    for i, article in enumerate(articles, 1):
        start = [n for n, t in enumerate(pages) if f"QQS{i}QQ" in t]
        end = [n for n, t in enumerate(pages) if f"QQE{i}QQ" in t]
        assert len(start) == 1 and start == end, f"finding {i} runs over pages {start} – {end}"
        message = _squash(article.find_element(By.CSS_SELECTOR, "p.message").text)
        page = pages[start[0]]
        # the message is on that page
        assert _skeleton(message) in _skeleton(page), f"finding {i}'s message is not printed"


def _skeleton(text: str) -> str:
    """Text to compare with a PDF's: Chromium's text layer has Thai marks as private-use glyphs and
    ำ in two pieces (ita_parse's own repair undoes that), and marks in another order (left out)."""
    text = repair_thai(text, restore_nikhahit=False)
    return "".join(c for c in text if not ("\u0e31" <= c <= "\u0e3a" or "\u0e47" <= c <= "\u0e4e"))


def _box_in_pdf(driver: Any, figure: Any, box: Any) -> tuple[float, float, float, float]:
    """The box as the browser shows it, in PDF points of its page (from the image's geometry)."""
    img = figure.find_element(By.TAG_NAME, "img").rect
    x0, top, x1, bottom = (float(v) for v in figure.get_attribute("data-region").split())
    r = box.rect
    sx, sy = (x1 - x0) / img["width"], (bottom - top) / img["height"]
    return (
        x0 + (r["x"] - img["x"]) * sx,
        top + (r["y"] - img["y"]) * sy,
        x0 + (r["x"] + r["width"] - img["x"]) * sx,
        top + (r["y"] + r["height"] - img["y"]) * sy,
    )


def _ink(driver: Any, figure: Any, box: Any) -> float:
    """The share of dark pixels of the page image under the box."""
    img_el = figure.find_element(By.TAG_NAME, "img")
    image = Image.open(io.BytesIO(base64.b64decode(img_el.get_attribute("src").split(",", 1)[1]))).convert(
        "L"
    )
    img, r = img_el.rect, box.rect
    fx, fy = image.width / img["width"], image.height / img["height"]
    border = 3  # the box's own border is drawn over the image, not in it
    area = image.crop(
        (
            int((r["x"] - img["x"] + border) * fx),
            int((r["y"] - img["y"] + border) * fy),
            int((r["x"] + r["width"] - img["x"] - border) * fx),
            int((r["y"] + r["height"] - img["y"] - border) * fy),
        )
    )
    dark = sum(area.histogram()[:128])
    return dark / max(1, area.width * area.height)


def _ita201(driver: Any, seen: Seen) -> tuple[dict[str, Any], Any]:
    finding = next(f for f in seen.findings if f["code"] == "ITA201" and f["indicator"] == 6)
    article = next(a for a in seen.articles if a.get_attribute("data-code") == "ITA201")
    assert article.find_element(By.CSS_SELECTOR, "p.message").text.startswith("indicator 6 ")
    return finding, article


def _words_in(words: list[dict[str, Any]], box: tuple[float, float, float, float], text: str) -> list[str]:
    x0, top, x1, bottom = box
    return [
        w["text"]
        for w in words
        if text in w["text"]
        and x0 - 1 <= (w["x0"] + w["x1"]) / 2 <= x1 + 1
        and top - 1 <= (w["top"] + w["bottom"]) / 2 <= bottom + 1
    ]


# --- the tests ------------------------------------------------------------------------------------


def test_sample_text_report(browser: Any, tmp_path: Path) -> None:
    html, findings = _report(SAMPLE, tmp_path)
    seen = _open(browser, html, findings, tmp_path, "sample")
    assert len(seen.findings) == 11
    assert browser.find_elements(By.TAG_NAME, "img") == []  # a text input has no page images
    _, article = _ita201(browser, seen)
    marks = [m.text for m in article.find_elements(By.TAG_NAME, "mark")]
    assert marks == ["96.29", "96.26", "96.26", "96.26"]
    disputed = browser.find_elements(By.CSS_SELECTOR, "svg.score-chart g.indicator.disputed")
    assert [g.get_attribute("data-indicator") for g in disputed] == ["6"]
    text = " ".join(seen.pdf_text)
    assert "96.79" in text and "Improvement plan" in text


def test_mutated_copy(browser: Any, tmp_path: Path) -> None:
    """Indicator 2's summary score changed: its own ITA201 appears, on the chart and in the findings."""
    mutated = tmp_path / "mutated.txt"
    text = replace(sample_text(), "ตัวชี้วัดที่ ๒ การใช้งบประมาณ\t๙๙.๐๕\t\n", "ตัวชี้วัดที่ ๒ การใช้งบประมาณ\t๙๘.๐๕\t\n")
    mutated.write_text(text, encoding="utf-8")
    html, findings = _report(mutated, tmp_path)
    assert sum(f["code"] == "ITA201" for f in findings) == 2
    seen = _open(browser, html, findings, tmp_path, "mutated")
    disputed = browser.find_elements(By.CSS_SELECTOR, "svg.score-chart g.indicator.disputed")
    assert [g.get_attribute("data-indicator") for g in disputed] == ["2", "6"]
    two = disputed[0]
    assert two.get_attribute("data-score") == "98.05" and "99.05" in two.text
    assert len(seen.articles) == len(findings)


def test_pdf_report_boxes_sit_on_the_disputed_cells(browser: Any, tmp_path: Path) -> None:
    html, findings = _report(LAKSAMAN, tmp_path)
    seen = _open(browser, html, findings, tmp_path, "laksaman")
    finding, article = _ita201(browser, seen)
    places = [finding["location"], *finding["related"]]
    figures = article.find_elements(By.CSS_SELECTOR, "figure.crop")
    checked = 0
    with pdfplumber.open(LAKSAMAN) as pdf:
        for figure in figures:
            page_no = int(figure.get_attribute("data-page"))
            words = pdf.pages[page_no - 1].extract_words()
            for box in figure.find_elements(By.CSS_SELECTOR, "div.box"):
                place = places[int(box.get_attribute("data-place"))]
                rect = _box_in_pdf(browser, figure, box)
                assert rect == pytest.approx(tuple(place["bbox"]), abs=1.0)
                value = to_thai_digits(f"{place['value']:.2f}")
                assert _words_in(words, rect, value), f"no {value} under the box on page {page_no}"
                if place["table"] == "summary":  # the summary-table cell of indicator 6
                    assert page_no == 2 and value == "๙๖.๒๙"
                    checked += 1
                if place["table"] == "items":  # the items-table heading row "ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน"
                    assert page_no == 4 and value == "๙๖.๒๖"
                    heading = [
                        w
                        for w in words
                        if w["text"].startswith("คุณภาพการด") and w["top"] < rect[3] and w["bottom"] > rect[1]
                    ]
                    assert heading, "the box is not on the row of the indicator 6 heading"
                    checked += 1
                assert _ink(browser, figure, box) > 0.01
    assert checked == 2
    # every primary box of every finding lies over printed text
    for figure in browser.find_elements(By.CSS_SELECTOR, "figure.crop.primary"):
        box = figure.find_element(By.CSS_SELECTOR, "div.box.primary")
        assert _ink(browser, figure, box) > 0.005


def test_scanned_excerpt_report(browser: Any, tmp_path: Path) -> None:
    """Three pages of the scan (summary and items tables), read by OCR (bench/report.py: the whole file)."""
    import pypdfium2 as pdfium

    excerpt = tmp_path / "scan-excerpt.pdf"
    src = pdfium.PdfDocument(SCANNED)
    dst = pdfium.PdfDocument.new()
    dst.import_pages(src, [1, 2, 3])  # pages 2-4: the summary table, the items up to indicator 6's heading
    dst.save(excerpt)
    dst.close()
    src.close()
    html, findings = _report(excerpt, tmp_path, "--ocr", "auto")
    seen = _open(browser, html, findings, tmp_path, "scan-excerpt")
    finding, article = _ita201(browser, seen)
    places = [finding["location"], *finding["related"]]
    figures = article.find_elements(By.CSS_SELECTOR, "figure.crop")
    assert [f.get_attribute("data-page") for f in figures] == ["1", "3"]
    for figure in figures:
        for box in figure.find_elements(By.CSS_SELECTOR, "div.box"):
            place = places[int(box.get_attribute("data-place"))]
            assert _box_in_pdf(browser, figure, box) == pytest.approx(tuple(place["bbox"]), abs=1.0)
            assert _ink(browser, figure, box) > 0.01  # the scanned digits are under the box
    assert "pdf-ocr" in browser.find_element(By.CSS_SELECTOR, "header.report-header").text


def test_the_checks_notice_a_remote_load(browser: Any, tmp_path: Path) -> None:
    """The console and network checks above are not vacuous: a page that tries a remote image is caught."""
    html, _ = _report(SAMPLE, tmp_path)
    page = html.read_text(encoding="utf-8")
    remote = '<img src="http://127.0.0.1:9/x.png" alt="">'  # the discard port: refused at once
    blocked = tmp_path / "blocked.html"
    blocked.write_text(page.replace("<main>", "<main>" + remote, 1), encoding="utf-8")
    browser.get_log("browser")
    browser.get(blocked.as_uri())
    logged = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert any("Content Security Policy" in m for m in logged), logged  # the CSP refused it
    open_page = tmp_path / "open.html"
    no_csp = page.replace('<meta http-equiv="Content-Security-Policy"', '<meta name="x-removed"', 1)
    open_page.write_text(no_csp.replace("<main>", "<main>" + remote, 1), encoding="utf-8")
    browser.get_log("performance")
    browser.get(open_page.as_uri())
    assert "http://127.0.0.1:9/x.png" in _network_requests(browser, open_page.as_uri())
