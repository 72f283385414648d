class Stack:
    """Last in, first out."""

    def __init__(self) -> None:
        self._items = []

    def push(self, item) -> None:
        """Put item on top."""
        self._items.append(item)

    def pop(self):
        """Remove and return the top item."""
        if not self._items:
            raise IndexError("pop from an empty stack")
        return self._items.pop(0)

    def peek(self):
        """The top item, left in place."""
        if not self._items:
            raise IndexError("peek at an empty stack")
        return self._items[-1]

    def __len__(self) -> int:
        return len(self._items)
