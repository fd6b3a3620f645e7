"""The ``ita-parse`` command line (also ``python -m ita_parse``).

Exit codes, as ruff: 0 = fine, 1 = findings at or above ``--fail-on``,
2 = an input could not be read, a bad option, or an internal error.  An
unreadable input never stops the others from being processed.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ._errors import ItaParseError, UsageError
from ._read import DEFAULT_TIMEOUT
from ._version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from ._batch import Outcome
    from ._inputs import Input, Walk
    from ._render.pages import PageText

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


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of processes: {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("--jobs must be at least 1")
    return jobs


def _comma_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _reading_options(p: argparse.ArgumentParser, *, batch: bool = True) -> None:
    p.add_argument(
        "--ocr",
        choices=["auto", "always", "never"],
        default="auto",
        help="auto: OCR pages without usable text (scans); never: fail on them instead",
    )
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on one input after this long (default {DEFAULT_TIMEOUT:g}; 0 = no limit)",
    )
    if batch:
        p.add_argument(
            "--jobs",
            "-j",
            type=_jobs,
            default=None,
            metavar="N",
            help="worker processes (default: all cores; 1 = in this process)",
        )
        p.add_argument(
            "--executor",
            choices=["process", "dask"],
            default="process",
            help="process: a pool on this machine; dask: a dask.distributed cluster",
        )
        p.add_argument("--scheduler", metavar="ADDRESS", help="the Dask scheduler, e.g. tcp://10.0.0.5:8786")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="ita-parse", description="Read Thai ITA reports and check them for consistency.")
    p.add_argument("--version", action="version", version=f"ita-parse {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    parse = sub.add_parser("parse", help="extract every score, item, analysis and plan row")
    parse.add_argument("paths", nargs="+", metavar="PATH", help="files or folders; - reads stdin")
    parse.add_argument("--format", choices=["json", "jsonl", "csv", "xlsx", "parquet"], default="json")
    parse.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write here instead of stdout (csv/parquet: a folder of one file per table; xlsx: a workbook)",
    )
    _reading_options(parse)

    check = sub.add_parser("check", help="report every inconsistency in the reports")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", choices=["text", "json", "jsonl", "sarif", "html"], default="text")
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
    check.add_argument(
        "--db", metavar="URL", help="also check each report against the agency's reports in this database"
    )
    _reading_options(check)

    report = sub.add_parser(
        "report", help="an auditor's HTML page per input: scores, findings with page crops, plan"
    )
    report.add_argument("paths", nargs="+", metavar="PATH")
    report.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        required=True,
        help="the folder to write one .html file per input into",
    )
    report.add_argument("--select", type=_comma_list, default=None, metavar="P,...")
    report.add_argument("--ignore", type=_comma_list, default=None, metavar="P,...")
    report.add_argument("--fail-on", choices=["error", "warning", "info"], default="error")
    _reading_options(report)

    text = sub.add_parser("text", help="the repaired Thai text of any PDF or text file, page by page")
    text.add_argument("paths", nargs="+", metavar="PATH")
    text.add_argument("--pages", metavar="LIST", help="only these pages, e.g. 1-3,7")
    text.add_argument("--format", choices=["text", "json"], default="text")
    text.add_argument(
        "--layout",
        action="store_true",
        help="PDFs: paragraphs and table rows in reading order (the full reader; slower)",
    )
    text.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    _reading_options(text, batch=False)

    imp = sub.add_parser("import", help="parse and check reports into a database (default sqlite:///ita.db)")
    imp.add_argument("paths", nargs="+", metavar="PATH")
    imp.add_argument("--db", metavar="URL", help="sqlite:///path or postgresql+psycopg://user@host/db")
    imp.add_argument("--reimport", action="store_true", help="parse again and replace files already imported")
    _reading_options(imp)

    exp = sub.add_parser("export", help="the database's tables as CSV, XLSX or Parquet")
    exp.add_argument("--db", metavar="URL")
    exp.add_argument("--format", choices=["csv", "xlsx", "parquet"], default="xlsx")
    exp.add_argument(
        "-o", "--output", metavar="OUT", required=True, help="a file for xlsx, a folder otherwise"
    )

    db = sub.add_parser("db", help="database maintenance")
    actions = db.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    up = actions.add_parser("upgrade", help="create or migrate the tables")
    up.add_argument("--db", metavar="URL")

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
    try:
        return open(output, "w", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None


def _close(out: TextIO) -> None:
    if out is not sys.stdout:
        out.close()


def _run(
    found: Walk, args: argparse.Namespace, mode: str, progress_label: str = "files"
) -> Iterator[Outcome]:
    """Every input through the batch runner, with progress on stderr; errors printed as they come."""
    from ._batch import Task, run
    from ._progress import BatchProgress

    tasks = [
        Task(
            inp.path,
            mode=mode,  # type: ignore[arg-type]
            ocr=args.ocr,
            timeout=args.timeout or None,
            select=tuple(args.select) if getattr(args, "select", None) else None,
            ignore=tuple(args.ignore) if getattr(args, "ignore", None) else None,
            data=inp.data,
        )
        for inp in found.inputs
    ]
    if len(tasks) > 1:
        from ._ocr.progress import set_reporter

        set_reporter(None)  # the per-page OCR bar would fight the batch bar
    progress = BatchProgress(len(tasks), label=progress_label)
    with progress:
        for outcome in run(tasks, jobs=args.jobs, executor=args.executor, scheduler=args.scheduler):
            progress.advance(outcome.error.code if outcome.error else None)
            if outcome.error is not None:
                _err(sys.stderr, outcome.path, outcome.error.code, outcome.error.message)
            yield outcome
    args._progress = progress


def _summary(args: argparse.Namespace, found: Walk, *, with_findings: int | None = None) -> None:
    progress = getattr(args, "_progress", None)
    if progress is not None and progress.total > 1:
        sys.stderr.write(progress.summary(with_findings=with_findings, skipped=len(found.skipped)) + "\n")
    elif found.skipped:
        sys.stderr.write(f"ita-parse: skipped {len(found.skipped)} hidden or unsupported file(s)\n")


def _ordered(found: Walk, outcomes: list[Outcome]) -> list[Outcome]:
    order = {inp.path: i for i, inp in enumerate(found.inputs)}
    return sorted(outcomes, key=lambda o: order.get(o.path, len(order)))


def cmd_parse(args: argparse.Namespace) -> int:
    from ._inputs import walk
    from ._render import reports as render

    found = walk(args.paths)
    if args.format in ("xlsx", "parquet") and not args.output:
        raise UsageError(f"--format {args.format} needs -o OUT")
    if args.format == "jsonl":
        out = _open_out(args.output)
        failed = 0
        try:
            for outcome in _run(found, args, "parse"):
                failed += outcome.error is not None
                if outcome.report is not None:
                    out.write(outcome.report.model_dump_json() + "\n")
                    out.flush()
        finally:
            _close(out)
        _summary(args, found)
        return EXIT_ERROR if failed else EXIT_OK
    outcomes = _ordered(found, list(_run(found, args, "parse")))
    reports = [o.report for o in outcomes if o.report is not None]
    failed = sum(1 for o in outcomes if o.error is not None)
    if args.format in ("xlsx", "parquet") or (args.format == "csv" and args.output):
        from ._export import tables_from_reports, write_tables

        for path in write_tables(tables_from_reports(reports), args.format, args.output):
            sys.stderr.write(f"wrote {path}\n")
    else:
        out = _open_out(args.output)
        try:
            if args.format == "json":
                if reports:
                    out.write(render.to_json(reports) + "\n")
            else:
                out.write(render.to_long_csv(reports))
        finally:
            _close(out)
    _summary(args, found)
    return EXIT_ERROR if failed else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from ._check import _result, selected_rules
    from ._findings import InputStatus
    from ._inputs import walk
    from ._render.findings import render

    selected_rules(args.select, args.ignore)  # a bad --select/--ignore is a usage error before any work
    found = walk(args.paths)
    outcomes = _ordered(found, list(_run(found, args, "check")))
    if args.db:
        _cross_report(args, outcomes)
    statuses = [InputStatus(path=o.path, sha256=o.sha256, error=o.error) for o in outcomes]
    findings = [f for o in outcomes for f in o.findings]
    result = _result(statuses, findings, args.fail_on)
    out = _open_out(args.output)
    try:
        if args.format == "html":
            out.write(_run_html(found, outcomes))
        else:
            out.write(render(result, args.format, color=out.isatty() and not os.environ.get("NO_COLOR")))
    finally:
        _close(out)
    _summary(args, found, with_findings=sum(1 for o in outcomes if o.findings))
    if any(s.error is not None for s in result.inputs):
        return EXIT_ERROR
    return EXIT_OK if result.valid else EXIT_FINDINGS


def _run_html(found: Walk, outcomes: list[Outcome]) -> str:
    """``check --format html``: one page for the run."""
    from ._render.html_report import FileEntry, render_run

    stdin = {inp.path: inp.data for inp in found.inputs if inp.data is not None}
    entries = [
        FileEntry(o.path, o.report, o.findings, o.error, o.sha256, stdin.get(o.path)) for o in outcomes
    ]
    return render_run(entries)


def _html_names(found: Walk) -> dict[str, str]:
    """A file name in the output folder for each input: its stem, numbered when two inputs share one."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for inp in found.inputs:
        stem = "stdin" if inp.data is not None else (Path(inp.path).stem or "report")
        name, n = f"{stem}.html", 1
        while name.lower() in used:
            n += 1
            name = f"{stem}-{n}.html"
        used.add(name.lower())
        names[inp.path] = name
    return names


def cmd_report(args: argparse.Namespace) -> int:
    from ._check import _result, selected_rules
    from ._findings import ErrorInfo, InputStatus
    from ._inputs import walk
    from ._render.html_report import render_report

    selected_rules(args.select, args.ignore)  # a bad --select/--ignore is a usage error before any work
    out_dir = Path(args.output)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the folder {args.output}: {exc.strerror or exc}") from None
    found = walk(args.paths)
    names = _html_names(found)
    stdin = {inp.path: inp.data for inp in found.inputs if inp.data is not None}
    statuses = []
    findings = []
    for outcome in _run(found, args, "check"):
        error = outcome.error
        if outcome.report is not None:
            target = out_dir / names.get(outcome.path, Path(outcome.path).stem + ".html")
            try:
                page = render_report(outcome.report, outcome.findings, data=stdin.get(outcome.path))
                target.write_text(page, encoding="utf-8")
                sys.stderr.write(f"wrote {target}\n")
            except OSError as exc:
                error = ErrorInfo(
                    code="write-failed", message=f"cannot write {target}: {exc.strerror or exc}"
                )
            except Exception as exc:  # one page failing must not stop the others
                error = ErrorInfo(code="internal-error", message=f"{type(exc).__name__}: {exc}")
            if error is not None:
                _err(sys.stderr, outcome.path, error.code, error.message)
        statuses.append(InputStatus(path=outcome.path, sha256=outcome.sha256, error=error))
        findings.extend(outcome.findings)
    result = _result(statuses, findings, args.fail_on)
    _summary(args, found, with_findings=len({f.path for f in findings}))
    if any(s.error is not None for s in result.inputs):
        return EXIT_ERROR
    return EXIT_OK if result.valid else EXIT_FINDINGS


def _cross_report(args: argparse.Namespace, outcomes: list[Outcome]) -> None:
    """Add the cross-report findings: each report against the agency's reports in the database."""
    from ._check import Peer, run_rules, selected_rules
    from ._store import Store

    rules = [r for r in selected_rules(args.select, args.ignore) if r.category == "cross-report"]
    if not rules:
        return
    with Store(args.db, create=False) as store:
        store.require_schema()
        for outcome in outcomes:
            report = outcome.report
            if report is None or not report.agency.name:
                continue
            match = store.other_reports(
                report.agency.name, report.agency.province, exclude_sha256=report.source.sha256
            )
            ambiguous: list[str] = []
            peers: list[Peer] = []
            if match.status == "ambiguous":
                ambiguous = [f"{a.name} ({a.province or '?'})" for a in match.agencies]
            elif match.status == "matched":
                peers = [
                    Peer(
                        path=o.path,
                        agency=o.agency or report.agency.name,
                        province=o.province,
                        assessed_year=o.assessed_year,
                        total_score=o.total_score,
                        level=o.level,
                        tools=dict(o.tool_scores),
                        indicators=dict(o.indicator_scores),
                    )
                    for o in match.reports
                ]
            outcome.findings.extend(run_rules(report, rules, peers=peers, ambiguous=ambiguous))


def cmd_text(args: argparse.Namespace) -> int:
    from ._api import read_document
    from ._inputs import walk
    from ._render.pages import page_texts, parse_page_list, render_json, render_text

    try:
        pages = parse_page_list(args.pages) if args.pages else None
    except ValueError as exc:
        raise UsageError(f"--pages: {exc}") from None
    found = walk(args.paths)
    failed = 0
    out = _open_out(args.output)
    try:
        for inp in found.inputs:
            try:
                texts = None if args.layout else _plain_pdf_text(inp, pages, args.ocr)
                if texts is None:
                    doc = read_document(inp.source, ocr=args.ocr, timeout=args.timeout or None, name=inp.path)
                    texts = page_texts(doc, pages)
            except ItaParseError as exc:
                failed += 1
                _err(sys.stderr, inp.path, exc.code, exc.message)
                continue
            if args.format == "json":
                out.write(render_json(inp.path, texts))
            else:
                out.write(render_text(inp.path, texts, several=len(found.inputs) > 1))
    finally:
        _close(out)
    return EXIT_ERROR if failed else EXIT_OK


def _plain_pdf_text(inp: Input, pages: set[int] | None, ocr: str) -> list[PageText] | None:
    """A PDF's text by the fast path, or None when the full reader must do it (not a PDF, or OCR)."""
    from ._errors import NeedsOCR
    from ._read import load_source, sniff
    from ._read.pdftext import page_texts as raw_pages
    from ._render.pages import repaired_pages

    loaded = load_source(inp.source, name=inp.path)
    if sniff(loaded.data, loaded.path) != "pdf" or ocr == "always":
        return None
    raw = list(raw_pages(loaded.data, loaded.path, pages))
    bad = [p for p in raw if p.quality.verdict in ("unusable", "empty")]
    if bad and ocr == "auto":
        return None  # pages to OCR: the full reader does that
    if bad and len(bad) == len(raw):
        raise NeedsOCR(
            f"no page has a usable text layer (pages {', '.join(str(p.page) for p in bad)}): use --ocr auto",
            path=loaded.path,
            pages=[p.page for p in bad],
            verdicts={p.page: p.quality.verdict for p in bad},
        )
    return repaired_pages([(p.page, p.text, p.quality.verdict) for p in raw])


def cmd_import(args: argparse.Namespace) -> int:
    from ._batch import Task, run
    from ._inputs import walk
    from ._progress import BatchProgress
    from ._store import SaveOutcome, Store, run_import

    found = walk(args.paths)
    if any(i.data is not None for i in found.inputs):
        raise UsageError("import reads files, not stdin")
    progress = BatchProgress(len(found.inputs))

    def parse_many(todo: list[str]) -> Iterator[Outcome]:
        tasks = [Task(p, mode="import", ocr=args.ocr, timeout=args.timeout or None) for p in todo]
        yield from run(tasks, jobs=args.jobs, executor=args.executor, scheduler=args.scheduler)

    def saved(outcome: SaveOutcome) -> None:
        failed = outcome.status in ("error-recorded", "failed")
        progress.advance((outcome.code or "failed") if failed else None)
        if failed:
            _err(sys.stderr, outcome.path, outcome.code or "error", outcome.message)

    with progress, Store(args.db) as store:
        outs = run_import(
            store,
            [i.path for i in found.inputs],
            reimport=args.reimport,
            parse_many=parse_many,
            on_saved=saved,
            ocr=args.ocr,
            timeout=args.timeout or None,
        )
    n = {s: sum(o.status == s for o in outs) for s in ("inserted", "replaced", "path-added", "skipped")}
    bad = sum(o.status in ("error-recorded", "failed") for o in outs)
    sys.stderr.write(
        f"ita-parse: {n['inserted']} imported, {n['replaced']} replaced, {n['path-added']} new paths, "
        f"{n['skipped']} unchanged, {bad} failed"
        + (f", {len(found.skipped)} skipped (hidden or unsupported kinds)" if found.skipped else "")
        + "\n"
    )
    return EXIT_ERROR if bad else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from ._export import tables_from_store, write_tables
    from ._store import Store

    with Store(args.db, create=False) as store:
        tables = tables_from_store(store)
    for path in write_tables(tables, args.format, args.output):
        sys.stderr.write(f"wrote {path}\n")
    return EXIT_OK


def cmd_db(args: argparse.Namespace) -> int:
    from ._store import Store

    with Store(args.db) as store:
        store.upgrade()
        sys.stderr.write(f"ita-parse: {store.url} is at schema {store.revision()}\n")
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from ._check.catalogue import render_catalogue

    sys.stdout.write(render_catalogue(args.format))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from ._schema import schema_text

    sys.stdout.write(schema_text(args.which))
    return EXIT_OK


COMMANDS = {
    "parse": cmd_parse,
    "check": cmd_check,
    "report": cmd_report,
    "text": cmd_text,
    "import": cmd_import,
    "export": cmd_export,
    "db": cmd_db,
    "rules": cmd_rules,
    "schema": cmd_schema,
}


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


def run() -> None:
    """The console script: main(), then exit without letting a late Ctrl-C turn into a traceback.

    An interrupt that arrives once the work is done (while worker pools and the database
    engine shut down) must not change the outcome: from then on SIGINT is ignored.
    """
    try:
        code = main()
    except KeyboardInterrupt:
        code = 130
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise SystemExit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
