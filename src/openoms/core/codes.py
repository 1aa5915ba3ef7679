"""Reference codes generated from display names ("My Account" -> "MY-ACCOUNT")."""

import re
import unicodedata

MAX_CODE_LENGTH = 50


def code_from_name(name: str) -> str:
    """Upper-case ASCII letters and digits joined by single hyphens; "" when nothing is left."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[A-Za-z0-9]+", ascii_name)
    return "-".join(words).upper()[:MAX_CODE_LENGTH].strip("-")
