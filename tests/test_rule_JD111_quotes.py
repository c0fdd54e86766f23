import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile import check_text_case, load_cases, run_text_rule

# mixed Chinese / ASCII text: Han, digits, Latin letters, ASCII and full-width
# punctuation, straight, curly and corner quotes, spaces
MIXED = st.lists(
    st.sampled_from(
        list("工会职工今年初定西市江苏")
        + list("0123456789")
        + list("abcXYZ")
        + list(",.:;!?()\"'\"'-/%&#@~")
        + list("，。：；！？（）、《》…—")
        + list("“”‘’「」『』")
        + [" ", "\n", "\u3000"]
        + ["http://www.workercn.cn", "5'30\"", "Xi'an", "&#8220;", "……"]
    ),
    max_size=40,
).map("".join)


@pytest.mark.parametrize("case", load_cases("JD111"))
def test_quotation_marks(case):
    check_text_case("JD111", case)


@settings(max_examples=400, deadline=None)
@given(MIXED)
def test_idempotent_on_mixed_text(raw):
    text, suggestions, changes = run_text_rule("JD111", raw)
    again, _, more = run_text_rule("JD111", text)
    assert again == text and not more
    for change in changes:
        assert change.after in "“”‘’"
        assert change.before in "\"'「」『』"
    for suggestion in suggestions:
        assert 0 <= suggestion.score <= 1 and suggestion.evidence
