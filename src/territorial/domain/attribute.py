"""Entity attributes as rules read them: normalised text, or None when blank.

Codes (state, country) are trimmed and upper-cased at load, so " de " and "DE" are
the same country. ZIP codes keep five digits with their leading zeros. Every other
attribute is trimmed; an empty value is blank (None), and blank matches no
condition except `is_blank`.
"""

from __future__ import annotations

from collections.abc import Mapping

from territorial.domain.zipcode import normalise_zip

ZIP = "zip"
CODE_ATTRIBUTES = frozenset({"state", "country"})

Attributes = Mapping[str, str | None]


def normalise_attribute(name: str, raw: object) -> str | None:
    """Return the stored form of one attribute value; raise ValueError when it is invalid."""
    if raw is None:
        return None
    text = str(raw).strip()
    if not text:
        return None
    if name == ZIP:
        return normalise_zip(text)
    if name in CODE_ATTRIBUTES:
        return text.upper()
    return text


def normalise_attributes(raw: Mapping[str, object]) -> dict[str, str | None]:
    """Normalise every value of `raw`; the first invalid value raises ValueError naming it."""
    clean: dict[str, str | None] = {}
    for name, value in raw.items():
        try:
            clean[name] = normalise_attribute(name, value)
        except ValueError as error:
            raise ValueError(f"{name}: {error}") from None
    return clean
