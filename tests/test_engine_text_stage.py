"""The engine's text stage: a page is searched once per rule with the rule's
trigger, and only the blocks where it finds something are asked for fixes.
That must give what asking every block gives."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from casefile import page_of_blocks
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalizer.config import Config
from normalizer.engine import PageText, RunContext, run_text_rule, run_text_rules
from normalizer.model import Issue, Page
from normalizer.rules import TextRule

ROOT = Path(__file__).parent.parent
CASES = ROOT / "tests" / "cases"


def text_rules(config: Config | None = None) -> list[TextRule]:
    config = config or Config.load(accept_above=0.0)
    return [r for r in config.active_rules() if isinstance(r, TextRule)]


def sample_texts() -> list[str]:
    """Every text-rule case and every block of the seeds, as printed and with
    ASCII punctuation (as some extractors write it)."""
    texts: list[str] = []
    for path in sorted(CASES.glob("JD*.toml")):
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        if not data.get("page"):
            texts.extend(case["raw"] for case in data["case"])
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            if block.strip():
                texts.append(block.strip())
                texts.append(block.strip().replace("，", ",").replace("：", ":").replace("“", '"').replace("”", '"'))
    return texts


def page_of(texts: list[str]) -> Page:
    return page_of_blocks(*texts)


def block_by_block(rules: list[TextRule], texts: list[str], config: Config):
    """Each block alone on a page of its own, every rule asked about it."""
    page = page_of(texts)
    issue = Issue("x", [page])
    ctx = RunContext(issue, config)
    for rule in rules:
        for block in page.blocks:
            fixes = list(rule.fixes(block.text.text, block))
            if fixes:
                ctx.edit_block(rule, block, fixes)
    return page, ctx


@pytest.mark.parametrize("rule", text_rules(), ids=lambda r: r.id)
def test_trigger_finds_every_block_with_fixes(rule):
    """A rule's trigger finds something in every text it has a fix for, alone
    and among other blocks on a page."""
    finder = rule.trigger()
    if finder is None:
        pytest.skip("no trigger: every block is asked")
    texts = sample_texts()
    with_fixes = [t for t in texts if list(rule.fixes(t, None))]
    assert with_fixes, "the samples exercise the rule"
    for text in with_fixes:
        assert finder.search(text) is not None, text
    page = page_of(texts)
    found = {id(b) for b in PageText(page).blocks_found(finder)}
    missed = [b.text.text for b in page.blocks if list(rule.fixes(b.text.text, b)) and id(b) not in found]
    assert missed == []


def test_page_at_once_is_block_by_block():
    """Running the rules over a page, each page searched once per rule, gives
    the texts, changes and suggestions of asking every block."""
    config = Config.load(accept_above=0.0)  # suggestions applied too
    texts = sample_texts()
    rules = text_rules(config)
    expected, ctx_expected = block_by_block(rules, texts, config)
    page = page_of(texts)
    ctx = RunContext(Issue("x", [page]), config)
    run_text_rules(rules, page, ctx)
    assert [b.text for b in page.blocks] == [b.text for b in expected.blocks]
    assert ctx.changes == ctx_expected.changes
    assert [s.as_dict() for s in ctx.suggestions] == [s.as_dict() for s in ctx_expected.suggestions]


def test_page_text_kept_until_a_block_changes():
    """The joined page text is built once, and again only after a rule changed
    a block."""
    page = page_of(["今年初,定西市", "工会"])
    text = PageText(page)
    first = text.text
    assert first == "今年初,定西市\n工会" and text.text is first
    rules = {r.id: r for r in text_rules()}
    ctx = RunContext(Issue("x", [page]), Config.load())
    run_text_rule(rules["JD102"], page, ctx, text)  # nothing to do
    assert text.text is first
    run_text_rule(rules["JD110"], page, ctx, text)
    assert text.text == "今年初，定西市\n工会"


def test_empty_page():
    page = Page(1, "<test>", "utf-8", "")
    ctx = RunContext(Issue("x", [page]), Config.load())
    run_text_rules(text_rules(), page, ctx)
    assert ctx.changes == []


def test_remembered_fixes_follow_the_options():
    """Fixes kept for a text are kept per set of options."""
    from normalizer.rules.duplicated_chars import DuplicatedCharacters

    text = "精准把握职工群众所需所盼所盼"
    default = DuplicatedCharacters().fixes(text)
    strict = DuplicatedCharacters({"score_other_run": 0.5}).fixes(text)
    assert default and strict
    assert default[0].score != strict[0].score
    assert DuplicatedCharacters().fixes(text) == default
    assert DuplicatedCharacters({"extra": ["a list"]}).fixes(text) == default  # options that cannot be a key


def test_remembered_fixes_are_bounded(monkeypatch):
    """At most ``_FOUND_MAX`` texts are kept, over every rule and option set."""
    from normalizer.rules import base
    from normalizer.rules.duplicated_chars import DuplicatedCharacters
    from normalizer.rules.punctuation_width import PunctuationWidth

    monkeypatch.setattr(base, "_FOUND_MAX", 3)
    monkeypatch.setattr(base, "_FOUND", {})
    monkeypatch.setattr(base, "_found_count", 0)
    rules = [PunctuationWidth(), DuplicatedCharacters(), DuplicatedCharacters({"score_other_run": 0.5})]
    for k in range(10):
        for rule in rules:
            assert rule.fixes(f"所盼所盼,第{k}条", None) == list(rule._find(f"所盼所盼,第{k}条"))
            assert sum(len(kept) for kept in base._FOUND.values()) <= 3


_ALPHABET = list(
    "人入己已巳未末土士日曰工会所盼必胜检修中心的一二"  # look-alikes, doubled runs
    "這們國髮乾"  # traditional and ambiguous characters
    "“”‘’\"'「」『』"  # quotation marks
    ",:;!?()（），。：、…．.·"  # punctuation and dots
    "Ａ１ab12 \u3000\t\u200b\n"  # full-width letters, Latin, spaces
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=24), min_size=1, max_size=4))
def test_trigger_contract_on_generated_text(texts):
    """For generated blocks: a block with a fix is found by the trigger, alone
    and on a page."""
    texts = [t for t in texts if t.strip()]
    if not texts:
        return
    page = page_of(texts)
    for rule in text_rules():
        finder = rule.trigger()
        if finder is None:
            continue
        found = {id(b) for b in PageText(page).blocks_found(finder)}
        for block in page.blocks:
            if list(rule.fixes(block.text.text, block)):
                assert finder.search(block.text.text) is not None, (rule.id, block.text.text)
                assert id(block) in found, (rule.id, block.text.text)
