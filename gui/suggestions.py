"""The suggestions panel: a table over ``Issue.suggestions`` with Accept/Reject.

:class:`SuggestionsModel` is a table model over one document's suggestions
(a snapshot taken when the session says they changed).  :class:`SuggestionsPanel`
shows it with the buttons and keys; it only emits requests — the window turns
them into undoable commands on the session.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from normalizer.model import Status, Suggestion


STATUS_MARK = {Status.PENDING: "•", Status.ACCEPTED: "✓", Status.REJECTED: "✗"}
STATUS_COLOUR = {Status.PENDING: "#c05a00", Status.ACCEPTED: "#1f8f3a", Status.REJECTED: "#8a8a8a"}

COLUMNS = ("", "规则", "类型", "分数", "版", "修改预览", "依据")
COL_STATUS, COL_RULE, COL_KIND, COL_SCORE, COL_PAGE, COL_PREVIEW, COL_EVIDENCE = range(7)
PREVIEW_CONTEXT = 6


def preview(s: Suggestion, find) -> str:
    """The suggestion in its corrected context: ``左文［前→后］右文``.

    ``find(page, offset)`` gives the block made from a raw position
    (:meth:`gui.index.IssueIndex.finder`)."""
    if s.kind != "fix":  # joining text: the summary says what would be joined
        return s.summary.replace("\n", " ")
    change = f"［{s.before}→{s.after}］"
    block = find(s.page, s.start)
    idx = block.text.index_of(s.page, s.start) if block is not None else None
    if idx is None:
        return change
    text = block.text.text
    current = s.after if s.status is Status.ACCEPTED else s.before
    left = text[max(0, idx - PREVIEW_CONTEXT) : idx].replace("\n", " ")
    right = text[idx + len(current) : idx + len(current) + PREVIEW_CONTEXT].replace("\n", " ")
    return f"{left}{change}{right}"


class SuggestionsModel(QAbstractTableModel):
    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    STATUS_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self.rows: list[Suggestion] = []
        self._previews: dict[str, str] = {}

    def set_document(self, doc) -> None:
        self.beginResetModel()
        self.doc = doc
        self._load()
        self.endResetModel()

    def _load(self, pages=None) -> None:
        """Snapshot the suggestions; previews are made again only on ``pages``
        (all pages when None)."""
        if self.doc is None:
            self.rows = []
            self._previews = {}
            return
        issue = self.doc.session.issue
        self.rows = sorted(issue.suggestions, key=lambda s: (s.page, s.start, s.id))
        find = self.doc.index.finder(issue)
        old = self._previews
        self._previews = {
            s.id: preview(s, find) if pages is None or s.page in pages or s.id not in old else old[s.id]
            for s in self.rows
        }

    def refresh(self, pages=None) -> None:
        """Take a new snapshot; rows keep their place when the same suggestions remain."""
        old_ids = [s.id for s in self.rows]
        if self.doc is None:
            return
        new = sorted(self.doc.session.issue.suggestions, key=lambda s: (s.page, s.start, s.id))
        if [s.id for s in new] == old_ids:
            self._load(pages)
            if self.rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))
        else:
            self.beginResetModel()
            self._load()
            self.endResetModel()

    def row_of(self, suggestion_id: str) -> int:
        for row, s in enumerate(self.rows):
            if s.id == suggestion_id:
                return row
        return -1

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_STATUS:
                return STATUS_MARK.get(s.status, "?")
            if col == COL_RULE:
                return s.rule
            if col == COL_KIND:
                return s.kind
            if col == COL_SCORE:
                return f"{s.score:.2f}"
            if col == COL_PAGE:
                return str(s.page)
            if col == COL_PREVIEW:
                return self._previews.get(s.id, "")
            if col == COL_EVIDENCE:
                return s.evidence.replace("\n", " ")
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{s.summary}\n{s.evidence}\n[{s.status}] {s.id}"
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == COL_STATUS or s.status is not Status.PENDING:
                return QBrush(QColor(STATUS_COLOUR.get(s.status, "#000")))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_STATUS, COL_SCORE, COL_PAGE):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == self.ID_ROLE:
            return s.id
        if role == self.STATUS_ROLE:
            return str(s.status)
        return None


class PendingFilter(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pending_only = False

    def set_pending_only(self, on: bool) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            self.pending_only = on
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.pending_only = on
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        if not self.pending_only:
            return True
        model: SuggestionsModel = self.sourceModel()
        return model.rows[row].status is Status.PENDING


class SuggestionsPanel(QWidget):
    currentChanged = Signal(str)  # suggestion id ("" for none)
    acceptRequested = Signal(list)
    rejectRequested = Signal(list)
    resetRequested = Signal(list)
    acceptAboveRequested = Signal(float)
    everywhereRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionsPanel")
        self.model = SuggestionsModel(self)
        self.proxy = PendingFilter(self)
        self.proxy.setSourceModel(self.model)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        # fixed widths (sizing columns to their contents reads every row on
        # every change, which is slow with thousands of suggestions)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = self.table.fontMetrics()
        for col, sample in ((COL_STATUS, "✓✓"), (COL_RULE, "JD120 "), (COL_KIND, "stitch "), (COL_SCORE, "0.00 "),
                            (COL_PAGE, "999 "), (COL_PREVIEW, "他干了这杯［乾→干］了这杯酒後 ")):
            header.resizeSection(col, metrics.horizontalAdvance(sample) + 16)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)

        self.pending_only = QCheckBox("只看待定 Pending only", self)
        self.pending_only.setToolTip("Show only the suggestions still waiting for a decision")
        self.pending_only.toggled.connect(self.proxy.set_pending_only)
        self.counts = QLabel(self)

        self.accept_button = QPushButton("接受 Accept (A)", self)
        self.reject_button = QPushButton("拒绝 Reject (R)", self)
        self.reset_button = QPushButton("待定 Reset", self)
        self.everywhere_button = QPushButton("处处接受 Every occurrence", self)
        self.everywhere_button.setToolTip(
            "Accept every pending suggestion of the same rule that makes the same change (fixes only)"
        )
        self.above_spin = QDoubleSpinBox(self)
        self.above_spin.setRange(0.0, 1.0)
        self.above_spin.setSingleStep(0.05)
        self.above_spin.setDecimals(2)
        self.above_spin.setValue(0.8)
        self.above_spin.setToolTip("Score at or above which every pending suggestion is accepted")
        self.above_button = QPushButton("全部接受 ≥ Accept all above", self)

        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setObjectName("suggestionDetail")

        top = QHBoxLayout()
        top.addWidget(self.pending_only)
        top.addWidget(self.counts)
        top.addStretch(1)
        top.addWidget(self.above_spin)
        top.addWidget(self.above_button)
        buttons = QHBoxLayout()
        for b in (self.accept_button, self.reject_button, self.reset_button, self.everywhere_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)

        self.accept_button.clicked.connect(lambda: self._request(self.acceptRequested))
        self.reject_button.clicked.connect(lambda: self._request(self.rejectRequested))
        self.reset_button.clicked.connect(lambda: self._request(self.resetRequested))
        self.everywhere_button.clicked.connect(self._everywhere)
        self.above_button.clicked.connect(lambda: self.acceptAboveRequested.emit(round(self.above_spin.value(), 3)))

        # keys while the panel has the focus; the window adds Ctrl+… everywhere
        for key, slot in (
            ("J", lambda: self.step(1)),
            ("K", lambda: self.step(-1)),
            ("A", lambda: self._request(self.acceptRequested)),
            ("R", lambda: self._request(self.rejectRequested)),
            ("U", lambda: self._request(self.resetRequested)),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._update_counts()

    # content ---------------------------------------------------------------------
    def set_document(self, doc) -> None:
        self.model.set_document(doc)
        self._update_counts()
        self._show_detail()

    def refresh(self, pages=None) -> None:
        keep = self.current_id()
        self.model.refresh(pages)
        if keep and self.current_id() != keep:
            self.select(keep, notify=False)
        self._update_counts()
        self._show_detail()

    def _update_counts(self) -> None:
        rows = self.model.rows
        pending = sum(1 for s in rows if s.status is Status.PENDING)
        accepted = sum(1 for s in rows if s.status is Status.ACCEPTED)
        rejected = sum(1 for s in rows if s.status is Status.REJECTED)
        self.counts.setText(f"待定 {pending} · 接受 {accepted} · 拒绝 {rejected}")

    # selection -------------------------------------------------------------------
    def current_id(self) -> str:
        index = self.table.currentIndex()
        if not index.isValid():
            return ""
        return index.data(SuggestionsModel.ID_ROLE) or ""

    def current_suggestion(self) -> Suggestion | None:
        sid = self.current_id()
        row = self.model.row_of(sid) if sid else -1
        return self.model.rows[row] if row >= 0 else None

    def selected_ids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        ids = [r.data(SuggestionsModel.ID_ROLE) for r in rows]
        if not ids and self.current_id():
            ids = [self.current_id()]
        return [i for i in ids if i]

    def select(self, suggestion_id: str, notify: bool = True) -> bool:
        row = self.model.row_of(suggestion_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        if not notify:
            self.table.selectionModel().blockSignals(True)
        try:
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
        finally:
            if not notify:
                self.table.selectionModel().blockSignals(False)
        self.table.scrollTo(index)
        self._show_detail()
        return True

    def step(self, delta: int) -> str:
        """Move to the next (1) or previous (-1) suggestion; returns its id."""
        count = self.proxy.rowCount()
        if count == 0:
            return ""
        row = self.table.currentIndex().row()
        row = 0 if row < 0 and delta > 0 else (count - 1 if row < 0 else max(0, min(count - 1, row + delta)))
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        return self.current_id()

    def next_pending_after(self, suggestion_id: str) -> str:
        """The first pending suggestion after this one (else before it), in table order."""
        rows = self.model.rows
        k = self.model.row_of(suggestion_id)
        order = rows[k + 1 :] + rows[:k] if k >= 0 else rows
        for s in order:
            if s.status is Status.PENDING and s.id != suggestion_id:
                return s.id
        return ""

    def _current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._show_detail()
        self.currentChanged.emit(self.current_id())

    def _show_detail(self) -> None:
        sid = self.current_id()
        row = self.model.row_of(sid) if sid else -1
        if row < 0:
            self.detail.setText("")
            return
        s = self.model.rows[row]
        self.detail.setText(f"{s.rule} · {s.summary}" + (f"\n{s.evidence}" if s.evidence else ""))

    def _request(self, signal) -> None:
        ids = self.selected_ids()
        if ids:
            signal.emit(ids)

    def _everywhere(self) -> None:
        sid = self.current_id()
        if sid:
            self.everywhereRequested.emit(sid)
