"""Every write to cases, items and their reference data. Each service checks the permission
first, validates, writes one audit entry and runs inside one transaction."""

from .intake import NewCase, merge_cases, next_number, record_item, split_item, update_case
from .people import (
    CitizenDetails,
    create_consent_text,
    read_contact,
    record_consent_text_change,
    withdraw_consent,
)
from .reference import (
    create_routing_rule,
    end_routing_rule,
    record_routing_rule_change,
)
from .workflow import (
    ParticipantSpec,
    answer_case,
    assign_case,
    close_case,
    reopen_case,
    verify_case,
)

__all__ = [
    "CitizenDetails",
    "NewCase",
    "ParticipantSpec",
    "answer_case",
    "assign_case",
    "close_case",
    "create_consent_text",
    "create_routing_rule",
    "end_routing_rule",
    "merge_cases",
    "next_number",
    "read_contact",
    "record_consent_text_change",
    "record_item",
    "record_routing_rule_change",
    "reopen_case",
    "split_item",
    "update_case",
    "verify_case",
    "withdraw_consent",
]
