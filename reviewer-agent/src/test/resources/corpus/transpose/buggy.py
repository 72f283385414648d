def transpose(matrix: list) -> list:
    """Rows become columns."""
    if not matrix:
        return []
    return [[row[c] for row in matrix] for c in range(len(matrix))]
