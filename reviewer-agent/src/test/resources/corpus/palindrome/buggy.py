def is_palindrome(text: str) -> bool:
    """True when text reads the same backwards, ignoring case and punctuation."""
    return text == text[::-1]
