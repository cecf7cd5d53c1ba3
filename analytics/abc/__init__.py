"""ABC classification per relationship (spec/analytics.md, "ABC classification")."""

from analytics.abc.classify import COLUMNS, class_limits, classification, cut, letter
from analytics.abc.explain import Explanation, MetricDocument, explain
from analytics.abc.movements import NO_LETTER, Movements, movements, transition
from analytics.abc.queries import (
    ModelQuery,
    classification_select,
    metric_select,
    model_of,
    model_query,
    tune_for_analytics,
)
from analytics.abc.warnings import AbcWarning, abc_warnings, downward_trends, high_shares, quarterly_revenue

__all__ = [
    "COLUMNS",
    "NO_LETTER",
    "AbcWarning",
    "Explanation",
    "MetricDocument",
    "ModelQuery",
    "Movements",
    "abc_warnings",
    "class_limits",
    "classification",
    "classification_select",
    "cut",
    "downward_trends",
    "explain",
    "high_shares",
    "letter",
    "metric_select",
    "model_of",
    "model_query",
    "movements",
    "quarterly_revenue",
    "transition",
    "tune_for_analytics",
]
