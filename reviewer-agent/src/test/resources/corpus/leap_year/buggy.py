def is_leap(year: int) -> bool:
    """Gregorian leap-year rule."""
    return year % 4 == 0
