from solution import median


def test_sorted_odd():
    assert median([1, 2, 3]) == 2


def test_unsorted_even():
    assert median([4, 1, 3, 2]) == 2.5
