from solution import second_largest


def test_simple():
    assert second_largest([1, 5, 3]) == 3


def test_duplicates_of_the_max():
    assert second_largest([5, 5, 4]) == 4


def test_none():
    assert second_largest([2, 2]) is None
