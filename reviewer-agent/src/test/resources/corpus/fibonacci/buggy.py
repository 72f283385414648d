def fib(n: int) -> int:
    """The n-th Fibonacci number."""
    if n < 0:
        raise ValueError("n must not be negative")
    a, b = 1, 1
    for _ in range(n):
        a, b = b, a + b
    return a
