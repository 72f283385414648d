def sum_digits(n: int) -> int:
    """Sum of the digits of |n|."""
    return sum(int(d) for d in str(abs(n)))
