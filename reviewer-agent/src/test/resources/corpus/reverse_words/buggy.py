def reverse_words(sentence: str) -> str:
    """The words of sentence in reverse order, single-spaced."""
    return " ".join(reversed(sentence.split(" ")))
