from solution import roman_to_int


def test_additive():
    assert roman_to_int("XVI") == 16


def test_subtractive():
    assert roman_to_int("MCMXCIV") == 1994
