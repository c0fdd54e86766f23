"""The editor's main window: navigator, page views, suggestions, menus.

The window owns the open :class:`~gui.document.Document` objects, a
``QUndoGroup`` with one undo stack per document, and the widgets that show
them.  Every change goes through an undoable command on the document's
session; the widgets follow the document's events.  Work that can take long
(opening, re-running rules, deciding suggestions, export, batch) runs on
worker threads.
"""

from __future__ import annotations

import copy
import gc
from collections import Counter
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QUndoGroup, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QFileDialog,
    QFrame,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTreeView,
    QUndoView,
)

from normalizer.config import Config
from normalizer.model import Status

from . import fonts, persist, workers
from .batch import BatchDialog
from .commands import AcceptAbove, Decide, EditText, ReplaceAll, SetConfig, copy_config
from .dialogs import ExportDialog, FindDialog, RulesDialog, export_all
from .document import Document
from .editor import EditorPane
from .navigator import NavigatorModel
from .suggestions import SuggestionsPanel

MAX_RECENT = 10
FILE_FILTER = (
    "Jiaodui projects and page text (*.jiaodui *.txt *.text);;Jiaodui projects (*.jiaodui);;"
    "Page text (*.txt *.text);;All files (*)"
)

#: answers of the recovery prompt
RECOVER, DISCARD, LATER = "recover", "discard", "later"
#: answers of the close prompt
SAVE, CANCEL = "save", "cancel"


def _session_class():
    from normalizer.session import EditSession

    return EditSession


def _sources(session) -> tuple:
    return (session.name, tuple(p.source for p in session.raw_pages))


class MainWindow(QMainWindow):
    documentOpened = Signal(object)
    openFinished = Signal(list, list)  # documents opened, error lines
    ready = Signal()  # start-up (recovery and opening) is over

    def __init__(
        self,
        settings: QSettings | None = None,
        config: Config | None = None,
        recover_prompt: Callable[[list[Path]], str] | None = None,
        close_prompt: Callable[[list[Document]], str] | None = None,
        notify: Callable[[str, str], None] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("jiaoduiMainWindow")
        self.settings = settings if settings is not None else QSettings()
        self.config = config or Config.load()
        self.recover_prompt = recover_prompt if recover_prompt is not None else self._ask_recover
        self.close_prompt = close_prompt if close_prompt is not None else self._ask_close
        self.notify = notify if notify is not None else self._show_notice
        self.docs: list[Document] = []
        self.doc: Document | None = None
        self.stacks: dict[Document, QUndoStack] = {}
        self.undo_group = QUndoGroup(self)
        self.global_tasks: list[workers.Task] = []
        self.rules_dialog: RulesDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self.find_dialog: FindDialog | None = None
        self.batch_dialog: BatchDialog | None = None
        self.is_ready = False
        self.last_errors: list[str] = []
        self._syncing = False
        self._notices: list[QMessageBox] = []
        self.text_px = int(self.settings.value("view/textPx", fonts.DEFAULT_TEXT_PX) or fonts.DEFAULT_TEXT_PX)
        self._outline_later: set[Document] = set()
        self._outline_timer = QTimer(self)
        self._outline_timer.setSingleShot(True)
        self._outline_timer.setInterval(400)
        self._outline_timer.timeout.connect(self._refresh_outlines)

        self.setWindowTitle("校对 Jiaodui")
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)
        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._restore_settings()
        self._update_actions()

    # construction -----------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.pane = EditorPane(self)
        self.pane.set_text_font(fonts.text_font(self.text_px))
        self.setCentralWidget(self.pane)
        self.pane.editRequested.connect(self._on_edit_requested)
        self.pane.cursorMoved.connect(self._update_status)
        self.pane.message.connect(lambda text: self.statusBar().showMessage(text, 4000))

        self.nav_model = NavigatorModel(self)
        self.navigator = QTreeView(self)
        self.navigator.setObjectName("navigator")
        self.navigator.setModel(self.nav_model)
        self.navigator.setUniformRowHeights(True)
        self.navigator.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.navigator.header().setStretchLastSection(False)
        self.navigator.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.navigator.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.navigator.selectionModel().currentChanged.connect(self._navigator_current)
        nav_dock = QDockWidget("导航 Navigator", self)
        nav_dock.setObjectName("navigatorDock")
        nav_dock.setWidget(self.navigator)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, nav_dock)
        self.nav_dock = nav_dock

        self.suggestions = SuggestionsPanel(self)
        self.suggestions.currentChanged.connect(self._suggestion_current)
        self.suggestions.acceptRequested.connect(lambda ids: self.decide(ids, Status.ACCEPTED))
        self.suggestions.rejectRequested.connect(lambda ids: self.decide(ids, Status.REJECTED))
        self.suggestions.resetRequested.connect(lambda ids: self.decide(ids, Status.PENDING))
        self.suggestions.acceptAboveRequested.connect(self.accept_above)
        self.suggestions.everywhereRequested.connect(self.accept_everywhere)
        sug_dock = QDockWidget("建议 Suggestions", self)
        sug_dock.setObjectName("suggestionsDock")
        sug_dock.setWidget(self.suggestions)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, sug_dock)
        self.sug_dock = sug_dock

        self.history = QUndoView(self.undo_group, self)
        self.history.setEmptyLabel("（打开 opened）")
        hist_dock = QDockWidget("历史 History", self)
        hist_dock.setObjectName("historyDock")
        hist_dock.setWidget(self.history)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, hist_dock)
        self.tabifyDockWidget(nav_dock, hist_dock)
        nav_dock.raise_()
        self.hist_dock = hist_dock

        self.resizeDocks([nav_dock], [260], Qt.Orientation.Horizontal)
        self.resizeDocks([sug_dock], [230], Qt.Orientation.Vertical)

        bar = self.statusBar()
        self.status_where = QLabel("", self)
        self.status_counts = QLabel("", self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(180)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton("取消 Cancel", self)
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_tasks)
        for label in (self.status_where, self.status_counts):
            label.setContentsMargins(8, 0, 8, 0)
            label.setFrameShape(QFrame.Shape.StyledPanel)
        bar.addPermanentWidget(self.status_where)
        bar.addPermanentWidget(self.status_counts)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                action.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.act_open = a("打开文件 Open files…", self.choose_files, QKeySequence.StandardKey.Open)
        self.act_open_folder = a("打开期文件夹 Open issue folder…", self.choose_folder, "Ctrl+Shift+O")
        self.act_save = a("保存 Save project", self.save, QKeySequence.StandardKey.Save)
        self.act_save_as = a("另存为 Save project as…", self.save_as, QKeySequence.StandardKey.SaveAs)
        self.act_export = a("导出 Export issue…", self.open_export, "Ctrl+E")
        self.act_close_doc = a("关闭本期 Close issue", self.close_current, QKeySequence.StandardKey.Close)
        self.act_quit = a("退出 Quit", self.close, QKeySequence.StandardKey.Quit)

        self.act_undo = a("撤销 Undo", self.undo, QKeySequence.StandardKey.Undo)
        self.act_redo = a("重做 Redo", self.redo, QKeySequence.StandardKey.Redo)
        self.act_find = a("查找替换 Find and replace…", self.open_find, [QKeySequence.StandardKey.Find, "Ctrl+H"])

        self.act_next = a("下一条 Next suggestion", lambda: self.step_suggestion(1), "Ctrl+Down")
        self.act_prev = a("上一条 Previous suggestion", lambda: self.step_suggestion(-1), "Ctrl+Up")
        self.act_accept = a("接受 Accept", lambda: self.decide_current(Status.ACCEPTED), ["Ctrl+Return", "Ctrl+Enter"])
        self.act_reject = a("拒绝 Reject", lambda: self.decide_current(Status.REJECTED), "Ctrl+Backspace")
        self.act_reset = a("恢复待定 Back to pending", lambda: self.decide_current(Status.PENDING))
        self.act_above = a(
            "接受分数以上 Accept all above…",
            lambda: self.accept_above(round(self.suggestions.above_spin.value(), 3)),
        )
        self.act_everywhere = a(
            "处处接受 Apply to every occurrence", lambda: self.accept_everywhere(self.suggestions.current_id())
        )

        self.act_rules = a("规则 Rules…", self.open_rules, "Ctrl+R")
        self.act_rerun = a("重新运行 Re-run rules", self.rerun, "F5")
        self.act_batch = a("批量 Batch…", self.open_batch, "Ctrl+B")

        self.act_bigger = a(
            "放大 Larger text", lambda: self.set_text_size(self.text_px + 1), [QKeySequence.StandardKey.ZoomIn, "Ctrl+="]
        )
        self.act_smaller = a(
            "缩小 Smaller text", lambda: self.set_text_size(self.text_px - 1), QKeySequence.StandardKey.ZoomOut
        )
        self.act_normal = a("默认大小 Default size", lambda: self.set_text_size(fonts.DEFAULT_TEXT_PX), "Ctrl+0")

        # the window's undo follows the busy state and the current document's stack
        self.undo_group.canUndoChanged.connect(self._update_actions)
        self.undo_group.canRedoChanged.connect(self._update_actions)
        self.undo_group.undoTextChanged.connect(self._undo_text)
        self.undo_group.redoTextChanged.connect(self._redo_text)

    def _undo_text(self, text: str) -> None:
        self.act_undo.setText(f"撤销 Undo {text}".strip())

    def _redo_text(self, text: str) -> None:
        self.act_redo.setText(f"重做 Redo {text}".strip())

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu("文件 &File")
        m.addActions([self.act_open, self.act_open_folder])
        self.recent_menu = m.addMenu("最近 Recent")
        m.addSeparator()
        m.addActions([self.act_save, self.act_save_as])
        m.addSeparator()
        m.addAction(self.act_export)
        m.addSeparator()
        m.addActions([self.act_close_doc, self.act_quit])

        m = bar.addMenu("编辑 &Edit")
        m.addActions([self.act_undo, self.act_redo])
        m.addSeparator()
        m.addAction(self.act_find)

        m = bar.addMenu("建议 &Suggestions")
        m.addActions([self.act_next, self.act_prev])
        m.addSeparator()
        m.addActions([self.act_accept, self.act_reject, self.act_reset])
        m.addSeparator()
        m.addActions([self.act_above, self.act_everywhere])

        m = bar.addMenu("校对 &Normalise")
        m.addActions([self.act_rules, self.act_rerun])
        m.addSeparator()
        m.addAction(self.act_batch)

        m = bar.addMenu("视图 &View")
        m.addActions([self.act_bigger, self.act_smaller, self.act_normal])
        m.addSeparator()
        for dock in (self.nav_dock, self.sug_dock, self.hist_dock):
            m.addAction(dock.toggleViewAction())
        self._rebuild_recent()

    # settings ----------------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, (QByteArray, bytes)) and geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resize(self.default_size())
        state = self.settings.value("window/state")
        if isinstance(state, (QByteArray, bytes)) and state:
            self.restoreState(QByteArray(state))
        split = self.settings.value("window/pageSplitter")
        if isinstance(split, (QByteArray, bytes)) and split:
            self.pane.splitter.restoreState(QByteArray(split))
        pending_only = self.settings.value("suggestions/pendingOnly", False)
        self.suggestions.pending_only.setChecked(str(pending_only).lower() in ("true", "1"))

    def default_size(self) -> QSize:
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return QSize(1400, 900)
        avail = screen.availableGeometry()
        return QSize(min(1400, int(avail.width() * 0.9)), min(900, int(avail.height() * 0.9)))

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/pageSplitter", self.pane.splitter.saveState())
        s.setValue("view/textPx", self.text_px)
        s.setValue("suggestions/pendingOnly", self.suggestions.pending_only.isChecked())
        s.sync()

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value] if value else []
        return [str(v) for v in (value or [])]

    def _add_recent(self, paths) -> None:
        recent = self.recent_files()
        for p in paths:
            p = str(Path(p).resolve())
            if p in recent:
                recent.remove(p)
            recent.insert(0, p)
        self.settings.setValue("recent", recent[:MAX_RECENT])
        self._rebuild_recent()

    def _rebuild_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda checked=False, p=path: self.open_paths([p]))
        self.recent_menu.setEnabled(bool(recent))

    def set_text_size(self, px: int) -> None:
        self.text_px = max(fonts.MIN_TEXT_PX, min(fonts.MAX_TEXT_PX, px))
        self.pane.set_text_font(fonts.text_font(self.text_px))
        self.settings.setValue("view/textPx", self.text_px)

    # start-up -------------------------------------------------------------------------------------
    def start(self, paths=()) -> None:
        """Offer to recover autosaves, then open ``paths``; :attr:`ready` when done."""
        paths = [str(p) for p in paths]
        found: list[Path] = []
        try:
            found = persist.recoverable(None)
            for p in paths:
                if persist.is_project(p):
                    found.extend(persist.recoverable(Path(p)))
        except Exception as exc:
            self.notify("Recovery", f"Could not look for autosaves: {exc}")
        found = list(dict.fromkeys(found))
        answer = self.recover_prompt(found) if found else LATER
        if answer == DISCARD:
            for p in found:
                try:
                    persist.discard(p)
                except OSError:
                    pass
        if answer == RECOVER:
            self._recover(found, then=lambda: self._open_then_ready(paths))
        else:
            self._open_then_ready(paths)

    def _open_then_ready(self, paths: list[str]) -> None:
        if paths:
            self.open_paths(paths, on_done=self._became_ready)
        else:
            self._became_ready()

    def _became_ready(self, *_args) -> None:
        self.is_ready = True
        self.ready.emit()

    def _settle_memory(self) -> None:
        """Keep the open issues out of Python's garbage collections.

        An issue is hundreds of thousands of small objects that live as long
        as it is open; without this, every full collection walks them all and
        the window stalls for tens of milliseconds."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def _recover(self, autosaves: list[Path], then: Callable[[], None]) -> None:
        def work(state: workers.TaskState):
            out, errors = [], []
            for path in autosaves:
                state.check()
                try:
                    out.append((persist.load(path), path))
                except Exception as exc:
                    errors.append(f"{path}: {exc}")
            return out, errors

        def done(result) -> None:
            recovered, errors = result
            for session, path in recovered:
                doc = Document(session, parent=self)
                doc.recovered_from = path
                self._add_document(doc)
            if recovered:
                self.statusBar().showMessage(f"Recovered {len(recovered)} autosaved issue(s)", 5000)
            if errors:
                self.notify("Recovery", "\n".join(errors))
            then()

        self._run_global(work, "Recovering", done, lambda message: then())

    # opening ---------------------------------------------------------------------------------------
    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Open", self._last_dir(), FILE_FILTER)
        if files:
            self.open_paths(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open issue folder", self._last_dir())
        if folder:
            self.open_paths([folder])

    def _last_dir(self) -> str:
        recent = self.recent_files()
        return str(Path(recent[0]).parent) if recent else ""

    def open_paths(self, paths, on_done: Callable | None = None) -> None:
        """Open page files, issue folders and projects (on a worker)."""
        paths = [str(p) for p in paths]
        projects = [p for p in paths if persist.is_project(p)]
        others = [p for p in paths if not persist.is_project(p)]
        config = copy_config(self.config)

        def work(state: workers.TaskState):
            from normalizer.reading import discover, read_issue

            session_class = _session_class()
            opened, errors = [], []
            sources, errs = discover(others) if others else ([], [])
            errors.extend(str(e) for e in errs)
            total = len(projects) + len(sources)
            for k, p in enumerate(projects):
                state.check()
                state.progress(k, total, f"Opening {p}")
                try:
                    opened.append(persist.load(p))
                except Exception as exc:
                    errors.append(str(exc) if str(p) in str(exc) else f"{p}: {exc}")
            for k, source in enumerate(sources, start=len(projects)):
                state.check()  # cancel stops between issues
                state.progress(k, total, f"Reading and normalising {source.name}")
                issue, errs = read_issue(source, config.max_bytes)
                errors.extend(str(e) for e in errs)
                if issue is not None:
                    opened.append(session_class(issue, config))
            state.progress(total, total, "")
            return opened, errors

        def done(result) -> None:
            opened, errors = result
            docs = []
            try:
                for session in opened:
                    if self._already_open(session):
                        errors.append(f"{session.name}: already open")
                        continue
                    doc = Document(session, parent=self)
                    self._add_document(doc)
                    docs.append(doc)
                if opened:
                    self._add_recent(paths)
                if docs:
                    self.show_document(docs[0])
                    self._settle_memory()
            except Exception as exc:  # a view failed: say so, and still finish opening
                errors.append(f"showing the issue failed: {type(exc).__name__}: {exc}")
                raise
            finally:
                self.last_errors = errors
                if errors:
                    self.notify("Some inputs could not be opened", "\n".join(errors))
                self.openFinished.emit(docs, errors)
                if on_done is not None:
                    on_done(docs)

        def failed(message: str) -> None:
            self.last_errors = [message]
            self.notify("Opening failed", message)
            self.openFinished.emit([], [message])
            if on_done is not None:
                on_done([])

        self._run_global(work, "Opening", done, failed)

    def _already_open(self, session) -> bool:
        project_path = session.project_path
        for doc in self.docs:
            if project_path is not None and doc.project_path is not None:
                if Path(doc.project_path).resolve() == Path(project_path).resolve():
                    return True
            elif _sources(doc.session) == _sources(session):
                return True
        return False

    def _run_global(self, fn, label: str, on_done, on_error=None) -> workers.Task:
        task = workers.Task(label)
        task.succeeded.connect(on_done)
        task.failed.connect(lambda message, detail: on_error(message) if on_error else self.notify(label, message))
        task.cancelled.connect(lambda: on_error("cancelled") if on_error else None)
        task.progressed.connect(self._global_progress)
        task.finished.connect(lambda: self._global_finished(task))
        self.global_tasks.append(task)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.statusBar().showMessage(f"{label}…")
        task.start(fn)
        return task

    def _global_progress(self, done: int, total: int, label: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        if label:
            self.statusBar().showMessage(label)

    def _global_finished(self, task: workers.Task) -> None:
        if task in self.global_tasks:
            self.global_tasks.remove(task)
        self._update_busy_widgets()
        self.statusBar().clearMessage()

    def cancel_tasks(self) -> None:
        for task in self.global_tasks:
            task.cancel()

    # documents -------------------------------------------------------------------------------------
    def _add_document(self, doc: Document) -> None:
        self.docs.append(doc)
        stack = QUndoStack(self.undo_group)
        stack.setUndoLimit(500)
        self.stacks[doc] = stack
        stack.cleanChanged.connect(self._update_title)
        doc.changed.connect(lambda event, d=doc: self._on_doc_changed(d, event))
        doc.busyChanged.connect(lambda busy, d=doc: self._on_doc_busy(d, busy))
        doc.failed.connect(lambda what, why: self.notify(what, why))
        doc.statusMessage.connect(lambda text: self.statusBar().showMessage(text, 3000))
        doc.autosaved.connect(lambda path: self.statusBar().showMessage("已自动保存 Autosaved", 2000))
        doc.saved.connect(self._update_title)
        self.nav_model.add_document(doc)
        issue_index = self.nav_model.find(doc)
        self.navigator.expand(issue_index)
        if self.nav_model.rowCount(issue_index) <= 3:  # a few pages: show their articles too
            for row in range(self.nav_model.rowCount(issue_index)):
                self.navigator.expand(self.nav_model.index(row, 0, issue_index))
        self.documentOpened.emit(doc)
        if self.doc is None:
            self.show_document(doc)
        self._update_actions()

    def document(self, name: str) -> Document | None:
        for doc in self.docs:
            if doc.name == name or doc.session.issue.name == name:
                return doc
        return None

    def undo_stack(self, doc: Document | None = None) -> QUndoStack | None:
        doc = doc or self.doc
        return self.stacks.get(doc) if doc is not None else None

    def show_document(self, doc: Document, page: int | None = None, block_id: str | None = None) -> None:
        if doc not in self.docs:
            return
        if doc is not self.doc:
            self.doc = doc
            self.undo_group.setActiveStack(self.stacks[doc])
            self.suggestions.set_document(doc)
        if page is None:
            shown = self.pane.page_number if self.pane.doc is doc else None
            page = shown if shown is not None else doc.issue.pages[0].number
        self.pane.show_page(doc, page, block_id)
        self.pane.set_busy(doc.busy)
        self._sync_navigator(doc, page)
        self._update_title()
        self._update_status()
        self._update_actions()

    def _sync_navigator(self, doc: Document, page: int | None) -> None:
        index = self.nav_model.find(doc, page)
        if not index.isValid():
            return
        current = self.nav_model.node(self.navigator.currentIndex())
        if current is not None and current.doc is doc and current.page == page:
            return
        self._syncing = True
        try:
            self.navigator.setCurrentIndex(index)
            self.navigator.scrollTo(index)
        finally:
            self._syncing = False

    def _navigator_current(self, current, _previous) -> None:
        if self._syncing:
            return
        node = self.nav_model.node(current)
        if node is None:
            return
        if node.kind == "issue":
            self.show_document(node.doc)
        else:
            self.show_document(node.doc, node.page, node.block_id)

    def show_page(self, page: int, block_id: str | None = None) -> None:
        if self.doc is not None:
            self.show_document(self.doc, page, block_id)

    def _on_doc_changed(self, doc: Document, event) -> None:
        # typing changes only block texts: the navigator's titles and the
        # suggestions' previews follow a moment later, not on every keystroke
        typing = event.kind == "block_changed" and not getattr(event, "suggestion_ids", ())
        if typing:
            self._outline_later.add(doc)
            self._outline_timer.start()
        elif event.kind == "renormalised":
            self._outline_later.discard(doc)
            self.nav_model.refresh(doc)
            if doc is self.doc:
                self.suggestions.refresh()
        else:
            # decisions: blocks, roles and articles stay (else it is "renormalised")
            pages = set(getattr(event, "pages", ()) or ()) or None
            self.nav_model.update_counts(doc)
            if doc is self.doc:
                self.suggestions.refresh(pages)
        if doc is self.doc:
            self.pane.on_document_changed(doc, event)
        lost = len(doc.session.lost_hand_edits)
        if lost != doc.lost_seen:
            if lost > doc.lost_seen:
                self.statusBar().showMessage(
                    f"{lost} hand edit(s) lost their place after the rules ran; "
                    "they are kept and come back when their text does", 8000
                )
            doc.lost_seen = lost
        self._update_title()
        self._update_status()

    def _refresh_outlines(self) -> None:
        for doc in list(self._outline_later):
            if doc in self.docs:
                self.nav_model.refresh(doc)
                if doc is self.doc:
                    self.suggestions.refresh()
        self._outline_later.clear()

    def _on_doc_busy(self, doc: Document, busy: bool) -> None:
        if doc is self.doc:
            self.pane.set_busy(busy)
        self._update_busy_widgets()
        self._update_actions()

    def _update_busy_widgets(self) -> None:
        busy_docs = any(d.busy for d in self.docs)
        running = bool(self.global_tasks) or busy_docs
        self.progress.setVisible(running)
        if running:
            self.progress.setRange(0, 0)
        self.cancel_button.setVisible(bool(self.global_tasks))

    def when_idle(self, doc: Document, fn: Callable[[], None]) -> None:
        """Run ``fn`` once ``doc`` has no queued work."""
        if not doc.busy:
            fn()
            return

        def once(busy: bool) -> None:
            if not busy:
                doc.busyChanged.disconnect(once)
                fn()

        doc.busyChanged.connect(once)

    def close_current(self) -> None:
        if self.doc is not None:
            self.close_document(self.doc)

    def close_document(self, doc: Document, ask: bool = True) -> bool:
        doc.wait()
        if ask and doc.dirty:
            answer = self.close_prompt([doc])
            if answer == CANCEL:
                return False
            if answer == SAVE and not self.save(doc):
                return False
            if answer == DISCARD:
                doc.discard_autosave()
        self.docs.remove(doc)
        self.nav_model.remove_document(doc)
        stack = self.stacks.pop(doc)
        self.undo_group.removeStack(stack)
        stack.deleteLater()
        if self.doc is doc:
            self.doc = None
            if self.docs:
                self.show_document(self.docs[0])
            else:
                self.pane.clear()
                self.suggestions.set_document(None)
        doc.close()
        doc.deleteLater()
        QTimer.singleShot(0, self._settle_memory)
        self._update_title()
        self._update_actions()
        return True

    # status ------------------------------------------------------------------------------------------
    def _update_title(self, *_args) -> None:
        if self.doc is None:
            self.setWindowTitle("校对 Jiaodui")
            return
        mark = " *" if self.doc.dirty else ""
        where = f" — {self.doc.project_path}" if self.doc.project_path else ""
        self.setWindowTitle(f"校对 Jiaodui — {self.doc.name}{mark}{where}")

    def _update_status(self) -> None:
        doc = self.doc
        if doc is None or self.pane.page_number is None:
            self.status_where.setText("")
            self.status_counts.setText("")
            return
        issue = doc.session.issue
        pages = [p.number for p in issue.pages]
        page = self.pane.page_number
        n = pages.index(page) + 1 if page in pages else 0
        info = self.pane.cursor_info()
        where = f"第{page}版 ({n}/{len(pages)})"
        if "block" in info:
            where += f" · {info['block']} {info['role']} · 字 {info['offset']}"
        if "raw" in info:
            where += f" · 原文 {info['raw'][0]}:{info['raw'][1]}"
        self.status_where.setText(where)
        pending = sum(1 for s in issue.suggestions if s.status is Status.PENDING)
        hand = sum(1 for e in getattr(doc.session, "hand_edits", []) if getattr(e, "status", "applied") == "applied")
        lost = len(getattr(doc.session, "lost_hand_edits", []) or [])
        text = f"修改 {len(issue.changes)} · 待定 {pending} · 手改 {hand}"
        if lost:
            text += f" · 丢失 {lost}"
        self.status_counts.setText(text)

    def _update_actions(self, *_args) -> None:
        doc = self.doc
        has = doc is not None
        idle = has and not doc.busy
        stack = self.undo_stack()
        self.act_undo.setEnabled(bool(idle and stack is not None and stack.canUndo()))
        self.act_redo.setEnabled(bool(idle and stack is not None and stack.canRedo()))
        for action in (self.act_accept, self.act_reject, self.act_reset, self.act_above, self.act_everywhere,
                       self.act_rerun, self.act_find, self.act_save, self.act_save_as, self.act_export,
                       self.act_rules, self.act_close_doc):
            action.setEnabled(bool(idle))
        for action in (self.act_next, self.act_prev):
            action.setEnabled(has)
        for button in (self.suggestions.accept_button, self.suggestions.reject_button,
                       self.suggestions.reset_button, self.suggestions.above_button):
            button.setEnabled(bool(idle))
        current = self.suggestions.current_suggestion()
        fix = current is not None and current.kind == "fix"
        self.suggestions.everywhere_button.setEnabled(bool(idle and fix))
        self.act_everywhere.setEnabled(bool(idle and fix))

    # undo -------------------------------------------------------------------------------------------------
    def undo(self) -> None:
        stack = self.undo_stack()
        if stack is not None and stack.canUndo() and not self.doc.busy:
            stack.undo()

    def redo(self) -> None:
        stack = self.undo_stack()
        if stack is not None and stack.canRedo() and not self.doc.busy:
            stack.redo()

    def push(self, command) -> None:
        self.stacks[command.doc].push(command)

    # typing --------------------------------------------------------------------------------------------------
    def _on_edit_requested(self, doc: Document, block_id: str, start: int, end: int, replacement: str) -> None:
        if doc.busy:
            QTimer.singleShot(0, self.pane.refresh)
            return
        command = EditText(doc, block_id, start, end, replacement)
        self.push(command)
        if command.error:
            self.statusBar().showMessage(f"The edit was not taken: {command.error}", 5000)
            QTimer.singleShot(0, self.pane.refresh)

    # suggestions -------------------------------------------------------------------------------------------
    def _suggestion_current(self, suggestion_id: str) -> None:
        if self.doc is None or not suggestion_id:
            return
        try:
            s = self.doc.session.suggestion(suggestion_id)
        except LookupError:
            return
        self.pane.show_suggestion(self.doc, s)
        self._sync_navigator(self.doc, s.page)
        self._update_status()
        self._update_actions()

    def step_suggestion(self, delta: int) -> None:
        self.suggestions.step(delta)

    def decide_current(self, status: Status) -> None:
        ids = self.suggestions.selected_ids()
        if ids:
            self.decide(ids, status)

    def decide(self, ids: list[str], status: Status) -> None:
        doc = self.doc
        if doc is None or doc.busy or not ids:
            return
        previous: dict[str, Status | None] = {}
        for sid in ids:
            try:
                s = doc.session.suggestion(sid)
            except LookupError:
                continue
            if s.status is not status:
                previous[sid] = doc.session.decisions.get(sid)
        if not previous:
            return
        what = ""
        if len(previous) == 1:
            s = doc.session.suggestion(next(iter(previous)))
            what = f"{s.before}→{s.after}"
        advance = ""
        if status is not Status.PENDING and len(ids) == 1:
            advance = self.suggestions.next_pending_after(ids[0])
        # as it is before the worker starts changing the session
        shown = copy.copy(doc.session.suggestion(next(iter(previous)))) if len(previous) == 1 else None
        self.push(Decide(doc, previous, status, what))
        if shown is not None:  # the text at once; the session's re-run follows
            self.pane.preview_decision(doc, shown, status)
        if advance:
            # once both views show the decision, move on to the next one
            self.when_idle(doc, lambda: QTimer.singleShot(0, lambda: self._advance(doc, advance)))

    def _advance(self, doc: Document, suggestion_id: str) -> None:
        if doc is self.doc and not doc.busy:
            self.suggestions.select(suggestion_id)

    def accept_above(self, score: float) -> None:
        doc = self.doc
        if doc is None or doc.busy:
            return

        def done(ids: list[str]) -> None:
            self.statusBar().showMessage(f"Accepted {len(ids)} suggestions scored ≥ {score:.2f}", 4000)

        self.push(AcceptAbove(doc, score, on_done=done))

    def accept_everywhere(self, suggestion_id: str) -> None:
        """Accept every pending suggestion of the same rule making the same change."""
        doc = self.doc
        if doc is None or doc.busy or not suggestion_id:
            return
        try:
            s = doc.session.suggestion(suggestion_id)
        except LookupError:
            return
        same = {
            x.id: doc.session.decisions.get(x.id)
            for x in doc.session.issue.suggestions
            if x.rule == s.rule and x.before == s.before and x.after == s.after
            and (x.status is Status.PENDING or x.id == s.id) and x.status is not Status.ACCEPTED
        }
        if same:
            self.push(Decide(doc, same, Status.ACCEPTED, f"{s.before}→{s.after} everywhere ({len(same)})"))

    # rules ---------------------------------------------------------------------------------------------------
    def open_rules(self) -> RulesDialog | None:
        doc = self.doc
        if doc is None:
            return None
        if self.rules_dialog is not None:
            self.rules_dialog.close()
            self.rules_dialog.deleteLater()
        dialog = RulesDialog(doc.session.config, self)
        dialog.applyRequested.connect(lambda config, d=doc: self.apply_config(d, config, dialog))
        self.rules_dialog = dialog
        dialog.show()
        dialog.raise_()
        return dialog

    def apply_config(self, doc: Document, config: Config, dialog: RulesDialog | None = None) -> None:
        if doc.busy:
            if dialog is not None:
                dialog.run_failed("the issue is busy; try again")
            return
        before = Counter(c.rule for c in doc.issue.changes)
        old = doc.session.config
        switched = [
            f"{rid} {'on' if config.is_enabled(rid) else 'off'}"
            for rid in sorted(set(config.rules) | set(old.rules))
            if config.is_enabled(rid) != old.is_enabled(rid)
        ]
        text = "Rules: " + (", ".join(switched) if switched else "re-run")

        def done() -> None:
            after = Counter(c.rule for c in doc.issue.changes)
            if dialog is not None:
                dialog.show_result(before, after, doc.session.config)

        def failed(message: str) -> None:
            if dialog is not None:
                dialog.run_failed(message)
            else:
                self.notify("Running the rules failed", message)

        self.push(SetConfig(doc, old, config, text, on_done=done, on_error=failed))

    def rerun(self) -> None:
        doc = self.doc
        if doc is not None and not doc.busy:
            doc.submit(lambda s: s.renormalise(), "Re-running the rules")

    # find --------------------------------------------------------------------------------------------------------
    def open_find(self) -> FindDialog:
        if self.find_dialog is None:
            dialog = FindDialog(self)
            dialog.findRequested.connect(self.find)
            dialog.replaceAllRequested.connect(self.replace_all)
            dialog.replaceOneRequested.connect(self.replace_one)
            dialog.matchActivated.connect(self.reveal_match)
            self.find_dialog = dialog
        self.find_dialog.show()
        self.find_dialog.raise_()
        return self.find_dialog

    def find(self, pattern: str, regex: bool, case: bool) -> list[tuple[str, int, int]]:
        doc = self.doc
        dialog = self.find_dialog
        if doc is None or doc.busy:
            return []
        try:
            matches = doc.call(lambda s: s.find(pattern, regex=regex, case=case))
        except Exception as exc:
            if dialog is not None:
                dialog.show_error(f"{type(exc).__name__}: {exc}")
            return []
        labels, texts = [], []
        for block_id, start, end in matches:
            try:
                block = doc.session.block(block_id)
                text = block.text.text
                page = block.page
            except LookupError:
                text, page = "", "?"
            left = text[max(0, start - 8) : start].replace("\n", " ")
            right = text[end : end + 8].replace("\n", " ")
            labels.append(f"第{page}版  {left}【{text[start:end]}】{right}")
            texts.append(text[start:end])
        if dialog is not None:
            dialog.show_matches(matches, labels, texts)
        return matches

    def reveal_match(self, block_id: str, start: int, end: int) -> None:
        doc = self.doc
        if doc is None:
            return
        try:
            page = doc.session.block(block_id).page
        except LookupError:
            return
        self.show_document(doc, page, block_id)
        slot = self.pane.layout_.slot(block_id) if self.pane.layout_ else None
        if slot is not None:
            self.pane.corrected_view.move_cursor(slot.start + end, anchor=slot.start + start, centre=True)

    def replace_all(self, pattern: str, replacement: str, regex: bool, case: bool = True) -> None:
        doc = self.doc
        if doc is None or doc.busy:
            return

        def done(n: int) -> None:
            if self.find_dialog is not None:
                self.find_dialog.show_error(f"Replaced {n} occurrence(s)")

        def failed(message: str) -> None:
            if self.find_dialog is not None:
                self.find_dialog.show_error(message)

        self.push(ReplaceAll(doc, pattern, replacement, regex, case, on_done=done, on_error=failed))

    def replace_one(self, block_id: str, start: int, end: int, replacement: str) -> None:
        doc = self.doc
        if doc is None or doc.busy:
            return
        command = EditText(doc, block_id, start, end, replacement, merge=False)
        self.push(command)
        if command.error and self.find_dialog is not None:
            self.find_dialog.show_error(command.error)

    # export and batch ---------------------------------------------------------------------------------------------
    def open_export(self) -> ExportDialog | None:
        doc = self.doc
        if doc is None:
            return None
        pending = sum(1 for s in doc.issue.suggestions if s.status is Status.PENDING)
        dialog = ExportDialog(doc.name, pending, self, self.settings)
        dialog.exportRequested.connect(lambda folder, formats, log, d=doc: self.export(d, folder, formats, log, dialog))
        self.export_dialog = dialog
        dialog.show()
        return dialog

    def export(self, doc: Document, folder: str, formats: tuple, change_log: bool,
               dialog: ExportDialog | None = None) -> None:
        def done(paths) -> None:
            self.statusBar().showMessage(f"Exported {len(paths)} file(s) to {folder}", 5000)
            if dialog is not None:
                dialog.show_result(paths)

        def failed(message: str) -> None:
            if dialog is not None:
                dialog.show_error(message)

        doc.submit(lambda s: export_all(s.issue, folder, tuple(formats), change_log), "Exporting", done, failed)

    def open_batch(self) -> BatchDialog:
        if self.batch_dialog is None:
            self.batch_dialog = BatchDialog(copy_config(self.config), self, self.settings)
        self.batch_dialog.show()
        self.batch_dialog.raise_()
        return self.batch_dialog

    # saving --------------------------------------------------------------------------------------------------------
    def save(self, doc: Document | None = None) -> bool:
        doc = doc or self.doc
        if doc is None:
            return False
        if doc.project_path is None:
            return self.save_as(doc)
        return self._save_to(doc, doc.project_path)

    def save_as(self, doc: Document | None = None, path: str | Path | None = None) -> bool:
        doc = doc or self.doc
        if doc is None:
            return False
        if path is None:
            suggested = str(doc.project_path or Path(self._last_dir() or ".") / f"{doc.name}{persist.PROJECT_SUFFIX}")
            path, _ = QFileDialog.getSaveFileName(self, "Save project", suggested, "Jiaodui project (*.jiaodui)")
            if not path:
                return False
        path = Path(path)
        if not persist.is_project(path):
            path = path.with_name(path.name + persist.PROJECT_SUFFIX)
        return self._save_to(doc, path)

    def _save_to(self, doc: Document, path: Path) -> bool:
        doc.wait()
        try:
            doc.save(path)
        except Exception as exc:
            self.notify("Saving failed", f"{path}: {type(exc).__name__}: {exc}")
            return False
        self.stacks[doc].setClean()
        self._add_recent([path])
        self.statusBar().showMessage(f"Saved {path}", 4000)
        self._update_title()
        return True

    # closing ----------------------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        for task in list(self.global_tasks):
            task.cancel()
        if self.batch_dialog is not None and self.batch_dialog.running:
            self.batch_dialog.cancel()
        for doc in self.docs:
            doc.wait()
        dirty = [d for d in self.docs if d.dirty]
        if dirty:
            answer = self.close_prompt(dirty)
            if answer == CANCEL:
                event.ignore()
                return
            for doc in dirty:
                if answer == SAVE:
                    if not self.save(doc):
                        event.ignore()
                        return
                elif answer == DISCARD:
                    doc.discard_autosave()
        for doc in self.docs:
            doc.close()
        self.save_settings()
        workers.wait_all(msecs=30000)
        event.accept()

    # drag and drop ---------------------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # prompts ----------------------------------------------------------------------------------------------------
    def _ask_recover(self, paths: list[Path]) -> str:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("恢复 Recover work")
        box.setText(f"Jiaodui found {len(paths)} autosaved issue(s) from a session that did not close normally.")
        box.setInformativeText("\n".join(persist.describe(p) for p in paths[:10]))
        recover = box.addButton("恢复 Recover", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("丢弃 Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("以后 Later", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        return RECOVER if clicked is recover else DISCARD if clicked is discard else LATER

    def _ask_close(self, docs: list[Document]) -> str:
        names = ", ".join(d.name for d in docs)
        answer = QMessageBox.question(
            self,
            "未保存 Unsaved changes",
            f"Save the changes to {names} as a project before closing?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return SAVE
        if answer == QMessageBox.StandardButton.Discard:
            return DISCARD
        return CANCEL

    def _show_notice(self, title: str, text: str) -> None:
        """A message that does not block the window."""
        self.statusBar().showMessage(f"{title}: {text.splitlines()[0] if text else ''}", 8000)
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r, b=box: self._notices.remove(b) if b in self._notices else None)
        self._notices.append(box)
        box.show()
