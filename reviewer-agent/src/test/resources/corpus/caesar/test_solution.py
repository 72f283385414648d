from solution import caesar


def test_shift():
    assert caesar("abc", 1) == "bcd"


def test_wraps_and_keeps_case():
    assert caesar("Xyz!", 3) == "Abc!"
