"""The navigator: open issues → pages → articles, each with its pending suggestions.

:class:`NavigatorModel` is a ``QAbstractItemModel`` over plain nodes built
from each document's issue (:func:`outline`); the tree view shows it.  Counts
are refreshed in place when decisions change; the tree is rebuilt only when
the structure (pages, articles) changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from normalizer.model import Issue, Status


@dataclass(eq=False)
class Node:
    kind: str  # "issue" | "page" | "article"
    label: str
    doc: object = None
    page: int | None = None
    article_id: str | None = None
    block_id: str | None = None  # first block of an article
    pending: int = 0
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    tip: str = ""

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent is not None else 0

    def key(self) -> tuple:
        return (self.kind, self.page, self.article_id)


def _short(text: str, n: int = 22) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def article_title(article) -> str:
    if article.headline is not None and article.headline.text.text.strip():
        return _short(article.headline.text.text)
    for block in article.blocks():
        if block.text.text.strip():
            return "（无标题）" + _short(block.text.text, 14)
    return "（空）"


def pending_counts(doc) -> tuple[dict[int, int], dict[str, int], int]:
    """Pending suggestions per page, per article and in all."""
    issue: Issue = doc.session.issue
    find = doc.index.finder(issue)
    article_of_block: dict[str, str] = {}
    for article in issue.articles:
        for block in article.blocks():
            article_of_block[block.id] = article.id
    per_page: dict[int, int] = {}
    per_article: dict[str, int] = {}
    total = 0
    for s in issue.suggestions:
        if s.status is not Status.PENDING:
            continue
        total += 1
        per_page[s.page] = per_page.get(s.page, 0) + 1
        block = find(s.page, s.start)
        art = article_of_block.get(block.id) if block is not None else None
        if art is not None:
            per_article[art] = per_article.get(art, 0) + 1
    return per_page, per_article, total


def outline(doc) -> Node:
    """The navigator subtree of one document."""
    issue: Issue = doc.session.issue
    root = Node("issue", doc.name, doc=doc, tip=issue.name)
    per_page, per_article, total = pending_counts(doc)
    root.pending = total
    # each article under every page it has blocks on, in article order
    on_page: dict[int, list[tuple[object, object]]] = {}
    for article in issue.articles:
        firsts: dict[int, object] = {}
        for block in article.blocks():
            firsts.setdefault(block.page, block)
        for number, first in firsts.items():
            on_page.setdefault(number, []).append((article, first))
    for page in issue.pages:
        label = f"第{page.number}版"
        pnode = Node("page", label, doc=doc, page=page.number, pending=per_page.get(page.number, 0), parent=root,
                     tip=page.source)
        root.children.append(pnode)
        for article, first in on_page.get(page.number, ()):
            continued = bool(article.pages) and article.pages[0] != page.number
            title = article_title(article) + ("（续）" if continued else "")
            pnode.children.append(
                Node(
                    "article",
                    title,
                    doc=doc,
                    page=page.number,
                    article_id=article.id,
                    block_id=first.id,
                    pending=per_article.get(article.id, 0) if not continued else 0,
                    parent=pnode,
                    tip=article.headline.text.text if article.headline is not None else title,
                )
            )
    return root


def _shape(node: Node) -> tuple:
    return (node.key(), node.label, tuple(_shape(c) for c in node.children))


class NavigatorModel(QAbstractItemModel):
    HEADERS = ("版面 / 文章", "待定")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.roots: list[Node] = []

    # building ------------------------------------------------------------------
    def add_document(self, doc) -> None:
        node = outline(doc)
        row = len(self.roots)
        self.beginInsertRows(QModelIndex(), row, row)
        self.roots.append(node)
        self.endInsertRows()

    def remove_document(self, doc) -> None:
        for row, node in enumerate(self.roots):
            if node.doc is doc:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.roots[row]
                self.endRemoveRows()
                return

    def refresh(self, doc) -> None:
        """Bring one document's subtree up to date (counts in place when the shape is the same)."""
        for row, old in enumerate(self.roots):
            if old.doc is not doc:
                continue
            new = outline(doc)
            if _shape(new) == _shape(old):
                self._copy_counts(old, new)
                return
            parent = QModelIndex()
            self.beginRemoveRows(parent, row, row)
            del self.roots[row]
            self.endRemoveRows()
            self.beginInsertRows(parent, row, row)
            self.roots.insert(row, new)
            self.endInsertRows()
            return

    def update_counts(self, doc) -> None:
        """Only the pending counts changed (decisions): update them in place."""
        for root in self.roots:
            if root.doc is not doc:
                continue
            per_page, per_article, total = pending_counts(doc)
            changed: list[Node] = []
            if root.pending != total:
                root.pending = total
                changed.append(root)
            for pnode in root.children:
                n = per_page.get(pnode.page, 0)
                if pnode.pending != n:
                    pnode.pending = n
                    changed.append(pnode)
                for anode in pnode.children:
                    continued = anode.label.endswith("（续）")
                    n = 0 if continued else per_article.get(anode.article_id, 0)
                    if anode.pending != n:
                        anode.pending = n
                        changed.append(anode)
            for node in changed:
                index = self.index_of(node, 1)
                self.dataChanged.emit(index, index)
            return

    def _copy_counts(self, old: Node, new: Node) -> None:
        changed = old.pending != new.pending or old.label != new.label
        old.pending, old.label, old.tip = new.pending, new.label, new.tip
        if changed:
            index = self.index_of(old)
            self.dataChanged.emit(index, index.siblingAtColumn(1))
        for a, b in zip(old.children, new.children):
            self._copy_counts(a, b)

    # lookup ----------------------------------------------------------------------
    def node(self, index: QModelIndex | QPersistentModelIndex) -> Node | None:
        if not index.isValid():
            return None
        return index.internalPointer()

    def index_of(self, node: Node, column: int = 0) -> QModelIndex:
        if node.parent is None:
            return self.createIndex(self.roots.index(node), column, node)
        return self.createIndex(node.row(), column, node)

    def find(self, doc, page: int | None = None, article_id: str | None = None) -> QModelIndex:
        for root in self.roots:
            if root.doc is not doc:
                continue
            if page is None:
                return self.index_of(root)
            for pnode in root.children:
                if pnode.page != page:
                    continue
                if article_id is None:
                    return self.index_of(pnode)
                for anode in pnode.children:
                    if anode.article_id == article_id:
                        return self.index_of(anode)
                return self.index_of(pnode)
        return QModelIndex()

    # QAbstractItemModel ---------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, self.roots[row])
        node: Node = parent.internalPointer()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        node: Node = index.internalPointer()
        if node.parent is None:
            return QModelIndex()
        return self.index_of(node.parent)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if parent.column() > 0:
            return 0
        if not parent.isValid():
            return len(self.roots)
        return len(parent.internalPointer().children)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node: Node = index.internalPointer()
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return node.label
            return str(node.pending) if node.pending else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            extra = f"\n{node.pending} pending suggestions" if node.pending else ""
            return (node.tip or node.label) + extra
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == 1 and node.pending:
            return QBrush(QColor("#c05a00"))
        if role == Qt.ItemDataRole.FontRole and node.kind == "issue":
            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
