"""The command line: formats, exit codes, and bad input (clear message, exit 2, no traceback)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_parse._cli import main

from .helpers import DATA, SAMPLE, sample_text


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


def test_parse_json_one_document() -> None:
    code, out, err = run("parse", str(SAMPLE))
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, dict) and data["total_score"] == 96.79


def test_parse_several_inputs_give_an_array_and_jsonl_lines(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text(sample_text(), encoding="utf-8")
    code, out, _ = run("parse", str(SAMPLE), str(copy))
    assert code == 0 and len(json.loads(out)) == 2
    code, out, _ = run("parse", str(SAMPLE), str(copy), "--format", "jsonl")
    lines = out.strip().split("\n")
    assert code == 0 and len(lines) == 2 and json.loads(lines[1])["fiscal_year"] == 2569


def test_parse_folder_is_walked(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "r.txt").write_text(sample_text(), encoding="utf-8")
    (tmp_path / "a" / ".hidden.txt").write_text(sample_text(), encoding="utf-8")
    (tmp_path / "a" / "notes.xyz").write_text("x", encoding="utf-8")
    code, out, err = run("parse", str(tmp_path), "--format", "jsonl")
    assert code == 0
    assert len(out.strip().split("\n")) == 1
    assert "skipped 2 hidden or unsupported" in err


def test_parse_csv_to_stdout_and_to_a_folder(tmp_path: Path) -> None:
    code, out, _ = run("parse", str(SAMPLE), "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows[0] == ["path", "table", "row", "field", "value"]
    assert [str(SAMPLE), "indicators", "6", "score", "96.29"] in rows
    code, _, _ = run("parse", str(SAMPLE), "--format", "csv", "-o", str(tmp_path / "out"))
    assert code == 0
    items = (tmp_path / "out" / "items.csv").read_bytes()
    assert items.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for Excel
    table = list(csv.DictReader(io.StringIO(items.decode("utf-8-sig"))))
    assert len(table) == 52 and table[24]["code"] == "o1"
    steps = list(
        csv.DictReader(io.StringIO((tmp_path / "out" / "steps.csv").read_text(encoding="utf-8-sig")))
    )
    assert [s["number"] for s in steps if s["row"] == "9"] == ["1", "2", "3", "2", "3", "4", "5", "6", "7"]


def test_stdin() -> None:
    code, out, _ = run("parse", "-", stdin=SAMPLE.read_bytes())
    assert code == 0 and json.loads(out)["source"]["path"] == "<stdin>"


def test_check_text_json_jsonl_sarif() -> None:
    code, out, _ = run("check", str(SAMPLE))
    assert code == 1
    assert "ITA201" in out and "Found 11 findings (4 errors, 4 warnings, 3 info) in 1 file." in out
    code, out, _ = run("check", str(SAMPLE), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["valid"] is False and data["stats"]["by_code"]["ITA301"] == 1
    code, out, _ = run("check", str(SAMPLE), "--format", "jsonl")
    assert len(out.strip().split("\n")) == 11
    code, out, _ = run("check", str(SAMPLE), "--format", "sarif")
    assert json.loads(out)["version"] == "2.1.0"


def test_check_exit_codes(tmp_path: Path) -> None:
    assert run("check", str(SAMPLE), "--select", "ITA6")[0] == 0  # warnings and info only
    assert run("check", str(SAMPLE), "--select", "ITA6", "--fail-on", "warning")[0] == 1
    assert run("check", str(SAMPLE), "--select", "ITA1")[0] == 0
    empty = tmp_path / "e.txt"
    empty.write_bytes(b"")
    code, out, err = run("check", str(SAMPLE), str(empty), "--format", "json")
    assert code == 2
    data = json.loads(out)
    assert data["inputs"][1]["error"]["code"] == "empty-input"
    assert data["stats"]["by_code"]["ITA201"] == 1  # the readable input was still checked
    assert "empty-input" in err


def test_unknown_selector_is_a_usage_error() -> None:
    code, _, err = run("check", str(SAMPLE), "--select", "NOPE1")
    assert code == 2 and "NOPE1" in err and "Traceback" not in err


def test_rules_and_schema_commands() -> None:
    code, out, _ = run("rules", "--format", "json")
    assert code == 0 and {r["code"] for r in json.loads(out)} >= {"ITA101", "ITA201", "ITA301"}
    code, out, _ = run("schema", "findings")
    assert code == 0 and json.loads(out)["$schema"].startswith("https://json-schema.org/")


# --- bad input ------------------------------------------------------------------------------


def _zip_of_something_else() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes.txt", "not a Word document")
    return buf.getvalue()


BAD_INPUTS = {
    "empty.txt": (b"", "empty-input"),
    "blank.txt": (b"   \n\n  ", "empty-input"),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "decode-failed"),
    "notes.txt": ("บันทึกการประชุมประจำสัปดาห์ เรื่องการจัดงานวันเด็ก".encode(), "not-an-ita-report"),
    "fake.pdf": (b"this is not a pdf at all", "corrupt-input"),
    "truncated.docx": (b"PK\x03\x04" + b"\x00" * 40, "corrupt-input"),
    "archive.docx": (_zip_of_something_else(), "unsupported-input"),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_a_clear_error_exit_2(name: str, tmp_path: Path) -> None:
    data, code_name = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = run("parse", str(path), str(SAMPLE), "--format", "jsonl")
    assert code == 2
    assert f"error[{code_name}]" in err and str(path) in err
    assert "Traceback" not in err
    assert json.loads(out.strip().split("\n")[-1])["total_score"] == 96.79  # the good input still parsed


def test_missing_path(tmp_path: Path) -> None:
    code, _, err = run("parse", str(tmp_path / "nope.txt"))
    assert code == 2 and "file-missing" in err


def test_tis620_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "tis.txt"
    path.write_bytes(sample_text().encode("cp874"))
    code, out, err = run("parse", str(path))
    assert code == 0, err
    data = json.loads(out)
    assert data["total_score"] == 96.79 and data["source"]["encoding"] in ("cp874", "tis-620")
    assert data["agency"]["name"] == "องค์การบริหารส่วนตำบลสามเรือน"


def test_utf16_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes(sample_text().encode("utf-16"))
    code, out, _ = run("parse", str(path))
    assert code == 0 and json.loads(out)["total_score"] == 96.79


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        for name in ("x.txt", "x.pdf", "x"):
            path = Path(d) / name
            path.write_bytes(data)
            code, _, err = run("check", str(path), "--format", "json")
            assert code in (0, 1, 2)
            assert "Traceback" not in err and "internal error" not in err


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_crashes(text: str) -> None:
    code, _, err = run("check", "-", stdin=text.encode("utf-8", errors="surrogatepass"))
    assert code in (0, 1, 2)
    assert "Traceback" not in err and "internal error" not in err


def test_python_m_and_console_script() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ita_parse", "parse", str(SAMPLE), "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0 and json.loads(out.stdout)["level"] == "ผ่านดี"
    script = Path(sys.executable).parent / "ita-parse"
    if script.exists():
        out = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=False)
        assert out.returncode == 0 and out.stdout.startswith("ita-parse ")


def test_timeout_option(tmp_path: Path) -> None:
    assert run("parse", str(SAMPLE), "--timeout", "0")[0] == 0  # 0 = no limit
    code, _, err = run("parse", str(SAMPLE), "--timeout", "soon")
    assert code == 2 and "seconds" in err
    # a limit a PDF cannot meet: a clear timeout error, and the text input after it still parses
    code, out, err = run(
        "parse", str(DATA / "pdf" / "garuda.pdf"), str(SAMPLE), "--timeout", "0.000001", "--format", "jsonl"
    )
    assert code == 2 and "error[timeout]" in err
    assert json.loads(out.strip().split("\n")[-1])["total_score"] == 96.79


def test_text_command_on_a_pdf_a_text_and_pages(tmp_path: Path) -> None:
    pdf = DATA / "pdf" / "word_style_laksaman.pdf"  # PUA marks and ํา in its text layer
    code, out, _ = run("text", str(pdf), "--pages", "2")
    assert code == 0
    assert "องค์การบริหารส่วนตำบลสามเรือน" in out and "๙๖.๗๙" in out  # ำ whole, digits as printed
    assert not any("\ue000" <= ch <= "\uf8ff" for ch in out)
    code, out, _ = run("text", str(pdf), "--pages", "2-3", "--format", "json")
    data = json.loads(out)
    assert [p["page"] for p in data["pages"]] == [2, 3]
    assert data["pages"][0]["repairs"]["pua"] > 0
    assert data["pages"][0]["verdict"] in ("good", "repaired")
    code, out, _ = run("text", str(pdf), "--pages", "2", "--layout")
    assert code == 0 and "ตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน\t๙๖.๒๙\t๙๕.๗๗" in out
    code, out, _ = run("text", str(SAMPLE))
    assert code == 0 and out.startswith("การนำผลการประเมิน ITA")
    assert run("text", str(pdf), "--pages", "3-1")[0] == 2


def test_late_sigint_while_exiting_keeps_the_exit_code(tmp_path: Path) -> None:
    # regression: a Ctrl-C that landed after an import had finished (while the pools shut
    # down) killed the process by signal (-2) instead of letting it exit with its own code
    script = (
        "import atexit, os, signal, sys, time\n"
        "from ita_parse._cli import run\n"
        "atexit.register(lambda: (os.kill(os.getpid(), signal.SIGINT), time.sleep(0.2)))\n"
        "sys.argv = ['ita-parse', 'check', sys.argv[1], '--format', 'json']\n"
        "run()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(SAMPLE)],
        capture_output=True,
        env={**os.environ, "PYTHAINLP_OFFLINE": "1"},
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr.decode()  # the sample has error findings
    assert b"Traceback" not in proc.stderr
