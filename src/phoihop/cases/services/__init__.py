"""Every write to cases, items and their reference data. Each service checks the permission
first, validates, writes one audit entry and runs inside one transaction."""

from .extensions import decide_extension, request_extension
from .groups import (
    create_group_task,
    create_working_group,
    record_press_orientation,
    record_topic_orientation,
    set_group_member,
    write_group_log,
)
from .intake import (
    EDITABLE_FIELDS,
    NewCase,
    merge_cases,
    next_number,
    record_item,
    split_item,
    update_case,
)
from .notes import add_topic, create_note, remove_topic, submit_note, take_up_topic
from .open311_keys import issue_open311_key, revoke_open311_key
from .people import (
    CitizenDetails,
    create_consent_text,
    read_contact,
    record_consent_text_change,
    withdraw_consent,
)
from .portal import PublicSubmission, submit_public_item
from .publication import PublicDraft, publish_case, redact_draft, unpublish_case
from .reference import (
    create_deadline_rule,
    create_retention_rule,
    create_routing_rule,
    end_routing_rule,
    record_deadline_rule_change,
    record_retention_rule_change,
    record_routing_rule_change,
)
from .requests import fulfil_data_request, record_data_request, refuse_data_request
from .workflow import (
    ParticipantSpec,
    answer_case,
    assign_case,
    close_case,
    reopen_case,
    verify_case,
)

__all__ = [
    "EDITABLE_FIELDS",
    "CitizenDetails",
    "NewCase",
    "ParticipantSpec",
    "PublicDraft",
    "PublicSubmission",
    "add_topic",
    "answer_case",
    "assign_case",
    "close_case",
    "create_consent_text",
    "create_deadline_rule",
    "create_group_task",
    "create_note",
    "create_retention_rule",
    "create_routing_rule",
    "create_working_group",
    "decide_extension",
    "end_routing_rule",
    "fulfil_data_request",
    "issue_open311_key",
    "merge_cases",
    "next_number",
    "publish_case",
    "read_contact",
    "record_consent_text_change",
    "record_data_request",
    "record_deadline_rule_change",
    "record_item",
    "record_press_orientation",
    "record_retention_rule_change",
    "record_routing_rule_change",
    "record_topic_orientation",
    "redact_draft",
    "refuse_data_request",
    "remove_topic",
    "reopen_case",
    "request_extension",
    "revoke_open311_key",
    "set_group_member",
    "split_item",
    "submit_note",
    "submit_public_item",
    "take_up_topic",
    "unpublish_case",
    "update_case",
    "verify_case",
    "withdraw_consent",
    "write_group_log",
]
