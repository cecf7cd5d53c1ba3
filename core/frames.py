"""The text dtype of Kundenakte's frames, named once instead of set as a global pandas option.

pandas 3 stores `str` columns in Arrow whenever pyarrow is installed (it is: the CSV reader parses
with it). Our frames ask for pandas' own storage explicitly, so they behave the same with or without
pyarrow and `isin` on ids stays a hash look-up (27x faster than Arrow's on 100k ids);
`etl.sources.tables` asks for Arrow where it pays.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: text as pandas' `str` dtype in Python storage (missing = NaN, as the default `str` dtype)
TEXT = pd.StringDtype("python", na_value=np.nan)

__all__ = ["TEXT"]
