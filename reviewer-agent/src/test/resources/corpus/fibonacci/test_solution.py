import pytest

from solution import fib


def test_start():
    assert fib(0) == 0
    assert fib(1) == 1


def test_tenth():
    assert fib(10) == 55


def test_negative_is_refused():
    with pytest.raises(ValueError):
        fib(-1)
