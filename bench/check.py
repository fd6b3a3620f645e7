"""The checker's cost on the sample report, against the parse in the same run.

    python bench/check.py

Target (issue #4): checking adds less than the parse itself costs (ratio < 1).
"""

from __future__ import annotations

from _util import SAMPLE, best_of, row


def main() -> None:
    import ita_parse
    from ita_parse._check import run_rules

    report = ita_parse.parse(SAMPLE)
    parse_warm = best_of(lambda: ita_parse.parse(SAMPLE), 10)
    check = best_of(lambda: run_rules(report), 10)
    print(row("ita_parse.parse(sample), warm (baseline)", parse_warm))
    print(row("checking the parsed report (all rules)", check, parse_warm, "baseline"))
    print(f"findings: {len(run_rules(report))}")


if __name__ == "__main__":
    main()
