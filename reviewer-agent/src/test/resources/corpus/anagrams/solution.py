def are_anagrams(a: str, b: str) -> bool:
    """True when a and b have the same letters."""
    return sorted(a.lower()) == sorted(b.lower())
