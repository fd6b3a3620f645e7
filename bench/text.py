"""Text input: import time, parse time of the sample report, against named baselines in the same run.

    python bench/text.py

Baselines: importing ita_parse's own dependencies (pydantic, regex, pythainlp's util) for the import;
pythainlp's ``normalize`` over the same text for a warm parse (the cheapest thing that touches every
character of it); a bare ``python -c pass`` for the cold, fresh-process parse.
"""

from __future__ import annotations

import sys

from _util import SAMPLE, best_of, in_fresh_process, row, wall

IMPORT = """
import json, sys, time
t0 = time.perf_counter()
{stmt}
t1 = time.perf_counter()
print(json.dumps({{"t": t1 - t0, "pdf": int(any(m in sys.modules for m in ("pdfplumber", "pypdfium2")))}}))
"""


def main() -> None:
    deps = in_fresh_process(IMPORT.format(stmt="import pydantic, regex, pythainlp.util"))
    own = in_fresh_process(IMPORT.format(stmt="import ita_parse"))
    python = wall([sys.executable, "-c", "pass"])
    cli = wall([sys.executable, "-m", "ita_parse", "parse", str(SAMPLE)])

    from pythainlp.util import normalize

    import ita_parse

    text = SAMPLE.read_text(encoding="utf-8")
    ita_parse.parse(SAMPLE)  # warm the dictionary and caches
    warm = best_of(lambda: ita_parse.parse(SAMPLE), 10)
    base = best_of(lambda: normalize(text), 10)

    print(f"python {sys.version.split()[0]}, sample {len(text):,} characters")
    print(row("import pydantic + regex + pythainlp.util (baseline)", deps["t"]))
    print(row("import ita_parse", own["t"], deps["t"], "baseline"))
    print(f"  pdfplumber/pypdfium2 imported by `import ita_parse`: {'yes' if own['pdf'] else 'no'}")
    print(row("pythainlp.util.normalize(sample) (baseline)", base))
    print(row("ita_parse.parse(sample), warm", warm, base, "baseline"))
    print(row("python -c pass, wall (baseline)", python))
    print(row("python -m ita_parse parse sample, wall", cli, python, "baseline"))


if __name__ == "__main__":
    main()
