def word_count(text: str) -> dict:
    """Occurrences of each lower-cased word."""
    counts = {}
    for word in text.lower().split():
        counts[word] = counts.get(word, 0) + 1
    return counts
