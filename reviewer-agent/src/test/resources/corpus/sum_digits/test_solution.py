from solution import sum_digits


def test_positive():
    assert sum_digits(1234) == 10


def test_negative():
    assert sum_digits(-56) == 11
