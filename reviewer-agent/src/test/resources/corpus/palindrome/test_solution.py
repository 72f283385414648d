from solution import is_palindrome


def test_simple():
    assert is_palindrome("level")
    assert not is_palindrome("levels")


def test_ignores_case_and_punctuation():
    assert is_palindrome("A man, a plan, a canal: Panama")


def test_empty():
    assert is_palindrome("")
