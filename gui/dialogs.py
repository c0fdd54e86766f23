"""The rules dialog, the export dialog and find and replace.

Dialogs collect what the editor wants and emit it; the window runs it on the
document (as undoable commands or queued work) and hands results back.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

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
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from normalizer.config import Config
from normalizer.rules import all_rules

from .commands import copy_config

# -- rules ---------------------------------------------------------------------------------------


class RulesDialog(QDialog):
    """Every rule with its doc and an on/off switch; Apply re-runs the rules."""

    applyRequested = Signal(object)  # the new Config

    def __init__(self, config: Config, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("规则 Rules")
        self.setObjectName("rulesDialog")
        self.config = copy_config(config)
        self.rules = all_rules()

        self.table = QTableWidget(len(self.rules), 4, self)
        self.table.setHorizontalHeaderLabels(["规则 Rule", "名称 Name", "类型 Kind", "说明 Summary"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        for row, (rid, cls) in enumerate(self.rules.items()):
            item = QTableWidgetItem(rid)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if self.config.is_enabled(rid) else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, rid)
            self.table.setItem(row, 0, item)
            self.table.setItem(row, 1, QTableWidgetItem(cls.name))
            self.table.setItem(row, 2, QTableWidgetItem(cls.kind))
            self.table.setItem(row, 3, QTableWidgetItem(cls.summary))
        self.table.currentCellChanged.connect(lambda row, *_: self._show_doc(row))
        self.table.itemChanged.connect(lambda *_: self._mark_changed())

        self.doc = QTextBrowser(self)
        self.doc.setObjectName("ruleDoc")
        self.results = QTableWidget(0, 4, self)
        self.results.setHorizontalHeaderLabels(["规则 Rule", "之前 Before", "之后 After", "变化 Δ"])
        self.results.verticalHeader().setVisible(False)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.results.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel("", self)

        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(self.doc)
        lower.addWidget(self.results)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(lower)

        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton("应用并重新运行 Apply and re-run", QDialogButtonBox.ButtonRole.ApplyRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.apply_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(900, 640)
        if self.rules:
            self.table.selectRow(0)
            self._show_doc(0)

    def _show_doc(self, row: int) -> None:
        if row < 0 or row >= len(self.rules):
            return
        rid = list(self.rules)[row]
        cls = self.rules[rid]
        self.doc.setPlainText(f"{rid} {cls.name} ({cls.kind})\n\n{cls.doc()}")

    def _mark_changed(self) -> None:
        self.status.setText("Changed: Apply re-runs the rules on the issue.")

    def set_enabled(self, rule_id: str, on: bool) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item.data(Qt.ItemDataRole.UserRole) == rule_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen_config(self) -> Config:
        config = copy_config(self.config)
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            rid = item.data(Qt.ItemDataRole.UserRole)
            config.rules.setdefault(rid, {})["enabled"] = item.checkState() == Qt.CheckState.Checked
        return config

    def apply(self) -> None:
        config = self.chosen_config()
        self.apply_button.setEnabled(False)
        self.status.setText("Running the rules…")
        self.applyRequested.emit(config)

    def show_result(self, before: Counter, after: Counter, config: Config | None = None) -> None:
        """Changes per rule before and after the run."""
        if config is not None:
            self.config = copy_config(config)
        ids = [rid for rid in [*self.rules, "HAND"] if before.get(rid) or after.get(rid)]
        ids += sorted((set(before) | set(after)) - set(ids))
        self.results.setRowCount(len(ids))
        for row, rid in enumerate(ids):
            b, a = before.get(rid, 0), after.get(rid, 0)
            for col, value in enumerate((rid, str(b), str(a), f"{a - b:+d}" if a != b else "")):
                self.results.setItem(row, col, QTableWidgetItem(value))
        moved = sum(1 for rid in ids if before.get(rid, 0) != after.get(rid, 0))
        self.status.setText(f"Done: {sum(after.values())} changes ({moved} rules changed their count).")
        self.apply_button.setEnabled(True)

    def run_failed(self, message: str) -> None:
        self.status.setText(f"The run failed: {message}")
        self.apply_button.setEnabled(True)


# -- export ---------------------------------------------------------------------------------------

EXPORT_FORMATS = (
    ("json", "JSON (structure, spans, suggestions)"),
    ("txt", "纯文本 Plain text"),
    ("md", "Markdown"),
    ("docx", "Word (.docx)"),
)


class ExportDialog(QDialog):
    exportRequested = Signal(str, tuple, bool)  # folder, formats, full change log

    def __init__(self, issue_name: str, pending: int, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"导出 Export — {issue_name}")
        self.setObjectName("exportDialog")
        self.settings = settings
        self.folder = QLineEdit(self)
        browse = QPushButton("浏览 Browse…", self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.boxes = {}
        fmt_box = QVBoxLayout()
        for name, label in EXPORT_FORMATS:
            box = QCheckBox(label, self)
            box.setChecked(name in ("json", "txt"))
            self.boxes[name] = box
            fmt_box.addWidget(box)
        self.change_log = QCheckBox("JSON: full change log (every change with its raw span)", self)
        note = QLabel(
            "Only accepted changes are applied: "
            + (f"{pending} pending suggestions are not applied; the JSON and Markdown list them."
               if pending else "no suggestion is pending."),
            self,
        )
        note.setWordWrap(True)
        self.result = QLabel("", self)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow("文件夹 Folder", row)
        form.addRow("格式 Formats", fmt_box)
        form.addRow("", self.change_log)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("导出 Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self._export)
        self.close_button.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.result)
        layout.addWidget(self.buttons)
        if settings is not None:
            self.folder.setText(str(settings.value("export/folder", "") or ""))
        self.resize(560, 320)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export folder", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def formats(self) -> tuple[str, ...]:
        return tuple(name for name, box in self.boxes.items() if box.isChecked())

    def _export(self) -> None:
        folder = self.folder.text().strip()
        if not folder:
            self.result.setText("Choose a folder.")
            return
        if not self.formats():
            self.result.setText("Choose at least one format.")
            return
        if self.settings is not None:
            self.settings.setValue("export/folder", folder)
        self.export_button.setEnabled(False)
        self.result.setText("Exporting…")
        self.exportRequested.emit(folder, self.formats(), self.change_log.isChecked())

    def show_result(self, paths: list[Path]) -> None:
        self.export_button.setEnabled(True)
        self.result.setText("Wrote:\n" + "\n".join(str(p) for p in paths))

    def show_error(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.result.setText(f"Export failed: {message}")


def export_all(issue, folder: str, formats: tuple[str, ...], change_log: bool) -> list[Path]:
    """Write the issue in every chosen format."""
    from normalizer.export import export_issue

    return export_issue(issue, folder, formats, changes_detail=change_log)


# -- find and replace ---------------------------------------------------------------------------


class FindDialog(QDialog):
    """Find across the issue (plain or regular expression) and replace all."""

    findRequested = Signal(str, bool, bool)  # pattern, regex, case
    replaceAllRequested = Signal(str, str, bool, bool)  # pattern, replacement, regex, case
    replaceOneRequested = Signal(str, int, int, str)  # block id, start, end, replacement
    matchActivated = Signal(str, int, int)  # block id, start, end

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("查找和替换 Find and replace")
        self.setObjectName("findDialog")
        self.setModal(False)
        self.pattern = QLineEdit(self)
        self.replacement = QLineEdit(self)
        self.regex = QCheckBox("正则 Regular expression", self)
        self.case = QCheckBox("区分大小写 Match case", self)
        self.case.setChecked(True)
        self.matches = QListWidget(self)
        self.status = QLabel("", self)
        find = QPushButton("查找 Find all", self)
        replace_one = QPushButton("替换 Replace", self)
        replace_all = QPushButton("全部替换 Replace all", self)
        find.setDefault(True)
        find.clicked.connect(self.find)
        replace_one.clicked.connect(self._replace_one)
        replace_all.clicked.connect(self._replace_all)
        self.matches.currentItemChanged.connect(self._activated)
        form = QFormLayout()
        form.addRow("查找 Find", self.pattern)
        form.addRow("替换为 Replace with", self.replacement)
        opts = QHBoxLayout()
        opts.addWidget(self.regex)
        opts.addWidget(self.case)
        opts.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(find)
        buttons.addWidget(replace_one)
        buttons.addWidget(replace_all)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(opts)
        layout.addLayout(buttons)
        layout.addWidget(self.matches, 1)
        layout.addWidget(self.status)
        self.resize(520, 460)
        self._results: list[tuple[str, int, int]] = []

    def find(self) -> None:
        if self.pattern.text():
            self.findRequested.emit(self.pattern.text(), self.regex.isChecked(), self.case.isChecked())

    def show_matches(self, matches: list[tuple[str, int, int]], labels: list[str], texts: list[str]) -> None:
        self._results = list(matches)
        self.matches.clear()
        for label, match, text in zip(labels, matches, texts):
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, match)
            item.setData(Qt.ItemDataRole.UserRole + 1, text)
            self.matches.addItem(item)
        self.status.setText(f"{len(matches)} matches")

    def show_error(self, message: str) -> None:
        self.status.setText(message)

    def _activated(self, item, _previous=None) -> None:
        if item is not None:
            block_id, start, end = item.data(Qt.ItemDataRole.UserRole)
            self.matchActivated.emit(block_id, start, end)

    def _replace_one(self) -> None:
        item = self.matches.currentItem()
        if item is None:
            return
        block_id, start, end = item.data(Qt.ItemDataRole.UserRole)
        replacement = self.replacement.text()
        if self.regex.isChecked():
            import re

            try:
                flags = 0 if self.case.isChecked() else re.IGNORECASE
                matched = item.data(Qt.ItemDataRole.UserRole + 1) or ""
                replacement = re.compile(self.pattern.text(), flags).sub(replacement, matched, count=1)
            except re.error as exc:
                self.show_error(f"Bad pattern: {exc}")
                return
        self.replaceOneRequested.emit(block_id, start, end, replacement)

    def _replace_all(self) -> None:
        if self.pattern.text():
            self.replaceAllRequested.emit(
                self.pattern.text(), self.replacement.text(), self.regex.isChecked(), self.case.isChecked()
            )
