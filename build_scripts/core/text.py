"""Small rules about text that several stages apply, each written once. Pure functions."""


def version_key(version: str) -> tuple[int, ...]:
    """A version X.Y.Z as numbers, so that 1.10.0 sorts after 1.9.0."""
    return tuple(int(part) for part in version.split("."))


def figure_anchor(table: str, figure_key: str) -> str:
    """A sourced figure's id on the sources page: 'key_figures', 'reported_expenditure' -> key-figures-reported-expenditure."""
    return f"{table}-{figure_key}".replace("_", "-")


def printable(text: str, limit: int | None = None) -> str:
    """Text as a message may print it: each character that is neither printable nor a space written as \\x..,
    \\u.... or \\U........, so it cannot act on a terminal (a line break in a file name cannot start a line of its
    own, a direction override cannot turn the line around); with a limit, at most that many characters and '…'."""
    import unicodedata

    short = text if limit is None or len(text) <= limit else text[:limit] + "…"
    return "".join(c if c.isprintable() or c == " " or unicodedata.category(c) == "Zs" else
                   f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}"
                   for c in short)


def shown_path(path) -> str:
    """A path given on the command line as a message prints it: whole, with its control characters visible."""
    return printable(str(path))
