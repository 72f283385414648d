def second_largest(numbers: list):
    """Second largest distinct value, None when there is none."""
    ordered = sorted(numbers, reverse=True)
    return ordered[1] if len(ordered) > 1 else None
