import re

PART = re.compile(r"(\d+)([hms])")
SECONDS = {"h": 3600, "m": 60, "s": 1}


def parse_duration(text: str) -> int:
    """Seconds in a duration such as 1h30m."""
    return sum(int(n) * SECONDS[unit] for n, unit in PART.findall(text))
