"""Periodic reporting: indicators, report forms and reporting regimes (issue 16, items 2-3).

Submissions, values, reminders and roll-ups come in later stages and build on these."""

from .forms import FormItem, FormRule, FormSection, ReportForm, structure_problems
from .indicators import Comparison, Indicator
from .regimes import Calendar, Frequency, Regime, RegimeAssignment

__all__ = [
    "Calendar",
    "Comparison",
    "FormItem",
    "FormRule",
    "FormSection",
    "Frequency",
    "Indicator",
    "Regime",
    "RegimeAssignment",
    "ReportForm",
    "structure_problems",
]
