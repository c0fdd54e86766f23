"""Data-driven rule cases: one TOML file per rule under ``tests/cases/``.

A case file holds ``[[case]]`` tables::

    [[case]]
    label = "ASCII comma between Chinese characters"
    source = "002:10"            # where it was seen (file:line), optional
    raw = "今年初,定西市总工会"
    fixed = "今年初，定西市总工会"
    suggest = [["3:2", "3：2"]]   # optional: (before, after) of each suggestion
    role = "para"                 # optional: the block's role (text rules)
    known_failure = "why"         # optional: runs as a strict xfail

Text-rule cases run the one rule over one block.  Page-rule cases (``page = true``
in the file's top table) run the whole pipeline with only the listed rules on,
and compare the page text (blocks separated by blank lines, without indents).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from normalizer.config import Config
from normalizer.engine import RunContext, normalise_issue
from normalizer.model import Block, Issue, Page, Role
from normalizer.rules import get_rule
from normalizer.sourced import SourcedText

CASES = Path(__file__).parent / "cases"


def page_of_blocks(*texts: str) -> Page:
    """Page 1 whose raw text is ``texts`` separated by blank lines, one block
    each, every block carrying its real raw span (roles not yet read)."""
    raw = "\n\n".join(texts)
    page = Page(1, "<test>", "utf-8", raw)
    pos = 0
    for text in texts:
        page.blocks.append(Block(1, pos, pos + len(text), SourcedText.from_raw(raw, 1, pos, pos + len(text))))
        pos += len(text) + 2
    return page


def load_cases(name: str) -> list:
    """pytest params for every case in ``tests/cases/<name>.toml``."""
    with open(CASES / f"{name}.toml", "rb") as fh:
        data = tomllib.load(fh)
    params = []
    for case in data["case"]:
        marks = []
        if case.get("known_failure"):
            marks.append(pytest.mark.xfail(strict=True, reason=case["known_failure"]))
        params.append(pytest.param(case, id=case["label"], marks=marks))
    return params


def run_text_rule(rule_id: str, raw: str, role: str = "para", config: Config | None = None):
    """Run one text rule over one block; return (text, suggestions, changes)."""
    config = config or Config.load()
    rule = get_rule(rule_id)(config.options(rule_id))
    page = Page(1, "<case>", "utf-8", raw)
    block = Block(1, 0, len(raw), SourcedText.from_raw(raw, 1), role=Role(role))
    issue = Issue("case", [page])
    ctx = RunContext(issue, config)
    fixes = list(rule.fixes(block.text.text, block))
    if fixes:
        ctx.edit_block(rule, block, fixes)
    return block.text.text, ctx.suggestions, ctx.changes


def check_text_case(rule_id: str, case: dict) -> None:
    role = case.get("role", "para")
    text, suggestions, changes = run_text_rule(rule_id, case["raw"], role)
    assert text == case["fixed"]
    got = [[s.before, s.after] for s in suggestions]
    assert got == case.get("suggest", [])
    # idempotent: the rule finds nothing more to change in its own output
    again, _, more = run_text_rule(rule_id, text, role)
    assert again == text and not more
    # every change is explained with a raw span inside the input
    for change in changes:
        assert change.rule == rule_id
        assert 0 <= change.start <= change.end <= len(case["raw"])


def normalise_with(raw: str, rules: list[str], **config_kw) -> Issue:
    """Normalise ``raw`` (one page) with only ``rules`` enabled."""
    config = Config.load(**config_kw)
    for rid in config.rules:
        config.rules[rid]["enabled"] = rid in rules
    issue = Issue("case", [Page(1, "<case>", "utf-8", raw)])
    return normalise_issue(issue, config)


def plain_page_text(issue: Issue) -> str:
    return "\n\n".join(b.text.text for b in issue.pages[0].blocks)
