def caesar(text: str, shift: int) -> str:
    """text with every letter moved shift places."""
    out = []
    for c in text:
        if c.isalpha() and c.isascii():
            out.append(chr(ord(c) + shift))
        else:
            out.append(c)
    return "".join(out)
