from solution import merge_sorted


def test_interleaved():
    assert merge_sorted([1, 4, 6], [2, 3, 5]) == [1, 2, 3, 4, 5, 6]


def test_leftovers():
    assert merge_sorted([1, 2], [3, 4, 5]) == [1, 2, 3, 4, 5]
