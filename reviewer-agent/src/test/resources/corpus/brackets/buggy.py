PAIRS = {")": "(", "]": "[", "}": "{"}


def balanced(text: str) -> bool:
    """True when every bracket is closed in the right order."""
    stack = []
    for c in text:
        if c in "([{":
            stack.append(c)
        elif c in PAIRS:
            if not stack or stack.pop() != PAIRS[c]:
                return False
    return True
