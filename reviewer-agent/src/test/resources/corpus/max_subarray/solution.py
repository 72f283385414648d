def max_subarray(numbers: list) -> int:
    """Kadane's maximum sub-array sum."""
    best = current = numbers[0]
    for n in numbers[1:]:
        current = max(n, current + n)
        best = max(best, current)
    return best
