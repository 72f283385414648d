PAIRS = [(1000, "M"), (500, "D"), (100, "C"), (50, "L"), (10, "X"), (5, "V"), (1, "I")]


def int_to_roman(number: int) -> str:
    """The Roman numeral for number."""
    parts = []
    for value, letters in PAIRS:
        count, number = divmod(number, value)
        parts.append(letters * count)
    return "".join(parts)
