def chunk(items: list, size: int) -> list:
    """items in consecutive lists of size elements."""
    if size < 1:
        raise ValueError("size must be positive")
    return [items[i:i + size] for i in range(0, len(items) - size + 1, size)]
