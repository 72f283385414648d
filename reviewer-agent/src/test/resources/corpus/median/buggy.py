def median(numbers: list) -> float:
    """The middle value (mean of the two middle values for even lengths)."""
    middle = len(numbers) // 2
    if len(numbers) % 2:
        return numbers[middle]
    return (numbers[middle - 1] + numbers[middle]) / 2
