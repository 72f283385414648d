def two_sum(numbers: list, target: int) -> tuple:
    """(i, j) with i < j and numbers[i] + numbers[j] == target."""
    for i, a in enumerate(numbers):
        for j, b in enumerate(numbers):
            if a + b == target:
                return (i, j)
    raise ValueError("no pair adds up to the target")
