"""Phone numbers to E.164 with the `phonenumbers` library, however people write them."""

from __future__ import annotations

import re

import phonenumbers

_SWITCHBOARD = re.compile(r"[-\s/]0\s*$")


def normalise_number(raw: str | None, region: str = "DE") -> str | None:
    """E.164 (`+4961511234`) of a written number, or None when it is no valid number.

    `06151 123-45`, `+49 (0)6151 12345` and `0049 6151 12345` all give the same
    result; an odd number like `(5) 555-4729` gives None (kept as written, matches nothing).
    """
    if not raw or not raw.strip():
        return None
    text = raw.strip().replace("(0)", " ")
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def switchboard_prefix(raw: str | None, region: str = "DE") -> str | None:
    """For a main number written with a trailing `-0` (a switchboard), its E.164 without that 0.

    `+49 6151 1234-0` gives `+4961511234`: any number starting with it and adding a
    direct-dial extension (`+49 6151 1234-56`) belongs to the same organisation.
    """
    if not raw or not _SWITCHBOARD.search(raw):
        return None
    e164 = normalise_number(raw, region)
    if e164 is None or not e164.endswith("0"):
        return None
    return e164[:-1]


def candidate_prefixes(e164: str, shortest: int = 6) -> list[str]:
    """Every leading part of an E.164 number (longest first) that a switchboard prefix could be."""
    return [e164[:n] for n in range(len(e164) - 1, shortest - 1, -1)]
