from solution import balanced


def test_balanced():
    assert balanced("{[()()]}")


def test_wrong_order():
    assert not balanced("(]")


def test_unclosed():
    assert not balanced("((")
