"""``jiaodui edit`` and ``python -m gui`` start the editor; the normalizer never imports Qt."""

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from normalizer.cli import build_parser, main  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def test_edit_subcommand_hands_its_paths_to_the_editor(monkeypatch, tmp_path):
    import gui.app

    seen = []
    monkeypatch.setattr(gui.app, "run", lambda paths: seen.append(list(paths)) or 0)
    assert build_parser().parse_args(["edit"]).paths == []
    assert main(["edit", str(tmp_path / "a.txt"), str(tmp_path)]) == 0
    assert seen == [[str(tmp_path / "a.txt"), str(tmp_path)]]


def test_normalizer_does_not_import_qt():
    code = (
        "import sys\n"
        "import normalizer, normalizer.cli, normalizer.session, normalizer.project\n"
        "import normalizer.export, normalizer.export.docx_export\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_python_m_gui_help():
    out = subprocess.run([sys.executable, "-m", "gui", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and "PATH" in out.stdout
