"""The ``jiaodui`` command line.

``jiaodui normalise INPUT... --out DIR`` reads files and folders as issues,
normalises them and writes the cleaned issues.  Exit status: 0 when every input
was read, 1 when some failed, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config, ConfigError
from .engine import normalise_issue
from .model import Status
from .rules import all_rules

FORMATS = ("json", "txt", "md", "docx")


@dataclass
class IssueResult:
    name: str
    pages: int = 0
    articles: int = 0
    changes: Counter = field(default_factory=Counter)
    pending: int = 0
    accepted: int = 0
    errors: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    explain: list[str] = field(default_factory=list)


def explain_lines(issue) -> list[str]:
    """One line per change and per suggestion: where in the raw text, which rule, what."""
    pages = {p.number: p for p in issue.pages}
    out: list[str] = []

    def where(page_no: int, start: int) -> str:
        page = pages.get(page_no)
        if page is None:
            return f"p{page_no}:{start}"
        line, col = page.line_col(start)
        return f"{page.source}:{line}:{col}"

    for ch in sorted(issue.changes, key=lambda c: (c.page, c.start, c.rule)):
        note = f"  ({ch.note})" if ch.note else ""
        out.append(f"{where(ch.page, ch.start)}: {ch.rule} {ch.before!r} -> {ch.after!r}{note}")
    for s in issue.suggestions:
        out.append(
            f"{where(s.page, s.start)}: {s.rule} suggests [{s.status}] {s.score:.2f} {s.summary}"
            + (f"  evidence: {s.evidence}" if s.evidence else "")
        )
    return out


_issues_run = 0


def settle_loaded_tables() -> None:
    """Called before each issue of a batch: once the process has normalised
    an issue, the dictionaries, profiles and patterns the rules loaded stay
    for its life, so they are moved out of the garbage collector's reach
    (``gc.freeze``); otherwise every full collection walks them again."""
    global _issues_run
    _issues_run += 1
    if _issues_run == 2:
        gc.collect()  # the first issue's own objects go first
        gc.freeze()


def process_issue(source, config: Config, out_dir: str, formats: tuple[str, ...], explain: bool) -> IssueResult:
    """Read, normalise and export one issue.  Runs in a worker process with --jobs."""
    from .export import export_issue
    from .reading import read_issue

    settle_loaded_tables()
    result = IssueResult(name=source.name)
    issue, errors = read_issue(source, config.max_bytes)
    result.errors = [str(e) for e in errors]
    if issue is None:
        return result
    try:
        normalise_issue(issue, config)
        paths = export_issue(issue, Path(out_dir), formats, changes_detail=explain)
    except Exception as exc:  # one bad issue must not stop the batch
        result.errors.append(f"{source.name}: normalising failed: {type(exc).__name__}: {exc}")
        return result
    result.pages = len(issue.pages)
    result.articles = len(issue.articles)
    result.changes = Counter(c.rule for c in issue.changes)
    result.pending = sum(1 for s in issue.suggestions if s.status is Status.PENDING)
    result.accepted = sum(1 for s in issue.suggestions if s.status is Status.ACCEPTED)
    result.outputs = [str(p) for p in paths]
    if explain:
        result.explain = explain_lines(issue)
    return result


class Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, total: int, stream=sys.stderr) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.enabled = total > 0 and hasattr(stream, "isatty") and stream.isatty()
        self.start = time.monotonic()

    def step(self, label: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 30
        filled = int(width * self.done / self.total)
        elapsed = time.monotonic() - self.start
        left = elapsed / self.done * (self.total - self.done)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} issues, {left:4.0f}s left  {label[:30]:<30}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def _formats(value: str) -> tuple[str, ...]:
    names = tuple(v.strip() for v in value.split(",") if v.strip())
    bad = [n for n in names if n not in FORMATS]
    if bad or not names:
        raise argparse.ArgumentTypeError(f"formats are {', '.join(FORMATS)}; got {value!r}")
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jiaodui", description="Jiaodui (校对): clean raw newspaper page text.")
    sub = parser.add_subparsers(dest="command", required=True)

    norm = sub.add_parser("normalise", aliases=["normalize"], help="normalise issues and write cleaned output")
    norm.add_argument("inputs", nargs="+", metavar="INPUT", help="page files, form-feed issue files, or issue folders")
    norm.add_argument("--out", required=True, metavar="DIR", help="output folder")
    norm.add_argument("--format", type=_formats, default=("json",), metavar="LIST", help="json,txt,md,docx (default json)")
    norm.add_argument("--rules", metavar="FILE", help="TOML file with rule settings (overrides the defaults)")
    norm.add_argument("--disable", nargs="+", default=[], metavar="ID", help="rule ids to switch off")
    norm.add_argument("--enable", nargs="+", default=[], metavar="ID", help="rule ids to switch on")
    norm.add_argument("--accept-above", type=float, metavar="SCORE", help="accept every suggestion scored at or above SCORE")
    norm.add_argument("--explain", action="store_true", help="print every change with its raw position")
    norm.add_argument("--jobs", type=int, default=1, metavar="N", help="issues normalised in parallel (default 1)")
    norm.add_argument("--quiet", action="store_true", help="print only failures")

    sub.add_parser("rules", help="list the rules with their codes and defaults")

    edit = sub.add_parser("edit", help="open files, issue folders or a project (.jiaodui) in the editor")
    edit.add_argument("paths", nargs="*", metavar="PATH", help="page files, issue folders or .jiaodui projects")
    return parser


def cmd_rules() -> int:
    config = Config.load()
    for rid, cls in all_rules().items():
        state = "on " if config.is_enabled(rid) else "off"
        print(f"{rid}  {state}  {cls.kind:<7}  {cls.name:<28} {cls.summary}")
    return 0


def cmd_normalise(args: argparse.Namespace) -> int:
    from .reading import discover

    try:
        config = Config.load(args.rules, disable=args.disable, enable=args.enable, accept_above=args.accept_above)
    except ConfigError as exc:
        print(f"jiaodui: {exc}", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("jiaodui: --jobs takes a whole number from 1 up", file=sys.stderr)
        return 2
    out_dir = Path(args.out)
    sources, errors = discover(args.inputs)
    failures: list[str] = [str(e) for e in errors]
    results: list[IssueResult] = []
    progress = Progress(len(sources))
    started = time.monotonic()
    if args.jobs == 1 or len(sources) <= 1:
        for source in sources:
            result = process_issue(source, config, str(out_dir), args.format, args.explain)
            results.append(result)
            progress.step(source.name)
    else:
        workers = min(args.jobs, len(sources), os.cpu_count() or 1)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {
                pool.submit(process_issue, s, config, str(out_dir), args.format, args.explain): s for s in sources
            }
            for future in as_completed(futures):
                source = futures[future]
                try:
                    results.append(future.result())
                except Exception as exc:  # a worker died: report and go on
                    results.append(IssueResult(source.name, errors=[f"{source.name}: {type(exc).__name__}: {exc}"]))
                progress.step(source.name)
        order = {s.name: i for i, s in enumerate(sources)}
        results.sort(key=lambda r: order.get(r.name, 0))
    progress.close()
    elapsed = time.monotonic() - started

    for result in results:
        failures.extend(result.errors)
        if args.explain:
            for line in result.explain:
                print(line)
    if not args.quiet:
        print(summary(results, failures, elapsed))
    else:
        for line in failures:
            print(f"failed: {line}", file=sys.stderr)
    return 1 if failures else 0


def cmd_edit(args: argparse.Namespace) -> int:
    """Start the editor; Qt is imported only here."""
    try:
        from gui.app import run
    except ImportError as exc:
        print(f"jiaodui: the editor needs PySide6 ({exc})", file=sys.stderr)
        return 2
    return run(args.paths)


def summary(results: list[IssueResult], failures: list[str], elapsed: float) -> str:
    pages = sum(r.pages for r in results)
    articles = sum(r.articles for r in results)
    issues = sum(1 for r in results if r.pages)
    changes: Counter = Counter()
    for r in results:
        changes.update(r.changes)
    pending = sum(r.pending for r in results)
    accepted = sum(r.accepted for r in results)
    lines = [
        f"{issues} issues, {pages} pages, {articles} articles in {elapsed:.2f}s",
        f"changes: {sum(changes.values())}",
    ]
    rules = all_rules()
    for rid in sorted(changes, key=lambda r: list(rules).index(r) if r in rules else 999):
        name = rules[rid].name if rid in rules else ""
        lines.append(f"  {rid} {name:<28} {changes[rid]:>6}")
    lines.append(f"suggestions: {pending} pending, {accepted} accepted")
    written = [p for r in results for p in r.outputs]
    if written:
        lines.append(f"wrote {len(written)} files to {Path(written[0]).parent}")
    if failures:
        lines.append(f"failed: {len(failures)}")
        lines.extend(f"  {f}" for f in failures)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:  # output piped into `head` and the like
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in ("normalise", "normalize"):
        return cmd_normalise(args)
    if args.command == "rules":
        return cmd_rules()
    if args.command == "edit":
        return cmd_edit(args)
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
