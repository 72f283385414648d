from solution import encode


def test_runs():
    assert encode("aaabcc") == "a3b1c2"


def test_single_trailing_letter():
    assert encode("aab") == "a2b1"


def test_empty():
    assert encode("") == ""
