def deep_merge(a: dict, b: dict) -> dict:
    """A new dict with b merged into a."""
    merged = dict(a)
    merged.update(b)
    return merged
