def median(numbers: list) -> float:
    """The middle value (mean of the two middle values for even lengths)."""
    ordered = sorted(numbers)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
