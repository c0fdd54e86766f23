"""Shared set-up of the editor tests: Qt offscreen, settings and autosaves in tmp_path."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

try:
    import PySide6  # noqa: F401
except ImportError:  # the pure suite runs without Qt
    collect_ignore_glob = ["test_*.py"]

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))

#: a page with two ambiguous traditional characters (suggestions) and ASCII commas
SUGGESTING_PAGE = (
    "　　本报讯 昨晚的比赛中，主队以比分3:2获胜,观众欢呼。\n\n"
    "　　他乾了这杯酒後走了。\n\n"
    "　　第三段文字在这里,没有问题。\n"
)


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Autosaves and settings never leave the test's folder."""
    monkeypatch.setenv("JIAODUI_STATE_DIR", str(tmp_path / "state"))
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "editor.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def seeds(tmp_path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for p in SEEDS:
        shutil.copy(p, folder / p.name)
    return folder


@pytest.fixture
def suggesting_file(tmp_path) -> Path:
    path = tmp_path / "issue" / "p1.txt"
    path.parent.mkdir()
    path.write_text(SUGGESTING_PAGE, encoding="utf-8")
    return path


class Notices(list):
    def __call__(self, title, text):
        self.append((title, text))


@pytest.fixture
def make_window(qtbot, settings):
    """``make_window(paths, **options)``: a started main window with its documents open."""
    from gui.app import create_window

    made = []

    def make(paths=(), recover="later", size=(1200, 800), **options):
        notices = Notices()
        options.setdefault("notify", notices)
        options.setdefault("close_prompt", lambda docs: "discard")
        window = create_window(
            start=False, settings=options.pop("settings", settings), recover_prompt=lambda found: recover, **options
        )
        window.notices = notices
        if size:
            window.resize(*size)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.ready, timeout=20000):
            window.start([str(p) for p in paths])
        made.append(window)
        return window

    yield make
    for window in made:
        for doc in window.docs:
            doc.wait()


@pytest.fixture
def idle(qtbot):
    """``idle(window)``: wait until no document of the window has work queued."""

    def wait(window, timeout=10000):
        qtbot.waitUntil(lambda: all(not d.busy for d in window.docs), timeout=timeout)

    return wait
