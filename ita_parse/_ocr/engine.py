"""Running tesseract: finding it, checking its Thai data, reading the text lines of a page.

tesseract is run as a program (no Python binding: the Debian packages
``tesseract-ocr`` and ``tesseract-ocr-tha`` are all it needs, and a binding
would tie the wheel to one libtesseract).  Each run gets
``OMP_THREAD_LIMIT=1``: pages run in parallel across cores (``reader``), and
tesseract's own OpenMP threads would only fight over the same cores.

``ITA_PARSE_TESSERACT`` names another tesseract binary (tests use it to
simulate a missing one).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from .._errors import InputError

INSTALL_HINT = (
    "install tesseract-ocr and tesseract-ocr-tha (Debian/Ubuntu: "
    "apt-get install tesseract-ocr tesseract-ocr-tha; other systems: tesseract 4 or later with its "
    "'tha' and 'eng' language data)"
)
LANGUAGES = ("tha", "eng")


class OCRUnavailable(InputError):
    """tesseract or its Thai data is missing, so a scanned page cannot be read."""

    code = "ocr-unavailable"


@dataclass(frozen=True, slots=True)
class Engine:
    binary: str
    version: str


def _binary() -> str | None:
    named = os.environ.get("ITA_PARSE_TESSERACT")
    if named:
        return named if os.path.isfile(named) and os.access(named, os.X_OK) else shutil.which(named)
    return shutil.which("tesseract")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


@functools.lru_cache(maxsize=4)
def _probe(binary: str) -> tuple[str, tuple[str, ...]] | str:
    """The version and languages of a tesseract binary, or why it cannot be used."""
    try:
        version = subprocess.run(
            [binary, "--version"], capture_output=True, text=True, timeout=30, env=_env(), check=False
        )
        langs = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, env=_env(), check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return f"tesseract ({binary}) cannot be run: {exc}"
    if version.returncode != 0 or langs.returncode != 0:
        return f"tesseract ({binary}) does not work (exit code {version.returncode or langs.returncode})"
    first = (version.stdout or version.stderr).strip().splitlines()
    found = tuple(
        line.strip() for line in langs.stdout.splitlines()[1:] if line.strip() and " " not in line.strip()
    )
    return (first[0] if first else "tesseract", found)


def engine(path: str | None = None) -> Engine:
    """The tesseract to use, checked; raises ``OCRUnavailable`` with install instructions."""
    binary = _binary()
    if binary is None:
        named = os.environ.get("ITA_PARSE_TESSERACT")
        what = f"tesseract ({named}) was not found" if named else "tesseract was not found"
        raise OCRUnavailable(f"this PDF needs OCR, but {what}: {INSTALL_HINT}", path=path)
    probed = _probe(binary)
    if isinstance(probed, str):
        raise OCRUnavailable(f"this PDF needs OCR, but {probed}: {INSTALL_HINT}", path=path)
    version, langs = probed
    missing = [lang for lang in LANGUAGES if lang not in langs]
    if missing:
        raise OCRUnavailable(
            f"this PDF needs OCR, but tesseract has no {'/'.join(missing)} language data: {INSTALL_HINT}",
            path=path,
        )
    return Engine(binary, version)


#: the file each output config writes, where it is not named after the config
_EXTENSIONS = {"makebox": "box"}


class TesseractFailed(RuntimeError):
    pass


def run(
    binary: str,
    image: NDArray[np.uint8] | list[NDArray[np.uint8]],
    *,
    dpi: int,
    psm: int = 3,
    outputs: tuple[str, ...] = ("txt", "makebox"),
    config: dict[str, str] | None = None,
    languages: tuple[str, ...] = LANGUAGES,
    timeout: float = 300.0,
) -> dict[str, str]:
    """OCR a grey image, or several as the pages of one image; the text of each requested output
    (tesseract's config names: txt, makebox, tsv).

    The image goes to tesseract as an uncompressed TIFF file: leptonica reads
    it several times faster than a PGM, and far faster than anything on
    stdin, which it reads byte by byte (measured on a 300 dpi page: 0.1–0.2 s
    of a 0.3 s run for PGM on stdin); writing it costs a copy.
    """
    with tempfile.TemporaryDirectory(prefix="ita-ocr-") as tmp:
        base = os.path.join(tmp, "out")
        source = os.path.join(tmp, "page.tif")
        pages = [
            Image.fromarray(np.ascontiguousarray(a, dtype=np.uint8), mode="L")
            for a in (image if isinstance(image, list) else [image])
        ]
        pages[0].save(source, format="TIFF", save_all=True, append_images=pages[1:])
        args = [binary, source, base, "-l", "+".join(languages), "--dpi", str(dpi), "--psm", str(psm)]
        for key, value in (config or {}).items():
            args += ["-c", f"{key}={value}"]
        args += list(outputs)
        try:
            proc = subprocess.run(
                args, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, env=_env(), check=False
            )
        except subprocess.TimeoutExpired:
            raise TesseractFailed(f"tesseract took longer than {timeout:g} s on one page") from None
        except OSError as exc:
            raise TesseractFailed(f"tesseract cannot be run: {exc}") from None
        if proc.returncode != 0:
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise TesseractFailed(f"tesseract failed (exit code {proc.returncode}): {tail[0]}")
        out: dict[str, str] = {}
        for kind in outputs:
            try:
                with open(f"{base}.{_EXTENSIONS.get(kind, kind)}", encoding="utf-8") as fh:
                    out[kind] = fh.read()
            except OSError:
                out[kind] = ""
        return out
