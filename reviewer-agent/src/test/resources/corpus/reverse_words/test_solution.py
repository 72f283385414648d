from solution import reverse_words


def test_reverses():
    assert reverse_words("one two three") == "three two one"


def test_collapses_spaces():
    assert reverse_words("  hello   world ") == "world hello"
