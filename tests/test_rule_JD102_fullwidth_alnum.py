import pytest

from casefile import check_text_case, load_cases


@pytest.mark.parametrize("case", load_cases("JD102"))
def test_fullwidth_alnum(case):
    check_text_case("JD102", case)
