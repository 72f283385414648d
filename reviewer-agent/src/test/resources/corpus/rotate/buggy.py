def rotate(items: list, k: int) -> list:
    """items moved k places to the right, wrapping."""
    if not items:
        return []
    return items[-k:] + items[:-k]
