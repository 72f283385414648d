def two_sum(numbers: list, target: int) -> tuple:
    """(i, j) with i < j and numbers[i] + numbers[j] == target."""
    seen = {}
    for j, n in enumerate(numbers):
        if target - n in seen:
            return (seen[target - n], j)
        seen[n] = j
    raise ValueError("no pair adds up to the target")
