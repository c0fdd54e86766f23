"""Starting the editor: ``python -m gui [PATH...]`` or ``jiaodui edit [PATH...]``.

Paths may be page files, issue folders or saved projects (``.jiaodui``).  On
start the editor offers to recover work autosaved by a session that did not
close normally.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from . import compat, fonts

ORGANISATION = "Jiaodui"
APPLICATION = "Jiaodui Editor"


def application(argv: Sequence[str] | None = None) -> QApplication:
    """The running ``QApplication``, made (with names and fonts) if there is none."""
    compat.protect_none()
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else [sys.argv[0]])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("校对 Jiaodui")
    app.setFont(fonts.ui_font())
    return app


def create_window(paths: Sequence[str] = (), *, settings: QSettings | None = None, start: bool = True, **options):
    """A main window; with ``start`` it offers recovery and opens ``paths`` once shown.

    ``options`` go to :class:`~gui.mainwindow.MainWindow` (``config``,
    ``recover_prompt``, ``close_prompt``, ``notify``), so scripts and tests can
    answer the prompts.
    """
    application()
    from .mainwindow import MainWindow

    window = MainWindow(settings=settings, **options)
    if start:
        window.start(list(paths))
    return window


def ready_window(paths: Sequence[str], settings_dir: str | None = None, **options):
    """Start the application, show a window opening ``paths`` and return it once it is ready.

    For scripts that drive the editor in a process of their own (the GUI
    benchmark, the crash-recovery test): ``settings_dir`` keeps their settings
    apart from the user's, and a recovery prompt answers "later" unless
    ``options`` say otherwise.
    """
    from PySide6.QtCore import QEventLoop

    if settings_dir is not None:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    application()
    options.setdefault("recover_prompt", lambda found: "later")
    window = create_window(start=False, **options)
    window.show()
    loop = QEventLoop()
    window.ready.connect(loop.quit)
    window.start(list(paths))
    if not window.is_ready:
        loop.exec()
    return window


def run(paths: Sequence[str] = ()) -> int:
    app = application()
    window = create_window(paths, start=False)
    window.show()
    window.start(list(paths))
    return app.exec()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gui", description="Jiaodui (校对) editor")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="page files, issue folders or .jiaodui projects")
    args = parser.parse_args(argv)
    return run(args.paths)
