def dedupe(items: list) -> list:
    """items without repeats, in first-seen order."""
    seen = set()
    kept = []
    for item in items:
        if item not in seen:
            seen.add(item)
            kept.append(item)
    return kept
