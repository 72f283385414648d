def merge_sorted(a: list, b: list) -> list:
    """The elements of both sorted lists, sorted."""
    merged, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] <= b[j]:
            merged.append(a[i])
            i += 1
        else:
            merged.append(b[j])
            j += 1
    return merged
