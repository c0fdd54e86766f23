"""The rule registry: codes, docs, defaults, and the normalizer's independence of Qt."""

import subprocess
import sys

import regex

from normalizer.config import Config
from normalizer.resources import load_toml
from normalizer.rules import IssueRule, PageRule, TextRule, all_rules


def test_every_rule_is_described():
    rules = all_rules()
    assert rules, "no rules registered"
    for rid, cls in rules.items():
        assert regex.fullmatch(r"JD[123]\d\d", rid), rid
        assert cls.name and regex.fullmatch(r"[a-z0-9-]+", cls.name), rid
        assert cls.summary and "\n" not in cls.summary, rid
        assert cls.kind in ("auto", "suggest"), rid
        assert issubclass(cls, (TextRule, PageRule, IssueRule)), rid
        assert "What it does" in cls.doc() or len(cls.doc()) > len(cls.summary), rid


def test_names_are_unique():
    names = [cls.name for cls in all_rules().values()]
    assert len(names) == len(set(names))


def test_every_rule_has_shipped_defaults():
    shipped = load_toml("rules.toml")["rules"]
    assert set(shipped) == set(all_rules())
    for rid, section in shipped.items():
        assert isinstance(section.get("enabled"), bool), rid


def test_user_file_overrides_defaults(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text('[rules.JD101]\nenabled = false\n', encoding="utf-8")
    config = Config.load(user)
    assert not config.is_enabled("JD101")
    assert config.is_enabled("JD102")
    assert "JD101" not in [r.id for r in config.active_rules()]


def test_cli_style_toggles():
    config = Config.load(disable=["JD102"])
    assert not config.is_enabled("JD102")
    config = Config.load(disable=["JD102"], enable=["JD102"])
    assert config.is_enabled("JD102")


def test_normalizer_never_imports_qt():
    code = (
        "import sys, pkgutil, importlib, normalizer, normalizer.rules, normalizer.export\n"
        "for pkg in (normalizer, normalizer.rules, normalizer.export):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(pkg.__name__ + '.' + m.name)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'PyQt', 'shiboken'))]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
