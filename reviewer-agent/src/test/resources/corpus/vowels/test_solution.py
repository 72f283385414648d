from solution import count_vowels


def test_lower():
    assert count_vowels("banana") == 3


def test_upper():
    assert count_vowels("AEIOU xyz") == 5
