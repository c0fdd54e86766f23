import pytest

from casefile import check_text_case, load_cases


@pytest.mark.parametrize("case", load_cases("JD101"))
def test_stray_whitespace(case):
    check_text_case("JD101", case)
