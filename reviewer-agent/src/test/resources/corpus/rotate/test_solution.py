from solution import rotate


def test_rotate():
    assert rotate([1, 2, 3, 4], 1) == [4, 1, 2, 3]


def test_more_than_length():
    assert rotate([1, 2, 3], 4) == [3, 1, 2]


def test_empty():
    assert rotate([], 3) == []
