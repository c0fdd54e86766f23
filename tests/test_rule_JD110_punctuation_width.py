import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile import check_text_case, load_cases, run_text_rule

# mixed Chinese / ASCII text: Han, digits, Latin letters, ASCII and full-width
# punctuation, quotes, spaces, and ASCII that must stay (addresses, numbers, times)
MIXED = st.lists(
    st.sampled_from(
        list("工会职工今年初定西市江苏")
        + list("0123456789")
        + list("abcXYZ")
        + list(",.:;!?()\"'-/%&#@~,:;()")
        + list("，。：；！？（）、《》…—")
        + list("“”‘’「」『』")
        + [" ", "\n", "\u3000"]
        + ["http://www.workercn.cn", "a@b.cn", "&#8220;", "1,000", "9:30", "f(x)", "..."]
    ),
    max_size=40,
).map("".join)


@pytest.mark.parametrize("case", load_cases("JD110"))
def test_punctuation_width(case):
    check_text_case("JD110", case)


@settings(max_examples=400, deadline=None)
@given(MIXED)
def test_idempotent_on_mixed_text(raw):
    text, suggestions, changes = run_text_rule("JD110", raw)
    again, _, more = run_text_rule("JD110", text)
    assert again == text and not more
    for change in changes:
        assert change.after in "，：；！？（）"
        assert change.before.strip(" ") in ",:;!?()"
    for suggestion in suggestions:
        assert 0 <= suggestion.score <= 1 and suggestion.evidence


@pytest.mark.parametrize("text", ["1,000", "9:30", "比分3:2", "http://www.workercn.cn", "Hello, world"])
def test_ascii_that_belongs_stays_inside_chinese(text):
    raw = f"据悉{text}。"
    assert run_text_rule("JD110", raw)[0] == raw
