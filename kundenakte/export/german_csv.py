"""The German CSV of a list: what Excel in a German locale opens as it is (`kundenakte export PATH.csv`, the lists'
CSV downloads).

`;` between fields, a decimal comma, no thousands separator, UTF-8 with a byte order mark (so Excel reads the
umlauts), dates as dd.mm.yyyy, yes/no as `ja`/`nein`, CRLF line ends, fields quoted only where they hold `;`,
quotes or line breaks. A text that a spreadsheet could take for a formula (it starts with = + - @, a tab, a
carriage return or NUL) gets a leading `'` (OWASP ASVS 1.2.10). The rows are written in blocks by pandas'
`to_csv`, each block converted column by column, so memory stays flat for any number of rows.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import IO, Any

import pandas as pd

from kundenakte.export.workbook import FORMULA_STARTS, Column

SEPARATOR = ";"
ENCODING = "utf-8-sig"
DATE_FORMAT = "%d.%m.%Y"
#: the rows converted and written at a time
BLOCK = 10_000
_NUMBERS = frozenset({"money", "score", "hours", "number", "percent"})


def _block(lines: list[Sequence[Any]], columns: Sequence[Column]) -> pd.DataFrame:
    """One block of rows as the frame `to_csv` writes: each column converted once, by its kind."""
    frame = pd.DataFrame(lines, columns=[c.header for c in columns], dtype=object)
    for col in columns:
        values = frame[col.header]
        if col.kind in _NUMBERS:
            frame[col.header] = pd.to_numeric(values).astype("float64")
        elif col.kind == "int":
            frame[col.header] = pd.to_numeric(values).astype("Int64")
        elif col.kind == "bool":
            frame[col.header] = values.map({True: "ja", False: "nein"}).astype("str")
        elif col.kind in ("date", "datetime"):
            frame[col.header] = pd.to_datetime(values).dt.strftime(DATE_FORMAT)
        else:
            texts = values.astype("str")
            hostile = texts.str.startswith(FORMULA_STARTS, na=False)
            frame[col.header] = texts.mask(hostile, "'" + texts)
    return frame


def write_csv(target: Path | IO[bytes], columns: Sequence[Column], rows: Iterable[Sequence[Any]], *,
              block: int = BLOCK) -> int:
    """Write the header and `rows` (one value per column, None empty) to `target`; returns the row count."""
    handle = open(target, "wb") if isinstance(target, Path) else target  # noqa: SIM115 (closed below)
    text = io.TextIOWrapper(handle, encoding=ENCODING, newline="")
    count = 0
    pending: Iterator[Sequence[Any]] = iter(rows)
    try:
        first = True
        while (lines := list(islice(pending, block))) or first:
            _block(lines, columns).to_csv(text, sep=SEPARATOR, decimal=",", float_format="%.2f", index=False,
                                          header=first, lineterminator="\r\n", na_rep="")
            first = False
            count += len(lines)
        text.flush()
    finally:
        text.detach()
        if isinstance(target, Path):
            handle.close()
    return count


__all__ = ["ENCODING", "SEPARATOR", "write_csv"]
