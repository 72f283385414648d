from solution import gcd


def test_coprime():
    assert gcd(17, 5) == 1


def test_common():
    assert gcd(84, 36) == 12


def test_zero():
    assert gcd(7, 0) == 7
