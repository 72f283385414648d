def second_largest(numbers: list):
    """Second largest distinct value, None when there is none."""
    distinct = sorted(set(numbers), reverse=True)
    return distinct[1] if len(distinct) > 1 else None
