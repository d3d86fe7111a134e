"""US ZIP codes: five-digit strings, never numbers."""

from __future__ import annotations

import re

_ZIP = re.compile(r"^(\d{5})(?:-?\d{4})?$")
_WILDCARD = re.compile(r"[*?%_]")


def normalise_zip(text: str) -> str:
    """Return the five-digit ZIP code of `text`, accepting ZIP+4 (`02134-5678`).

    Raises ValueError with the reason when `text` is not a US ZIP code; four digits
    usually mean that a spreadsheet dropped a leading zero.
    """
    value = text.strip()
    match = _ZIP.match(value)
    if match:
        return match.group(1)
    if value.isdigit() and len(value) < 5:
        raise ValueError(
            "a US ZIP code has five digits; a leading zero may have been lost "
            f"(did you mean {value.zfill(5)!r}?)"
        )
    if value.isdigit():
        raise ValueError(
            f"a US ZIP code has five digits (optionally followed by -NNNN), so {len(value)} "
            "digits is not a ZIP code"
        )
    raise ValueError("a US ZIP code has five digits, optionally followed by -NNNN")


def check_zip_pattern(text: str) -> None:
    """Reject wildcards in a ZIP condition value, saying how to write what was meant."""
    if _WILDCARD.search(text):
        raise ValueError(
            "wildcards are not allowed in ZIP conditions; to match any ZIP leave the "
            "condition out, and to match a prefix use `prefix` (for example prefix: ['021'])"
        )
