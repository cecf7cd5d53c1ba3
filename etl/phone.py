"""Phone numbers to E.164 with the `phonenumbers` library, however people write them.

Large batches are parsed by helper processes as well (etl.helpers; `allow_helper_processes` is re-exported here).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import BrokenExecutor

import phonenumbers

from etl.helpers import allow_helper_processes, helper_pool

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


#: from this many numbers on, the other cores parse a share (phonenumbers is pure Python, ~40 us a number)
PARALLEL_FROM = 20_000


def _normalise_all(values: Sequence[str | None], region: str) -> list[str | None]:
    return [normalise_number(v, region) for v in values]


def normalise_numbers(values: Sequence[str | None], region: str = "DE", *,
                      parallel_from: int = PARALLEL_FROM) -> list[str | None]:
    """`normalise_number` of each value, the same results in the same order.

    A large batch (a contacts file) is split: this process parses one share while helper
    processes parse the others; during an import the server waits for these numbers anyway.
    """
    helpers = helper_pool() if len(values) >= parallel_from else None
    if helpers is None:
        return _normalise_all(values, region)
    pool, count = helpers
    size = -(-len(values) // (count + 1))
    shares = [list(values[i:i + size]) for i in range(0, len(values), size)]
    try:
        futures = [pool.submit(_normalise_all, share, region) for share in shares[1:]]
    except (BrokenExecutor, RuntimeError):  # helpers gone (e.g. at shutdown): parse here
        return _normalise_all(values, region)
    out = _normalise_all(shares[0], region)
    for share, future in zip(shares[1:], futures, strict=True):
        try:
            out += future.result()
        except BrokenExecutor:  # a helper could not start (no importable __main__): this share here
            out += _normalise_all(share, region)
    return out


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


__all__ = ["PARALLEL_FROM", "allow_helper_processes", "candidate_prefixes", "normalise_number", "normalise_numbers",
           "switchboard_prefix"]
