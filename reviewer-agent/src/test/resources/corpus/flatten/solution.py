def flatten(items: list) -> list:
    """All non-list elements of items, depth first."""
    flat = []
    for item in items:
        if isinstance(item, list):
            flat.extend(flatten(item))
        else:
            flat.append(item)
    return flat
