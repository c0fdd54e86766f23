"""Normalise → Batch…: many issues from folders to an output folder, in the background.

:func:`run_batch` is the work, plain Python: it finds the issues, runs
:func:`normalizer.cli.process_issue` on each in a pool of worker processes,
reports every finished issue and stops starting new
ones when told to cancel.  :class:`BatchDialog` runs it on a worker thread and
shows progress, per-issue status, time left and a summary; it is not modal,
so the editor stays usable.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from normalizer.cli import FORMATS, IssueResult, process_issue, summary
from normalizer.config import Config

from . import workers

# -- the work -------------------------------------------------------------------------------


@dataclass
class BatchPlan:
    names: list[str]
    weights: list[int]  # page files per issue, for progress and time left
    errors: list[str]


@dataclass
class BatchItem:
    index: int
    status: str  # "running" | "done" | "failed" | "cancelled"
    result: IssueResult | None = None
    detail: str = ""


@dataclass
class BatchOutcome:
    results: list[IssueResult] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    cancelled: bool = False
    not_run: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = summary(self.results, self.failures, self.elapsed)
        if self.cancelled:
            text += f"\ncancelled: {len(self.not_run)} issues not normalised"
            text += "".join(f"\n  {name}" for name in self.not_run)
        return text


def _item(index: int, result: IssueResult) -> BatchItem:
    if result.errors and not result.pages:
        return BatchItem(index, "failed", result, "; ".join(result.errors))
    detail = f"{result.pages} pages, {sum(result.changes.values())} changes"
    if result.errors:
        detail += " — " + "; ".join(result.errors)
        return BatchItem(index, "failed", result, detail)
    return BatchItem(index, "done", result, detail)


def _pool_context():
    methods = multiprocessing.get_all_start_methods()
    # never fork a process that runs Qt threads
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def run_batch(
    state: workers.TaskState,
    inputs: list[str],
    out_dir: str,
    formats: tuple[str, ...],
    jobs: int = 1,
    config: Config | None = None,
    in_thread: bool = False,
) -> BatchOutcome:
    """Normalise every issue found in ``inputs`` into ``out_dir``.

    The issues are normalised in ``jobs`` worker processes, so that neither
    their memory nor Python's garbage collector slows the editor (with
    ``in_thread``, in the calling thread instead).  Reports a
    :class:`BatchPlan` first, then a :class:`BatchItem` as each issue starts
    and ends.  On cancel, issues not yet started are left out (those running
    finish) and the outcome says which.
    """
    from normalizer.reading import discover

    config = config or Config.load()
    started = time.monotonic()
    sources, errors = discover(inputs)
    weights = [max(1, len(s.paths)) for s in sources]
    state.report(BatchPlan([s.name for s in sources], weights, [str(e) for e in errors]))
    outcome = BatchOutcome(failures=[str(e) for e in errors])
    total = sum(weights)
    done_weight = 0
    finished: set[int] = set()

    def finish(index: int, result: IssueResult) -> None:
        nonlocal done_weight
        finished.add(index)
        outcome.results.append(result)
        outcome.failures.extend(result.errors)
        done_weight += weights[index]
        state.report(_item(index, result))
        state.progress(done_weight, total, sources[index].name)

    state.progress(0, total, "")
    if in_thread:
        for index, source in enumerate(sources):
            if state.cancelled:
                break
            state.report(BatchItem(index, "running"))
            finish(index, process_issue(source, config, out_dir, formats, False))
    elif sources:
        workers_n = max(1, min(jobs, len(sources), os.cpu_count() or 1))
        with ProcessPoolExecutor(max_workers=workers_n, mp_context=_pool_context()) as pool:
            futures: dict[Future, int] = {}
            queue = list(range(len(sources)))

            def fill() -> None:
                # a few issues queued per worker, so that cancel stops soon
                while queue and len(futures) < 2 * workers_n and not state.cancelled:
                    index = queue.pop(0)
                    futures[pool.submit(process_issue, sources[index], config, out_dir, formats, False)] = index
                    state.report(BatchItem(index, "running"))

            fill()
            while futures:
                done, _ = wait(list(futures), timeout=0.1, return_when=FIRST_COMPLETED)
                for future in done:
                    index = futures.pop(future)
                    try:
                        result = future.result()
                    except Exception as exc:  # a worker process died: report it, go on
                        name = sources[index].name
                        result = IssueResult(name, errors=[f"{name}: {type(exc).__name__}: {exc}"])
                    finish(index, result)
                if state.cancelled:
                    for future in list(futures):
                        if future.cancel():
                            futures.pop(future)
                else:
                    fill()
    order = {s.name: i for i, s in enumerate(sources)}
    outcome.results.sort(key=lambda r: order.get(r.name, 0))
    outcome.cancelled = state.cancelled and len(finished) < len(sources)
    for index, source in enumerate(sources):
        if index not in finished:
            outcome.not_run.append(source.name)
            state.report(BatchItem(index, "cancelled", detail="not run"))
    outcome.elapsed = time.monotonic() - started
    return outcome


# -- the dialog -------------------------------------------------------------------------------

STATUS_TEXT = {"waiting": "等待", "running": "进行中", "done": "完成", "failed": "失败", "cancelled": "取消"}


class BatchDialog(QDialog):
    """Choose inputs, output and formats; run; watch; cancel."""

    batchFinished = Signal(object)  # BatchOutcome

    def __init__(self, config: Config | None = None, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("批量校对 Batch normalise")
        self.setObjectName("batchDialog")
        self.setModal(False)
        self.config = config
        self.settings = settings
        self.task: workers.Task | None = None
        self.outcome: BatchOutcome | None = None
        self.plan: BatchPlan | None = None
        self._started = 0.0

        self.inputs = QListWidget(self)
        self.inputs.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        add_folder = QPushButton("添加文件夹 Add folder…", self)
        add_files = QPushButton("添加文件 Add files…", self)
        remove = QPushButton("移除 Remove", self)
        add_folder.clicked.connect(self._add_folder)
        add_files.clicked.connect(self._add_files)
        remove.clicked.connect(lambda: [self.inputs.takeItem(self.inputs.row(i)) for i in self.inputs.selectedItems()])
        in_buttons = QVBoxLayout()
        for b in (add_folder, add_files, remove):
            in_buttons.addWidget(b)
        in_buttons.addStretch(1)
        in_row = QHBoxLayout()
        in_row.addWidget(self.inputs, 1)
        in_row.addLayout(in_buttons)

        self.output = QLineEdit(self)
        browse = QPushButton("浏览 Browse…", self)
        browse.clicked.connect(self._choose_output)
        out_row = QHBoxLayout()
        out_row.addWidget(self.output, 1)
        out_row.addWidget(browse)

        self.format_boxes = {name: QCheckBox(name, self) for name in FORMATS}
        self.format_boxes["json"].setChecked(True)
        fmt_row = QHBoxLayout()
        for box in self.format_boxes.values():
            fmt_row.addWidget(box)
        fmt_row.addStretch(1)

        self.jobs = QSpinBox(self)
        self.jobs.setRange(1, max(1, os.cpu_count() or 1))
        self.jobs.setValue(1)
        self.jobs.setToolTip("Issues normalised at the same time, each in its own process")
        self.jobs.setMaximumWidth(90)

        form = QFormLayout()
        form.addRow("输入 Inputs", in_row)
        form.addRow("输出 Output folder", out_row)
        form.addRow("格式 Formats", fmt_row)
        form.addRow("并行 Parallel jobs", self.jobs)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.time_left = QLabel("", self)
        prog_row = QHBoxLayout()
        prog_row.addWidget(self.progress, 1)
        prog_row.addWidget(self.time_left)

        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["期 Issue", "状态 Status", "详情 Detail"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.summary = QPlainTextEdit(self)
        self.summary.setReadOnly(True)
        self.summary.setMaximumBlockCount(2000)
        self.summary.setPlaceholderText("Summary")

        self.buttons = QDialogButtonBox(self)
        self.start_button = self.buttons.addButton("开始 Start", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("取消 Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button = self.buttons.addButton("关闭 Close", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.cancel_button.setEnabled(False)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(prog_row)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.buttons)
        self.resize(820, 640)
        if settings is not None:
            self.output.setText(str(settings.value("batch/output", "") or ""))
            self.jobs.setValue(int(settings.value("batch/jobs", 1) or 1))

    # choosing ---------------------------------------------------------------------------
    def add_inputs(self, paths) -> None:
        for p in paths:
            self.inputs.addItem(str(p))

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Input folder")
        if folder:
            self.add_inputs([folder])

    def _add_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Page files", "", "Text (*.txt *.text);;All files (*)")
        self.add_inputs(files)

    def _choose_output(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Output folder", self.output.text())
        if folder:
            self.output.setText(folder)

    def formats(self) -> tuple[str, ...]:
        return tuple(name for name, box in self.format_boxes.items() if box.isChecked())

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done

    # running ----------------------------------------------------------------------------------
    def start(self) -> bool:
        inputs = [self.inputs.item(i).text() for i in range(self.inputs.count())]
        out = self.output.text().strip()
        formats = self.formats()
        problem = (
            "Add at least one input folder or file." if not inputs
            else "Choose an output folder." if not out
            else "Choose at least one format." if not formats
            else ""
        )
        if problem:
            self.summary.setPlainText(problem)
            return False
        if self.running:
            return False
        if self.settings is not None:
            self.settings.setValue("batch/output", out)
            self.settings.setValue("batch/jobs", self.jobs.value())
        self.outcome = None
        self.plan = None
        self.table.setRowCount(0)
        self.summary.setPlainText("")
        self.progress.setRange(0, 0)
        self.time_left.setText("")
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._started = time.monotonic()
        jobs = self.jobs.value()
        config = self.config
        task = workers.Task("Batch")
        task.reported.connect(self._on_report)
        task.progressed.connect(self._on_progress)
        task.succeeded.connect(self._on_done)
        task.failed.connect(self._on_failed)
        task.finished.connect(self._on_finished)
        self.task = task
        task.start(lambda state: run_batch(state, inputs, out, formats, jobs, config))
        return True

    def cancel(self) -> None:
        if self.running:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.time_left.setText("cancelling…")

    def _set_row(self, index: int, status: str, detail: str = "") -> None:
        item = QTableWidgetItem(STATUS_TEXT.get(status, status))
        item.setData(Qt.ItemDataRole.UserRole, status)
        self.table.setItem(index, 1, item)
        if detail:
            self.table.setItem(index, 2, QTableWidgetItem(detail))

    def row_status(self, index: int) -> str:
        item = self.table.item(index, 1)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ""

    def _on_report(self, item) -> None:
        if isinstance(item, BatchPlan):
            self.plan = item
            self.table.setRowCount(len(item.names))
            for row, name in enumerate(item.names):
                self.table.setItem(row, 0, QTableWidgetItem(name))
                self._set_row(row, "waiting")
            self.progress.setRange(0, max(1, sum(item.weights)))
            for error in item.errors:
                self.summary.appendPlainText(f"failed: {error}")
        elif isinstance(item, BatchItem):
            self._set_row(item.index, item.status, item.detail)

    def _on_progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        elapsed = time.monotonic() - self._started
        if done and total > done:
            left = elapsed / done * (total - done)
            self.time_left.setText(f"约 {left:.0f} 秒 · about {left:.0f}s left")
        elif total and done >= total:
            self.time_left.setText(f"{elapsed:.1f}s")

    def _on_done(self, outcome: BatchOutcome) -> None:
        self.outcome = outcome
        self.summary.setPlainText(outcome.summary())
        self.time_left.setText("cancelled" if outcome.cancelled else f"done in {outcome.elapsed:.1f}s")
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)
            self.progress.setValue(1)
        self.batchFinished.emit(outcome)

    def _on_failed(self, message: str, detail: str) -> None:
        self.summary.setPlainText(f"The batch stopped: {message}\n\n{detail}")
        self.progress.setRange(0, 1)

    def _on_finished(self) -> None:
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def closeEvent(self, event) -> None:
        # closing only hides the dialog: a running batch goes on and reports here
        super().closeEvent(event)
