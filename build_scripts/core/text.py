"""Small rules about text that several stages apply, each written once. Pure functions."""


def version_key(version: str) -> tuple[int, ...]:
    """A version X.Y.Z as numbers, so that 1.10.0 sorts after 1.9.0."""
    return tuple(int(part) for part in version.split("."))


def figure_anchor(table: str, figure_key: str) -> str:
    """A sourced figure's id on the sources page: 'key_figures', 'reported_expenditure' -> key-figures-reported-expenditure."""
    return f"{table}-{figure_key}".replace("_", "-")
