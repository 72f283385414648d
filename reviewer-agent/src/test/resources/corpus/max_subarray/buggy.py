def max_subarray(numbers: list) -> int:
    """Kadane's maximum sub-array sum."""
    best = current = 0
    for n in numbers:
        current = max(0, current + n)
        best = max(best, current)
    return best
