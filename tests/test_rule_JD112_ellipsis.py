import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile import check_text_case, load_cases, run_text_rule

# mixed Chinese / ASCII text: Han, digits, Latin letters, ASCII and full-width
# punctuation, dots of every kind, quotes, spaces
MIXED = st.lists(
    st.sampled_from(
        list("工会职工今年初定西市江苏")
        + list("0123456789")
        + list("abcXYZ")
        + list(",.:;!?()\"'-/%&#@~...")
        + list("，。：；！？（）、《》…—⋯·．")
        + list("“”‘’「」『』")
        + [" ", "\n", "\u3000"]
        + ["http://www.workercn.cn/a...b", "...", "……", "。。。", ". . .", "…………"]
    ),
    max_size=40,
).map("".join)


@pytest.mark.parametrize("case", load_cases("JD112"))
def test_ellipsis(case):
    check_text_case("JD112", case)


@settings(max_examples=400, deadline=None)
@given(MIXED)
def test_idempotent_on_mixed_text(raw):
    text, suggestions, changes = run_text_rule("JD112", raw)
    again, _, more = run_text_rule("JD112", text)
    assert again == text and not more
    for change in changes:
        assert change.after in ("……", "…………")
        assert change.before.strip(" ") and not change.before.strip(" .。．·・…⋯")
    for suggestion in suggestions:
        assert 0 <= suggestion.score <= 1 and suggestion.evidence


def test_standard_ellipsis_is_never_changed():
    for text in ("……", "好……", "……好", "“好……”", "…………", "a……b"):
        assert run_text_rule("JD112", text)[0] == text
