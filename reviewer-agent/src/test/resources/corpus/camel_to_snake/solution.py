import re


def camel_to_snake(name: str) -> str:
    """snake_case spelling of a camelCase name."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", spaced).lower()
