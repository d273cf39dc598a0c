"""Periodic reporting: indicators, report forms, reporting regimes (issue 16, items 2-3) and
the submissions with their values (item 4)."""

from .forms import FormItem, FormRule, FormSection, ReportForm, structure_problems
from .indicators import Comparison, Indicator
from .regimes import Calendar, Frequency, Regime, RegimeAssignment
from .rollups import (
    AreaSuccessionShare,
    CurrentRollup,
    CurrentStructure,
    Rollup,
    StructureLink,
)
from .submissions import Narrative, Submission, SubmissionAttachment, Value, ValueComment
from .targets import Target

__all__ = [
    "AreaSuccessionShare",
    "Calendar",
    "Comparison",
    "CurrentRollup",
    "CurrentStructure",
    "FormItem",
    "FormRule",
    "FormSection",
    "Frequency",
    "Indicator",
    "Narrative",
    "Regime",
    "RegimeAssignment",
    "ReportForm",
    "Rollup",
    "StructureLink",
    "Submission",
    "SubmissionAttachment",
    "Target",
    "Value",
    "ValueComment",
    "structure_problems",
]
