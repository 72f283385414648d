def count_vowels(text: str) -> int:
    """How many vowels text has."""
    return sum(1 for c in text if c in "aeiou")
