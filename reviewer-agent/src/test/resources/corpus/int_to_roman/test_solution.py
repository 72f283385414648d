from solution import int_to_roman


def test_simple():
    assert int_to_roman(3) == "III"
    assert int_to_roman(2023) == "MMXXIII"


def test_subtractive():
    assert int_to_roman(1994) == "MCMXCIV"
