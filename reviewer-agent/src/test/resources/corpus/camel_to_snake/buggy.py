def camel_to_snake(name: str) -> str:
    """snake_case spelling of a camelCase name."""
    return "".join("_" + c.lower() if c.isupper() else c for c in name)
