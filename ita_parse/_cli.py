"""The ``ita-parse`` command line (also ``python -m ita_parse``).

Exit codes, as ruff: 0 = fine, 1 = findings at or above ``--fail-on``,
2 = an input could not be read, a bad option, or an internal error.  An
unreadable input never stops the others from being processed.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ._errors import ItaParseError, UsageError
from ._read import DEFAULT_TIMEOUT
from ._version import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if seconds < 0:
        raise argparse.ArgumentTypeError("the time limit cannot be negative")
    return seconds


def _comma_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="ita-parse", description="Read Thai ITA reports and check them for consistency.")
    p.add_argument("--version", action="version", version=f"ita-parse {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    parse = sub.add_parser("parse", help="extract every score, item, analysis and plan row")
    parse.add_argument("paths", nargs="+", metavar="PATH", help="files or folders; - reads stdin")
    parse.add_argument("--format", choices=["json", "jsonl", "csv"], default="json")
    parse.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write here instead of stdout (for csv: a folder of one file per table)",
    )
    parse.add_argument("--ocr", choices=["auto", "always", "never"], default="auto")
    parse.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on one input after this long (default {DEFAULT_TIMEOUT:g}; 0 = no limit)",
    )

    check = sub.add_parser("check", help="report every inconsistency in the reports")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", choices=["text", "json", "jsonl", "sarif"], default="text")
    check.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    check.add_argument(
        "--select",
        type=_comma_list,
        default=None,
        metavar="P,...",
        help="only these rule codes, code prefixes or tags",
    )
    check.add_argument(
        "--ignore",
        type=_comma_list,
        default=None,
        metavar="P,...",
        help="never these rule codes, code prefixes or tags",
    )
    check.add_argument("--fail-on", choices=["error", "warning", "info"], default="error")
    check.add_argument("--ocr", choices=["auto", "always", "never"], default="auto")
    check.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on one input after this long (default {DEFAULT_TIMEOUT:g}; 0 = no limit)",
    )

    rules = sub.add_parser("rules", help="the rule catalogue")
    rules.add_argument("--format", choices=["text", "json", "markdown"], default="text")

    schema = sub.add_parser("schema", help="print a JSON Schema")
    schema.add_argument("which", nargs="?", choices=["report", "findings"], default="report")
    return p


def _err(stream: TextIO, path: str, code: str, message: str) -> None:
    stream.write(f"ita-parse: {path}: error[{code}]: {message}\n")


def _open_out(output: str | None) -> TextIO:
    if output is None or output == "-":
        return sys.stdout
    return open(output, "w", encoding="utf-8")


def cmd_parse(args: argparse.Namespace) -> int:
    from ._api import parse
    from ._inputs import walk
    from ._model import Report
    from ._render import reports as render

    found = walk(args.paths)
    reports: list[Report] = []
    failed = 0
    for inp in found.inputs:
        try:
            reports.append(parse(inp.source, ocr=args.ocr, timeout=args.timeout, name=inp.path))
        except ItaParseError as exc:
            failed += 1
            _err(sys.stderr, inp.path, exc.code, exc.message)
    if args.format == "csv" and args.output:
        for path in render.write_csv_tables(reports, Path(args.output)):
            sys.stderr.write(f"wrote {path}\n")
    else:
        out = _open_out(args.output)
        try:
            if args.format == "json":
                if reports:
                    out.write(render.to_json(reports) + "\n")
            elif args.format == "jsonl":
                for line in render.to_jsonl(reports):
                    out.write(line + "\n")
            else:
                out.write(render.to_long_csv(reports))
        finally:
            if out is not sys.stdout:
                out.close()
    _summary_skipped(found.skipped)
    return EXIT_ERROR if failed else EXIT_OK


def _summary_skipped(skipped: list[str]) -> None:
    if skipped:
        sys.stderr.write(f"ita-parse: skipped {len(skipped)} file(s) of unsupported kinds\n")


def cmd_check(args: argparse.Namespace) -> int:
    from ._check import check_paths
    from ._render.findings import render

    result = check_paths(
        args.paths,
        select=args.select,
        ignore=args.ignore,
        fail_on=args.fail_on,
        ocr=args.ocr,
        timeout=args.timeout,
    )
    for status in result.inputs:
        if status.error is not None:
            _err(sys.stderr, status.path, status.error.code, status.error.message)
    out = _open_out(args.output)
    try:
        out.write(render(result, args.format, color=out.isatty() and not os.environ.get("NO_COLOR")))
    finally:
        if out is not sys.stdout:
            out.close()
    if any(s.error is not None for s in result.inputs):
        return EXIT_ERROR
    return EXIT_OK if result.valid else EXIT_FINDINGS


def cmd_rules(args: argparse.Namespace) -> int:
    from ._check.catalogue import render_catalogue

    sys.stdout.write(render_catalogue(args.format))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from ._schema import schema_text

    sys.stdout.write(schema_text(args.which))
    return EXIT_OK


COMMANDS = {"parse": cmd_parse, "check": cmd_check, "rules": cmd_rules, "schema": cmd_schema}


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    if sys.stderr.isatty():
        # OCR is slow: show its progress, but only to a person watching a terminal
        from ._ocr.progress import TerminalBar, set_reporter

        set_reporter(TerminalBar(sys.stderr))
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(sys.stderr)
            return EXIT_ERROR
        return COMMANDS[args.command](args)
    except UsageError as exc:
        sys.stderr.write(f"ita-parse: error: {exc.message}\n")
        return EXIT_ERROR
    except ItaParseError as exc:
        sys.stderr.write(f"ita-parse: error[{exc.code}]: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("ita-parse: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # an internal error: say so briefly, details only on request
        sys.stderr.write(f"ita-parse: internal error: {type(exc).__name__}: {exc}\n")
        if os.environ.get("ITA_PARSE_DEBUG"):
            traceback.print_exc()
        else:
            sys.stderr.write("ita-parse: set ITA_PARSE_DEBUG=1 to see the traceback, and please report it\n")
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
