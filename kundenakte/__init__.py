"""Kundenakte: one customer record from the traces of all business modules."""

import pandas as _pd

# pandas stores text in Arrow arrays whenever pyarrow is installed (it is: the CSV reader parses with
# it). Kundenakte's frames keep pandas' own text storage instead, so they behave the same with or
# without pyarrow, and `isin` on ids stays a hash look-up (27x faster than Arrow's on 100k ids);
# etl.sources.tables asks for Arrow explicitly where it pays.
_pd.set_option("mode.string_storage", "python")

__version__ = "0.1.0"
