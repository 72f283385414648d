def dedupe(items: list) -> list:
    """items without repeats, in first-seen order."""
    return sorted(set(items))
