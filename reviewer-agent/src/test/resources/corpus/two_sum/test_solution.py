import pytest

from solution import two_sum


def test_pair():
    assert two_sum([2, 7, 11, 15], 9) == (0, 1)


def test_not_the_same_element_twice():
    assert two_sum([3, 2, 4], 6) == (1, 2)


def test_none():
    with pytest.raises(ValueError):
        two_sum([1, 2], 10)
