"""How quick the editor feels: start-up, accepting, typing, and a batch in the background.

Runs the real window offscreen (``QT_QPA_PLATFORM=offscreen`` unless set) and prints:

* start: from launching ``python -m gui seeds/*.txt``-like start-up (a new
  Python process) to the window showing the seed pages (target < 2 s);
* accept: from pressing accept on a suggestion of a 50-page issue to the
  corrected view showing the result, and to the session's re-run being done
  and every view (marks, navigator, panel) following it (target < 50 ms); with
  issue-wide rules on, the session re-runs the whole issue, so it is measured
  again with them off;
* keystroke: one typed character in the corrected view of that issue, from the
  key event to the views and the session updated (target < 16 ms);
* batch: the longest stall of the event loop (a 10 ms timer's largest gap)
  while the menu's batch worker normalises 1,000 pages (target < 100 ms).

    python bench/gui.py [--pages 50] [--batch-pages 1000] [--jobs 1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: what each page of the 50-page issue gets, so that it has suggestions
TRADITIONAL = "　　他乾了这杯酒後走了。赛後,教练说:\"我们还要努力。\"\n\n"

CHILD = """
import os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, {root!r})
from PySide6.QtWidgets import QApplication
from gui.app import ready_window
window = ready_window(sys.argv[1:], {settings!r})
window.repaint()
QApplication.instance().processEvents()
assert window.pane.corrected_view.text
print("SHOWN", time.time(), len(window.docs), flush=True)
"""


def bench_start(tmp: Path) -> float:
    script = tmp / "start_child.py"
    script.write_text(CHILD.format(root=str(ROOT), settings=str(tmp / "settings")), encoding="utf-8")
    env = dict(os.environ, JIAODUI_STATE_DIR=str(tmp / "state-start"))
    seeds = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))
    times = []
    for _ in range(3):
        t0 = time.time()
        out = subprocess.run([sys.executable, str(script), *seeds], capture_output=True, text=True, env=env, check=True)
        line = next(line for line in out.stdout.splitlines() if line.startswith("SHOWN"))
        times.append(float(line.split()[1]) - t0)
    return min(times), statistics.median(times)


def issue_rule(cls, base) -> bool:
    return isinstance(cls, type) and issubclass(cls, base)


def make_issue(folder: Path, pages: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for n in range(1, pages + 1):
        text = seeds[(n - 1) % len(seeds)]
        (folder / f"page{n:03d}.txt").write_text(TRADITIONAL + text, encoding="utf-8")
    return folder


def make_archive(root: Path, pages: int, issue_pages: int = 50) -> Path:
    k = 0
    while pages > 0:
        make_issue(root / f"issue{k:03d}", min(issue_pages, pages))
        pages -= issue_pages
        k += 1
    return root


class StallMeter:
    """A 10 ms timer; the largest gap between its ticks is the longest stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.tick)
        self.last = 0.0
        self.worst = 0.0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.worst = 0.0
        self.timer.start()

    def tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def stop(self) -> float:
        self.timer.stop()
        return self.worst


def wait(app, condition, timeout=60.0) -> None:
    from gui.workers import process_events

    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"timed out waiting for {condition.__code__.co_names}")
        process_events(5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=50, help="pages of the issue edited (default 50)")
    parser.add_argument("--batch-pages", type=int, default=1000, help="pages in the batch (default 1000)")
    parser.add_argument("--jobs", type=int, default=1, help="parallel jobs of the batch (default 1)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="jiaodui-gui-bench-"))
    os.environ["JIAODUI_STATE_DIR"] = str(tmp / "state")
    try:
        best, median = bench_start(tmp)
        print(f"start to seeds shown:        {best * 1000:7.0f} ms (median of 3: {median * 1000:.0f} ms)"
              "   target < 2000 ms")

        from PySide6.QtCore import QEvent, QSettings, Qt
        from PySide6.QtGui import QKeyEvent

        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
        from gui.app import application, create_window
        from gui.workers import process_events
        from normalizer.model import Status

        app = application()
        issue = make_issue(tmp / "issue50", args.pages)
        window = create_window(start=False, recover_prompt=lambda found: "later", notify=lambda *a: None)
        window.resize(1400, 900)
        window.show()
        window.start([str(issue)])
        wait(app, lambda: window.is_ready)
        doc = window.doc
        pages = len(doc.issue.pages)

        # accepting: from the key press to both views showing the result
        def accept_times(n: int = 10) -> tuple[list[float], list[float], list[float]]:
            """(views show it, the session is done, the session's own re-run) per accept"""
            from gui.marks import suggestion_position

            shown_times, times, session_times = [], [], []
            session = doc.session
            original = session.decide_many

            def timed_decide(decisions):  # the session's own share, on the worker
                t = time.perf_counter()
                original(decisions)
                session_times.append(time.perf_counter() - t)

            session.decide_many = timed_decide
            try:
                for k in range(n):
                    pending = [s for s in doc.issue.suggestions if s.status is Status.PENDING and s.kind == "fix"]
                    s = pending[(k * 7) % len(pending)]
                    window.suggestions.select(s.id)
                    process_events()
                    view = window.pane.corrected_view
                    at = suggestion_position(window.pane.layout_, s)[0]

                    def shows() -> bool:
                        return view.text[at : at + len(s.after)] == s.after

                    t0 = time.perf_counter()
                    window.decide_current(Status.ACCEPTED)
                    wait(app, shows)
                    shown_times.append(time.perf_counter() - t0)
                    wait(app, lambda: not doc.busy and doc.session.suggestion(s.id).status is Status.ACCEPTED
                         and s.after in view.text)
                    times.append(time.perf_counter() - t0)
                    process_events(50)  # the move to the next suggestion comes right after
            finally:
                del session.decide_many
            return shown_times, times, session_times

        def report_accept(label: str, shown: list[float], times: list[float], session_times: list[float]) -> None:
            def ms(values: list[float]) -> str:
                return f"{statistics.median(values) * 1000:.1f} ms median, {max(values) * 1000:.1f} ms worst"

            print(f"accept a suggestion ({pages} p.{label}), {len(times)} times:   target < 50 ms")
            print(f"    the corrected view shows it:   {ms(shown)}")
            print(f"    session re-run, all views:     {ms(times)} (the session's own share {ms(session_times)})")

        from normalizer.rules import IssueRule, all_rules

        issue_wide = [
            rid for rid, cls in all_rules().items()
            if issue_rule(cls, IssueRule) and doc.session.config.is_enabled(rid)
        ]
        report_accept("", *accept_times(5 if issue_wide else 10))
        if issue_wide:
            # issue-wide rules make the session re-run every page on a decision;
            # without them it re-runs the suggestion's page only
            from gui.commands import copy_config

            config = copy_config(doc.session.config)
            for rid in issue_wide:
                config.rules[rid]["enabled"] = False
            window.apply_config(doc, config)
            wait(app, lambda: not doc.busy, timeout=600)
            report_accept(f", {'/'.join(issue_wide)} off", *accept_times(10))

        # typing: one character, from the key event to the session and both views updated
        view = window.pane.corrected_view
        view.setFocus()
        slot = window.pane.layout_.slots[len(window.pane.layout_.slots) // 2]
        view.move_cursor(slot.start + 2)
        process_events()
        times = []
        for k in range(60):
            ch = "测试文字"[k % 4]
            t0 = time.perf_counter()
            app.sendEvent(view, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))
            times.append(time.perf_counter() - t0)
            app.sendEvent(view, QKeyEvent(QEvent.Type.KeyRelease, 0, Qt.KeyboardModifier.NoModifier, ch))
            process_events()
        typed = sum(1 for e in doc.session.hand_edits)
        assert typed == 60, typed
        print(f"one keystroke ({pages} p.):       {statistics.median(times) * 1000:7.2f} ms median, "
              f"{max(times) * 1000:.2f} ms worst of {len(times)}   target < 16 ms")
        doc.autosave_enabled = False

        # the batch worker, with the editor's event loop watched
        archive = make_archive(tmp / "archive", args.batch_pages)
        dialog = window.open_batch()
        dialog.add_inputs([str(archive)])
        dialog.output.setText(str(tmp / "batch-out"))
        for name, box in dialog.format_boxes.items():
            box.setChecked(True)
        dialog.jobs.setMaximum(max(args.jobs, dialog.jobs.maximum()))
        dialog.jobs.setValue(args.jobs)
        # let the dialog be shown and painted first (its first paint loads glyphs)
        deadline = time.perf_counter() + 0.5
        while time.perf_counter() < deadline:
            process_events(20)
        meter = StallMeter()
        meter.start()
        t0 = time.perf_counter()
        dialog.start()
        wait(app, lambda: dialog.outcome is not None, timeout=600)
        elapsed = time.perf_counter() - t0
        worst = meter.stop()
        outcome = dialog.outcome
        done_pages = sum(r.pages for r in outcome.results)
        print(f"batch of {done_pages} pages (jobs {args.jobs}):  {elapsed:7.1f} s, longest event-loop stall "
              f"{worst * 1000:.0f} ms   target < 100 ms")
        if outcome.failures:
            print("batch failures:", *outcome.failures, sep="\n  ")
        for d in window.docs:
            d.close()
        window.close_prompt = lambda docs: "discard"
        window.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
