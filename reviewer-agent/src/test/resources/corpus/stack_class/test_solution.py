import pytest

from solution import Stack


class TestStack:
    def test_lifo(self):
        stack = Stack()
        stack.push(1)
        stack.push(2)
        assert stack.pop() == 2
        assert len(stack) == 1

    def test_peek(self):
        stack = Stack()
        stack.push("a")
        assert stack.peek() == "a"
        assert len(stack) == 1

    def test_empty(self):
        with pytest.raises(IndexError):
            Stack().pop()
